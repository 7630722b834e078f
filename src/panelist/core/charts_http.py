from django.http import HttpResponse


def svg_response(svg: str) -> HttpResponse:
    """A chart as an image. Private: it is drawn from data the reader may see, not others'."""
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
