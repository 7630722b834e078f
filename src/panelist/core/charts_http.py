from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.http import HttpResponse


# matplotlib writes the chart's styles into the SVG as a <style> element; opened on its own,
# the image needs them, and runs no script.
@csp_replace({"style-src": [UNSAFE_INLINE], "script-src": [NONE]})
def svg_response(svg: str) -> HttpResponse:
    """A chart as an image. Private: it is drawn from data the reader may see, not others'."""
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
