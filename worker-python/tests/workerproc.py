"""Test support: start the real worker as a child process and talk HTTP/1.1 to it."""

import http.client
import json
import os
import secrets
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
ROOT = Path(__file__).resolve().parents[2]
WORKER = ROOT / "worker-python" / "cordon_worker.py"
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The original cjm worker's stand-in, which the launcher's tests run.
CJM_STAND_IN = ROOT / "worker-launcher" / "src" / "test" / "resources" / "cjm-stand-in"

EXAMPLE_PLUGINS = {
    "py-echo": ("py_echo", "EchoPlugin"),
    "py-streamer": ("py_streamer", "StreamerPlugin"),
    "py-slow": ("py_slow", "SlowPlugin"),
    "py-errors": ("py_errors", "ErrorsPlugin"),
}


def wait_until(predicate, timeout=5.0, interval=0.01):
    """Poll ``predicate`` until it is true or ``timeout`` seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def pid_alive(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def cjm_stand_in_command():
    """The stand-in started as the original's launcher starts its worker; with its PYTHONPATH."""
    env = {"PYTHONPATH": os.pathsep.join([str(CJM_STAND_IN), str(WORKER.parent)])}
    return [PYTHON, "-m", "cjm_plugin_system.core.worker"], env


def read_line(stream, timeout):
    """One line from a pipe, or whatever arrived before EOF or ``timeout``."""
    fd, data = stream.fileno(), b""
    deadline = time.monotonic() + timeout
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            break
        chunk = os.read(fd, 1)
        if not chunk:
            break
        data += chunk
    return data


class WorkerProcess:
    """One worker child process: started, handshake read, stopped and reaped by ``stop``."""

    def __init__(self, module, cls, path, *, args=(), env=None, token=True, handshake=True, command=None):
        self.token = secrets.token_hex(16) if token else None
        self.log = tempfile.NamedTemporaryFile(prefix="cordon-worker-", suffix=".log", delete=False)
        full_env = dict(os.environ)
        full_env.pop("CORDON_WORKER_TOKEN", None)
        if self.token:
            full_env["CORDON_WORKER_TOKEN"] = self.token
        full_env.update(env or {})
        cmd = [*(command or [PYTHON, str(WORKER)]), "--module", module, "--class", cls, "--path", str(path), *args]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, env=full_env)
        self.pid = self.proc.pid
        self.port = None
        self.handshake = None
        self._conn = None
        if handshake:
            self.handshake = read_line(self.proc.stdout, 15).decode("ascii", "replace")
            parts = self.handshake.strip().split("|")
            if len(parts) != 4 or parts[0] != "CORDON":
                self.stop()
                raise AssertionError(f"bad handshake {self.handshake!r}; log:\n{self.log_text()}")
            self.port = int(parts[2])

    @classmethod
    def example(cls, name, **kw):
        module, klass = EXAMPLE_PLUGINS[name]
        return cls(module, klass, EXAMPLES / name, **kw)

    @classmethod
    def fixture(cls, klass, module="fixture_plugins", **kw):
        return cls(module, klass, FIXTURES, **kw)

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)

    def request(self, method, path, body=None, *, auth=True, conn=None, headers=None):
        """(status, headers, body bytes); reuses one keep-alive connection unless ``conn`` is given."""
        if conn is None:
            if self._conn is None:
                self._conn = self.connection()
            conn = self._conn
        hdrs = dict(headers or {})
        if auth and self.token:
            hdrs["Authorization"] = f"Bearer {self.token}"
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, resp, data

    def call(self, method, path, body=None, **kw):
        status, resp, data = self.request(method, path, body, **kw)
        return status, json.loads(data) if data else None

    def call_alone(self, method, path, body=None):
        """``call`` on a connection of its own (for concurrent calls); transport errors return (None, repr)."""
        conn = self.connection()
        try:
            return self.call(method, path, body, conn=conn)
        except OSError as exc:
            return None, repr(exc)
        finally:
            conn.close()

    def execute(self, *args, **kwargs):
        return self.call("POST", "/execute", {"args": list(args), "kwargs": kwargs})

    def stream(self, *args, conn=None, **kwargs):
        """(status, content type, parsed lines) of /execute_stream."""
        status, resp, data = self.request("POST", "/execute_stream", {"args": list(args), "kwargs": kwargs}, conn=conn)
        lines = [json.loads(line) for line in data.split(b"\n") if line.strip()]
        return status, resp.getheader("Content-Type"), lines

    def log_text(self):
        with open(self.log.name, "r", encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        """Close stdin (the host-death signal), wait up to 5 s, kill if still running; always reaps."""
        if self._conn is not None:
            self._conn.close()
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.proc.stdout.close()
        self.log.close()
        os.unlink(self.log.name)
        return self.proc.returncode
