"""A meeting link is a link wherever the interview is shown; anything that is not an http(s)
address (a room, a ``javascript:`` text) stays plain, escaped text."""

import pytest
from django.urls import reverse

from panelist.core.templatetags.links import web_link

LINK = "https://meet.example.org/panel-lena?pwd=a&b=1"
HOSTILE = 'javascript:alert("x")'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            LINK,
            f'<a class="web-link" href="{LINK.replace("&", "&amp;")}" rel="noopener noreferrer">',
        ),
        ("http://meet.example.org/x", '<a class="web-link" href="http://meet.example.org/x"'),
        ("Room 4.12", "Room 4.12"),
        (HOSTILE, HOSTILE),
        ("ftp://files.example.org/x", "ftp://files.example.org/x"),
        ("https://", "https://"),
        ("", ""),
        (None, ""),
    ],
)
def test_only_web_addresses_become_links(text, expected):
    assert web_link(text).startswith(expected)


def _pages(process):
    assignment = process.assignment
    return {
        "kit": reverse("interview-kit", args=[assignment.pk]),
        "application": reverse("application-detail", args=[assignment.application_id]),
        "committee": reverse("committee", args=[assignment.application_id]),
        "home": reverse("home"),
    }


def test_the_meeting_link_is_a_link_on_kit_application_committee_and_home(client, process, people):
    process.assignment.location = LINK
    process.assignment.mode = "remote"
    process.assignment.save()
    href = f'href="{LINK.replace("&", "&amp;")}"'
    for name, url in _pages(process).items():
        client.force_login(people.manager if name == "committee" else people.member)
        page = client.get(url).content.decode()
        assert href in page, name


def test_a_room_or_a_script_address_stays_plain_text(client, process, people):
    process.assignment.location = HOSTILE
    process.assignment.save()
    for name, url in _pages(process).items():
        client.force_login(people.manager if name == "committee" else people.member)
        page = client.get(url).content.decode()
        assert "javascript:alert(&quot;x&quot;)" in page, name
        assert 'href="javascript' not in page, name
