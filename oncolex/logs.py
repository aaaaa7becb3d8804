"""Logs: one JSON object per line in production, readable lines in development.

Every request gets an id (the proxy's X-Request-ID when it sent a sane one,
else a new one), returned in the response's X-Request-ID header and attached
to every log line written while the request runs, so an operator can follow
one request from nginx through the application. The request line itself is
the access log: method, path, status, duration, and the user id for staff
(readers are anonymous and stay so).
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default="-"
)
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# What logging.LogRecord holds anyway; everything else came in `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
}

logger = logging.getLogger("oncolex.request")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(
                record.created, tz=datetime.UTC
            ).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        sent = request.headers.get("X-Request-ID", "")
        token = request_id.set(sent if _SANE_ID.fullmatch(sent) else uuid.uuid4().hex)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            logger.info(
                "%s %s %s %s ms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": _staff_id(request),
                },
            )
            return response
        finally:
            request_id.reset(token)


def _staff_id(request: HttpRequest) -> int | None:
    # Only look if authentication already ran: a cached page never loads the
    # session, and a reader's id is nobody's business.
    user = getattr(request, "_cached_user", None)
    if user is not None and user.is_staff:
        return user.pk
    return None
