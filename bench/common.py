"""What the benchmark scripts share: the project's Python, a production-like
environment on a throwaway database, and servers that stop when a run ends."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent

# Settings the runs choose for themselves; test mode would measure something else.
_IGNORED_ENV = {
    "REDIS_URL",
    "ONCOLEX_TESTING",
    "ONCOLEX_PAGE_CACHE_SECONDS",
    "DJANGO_SETTINGS_MODULE",
}


def verdict(ok: bool) -> str:
    """Every bench script's word for a budget: `--check` exits 1 on the other."""
    return "ok" if ok else "OVER BUDGET"


def python() -> str:
    venv = BASE_DIR / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(
    tmp: Path, *, database_url: str | None = None, settings_extra: str = ""
) -> dict[str, str]:
    """Production-like settings (DEBUG off) on a throwaway database, through a
    settings module in `tmp` that wraps the project's own: STATIC_ROOT moves into
    the temp dir, so a run never touches the checkout's staticfiles/."""
    (tmp / "static").mkdir(exist_ok=True)
    (tmp / "bench_settings.py").write_text(
        "import os\n"
        "from oncolex.settings import *  # noqa: F403\n"
        f"STATIC_ROOT = {str(tmp / 'static')!r}\n" + settings_extra
    )
    env = {k: v for k, v in os.environ.items() if k not in _IGNORED_ENV}
    env.update(
        DATABASE_URL=database_url or f"sqlite:///{tmp / 'bench.sqlite3'}",
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join([str(tmp), str(BASE_DIR)]),
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=f"bench-{secrets.token_urlsafe(32)}",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    return env


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        args, env=env, cwd=BASE_DIR, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


@contextmanager
def serving(name: str, command: list[str], port: int, **popen: Any) -> Iterator[None]:
    """Run a server until the block ends; wait until it listens on `port`."""
    process = subprocess.Popen(command, **popen)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                sys.exit(f"{name} exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit(f"{name} did not start in 30 s")
                time.sleep(0.1)
        yield
    finally:
        process.terminate()  # gunicorn's master stops its workers gracefully
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(
    app: str, *, chdir: Path, env: dict[str, str], log: Path | None = None
) -> Iterator[str]:
    """Serve `app` with 2 sync workers on a free loopback port; yield its URL.

    `log`: a file for the server's output (its JSON request log), as
    production sends it to the journal; without one it goes to the terminal,
    whose slow writes would then be part of every measured request."""
    port = free_port()
    command = [python(), "-m", "gunicorn", app, "--log-level", "warning"]
    command += ["--workers", "2", "--worker-class", "sync"]
    command += ["--bind", f"127.0.0.1:{port}", "--chdir", str(chdir)]
    if log is None:
        with serving(f"gunicorn {app}", command, port, env=env):
            yield f"http://127.0.0.1:{port}"
        return
    with (
        log.open("ab") as output,
        serving(
            f"gunicorn {app}", command, port, env=env, stdout=output, stderr=output
        ),
    ):
        yield f"http://127.0.0.1:{port}"
