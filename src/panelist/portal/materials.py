"""What the candidate sends, and which committee member needs which part of it.

The coding member (an assignment on the ``coding`` dimension) reads the code links; seminar
members (communication, science or modeling, which the seminar feeds) read the seminar's
title, abstract, slides and papers; every member reads the CV and other documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

CODE_DIMENSIONS = frozenset({"coding"})
SEMINAR_DIMENSIONS = frozenset({"communication", "science", "modeling"})

# Leading bytes of the file types a candidate may send, checked against the content whatever
# the file's name says. PANELIST_PORTAL_FILE_TYPES picks among these.
SIGNATURES = {"pdf": (b"%PDF-", "application/pdf")}


def sniffed_type(head: bytes) -> tuple[str, str] | None:
    """The (type, content type) of a file starting with ``head``, among the allowed types."""
    for name in settings.PANELIST_PORTAL_FILE_TYPES:
        signature, content_type = SIGNATURES[name]
        if head.startswith(signature):
            return name, content_type
    return None


@dataclass
class KitMaterials:
    """The part of the candidate's materials one committee member needs."""

    code: bool = False
    seminar: bool = False
    code_links: list = field(default_factory=list)
    files: list = field(default_factory=list)


def materials_for_assignment(assignment) -> KitMaterials:
    """What ``assignment``'s member needs of the candidate's materials (two queries)."""
    from panelist.portal.models import SEMINAR_FILE_KINDS

    keys = {dimension.key for dimension in assignment.dimensions.all()}
    materials = KitMaterials(
        code=bool(keys & CODE_DIMENSIONS), seminar=bool(keys & SEMINAR_DIMENSIONS)
    )
    application = assignment.application
    if materials.code:
        materials.code_links = list(application.code_links.all())
    files = application.candidate_files.all()
    if not materials.seminar:
        files = files.exclude(kind__in=SEMINAR_FILE_KINDS)
    materials.files = list(files)
    return materials
