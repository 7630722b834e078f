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

The whole page (``page``) is kept too, under the pipeline's revision as well (the header's
counts are part of it), with the response's script nonce cut out and put back for each
reader: a second read then renders nothing. A page with a message waiting (shown once, in the
page's frame) is rendered around the stored body instead.

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
from django.contrib import messages
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render

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


# Stands for the response's CSP nonce in a stored page: no page holds this text otherwise.
NONCE_HOLE = "\x00panelist-nonce\x00"


def page(request, name: str, template: str, render_body: Callable[[], str], *, application_id: int):
    """The response of ``template`` around the stored rendering ``name`` of ``application_id``,
    itself served whole while neither it nor the header's counts changed. ``render_body``
    authorises as the page does (a 404 is raised, never stored). The whole page, the body and
    the header's counts are asked for in one round trip to the cache."""
    if not 0 < application_id <= _LARGEST_ID:
        return render(request, template, {"body": render_body()})
    held = revisions_for(request, application_id)
    body_key = _key(
        request,
        name,
        held[revisions.EPOCH],
        held[revisions.ORGANISATION],
        held[application_id],
        application_id,
    )
    header = _header_key(request, held)
    whole = None
    if not len(messages.get_messages(request)):  # a message is shown once, in the frame
        whole = _key(
            request,
            f"{name}:page",
            held[revisions.EPOCH],
            held[revisions.ORGANISATION],
            held[revisions.PIPELINE],
            held[application_id],
            application_id,
        )
    found = cache.get_many([key for key in (whole, body_key, header) if key is not None])
    if whole is not None and whole in found:
        return HttpResponse(found[whole].replace(NONCE_HOLE, str(request.csp_nonce)))
    request._panelist_header_counts = found.get(header)
    body = found.get(body_key)
    if body is None:
        body = render_body()
        cache.set(body_key, body, STORED_SECONDS)
    response = render(request, template, {"body": body})
    if whole is not None:
        nonce = str(request.csp_nonce)
        cache.set(whole, response.content.decode().replace(nonce, NONCE_HOLE), STORED_SECONDS)
    return response


def header_counts(request, compute: Callable[[], list]) -> list:
    """The header's counts, stored when this request has read the revisions first (a stored
    page); computed otherwise, so that other pages keep their single query."""
    held = getattr(request, "_panelist_revisions", None)
    if held is None:
        return compute()
    key = _header_key(request, held)
    if hasattr(request, "_panelist_header_counts"):  # asked for with the page: no need again
        found = request._panelist_header_counts
    else:
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
