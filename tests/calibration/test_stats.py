"""The calibration statistics against known truth (simulation) and published examples."""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st
from scipy.sparse.linalg import spsolve

from panelist.calibration import (
    DisconnectedDesign,
    design_problems,
    fit_crossed,
    icc,
    krippendorff_alpha,
    krippendorff_alpha_long,
)

TRUTH = {"candidate": 0.6, "rater": 0.3, "residual": 0.5}


def simulate(design: str, n_ratings: int, seed: int = 7):
    """Ratings with known effects, four raters per candidate. Designs: balanced (raters drawn
    uniformly), unequal (rater workloads differ up to tenfold: log-normal weights), teams
    (eight teams of raters; a candidate meets three raters of one team and, one time in five,
    a fourth from another team, which keeps the design connected)."""
    rng = np.random.default_rng(seed)
    per = 4
    n_candidates = n_ratings // per
    n_raters = max(40, n_candidates // 12)
    teams = 8
    if design == "teams":
        home = np.arange(n_candidates) % teams
        size = n_raters // teams
        picks = np.stack([rng.choice(size, 3, replace=False) for _ in range(64)])
        local = picks[rng.integers(64, size=n_candidates)] * teams + home[:, None]
        crossing = rng.random(n_candidates) < 0.2
        other = (home + 1 + rng.integers(teams - 1, size=n_candidates)) % teams
        fourth = np.where(
            crossing,
            rng.integers(size, size=n_candidates) * teams + other,
            (picks[rng.integers(64, size=n_candidates), 0] * teams + home),
        )
        chosen = np.column_stack([local, fourth])
    else:
        weights = np.ones(n_raters) if design == "balanced" else rng.lognormal(0, 0.75, n_raters)
        chosen = rng.choice(n_raters, size=(n_candidates, per), p=weights / weights.sum())
    while True:  # redraw rows where a rater appears twice for one candidate
        ordered = np.sort(chosen, axis=1)
        repeated = np.flatnonzero((ordered[:, 1:] == ordered[:, :-1]).any(axis=1))
        if not len(repeated):
            break
        chosen[repeated] = chosen[repeated][:, rng.permutation(per)]
        chosen[repeated, 0] = rng.integers(n_raters, size=len(repeated))
    r = chosen.ravel()
    c = np.repeat(np.arange(n_candidates), per)
    a = rng.normal(0, np.sqrt(TRUTH["candidate"]), n_candidates)
    b = rng.normal(0, np.sqrt(TRUTH["rater"]), n_raters)
    y = 2.5 + a[c] + b[r] + rng.normal(0, np.sqrt(TRUTH["residual"]), len(c))
    return c, r, y, a, b


@pytest.mark.parametrize("design", ["balanced", "unequal", "teams"])
def test_leniency_correlates_with_truth_at_20000_ratings(design):
    c, r, y, _a, b = simulate(design, 20_000)
    fit = fit_crossed(c, r, y, scale=None)
    assert fit.converged
    seen = np.isin(np.arange(len(b)), fit.raters)
    assert np.corrcoef(fit.leniency, b[seen][np.argsort(np.flatnonzero(seen))])[0, 1] >= 0.95


def test_variance_components_within_5_percent_at_a_million_ratings():
    c, r, y, _, _ = simulate("balanced", 1_000_000, seed=11)
    components = fit_crossed(c, r, y, scale=None).components
    assert components.candidate == pytest.approx(TRUTH["candidate"], rel=0.05)
    assert components.rater == pytest.approx(TRUTH["rater"], rel=0.05)
    assert components.residual == pytest.approx(TRUTH["residual"], rel=0.05)


@pytest.mark.parametrize("design", ["balanced", "unequal"])
def test_90_percent_intervals_cover_the_truth_85_to_95_percent(design):
    c, r, y, a, _ = simulate(design, 20_000, seed=3)
    fit = fit_crossed(c, r, y, scale=None)
    inside = np.abs(fit.candidate_score - (2.5 + a)) <= 1.645 * fit.candidate_se
    assert 0.85 <= inside.mean() <= 0.95


def test_backfitting_equals_an_exact_sparse_solve():
    c, r, y, _, _ = simulate("unequal", 4_000, seed=5)
    fit = fit_crossed(c, r, y, scale=None, tol=1e-13, max_sweeps=5000)
    s = fit.components
    n_c, n_r = len(fit.candidates), len(fit.raters)
    # Henderson's mixed-model equations for [mu, a, b] at the fitted components
    x = sp.hstack(
        [
            sp.csr_matrix(np.ones((len(y), 1))),
            sp.csr_matrix((np.ones(len(y)), (np.arange(len(y)), c)), shape=(len(y), n_c)),
            sp.csr_matrix((np.ones(len(y)), (np.arange(len(y)), r)), shape=(len(y), n_r)),
        ]
    ).tocsr()
    penalty = sp.diags(
        np.concatenate(
            [[0.0], np.full(n_c, s.residual / s.candidate), np.full(n_r, s.residual / s.rater)]
        )
    )
    solution = spsolve((x.T @ x + penalty).tocsc(), x.T @ y)
    assert fit.mean == pytest.approx(solution[0], abs=1e-6)
    assert np.max(np.abs(fit.candidate_score - (solution[0] + solution[1 : 1 + n_c]))) < 1e-6
    assert np.max(np.abs(fit.leniency - solution[1 + n_c :])) < 1e-6


def test_reliability_figures_follow_from_the_components():
    c, r, y, _, _ = simulate("balanced", 20_000)
    fit = fit_crossed(c, r, y, scale=None)
    s = fit.components
    assert fit.icc_a1 == pytest.approx(s.candidate / s.total)
    assert fit.icc_ak(4) == pytest.approx(s.candidate / (s.candidate + (s.rater + s.residual) / 4))
    assert fit.icc_c1 == pytest.approx(s.candidate / (s.candidate + s.residual))
    assert fit.icc_c1 > fit.icc_a1  # removing leniency raises agreement


def test_one_fit_per_dimension():
    c, r, y, _, _ = simulate("balanced", 4_000)
    dimension = np.where(np.arange(len(y)) % 2 == 0, "coding", "modeling")
    fits = fit_crossed(c, r, y, dimension, scale=None)
    assert set(fits) == {"coding", "modeling"}
    assert fits["coding"].n_ratings + fits["modeling"].n_ratings == len(y)


def test_disconnected_design_refuses_or_fits_the_largest_piece():
    c = np.array([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 10, 10, 11, 11])
    r = np.array([0, 1, 0, 1, 1, 2, 2, 0, 0, 2, 7, 8, 7, 8])
    y = np.array([3, 2, 4, 3, 2, 3, 1, 2, 3, 4, 2, 2, 3, 4], dtype=float)
    with pytest.raises(DisconnectedDesign, match="2 separate pieces"):
        fit_crossed(c, r, y, on_disconnected="raise")
    fit = fit_crossed(c, r, y)
    assert fit.pieces == 2 and fit.dropped_ratings == 4
    assert set(fit.raters) == {0, 1, 2}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([1, 2], [1], [3.0, 2.0]), "differ in length"),
        (([1, 2], [1, 2], [3.0, float("nan")]), "not finite"),
        (([1, 2], [1, 2], [3.0, float("inf")]), "not finite"),
        (([], [], []), "no ratings"),
        (([1, 2], [1, 2], [3.0, 5.0]), "off the scale"),
        (([1, 1], [1, 1], [3.0, 2.0]), "more than once"),
        (([1, 2], [1, 2], ["a", "b"]), "numbers"),
    ],
)
def test_fit_rejects_bad_input_clearly(args, message):
    with pytest.raises(ValueError, match=message):
        fit_crossed(*args)


