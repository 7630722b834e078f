"""A fake Greenhouse Harvest v3 server on loopback, for the sync tests.

It holds its records in memory and implements what the sync relies on, as Greenhouse
documents it: the client-credentials token endpoint (HTTP Basic, a form body, tokens that
expire), lists with ``per_page`` and an ``updated_at=gte|...`` filter on the first request
only, a ``Link: <...?cursor=...>; rel="next"`` header whose cursor must travel alone, 429 with
``Retry-After`` on demand, and a page that fails on demand.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
import urllib.parse
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

CLIENT_ID = "panelist-test"
CLIENT_SECRET = "s3cret-for-tests"
BASE = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


class FakeHarvest:
    def __init__(self) -> None:
        self.records: dict[str, list[dict]] = {}
        self.tokens: dict[str, int] = {}  # token -> API requests it still answers
        self.token_requests: list[dict] = []
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        self.refused = 0  # API requests answered 401 (no token, or an expired one)
        self.token_uses = 10_000  # how many API requests a token answers before it expires
        self.expires_in = 3600
        self.throttle_next = 0  # answer this many API requests with 429
        self.retry_after = "7"
        self.broken: set[tuple[str, int]] = set()  # (resource, offset) answering 503
        self.cut_off: set[tuple[str, int]] = set()  # (resource, offset) dropped mid-body
        self._ids = itertools.count(1)
        self._clock = BASE
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- data -------------------------------------------------------------------------------

    def tick(self) -> str:
        self._clock += timedelta(seconds=1)
        return stamp(self._clock)

    def add(self, resource: str, **fields) -> dict:
        record = {"id": next(self._ids), "updated_at": self.tick(), **fields}
        self.records.setdefault(resource, []).append(record)
        return record

    def edit(self, resource: str, record_id: int, **fields) -> dict:
        record = next(r for r in self.records[resource] if r["id"] == record_id)
        record.update(fields, updated_at=self.tick())
        return record

    def seed(self, *, candidates: int = 80, scorecards: int = 100) -> dict[str, list[dict]]:
        """A few hundred records: three jobs with four scorecard attributes each, candidates
        with one application each, scorecards (every tenth a draft) each with three attribute
        ratings and one answer."""
        users = [
            self.add("users", first_name=f"Interviewer{n}", last_name="Greenhouse")
            for n in range(6)
        ]
        jobs = [self.add("jobs", name=f"Data scientist {n}", status="open") for n in range(3)]
        attributes = {
            job["id"]: [
                self.add("candidate_attributes", job_id=job["id"], name=name, type="Skills")
                for name in ("Coding", "Code quality", "Communication", "Travel")
            ]
            for job in jobs
        }
        people, applications = [], []
        for n in range(candidates):
            person = self.add(
                "candidates",
                first_name=f"Candidate{n}",
                last_name="Harvest",
                email_addresses=[{"value": f"c{n}@example.org", "type": "personal"}],
            )
            people.append(person)
            applications.append(
                self.add(
                    "applications",
                    candidate_id=person["id"],
                    job_id=jobs[n % 3]["id"],
                    status="active",
                )
            )
        ratings = ["yes", "strong_yes", "no", "definitely_not"]
        scales = ["strong_yes", "yes", "mixed", "no", "definitely_not"]
        cards = []
        for n in range(scorecards):
            application = applications[n % len(applications)]
            card = self.add(
                "scorecards",
                application_id=application["id"],
                candidate_id=application["candidate_id"],
                interviewer_id=users[n % len(users)]["id"],
                interview_name="Code Review",
                interviewed_at=stamp(BASE - timedelta(days=3)),
                submitted_at=stamp(BASE - timedelta(days=2)),
                status="draft" if n % 10 == 9 else "submitted",
                candidate_rating=ratings[n % 4],
            )
            cards.append(card)
            for k, attribute in enumerate(attributes[application["job_id"]][:3]):
                self.add(
                    "scorecard_candidate_attributes",
                    scorecard_id=card["id"],
                    candidate_attribute_id=attribute["id"],
                    rating=scales[(n + k) % 5],
                    note=f"Note {k} on card {n}.",
                )
            self.add(
                "scorecard_question_answers",
                scorecard_id=card["id"],
                question="Key Take-Aways",
                answer=f"Take-away {n}.",
            )
        return {"users": users, "jobs": jobs, "candidates": people, "scorecards": cards}

    # --- server -----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeHarvest:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    def first_requests(self, resource: str) -> list[dict[str, list[str]]]:
        return [q for path, q in self.requests if path == f"/v3/{resource}"]


def _handler(fake: FakeHarvest):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet in test output
            pass

        def _json(self, status: int, body, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            if self.path != "/token":
                return self._json(404, {"error": "not found"})
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            with fake.lock:
                fake.token_requests.append(form)
                if self.headers.get("Authorization") != f"Basic {expected}":
                    return self._json(401, {"error": "invalid_client"})
                if form.get("grant_type") != ["client_credentials"]:
                    return self._json(400, {"error": "unsupported_grant_type"})
                token = f"tok-{len(fake.token_requests)}"
                fake.tokens[token] = fake.token_uses
            self._json(
                200,
                {"access_token": token, "token_type": "Bearer", "expires_in": fake.expires_in},
            )

        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(parts.query)
            resource = parts.path.removeprefix("/v3/")
            with fake.lock:
                fake.requests.append((parts.path, query))
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                if fake.tokens.get(token, 0) <= 0:
                    fake.tokens.pop(token, None)
                    fake.refused += 1
                    return self._json(401, {"error": "invalid_token"})
                fake.tokens[token] -= 1
                if fake.throttle_next > 0:
                    fake.throttle_next -= 1
                    return self._json(
                        429, {"error": "rate limited"}, {"Retry-After": fake.retry_after}
                    )
                if resource not in fake.records and resource not in _RESOURCES:
                    return self._json(404, {"error": "not found"})
                if "cursor" in query:
                    if len(query) != 1:
                        return self._json(400, {"error": "cursor must be the only parameter"})
                    state = json.loads(base64.urlsafe_b64decode(query["cursor"][0]))
                else:
                    unknown = set(query) - {"per_page", "updated_at"}
                    if unknown:
                        return self._json(400, {"error": f"unknown: {sorted(unknown)}"})
                    since = None
                    if "updated_at" in query:
                        op, _, value = query["updated_at"][0].partition("|")
                        if op != "gte":
                            return self._json(400, {"error": "updated_at takes gte|<time>"})
                        since = value
                    per_page = int(query.get("per_page", ["100"])[0])
                    if not 1 <= per_page <= 500:
                        return self._json(400, {"error": "per_page runs from 1 to 500"})
                    state = {"since": since, "per_page": per_page, "offset": 0}
                if (resource, state["offset"]) in fake.broken:
                    return self._json(503, {"error": "unavailable"})
                rows = sorted(fake.records.get(resource, []), key=lambda r: r["id"])
                if state["since"]:
                    floor = datetime.fromisoformat(state["since"].replace("Z", "+00:00"))
                    rows = [
                        r
                        for r in rows
                        if datetime.fromisoformat(r["updated_at"].replace("Z", "+00:00")) >= floor
                    ]
                start, size = state["offset"], state["per_page"]
                page = [dict(r) for r in rows[start : start + size]]
                headers = {}
                if start + size < len(rows):
                    cursor = base64.urlsafe_b64encode(
                        json.dumps({**state, "offset": start + size}).encode()
                    ).decode()
                    headers["Link"] = f'<{fake.url}/v3/{resource}?cursor={cursor}>; rel="next"'
                cut = (resource, start) in fake.cut_off
            if cut:  # promise the whole page, send half of it, and hang up
                data = json.dumps(page).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self._json(200, page, headers)

    return Handler


_RESOURCES = {
    "users",
    "jobs",
    "candidate_attributes",
    "candidates",
    "applications",
    "scorecards",
    "scorecard_candidate_attributes",
    "scorecard_question_answers",
}


PER_PAGE = 25


@pytest.fixture
def harvest(settings):
    """The fake Greenhouse started on loopback, with Panelist's settings pointed at it. Used
    by tests/greenhouse (through its conftest) and by other apps' tests that sync."""
    fake = FakeHarvest().start()
    settings.PANELIST_GREENHOUSE_CLIENT_ID = CLIENT_ID
    settings.PANELIST_GREENHOUSE_SECRET = CLIENT_SECRET
    settings.PANELIST_GREENHOUSE_SUB = "4242"
    settings.PANELIST_GREENHOUSE_BASE_URL = f"{fake.url}/v3"
    settings.PANELIST_GREENHOUSE_TOKEN_URL = f"{fake.url}/token"
    settings.PANELIST_GREENHOUSE_PER_PAGE = PER_PAGE
    settings.PANELIST_GREENHOUSE_MAX_RETRY_WAIT = 60
    settings.PANELIST_GREENHOUSE_MAX_RETRIES = 3
    yield fake
    fake.stop()
