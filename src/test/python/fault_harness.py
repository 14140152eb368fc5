"""Processes for the fault-tolerance tests: Labbook servers that can be killed and restarted on the
same port and database, a private MariaDB server that can be stopped under them, and ingestion
clients that run as separate processes with the client's own retries switched on.

Reuses conftest's helpers for finding Java, free ports and waiting for /health.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from conftest import REPO_ROOT, _backend_label, _find_java, _free_port, _tail, _wait_healthy

HERE = Path(__file__).resolve().parent

# What the ingestion clients use: the stock client's retries, with a short back-off so that the
# tests stay fast (urllib3 waits 0, 2, 4, 8... s between attempts with factor 1).
CLIENT_RETRY_ENV = {
    "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "10",
    "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "1",
    "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER": "0.5",
    "MLFLOW_HTTP_REQUEST_TIMEOUT": "30",
}


def shared_backend_uri() -> str | None:
    """The suite's MariaDB/MySQL backend, or None when the suite runs on H2."""
    uri = os.environ.get("LABBOOK_TEST_BACKEND_URI")
    if uri and not uri.lower().startswith(("h2:", "jdbc:h2:")):
        return uri
    return None


def require_jar() -> Path:
    if os.environ.get("LABBOOK_TEST_SERVER_URL"):
        pytest.skip("LABBOOK_TEST_SERVER_URL is set: these tests start and kill their own servers")
    jar = Path(os.environ.get("LABBOOK_JAR") or REPO_ROOT / "target" / "labbook.jar")
    if not jar.is_file():
        pytest.exit(f"server jar not found: {jar} (build it first or set LABBOOK_JAR)", returncode=3)
    return jar


# ------------------------------------------------------------------------------------------------
# Labbook server processes
# ------------------------------------------------------------------------------------------------
@dataclass
class LabbookProcess:
    """One server process; ``start`` again after a kill reuses the port, database and folders."""

    name: str
    backend: str
    root: Path
    port: int = field(default_factory=_free_port)
    extra_args: list[str] = field(default_factory=list)
    proc: subprocess.Popen | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def artifacts(self) -> Path:
        return self.root / "artifacts"

    @property
    def log(self) -> Path:
        return REPO_ROOT / "target" / f"pytest-fault-{self.name}-{_backend_label(self.backend)}.log"

    def start(self, *, wait: bool = True) -> float:
        """Starts the process; returns the seconds until /health answered (0 when not waiting)."""
        jar = require_jar()
        self.artifacts.mkdir(parents=True, exist_ok=True)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        cmd = [_find_java(), "-jar", str(jar), "server", "--host", "127.0.0.1", "--port", str(self.port),
               "--backend-store-uri", self.backend, "--artifacts-destination", str(self.artifacts),
               *self.extra_args]
        with open(self.log, "ab") as log:
            log.write(("# " + " ".join(cmd) + "\n").encode())
            t0 = time.monotonic()
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         cwd=str(self.root), start_new_session=True)
        self.starts += 1
        if not wait:
            return 0.0
        self.wait_healthy()
        return time.monotonic() - t0

    def wait_healthy(self) -> None:
        try:
            _wait_healthy(self.url, self.proc, self.log)
        except RuntimeError as e:
            self.stop()
            pytest.fail(f"{self.name} failed to start: {e}")

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def terminate(self) -> None:
        self.proc.send_signal(signal.SIGTERM)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def tail(self) -> str:
        return _tail(self.log)


def new_root(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"labbook-{prefix}-"))


