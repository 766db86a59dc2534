"""Stopping the worker with SIGTERM: in a loop of starts and stops as an unload makes, and whichever thread the signal reaches."""

import http.client
import json
import unittest

from workerproc import WorkerProcess, pid_alive, wait_until

STOP_TIMEOUT_S = 3.0


class StopTest(unittest.TestCase):
    def test_every_worker_of_a_load_and_unload_loop_exits_on_sigterm(self):
        for pair in range(10):
            worker = WorkerProcess.example("py-echo")
            try:
                # As the host's unload: calls on a kept-alive connection, /cleanup, the client closed, then SIGTERM.
                self.assertEqual(worker.execute(text="hi")[0], 200)
                self.assertEqual(worker.call_alone("POST", "/cleanup"), (200, {"status": "cleaned"}))
                worker._conn.close()
                worker._conn = None
                worker.proc.terminate()
                self.assertTrue(wait_until(lambda: worker.proc.poll() is not None, timeout=STOP_TIMEOUT_S),
                                f"pair {pair}: worker {worker.pid} still runs {STOP_TIMEOUT_S} s after SIGTERM")
                self.assertEqual(worker.proc.returncode, 0)
            finally:
                worker.stop()

    def test_a_sigterm_that_reaches_another_thread_than_the_main_one_stops_the_worker(self):
        worker = WorkerProcess.fixture("SignallingPlugin")
        try:
            # Connection: close, so nothing parks a connection afterwards: only the signal can wake the poll loop.
            conn = http.client.HTTPConnection("127.0.0.1", worker.port, timeout=15)
            body = json.dumps({"args": ["cordon-stdin-watch"], "kwargs": {}})
            conn.request("POST", "/execute", body=body, headers={
                "Authorization": f"Bearer {worker.token}", "Content-Type": "application/json", "Connection": "close"})
            self.assertEqual(conn.getresponse().status, 200)
            conn.close()
            self.assertTrue(wait_until(lambda: not pid_alive(worker.pid), timeout=STOP_TIMEOUT_S),
                            f"worker {worker.pid} ignored a SIGTERM delivered to its stdin watcher; log:\n"
                            f"{worker.log_text()}")
            self.assertEqual(worker.proc.wait(5), 0)
            self.assertIn("signal 15: shutting down", worker.log_text())
        finally:
            worker.stop()


if __name__ == "__main__":
    unittest.main()
