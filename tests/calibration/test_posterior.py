"""The sampler's intervals against known truth at a team's size, and its refusals.

Coverage is measured over 500 simulated data sets per design (the fast designs; the others
are in ``bench/coverage.py``): the share of nominal 90 % intervals holding the truth must lie
within 85-95 % for candidate scores and for leniencies alike.
"""

import numpy as np
import pytest

from panelist.calibration import stats
from panelist.calibration.posterior import sample_crossed
from panelist.calibration.simulation import Design, simulate

DATA_SETS = 500


def _coverage(design: Design, seed: int) -> tuple[float, float]:
    sim = simulate(design, DATA_SETS, seed=seed)
    fit = sample_crossed(
        sim.ci,
        sim.ri,
        sim.ratings,
        n_candidates=design.candidates,
        n_raters=design.raters,
        seed=seed,
    )
    scores = np.mean((sim.score >= fit.score_low) & (sim.score <= fit.score_high))
    leniencies = np.mean((sim.leniency >= fit.leniency_low) & (sim.leniency <= fit.leniency_high))
    return float(scores), float(leniencies)


@pytest.mark.parametrize(
    "design",
    [
        Design(18, 5, 2, "rotating", "continuous"),  # the demo's shape: pairs from a rota
        Design(18, 5, 2, "rotating", "ordinal"),
        Design(20, 8, 3, "unequal", "ordinal"),
    ],
    ids=lambda d: d.label,
)
def test_ninety_percent_intervals_cover_85_to_95_percent_at_a_teams_size(design):
    scores, leniencies = _coverage(design, seed=17)
    assert 0.85 <= scores <= 0.95, f"candidate scores covered {scores:.1%}"
    assert 0.85 <= leniencies <= 0.95, f"leniencies covered {leniencies:.1%}"


def test_the_plug_in_intervals_fall_short_on_the_same_design():
    """Why the sampler exists: on the demo's shape the plug-in standard errors cover less
    (and a clipped component gives intervals of no width)."""
    design = Design(18, 5, 2)
    sim = simulate(design, 200, seed=17)
    covered = []
    for ratings, truth in zip(sim.ratings, sim.leniency, strict=True):
        fit = stats.fit_crossed(sim.ci, sim.ri, ratings, scale=None)
        leniency = fit.leniency - fit.leniency.mean()
        covered.append(np.mean(np.abs(leniency - truth) <= 1.645 * fit.leniency_se))
    assert np.mean(covered) < 0.85


def test_no_interval_has_zero_width_when_the_data_show_no_leniency():
    """Interviewers with no leniency at all: the moment estimate of their variance comes out at
    or below zero and the plug-in leniencies are exactly zero with no width; the sampler still
    says how unsure it is, and no interval excludes zero by accident of precision."""
    design = Design(18, 5, 2, sd_rater=0.0)
    sim = simulate(design, 40, seed=3)
    clipped = [
        i
        for i, ratings in enumerate(sim.ratings)
        if "rater" in stats.fit_crossed(sim.ci, sim.ri, ratings, scale=None).components_clipped
    ]
    assert clipped, "the design should give some fits with the rater variance clipped"
    fit = sample_crossed(sim.ci, sim.ri, sim.ratings[clipped], seed=3)
    assert np.all(fit.leniency_high - fit.leniency_low > 0.05)
    assert np.all(fit.score_high - fit.score_low > 0.05)
    assert np.mean((fit.leniency_low > 0) | (fit.leniency_high < 0)) < 0.1


def test_the_same_seed_gives_the_same_intervals():
    sim = simulate(Design(20, 5, 2), 1, seed=5)
    first = sample_crossed(sim.ci, sim.ri, sim.ratings[0], seed=9)
    again = sample_crossed(sim.ci, sim.ri, sim.ratings[0], seed=9)
    assert np.array_equal(first.score_low, again.score_low)
    assert np.array_equal(first.leniency_high, again.leniency_high)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"Y": [1.0, 2.0]}, "differ in length"),
        ({"level": 1.5}, "level lies between 0 and 1"),
        ({"draws": 3}, "ten draws"),
    ],
)
def test_bad_input_is_refused_clearly(kwargs, message):
    arguments = {"ci": [0, 0, 1, 1], "ri": [0, 1, 0, 1], "Y": [1.0, 2.0, 3.0, 4.0]}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        sample_crossed(arguments.pop("ci"), arguments.pop("ri"), arguments.pop("Y"), **arguments)


def test_the_sampler_and_the_simulations_import_no_django():
    import subprocess
    import sys

    code = (
        "import sys, panelist.calibration.posterior, panelist.calibration.simulation; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
