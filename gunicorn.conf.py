"""gunicorn settings for production: `gunicorn oncolex.wsgi` reads this file.

Every value can be changed by the environment variable named beside it.
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the application is CPU-bound on page assembly and does short
# database calls; (2 x cores) + 1 is gunicorn's own recommendation.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that runs this long is stuck (pages take milliseconds; the
# longest admin work, a CSV import, takes seconds): kill and replace the
# worker rather than let it hold a slot.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# The proxy keeps connections open to us; match nginx's upstream keepalive.
keepalive = 5
# Off by default: a recycled worker redoes its warm-up (URL resolver,
# templates, connections), which measurably slowed cached pages at 2,000.
# Set it (e.g. 50000) if a worker's memory ever grows.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# The application writes one JSON line per request (oncolex/logs.py) with the
# request id, status, duration and staff user id: that is the access log.
# gunicorn's own access log repeats it without those; set GUNICORN_ACCESS_LOG
# to "-" (stdout) or a path to have both.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = (
    '{"time": "%(t)s", "remote": "%(h)s", "request": "%(r)s", "status": %(s)s, '
    '"bytes": %(B)s, "duration_us": %(D)s, "request_id": "%({x-request-id}o)s"}'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Only the proxy on this host talks to gunicorn; it sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the application before forking: workers share its memory pages.
preload_app = True