def connection_refused(port: int) -> bool:
    """Whether a new TCP connection to the port is refused (rather than accepted or left hanging)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(2)
        try:
            s.connect(("127.0.0.1", port))
        except ConnectionRefusedError:
            return True
        except OSError:
            return False
        return False


# ------------------------------------------------------------------------------------------------
# A private MariaDB server (own datadir, port and socket; the shared one on 3306 is never touched)
# ------------------------------------------------------------------------------------------------
class PrivateMariaDb:
    USER = "labbook"
    PASSWORD = "labbook"
    DATABASE = "labbook_fault"

    def __init__(self) -> None:
        if not (shutil.which("mariadbd") or Path("/usr/sbin/mariadbd").exists()) \
                or not shutil.which("mariadb-install-db"):
            pytest.skip("mariadbd / mariadb-install-db not installed")
        self.mariadbd = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
        self.root = Path(tempfile.mkdtemp(prefix="labbook-mariadb-"))
        self.datadir = self.root / "data"
        self.socket = self.root / "mysqld.sock"
        self.port = _free_port()
        self.log = REPO_ROOT / "target" / "pytest-fault-private-mariadb.log"
        self.proc: subprocess.Popen | None = None
        # mariadbd refuses to run as root; as root it switches to the mysql user, who must own the files.
        self.as_root = os.geteuid() == 0
        init = self.root / "init.sql"
        init.write_text(
            f"CREATE DATABASE IF NOT EXISTS {self.DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;\n"
            f"CREATE USER IF NOT EXISTS '{self.USER}'@'127.0.0.1' IDENTIFIED BY '{self.PASSWORD}';\n"
            f"GRANT ALL PRIVILEGES ON {self.DATABASE}.* TO '{self.USER}'@'127.0.0.1';\n")
        self.init_file = init

    @property
    def backend_uri(self) -> str:
        return f"mysql://{self.USER}:{self.PASSWORD}@127.0.0.1:{self.port}/{self.DATABASE}"

    def _user_args(self) -> list[str]:
        return ["--user=mysql"] if self.as_root else []

    def install(self) -> None:
        self.datadir.mkdir()
        if self.as_root:
            shutil.chown(self.root, "mysql", "mysql")
            shutil.chown(self.datadir, "mysql", "mysql")
            os.chmod(self.init_file, 0o644)
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={self.datadir}", *self._user_args(),
                        "--skip-test-db", "--auth-root-authentication-method=socket"],
                       check=True, capture_output=True, timeout=120)

    def start(self) -> float:
        """Starts mariadbd and waits until the Labbook user can connect; returns the seconds it took."""
        t0 = time.monotonic()
        cmd = [self.mariadbd, "--no-defaults", f"--datadir={self.datadir}", f"--socket={self.socket}",
               f"--port={self.port}", "--bind-address=127.0.0.1", f"--pid-file={self.root / 'mysqld.pid'}",
               f"--init-file={self.init_file}", "--skip-log-bin", "--innodb-buffer-pool-size=32M",
               "--innodb-log-file-size=16M", "--max-connections=200", *self._user_args()]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mariadbd exited with {self.proc.returncode}:\n{_tail(self.log)}")
            if self.query("SELECT 1", quiet=True) == "1":
                return time.monotonic() - t0
            time.sleep(0.2)
        raise RuntimeError(f"mariadbd did not come up:\n{_tail(self.log)}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(sig)
        self.proc.wait(timeout=60)

    def query(self, sql: str, *, quiet: bool = False) -> str | None:
        return mariadb_query(f"127.0.0.1", self.port, self.USER, self.PASSWORD, self.DATABASE, sql, quiet=quiet)

    def destroy(self) -> None:
        self.stop(signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)


def mariadb_query(host: str, port: int, user: str, password: str, database: str, sql: str, *,
                  quiet: bool = False) -> str | None:
    """One query through the mariadb command-line client; tab-separated rows, no header."""
    env = {**os.environ, "MYSQL_PWD": password}
    out = subprocess.run(["mariadb", "--no-defaults", "-h", host, "-P", str(port), "-u", user, "-N", "-B",
                          database, "-e", sql], capture_output=True, text=True, timeout=30, env=env)
    if out.returncode != 0:
        if quiet:
            return None
        raise RuntimeError(f"mariadb query failed: {out.stderr.strip()}")
    return out.stdout.strip()


def query_backend(uri: str, sql: str) -> str:
    """A query against a mysql:// backend URI, straight to the database (not through Labbook)."""
    parsed = urllib.parse.urlsplit(uri)
    return mariadb_query(parsed.hostname, parsed.port or 3306, urllib.parse.unquote(parsed.username or ""),
                         urllib.parse.unquote(parsed.password or ""), parsed.path.lstrip("/"), sql)


