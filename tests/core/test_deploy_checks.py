"""`panelist check --deploy` says what production settings would break mail or limits."""

from panelist.core.checks import (
    base_url_is_the_public_https_address,
    limits_are_shared_by_every_worker,
)


def _ids(messages) -> list[str]:
    return [m.id for m in messages]


def test_the_development_base_url_is_an_error_in_production(settings):
    settings.DEBUG = False
    settings.PANELIST_BASE_URL = "http://127.0.0.1:8000"
    assert _ids(base_url_is_the_public_https_address(None)) == ["panelist.E001"]
    settings.PANELIST_BASE_URL = "http://panelist.example.org"
    assert _ids(base_url_is_the_public_https_address(None)) == ["panelist.E001"]
    settings.PANELIST_BASE_URL = "https://panelist.example.org"
    assert base_url_is_the_public_https_address(None) == []


def test_the_base_url_is_not_checked_in_development(settings):
    settings.DEBUG = True
    settings.PANELIST_BASE_URL = "http://127.0.0.1:8000"
    assert base_url_is_the_public_https_address(None) == []


def test_several_workers_without_redis_are_warned_of(settings):
    settings.DEBUG = False
    settings.PANELIST_WORKERS = 5
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert _ids(limits_are_shared_by_every_worker(None)) == ["panelist.W001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    assert limits_are_shared_by_every_worker(None) == []
    settings.PANELIST_WORKERS = 1
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert limits_are_shared_by_every_worker(None) == []
