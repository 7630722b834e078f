"""The shapes read and written: Harvest v1 scorecard objects, and the mapping file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

DEFAULT_MAPPING_PATH = Path(__file__).resolve().parent / "data" / "default_mapping.yaml"

GreenhouseRecommendation = Literal["definitely_not", "no", "yes", "strong_yes", "no_decision"]
GreenhouseRating = Literal["definitely_not", "no", "mixed", "yes", "strong_yes", "no_decision"]
GREENHOUSE_RATINGS: tuple[str, ...] = GreenhouseRating.__args__  # type: ignore[attr-defined]


class _Harvest(BaseModel):
    """Harvest objects carry more fields than Panelist reads; those are ignored."""

    model_config = ConfigDict(extra="ignore")


class HarvestUser(_Harvest):
    id: int = Field(ge=1)
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None


class HarvestAttribute(_Harvest):
    name: str = Field(min_length=1)
    type: str | None = None
    note: str | None = None
    rating: GreenhouseRating


class HarvestQuestion(_Harvest):
    id: int | None = None
    question: str
    answer: str | None = None


class HarvestInterviewStep(_Harvest):
    id: int | None = None
    name: str | None = None


class HarvestScorecard(_Harvest):
    id: int = Field(ge=1)
    candidate_id: int = Field(ge=1)
    application_id: int = Field(ge=1)
    interview: str | None = None
    interview_step: HarvestInterviewStep | None = None
    interviewed_at: datetime | None = None
    submitted_at: datetime | None = None
    interviewer: HarvestUser
    submitted_by: HarvestUser | None = None
    overall_recommendation: GreenhouseRecommendation
    attributes: list[HarvestAttribute] = Field(default_factory=list)
    questions: list[HarvestQuestion] = Field(default_factory=list)

    @property
    def interview_name(self) -> str:
        if self.interview:
            return self.interview
        return (self.interview_step.name if self.interview_step else None) or ""


class OpeningTarget(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    team: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9-]+$")
    target_level: str
    hiring_manager: str = Field(min_length=1, max_length=150)


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    opening: OpeningTarget
    recommendations: dict[
        GreenhouseRecommendation, Literal["strong_no", "no", "yes", "strong_yes"] | None
    ]
    ratings: dict[GreenhouseRating, int | Literal["not_observed"]]
    interviews: dict[str, str] = Field(default_factory=dict)
    default_interview_format: str
    attributes: dict[str, str] = Field(default_factory=dict)

    @field_validator("recommendations")
    @classmethod
    def _every_recommendation(cls, value):
        missing = set(GreenhouseRecommendation.__args__) - set(value)  # type: ignore[attr-defined]
        if missing:
            raise ValueError(f"map every recommendation; missing: {', '.join(sorted(missing))}")
        unreached = {"strong_no", "no", "yes", "strong_yes"} - set(value.values())
        if unreached:
            raise ValueError(
                "exports need a Greenhouse recommendation for each Panelist one; none maps to "
                + ", ".join(sorted(unreached))
            )
        return value

    @field_validator("ratings")
    @classmethod
    def _every_rating(cls, value):
        missing = set(GREENHOUSE_RATINGS) - set(value)
        if missing:
            raise ValueError(f"map every rating; missing: {', '.join(sorted(missing))}")
        for key, rating in value.items():
            if rating != "not_observed" and not 1 <= rating <= 4:
                raise ValueError(f"'{key}' maps to {rating}; ratings run from 1 to 4")
        unreached = {1, 2, 3, 4, "not_observed"} - set(value.values())
        if unreached:
            raise ValueError(
                "exports need a Greenhouse rating for each Panelist one; none maps to "
                + ", ".join(str(v) for v in sorted(unreached, key=str))
            )
        return value

    @field_validator("attributes")
    @classmethod
    def _question_refs(cls, value):
        for name, ref in value.items():
            if ref.count("/") != 1:
                raise ValueError(f"'{name}' maps to '{ref}'; write dimension/question-key")
        return value


class MappingError(ValueError):
    pass


def load_mapping(path: Path | None = None) -> Mapping:
    path = path or DEFAULT_MAPPING_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise MappingError(f"{path}: cannot read the mapping ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise MappingError(f"{path}: not valid YAML ({error})") from None
    try:
        return Mapping.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}" for e in error.errors()
        )
        raise MappingError(f"{path}: {problems}") from None
