"""Starting, probing and stopping the servers under test. Each runs on its own free port with its
own database (MariaDB databases named labbook_bench_*; FastTrackML on SQLite) and artifact folder."""
import os
import signal
import socket
import subprocess
import time

import requests

MARIADB = "labbook:labbook@127.0.0.1:3306"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_bytes(pid):
    """Resident memory of a process and all its descendants (uvicorn runs one process per worker)."""
    total = 0
    for p in _tree(pid):
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def _tree(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


class Server:
    """One server process. Subclasses say how to start it and where its data lives."""
    name = "?"
    database = None  # a MariaDB database to (re)create, or None
    supports = frozenset("abcdefgh")

    def __init__(self, workdir):
        self.workdir = os.path.abspath(os.path.join(workdir, self.name))
        os.makedirs(self.workdir, exist_ok=True)
        self.artifacts = os.path.join(self.workdir, "artifacts")
        self.proc = None
        self.port = None

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def command(self):
        raise NotImplementedError

    def env(self):
        return dict(os.environ)

    def start(self, timeout=180):
        """Starts the server and returns the seconds from process start to a 200 from /health."""
        self.port = free_port()
        log = open(os.path.join(self.workdir, "server.log"), "ab")
        began = time.monotonic()
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, env=self.env(),
                                     cwd=self.workdir, start_new_session=True)
        while time.monotonic() - began < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s; see %s/server.log" % (self.name, self.proc.returncode, self.workdir))
            try:
                if requests.get(self.url + "/health", timeout=1).status_code == 200:
                    return time.monotonic() - began
            except requests.RequestException:
                pass
            time.sleep(0.01)
        self.stop()
        raise RuntimeError("%s did not become healthy within %ss" % (self.name, timeout))

    def rss(self):
        return tree_rss_bytes(self.proc.pid)

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


class Labbook(Server):
    name = "labbook"
    database = "labbook_bench_lb"

    def __init__(self, workdir, java, jar, java_opts, ui_dir):
        super().__init__(workdir)
        self.java, self.jar, self.java_opts, self.ui_dir = java, os.path.abspath(jar), java_opts, ui_dir

    def command(self):
        # The web UI build from the bench venv's mlflow, as the container image sets LABBOOK_UI_DIR.
        return [self.java, *self.java_opts, "-jar", self.jar, "server", "--ui-dir", self.ui_dir,
                "--backend-store-uri", "mysql://%s/%s" % (MARIADB, self.database),
                "--host", "127.0.0.1", "--port", str(self.port), "--artifacts-destination", self.artifacts]


class MlflowServer(Server):
    """`mlflow server` from the pinned release: uvicorn with its default 4 workers."""
    name = "mlflow"
    database = "labbook_bench_mlflow"

    def __init__(self, workdir, venv):
        super().__init__(workdir)
        self.venv = os.path.abspath(venv)

    def command(self):
        return [os.path.join(self.venv, "bin", "mlflow"), "server",
                "--backend-store-uri", "mysql+pymysql://%s/%s" % (MARIADB, self.database),
                "--host", "127.0.0.1", "--port", str(self.port), "--artifacts-destination", self.artifacts,
                # uvicorn kills a worker that misses a 5 s health ping; on a busy 2-core machine
                # workers starting up miss it and are restarted in a loop. This only lengthens the wait.
                "--uvicorn-opts", "--timeout-worker-healthcheck 120"]

    def env(self):
        env = dict(os.environ)
        env["PATH"] = os.path.join(self.venv, "bin") + os.pathsep + env.get("PATH", "")
        return env


class MlflowGo(MlflowServer):
    """mlflow-go-backend: MLflow's Python server with the tracking store's hot paths in Go. Version
    0.2.2 (the latest on PyPI) does not start with mlflow 3.18 (README, "Performance"); kept so that
    a release that does can be measured with --servers ...,mlflow-go."""
    name = "mlflow-go"
    database = "labbook_bench_mlgo"

    def command(self):
        cmd = super().command()
        return [os.path.join(self.venv, "bin", "mlflow-go")] + cmd[1:]


class FastTrackML(Server):
    """FastTrackML from its PyPI wheel, on SQLite (no PostgreSQL install needed). It has no
    mlflow-artifacts proxy, and its database is loaded through its API rather than in bulk."""
    name = "fasttrackml"
    supports = frozenset("ace")

    def __init__(self, workdir, venv):
        super().__init__(workdir)
        self.venv = os.path.abspath(venv)

    def command(self):
        return [os.path.join(self.venv, "bin", "fml"), "server", "--listen-address", "127.0.0.1:%d" % self.port,
                "--database-uri", "sqlite://%s" % os.path.join(self.workdir, "fasttrackml.db"),
                "--default-artifact-root", self.artifacts, "--log-level", "warn"]