# ------------------------------------------------------------------------------------------------
# Ingestion clients, each its own process (fault_client.py)
# ------------------------------------------------------------------------------------------------
@dataclass
class IngestClient:
    index: int
    work: Path
    proc: subprocess.Popen

    @property
    def acks(self) -> list[dict]:
        path = self.work / f"acks-{self.index}.jsonl"
        if not path.exists():
            return []
        lines = path.read_text().splitlines()
        return [json.loads(line) for line in lines if line.endswith("}")]

    @property
    def result(self) -> dict:
        return json.loads((self.work / f"result-{self.index}.json").read_text())

    def output(self) -> str:
        return (self.work / f"client-{self.index}.log").read_text(errors="replace")


def start_clients(n: int, urls: list[str], own_runs: list[str], shared_run: str, work: Path, *,
                  points: int, start_step: int = 0) -> list[IngestClient]:
    """Starts n client processes; client i logs to own_runs[i] and shared_run through urls[i % len]."""
    clients = []
    for i in range(n):
        log = open(work / f"client-{i}.log", "wb")
        env = {**os.environ, **CLIENT_RETRY_ENV, "MLFLOW_TRACKING_URI": urls[i % len(urls)]}
        cmd = [sys.executable, str(HERE / "fault_client.py"), "--url", urls[i % len(urls)], "--client", str(i),
               "--own-run", own_runs[i], "--shared-run", shared_run, "--points", str(points),
               "--work", str(work), "--start-step", str(start_step)]
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        log.close()
        clients.append(IngestClient(i, work, proc))
    return clients


def wait_for_acks(clients: list[IngestClient], at_least: int, timeout: float = 90) -> None:
    """Waits until every client has at least this many acknowledged batches."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for c in clients:
            if c.proc.poll() is not None:
                raise AssertionError(f"client {c.index} exited early ({c.proc.returncode}):\n{c.output()[-3000:]}")
        if all(len(c.acks) >= at_least for c in clients):
            return
        time.sleep(0.1)
    raise AssertionError(f"clients did not reach {at_least} acknowledged batches: {[len(c.acks) for c in clients]}")


def finish_clients(clients: list[IngestClient], work: Path, timeout: float = 120) -> list[dict]:
    """Tells the clients to stop after their current batch and returns their results."""
    (work / "stop").touch()
    for c in clients:
        try:
            c.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            c.proc.kill()
            raise AssertionError(f"client {c.index} did not finish:\n{c.output()[-3000:]}")
        assert c.proc.returncode == 0, f"client {c.index} failed:\n{c.output()[-3000:]}"
    return [c.result for c in clients]


def expected_points(clients: list[IngestClient]) -> dict[str, dict[str, set]]:
    """run label ('own-<i>' or 'shared') -> key -> set of (step, timestamp, value) that were acknowledged."""
    from fault_client import batch_points  # the same function the clients used

    expected: dict[str, dict[str, set]] = {}
    for c in clients:
        for ack in c.acks:
            label = "shared" if ack["run"] == "shared" else f"own-{c.index}"
            for key, step, ts, value in batch_points(c.index, ack["run"], ack["batch"], ack["points"],
                                                     ack["start_step"]):
                expected.setdefault(label, {}).setdefault(key, set()).add((step, ts, value))
    return expected


def stored_points(client, run_id: str, keys) -> dict[str, list]:
    """key -> every stored (step, timestamp, value) of a run, as get-history returns them (duplicates kept)."""
    return {key: [(m.step, m.timestamp, m.value) for m in client.get_metric_history(run_id, key)]
            for key in keys}


def assert_exactly_once(client, run_ids: dict[str, str], expected: dict[str, dict[str, set]]) -> int:
    """Every acknowledged point is stored, and stored once; returns how many points were checked."""
    checked = 0
    for label, by_key in expected.items():
        stored = stored_points(client, run_ids[label], by_key.keys())
        for key, points in by_key.items():
            got = stored[key]
            dupes = len(got) - len(set(got))
            assert dupes == 0, f"{label}/{key}: {dupes} duplicate points"
            missing = points - set(got)
            assert not missing, f"{label}/{key}: {len(missing)} acknowledged points lost, e.g. {sorted(missing)[:3]}"
            checked += len(points)
    return checked


def retry_summary(results: list[dict]) -> str:
    return ", ".join(f"client {r['client']}: {r['batches']} batches, {r['retries']} retries, "
                     f"longest batch {r['slowest_batch_s']:.1f}s" for r in results)
