"""Every Greenhouse Harvest v3 shape the sync reads, in one place.

What Greenhouse documents (read 2 December 2026), and what this module assumes:

- Authentication, https://harvestdocs.greenhouse.io/docs/authentication : custom
  integrations use OAuth 2.0 client credentials. ``POST https://auth.greenhouse.io/token``
  with HTTP Basic ``client_id:client_secret``, a form body ``grant_type=client_credentials``
  and optionally ``sub=<numeric Greenhouse user id>`` (the user the calls act as; without it a
  service account attached to the credentials). Calls then carry
  ``Authorization: Bearer <access_token>``. The partner guide
  (https://harvestdocs.greenhouse.io/docs/harvest-partner-oauth) gives an access token one
  hour; the client-credentials page names no lifetime, so the client reads ``expires_in`` when
  the response has it and otherwise assumes 3,600 s, and fetches a new token on a 401 once.
- Pagination, https://harvestdocs.greenhouse.io/docs/pagination : cursor based. Filters and
  ``per_page`` go on the first request only; the response's ``Link`` header has a
  ``rel="next"`` URL whose ``cursor`` must be the only query parameter; no ``Link`` (or no
  next) means the last page.
- Filters, https://harvestdocs.greenhouse.io/docs/list-endpoints : ``updated_at`` (and
  ``created_at``) take an operator: ``updated_at=gte|2024-01-01T00:00:00Z``.
- Rate limits: Greenhouse's guide is https://harvestdocs.greenhouse.io/docs/api-rate-limiting
  (its text was not at hand; the summary at
  https://apis.io/rate-limits/greenhouse/greenhouse-rate-limits/ gives a rolling window and,
  over it, HTTP 429 with ``Retry-After`` in seconds). The client waits ``Retry-After``
  seconds, within a configured cap, and backs off exponentially when the header is missing.
- Paths, https://harvestdocs.greenhouse.io/docs/step-by-step-migration-instructions : v3
  lists live at ``https://harvest.greenhouse.io/v3/<resource>`` (the list-endpoints page shows
  ``api.greenhouse.io/v3``; the base URL is a setting for that reason).

Chosen where the pages read here do not settle it (said in the README too): list bodies are a
JSON array of objects; related objects are referenced by ``<thing>_id`` rather than nested;
the field names below (``candidate_rating``, ``status`` with ``draft`` for unsubmitted
scorecards, ``candidate_attribute_id`` into the job's ``candidate_attributes``,
``scorecard_question_answers`` with ``question``/``answer``). A correction to any of them is a
change to this module and to nothing else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from panelist.greenhouse.schema import GreenhouseRating, GreenhouseRecommendation

DEFAULT_BASE_URL = "https://harvest.greenhouse.io/v3"
DEFAULT_TOKEN_URL = "https://auth.greenhouse.io/token"
DEFAULT_TOKEN_LIFETIME = 3600  # seconds, when the token response does not say

# The filter on the first request of an incremental pull.
UPDATED_SINCE_PARAM = "updated_at"


def updated_since(moment: datetime) -> str:
    return "gte|" + moment.isoformat().replace("+00:00", "Z")


class _V3(BaseModel):
    """Greenhouse returns more fields than Panelist reads; those are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: int = Field(ge=1)
    updated_at: datetime | None = None


class TokenResponse(BaseModel):
    model_config = ConfigDict(extra="ignore")

    access_token: str = Field(min_length=1, max_length=8000)
    token_type: str = "Bearer"
    expires_in: int | None = Field(default=None, ge=1)


class User(_V3):
    first_name: str | None = Field(default=None, max_length=150)
    last_name: str | None = Field(default=None, max_length=150)
    name: str | None = Field(default=None, max_length=300)


class Job(_V3):
    name: str = Field(min_length=1, max_length=200)
    status: str | None = None


class CandidateAttribute(_V3):
    """One of a job's scorecard attributes ("Coding", "Communication"): the name the
    attribute ratings are read through."""

    job_id: int = Field(ge=1)
    name: str = Field(min_length=1, max_length=200)
    type: str | None = Field(default=None, max_length=200)


class EmailAddress(BaseModel):
    model_config = ConfigDict(extra="ignore")

    value: str = Field(max_length=254)
    type: str | None = None


class Candidate(_V3):
    first_name: str | None = Field(default=None, max_length=150)
    last_name: str | None = Field(default=None, max_length=150)
    email_addresses: list[EmailAddress] = Field(default_factory=list)

    @property
    def full_name(self) -> str:
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or f"Greenhouse candidate {self.id}"


class Application(_V3):
    candidate_id: int = Field(ge=1)
    job_id: int = Field(ge=1)
    status: str | None = None


ScorecardStatus = Literal["draft", "submitted", "complete"]


class Scorecard(_V3):
    application_id: int = Field(ge=1)
    candidate_id: int = Field(ge=1)
    interviewer_id: int = Field(ge=1)
    interview_name: str | None = Field(default=None, max_length=200)
    interviewed_at: datetime | None = None
    submitted_at: datetime | None = None
    status: ScorecardStatus
    candidate_rating: GreenhouseRecommendation | None = None

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


class ScorecardCandidateAttribute(_V3):
    """One attribute rating on a scorecard, on Greenhouse's five-point attribute scale."""

    scorecard_id: int = Field(ge=1)
    candidate_attribute_id: int = Field(ge=1)
    rating: GreenhouseRating
    note: str | None = Field(default=None, max_length=10_000)


class ScorecardQuestionAnswer(_V3):
    scorecard_id: int = Field(ge=1)
    question: str = Field(max_length=2000)
    answer: str | None = Field(default=None, max_length=20_000)


# Resource path -> shape, in the order a sync pulls and applies them: every record's
# references are pulled before it.
RESOURCES: dict[str, type[_V3]] = {
    "users": User,
    "jobs": Job,
    "candidate_attributes": CandidateAttribute,
    "candidates": Candidate,
    "applications": Application,
    "scorecards": Scorecard,
    "scorecard_candidate_attributes": ScorecardCandidateAttribute,
    "scorecard_question_answers": ScorecardQuestionAnswer,
}
