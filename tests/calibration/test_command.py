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


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_progress_line_shows_each_step_then_clears(rated_history):
    out = Terminal()
    with pytest.raises(CommandError):
        call_command("calibrate", stdout=out)
    printed = out.getvalue()
    assert "\r\x1b[KReading the submitted scorecards…" in printed
    assert "Fitting Coding (4 of 6)…" in printed and "Storing 24 calibrated scores…" in printed
    table = printed.rsplit("\r\x1b[K", 1)[1]  # what stays once the line is cleared
    assert table.startswith("Calibration run") and "\r" not in table


def test_no_progress_line_off_a_terminal_or_in_json(rated_history):
    plain, as_json = io.StringIO(), Terminal()
    for out, options in ((plain, {}), (as_json, {"json": True})):
        with pytest.raises(CommandError):
            call_command("calibrate", stdout=out, **options)
        assert "\r" not in out.getvalue() and "Reading" not in out.getvalue()
    assert json.loads(as_json.getvalue())["scorecards"] == 36


def test_a_run_reads_and_writes_in_a_few_queries_whatever_the_number_of_scorecards(
    rated_history,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from panelist.calibration import services

    opening, _, raters = rated_history
    with CaptureQueriesContext(connection) as smaller:
        services.calibration_run()
    for number in range(8):
        application = factories.ApplicationFactory(opening=opening)
        for offset in range(3):
            factories.write_scorecard(
                factories.AssignmentFactory(
                    application=application,
                    member=list(raters.values())[(number + offset) % 4],
                    dimensions=["coding"],
                ),
                submit=True,
            )
    with CaptureQueriesContext(connection) as larger:
        services.calibration_run()
    assert len(smaller.captured_queries) == len(larger.captured_queries) <= 20, "\n".join(
        q["sql"][:120] for q in larger.captured_queries
    )
