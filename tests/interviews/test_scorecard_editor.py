"""The scorecard editor's identity: issued per page load, never in conflict with itself, and
a save based on another editor's older version replaces nothing unless its author chooses."""

import re

import pytest
from django.urls import reverse

from panelist.core.errors import StaleVersion
from panelist.interviews import services
from panelist.interviews.models import Scorecard
from tests.factories import EVIDENCE, write_scorecard


def _first_question(assignment):
    return services.questions_for(assignment).first()


def _save(people, scorecard, *, expected, text, editor=""):
    question = _first_question(scorecard.assignment)
    return services.scorecard_save(
        actor=people.member,
        scorecard=scorecard,
        expected_version=expected,
        editor_token=editor,
        ratings={question.pk: services.RatingInput(3, text)},
    )


def _evidence(scorecard):
    return scorecard.ratings.get(question=_first_question(scorecard.assignment)).evidence


def test_an_editor_that_made_the_latest_version_is_never_in_conflict_with_itself(process, people):
    scorecard = write_scorecard(process.assignment)
    opened = scorecard.version
    page = services.editor_token(process.assignment)
    _save(people, scorecard, expected=opened, text="First autosave.", editor=page)
    # The answer to that save was lost: the page still names the version it opened.
    _save(people, scorecard, expected=opened, text="Submit right after typing.", editor=page)
    assert _evidence(scorecard) == "Submit right after typing."


def test_another_editor_on_an_older_version_is_refused_until_it_names_the_newer_one(
    process, people
):
    scorecard = write_scorecard(process.assignment)
    opened = scorecard.version
    one = services.editor_token(process.assignment)
    two = services.editor_token(process.assignment)
    _save(people, scorecard, expected=opened, text="Saved in page one.", editor=one)
    with pytest.raises(StaleVersion) as conflict:
        _save(people, scorecard, expected=opened, text="Stale, from page two.", editor=two)
    assert _evidence(scorecard) == "Saved in page one."
    # Its author has now seen the newer version and chooses to replace it.
    _save(
        people,
        scorecard,
        expected=conflict.value.current_version,
        text="Page two, after seeing both.",
        editor=two,
    )
    assert _evidence(scorecard) == "Page two, after seeing both."
    # Page one is now the stale one.
    with pytest.raises(StaleVersion):
        _save(people, scorecard, expected=opened + 1, text="Page one again.", editor=one)


@pytest.mark.parametrize("kind", ["forged", "other assignment"])
def test_a_forged_or_foreign_editor_token_names_no_editor(process, people, kind):
    scorecard = write_scorecard(process.assignment)
    opened = scorecard.version
    page = services.editor_token(process.assignment)
    _save(people, scorecard, expected=opened, text="Saved by the page.", editor=page)
    claimed = page[:-2] + "xx" if kind == "forged" else ""
    if kind == "other assignment":
        # The same random editor id, signed for another assignment, is another editor.
        claimed = services.editor_token(process.other_assignment)
    with pytest.raises(StaleVersion):
        _save(people, scorecard, expected=opened, text="Claims the page's saves.", editor=claimed)
    assert _evidence(scorecard) == "Saved by the page."


def _page_form(assignment, *, version, editor, text):
    data = {"version": version, "editor": editor, "flag-rows": "0", "recommendation": "yes"}
    for question in services.questions_for(assignment):
        data[f"rating-{question.pk}"] = "3"
        data[f"evidence-{question.pk}"] = EVIDENCE
    data[f"evidence-{_first_question(assignment).pk}"] = text
    return data


def _hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" (?:id="[^"]*" )?value="([^"]*)"', page).group(1)


def test_each_page_load_gets_its_own_editor_and_is_never_cached(client, process, people):
    client.force_login(people.member)
    url = reverse("scorecard-edit", args=[process.assignment.pk])
    first, second = client.get(url), client.get(url)
    assert _hidden(first.content.decode(), "editor") != _hidden(second.content.decode(), "editor")
    assert "no-store" in first["Cache-Control"]


def test_a_stale_page_gets_both_texts_and_replaces_only_when_its_author_chooses(
    client, process, people
):
    client.force_login(people.member)
    url = reverse("scorecard-edit", args=[process.assignment.pk])
    stale_page = client.get(url).content.decode()
    stale_editor, stale_version = _hidden(stale_page, "editor"), _hidden(stale_page, "version")
    other_page = client.get(url).content.decode()
    saved = client.post(
        url,
        _page_form(
            process.assignment,
            version=_hidden(other_page, "version"),
            editor=_hidden(other_page, "editor"),
            text="Saved in the other tab.",
        ),
    )
    assert saved.status_code == 302
    scorecard = Scorecard.objects.get(assignment=process.assignment)

    mine = _page_form(
        process.assignment, version=stale_version, editor=stale_editor, text="Typed here."
    )
    refused = client.post(url, mine)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Saved in the other tab." in page and "Typed here." in page
    assert "Keep mine, replace the saved version" in page
    assert f'name="replace" value="{scorecard.version}"' in page
    # The re-rendered page is still the same editor on the version it saw.
    assert _hidden(page, "version") == stale_version
    assert _hidden(page, "editor") == stale_editor
    again = client.post(url, {**mine, "version": _hidden(page, "version")})
    assert again.status_code == 409
    assert _evidence(scorecard) == "Saved in the other tab."

    replaced = client.post(url, {**mine, "replace": str(scorecard.version)})
    assert replaced.status_code == 302
    assert _evidence(scorecard) == "Typed here."
