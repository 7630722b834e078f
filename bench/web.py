"""Benchmark of every page and API read at several data sizes: prints tables, asserts nothing.

    make bench-web                                   # 100, 2,000 and 10,000 applications
    python bench/web.py --sizes 100,500 --no-http    # a quick check
    python bench/web.py --pages debrief,healthz --quick
    python bench/web.py --database-url postgres://user:pass@127.0.0.1/panelist_bench

Each size gets its own database, copied from one holding the demo organisation, plus one
opening with N applications (five submitted scorecards each, a rating with evidence per
question, some flags; see ``web_seed.py``). SQLite files live in a temporary data folder;
with ``--database-url`` the script creates ``<name>_base`` and ``<name>_<N>`` on that server
and drops them at the end. Pages are read in-process through Django's test client with
DEBUG off: two reads that count the queries (the fewer of the two: once-a-minute bookkeeping
falls on one of them at most), then at least five timed reads, the sizes
interleaved page by page so that a drift of the machine hits every size alike. A read that
takes longer than ``--budget`` seconds is not repeated (its row is marked with ``*``).

The HTTP part serves the largest size with gunicorn (two sync workers, 127.0.0.1 only) and
loads it with wrk; the server is stopped at the end whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
# This checkout's code, whatever the environment has installed.
for folder in (ROOT / "src", ROOT):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench.web_pages import PAGES, READERS, Page  # noqa: E402

# Targets from issue 11.
MAX_QUERIES = 15
MAX_RATIO = 1.5
MAX_BYTES = 150 * 1024
DEBRIEF_TO_HEALTHZ = 10
HTTP_SHARE = 0.25
P95_MS = 100
FIRST_BYTE_S = 1.0


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass
class Reading:
    status: int = 0
    queries: int = 0
    size: int = 0
    times: list[float] = field(default_factory=list)
    warmup: float = 0.0
    warmup_first_byte: float = 0.0
    first_bytes: list[float] = field(default_factory=list)  # seconds to the first piece

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.times or [self.warmup])


# ---------------------------------------------------------------------------------------------
# Databases: one per size, copied from a base that holds the demo organisation.


class Databases:
    """Where each size's database lives, and how to make, switch to and remove them."""

    def __init__(self, data_dir: Path, database_url: str | None):
        self.data_dir = data_dir
        self.url = database_url
        self.created: list[str] = []
        self.wrappers: dict = {}

    @property
    def postgres(self) -> bool:
        return bool(self.url) and self.url.split(":", 1)[0] in ("postgres", "postgresql", "pgsql")

    def name(self, label: str) -> str:
        if self.postgres:
            return f"{urlsplit(self.url).path.lstrip('/')}_{label}"
        return str(self.data_dir / f"bench-{label}.sqlite3")

    def url_for(self, label: str) -> str:
        if self.postgres:
            parts = urlsplit(self.url)
            return urlunsplit(parts._replace(path="/" + self.name(label)))
        return f"sqlite:///{self.name(label)}"

    def _admin(self):
        import psycopg

        parts = urlsplit(self.url)
        return psycopg.connect(
            urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), autocommit=True
        )

    def create_empty(self, label: str) -> None:
        if self.postgres:
            with self._admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name(label)}"')
                admin.execute(f'CREATE DATABASE "{self.name(label)}"')
            self.created.append(self.name(label))

    def copy(self, source: str, label: str) -> None:
        if self.postgres:
            with self._admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name(label)}"')
                admin.execute(
                    f'CREATE DATABASE "{self.name(label)}" TEMPLATE "{self.name(source)}"'
                )
            self.created.append(self.name(label))
        else:
            import sqlite3

            with (
                contextlib.closing(sqlite3.connect(self.name(source))) as src,
                contextlib.closing(sqlite3.connect(self.name(label))) as dst,
            ):
                src.backup(dst)

    def drop_all(self) -> None:
        if not self.postgres:
            return
        with self._admin() as admin:
            for name in reversed(self.created):
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def use(self, label: str) -> None:
        """Make another size's database Django's default connection (outside any timing).

        Each size keeps its own open connection, as a long-running server would: reopening a
        file on every switch would time SQLite's cold page cache and schema parsing.
        """
        from django.db import connections

        wrapper = self.wrappers.get(label)
        if wrapper is None:
            settings = copy.deepcopy(connections.settings["default"])
            settings["NAME"] = self.name(label)
            backend = import_module(f"{settings['ENGINE']}.base")
            wrapper = self.wrappers[label] = backend.DatabaseWrapper(settings, "default")
        connections._connections.default = wrapper
        wrapper.ensure_connection()

    def close_all(self) -> None:
        for wrapper in self.wrappers.values():
            wrapper.close()


