"""Sign-in backends that read the organisation settings with the signed-in person.

Every signed-in page loads its person from the session, and nearly every one reads the
organisation settings too (the second-factor rule, the blind rule, what recruiters read). Read
apart, that is two round trips to the database per request; here the settings come as
a join to the person's row (the one-row table, by its key) and are held for
the request by ``OrganisationSettings.remember``. Both backends are Django's and allauth's
own otherwise.
"""

from __future__ import annotations

import functools

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from panelist.access.models import OrganisationSettings, User

_PREFIX = "organisation_setting_"


@functools.cache
def _query() -> tuple[str, list]:
    """The person's row and the settings row beside it (absent until first created). Written
    out rather than built by the ORM: compiling four subqueries cost more than the round trip
    they save."""
    fields = [f for f in OrganisationSettings._meta.concrete_fields if not f.primary_key]
    people, settings = User._meta.db_table, OrganisationSettings._meta.db_table
    chosen = ", ".join(f'"s"."{f.column}" AS "{_PREFIX}{f.attname}"' for f in fields)
    sql = (
        f'SELECT "p".*, {chosen} FROM "{people}" "p" '
        f'LEFT JOIN "{settings}" "s" ON "s"."id" = 1 WHERE "p"."id" = %s'
    )
    return sql, fields


def person_with_settings(user_id) -> User | None:
    """The person ``user_id`` with the organisation settings read in the same query and held
    for the request; None if there is no such person. Where the settings row does not exist
    yet, nothing is held and ``OrganisationSettings.current`` creates it as before."""
    sql, fields = _query()
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    found = list(User._default_manager.raw(sql, [user_id]))
    if not found:
        return None
    person = found[0]
    values = {f.attname: getattr(person, _PREFIX + f.attname) for f in fields}
    if all(value is not None for value in values.values()):  # (no column of the row is null)
        typed = {f.attname: f.to_python(values[f.attname]) for f in fields}
        OrganisationSettings.remember(OrganisationSettings(pk=1, **typed))
    return person


class _PersonWithSettings:
    def get_user(self, user_id):
        person = person_with_settings(user_id)
        return person if person is not None and self.user_can_authenticate(person) else None


class PasswordBackend(_PersonWithSettings, ModelBackend):
    """Django's username and password backend (the admin's sign-in form)."""


class AccountBackend(_PersonWithSettings, AuthenticationBackend):
    """allauth's backend (sign-in by e-mail or username, and the identity provider's)."""
