"""A target whose interviewer spread the data cannot separate from the noise, end to end: the
moment fit clips it to zero; the stored run still gives every leniency an interval of real
width, says why, and the page and the API show those intervals and no false label."""

import pytest
from django.urls import reverse

from panelist.access.models import Role
from panelist.calibration import services, stats
from panelist.calibration.models import OVERALL, CandidateScore, Fit, Leniency, Method
from panelist.calibration.templatetags.calibration import signed_interval
from panelist.interviews.models import Recommendation
from tests import factories

TRUTH = [2, 3, 2, 3, 2, 3, 3, 2, 3, 2, 3, 2]
# Interview noise (no leniency at all) that makes the moment estimate of the interviewers'
# variance come out below zero; found by search, checked by the first test.
NOISE = [
    [1, 0, 0], [-1, -1, -1], [-1, -1, -1], [1, 0, 1], [0, 0, 1], [1, 0, 0],
    [0, 1, -1], [1, 1, -1], [0, 1, 0], [-1, 1, 1], [1, -1, -1], [1, -1, 0],
]  # fmt: skip
RATERS = ["ana", "ben", "cem", "dia"]


def _ratings():
    for number, truth in enumerate(TRUTH):
        for offset in range(3):
            rater = RATERS[(number + offset) % len(RATERS)]
            yield number, rater, min(4, max(1, truth + NOISE[number][offset]))


def test_the_moment_fit_clips_the_interviewers_spread_on_these_ratings():
    candidate, rater, value = zip(*_ratings(), strict=True)
    assert stats.fit_crossed(candidate, rater, value).components_clipped == ["rater"]


@pytest.fixture
def clipped_history(library, people):
    raters = {name: factories.UserFactory(username=name, role=Role.INTERVIEWER) for name in RATERS}
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    applications = [factories.ApplicationFactory(opening=opening) for _ in TRUTH]
    for number, name, value in _ratings():
        factories.write_scorecard(
            factories.AssignmentFactory(
                application=applications[number], member=raters[name], dimensions=["coding"]
            ),
            value=value,
            recommendation=Recommendation.YES if value >= 3 else Recommendation.NO,
            submit=True,
        )
    return raters


def test_the_stored_run_gives_honest_intervals_and_says_why(clipped_history):
    run = services.calibration_run()
    coding = run.fits.get(target="coding")
    assert coding.fitted and coding.method == Method.POSTERIOR
    assert "cannot separate the interviewers' spread from the noise" in coding.reason
    assert coding.var_rater > 0
    leniencies = list(Leniency.objects.filter(fit=coding))
    assert len(leniencies) == len(RATERS)
    for item in leniencies:
        assert item.high - item.low > 0.1, item
        assert item.low < item.leniency < item.high
        assert item.reading == "not distinguishable from average"
    scores = list(CandidateScore.objects.filter(fit=coding))
    assert len(scores) == len(TRUTH)
    assert all(s.high - s.low > 0.1 for s in scores)


def test_the_page_and_the_api_show_those_intervals(client, clipped_history, people, bearer):
    services.calibration_run()
    coding = {
        item.interviewer_id: item
        for item in Leniency.objects.filter(fit__target="coding").select_related("interviewer")
    }
    client.force_login(people.manager)
    page = client.get(reverse("calibration-interviewers")).content.decode()
    for item in coding.values():
        assert signed_interval(item) in page
    answer = client.get("/api/v1/calibration/interviewers", headers=bearer(people.manager))
    assert answer.status_code == 200
    rows = [row for row in answer.json()["items"] if row["interviewer"]["id"] in coding]
    assert len(rows) == len(RATERS)
    for row in rows:
        name = row["interviewer"]["id"]
        (entry,) = [e for e in row["leniency"] if e["target"] == "coding"]
        assert entry["high"] - entry["low"] > 0.1
        assert entry["low"] == pytest.approx(coding[name].low)
        assert entry["reading"] == "not distinguishable from average"


def test_a_leniency_reads_as_one_plain_sentence():
    overall = Fit(
        target=OVERALL, label="Overall", fitted=True, n_ratings=0, n_candidates=0, n_raters=0
    )
    above = Leniency(fit=overall, leniency=0.42, low=0.12, high=0.72, se=0.18, n_ratings=23)
    assert above.plain_reading == (
        "rates about 0.4 points above the average interviewer, give or take 0.3, over 23 candidates"
    )
    below = Leniency(fit=overall, leniency=-1.04, low=-1.5, high=-0.6, se=0.3, n_ratings=9)
    assert below.plain_reading.startswith("rates about 1.0 point below the average interviewer")
    level = Leniency(fit=overall, leniency=0.01, low=-0.3, high=0.3, se=0.2, n_ratings=5)
    assert level.plain_reading.startswith("rates about the same as the average interviewer")


@pytest.mark.parametrize("icc_a1, expected", [(0.5, 4), (0.8, 1), (0.2, 16), (0.0, None)])
def test_the_panel_size_for_a_reliability_of_point_eight_follows_spearman_brown(icc_a1, expected):
    fit = Fit(fitted=True, icc_a1=icc_a1, n_ratings=0, n_candidates=0, n_raters=0)
    assert fit.interviewers_for(0.8) == expected


def test_the_page_draws_every_leniency_sorted_with_its_interval(client, clipped_history, people):
    services.calibration_run()
    client.force_login(people.manager)
    page = client.get(reverse("calibration-interviewers")).content.decode()
    chart = page[page.index("<svg") : page.index("</svg>")]
    overall = Leniency.objects.filter(fit__target=OVERALL).select_related("interviewer")
    names = [item.interviewer.display_name for item in overall.order_by("leniency")]
    assert len(names) == len(RATERS)
    positions = [chart.index(f">{name}</text>") for name in names]
    assert positions == sorted(positions)
    assert "Interviewers for 0.8" in page
    assert "In plain words" in page
