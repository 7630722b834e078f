"""The revision counters behind stored renderings (``panelist.core.revisions``)."""

from django.db import models


class Revision(models.Model):
    """How many times the rows of one scope have changed. Database triggers, not the app,
    raise it (``panelist.core.revisions``), so a change made by any path counts: a service, a
    bulk update, the Django admin, a restore's import. ``scope`` is an application's id, or
    ``ORGANISATION`` (0) or ``PIPELINE`` (-1)."""

    scope = models.BigIntegerField(primary_key=True)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "revision"

    def __str__(self) -> str:
        return f"scope {self.scope}: {self.n}"
