"""API: submitted scorecards in Greenhouse Harvest v1 shape."""

from typing import Any

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from panelist.api.schemas import RecordId
from panelist.greenhouse.schema import load_mapping
from panelist.greenhouse.services import HarvestPages, harvest_scorecards

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
def list_harvest_scorecards(request, filters: Query[HarvestFilter]):
    scorecards = harvest_scorecards(request.user, opening=filters.opening)
    return HarvestPages(scorecards, load_mapping())