def configure(data_dir: Path, databases: Databases) -> None:
    """Production-like settings (DEBUG off) on loopback, before Django is set up."""
    os.environ.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        # The benchmark's admin reads pages without an authenticator app.
        PANELIST_TWO_FACTOR_FOR_ADMINS="false",
        PANELIST_DATA_DIR=str(data_dir),
        DATABASE_URL=databases.url_for("base"),
        DJANGO_SETTINGS_MODULE="panelist.settings",
    )
    import django

    django.setup()


def build_base(databases: Databases) -> None:
    from django.core.management import call_command

    say("Base database: migrate, load the library, create the demo organisation")
    databases.create_empty("base")
    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as quiet:
        call_command("demo", force=True, stdout=quiet)
    call_command("collectstatic", verbosity=0, interactive=False)
    from django.db import connection

    connection.close()


def seed_size(databases: Databases, size: int) -> dict:
    from bench.web_seed import seed_opening
    from django.core.management import call_command
    from django.db import connection

    from panelist.access.models import User
    from panelist.core import revisions
    from panelist.hiring.models import Opening
    from panelist.library.services import latest_version
    from panelist.teams.models import Team

    connection.close()
    databases.copy("base", str(size))
    databases.use(str(size))
    # Each size its own epoch: the sizes' stored renderings share this process's cache.
    revisions.start_new_epoch(connection)
    say(f"Seeding {size:,} applications")
    start = time.perf_counter()
    users = {u.username: u for u in User.objects.all()}
    manager = users[READERS["manager"]]
    team = Team.objects.order_by("pk").first()
    level = Opening.objects.order_by("pk").first().target_level
    version = latest_version()
    seeded = seed_opening(
        size=size,
        manager=manager,
        committee=[users[n] for n in ("ian", "ines", "omar", "priya", "maya")],
        team=team,
        level=level,
        version=version,
        progress=say,
    )
    say(f"  seeded in {time.perf_counter() - start:.1f} s; calibrating")
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        try:
            call_command("calibrate", stdout=quiet, stderr=quiet)
        except Exception as error:  # the pages still answer without a run
            say(f"  calibrate failed: {error}")
    say(f"  calibrated in {time.perf_counter() - start:.1f} s")
    if connection.vendor == "postgresql":
        # Rows bulk-inserted a moment ago have no planner statistics until autovacuum gets to
        # them; a running installation has them. Without, PostgreSQL plans as if tables were
        # empty (a first byte of exports at 30 s instead of milliseconds).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    ids = asdict(seeded)
    ids.update(slug=team.slug, number=version.number)
    return ids


# ---------------------------------------------------------------------------------------------
# In-process reading.


def url_parameters(name: str) -> list[str]:
    from django.urls import get_resolver

    possibilities = get_resolver().reverse_dict.getlist(name)[0][0]
    return list(possibilities[0][1])


def address(page: Page, ids: dict) -> str:
    from django.urls import reverse

    if page.path:
        url = "/api/v1" + page.path.format(**ids)
    else:
        url = reverse(page.name, kwargs={k: ids[k] for k in url_parameters(page.name)})
    return url + ("?" + page.query.format(**ids) if page.query else "")