def test_design_without_replication_is_refused():
    with pytest.raises(ValueError, match="cannot separate"):
        fit_crossed([1, 2, 3], [1, 2, 3], [2.0, 3.0, 4.0])


def test_icc_reproduces_shrout_and_fleiss_1979():
    # Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges, with their published ICCs
    table = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    published = {
        "ICC(1,1)": 0.17,
        "ICC(2,1)": 0.29,
        "ICC(3,1)": 0.71,
        "ICC(1,k)": 0.44,
        "ICC(2,k)": 0.62,
        "ICC(3,k)": 0.91,
    }
    result = icc(table)
    for name, value in published.items():
        assert result[name] == pytest.approx(value, abs=0.005), name


@pytest.mark.parametrize("table", [[[1, 2, 3]], [[1, float("nan")], [2, 3]], [1, 2, 3]])
def test_icc_rejects_incomplete_or_flat_tables(table):
    with pytest.raises(ValueError):
        icc(table)


def test_krippendorff_alpha_on_coded_ratings_matches_the_package_default():
    import krippendorff

    nan = float("nan")
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5],
    ]
    for level in ("nominal", "ordinal", "interval"):
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        assert krippendorff_alpha(data, level) == pytest.approx(expected, abs=1e-9)


def test_krippendorff_interval_alpha_on_continuous_data_matches_the_package():
    import krippendorff

    rng = np.random.default_rng(2)
    truth = rng.normal(size=40)
    data = truth + rng.normal(scale=0.5, size=(3, 40))
    data[0, 5] = np.nan
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="interval")
    assert krippendorff_alpha(data, "interval") == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("data", "level", "message"),
    [
        ([[1, 2], [1, 2]], "ratio-ish", "level must be"),
        ([[1, float("nan")], [float("nan"), 2]], "interval", "two or more ratings"),
        ([[2, 2], [2, 2]], "nominal", "same value"),
        ([1, 2, 3], "interval", "two-dimensional"),
    ],
)
def test_krippendorff_alpha_rejects_bad_input(data, level, message):
    with pytest.raises(ValueError, match=message):
        krippendorff_alpha(data, level)


