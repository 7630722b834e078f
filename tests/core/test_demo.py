"""`panelist demo` creates a walkable process once and keeps it on later runs."""

import io

from django.core.management import call_command

from panelist.access.models import User
from panelist.hiring.models import Application
from panelist.interviews.models import Scorecard


def _counts():
    return (User.objects.count(), Application.objects.count(), Scorecard.objects.count())


def test_demo_is_idempotent_and_prints_logins(library):
    out = io.StringIO()
    call_command("demo", force=True, stdout=out)
    first = _counts()
    assert first == (7, 4 + 18, 11 + 18 * 6)  # the live opening, then the past one
    assert "password for all: panelist-demo" in out.getvalue()
    Scorecard.objects.filter(assignment__member__username="omar").update(summary="kept")

    again = io.StringIO()
    call_command("demo", force=True, stdout=again)
    assert _counts() == first
    assert "already present" in again.getvalue()
    assert Scorecard.objects.filter(summary="kept").exists()


def test_demo_shows_the_blind_rule(library):
    call_command("demo", force=True, stdout=io.StringIO())
    from panelist.access.permissions import scorecards_visible_to

    omar = User.objects.get(username="omar")  # draft only: still blind
    ian = User.objects.get(username="ian")  # submitted: sees the others' submitted cards
    assert list(
        scorecards_visible_to(omar)
        .filter(assignment__application__candidate__name="Lena Brandt")
        .values_list("assignment__member__username", flat=True)
    ) == ["omar"]
    assert set(
        scorecards_visible_to(ian)
        .filter(assignment__application__candidate__name="Lena Brandt")
        .values_list("assignment__member__username", flat=True)
    ) == {"ian", "ines"}


def test_demo_refuses_without_debug_unless_forced(library, settings):
    settings.DEBUG = False
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="published password"):
        call_command("demo", stdout=io.StringIO())
    assert not User.objects.filter(username="admin").exists()


def test_demo_shows_each_decision_support_feature(library):
    from panelist.decisions.rules import Band, Coaching
    from panelist.decisions.selectors import decision_support

    call_command("demo", force=True, stdout=io.StringIO())
    maya = User.objects.get(username="maya")

    def support(name):
        application = Application.objects.get(candidate__name=name)
        return decision_support(maya, application)

    tomas, amara = support("Tomás Reyes"), support("Amara Osei")
    assert tomas.match.band == Band.NO_HEADROOM
    assert [g.shortfall.dimension for g in tomas.gaps if g.willingness == Coaching.WILL_NOT] == [
        "modeling"
    ]
    assert amara.match.band == Band.MAJORITY_PLUS_POTENTIAL
    assert amara.complement.enhancers == ["Mechanistic (ODE) modeling"]
    assert "Probabilistic modeling" in amara.complement.covers_single_points
    assert amara.fit.supported.key == "senior-ds"
    assert "Probabilistic modeling" in amara.coverage.single_points


def test_calibrate_on_the_demo_prints_a_summary_and_finds_the_planted_leniency(library):
    import json

    from panelist.calibration.models import OVERALL, Leniency

    call_command("demo", force=True, stdout=io.StringIO())
    out = io.StringIO()
    call_command("calibrate", stdout=out)  # every target fitted: no CommandError
    table = out.getvalue()
    assert "Calibration run" in table and "ICC(A,1)" in table
    for label in ("People skills", "Coding", "Modeling", "Overall recommendation"):
        assert label in table
    assert "not fitted" not in table
    readings = {
        item.interviewer.username: item.reading
        for item in Leniency.objects.filter(fit__target=OVERALL).select_related("interviewer")
    }
    assert readings["ian"] == "lenient" and readings["omar"] == "severe"

    as_json = io.StringIO()
    call_command("calibrate", json=True, stdout=as_json)
    fits = json.loads(as_json.getvalue())["fits"]
    assert [f["target"] for f in fits][-1] == OVERALL
    assert all(f["fitted"] and 0 < f["icc_a1"] < 1 for f in fits)
