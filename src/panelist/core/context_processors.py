"""Template context every page needs: which navigation links the reader may follow, the
"waiting on you" counts of the header, and the Content-Security-Policy nonce for the page's
scripts."""

from django.utils.functional import SimpleLazyObject

from panelist.access import permissions
from panelist.core import selectors, stored


def navigation(request) -> dict:
    return {
        "nav_interviewers": permissions.reads_calibration(request.user),
        "nav_hires": permissions.reads_hires(request.user),
        "can_configure_library": permissions.can_configure_library(request.user),
        "nav_audit": permissions.reads_audit_log(request.user),
        "nav_webhooks": permissions.can_manage_webhooks(request.user),
        "nav_greenhouse": permissions.can_sync_greenhouse(request.user),
        "nav_fairness": permissions.reads_fairness_report(request.user),
    }


def csp_nonce(request) -> dict:
    """The nonce under the name django-htmx's ``htmx_script`` tag reads; evaluated only when a
    template uses it, and then added to the page's Content-Security-Policy header."""
    return {"csp_nonce": getattr(request, "csp_nonce", None)}


def header_counts(request) -> dict:
    """Signed-in users only; read on first use, so a partial or a page without the header
    does not query for them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "header_counts": SimpleLazyObject(
            lambda: stored.header_counts(request, lambda: selectors.header_counts(user))
        )
    }
