"""Template context every page needs: which navigation links the reader may follow."""

from panelist.access import permissions


def navigation(request) -> dict:
    return {
        "nav_interviewers": permissions.reads_calibration(request.user),
        "can_configure_library": permissions.can_configure_library(request.user),
    }
