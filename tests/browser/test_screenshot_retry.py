"""A capture Chromium refuses once is asked for again (tests/browser/conftest.py); nothing
else is retried."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error

from tests.browser.conftest import REFUSED_CAPTURE, retrying_a_refused_capture


class _Page:
    def __init__(self, refusals: list[str]):
        self.refusals = refusals
        self.asked = 0
        self.waited = 0

    def wait_for_timeout(self, ms):
        self.waited += ms


def _capture(page, **kwargs):
    page.asked += 1
    if page.refusals:
        raise Error(page.refusals.pop(0))
    return b"png"


def test_a_refused_capture_is_taken_on_the_second_ask():
    page = _Page([f"Protocol error (Page.captureScreenshot): {REFUSED_CAPTURE}"])
    assert retrying_a_refused_capture(_capture)(page, full_page=True) == b"png"
    assert (page.asked, page.waited) == (2, 250)


def test_a_second_refusal_fails_the_test():
    page = _Page([REFUSED_CAPTURE, REFUSED_CAPTURE])
    with pytest.raises(Error, match=REFUSED_CAPTURE):
        retrying_a_refused_capture(_capture)(page)
    assert page.asked == 2


def test_any_other_error_is_not_retried():
    page = _Page(["Target page, context or browser has been closed"])
    with pytest.raises(Error, match="closed"):
        retrying_a_refused_capture(_capture)(page)
    assert page.asked == 1
