import numpy as np
import pytest

from panelist.calibration import services
from panelist.calibration.models import OVERALL, CalibrationRun, CandidateScore, Fit, Leniency
from panelist.interviews.models import Rating, Recommendation
from tests import factories
from tests.calibration.conftest import TRUTH


def test_one_observation_per_interviewer_and_application_from_their_ratings(process):
    factories.write_scorecard(process.assignment, value=2, submit=True)
    card = factories.write_scorecard(
        process.other_assignment, value=4, recommendation=Recommendation.STRONG_YES, submit=True
    )
    data, scorecards = services.observations()
    assert scorecards == 2
    assert set(data) == {"coding", "people", OVERALL}
    assert data["coding"].score.tolist() == [2.0]
    assert data["people"].score.tolist() == [4.0]
    assert data["people"].interviewer.tolist() == [card.assignment.member_id]
    assert sorted(data[OVERALL].score.tolist()) == [3.0, 4.0]  # yes, strong yes


def test_a_candidate_enters_only_once_the_whole_committee_has_submitted(process):
    factories.write_scorecard(process.assignment, value=2, submit=True)
    factories.write_scorecard(process.other_assignment, value=4)  # still a draft
    assert services.observations() == ({}, 0)
    run = services.calibration_run()
    reason = run.fits.get(target="coding").reason
    assert reason.startswith("No candidate's committee has finished: 1 submitted scorecard waits")


def test_questions_marked_not_observed_are_left_out(process):
    card = factories.write_scorecard(process.assignment, value=2, submit=True)
    factories.write_scorecard(process.other_assignment, value=4, submit=True)
    ratings = list(card.ratings.order_by("pk"))
    Rating.objects.filter(pk=ratings[0].pk).update(value=None, not_observed=True)
    Rating.objects.filter(pk=ratings[1].pk).update(value=4)
    data, _ = services.observations()
    expected = (4 + 2 * (len(ratings) - 2)) / (len(ratings) - 1)
    assert data["coding"].score.tolist() == [pytest.approx(expected)]


def test_two_scorecards_of_one_member_on_one_dimension_count_once_as_their_mean(process):
    application = factories.ApplicationFactory(opening=process.opening)
    member = process.assignment.member
    for format_key, value in (("seminar", 2), ("teach-me", 4)):
        factories.write_scorecard(
            factories.AssignmentFactory(
                application=application,
                member=member,
                dimensions=["science"],
                format_key=format_key,
            ),
            value=value,
            recommendation=Recommendation.NO if value == 2 else Recommendation.STRONG_YES,
            submit=True,
        )
    data, scorecards = services.observations()
    assert scorecards == 2
    assert data["science"].score.tolist() == [3.0]  # the mean of the two scorecards' means
    assert data[OVERALL].score.tolist() == [3.0]  # no (2) and strong yes (4), averaged


def test_a_database_with_one_scorecard_stores_every_target_unfitted_with_the_reason(library):
    factories.write_scorecard(factories.AssignmentFactory(dimensions=["coding"]), submit=True)
    run = services.calibration_run()
    fits = {fit.target: fit for fit in run.fits.all()}
    assert set(fits) == {"people", "communication", "science", "coding", "modeling", OVERALL}
    assert not any(fit.fitted for fit in fits.values())
    assert "1 rating; a fit needs 10 or more" in fits["coding"].reason
    assert "one interviewer" in fits["coding"].reason
    assert fits["people"].reason == "No submitted ratings yet."
    assert not CandidateScore.objects.exists() and not Leniency.objects.exists()


def test_leniency_is_found_and_removed_from_the_calibrated_scores(rated_history):
    _, applications, _ = rated_history
    run = services.calibration_run()
    coding = run.fits.get(target="coding")
    assert coding.fitted, coding.reason
    assert (coding.n_ratings, coding.n_candidates, coding.n_raters) == (36, 12, 4)
    leniency = {
        item.interviewer.username: item.leniency
        for item in Leniency.objects.filter(fit=coding).select_related("interviewer")
    }
    assert leniency["lenient"] > leniency["middle"] > leniency["severe"]
    assert leniency["lenient"] > 0 > leniency["severe"]
    scores = {s.application_id: s for s in CandidateScore.objects.filter(fit=coding)}
    # candidates of equal truth drew different interviewers: calibration narrows the spread

    for level in (2, 3):
        same = [scores[a.pk] for a, t in zip(applications, TRUTH, strict=True) if t == level]
        raw_spread = np.ptp([s.raw_mean for s in same])
        calibrated_spread = np.ptp([s.score for s in same])
        assert calibrated_spread < raw_spread
    assert all(s.low < s.score < s.high for s in scores.values())


def test_only_the_latest_runs_are_kept(process):
    runs = [services.calibration_run() for _ in range(services.KEEP_RUNS + 2)]
    kept = list(CalibrationRun.objects.values_list("pk", flat=True))
    assert kept == [run.pk for run in reversed(runs)][: services.KEEP_RUNS]
    assert Fit.objects.filter(run_id=runs[0].pk).count() == 0


def test_only_admins_start_a_run_from_the_app(process, people):
    from panelist.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.calibration_run(actor=people.manager)
    assert services.calibration_run(actor=people.admin).started_by == people.admin
