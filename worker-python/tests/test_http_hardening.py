"""The worker's HTTP limits: head timeout, header limits, request smuggling, deep bodies, threads per connection."""

import json
import select
import socket
import unittest

from workerproc import WorkerProcess, wait_until

HEAD_TIMEOUT_MS = 600


def _raw(worker, data, *, wait=10.0):
    """Send ``data`` on a fresh connection and read until the worker closes it (or ``wait`` passes)."""
    with socket.create_connection(("127.0.0.1", worker.port), timeout=wait) as sock:
        if data:
            sock.sendall(data)
        return _read_until_closed(sock, wait)


def _read_until_closed(sock, wait):
    received = b""
    sock.settimeout(wait)
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return received, True
            received += chunk
    except socket.timeout:
        return received, False


def _status(response):
    return int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/1.1 ") else None


def _body(response):
    return json.loads(response.split(b"\r\n\r\n", 1)[1])


class HttpLimitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.worker = WorkerProcess.example("py-echo", env={"CORDON_HEAD_TIMEOUT_MS": str(HEAD_TIMEOUT_MS)})
        cls.auth = f"Authorization: Bearer {cls.worker.token}\r\n".encode()

    @classmethod
    def tearDownClass(cls):
        cls.worker.stop()

    def test_a_request_head_that_never_ends_is_answered_408_and_closed(self):
        response, closed = _raw(self.worker, b"POST /execute HTTP/1.1\r\nHost: x\r\n")
        self.assertTrue(closed)
        self.assertEqual(_status(response), 408)
        self.assertIn("head timeout", _body(response)["detail"])

    def test_a_connection_that_sends_nothing_is_closed_after_the_head_timeout(self):
        response, closed = _raw(self.worker, b"")
        self.assertTrue(closed)
        self.assertEqual(_status(response), 408)

    def test_a_trickling_head_does_not_extend_the_timeout(self):
        with socket.create_connection(("127.0.0.1", self.worker.port), timeout=10) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\n")
            for _ in range(20):  # one byte every 100 ms: the whole head would take far past the timeout
                if select.select([sock], [], [], 0.1)[0]:
                    break
                try:
                    sock.sendall(b"X")
                except OSError:
                    break
            response, closed = _read_until_closed(sock, 10)
        self.assertTrue(closed)
        self.assertEqual(_status(response), 408)

    def test_an_idle_connection_that_finished_a_request_stays_open_without_a_thread(self):
        conn = self.worker.connection()
        try:
            self.assertEqual(self.worker.call("GET", "/health", conn=conn)[0], 200)
            # Idle for three head timeouts: the worker must not close it (the host pools such connections).
            self.assertEqual(select.select([conn.sock], [], [], 3 * HEAD_TIMEOUT_MS / 1000)[0], [])
            self.assertEqual(self.worker.call("GET", "/health", conn=conn)[0], 200)
        finally:
            conn.close()

    def test_too_many_header_lines_are_431(self):
        headers = b"".join(b"X-H%d: v\r\n" % i for i in range(101))
        response, closed = _raw(self.worker, b"GET /health HTTP/1.1\r\n" + self.auth + headers + b"\r\n")
        self.assertEqual((_status(response), closed), (431, True))

    def test_a_header_line_over_64_kib_is_431(self):
        response, closed = _raw(self.worker, b"GET /health HTTP/1.1\r\n" + self.auth
                                + b"X-Big: " + b"a" * 70000 + b"\r\n\r\n")
        self.assertEqual((_status(response), closed), (431, True))

    def test_a_header_line_without_a_colon_is_400(self):
        response, closed = _raw(self.worker, b"GET /health HTTP/1.1\r\n" + self.auth + b"no colon here\r\n\r\n")
        self.assertEqual((_status(response), closed), (400, True))

    def test_content_length_with_transfer_encoding_is_refused_and_the_connection_closed(self):
        body = b'{"args":[1]}'
        request = (b"POST /execute HTTP/1.1\r\n" + self.auth + b"Content-Length: %d\r\n" % len(body)
                   + b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
        response, closed = _raw(self.worker, request)
        self.assertEqual((_status(response), closed), (400, True))
        self.assertIn("Transfer-Encoding", _body(response)["detail"])

    def test_a_body_nested_too_deep_is_400_with_a_job_error_and_the_connection_kept(self):
        deep = b'{"args":[' + b"[" * 100000 + b"]" * 100000 + b"]}"
        conn = self.worker.connection()
        try:
            status, body = self.worker.call("POST", "/execute", deep, conn=conn)
            self.assertEqual(status, 400)
            self.assertEqual(body["_job_error"]["category"], "user_input")
            self.assertEqual(body["_job_error"]["fields_invalid"], ["body"])
            self.assertIn("nests deeper", body["_job_error"]["message"])
            self.assertEqual(self.worker.call("GET", "/health", conn=conn)[0], 200)
        finally:
            conn.close()

    def test_a_moderately_nested_body_is_accepted(self):
        nested = b'{"args":[' + b"[" * 200 + b"]" * 200 + b"]}"
        status, body = self.worker.call("POST", "/execute", nested)
        self.assertEqual(status, 200)
        depth, value = 0, body["args"][0]
        while isinstance(value, list) and value:
            depth, value = depth + 1, value[0]
        self.assertEqual(depth, 199)


class IdleConnectionsTest(unittest.TestCase):
    def test_idle_connections_hold_no_thread_each(self):
        worker = WorkerProcess.example("py-echo")
        conns = []
        try:
            for _ in range(150):
                conn = worker.connection()
                self.assertEqual(worker.call("GET", "/health", conn=conn)[0], 200)
                conns.append(conn)
            # 150 idle keep-alive connections: the worker's threads stay bounded by its pool (64) plus its own.
            self.assertTrue(wait_until(lambda: _threads(worker.pid) <= 64 + 4, timeout=5),
                            f"{_threads(worker.pid)} threads for 150 idle connections")
            for conn in conns:
                self.assertEqual(worker.call("GET", "/health", conn=conn)[0], 200)
        finally:
            for conn in conns:
                conn.close()
            worker.stop()


def _threads(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    raise AssertionError(f"/proc/{pid}/status has no Threads line")


if __name__ == "__main__":
    unittest.main()