def _statsmodels_reml(c, r, y):
    pandas = pytest.importorskip("pandas")
    statsmodels = pytest.importorskip("statsmodels.api")
    frame = pandas.DataFrame({"y": y, "c": c, "r": r, "g": 1})
    model = statsmodels.MixedLM.from_formula(
        "y ~ 1", groups="g", vc_formula={"c": "0+C(c)", "r": "0+C(r)"}, data=frame
    )
    result = model.fit(reml=True)
    effects = result.random_effects[1]
    scores = result.fe_params.iloc[0] + np.array(
        [effects[f"c[C(c)[{i}]]"] for i in range(c.max() + 1)]
    )
    return scores, (*result.vcomp, result.scale)


def test_calibrated_scores_agree_with_statsmodels_mixedlm_at_2000_ratings():
    c, r, y, _, _ = simulate("balanced", 2_000, seed=4)
    reference, reml_components = _statsmodels_reml(c, r, y)
    at_reml = fit_crossed(
        c, r, y, scale=None, components=reml_components, tol=1e-13, max_sweeps=5000
    )
    # the same model at the same variances: the same scores
    assert np.max(np.abs(at_reml.candidate_score - reference)) < 1e-4
    # with our own moment estimates of the variances
    ours = fit_crossed(c, r, y, scale=None)
    assert np.max(np.abs(ours.candidate_score - reference)) < 0.02


def test_long_form_alpha_equals_the_raters_by_units_table():
    rng = np.random.default_rng(5)
    table = rng.integers(1, 5, size=(6, 40)).astype(float)
    table[rng.random(table.shape) < 0.4] = np.nan
    raters, units = np.nonzero(~np.isnan(table))
    long = krippendorff_alpha_long(units, table[raters, units], "ordinal")
    assert long == pytest.approx(krippendorff_alpha(table, "ordinal"), abs=1e-12)
    continuous = table + rng.normal(0, 0.01, table.shape)
    assert krippendorff_alpha_long(units, continuous[raters, units], "interval") == pytest.approx(
        krippendorff_alpha(continuous, "interval"), abs=1e-12
    )


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        ([1, 2], [1.0], "equal length"),
        ([1, 1], [1.0, np.nan], "finite"),
        ([1, 2, 3], [1.0, 2.0, 3.0], "no unit has two"),
        ([1, 1], [2.0, 2.0], "same value"),
        ([1, 1], ["a", "b"], "numbers"),
    ],
)
def test_long_form_alpha_rejects_bad_input(unit, value, message):
    with pytest.raises(ValueError, match=message):
        krippendorff_alpha_long(unit, value)


@pytest.mark.parametrize(
    ("candidate", "rater", "expected"),
    [
        ([], [], ["no submitted ratings yet"]),
        ([1, 2, 3], ["a", "a", "a"], ["3 ratings; a fit needs 10", "one interviewer"]),
        (list(range(12)), ["a", "b"] * 6, ["no candidate was rated by two"]),
        (
            [1] * 12,
            [f"r{i}" for i in range(12)],
            ["no interviewer rated two candidates"],
        ),
    ],
)
def test_design_problems_say_why_a_fit_is_impossible(candidate, rater, expected):
    problems = design_problems(candidate, rater)
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert start in problem


