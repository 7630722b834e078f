"""Template comments never reach the page: Django's ``{# #}`` ends at the line's end."""

import re
from pathlib import Path

from django.urls import reverse

import panelist
from panelist.interviews.services import questions_for
from tests.factories import EVIDENCE, write_scorecard

TEMPLATES = Path(panelist.__file__).parent / "templates"


def test_no_template_opens_a_comment_it_does_not_close_on_the_same_line():
    unclosed = []
    for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            rest = line
            while "{#" in rest:
                rest = rest[rest.index("{#") + 2 :]
                if "#}" not in rest:
                    unclosed.append(f"{path.relative_to(TEMPLATES)}:{number}")
                    break
                rest = rest[rest.index("#}") + 2 :]
    assert unclosed == [], "multi-line {# #} shows on the page; use {% comment %}: " + ", ".join(
        unclosed
    )


def _assert_no_comment_markers(html: str, where: str) -> None:
    assert "{#" not in html and "#}" not in html, f"a template comment leaked on {where}"


def test_the_loops_pages_show_no_template_comment(client, process, people):
    """Every page of the loop, as the role that uses it, after an autosave too."""
    questions = list(questions_for(process.assignment))
    client.force_login(people.member)
    edit = reverse("scorecard-edit", args=[process.assignment.pk])
    form = client.get(edit)
    _assert_no_comment_markers(form.content.decode(), "the scorecard form")
    data = {"version": 0, "flag-rows": "0", "recommendation": "yes"}
    for question in questions:
        data[f"rating-{question.pk}"] = "3"
        data[f"evidence-{question.pk}"] = EVIDENCE
    autosave = client.post(edit, data, headers={"HX-Request": "true"})
    assert autosave.status_code == 200
    _assert_no_comment_markers(autosave.content.decode(), "the autosave's answer")
    _assert_no_comment_markers(client.get(edit).content.decode(), "the form after an autosave")
    kit = client.get(reverse("interview-kit", args=[process.assignment.pk]))
    _assert_no_comment_markers(kit.content.decode(), "the interview kit")

    mine = write_scorecard(process.other_assignment, submit=True)
    client.force_login(people.manager)
    for name, args in (
        ("home", []),
        ("opening-detail", [process.opening.pk]),
        ("application-detail", [process.application.pk]),
        ("debrief", [process.application.pk]),
        ("scorecard-detail", [mine.pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        _assert_no_comment_markers(response.content.decode(), name)
    client.force_login(people.member)
    _assert_no_comment_markers(client.get(reverse("home")).content.decode(), "interviewer home")


def test_every_page_title_is_plain_text():
    """The title block fills <title>, which shows its content as written: no markup there."""
    title = re.compile(r"{% block title %}(.*?){% endblock", re.DOTALL)
    marked_up = [
        f"{path.relative_to(TEMPLATES)}: {found[:60]!r}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for found in title.findall(path.read_text())
        if "<" in found or "\n" in found
    ]
    assert marked_up == []
