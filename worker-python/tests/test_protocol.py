"""Protocol v1 over a real worker process: handshake, auth, endpoints, HTTP errors, framing."""

import json
import os
import socket
import tempfile
import threading
import unittest

from workerproc import WorkerProcess


class HandshakeTest(unittest.TestCase):
    def test_prints_exactly_one_handshake_line_with_port_and_pid_even_when_the_plugin_prints(self):
        worker = WorkerProcess.fixture("LifecyclePlugin")
        try:
            self.assertRegex(worker.handshake, r"^CORDON\|1\|\d+\|\d+\n$")
            self.assertEqual(int(worker.handshake.split("|")[3]), worker.pid)
            status, health = worker.call("GET", "/health")
            self.assertEqual(status, 200)
            # stdout carries nothing after the handshake: the worker closed its copy, fd 1 is the log
            self.assertEqual(worker.proc.stdout.read(), b"")
            self.assertIn("constructing LifecyclePlugin", worker.log_text())
        finally:
            worker.stop()

    def test_refuses_to_start_without_a_token(self):
        worker = WorkerProcess.example("py-echo", token=False, handshake=False)
        try:
            self.assertEqual(worker.proc.wait(10), 2)
            self.assertEqual(worker.proc.stdout.read(), b"")
            self.assertIn("no bearer token on stdin", worker.log_text())
        finally:
            worker.stop()

    def test_plugin_that_fails_to_construct_exits_3_without_handshake_and_logs_why(self):
        worker = WorkerProcess.fixture("BrokenPlugin", handshake=False)
        try:
            self.assertEqual(worker.proc.wait(10), 3)
            self.assertEqual(worker.proc.stdout.read(), b"")
            self.assertIn("FATAL: Failed to load fixture_plugins:BrokenPlugin", worker.log_text())
            self.assertIn("constructor refuses to start", worker.log_text())
        finally:
            worker.stop()

    def test_token_is_in_neither_the_plugins_environment_nor_proc_environ(self):
        worker = WorkerProcess.fixture("LifecyclePlugin")
        try:
            self.assertEqual(worker.execute(action="env", name="CORDON_WORKER_TOKEN"), (200, None))
            with open(f"/proc/{worker.pid}/environ", "rb") as environ:
                self.assertNotIn(worker.token.encode("ascii"), environ.read())
            self.assertEqual(worker.execute(action="env", name="PATH")[1], os.environ["PATH"])
        finally:
            worker.stop()


class EchoEndpointsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.worker = WorkerProcess.example("py-echo", env={"CORDON_MAX_BODY_BYTES": "4096"})

    @classmethod
    def tearDownClass(cls):
        cls.worker.stop()

    def test_health_reports_name_version_pid_and_protocol(self):
        status, body = self.worker.call("GET", "/health")
        self.assertEqual((status, body), (200, {"status": "running", "pid": self.worker.pid, "name": "py-echo",
                                                "version": "1.0.0", "protocol": 1}))

    def test_request_without_or_with_wrong_token_gets_401_and_the_connection_keeps_serving(self):
        conn = self.worker.connection()
        try:
            status, resp, body = self.worker.request("POST", "/execute", {"kwargs": {"a": 1}}, auth=False, conn=conn)
            self.assertEqual(status, 401)
            self.assertIn("token", json.loads(body)["detail"])
            self.assertEqual(resp.getheader("WWW-Authenticate"), 'Bearer realm="cordon-worker"')
            status, _, _ = self.worker.request("GET", "/health", auth=False, conn=conn,
                                               headers={"Authorization": "Bearer wrong"})
            self.assertEqual(status, 401)
            status, _, _ = self.worker.request("GET", "/health", conn=conn)
            self.assertEqual(status, 200)
        finally:
            conn.close()

    def test_execute_returns_the_plugins_json_result(self):
        status, body = self.worker.execute(1, "zwei", None, x={"nested": [1.5, True]}, s="héllo ✓")
        self.assertEqual(status, 200)
        self.assertEqual(body, {"args": [1, "zwei", None], "kwargs": {"x": {"nested": [1.5, True]}, "s": "héllo ✓"}})

    def test_execute_accepts_an_empty_body_as_no_arguments(self):
        status, body = self.worker.call("POST", "/execute", b"")
        self.assertEqual((status, body), (200, {"args": [], "kwargs": {}}))

    def test_malformed_json_gets_400_with_a_message_and_the_worker_keeps_serving(self):
        status, body = self.worker.call("POST", "/execute", b"{not json")
        self.assertEqual(status, 400)
        self.assertIn("not valid JSON", body["detail"])
        status, body = self.worker.call("POST", "/execute", [1, 2])
        self.assertEqual(status, 400)
        self.assertIn("JSON object", body["detail"])
        status, body = self.worker.call("POST", "/execute", {"args": {"a": 1}})
        self.assertEqual(status, 400)
        status, _ = self.worker.execute(ok=True)
        self.assertEqual(status, 200)

    def test_unknown_path_gets_404_and_wrong_method_405_with_allow(self):
        status, body = self.worker.call("GET", "/docs")
        self.assertEqual(status, 404)
        self.assertIn("/docs", body["detail"])
        status, resp, _ = self.worker.request("GET", "/execute")
        self.assertEqual(status, 405)
        self.assertEqual(resp.getheader("Allow"), "POST")
        status, resp, _ = self.worker.request("POST", "/health", {"x": 1})
        self.assertEqual(status, 405)
        self.assertEqual(self.worker.call("GET", "/health")[0], 200)

    def test_body_over_the_limit_gets_413_then_new_connections_are_served(self):
        conn = self.worker.connection()
        try:
            status, _, body = self.worker.request("POST", "/execute", {"kwargs": {"big": "x" * 5000}}, conn=conn)
            self.assertEqual(status, 413)
            self.assertIn("4096", json.loads(body)["detail"])
        finally:
            conn.close()
        status, body = self.worker.execute(small=True)
        self.assertEqual(status, 200)

    def test_chunked_request_body_is_accepted(self):
        with socket.create_connection(("127.0.0.1", self.worker.port), timeout=10) as s:
            payload = json.dumps({"kwargs": {"c": 1}}).encode()
            s.sendall(b"POST /execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + self.worker.token.encode()
                      + b"\r\nTransfer-Encoding: chunked\r\n\r\n" + b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload))
            response = _read_http_response(s)
        self.assertTrue(response.startswith(b"HTTP/1.1 200 OK\r\n"))
        self.assertTrue(response.endswith(b'{"args":[],"kwargs":{"c":1}}'))

    def test_config_endpoints_and_initialize(self):
        self.assertEqual(self.worker.call("GET", "/config_schema")[1]["name"], "EchoConfig")
        self.assertEqual(self.worker.call("POST", "/initialize", {"prefix": ">"}), (200, {"status": "ok"}))
        self.assertEqual(self.worker.call("GET", "/config"), (200, {"prefix": ">"}))
        self.assertEqual(self.worker.execute("a", 2)[1]["args"], [">a", 2])
        self.assertEqual(self.worker.call("GET", "/config_options"), (200, {}))
        status, body = self.worker.call("POST", "/initialize", {"bogus": 1})
        self.assertEqual(status, 400)
        self.assertEqual(body["_job_error"]["fields_invalid"], ["bogus"])
        self.assertEqual(self.worker.call("POST", "/initialize", {}), (200, {"status": "ok"}))

    def test_monitor_endpoints_answer_404_for_a_plugin_that_is_not_a_monitor(self):
        status, body = self.worker.call("POST", "/get_system_status")
        self.assertEqual(status, 404)
        self.assertEqual(body["detail"], "Plugin 'py-echo' is not a MonitorPlugin (no get_system_status method).")
        self.assertEqual(self.worker.call("POST", "/list_processes")[0], 404)

    def test_stats_reports_pid_rss_and_cpu(self):
        status, body = self.worker.call("GET", "/stats")
        self.assertEqual(status, 200)
        self.assertEqual(body["pid"], self.worker.pid)
        self.assertEqual(body["subtree_pids"], [self.worker.pid])
        self.assertGreater(body["memory_rss_mb"], 1.0)
        self.assertLess(body["memory_rss_mb"], 500.0)
        self.assertGreaterEqual(body["cpu_percent"], 0.0)
        self.assertIsNone(body["usage"])


class StreamTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.worker = WorkerProcess.example("py-streamer")

    @classmethod
    def tearDownClass(cls):
        cls.worker.stop()

    def test_stream_is_chunked_ndjson_one_value_per_line(self):
        with socket.create_connection(("127.0.0.1", self.worker.port), timeout=10) as s:
            body = b'{"kwargs":{"n":3,"payload":"line\\nbreak \xc3\xa9"}}'
            s.sendall(b"POST /execute_stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\n\r\n%s"
                      % (self.worker.token.encode(), len(body), body))
            raw = _read_http_response(s, chunked=True)
        head, _, chunks = raw.partition(b"\r\n\r\n")
        self.assertIn(b"Content-Type: application/x-ndjson", head)
        self.assertIn(b"Transfer-Encoding: chunked", head)
        # The last chunk, then the usage the plugin reported as a trailer field (py-streamer reports some).
        self.assertRegex(chunks, rb"\r\n0\r\n(Cordon-Usage: [^\r\n]+\r\n)?\r\n$")
        lines = _dechunk(chunks).split(b"\n")
        self.assertEqual(lines[-1], b"")
        self.assertEqual([json.loads(line) for line in lines[:-1]],
                         [{"i": i, "payload": "line\nbreak é"} for i in range(3)])

    def test_many_chunks_arrive_in_order_over_keep_alive(self):
        for _ in range(2):
            status, ctype, lines = self.worker.stream(n=2000)
            self.assertEqual(status, 200)
            self.assertEqual(ctype, "application/x-ndjson")
            self.assertEqual(lines, [{"i": i} for i in range(2000)])

    def test_zero_chunks_is_an_empty_stream(self):
        self.assertEqual(self.worker.stream(n=0)[2], [])

    def test_execute_on_a_streaming_plugin_still_works(self):
        self.assertEqual(self.worker.execute(n=2), (200, [{"i": 0}, {"i": 1}]))


