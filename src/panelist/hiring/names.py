"""Names as people compare them, and the derived columns that let the database find names
that look alike without reading every candidate.

Look-alikes are found by sorted neighbourhood, a standard blocking method of record linkage:
a name's nearest neighbours in the order of its comparison key (same start, a slip near the
end) and in the order of that key spelled backwards (same end, a slip near the start), a
bounded window of each read through an index, plus the names with the same words in another
order. Only those are compared in Python. Two slips, one near each end of a long name, can
fall outside both windows; the add form's warning and the merge form's suggestions are aids,
and a search by name still finds such a duplicate.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from django.db import models


def name_key(name: str) -> str:
    """A name as people would compare it: accents, case, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = "".join(ch if ch.isalnum() else " " for ch in plain.casefold()).split()
    return " ".join(words)


def reversed_key(name: str) -> str:
    return name_key(name)[::-1]


def words_key(name: str) -> str:
    """The key's words in sorted order: "Brandt, Lena" and "Lena Brandt" share it."""
    return " ".join(sorted(name_key(name).split()))


def _edit_distance(a: str, b: str, *, limit: int) -> int:
    """Levenshtein distance, giving up (returning ``limit + 1``) once it exceeds ``limit``.
    Only the band of cells within ``limit`` of the diagonal can stay within it, so only those
    are computed."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    over = limit + 1
    previous = [j if j <= limit else over for j in range(len(b) + 1)]
    for i, ca in enumerate(a, start=1):
        low, high = max(1, i - limit), min(len(b), i + limit)
        current = [over] * (len(b) + 1)
        current[0] = i if i <= limit else over
        for j in range(low, high + 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != b[j - 1]), over
            )
        if min(current[low - 1 : high + 1]) > limit:
            return over
        previous = current
    return previous[-1]


def keys_look_alike(ka: str, kb: str) -> bool:
    """``names_look_alike`` on keys already computed."""
    if not ka or not kb:
        return False
    if ka == kb or sorted(ka.split()) == sorted(kb.split()):
        return True
    shorter = min(len(ka), len(kb))
    limit = 0 if shorter < 8 else 1 if shorter < 16 else 2
    if limit == 0:
        return False
    return _edit_distance(ka, kb, limit=limit) <= limit


def names_look_alike(a: str, b: str) -> bool:
    """Same name up to accents, case and spacing, the same words in another order, or a
    typing slip apart: one slip from 8 characters on, two from 16. Shorter names must match
    exactly, since one letter tells many short names apart ("Li Wei", "Li Wen")."""
    return keys_look_alike(name_key(a), name_key(b))


class DerivedNameField(models.CharField):
    """A column computed from the row's ``name`` whenever the row is written, bulk inserts
    included (Django asks each field's ``pre_save`` for the value it inserts)."""

    def __init__(self, *args, derive: Callable[[str], str] | None = None, **kwargs):
        self.derive = derive
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["derive"] = self.derive
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = self.derive(model_instance.name)[: self.max_length]
        setattr(model_instance, self.attname, value)
        return value
