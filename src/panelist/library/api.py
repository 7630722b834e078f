"""API: the ladder and rubric library, read-only. Every signed-in user may read it."""

from datetime import datetime

from django.http import Http404, HttpResponse
from ninja import Router, Schema
from ninja.pagination import paginate

from panelist.api.schemas import RecordId
from panelist.library import selectors
from panelist.library.models import LevelExpectation, LibraryVersion

router = Router()


class VersionOut(Schema):
    number: int
    name: str
    source_name: str
    source_sha256: str
    loaded_at: datetime


class QuestionOut(Schema):
    id: int
    key: str
    prompt: str
    guidance: str
    anchors: dict[int, str]
    formats: list[str]

    @staticmethod
    def resolve_anchors(obj) -> dict[int, str]:
        return {1: obj.anchor_1, 2: obj.anchor_2, 3: obj.anchor_3, 4: obj.anchor_4}

    @staticmethod
    def resolve_formats(obj) -> list[str]:
        return [f.key for f in obj.formats.all()]


class RubricOut(Schema):
    dimension: str
    title: str
    description: str
    summary_prompt: str
    questions: list[QuestionOut]

    @staticmethod
    def resolve_dimension(obj) -> str:
        return obj.dimension.key

    @staticmethod
    def resolve_questions(obj):
        return list(obj.questions.all())


class ExpectationOut(Schema):
    level: str
    dimension: str
    expected_rating: float | None
    summary: str


class LibraryOut(VersionOut):
    rubrics: list[RubricOut]
    expectations: list[ExpectationOut]


@router.get("/library/versions", response=list[VersionOut], summary="Library versions")
@paginate
def list_versions(request):
    return LibraryVersion.objects.order_by("-number")


@router.get("/library/versions/{number}", response=LibraryOut, summary="One library version")
def get_version(request, number: RecordId):
    version = LibraryVersion.objects.filter(number=number).first()
    if version is None:
        raise Http404
    return _library(version)


@router.get(
    "/library/versions/{number}/yaml",
    response={200: None},
    summary="The YAML file a library version was loaded from",
    openapi_extra={
        "responses": {
            200: {
                "description": "The library file, byte for byte.",
                "content": {"application/yaml": {"schema": {"type": "object"}}},
            }
        }
    },
)
def get_version_yaml(request, number: RecordId):
    version = LibraryVersion.objects.filter(number=number).first()
    if version is None:
        raise Http404
    return HttpResponse(version.source_text, content_type="application/yaml; charset=utf-8")


@router.get("/library", response=LibraryOut, summary="The latest library version")
def get_latest(request):
    version = LibraryVersion.objects.order_by("-number").first()
    if version is None:
        raise Http404
    return _library(version)


def _library(version: LibraryVersion) -> dict:
    expectations = LevelExpectation.objects.filter(version=version).select_related(
        "level", "dimension"
    )
    return {
        "number": version.number,
        "name": version.name,
        "source_name": version.source_name,
        "source_sha256": version.source_sha256,
        "loaded_at": version.loaded_at,
        "rubrics": selectors.rubrics_of(version),
        "expectations": [
            {
                "level": e.level.key,
                "dimension": e.dimension.key,
                "expected_rating": e.expected_rating,
                "summary": e.summary,
            }
            for e in expectations.order_by("level__track__order", "level__rank", "dimension__order")
        ],
    }
