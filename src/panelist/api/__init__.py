"""The JSON API (``/api/v1/``) and the personal tokens that authenticate it."""
