"""Django's Redis cache backend, made safe to lose and cheaper to call.

Redis is an accelerator here, never a dependency: every page can be built from
PostgreSQL. So a failing Redis call is logged and answered as a cache miss (a
write is dropped; `incr` alone still raises, since a lost Redis is not a
missing key, and nothing here uses it), and a circuit breaker stops calling a
Redis that failed for a second: with short socket timeouts
(settings.REDIS_CACHE_OPTIONS) a hung Redis then costs one request about 100 ms
per second and per worker, instead of every request the full timeout.

Django's client also builds a new `redis.Redis` object for every cache call;
that object's construction (hundreds of response callbacks) cost about as much
as the network round trip itself on a cached page. The clients share Django's
connection pools and are thread-safe, so one per pool is kept.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long a failed Redis is left alone before one request tries it again.
# Short, so that the site is back on its cache within a second of Redis.
BREAKER_OPEN_SECONDS = 1.0


class CircuitBreaker:
    """Open after a failure; after `open_seconds` let one call through to try."""

    def __init__(self, open_seconds: float = BREAKER_OPEN_SECONDS) -> None:
        self.open_seconds = open_seconds
        self._opened_at: float | None = None
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        opened_at = self._opened_at
        return (
            opened_at is not None and time.monotonic() - opened_at < self.open_seconds
        )

    def allow(self) -> bool:
        with self._lock:
            if self.is_open:
                return False
            if self._opened_at is not None:
                # Half open: this caller tries; the others wait another period.
                self._opened_at = time.monotonic()
            return True

    def failed(self, error: Exception) -> None:
        with self._lock:
            if self._opened_at is None:
                logger.warning(
                    "Redis unavailable (%s); serving without the cache", error
                )
            self._opened_at = time.monotonic()

    def succeeded(self) -> None:
        if self._opened_at is not None:
            with self._lock:
                if self._opened_at is not None:
                    logger.warning("Redis is back; the cache is in use again")
                    self._opened_at = None


# What each call answers while Redis cannot: a miss, or a dropped write.
_FALLBACKS: dict[str, Callable[..., Any]] = {
    "get": lambda key, default=None, *a, **k: default,
    "get_many": lambda *a, **k: {},
    "add": lambda *a, **k: False,
    "set": lambda *a, **k: None,
    "set_many": lambda *a, **k: None,
    "touch": lambda *a, **k: False,
    "delete": lambda *a, **k: False,
    "delete_many": lambda *a, **k: None,
    "has_key": lambda *a, **k: False,
    "clear": lambda *a, **k: False,
}


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}
        self.breaker = CircuitBreaker()
        for name, fallback in _FALLBACKS.items():
            setattr(self, name, self._guarded(getattr(self, name), fallback))

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _guarded(
        self, call: Callable[..., Any], fallback: Callable[..., Any]
    ) -> Callable[..., Any]:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not self.breaker.allow():
                return fallback(*args, **kwargs)
            try:
                result = call(*args, **kwargs)
            except RedisError as error:
                self.breaker.failed(error)
                return fallback(*args, **kwargs)
            self.breaker.succeeded()
            return result

        return guarded

    def ping(self) -> bool:
        """Ask Redis itself, breaker or not: for /healthz."""
        try:
            return bool(self.get_client(write=True).ping())
        except RedisError:
            return False


class ReusingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    @property
    def is_available(self) -> bool:
        return self._cache.ping()
