"""Read replicas: public reads go to the replica, everything else to the primary.

With DATABASE_REPLICA_URL set, a request reads from the replica only when it
cannot be anyone's own write it is waiting to see: a GET or HEAD outside the
admin, with no session cookie (staff are signed in) and no mark of a write in
the last few seconds (`ReplicaRoutingMiddleware` sets that mark on the answer
to every POST and friends, so "I approved it but I don't see it" cannot
happen while the replica catches up). Writes, migrations, commands and tasks
always use the primary.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PRIMARY = "default"
# Longer than the replica's lag ever is in a healthy setup.
RECENT_WRITE_COOKIE = "oncolex_wrote"
RECENT_WRITE_SECONDS = 10

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "use_replica", default=False
)


class PrimaryReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str:
        return REPLICA if _use_replica.get() else PRIMARY

    def db_for_write(self, model: type, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two servers

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


def may_read_replica(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith("/admin/")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and RECENT_WRITE_COOKIE not in request.COOKIES
    )


class ReplicaRoutingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if REPLICA not in settings.DATABASES:
            return self.get_response(request)
        token = _use_replica.set(may_read_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _use_replica.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                RECENT_WRITE_COOKIE,
                "1",
                max_age=RECENT_WRITE_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response
