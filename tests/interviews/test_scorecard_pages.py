"""Bad input on the scorecard pages: each gets a clear message and nothing saved is lost."""

from django.urls import reverse

from panelist.interviews import services
from panelist.interviews.models import Scorecard, ScorecardStatus
from tests.factories import EVIDENCE, write_scorecard


def _form(assignment, scorecard, **overrides):
    """The POST a browser sends for this scorecard, every question rated 3 with evidence."""
    data = {
        "version": scorecard.version if scorecard else 0,
        "editor": services.editor_token(assignment),
        "flag-rows": "1",
        "recommendation": "yes",
    }
    for question in services.questions_for(assignment):
        data[f"rating-{question.pk}"] = "3"
        data[f"evidence-{question.pk}"] = EVIDENCE
    data.update(overrides)
    return data


def _first_question(assignment):
    return services.questions_for(assignment).first()


def test_submitting_with_empty_evidence_on_a_rated_question_is_refused_and_kept(
    client, process, people
):
    client.force_login(people.member)
    question = _first_question(process.assignment)
    response = client.post(
        reverse("scorecard-submit", args=[process.assignment.pk]),
        _form(process.assignment, None, **{f"evidence-{question.pk}": ""}),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "characters of evidence" in page
    assert "Your draft is saved" in page
    scorecard = Scorecard.objects.get(assignment=process.assignment)
    assert scorecard.status == ScorecardStatus.DRAFT
    assert scorecard.ratings.exclude(question=question).filter(evidence=EVIDENCE).exists()


def test_rating_off_the_scale_is_refused_and_the_typed_text_shown_back(client, process, people):
    saved = write_scorecard(process.assignment)
    question = _first_question(process.assignment)
    client.force_login(people.member)
    response = client.post(
        reverse("scorecard-edit", args=[process.assignment.pk]),
        _form(
            process.assignment,
            saved,
            **{f"rating-{question.pk}": "7", f"evidence-{question.pk}": "Newly typed text."},
        ),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Choose a rating from 1 to 4" in page
    assert "Newly typed text." in page
    assert saved.ratings.get(question=question).evidence == EVIDENCE


def test_posting_to_another_members_assignment_is_404_and_changes_nothing(client, process, people):
    theirs = write_scorecard(process.other_assignment)
    client.force_login(people.member)
    for name in ("scorecard-edit", "scorecard-submit"):
        response = client.post(
            reverse(name, args=[process.other_assignment.pk]),
            _form(process.other_assignment, theirs),
        )
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ScorecardStatus.DRAFT
    assert theirs.version == 2
    assert (
        client.get(reverse("interview-kit", args=[process.other_assignment.pk])).status_code == 404
    )
    amend = client.post(reverse("scorecard-amend", args=[theirs.pk]), {"text": "Mine now."})
    assert amend.status_code == 404


def test_stale_version_answers_409_with_both_texts(client, process, people):
    saved = write_scorecard(process.assignment)
    question = _first_question(process.assignment)
    stale = saved.version
    services.scorecard_save(
        actor=people.member,
        scorecard=saved,
        expected_version=stale,
        ratings={question.pk: services.RatingInput(2, "Saved from the other tab.")},
    )
    client.force_login(people.member)
    response = client.post(
        reverse("scorecard-edit", args=[process.assignment.pk]),
        _form(
            process.assignment,
            saved,
            version=stale,
            **{f"evidence-{question.pk}": "Typed in this tab."},
        ),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed elsewhere" in page
    assert "Saved from the other tab." in page
    assert "Typed in this tab." in page
    assert saved.ratings.get(question=question).evidence == "Saved from the other tab."


def test_autosave_answers_with_a_status_fragment_and_the_new_version(client, process, people):
    client.force_login(people.member)
    response = client.post(
        reverse("scorecard-edit", args=[process.assignment.pk]),
        _form(process.assignment, None),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft saved at" in page
    scorecard = Scorecard.objects.get(assignment=process.assignment)
    assert f'id="scorecard-version" value="{scorecard.version}"' in page
    assert 'hx-swap-oob="true"' in page


def test_submitted_scorecard_redirects_to_its_read_only_page_and_takes_amendments(
    client, process, people
):
    scorecard = write_scorecard(process.assignment, submit=True)
    client.force_login(people.member)
    response = client.get(reverse("scorecard-edit", args=[process.assignment.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("scorecard-detail", args=[scorecard.pk])
    client.post(reverse("scorecard-amend", args=[scorecard.pk]), {"text": "Rating 2 was a 3."})
    assert scorecard.amendments.get().text == "Rating 2 was a 3."
    scorecard.refresh_from_db()
    assert scorecard.status == ScorecardStatus.SUBMITTED


def test_flag_and_signal_are_saved_with_the_draft(client, process, people):
    question = _first_question(process.assignment)
    trait_id = __import__("panelist.library.models", fromlist=["Trait"]).Trait.objects.first().pk
    client.force_login(people.member)
    client.post(
        reverse("scorecard-edit", args=[process.assignment.pk]),
        _form(
            process.assignment,
            None,
            **{
                "flag-0-severity": "red",
                "flag-0-question": str(question.pk),
                "flag-0-evidence": "Dismissed every suggestion in the review.",
                "flag-0-cultural": "on",
                "flag-0-cultural-note": "Directness norms differ.",
                f"signal-{trait_id}": "shown",
                f"signal-evidence-{trait_id}": "Asked sharp questions.",
            },
        ),
    )
    scorecard = Scorecard.objects.get(assignment=process.assignment)
    flag = scorecard.flags.get()
    assert (flag.severity, flag.rating.question_id, flag.possible_cultural_difference) == (
        "red",
        question.pk,
        True,
    )
    assert scorecard.signals.get().evidence == "Asked sharp questions."


def test_incomplete_flag_is_pending_while_the_rest_saves(client, process, people):
    client.force_login(people.member)
    response = client.post(
        reverse("scorecard-edit", args=[process.assignment.pk]),
        _form(process.assignment, None, **{"flag-0-evidence": "Interrupted twice."}),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Choose orange or red" in response.content.decode()
    scorecard = Scorecard.objects.get(assignment=process.assignment)
    assert scorecard.ratings.count() == services.questions_for(process.assignment).count()
    assert not scorecard.flags.exists()
    submit = client.post(
        reverse("scorecard-submit", args=[process.assignment.pk]),
        _form(process.assignment, scorecard, **{"flag-0-evidence": "Interrupted twice."}),
    )
    assert submit.status_code == 422
    assert "Interrupted twice." in submit.content.decode()
    scorecard.refresh_from_db()
    assert scorecard.status == ScorecardStatus.DRAFT


def test_clearing_evidence_of_an_unrated_question_removes_it(client, process, people):
    question = _first_question(process.assignment)
    client.force_login(people.member)
    client.post(
        reverse("scorecard-edit", args=[process.assignment.pk]),
        {"version": 0, "flag-rows": "0", f"evidence-{question.pk}": "A first note."},
    )
    scorecard = Scorecard.objects.get(assignment=process.assignment)
    assert scorecard.ratings.get().evidence == "A first note."
    client.post(
        reverse("scorecard-edit", args=[process.assignment.pk]),
        {"version": scorecard.version, "flag-rows": "0", f"evidence-{question.pk}": ""},
    )
    assert not scorecard.ratings.exists()


def test_autosave_conflict_does_not_move_the_form_to_the_new_version(client, process, people):
    saved = write_scorecard(process.assignment)
    stale = saved.version
    services.scorecard_save(
        actor=people.member, scorecard=saved, expected_version=stale, summary="other tab"
    )
    client.force_login(people.member)
    response = client.post(
        reverse("scorecard-edit", args=[process.assignment.pk]),
        _form(process.assignment, saved, version=stale),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert 'id="scorecard-version"' not in response.content.decode()
