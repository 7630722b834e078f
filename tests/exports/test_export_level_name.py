"""The export names the level of a hire the way people read it, not by its internal key."""

import csv
import io

from django.urls import reverse

from panelist.decisions.models import Decision
from panelist.library.models import Level


def test_the_csv_writes_the_decision_levels_name(client, process, people):
    level = Level.objects.get(key="ds")
    Decision.objects.create(
        application=process.application,
        outcome="hire",
        level=level,
        rationale="Strong modeling and coding; we coach communication.",
        decided_by=people.manager,
    )
    client.force_login(people.manager)
    response = client.get(reverse("export-opening-csv", args=[process.opening.pk]))
    (row,) = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert row["decision_level"] == level.name == "Data Scientist"
