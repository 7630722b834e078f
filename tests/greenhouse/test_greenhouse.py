import io
import json

import pytest
from django.core.management import CommandError, call_command

from panelist.access.models import User
from panelist.greenhouse import services
from panelist.greenhouse.models import GreenhouseLink, LinkKind
from panelist.greenhouse.schema import DEFAULT_MAPPING_PATH, MappingError, load_mapping
from panelist.hiring.models import Application, Candidate
from panelist.interviews.models import Rating, Scorecard
from panelist.library.services import library_load_default
from tests import factories
from tests.demo_data import demo_data


def _record(**overrides) -> dict:
    record = {
        "id": 501,
        "candidate_id": 77,
        "application_id": 88,
        "interview": "Code Review",
        "interviewed_at": "2026-03-02T10:00:00Z",
        "submitted_at": "2026-03-02T15:00:00Z",
        "interviewer": {
            "id": 9,
            "first_name": "Kate",
            "last_name": "Austen",
            "name": "Kate Austen",
        },
        "overall_recommendation": "yes",
        "attributes": [
            {"name": "Coding", "type": "Skills", "rating": "strong_yes", "note": "Clean module."},
            {"name": "Code quality", "type": "Skills", "rating": "mixed", "note": "Few tests."},
            {"name": "Travel", "type": "Details", "rating": "yes", "note": "Can travel."},
        ],
        "questions": [{"id": None, "question": "Key Take-Aways", "answer": "Hire for the team."}],
    }
    record.update(overrides)
    return record


def _import(records, mapping=None):
    return services.import_scorecards(json.dumps(records), mapping or load_mapping())


def _snapshot():
    """What an import could change, to show that a refused one changed nothing."""
    return (
        Scorecard.objects.count(),
        Rating.objects.count(),
        Candidate.objects.count(),
        Application.objects.count(),
        User.objects.count(),
        GreenhouseLink.objects.count(),
    )


def test_the_shipped_mapping_names_questions_of_the_shipped_library(library):
    mapping = load_mapping()
    services._context(mapping)  # raises InvalidImport naming any unknown question or format
    assert mapping.ratings["mixed"] == 2 and mapping.recommendations["no_decision"] is None


def test_a_record_becomes_a_submitted_scorecard_with_what_was_not_mapped_kept(library):
    report = _import([_record()])
    card = Scorecard.objects.get()
    assert card.is_submitted and card.recommendation == "yes"
    card.assignment.refresh_from_db()
    assert card.assignment.submitted  # counted as written by the lists of what is open
    assert card.assignment.interview_format.key == "code-review"
    assert card.assignment.member.get_full_name() == "Kate Austen"
    ratings = {r.question.key: (r.value, r.evidence) for r in card.ratings.all()}
    assert ratings == {
        "unprompted-detail": (4, "Clean module."),
        "reuse-documentation": (2, "Few tests."),
    }
    assert "Key Take-Aways: Hire for the team." in card.summary
    assert "- Travel (Details): yes. Can travel." in card.summary
    assert report.unmapped == {"Travel": 1}
    assert report.created["scorecards"] == 1 and report.created["candidates"] == 1
    assert any("Attribute 'Travel'" in line for line in report.lines())


def test_importing_twice_creates_nothing_new(library):
    records = [_record(), _record(id=502, interviewer={"id": 10, "name": "Jack Shephard"})]
    _import(records)
    before = _snapshot()
    report = _import(records)
    assert _snapshot() == before
    assert report.created == {} or not any(report.created.values())
    first, second = Scorecard.objects.order_by("pk").values_list("pk", flat=True)
    assert [reason for _, _, reason in report.skipped] == [
        f"already imported as Panelist scorecard {first}",
        f"already imported as Panelist scorecard {second}",
    ]
    assert Application.objects.count() == 1  # both cards on the one linked application


def test_a_malformed_record_rejects_the_whole_file_naming_record_and_field(library):
    factories.write_scorecard(factories.AssignmentFactory(), submit=True)
    before = _snapshot()
    bad = _record(id=503, overall_recommendation="maybe")
    missing = _record(id=504)
    del missing["interviewer"]
    with pytest.raises(services.InvalidImport) as refused:
        _import([_record(), bad, missing])
    assert refused.value.problems[0].startswith("record 1, field overall_recommendation:")
    assert refused.value.problems[1] == "record 2, field interviewer: Field required"
    assert _snapshot() == before


