"""Template context every page needs: which navigation links the reader may follow, and the
Content-Security-Policy nonce for the page's scripts."""

from panelist.access import permissions


def navigation(request) -> dict:
    return {
        "nav_interviewers": permissions.reads_calibration(request.user),
        "can_configure_library": permissions.can_configure_library(request.user),
        "nav_audit": permissions.reads_audit_log(request.user),
        "nav_webhooks": permissions.can_manage_webhooks(request.user),
        "nav_greenhouse": permissions.can_sync_greenhouse(request.user),
    }


def csp_nonce(request) -> dict:
    """The nonce under the name django-htmx's ``htmx_script`` tag reads; evaluated only when a
    template uses it, and then added to the page's Content-Security-Policy header."""
    return {"csp_nonce": getattr(request, "csp_nonce", None)}
