"""Loading a library adds a version and never rewrites what was written against an older one."""

import copy
import io

import pytest
import yaml
from django.core.management import call_command

from panelist.interviews.models import Rating
from panelist.library.models import Level, LibraryVersion, RubricQuestion
from panelist.library.services import DEFAULT_LIBRARY_PATH, library_load
from tests.factories import write_scorecard

SHIPPED_TEXT = DEFAULT_LIBRARY_PATH.read_text(encoding="utf-8")


def _edited(change) -> str:
    data = yaml.safe_load(SHIPPED_TEXT)
    data = copy.deepcopy(data)
    change(data)
    return yaml.safe_dump(data, sort_keys=False)


def test_loading_the_same_text_again_adds_no_version(library):
    result = library_load(text=SHIPPED_TEXT, source_name="again.yaml")
    assert not result.created
    assert result.version == library
    assert LibraryVersion.objects.count() == 1


def test_shipped_library_holds_the_ladder_and_five_rubrics(library):
    assert Level.objects.count() == 9
    assert library.rubrics.count() == 5
    assert library.expectations.count() == 9 * 6
    assert set(Level.objects.values_list("track__key", flat=True)) == {"ra", "ds", "fellow"}
    assert library.learning_prompts.exists()
    for question in RubricQuestion.objects.filter(rubric__version=library):
        assert all(text for _, text in question.anchors)


def test_new_version_leaves_existing_scorecards_on_their_questions(process):
    scorecard = write_scorecard(process.assignment, submit=True)
    old_prompts = set(scorecard.ratings.values_list("question__prompt", flat=True))

    def reword(data):
        for rubric in data["rubrics"]:
            for question in rubric["questions"]:
                question["prompt"] = "Reworded: " + question["prompt"]

    result = library_load(text=_edited(reword), source_name="v2.yaml")
    assert result.created and result.version.number == 2
    scorecard.refresh_from_db()
    assert scorecard.library_version.number == 1
    assert set(scorecard.ratings.values_list("question__prompt", flat=True)) == old_prompts
    assert Rating.objects.filter(question__rubric__version=result.version).count() == 0
    process.opening.refresh_from_db()
    assert process.opening.library_version.number == 1


def test_levels_keep_their_identity_across_versions(process):
    level = process.opening.target_level

    def rename(data):
        data["ladder"]["tracks"][1]["ranks"][0]["name"] = "Data Scientist I"

    library_load(text=_edited(rename), source_name="v2.yaml")
    level.refresh_from_db()
    assert level.name == "Data Scientist I"
    assert Level.objects.count() == 9


def test_invalid_file_loads_nothing(library, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(_edited(lambda d: d["rubrics"][0].update(dimension="nope")))
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("rubric", "load", str(path), stderr=stderr)
    assert exited.value.code == 2
    assert "nothing was loaded" in stderr.getvalue()
    assert LibraryVersion.objects.count() == 1


def test_ranks_can_be_reordered_and_levels_renamed_in_a_new_version(library):
    def reshuffle(data):
        ranks = data["ladder"]["tracks"][0]["ranks"]
        ranks[1], ranks[2] = ranks[2], ranks[1]
        data["ladder"]["tracks"][1]["ranks"][0]["key"] = "ds-one"

    result = library_load(text=_edited(reshuffle), source_name="v2.yaml")
    assert result.created
    assert Level.objects.get(key="ds-one").rank == 1
    principal_ra = Level.objects.get(key=SHIPPED_RA_RANK_KEYS[2])
    assert principal_ra.rank == 2


SHIPPED_RA_RANK_KEYS = [
    rank["key"] for rank in yaml.safe_load(SHIPPED_TEXT)["ladder"]["tracks"][0]["ranks"]
]
