"""Typed errors on the unary and stream paths, cancellation, progress, /stats, host death."""

import os
import subprocess
import threading
import unittest

from workerproc import PYTHON, WORKER, FIXTURES, WorkerProcess, pid_alive, read_line, wait_until

JOB_ERROR_FIELDS = ["category", "message", "retriable", "original_exc_repr", "traceback", "retry_after_seconds",
                    "fields_invalid", "resource_shortfall", "plugin_name", "plugin_instance_id", "occurred_at"]

# requested kind -> (HTTP status, category, retriable, repr prefix, extra fields expected)
CASES = {
    "user_input": (400, "user_input", False, "PluginInputError('boom')", {"fields_invalid": ["category"]}),
    "transient": (503, "transient", True, "PluginTransientError('boom')", {"retry_after_seconds": 2.5}),
    "resource": (507, "resource", True, "PluginResourceError('boom')",
                 {"resource_shortfall": {"resource": "gpu_vram_mb", "needed": 8000.0, "available": 2000.0}}),
    "fatal": (500, "fatal", False, "PluginFatalError('boom')", {}),
    "cancelled": (409, "transient", False, "PluginCancelledError(\"Plugin 'py-errors' cancelled by operator\")", {}),
    "ValueError": (400, "user_input", False, "ValueError('boom')", {}),
    "KeyError": (400, "user_input", False, "KeyError('boom')", {}),
    "FileNotFoundError": (400, "user_input", False, "FileNotFoundError('boom')", {}),
    "OSError": (503, "transient", True, "OSError('boom')", {}),
    "TimeoutError": (503, "transient", True, "TimeoutError('boom')", {}),
    "MemoryError": (507, "resource", True, "MemoryError('boom')", {}),
    "RuntimeError": (500, "fatal", False, "RuntimeError('boom')", {}),
}


class TypedErrorsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.worker = WorkerProcess.example("py-errors", env={"CORDON_INSTANCE_ID": "py-errors-1"})

    @classmethod
    def tearDownClass(cls):
        cls.worker.stop()

    def check_job_error(self, error, kind):
        _, category, retriable, exc_repr, extra = CASES[kind]
        self.assertEqual(list(error), JOB_ERROR_FIELDS)
        self.assertEqual(error["category"], category)
        self.assertEqual(error["retriable"], retriable)
        self.assertEqual(error["original_exc_repr"], exc_repr)
        self.assertIn("Traceback (most recent call last)", error["traceback"])
        self.assertEqual(error["plugin_name"], "py-errors")
        self.assertEqual(error["plugin_instance_id"], "py-errors-1")
        self.assertRegex(error["occurred_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")
        for field in ("retry_after_seconds", "fields_invalid", "resource_shortfall"):
            self.assertEqual(error[field], extra.get(field), field)

    def test_each_category_on_the_unary_path_has_its_status_and_a_full_job_error(self):
        for kind, (status, *_rest) in CASES.items():
            with self.subTest(kind=kind):
                got_status, body = self.worker.execute(category=kind, message="boom") if kind != "cancelled" \
                    else self.worker.execute(category=kind)
                self.assertEqual(got_status, status)
                self.assertEqual(list(body), ["_job_error"])
                self.check_job_error(body["_job_error"], kind)

    def test_transient_error_carries_retry_after_header(self):
        status, resp, _ = self.worker.request("POST", "/execute", {"kwargs": {"category": "transient"}})
        self.assertEqual((status, resp.getheader("Retry-After")), (503, "3"))

    def test_each_category_on_the_stream_path_ends_the_stream_with_a_job_error_line(self):
        for kind in CASES:
            with self.subTest(kind=kind):
                kwargs = {"category": kind, "after": 2}
                if kind != "cancelled":
                    kwargs["message"] = "boom"
                status, ctype, lines = self.worker.stream(**kwargs)
                self.assertEqual(status, 200)
                self.assertEqual(lines[:2], [{"i": 0}, {"i": 1}])
                self.assertEqual(len(lines), 3)
                self.check_job_error(lines[2]["_job_error"], kind)

    def test_wrong_arguments_are_a_user_input_error(self):
        status, body = self.worker.execute(no_such_argument=1)
        self.assertEqual(status, 400)
        self.assertEqual(body["_job_error"]["category"], "user_input")
        self.assertTrue(body["_job_error"]["original_exc_repr"].startswith("TypeError("))

    def test_the_worker_keeps_serving_after_errors(self):
        for kind in CASES:
            self.worker.execute(category=kind)
        self.assertEqual(self.worker.call("GET", "/health")[0], 200)


class UnencodableResultsTest(unittest.TestCase):
    def test_nan_unencodable_values_and_sys_exit_are_fatal_errors(self):
        worker = WorkerProcess.fixture("LifecyclePlugin")
        try:
            for action, needle in (("nan", "not JSON"), ("unencodable", "not JSON"), ("exit", "SystemExit")):
                status, body = worker.execute(action=action)
                self.assertEqual(status, 500, action)
                self.assertEqual(body["_job_error"]["category"], "fatal")
                self.assertIn(needle, body["_job_error"]["message"] + body["_job_error"]["original_exc_repr"])
            self.assertEqual(worker.execute()[0], 200)
        finally:
            worker.stop()


class CancelAndProgressTest(unittest.TestCase):
    def setUp(self):
        self.worker = WorkerProcess.example("py-slow")

    def tearDown(self):
        self.worker.stop()

    def test_cancel_stops_a_running_execute_with_409(self):
        result = {}
        call = threading.Thread(target=lambda: result.update(r=self.worker.call_alone(
            "POST", "/execute", {"kwargs": {"steps": 1000, "step_seconds": 0.02}})))
        call.start()
        self.assertTrue(wait_until(lambda: self.worker.call("GET", "/progress")[1]["progress"] > 0, timeout=10))
        progress = self.worker.call("GET", "/progress")[1]
        self.assertRegex(progress["message"], r"^step \d+ of 1000$")
        self.assertEqual(self.worker.call("POST", "/cancel"), (200, {"status": "cancelled"}))
        call.join(10)
        self.assertFalse(call.is_alive())
        status, body = result["r"]
        self.assertEqual(status, 409)
        self.assertEqual(body["_job_error"]["original_exc_repr"], "PluginCancelledError(\"Plugin 'py-slow' cancelled by operator\")")
        self.assertFalse(body["_job_error"]["retriable"])
        # the cancel does not leak into the next call
        self.assertEqual(self.worker.execute(steps=2, step_seconds=0), (200, {"steps": 2}))

    def test_cancel_ends_a_stream_with_a_cancelled_job_error_line(self):
        streamer = WorkerProcess.example("py-streamer")
        try:
            self.assertEqual(streamer.call("POST", "/cancel"), (200, {"status": "cancelled"}))
            # a cancel that arrives between calls does not cancel the next one
            self.assertEqual(len(streamer.stream(n=5)[2]), 5)
        finally:
            streamer.stop()

    def test_progress_resets_at_the_start_of_each_execute(self):
        self.assertEqual(self.worker.execute(steps=3, step_seconds=0), (200, {"steps": 3}))
        self.assertEqual(self.worker.call("GET", "/progress")[1], {"progress": 1.0, "message": "step 3 of 3"})
        self.assertEqual(self.worker.execute(steps=0), (200, {"steps": 0}))
        self.assertEqual(self.worker.call("GET", "/progress")[1], {"progress": 0.0, "message": ""})


class StatsTest(unittest.TestCase):
    def test_cpu_percent_reflects_work_since_the_previous_call(self):
        worker = WorkerProcess.fixture("LifecyclePlugin")
        try:
            worker.call("GET", "/stats")
            worker.execute(action="burn", seconds=0.3)
            self.assertGreater(worker.call("GET", "/stats")[1]["cpu_percent"], 1.0)
        finally:
            worker.stop()

    def test_rss_and_pids_include_descendants_which_die_with_the_worker(self):
        worker = WorkerProcess.fixture("LifecyclePlugin")
        try:
            before = worker.call("GET", "/stats")[1]["memory_rss_mb"]
            child = worker.execute(action="spawn")[1]
            self.assertTrue(wait_until(lambda: worker.call("GET", "/stats")[1]["memory_rss_mb"] > before + 20, timeout=10))
            self.assertEqual(worker.call("GET", "/stats")[1]["subtree_pids"], [worker.pid, child])
        finally:
            worker.stop()
        self.assertTrue(wait_until(lambda: not pid_alive(child), timeout=5))


class HostDeathTest(unittest.TestCase):
    def test_closing_stdin_ends_the_worker_at_once(self):
        worker = WorkerProcess.example("py-slow")
        call = threading.Thread(target=lambda: worker.call_alone("POST", "/execute", {"kwargs": {"steps": 1000}}), daemon=True)
        call.start()
        worker.proc.stdin.close()
        self.assertTrue(wait_until(lambda: worker.proc.poll() is not None, timeout=1.0))
        self.assertEqual(worker.proc.returncode, 4)
        self.assertIn("host gone (stdin closed)", worker.log_text())
        worker.stop()

    def test_parent_exit_ends_the_worker_when_stdin_is_not_a_pipe(self):
        # An intermediate "host" starts the worker with stdin from a file holding the token, prints the handshake,
        # then waits.
        host_code = (
            "import subprocess, sys, tempfile\n"
            "token = tempfile.TemporaryFile()\n"
            "token.write(b'x' * 32 + b'\\n'); token.seek(0)\n"
            "p = subprocess.Popen(sys.argv[1:], stdin=token, stdout=subprocess.PIPE)\n"
            "sys.stdout.buffer.write(p.stdout.readline()); sys.stdout.flush()\n"
            "sys.stdin.read()\n")
        env = dict(os.environ)
        host = subprocess.Popen([PYTHON, "-c", host_code, PYTHON, str(WORKER), "--module", "fixture_plugins",
                                 "--class", "LifecyclePlugin", "--path", str(FIXTURES)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        try:
            line = read_line(host.stdout, 15).decode()
            self.assertTrue(line.startswith("CORDON|1|"), line)
            worker_pid = int(line.strip().split("|")[3])
            self.assertTrue(pid_alive(worker_pid))
            host.kill()
            host.wait(5)
            self.assertTrue(wait_until(lambda: not pid_alive(worker_pid), timeout=1.0))
        finally:
            if host.poll() is None:
                host.kill()
            host.wait(5)
            host.stdin.close()
            host.stdout.close()


if __name__ == "__main__":
    unittest.main()
