from __future__ import annotations

import os

import pytest

CHROMIUM = os.environ.get("PANELIST_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium reaches for Google's services, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Chromium now and then refuses one capture ("Unable to capture screenshot") and takes the
# same picture when asked again a moment later: a browser hiccup, not a finding of the test.
REFUSED_CAPTURE = "Unable to capture screenshot"


def retrying_a_refused_capture(original):
    """``Page.screenshot`` asking once more, a quarter of a second later, when Chromium refused
    the capture; any other error, or a second refusal, is raised."""
    from playwright.sync_api import Error

    def screenshot(self, *args, **kwargs):
        try:
            return original(self, *args, **kwargs)
        except Error as error:
            if REFUSED_CAPTURE not in error.message:
                raise
            self.wait_for_timeout(250)
            return original(self, *args, **kwargs)

    return screenshot


@pytest.fixture(scope="session", autouse=True)
def _screenshots_retry_a_refused_capture():
    from playwright.sync_api import Page

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Page, "screenshot", retrying_a_refused_capture(Page.screenshot))
        yield


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `make test`, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
