"""The acceptance test of the write API: a script runs the whole loop with tokens alone:
open an opening, add candidates, assemble a committee, submit scorecards as each member,
recommend and decide."""

import uuid

from panelist.hiring.models import Application
from tests import factories

API = "/api/v1"
EVIDENCE = "Explained the trade-off between two designs and chose one, naming what it costs."


class Script:
    """A client that talks to the API with one person's token, as a script would."""

    def __init__(self, client, headers):
        self.client, self.headers = client, headers

    def send(self, method, path, body=None, expect=200, **headers):
        if method == "post":
            headers.setdefault("Idempotency-Key", str(uuid.uuid4()))
        response = getattr(self.client, method)(
            API + path,
            body,
            content_type="application/json",
            headers={**self.headers, **headers},
        )
        assert response.status_code == expect, (method, path, response.content)
        return response.json() if response.content else None


def test_a_script_runs_the_whole_loop_through_the_api(client, people, bearer, library):
    team = factories.TeamFactory()
    manager = Script(client, bearer(people.manager))
    recruiter = Script(client, bearer(people.recruiter))
    members = {
        people.member.pk: Script(client, bearer(people.member)),
        people.other_member.pk: Script(client, bearer(people.other_member)),
    }

    opening = manager.send(
        "post",
        "/openings",
        {"title": "Data Scientist", "team": team.slug, "target_level": "ds"},
        expect=201,
    )
    candidates = [
        recruiter.send("post", "/candidates", {"name": name, "email": email}, expect=201)
        for name, email in [
            ("Ada Lovelace", "ada@example.org"),
            ("Emmy Noether", "emmy@example.org"),
        ]
    ]
    applications = [
        recruiter.send(
            "post", "/applications", {"candidate": c["id"], "opening": opening["id"]}, expect=201
        )
        for c in candidates
    ]
    chosen = applications[0]

    plan = [
        (people.member.pk, "code-review", ["coding"]),
        (people.other_member.pk, "behavioural-story", ["people"]),
    ]
    assignments = [
        manager.send(
            "post",
            "/assignments",
            {
                "application": chosen["id"],
                "member": member,
                "interview_format": interview_format,
                "dimensions": dimensions,
                "scheduled_at": "2026-12-07T10:00:00Z",
                "mode": "remote",
                "location": "https://meet.example.org/panel",
                "feedback_due": "2026-12-08T10:00:00Z",
            },
            expect=201,
        )
        for member, interview_format, dimensions in plan
    ]
    moved = manager.send(
        "patch",
        f"/assignments/{assignments[0]['id']}",
        {"scheduled_at": "2026-12-07T14:00:00Z"},
        **{"If-Match": f'"{assignments[0]["version"]}"'},
    )
    assert moved["scheduled_at"].startswith("2026-12-07T14:00")

    library_read = manager.send("get", "/library")
    for assignment in assignments:
        member = members[assignment["member"]["id"]]
        card = member.send("post", f"/assignments/{assignment['id']}/scorecard")
        questions = [
            q["id"]
            for rubric in library_read["rubrics"]
            if rubric["dimension"] in assignment["dimensions"]
            for q in rubric["questions"]
            if assignment["interview_format"] in q["formats"]
        ]
        assert questions
        card = member.send(
            "patch",
            f"/scorecards/{card['id']}",
            {
                "version": card["version"],
                "ratings": [{"question": q, "value": 3, "evidence": EVIDENCE} for q in questions],
                "recommendation": "yes",
                "summary": "Clear and careful.",
            },
        )
        member.send("post", f"/scorecards/{card['id']}/submit", {"version": card["version"]})

    manager.send(
        "put",
        f"/applications/{chosen['id']}/committee-recommendation",
        {"recommendation": "yes", "notes": "Both members saw enough."},
    )
    manager.send(
        "post",
        f"/applications/{chosen['id']}/decision",
        {
            "outcome": "hire",
            "level": "ds",
            "rationale": "Strong on both dimensions we assessed.",
            # two dimensions assessed of six: the evidence supports no level yet, so hiring
            # at one is confirmed explicitly, as on the decision page
            "confirm_above_supported_level": True,
        },
        expect=201,
    )
    assert Application.objects.get(pk=chosen["id"]).stage == "decided"
    withdrawn = recruiter.send(
        "post",
        f"/applications/{applications[1]['id']}/stage",
        {"stage": "withdrawn"},
        **{"If-Match": '"1"'},
    )
    assert withdrawn["stage"] == "withdrawn"
