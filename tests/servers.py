"""Private servers a test session starts for itself, so no test touches a
shared Redis or PostgreSQL it did not create (and fault tests may stop them)."""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class PrivateRedis:
    """A memory-only redis-server on a free loopback port in `directory`."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail(
                "redis-server is missing: install Debian's package with "
                "`apt-get install -y redis-server` (.ci/run does)."
            )
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/1"

    def start(self) -> None:
        command = [self.binary, "--bind", "127.0.0.1", "--port", str(self.port)]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(  # noqa: S603
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def pause(self) -> None:
        """Hang it: connections are accepted by the kernel, never answered."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)


PG_BIN = Path("/usr/lib/postgresql/15/bin")


def postgres_binaries_missing() -> bool:
    return not (PG_BIN / "initdb").exists()


class PrivatePostgres:
    """A PostgreSQL cluster in a temp dir of its own, on a free loopback port.

    PostgreSQL refuses to run as root, so as root its commands run as the
    `postgres` system user, which then owns the directory (made directly in
    the system temp dir: that user cannot enter a root-only pytest temp dir).
    """

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="oncolex-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()

    def destroy(self) -> None:
        """Stop it at once (if running) and delete its files."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run(  # noqa: S603
            [*prefix, *command], capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise subprocess.CalledProcessError(
                done.returncode, command, done.stdout, done.stderr
            )

    def _own(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
            self.directory.chmod(0o700)

    def _configure(self, extra: str = "") -> None:
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.directory}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                + extra
            )

    def init(self) -> PrivatePostgres:
        self._own()
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth=trust", "-E", "UTF8", "--no-instructions",
        )  # fmt: skip
        self._configure("wal_level = replica\nmax_wal_senders = 4\n")
        with (self.data / "pg_hba.conf").open("a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        return self

    def replica(self) -> PrivatePostgres:
        """A streaming replica of this (running) cluster, not yet started."""
        standby = PrivatePostgres()
        standby._own()
        self._run(
            str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.port),
            "-U", "postgres", "-D", str(standby.data), "-R", "-X", "stream",
        )  # fmt: skip
        standby._configure()
        return standby

    def start(self) -> None:
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data),
            "-l", str(self.directory / "log"), "-w", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"
        )

    def create_database(self, name: str) -> None:
        self._run(
            str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
            "-U", "postgres", name,
        )  # fmt: skip


# nginx, running the shipped configuration (deploy/nginx/: the maps and the
# public pages' locations) with the export directory and the application's
# address swapped in: what the export tests and `make bench` check it with.
DEPLOY = Path(__file__).resolve().parent.parent / "deploy" / "nginx"
# The paths the shipped configuration names.
SHIPPED_EXPORT_ROOT = "/srv/oncolex/export"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def nginx_configuration(
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


@contextlib.contextmanager
def running_nginx(
    prefix: Path, conf: str, ports: list[int], *, time_zone: str
) -> Iterator[None]:
    """Run nginx in the foreground with `conf` until the block ends, in
    `time_zone` (the application's: the export is linked by date)."""
    executable = nginx_binary()
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
            try:
                wait_for_port(port)
            except OSError:
                process.kill()
                error = process.communicate()[1].decode()
                raise RuntimeError(f"nginx did not start: {error}") from None
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
