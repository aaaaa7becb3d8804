"""A private nginx on a loopback port, running deploy/nginx's configuration
(the maps and the public pages' locations, as shipped) with the export root
and the application's address swapped in: what the tests and `make bench`
check the shipped configuration with. Standard library only: the bench
imports it outside Django."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent.parent / "deploy" / "nginx"
# The paths the shipped configuration names.
SHIPPED_EXPORT_ROOT = "/srv/oncolex/export"


def binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def configuration(
    prefix: Path,
    *,
    pages_port: int,
    export_root: Path,
    application: str,
    file_port: int | None = None,
    file_root: Path | None = None,
) -> str:
    """nginx.conf for `nginx -p prefix`: the shipped page locations on
    `pages_port`; with `file_port`, a plain static server of `file_root` (the
    bench's reference) on it."""
    shipped = {
        name: (DEPLOY / name).read_text().replace(SHIPPED_EXPORT_ROOT, str(export_root))
        for name in ("oncolex-maps.conf", "oncolex-pages.conf")
    }
    plain = ""
    if file_port is not None:
        plain = f"""
    server {{
        listen 127.0.0.1:{file_port};
        location / {{ root {file_root}; try_files /page.html =404; }}
    }}"""
    temp = "".join(
        f"    {kind}_temp_path {prefix / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Started as root, nginx's workers would run as nobody, who cannot read a
    # private temp dir.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes 2;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
{temp}
{shipped["oncolex-maps.conf"]}
    upstream oncolex {{ server {application}; }}
    server {{
        listen 127.0.0.1:{pages_port};
{shipped["oncolex-pages.conf"]}
    }}{plain}
}}
"""


@contextmanager
def running(
    prefix: Path, conf: str, ports: list[int], *, time_zone: str
) -> Iterator[None]:
    """Run nginx in the foreground with `conf` until the block ends, in
    `time_zone` (the application's: the export is linked by date)."""
    executable = binary()
    if executable is None:
        raise FileNotFoundError("nginx is not installed")
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "nginx.conf").write_text(conf)
    command = [executable, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    process = subprocess.Popen(  # noqa: S603
        [*command, "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={"TZ": time_zone},
    )
    try:
        for port in ports:
            _wait(process, port)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"nginx exited: {error}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