def test_undecided_cards_are_skipped_and_unrated_attributes_are_not_observed(library):
    report = _import(
        [
            _record(id=505, overall_recommendation="no_decision"),
            _record(
                id=506,
                attributes=[{"name": "Coding", "type": "Skills", "rating": "no_decision"}],
            ),
        ]
    )
    assert report.skipped[0][:2] == (0, 505) and "maps to none" in report.skipped[0][2]
    rating = Rating.objects.get()
    assert rating.value is None and rating.not_observed


def test_a_broken_mapping_says_where(tmp_path, library):
    path = tmp_path / "mapping.yaml"
    path.write_text(DEFAULT_MAPPING_PATH.read_text().replace("mixed: 2", "mixed: 7"))
    with pytest.raises(MappingError, match="ratings: Value error, 'mixed' maps to 7"):
        load_mapping(path)
    with pytest.raises(CommandError, match="maps to 7"):
        call_command("import", "greenhouse", str(tmp_path / "x.json"), mapping=str(path))


def test_the_export_follows_the_blind_rule(process, people):
    theirs = factories.write_scorecard(process.other_assignment, submit=True)
    mapping = load_mapping()
    assert services.export_scorecards(people.member, mapping) == []
    own = factories.write_scorecard(process.assignment, submit=True)
    ids = {r["id"] for r in services.export_scorecards(people.member, mapping)}
    assert ids == {theirs.pk, own.pk}
    assert services.export_scorecards(people.recruiter, mapping) == []


def _content(card: Scorecard):
    return (
        card.recommendation,
        card.summary,
        sorted(
            (r.question.rubric.dimension.key, r.question.key, r.value, r.not_observed, r.evidence)
            for r in card.ratings.all()
        ),
    )


def test_round_trip_of_the_demo_through_harvest_json_into_an_empty_database(
    transactional_db, library, tmp_path
):
    """Outside a test transaction, so that the database can really be emptied (flushed)."""
    demo_data()
    path = tmp_path / "harvest.json"
    call_command("export", format="greenhouse", out=str(path), user="maya", stderr=io.StringIO())
    exported = {
        card.pk: _content(card)
        for card in Scorecard.objects.filter(status="submitted").prefetch_related(
            "ratings__question__rubric__dimension"
        )
    }
    assert len(json.loads(path.read_text())) == len(exported) > 100

    call_command("flush", interactive=False, verbosity=0)
    library_load_default()
    assert not Scorecard.objects.exists()
    out = io.StringIO()
    call_command("import", "greenhouse", str(path), stdout=out)
    assert f"{len(exported)} scorecards" in out.getvalue()

    imported = {}
    for link in GreenhouseLink.objects.filter(kind=LinkKind.SCORECARD):
        card = Scorecard.objects.prefetch_related("ratings__question__rubric__dimension").get(
            pk=link.object_id
        )
        imported[link.greenhouse_id] = _content(card)
    assert imported == exported


def test_the_opening_manager_must_be_a_hiring_manager(library, tmp_path):
    factories.UserFactory(username="rita", role="recruiter")
    path = tmp_path / "mapping.yaml"
    path.write_text(
        DEFAULT_MAPPING_PATH.read_text().replace(
            "hiring_manager: greenhouse-import", "hiring_manager: rita"
        )
    )
    with pytest.raises(services.InvalidImport, match="'rita' is not a hiring manager"):
        _import([_record()], load_mapping(path))
    assert not Scorecard.objects.exists()


def test_a_record_deleted_in_panelist_imports_afresh_and_usernames_never_clash(library):
    factories.UserFactory(username="greenhouse-9")  # someone already holds the name
    _import([_record()])
    interviewer = Scorecard.objects.get().assignment.member
    assert interviewer.username == "greenhouse-9-2"
    Scorecard.objects.all().delete()
    report = _import([_record()])
    assert report.created["scorecards"] == 1 and Scorecard.objects.count() == 1


def test_a_mapping_that_cannot_be_reversed_for_export_is_refused(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text(DEFAULT_MAPPING_PATH.read_text().replace('"yes": 3', '"yes": 4'))
    with pytest.raises(MappingError, match="none maps to 3"):
        load_mapping(path)
