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
import os
import re
import time
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

# A line is written for every request, stored pages included: skip what each
# record would gather that no line of ours shows (where in the source it was
# logged, thread and process names), as Python's logging HOWTO suggests
# ("Optimization").
logging._srcfile = None
logging.logThreads = False
logging.logProcesses = False
logging.logMultiprocessing = False
logging.logAsyncioTasks = False


def _utc_time(created: float) -> str:
    """`created` as ISO 8601 in UTC to the millisecond, as
    datetime.isoformat(timespec="milliseconds") writes it; the part up to the
    second is written once a second, not for every line."""
    global _second
    whole, fraction = divmod(created, 1)
    micro = round(fraction * 1_000_000)
    if micro == 1_000_000:
        whole, micro = whole + 1, 0
    second, text = _second
    if whole != second:
        text = datetime.datetime.fromtimestamp(whole, tz=datetime.UTC).strftime(
            "%Y-%m-%dT%H:%M:%S"
        )
        _second = (whole, text)
    return f"{text}.{micro // 1000:03d}+00:00"


_second: tuple[float, str] = (-1.0, "")
# One encoder for every line (json.dumps would build one per call).
_encode = json.JSONEncoder(default=str, ensure_ascii=False).encode


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": _utc_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return _encode(entry)


def request_id_for(sent: str) -> str:
    """The proxy's X-Request-ID when it is sane, else a new one."""
    return sent if _SANE_ID.fullmatch(sent) else os.urandom(16).hex()


def log_request(
    method: str, path: str, status: int, started: float, user_id: int | None = None
) -> None:
    """The access log's line for one request, `started` by time.perf_counter()."""
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    logger.info(
        "%s %s %s %s ms",
        method,
        path,
        status,
        duration_ms,
        extra={
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": duration_ms,
            "user_id": user_id,
        },
    )


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        token = request_id.set(request_id_for(request.headers.get("X-Request-ID", "")))
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            log_request(
                request.method,
                request.path,
                response.status_code,
                started,
                user_id=_staff_id(request),
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
