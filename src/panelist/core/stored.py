"""Stored renderings: part of a page kept in the cache under the revisions of what it shows.

A page that is expensive to compute and read far more often than the data behind it changes
(the debrief) renders its body once and serves it from the cache until a row behind it
changes. The key holds:

- the revisions (``panelist.core.revisions``) of the organisation and of the application
  shown, read first, in one query, before anything the page shows: a rendering is never
  kept under revisions older than what it read;
- the reader (their id: their role, committee seats and blind state are rows in those
  scopes), their CSRF secret (the forms in the body carry a token for it) and the URL;
- the build: this code and the settings a page may read (``build``).

Nothing is shared between readers, so what one may read never reaches another. What a
rendering shows that depends on the clock alone (a nudge button appearing once an interview
is over) lags by at most ``STORED_SECONDS``. The header's counts are kept the same way,
under the organisation's and the pipeline's revisions, on pages that read them first.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.middleware.csrf import get_token

from panelist.core import revisions

STORED_SECONDS = 60
# Revisions and ids are 64-bit in both databases; a larger id in a URL matches nothing.
_LARGEST_ID = 2**63 - 1


def revisions_for(request, application_id: int | None = None) -> dict[int, revisions.Revision]:
    """The organisation's, the pipeline's and (with ``application_id``) the application's
    revisions, read once per request."""
    held = getattr(request, "_panelist_revisions", None)
    if held is None or (application_id is not None and application_id not in held):
        wanted = [application_id] if application_id is not None else []
        held = (held or {}) | revisions.read(connection, wanted)
        request._panelist_revisions = held
    return held


def fragment(request, name: str, render: Callable[[], str], *, application_id: int) -> str:
    """The stored rendering ``name`` of ``application_id`` for this reader, or ``render()``'s,
    stored. ``render`` authorises as the page does (a 404 is raised, never stored)."""
    if not 0 < application_id <= _LARGEST_ID:
        return render()
    held = revisions_for(request, application_id)
    key = _key(
        request,
        name,
        held[revisions.EPOCH],
        held[revisions.ORGANISATION],
        held[application_id],
        application_id,
    )
    # The header's counts come in the same round trip to the cache.
    header = _header_key(request, held)
    both = cache.get_many([key, header])
    if header in both:
        request._panelist_header_counts = both[header]
    found = both.get(key)
    if found is None:
        found = render()
        cache.set(key, found, STORED_SECONDS)
    return found


def header_counts(request, compute: Callable[[], list]) -> list:
    """The header's counts, stored when this request has read the revisions first (a stored
    page); computed otherwise, so that other pages keep their single query."""
    held = getattr(request, "_panelist_revisions", None)
    if held is None:
        return compute()
    found = getattr(request, "_panelist_header_counts", None)
    if found is not None:
        return found
    key = _header_key(request, held)
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, STORED_SECONDS)
    return found


def _header_key(request, held) -> str:
    return _key(
        request,
        "header",
        held[revisions.EPOCH],
        held[revisions.ORGANISATION],
        held[revisions.PIPELINE],
    )


@functools.cache
def build() -> str:
    """What a rendering was made by: this code (the newest of its files) and the settings a
    page may read. Renderings of another build never match, so a deploy, or two versions
    sharing one Redis during a rolling one, never serves what the other code rendered."""
    package = Path(__file__).resolve().parent.parent
    newest = max(
        entry.stat().st_mtime_ns
        for folder, _, files in os.walk(package)
        for entry in (Path(folder) / name for name in files)
        if entry.suffix in (".py", ".html", ".txt")
    )
    chosen = sorted(
        (name, repr(getattr(settings, name)))
        for name in dir(settings)
        if name.startswith("PANELIST_") or name in ("TIME_ZONE", "LANGUAGE_CODE", "USE_TZ")
    )
    return hashlib.sha256(repr((newest, chosen)).encode()).hexdigest()[:16]


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    """A test's override of a setting is a new build."""
    build.cache_clear()


def _key(request, name: str, *parts) -> str:
    page = ""
    if name != "header":  # the header is the same on every page and holds no form
        get_token(request)  # makes sure the reader has a secret, and the response sends it
        page = f"{request.META.get('CSRF_COOKIE', '')}\x1f{request.get_full_path()}"
    raw = "\x1f".join(str(part) for part in (build(), name, request.user.pk, page, *parts))
    return "stored:" + hashlib.sha256(raw.encode()).hexdigest()