class ConcurrencyTest(unittest.TestCase):
    def test_calls_on_a_plain_plugin_are_serialized(self):
        worker = WorkerProcess.fixture("LifecyclePlugin")
        try:
            results = []
            threads = [threading.Thread(target=lambda: results.append(
                worker.call_alone("POST", "/execute", {"kwargs": {"action": "sleep", "seconds": 0.05}})))
                for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            self.assertEqual(len(results), 4)
            self.assertEqual({r[1]["max_active"] for r in results} | {1}, {1})
        finally:
            worker.stop()

    def test_a_thread_safe_plugin_runs_calls_concurrently(self):
        worker = WorkerProcess.fixture("ThreadSafePlugin")
        try:
            results = []
            threads = [threading.Thread(target=lambda: results.append(worker.call_alone("POST", "/execute", {})))
                       for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            self.assertEqual(results, [(200, "met"), (200, "met")])
        finally:
            worker.stop()


class CallHeadersTest(unittest.TestCase):
    """The optional call headers: each call's log lines carry its own stamp; a malformed value is a typed 400."""

    def setUp(self):
        self.worker = WorkerProcess.fixture("LoggingPlugin")

    def tearDown(self):
        self.worker.stop()

    def _call(self, headers, text, pause=0.0):
        conn = self.worker.connection()
        try:
            status, resp, data = self.worker.request("POST", "/execute", {"kwargs": {"text": text, "pause": pause}},
                                                     conn=conn, headers=headers)
            return status, json.loads(data)
        finally:
            conn.close()

    def test_concurrent_calls_stamp_their_own_lines(self):
        results = {}

        def run(i):
            results[i] = self._call({"X-Cordon-Job-Id": f"job-{i}"}, f"call-{i}", 0.2)
        threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(results, {i: (200, f"call-{i}") for i in range(8)})
        lines = [line for line in self.worker.log_text().splitlines() if " call-" in line]
        self.assertEqual(len(lines), 16, lines)
        for line in lines:
            call = line.rsplit("call-", 1)[1]
            self.assertRegex(line, r"^\S+Z \[INFO\] \[job=job-%s\] fixture: (before|after) call-%s$" % (call, call))

    def test_every_field_is_stamped_escaped_and_a_plain_call_stamps_nothing(self):
        headers = {"X-Cordon-Job-Id": "j 1", "X-Cordon-Run-Id": "r]%", "X-Cordon-Actor": "Jane Doe"}
        self.assertEqual(self._call(headers, "stamped"), (200, "stamped"))
        self.assertEqual(self._call({}, "plain"), (200, "plain"))
        log = self.worker.log_text()
        self.assertIn("[INFO] [job=j%201 run=r%5D%25 actor=Jane%20Doe] fixture: before stamped", log)
        self.assertIn("[INFO] fixture: before plain", log)

    def test_a_malformed_header_is_refused_with_a_user_input_error(self):
        for headers, why in (({"X-Cordon-Job-Id": "x" * 201}, "must be 1 to 200 characters long, got 201"),
                             ({"X-Cordon-Actor": "caf\u00e9".encode("latin-1")}, "character 4 is U+00E9")):
            status, body = self._call(headers, "refused")
            self.assertEqual(status, 400)
            self.assertEqual(body["_job_error"]["category"], "user_input")
            self.assertIn(why, body["_job_error"]["message"])
        self.assertEqual(self._call({}, "still serving"), (200, "still serving"))


class LifecycleEndpointsTest(unittest.TestCase):
    def setUp(self):
        self.marker = tempfile.NamedTemporaryFile(delete=False, suffix=".marker").name
        self.worker = WorkerProcess.fixture("LifecyclePlugin")

    def tearDown(self):
        self.worker.stop()
        os.unlink(self.marker)

    def events(self):
        with open(self.marker) as f:
            return f.read().splitlines()

    def test_every_hook_reaches_the_plugin(self):
        w = self.worker
        self.assertEqual(w.call("POST", "/initialize", {"marker": self.marker}), (200, {"status": "ok"}))
        self.assertEqual(w.call("POST", "/prefetch"), (200, {"status": "prefetched"}))
        self.assertEqual(w.call("POST", "/reconfigure", {"old_config": {"level": 1}, "new_config": {"marker": self.marker, "level": 2}}),
                         (200, {"status": "reconfigured"}))
        self.assertEqual(w.call("GET", "/config"), (200, {"marker": self.marker, "level": 2}))
        self.assertEqual(w.call("POST", "/on_enable"), (200, {"status": "enabled"}))
        self.assertEqual(w.call("POST", "/on_disable"), (200, {"status": "error", "detail": "on_disable refused"}))
        self.assertEqual(w.call("GET", "/config_options")[1]["level"]["options"][0]["label"], "one")
        self.assertEqual(w.call("POST", "/cleanup"), (200, {"status": "cleaned"}))
        events = self.events()
        self.assertEqual(events[:3], ["initialize", "prefetch", "initialize"])  # default reconfigure re-initializes
        self.assertTrue(events[3].startswith('reconfigure {"level": 1} -> '), events[3])
        self.assertEqual(events[4:], ["on_enable", "cleanup"])

    def test_monitor_endpoints_answer_501_for_not_implemented_and_200_otherwise(self):
        status, body = self.worker.call("POST", "/get_system_status")
        self.assertEqual((status, body), (501, {"detail": "no typed status here"}))
        self.assertEqual(self.worker.call("POST", "/list_processes"), (200, [{"pid": 1, "name": "init"}]))

    def test_sigterm_calls_cleanup_once_and_exits_0(self):
        self.worker.call("POST", "/initialize", {"marker": self.marker})
        self.worker.proc.terminate()
        self.assertEqual(self.worker.proc.wait(10), 0)
        self.assertEqual(self.events(), ["initialize", "cleanup"])

    def test_sigterm_after_cleanup_endpoint_does_not_clean_up_twice(self):
        self.worker.call("POST", "/initialize", {"marker": self.marker})
        self.worker.call("POST", "/cleanup")
        self.worker.proc.terminate()
        self.assertEqual(self.worker.proc.wait(10), 0)
        self.assertEqual(self.events(), ["initialize", "cleanup"])

    def test_usage_reported_by_the_plugin_shows_in_stats_until_the_next_execute(self):
        self.worker.execute(action="usage")
        self.assertEqual(self.worker.call("GET", "/stats")[1]["usage"], {"tokens": 12.0})
        self.worker.execute()
        self.assertIsNone(self.worker.call("GET", "/stats")[1]["usage"])

    def test_usage_reported_during_a_call_comes_with_its_answer(self):
        status, resp, _ = self.worker.request("POST", "/execute", {"kwargs": {"action": "usage"}})
        self.assertEqual((status, resp.getheader("Cordon-Usage")), (200, '{"tokens":12.0}'))
        status, resp, _ = self.worker.request("POST", "/execute", {"kwargs": {}})
        self.assertEqual((status, resp.getheader("Cordon-Usage")), (200, None))
        with socket.create_connection(("127.0.0.1", self.worker.port), timeout=10) as s:
            body = b'{"kwargs":{"action":"usage"}}'
            s.sendall(b"POST /execute_stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                      b"Content-Length: %d\r\n\r\n%s" % (self.worker.token.encode(), len(body), body))
            raw = _read_http_response(s, chunked=True)
        self.assertTrue(raw.endswith(b'\r\n0\r\nCordon-Usage: {"tokens":12.0}\r\n\r\n'), raw)

    def test_a_duck_typed_plugin_without_base_class_is_served(self):
        duck = WorkerProcess.fixture("DuckPlugin")
        try:
            self.assertEqual(duck.call("GET", "/health")[1]["name"], "duck")
            self.assertEqual(duck.execute(), (200, "quack"))
            status, body = duck.execute(fail=True)
            self.assertEqual(status, 400)
            self.assertEqual(body["_job_error"]["category"], "user_input")
            self.assertEqual(body["_job_error"]["fields_invalid"], ["x"])
            self.assertEqual(duck.call("POST", "/cancel"), (200, {"status": "not_supported"}))
            self.assertEqual(duck.call("POST", "/prefetch"), (200, {"status": "not_supported"}))
            self.assertEqual(duck.call("GET", "/config_schema"), (200, {}))
        finally:
            duck.stop()


def _read_http_response(s, chunked=False):
    data = b""
    while True:
        part = s.recv(65536)
        if not part:
            return data
        data += part
        head, sep, body = data.partition(b"\r\n\r\n")
        if not sep:
            continue
        if chunked and body.endswith(b"\r\n\r\n") and (body.startswith(b"0\r\n") or b"\r\n0\r\n" in body):
            return data
        if not chunked:
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:") and len(body) >= int(line.split(b":")[1]):
                    return data


def _dechunk(data):
    out = b""
    while True:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            return out
        out += rest[:size]
        data = rest[size + 2:]


class BarePluginTest(unittest.TestCase):
    def test_a_plugin_with_only_execute_is_initialized_and_called(self):
        worker = WorkerProcess.fixture("BarePlugin")
        try:
            self.assertEqual(worker.call("POST", "/initialize", {}), (200, {"status": "ok"}))
            self.assertEqual(worker.execute(text="hi")[1], {"kwargs": {"text": "hi"}})
        finally:
            worker.stop()


if __name__ == "__main__":
    unittest.main()
