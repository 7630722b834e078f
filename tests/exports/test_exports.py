import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from panelist.decisions.services import committee_recommend
from panelist.exports.services import neutralise, opening_export, to_csv
from panelist.hiring.models import Candidate
from tests import factories


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("Ada = great", "Ada = great"),
        (-0.5, -0.5),
        (3, 3),
    ],
)
def test_text_cells_that_start_a_formula_are_neutralised(cell, expected):
    assert neutralise(cell) == expected


def test_the_csv_neutralises_a_hostile_candidate_name(client, process, people):
    Candidate.objects.filter(pk=process.application.candidate_id).update(
        name='=HYPERLINK("http://evil.example","Click")', email="@evil.example"
    )
    client.force_login(people.manager)
    response = client.get(reverse("export-opening-csv", args=[process.opening.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="panelist-opening-')
    row = _rows(response.getvalue().decode())[0]
    assert row["candidate"].startswith("'=HYPERLINK")
    assert row["email"] == "'@evil.example"


def test_the_export_follows_the_readers_permissions(process, people):
    factories.write_scorecard(process.assignment, value=2, submit=True)
    factories.write_scorecard(process.other_assignment, value=4, submit=True)
    committee_recommend(actor=people.manager, application=process.application, recommendation="yes")
    by_manager = opening_export(people.manager, process.opening)["applications"][0]
    assert by_manager["scores"]["coding"]["mean"] == 2.0
    assert by_manager["scores"]["people"]["mean"] == 4.0
    assert (by_manager["go"], by_manager["committee_recommendation"]) == (2, "yes")

    by_recruiter = opening_export(people.recruiter, process.opening)["applications"][0]
    assert all(score["mean"] is None for score in by_recruiter["scores"].values())
    assert by_recruiter["go"] is None  # by default recruiters see no go/no-go, not even 0

    factories.AssignmentFactory(  # the outsider joins the committee, nothing submitted yet
        application=process.application,
        member=people.outsider,
        format_key="seminar",
        dimensions=["science"],
    )
    by_blind = opening_export(people.outsider, process.opening)["applications"][0]
    assert by_blind["committee_recommendation"] is None
    assert all(score["mean"] is None for score in by_blind["scores"].values())


def test_someone_outside_the_opening_gets_404_on_every_channel(client, process, people, bearer):
    client.force_login(people.other_manager)
    for name in ("export-opening-csv", "export-opening-json"):
        assert client.get(reverse(name, args=[process.opening.pk])).status_code == 404
    api = client.get(
        f"/api/v1/openings/{process.opening.pk}/export", headers=bearer(people.other_manager)
    )
    assert api.status_code == 404
    with pytest.raises(CommandError, match="cannot see it"):
        call_command("export", format="csv", opening=process.opening.pk, out="-", user="manager2")


def test_the_command_writes_csv_and_json_that_match_the_api(
    client, process, people, bearer, tmp_path
):
    factories.write_scorecard(process.assignment, value=3, submit=True)
    csv_path, json_path = tmp_path / "out.csv", tmp_path / "out.json"
    err = io.StringIO()
    call_command(
        "export",
        format="csv",
        opening=process.opening.pk,
        out=str(csv_path),
        user="manager",
        stderr=err,
    )
    assert "Wrote 1 application(s)" in err.getvalue()
    assert _rows(csv_path.read_text())[0]["coding_mean"] == "3.0"
    call_command(
        "export", format="json", opening=process.opening.pk, out=str(json_path), user="manager"
    )
    from_file = json.loads(json_path.read_text())
    from_api = json.loads(
        client.get(
            f"/api/v1/openings/{process.opening.pk}/export", headers=bearer(people.manager)
        ).getvalue()
    )
    assert from_file == from_api
    assert to_csv(from_file) == csv_path.read_bytes().decode()


def test_the_command_refuses_an_unknown_user_or_folder(process, tmp_path):
    with pytest.raises(CommandError, match="No active user 'nobody'"):
        call_command("export", format="csv", opening=process.opening.pk, out="-", user="nobody")
    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "export",
            format="csv",
            opening=process.opening.pk,
            out=str(tmp_path / "missing" / "x.csv"),
            user="manager",
        )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("access", "go", "coding_mean"),
    [("none", None, None), ("recommendations", 2, None), ("everything", 2, 2.0)],
)
def test_a_recruiters_export_holds_what_the_organisation_grants(
    process, people, access, go, coding_mean
):
    from panelist.access.models import OrganisationSettings

    settings = OrganisationSettings.current()
    settings.recruiter_access = access
    settings.save()
    factories.write_scorecard(process.assignment, value=2, submit=True)
    factories.write_scorecard(process.other_assignment, value=4, submit=True)
    by_recruiter = opening_export(people.recruiter, process.opening)["applications"][0]
    assert (by_recruiter["go"], by_recruiter["no_go"]) == (go, 0 if go is not None else None)
    assert by_recruiter["scores"]["coding"]["mean"] == coding_mean
    by_manager = opening_export(people.manager, process.opening)["applications"][0]
    assert (by_manager["go"], by_manager["scores"]["coding"]["mean"]) == (2, 2.0)
    row = _rows(to_csv(opening_export(people.recruiter, process.opening)))[0]
    assert row["go"] == ("" if go is None else str(go))


def test_a_blind_members_export_has_no_partial_scores_or_counts(process, people):
    factories.write_scorecard(process.other_assignment, value=4, submit=True)
    factories.write_scorecard(process.assignment, value=2)  # the member's own draft
    record = opening_export(people.member, process.opening)["applications"][0]
    assert (record["go"], record["no_go"]) == (None, None)
    assert record["scores"]["people"] == {"mean": None, "ratings": None, "calibrated": None}
