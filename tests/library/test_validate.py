"""`panelist rubric validate`: the shipped library passes; each kind of bad file is named."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from panelist.library.schema import InvalidLibrary, parse_library
from panelist.library.services import DEFAULT_LIBRARY_PATH

SHIPPED = yaml.safe_load(DEFAULT_LIBRARY_PATH.read_text(encoding="utf-8"))


def _run_validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "panelist", "rubric", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def _errors(text: str) -> list:
    with pytest.raises(InvalidLibrary) as caught:
        parse_library(text)
    return caught.value.errors


def _mutated(change) -> str:
    data = copy.deepcopy(SHIPPED)
    change(data)
    return yaml.safe_dump(data, sort_keys=False)


def test_shipped_library_is_valid_through_the_command():
    result = _run_validate(DEFAULT_LIBRARY_PATH)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_unknown_dimension_prints_file_location_and_reason_and_exits_2(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(_mutated(lambda d: d["rubrics"][1].update(dimension="astrology")))
    result = _run_validate(path)
    assert result.returncode == 2
    line = next(x for x in result.stderr.splitlines() if "astrology" in x)
    assert line.startswith(f"{path}: rubrics.1.dimension (line ")
    assert line.endswith(
        "unknown assessed dimension 'astrology' (known: coding, "
        "communication, modeling, people, science)"
    )
    assert result.stderr.splitlines()[-1].endswith("nothing was loaded.")


def test_missing_file_exits_2(tmp_path):
    result = _run_validate(tmp_path / "absent.yaml")
    assert result.returncode == 2
    assert "no such file" in result.stderr


def _remove_anchor(data):
    del data["rubrics"][0]["questions"][0]["anchors"][4]


def _duplicate_question(data):
    questions = data["rubrics"][2]["questions"]
    questions.append(copy.deepcopy(questions[0]))


def _rating_off_scale(data):
    data["ladder"]["tracks"][0]["expectations"]["coding"]["expected_rating"][0] = 5


def _decreasing_ratings(data):
    data["ladder"]["tracks"][1]["expectations"]["people"]["expected_rating"] = [3.5, 3.0, 2.0]


def _drop_expectation(data):
    del data["ladder"]["tracks"][2]["expectations"]["modeling"]


def _unknown_format(data):
    data["rubrics"][0]["questions"][1]["formats"] = ["whiteboard-puzzle"]


def _format_not_assessing_dimension(data):
    coding = next(r for r in data["rubrics"] if r["dimension"] == "coding")
    coding["questions"][0]["formats"] = ["behavioural-story"]


def _unknown_field(data):
    data["rubrics"][0]["questions"][0]["promt"] = "typo"


def _missing_field(data):
    del data["rubrics"][0]["questions"][0]["prompt"]


def _two_ranks(data):
    data["ladder"]["tracks"][0]["ranks"].pop()


def _rubric_missing_for_assessed_dimension(data):
    data["rubrics"] = [r for r in data["rubrics"] if r["dimension"] != "science"]


def _ladder_as_a_value(data):
    data["ladder"] = 3


def _tracks_as_a_value(data):
    data["ladder"]["tracks"] = "research"


def _bad_key(data):
    data["dimensions"][0]["key"] = "People Skills"


@pytest.mark.parametrize(
    ("change", "location", "reason"),
    [
        (_remove_anchor, "rubrics.0.questions.0.anchors", "needs one anchor for each point"),
        (_duplicate_question, "rubrics.2.questions.", "duplicate question key"),
        (
            _rating_off_scale,
            "ladder.tracks.0.expectations.coding.expected_rating.0",
            "less than or equal to 4",
        ),
        (
            _decreasing_ratings,
            "ladder.tracks.1.expectations.people.expected_rating",
            "must not decrease",
        ),
        (
            _drop_expectation,
            "ladder.tracks.2.expectations",
            "no expectation for dimension 'modeling'",
        ),
        (_unknown_format, "rubrics.0.questions.1.formats.0", "unknown format 'whiteboard-puzzle'"),
        (
            _format_not_assessing_dimension,
            ".questions.0.formats.0",
            "does not assess dimension 'coding'",
        ),
        (_unknown_field, "rubrics.0.questions.0.promt", "unknown field"),
        (_missing_field, "rubrics.0.questions.0.prompt", "required field is missing"),
        (_two_ranks, "ladder.tracks.0.ranks", "at least 3 items"),
        (_rubric_missing_for_assessed_dimension, "rubrics", "'science' has no rubric"),
        (_bad_key, "dimensions.0.key", "should match pattern"),
        (_ladder_as_a_value, "ladder", "should hold fields"),
        (_tracks_as_a_value, "ladder.tracks", "should be a list"),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_bad_library_is_reported_at_its_location(change, location, reason):
    errors = _errors(_mutated(change))
    assert any(location in e.location and reason in e.reason for e in errors), [
        e.format("f") for e in errors
    ]


def test_every_error_is_reported_not_only_the_first():
    def two_faults(data):
        _unknown_format(data)
        _drop_expectation(data)

    assert len(_errors(_mutated(two_faults))) == 2


def test_error_carries_the_line_of_the_fault():
    text = _mutated(lambda d: d["rubrics"][1].update(dimension="astrology"))
    error = next(e for e in _errors(text) if e.location == "rubrics.1.dimension")
    assert text.splitlines()[error.line - 1].strip(" -") == "dimension: astrology"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the file is empty"),
        ("- just\n- a list\n", "the file is a list"),
        ("name: [unclosed\n", "not valid YAML"),
    ],
)
def test_unreadable_files_are_rejected(text, reason):
    (error,) = _errors(text)
    assert reason in error.reason


def test_duplicate_format_key_is_reported():
    def duplicate_format(data):
        data["formats"].append(copy.deepcopy(data["formats"][0]))

    errors = _errors(_mutated(duplicate_format))
    assert any("duplicate format key" in e.reason for e in errors)


def test_key_repeated_in_one_mapping_is_reported_with_its_line():
    text = DEFAULT_LIBRARY_PATH.read_text(encoding="utf-8").replace(
        "schema_version: 1\n", "schema_version: 1\nschema_version: 1\n", 1
    )
    (error,) = _errors(text)
    assert "appears twice" in error.reason
    assert text.splitlines()[error.line - 1].startswith("schema_version")


def test_nesting_deeper_than_a_library_needs_is_an_error_with_its_line():
    from panelist.library.schema import MAX_NESTING

    text = "name: Nested\nformats:\n  - " + "[" * 2000 + "]" * 2000 + "\n"
    with pytest.raises(InvalidLibrary) as raised:
        parse_library(text)
    (error,) = raised.value.errors
    assert "nesting too deep" in error.reason and error.line == 3
    shallow = "name: Nested\nformats:\n  - " + "[" * (MAX_NESTING - 2) + "]" * (MAX_NESTING - 2)
    with pytest.raises(InvalidLibrary) as raised:
        parse_library(shallow)
    assert all("nesting" not in error.reason for error in raised.value.errors)
