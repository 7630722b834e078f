"""API: submitted scorecards in Greenhouse Harvest v1 shape."""

from typing import Any

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from panelist.api.schemas import RecordId
from panelist.greenhouse.schema import load_mapping
from panelist.greenhouse.services import export_scorecards

router = Router()


class HarvestFilter(Schema):
    opening: RecordId | None = None


@router.get(
    "/greenhouse/scorecards",
    response=list[dict[str, Any]],
    summary="The scorecards you may read, as Greenhouse Harvest v1 scorecard objects",
    description="Mapped with the shipped mapping file; `panelist export --format greenhouse "
    "--mapping FILE` uses your own.",
)
@paginate
def harvest_scorecards(request, filters: Query[HarvestFilter]):
    return export_scorecards(request.user, load_mapping(), opening=filters.opening)
