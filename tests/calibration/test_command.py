import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests import factories


def test_with_one_scorecard_it_explains_why_and_exits_non_zero(library):
    factories.write_scorecard(factories.AssignmentFactory(dimensions=["coding"]), submit=True)
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("calibrate", stdout=out)
    assert refused.value.returncode == 1
    assert "No target could be fitted" in str(refused.value)
    printed = out.getvalue()
    assert "Coding" in printed and "not fitted: 1 rating; a fit needs 10 or more" in printed
    assert "one interviewer" in printed


def test_an_empty_database_also_exits_non_zero(library):
    with pytest.raises(CommandError) as refused:
        call_command("calibrate", stdout=io.StringIO())
    assert refused.value.returncode == 1


def test_some_targets_fitted_exits_3_and_json_names_each_reason(rated_history):
    out = io.StringIO()
    with pytest.raises(CommandError) as partly:
        call_command("calibrate", json=True, stdout=out)
    assert partly.value.returncode == 3
    fits = {fit["target"]: fit for fit in json.loads(out.getvalue())["fits"]}
    assert fits["coding"]["fitted"] and fits["coding"]["ratings"] == 36
    assert fits["coding"]["variance"]["interviewer"] > 0
    assert not fits["people"]["fitted"] and fits["people"]["reason"] == "No submitted ratings yet."