def test_design_problems_read_the_largest_connected_piece():
    candidate = [c for c in range(6) for _ in range(2)] + [100, 100]
    rater = ["a", "b"] * 6 + ["x", "y"]
    assert design_problems(candidate, rater) == []
    problems = design_problems(candidate, rater, min_ratings=13)
    assert problems == ["12 ratings in the largest of 2 unconnected groups; a fit needs 13 or more"]


def test_the_statistics_import_no_django():
    import subprocess
    import sys

    code = (
        "import sys, panelist.calibration; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_largest_piece_that_cannot_separate_raters_is_a_problem_not_a_crash():
    candidate = [1] * 11 + [2, 2, 3, 3]
    rater = [f"r{i}" for i in range(11)] + ["x", "y", "x", "y"]
    problems = design_problems(candidate, rater)
    assert problems == [
        "no interviewer in the largest of 2 unconnected groups rated two candidates: their "
        "leniency has nothing to be measured against"
    ]


@given(
    st.lists(st.integers(min_value=-(2**40), max_value=2**40), min_size=1, max_size=60)
    | st.lists(st.integers(min_value=-5, max_value=50), min_size=1, max_size=60)
)
def test_label_codes_equal_numpy_unique(labels):
    from panelist.calibration.stats import _codes

    array = np.asarray(labels, dtype=np.int64)
    distinct, codes = _codes(array)
    expected, inverse = np.unique(array, return_inverse=True)
    assert np.array_equal(distinct, expected)
    assert np.array_equal(codes, inverse.reshape(-1))


def test_exact_standard_errors_equal_a_dense_inverse_of_the_whole_model():
    """The errors of the reported quantities (mean + a_c + mean(b), and b_r - mean(b)) given
    the variances, against the inverse of the full precision of (mean, a, b)."""
    from panelist.calibration.stats import VarianceComponents, _exact_standard_errors

    rng = np.random.default_rng(8)
    ci = np.repeat(np.arange(9), 3)
    ri = np.concatenate([rng.choice(5, 3, replace=False) for _ in range(9)])
    components = VarianceComponents(candidate=0.4, rater=0.2, residual=0.3)
    n_c = np.bincount(ci).astype(float)
    n_r = np.bincount(ri, minlength=5).astype(float)
    score_se, contrast_se = _exact_standard_errors(ci, ri, n_c, n_r, components)

    columns = 1 + 9 + 5
    design = np.zeros((len(ci), columns))
    design[:, 0] = 1
    design[np.arange(len(ci)), 1 + ci] = 1
    design[np.arange(len(ci)), 10 + ri] = 1
    prior = np.diag([0.0] + [1 / 0.4] * 9 + [1 / 0.2] * 5)
    covariance = np.linalg.inv(design.T @ design / 0.3 + prior)
    for c in range(9):
        g = np.zeros(columns)
        g[0], g[1 + c], g[10:] = 1, 1, 1 / 5
        assert score_se[c] == pytest.approx(np.sqrt(g @ covariance @ g), rel=1e-9)
    for r in range(5):
        g = np.zeros(columns)
        g[10:] = -1 / 5
        g[10 + r] += 1
        assert contrast_se[r] == pytest.approx(np.sqrt(g @ covariance @ g), rel=1e-9)


@given(st.lists(st.tuples(st.integers(0, 11), st.integers(0, 7)), min_size=1, max_size=40))
def test_connected_pieces_equal_scipys_search(edges):
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from panelist.calibration.stats import _codes, _components

    pairs = np.unique(np.array(edges), axis=0)
    _, ci = _codes(pairs[:, 0])
    _, ri = _codes(pairs[:, 1])
    n_c, n_r = ci.max() + 1, ri.max() + 1
    pieces, labels = _components(ci, ri, n_c, n_r)
    nodes = n_c + n_r
    graph = coo_matrix((np.ones(len(ci)), (ci, n_c + ri)), shape=(nodes, nodes))
    expected_pieces, expected = connected_components(graph, directed=False)
    assert pieces == expected_pieces
    # the same partition: labels map one to one
    assert len(set(zip(labels.tolist(), expected.tolist(), strict=True))) == pieces