class Readers:
    """A logged-in test client per (size, reader) and an API token per (size, reader)."""

    def __init__(self):
        self.clients: dict = {}
        self.tokens: dict = {}

    def prepare(self, label: str) -> None:
        from django.test import Client

        from panelist.access.models import User
        from panelist.api.services import token_create

        self.clients[label, None] = Client(raise_request_exception=False)
        for role, username in READERS.items():
            user = User.objects.get(username=username)
            client = Client(raise_request_exception=False)
            client.force_login(user)
            self.clients[label, role] = client
            _, secret = token_create(actor=user, name=f"bench {label}")
            self.tokens[label, role] = secret

    def get(self, label: str, page: Page, url: str):
        client = self.clients[label, page.reader]
        headers = {}
        if page.path:
            headers["Authorization"] = f"Bearer {self.tokens[label, page.reader]}"
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        if not response.streaming:
            return response.status_code, len(response.content), time.perf_counter() - start
        pieces = iter(response.streaming_content)
        first = next(pieces, b"")
        first_byte = time.perf_counter() - start
        return response.status_code, len(first) + sum(len(p) for p in pieces), first_byte


def read_pages(pages, sizes, ids, databases, readers, repetitions, budget) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results: dict[tuple[str, int], Reading] = {}
    for number, page in enumerate(pages, 1):
        say(f"[{number}/{len(pages)}] {page.label}")
        urls = {size: address(page, ids[size]) for size in sizes}
        spent = dict.fromkeys(sizes, 0.0)
        cache.clear()
        for size in sizes:
            databases.use(str(size))
            if not page.stored:
                cache.clear()
            counts = []
            if page.kind != "export":
                # Once-a-minute bookkeeping (a token's last use, a session's idle refresh,
                # three queries) falls on a read when its minute is up: it may fall on this
                # one or on the next, not on both, so the fewer of the two counts is the page's.
                with CaptureQueriesContext(connection) as captured:
                    readers.get(str(size), page, urls[size])
                counts.append(len(captured))
                if not page.stored:
                    cache.clear()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                status, length, first_byte = readers.get(str(size), page, urls[size])
                elapsed = time.perf_counter() - start
            counts.append(len(captured))
            results[page.label, size] = Reading(
                status=status,
                queries=min(counts),
                size=length,
                warmup=elapsed,
                warmup_first_byte=first_byte,
            )
            spent[size] = elapsed
        for _ in range(repetitions):
            for size in sizes:
                if spent[size] > budget:
                    continue
                databases.use(str(size))
                if not page.stored:
                    cache.clear()
                start = time.perf_counter()
                _, _, first_byte = readers.get(str(size), page, urls[size])
                elapsed = time.perf_counter() - start
                results[page.label, size].times.append(elapsed)
                results[page.label, size].first_bytes.append(first_byte)
                spent[size] += elapsed
    return results


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def print_pages(pages, sizes, results, repetitions) -> None:
    first, last = sizes[0], sizes[-1]
    head = (
        ["page"]
        + [f"queries N={n:,}" for n in sizes]
        + [f"ms N={n:,}" for n in sizes]
        + [
            f"KB N={last:,}",
            f"ratio {last:,}/{first:,}",
            "queries ≤ 15, flat",
            "ratio ≤ 1.5",
            "≤ 150 KB",
        ]
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for page in pages:
        row = [results[page.label, n] for n in sizes]
        marks = ["" if r.status == 200 else f" ({r.status})" for r in row]
        slow = ["*" if len(r.times) < repetitions else "" for r in row]
        queries = [r.queries for r in row]
        ratio = row[-1].median_ms / row[0].median_ms if row[0].median_ms else float("nan")
        flat = max(queries) <= MAX_QUERIES and len(set(queries)) == 1
        streamed = page.kind == "export" and len(set(queries)) > 1
        exempt_time = page.kind in ("export", "health") or len(sizes) == 1
        exempt_bytes = page.kind in ("export",)
        cells = (
            [page.label]
            + [str(q) for q in queries]
            + [f"{r.median_ms:,.1f}{s}{m}" for r, s, m in zip(row, slow, marks, strict=True)]
            + [f"{row[-1].size / 1024:,.1f}", f"{ratio:.2f}"]
            + [
                "streamed, see below" if streamed else verdict(flat),
                "n/a" if exempt_time else verdict(ratio <= MAX_RATIO),
                "n/a" if exempt_bytes else verdict(row[-1].size <= MAX_BYTES),
            ]
        )
        print("| " + " | ".join(cells) + " |")
    print()
    print(
        f"ms: median of {repetitions} timed reads after a warm-up; * fewer reads, the page "
        "being over the time budget (the warm-up alone when none);"
    )
    print("(code): the page did not answer 200. Ratios and sizes are at the largest N.")
    print_streamed(pages, sizes, results)
    labels = {page.label for page in pages}
    if {"debrief", "/healthz"} <= labels:
        debrief = results["debrief", last].median_ms
        health = results["/healthz", last].median_ms
        factor = debrief / health if health else float("nan")
        print(
            f"debrief / healthz in-process at N={last:,}: {factor:,.1f}x "
            f"(target ≤ {DEBRIEF_TO_HEALTHZ}x: {verdict(factor <= DEBRIEF_TO_HEALTHZ)})"
        )
    print()


def print_streamed(pages, sizes, results) -> None:
    """The exports whose rows stream: their queries grow by a fixed number per chunk of rows
    (bounded memory rules out reading 10,000 rows' scorecards in a fixed number of queries),
    and what a reader waits for is the first byte."""
    streamed = [
        p
        for p in pages
        if p.kind == "export" and len({results[p.label, n].queries for n in sizes}) > 1
    ]
    if not streamed:
        return
    from panelist.exports.services import CHUNK_SIZE as EXPORT_CHUNK

    first, last = sizes[0], sizes[-1]
    chunks = {n: -(-n // EXPORT_CHUNK) for n in sizes}
    print()
    print(
        f"Streamed exports: queries per chunk of {EXPORT_CHUNK} applications (target ≤ "
        f"{MAX_QUERIES}) and the first byte at the largest N (target ≤ {FIRST_BYTE_S:g} s)"
    )
    head = [f"first byte ms N={n:,}" for n in sizes]
    print(
        "| export | "
        + " | ".join(head)
        + " | queries per chunk | per chunk ≤ 15 | first byte ≤ 1 s |"
    )
    print("|---|" + "---|" * (len(head) + 3))
    for page in streamed:
        row = [results[page.label, n] for n in sizes]
        firsts = [1000 * statistics.median(r.first_bytes or [r.warmup_first_byte]) for r in row]
        extra = (row[-1].queries - row[0].queries) / max(1, chunks[last] - chunks[first])
        cells = [f"{ms:,.1f}" for ms in firsts] + [
            f"{extra:.1f}",
            verdict(extra <= MAX_QUERIES),
            verdict(firsts[-1] <= 1000 * FIRST_BYTE_S),
        ]
        print(f"| {page.label} | " + " | ".join(cells) + " |")


# ---------------------------------------------------------------------------------------------
# Over HTTP: gunicorn on loopback, loaded by wrk.

WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("PANELIST requests=%d seconds=%.3f p50=%d p95=%d errors=%d\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    errors))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_gunicorn(given: str | None) -> str | None:
    if given:
        return given
    beside = Path(sys.executable).parent / "gunicorn"
    return str(beside) if beside.exists() else shutil.which("gunicorn")


@contextlib.contextmanager
def served(gunicorn: str, database_url: str, data_dir: Path, redis_url: str | None = None):
    port = free_port()
    env = dict(os.environ, DATABASE_URL=database_url)
    if redis_url:
        # Keys of this run only; nothing else in that Redis is read or removed.
        env.update(REDIS_URL=redis_url, PANELIST_CACHE_PREFIX=f"bench-{secrets.token_hex(4)}")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    log = open(data_dir / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [
            gunicorn,
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "panelist.wsgi:application",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(base + "/healthz", timeout=2) as answer,
            ):
                if answer.status == 200:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start; see {data_dir / 'gunicorn.log'}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


# The 50 people of the reading run: the committee (five members) and the manager, in turn.
PEOPLE = [("ian", "ines", "omar", "priya", "maya")[n % 5] for n in range(50)]


def browser_cookies(usernames, path: str) -> list[str]:
    """A ``Cookie`` header per signed-in browser of ``usernames`` (one each), with the CSRF
    cookie the first page gave it."""
    from django.conf import settings
    from django.test import Client

    from panelist.access.models import User

    users = {u.username: u for u in User.objects.filter(username__in=set(usernames))}
    cookies = []
    for username in usernames:
        client = Client()
        client.force_login(users[username])
        client.get(path)
        names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        cookies.append("; ".join(f"{n}={client.cookies[n].value}" for n in names))
    return cookies


def warm_up(url: str, cookies: list[str]) -> None:
    """Each browser reads the page before the run, as a committee has opened the debrief
    before its meeting: its stored rendering is made (twice, for the two workers, when
    each keeps its own)."""
    opener = urllib.request.build_opener(_NoRedirect)
    for cookie in cookies:
        for _ in range(2):
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            try:
                with opener.open(request, timeout=30) as answer:
                    answer.read()
                    status = answer.status
            except urllib.error.HTTPError as refused:  # (a redirect not followed lands here)
                status = refused.code
            if status != 200:  # the sign-in page measured instead would mean nothing
                raise SystemExit(f"{url} answered {status} to a signed-in reader")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def people_load(url: str, cookies: list[str], seconds: int) -> dict:
    """Each browser (a thread) reads the page, pauses 0.5 to 1.5 s (1 s on average), reads it
    again, until ``seconds`` have passed; about 50 requests/s for 50 people.

    Not wrk: with a pause, wrk opens the next connection at once and sends its request when
    the pause ends, and gunicorn's sync worker that accepted it waits that long for the request
    (behind nginx, which connects only once it holds a whole request, it never does). A
    browser here connects when it asks. The latency runs from the connection to the last byte.
    """
    import http.client
    import random
    import threading
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def browse(cookie: str, seed: int) -> None:
        pauses = random.Random(seed)
        while True:
            time.sleep(pauses.uniform(0.5, 1.5))
            if time.monotonic() >= deadline:
                return
            start = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                connection.request("GET", parts.path, headers={"Cookie": cookie})
                answer = connection.getresponse()
                answer.read()
                connection.close()
                failed = answer.status != 200
            except OSError:
                failed = True
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                errors[0] += failed

    started = time.monotonic()
    threads = [
        threading.Thread(target=browse, args=(cookie, n), daemon=True)
        for n, cookie in enumerate(cookies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)

    def percentile(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1e6 if ordered else 0

    return {
        "requests": len(ordered),
        "seconds": time.monotonic() - started,
        "p50": percentile(0.5),
        "p95": percentile(0.95),
        "errors": errors[0],
    }


def load(wrk: str, script: Path, url: str, connections: int, seconds: int, cookie: str) -> dict:
    """One wrk run, after a pause in which the workers finish what an earlier run left queued
    (wrk stops sending at its deadline; requests already in the listen queue are still served)."""
    time.sleep(3)
    command = [
        wrk,
        "-t",
        str(min(2, connections)),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith("PANELIST "):
            values = dict(part.split("=") for part in line.split()[1:])
            return {k: float(v) for k, v in values.items()}
    raise RuntimeError(f"wrk gave no report: {done.stdout}\n{done.stderr}")


def http_part(args, databases, ids, readers, data_dir: Path) -> None:

    size = args.sizes[-1]
    gunicorn = find_gunicorn(args.gunicorn)
    wrk = args.wrk or shutil.which("wrk")
    if not gunicorn or not wrk:
        missing = "gunicorn (pip install -e .)" if not gunicorn else "wrk (apt-get install wrk)"
        print(f"HTTP part skipped: {missing} not found.\n")
        return
    databases.use(str(size))
    debrief = address(next(p for p in PAGES if p.label == "debrief"), ids[size])
    # A browser holds its session and CSRF cookies: one manager re-reading for the runs back
    # to back; for the 50 people, 50 sessions of the committee and the manager, each with its
    # own stored rendering to make on its first read.
    cookie = browser_cookies(["maya"], debrief)[0]
    people = browser_cookies(PEOPLE, debrief)
    short, long = (3, 10) if args.quick else (10, 30)
    script = data_dir / "report.lua"
    script.write_text(WRK_REPORT)
    say(f"HTTP: gunicorn (2 sync workers) on loopback at N={size:,}; wrk {short} s and {long} s")
    rows = []
    with served(gunicorn, databases.url_for(str(size)), data_dir, args.redis_url) as base:
        for label, path, cookie_for in (("/healthz", "/healthz", ""), ("debrief", debrief, cookie)):
            for connections in (1, 20):
                say(f"  {label}, {connections} connection(s)")
                rows.append(
                    (
                        label,
                        connections,
                        short,
                        load(wrk, script, base + path, connections, short, cookie_for),
                    )
                )
        say("  debrief, 50 people reading (a pause of 0.5-1.5 s between requests)")
        warm_up(base + debrief, people)
        # Before the back-to-back run, whose queued requests the workers would still be
        # answering; after a pause, as each wrk run.
        time.sleep(3)
        rows.append(("debrief, people", 50, long, people_load(base + debrief, people, long)))
        say("  debrief, 50 connections")
        rows.append(("debrief", 50, long, load(wrk, script, base + debrief, 50, long, cookie)))
    store = "Redis, shared" if args.redis_url else "each worker's memory"
    print(
        f"Over HTTP (gunicorn, 2 sync workers, cache: {store}; wrk on 127.0.0.1, and for the "
        f"people a thread each, connecting when they ask), N={size:,}"
    )
    print("| page | connections | seconds | requests/s | p50 ms | p95 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    rates = {}
    for label, connections, seconds, r in rows:
        rate = r["requests"] / r["seconds"] if r["seconds"] else 0.0
        rates[label, connections] = rate
        print(
            f"| {label} | {connections} | {seconds} | {rate:,.1f} | {r['p50'] / 1000:,.1f} | "
            f"{r['p95'] / 1000:,.1f} | {int(r['errors'])} |"
        )
    print()
    for connections in (1, 20):
        share = rates["debrief", connections] / rates["/healthz", connections]
        print(
            f"debrief / healthz requests/s at {connections} connection(s): {share:.0%} "
            f"(target ≥ {HTTP_SHARE:.0%}: {verdict(share >= HTTP_SHARE)})"
        )
    engine = "PostgreSQL" if databases.postgres else "SQLite"

    def p95_of(label: str) -> float:
        return next(r for name, c, _, r in rows if name == label and c == 50)["p95"] / 1000

    p95 = p95_of("debrief, people")
    print(
        f"debrief p95 at 50 people pausing 0.5-1.5 s between pages on {engine}: {p95:,.0f} ms "
        f"(target ≤ {P95_MS} ms on PostgreSQL: {verdict(p95 <= P95_MS)})"
    )
    print(
        f"debrief p95 at 50 connections asking back to back on {engine}: "
        f"{p95_of('debrief'):,.0f} ms (the capacity: each waits behind the other 49 for two "
        "workers; no target)"
    )
    print()


# ---------------------------------------------------------------------------------------------


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="100,2000,10000",
        help="applications per size, comma-separated (default 100,2000,10000)",
    )
    parser.add_argument(
        "--pages",
        default="",
        help="comma-separated parts of page labels or URL names to read (default: every page)",
    )
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server to use instead of SQLite files; the script "
        "creates <name>_base and <name>_<N> and drops them at the end",
    )
    parser.add_argument("--repetitions", type=int, default=5, help="timed reads (default 5)")
    parser.add_argument(
        "--budget",
        type=float,
        default=15.0,
        help="seconds per page and size after which reads stop (default 15)",
    )
    parser.add_argument("--no-http", action="store_true", help="skip gunicorn and wrk")
    parser.add_argument("--quick", action="store_true", help="shorter wrk runs (3 s and 10 s)")
    parser.add_argument("--gunicorn", help="gunicorn executable (default: beside python)")
    parser.add_argument("--wrk", help="wrk executable (default: on PATH)")
    parser.add_argument(
        "--redis-url",
        help="a Redis server for the cache gunicorn's workers share, as an installation on "
        "PostgreSQL runs (default: each worker keeps its own, as on SQLite)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary data folder and the PostgreSQL databases (to EXPLAIN a page)",
    )
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas, e.g. 100,500")
    if not args.sizes or min(args.sizes) < 1 or max(args.sizes) > 100_000:
        parser.error("--sizes takes numbers from 1 to 100000")
    if args.repetitions < 5:
        parser.error("--repetitions must be at least 5 (the median of fewer says little)")
    wanted = [w.strip().lower() for w in args.pages.split(",") if w.strip()]
    args.page_list = [
        p for p in PAGES if not wanted or any(w in p.label.lower() or w == p.name for w in wanted)
    ]
    if not args.page_list:
        parser.error(
            f"--pages {args.pages!r} names no page; labels: " + ", ".join(p.label for p in PAGES)
        )
    return args


def main(argv=None) -> int:
    args = parse(argv)
    # A plain `kill` still runs the clean-up below (server stopped, databases removed).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    data_dir = Path(tempfile.mkdtemp(prefix="panelist-bench-web-"))
    databases = Databases(data_dir, args.database_url)
    started = time.perf_counter()
    try:
        configure(data_dir, databases)
        build_base(databases)
        ids = {}
        readers = Readers()
        for size in args.sizes:
            ids[size] = seed_size(databases, size)
            readers.prepare(str(size))
        say(f"Seeded every size in {time.perf_counter() - started:.0f} s")
        from django.db import connection

        engine = connection.vendor
        results = read_pages(
            args.page_list, args.sizes, ids, databases, readers, args.repetitions, args.budget
        )
        print(
            f"\nPanelist pages in-process ({engine}, DEBUG off, Django test client), "
            f"{time.strftime('%Y-%m-%d')}, sizes {', '.join(f'{n:,}' for n in args.sizes)}"
        )
        print(
            f"Targets: ≤ {MAX_QUERIES} queries and the same at every N; median at the largest N "
            f"≤ {MAX_RATIO}x the smallest (exports excepted); ≤ 150 KB.\n"
        )
        print_pages(args.page_list, args.sizes, results, args.repetitions)
        sys.stdout.flush()
        if not args.no_http:
            http_part(args, databases, ids, readers, data_dir)
        say(f"Done in {time.perf_counter() - started:.0f} s")
        return 0
    finally:
        with contextlib.suppress(Exception):
            databases.close_all()
        if not args.keep:
            with contextlib.suppress(Exception):
                databases.drop_all()
        if args.keep:
            say(f"Data kept in {data_dir}; databases: {', '.join(databases.created) or 'none'}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
