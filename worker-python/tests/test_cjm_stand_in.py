"""The original cjm worker's stand-in (test resources of worker-launcher): given port or fd, no token, detail errors."""

import http.client
import json
import os
import socket
import subprocess
import unittest

from workerproc import EXAMPLES, PYTHON, WorkerProcess, cjm_stand_in_command, wait_until


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StandInWorker(WorkerProcess):
    """Started the way the original's launcher starts its worker; ready when /health answers."""

    def __init__(self, example, module, cls, *, fd_socket=None):
        self.listener = fd_socket
        if fd_socket is None:
            self.compat_port = free_port()
            args = ("--port", str(self.compat_port), "--ppid", str(os.getpid()))
        else:
            self.compat_port = fd_socket.getsockname()[1]
            args = ("--fd", str(fd_socket.fileno()), "--ppid", str(os.getpid()))
        command, env = cjm_stand_in_command()
        super().__init__(module, cls, EXAMPLES / example, args=args, token=False, handshake=False, command=command,
                         env=env)
        self.port = self.compat_port

    def stop(self):
        """The original launcher's way: SIGTERM (the stand-in does not watch stdin)."""
        if self.proc.poll() is None:
            self.proc.terminate()
        return super().stop()

    def wait_ready(self):
        def answers():
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                try:
                    conn.request("GET", "/health")
                    return conn.getresponse().status == 200
                finally:
                    conn.close()
            except OSError:
                return False
        return wait_until(answers, timeout=15, interval=0.02)


class CompatModeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.errors = StandInWorker("py-errors", "py_errors", "ErrorsPlugin")
        assert cls.errors.wait_ready(), cls.errors.log_text()

    @classmethod
    def tearDownClass(cls):
        cls.errors.stop()

    def test_no_handshake_line_no_token_and_original_health_shape(self):
        status, body = self.errors.call("GET", "/health")
        self.assertEqual((status, body), (200, {"status": "running", "pid": self.errors.pid, "name": "py-errors",
                                                "version": "1.0.0"}))
        self.assertNotIn("CORDON|", self.errors.log_text())

    def test_unary_errors_are_500_detail_and_cancellation_409_detail(self):
        self.assertEqual(self.errors.execute(category="transient", message="try later"), (500, {"detail": "try later"}))
        self.assertEqual(self.errors.execute(category="cancelled"),
                         (409, {"detail": "Plugin 'py-errors' cancelled by operator"}))

    def test_malformed_execute_body_is_500_plain_text_as_in_the_original(self):
        status, resp, body = self.errors.request("POST", "/execute", b"{nope")
        self.assertEqual((status, body), (500, b"Internal Server Error"))
        self.assertTrue(resp.getheader("Content-Type").startswith("text/plain"))

    def test_unknown_path_and_wrong_method_use_the_original_detail_texts(self):
        self.assertEqual(self.errors.call("GET", "/nope"), (404, {"detail": "Not Found"}))
        self.assertEqual(self.errors.call("GET", "/execute"), (405, {"detail": "Method Not Allowed"}))

    def test_stream_job_error_line_uses_the_originals_json_formatting(self):
        status, resp, data = self.errors.request("POST", "/execute_stream",
                                                 {"kwargs": {"category": "resource", "message": "vram", "after": 1}})
        self.assertEqual(status, 200)
        lines = data.split(b"\n")
        self.assertEqual(lines[0], b'{"i": 0}')
        self.assertTrue(lines[1].startswith(b'{"_job_error": {"category": "resource", "message": "vram", "retriable": true'))
        error = json.loads(lines[1])["_job_error"]
        self.assertEqual(error["resource_shortfall"], {"resource": "gpu_vram_mb", "needed": 8000.0, "available": 2000.0})

    def test_initialize_failure_is_400_detail(self):
        status, body = self.errors.call("POST", "/initialize", b"{broken")
        self.assertEqual(status, 400)
        self.assertIn("Expecting property name", body["detail"])


class CompatLifecycleTest(unittest.TestCase):
    def test_progress_is_not_reset_between_calls_like_the_original(self):
        slow = StandInWorker("py-slow", "py_slow", "SlowPlugin")
        try:
            self.assertTrue(slow.wait_ready())
            slow.execute(steps=2, step_seconds=0)
            slow.execute(steps=0)
            self.assertEqual(slow.call("GET", "/progress")[1], {"progress": 1.0, "message": "step 2 of 2"})
        finally:
            slow.stop()

    def test_serves_an_inherited_listening_socket_given_with_fd(self):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.set_inheritable(True)
        original_popen = subprocess.Popen

        def popen_passing_fd(*args, **kwargs):
            kwargs["pass_fds"] = (listener.fileno(),)
            return original_popen(*args, **kwargs)
        subprocess.Popen = popen_passing_fd
        try:
            echo = StandInWorker("py-echo", "py_echo", "EchoPlugin", fd_socket=listener)
        finally:
            subprocess.Popen = original_popen
        listener.close()
        try:
            self.assertTrue(echo.wait_ready())
            self.assertEqual(echo.execute(1, a=2), (200, {"args": [1], "kwargs": {"a": 2}}))
        finally:
            echo.stop()

    def test_exits_when_the_parent_given_with_ppid_exits(self):
        parent = subprocess.Popen([PYTHON, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
        port = free_port()
        command, env = cjm_stand_in_command()
        worker = subprocess.Popen([*command, "--module", "py_echo", "--class", "EchoPlugin",
                                   "--path", str(EXAMPLES / "py-echo"), "--port", str(port),
                                   "--ppid", str(parent.pid)], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, **env))
        try:
            self.assertTrue(wait_until(lambda: _health(port), timeout=15))
            parent.stdin.close()
            parent.wait(5)
            self.assertTrue(wait_until(lambda: worker.poll() is not None, timeout=1.0))
        finally:
            if worker.poll() is None:
                worker.kill()
            worker.wait(5)
            if parent.poll() is None:
                parent.kill()
            parent.wait(5)


def _health(port):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/health")
            return conn.getresponse().status == 200
        finally:
            conn.close()
    except OSError:
        return False


if __name__ == "__main__":
    unittest.main()
