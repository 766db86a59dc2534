"""The worker's connections: one poll thread, and a bounded pool of threads that serve requests.

An idle connection holds no thread: the poll thread (``cordon-poll``) watches the listening socket and
every idle connection, and hands a connection to the pool once bytes arrive. A pool thread serves the
connection's requests while they keep coming (it lingers a moment for the next one, so a busy caller
keeps its thread) and then parks the connection with the poll thread again. A connection that has not
sent a complete request head within the head timeout of its acceptance (or of its request's first byte)
is answered 408 and closed; one that completed a request may stay idle, threadless, as long as its
client keeps it.
"""

import os
import select
import signal
import socket
import threading
import time

from cordon_log import log

DEFAULT_HEAD_TIMEOUT_S = 10.0
DEFAULT_MAX_THREADS = 64
# Below the usual 1024 open files a process may have, leaving room for the plugin's own.
MAX_CONNECTIONS = 512
# How long a pool thread waits for the next request on its connection before parking it.
LINGER_S = 0.05
_POLL_IN = select.POLLIN | select.POLLPRI | select.POLLHUP | select.POLLERR


class ConnectionServer:
    """Accepts on ``listener`` and runs ``serve(conn)`` for each connection with a request waiting.

    ``serve`` is ``Worker.serve_connection``-shaped: it answers what the connection has sent and returns True
    to keep the connection (it is parked until more arrives) or False once it has closed it.
    """

    def __init__(self, listener, serve, new_connection, *, head_timeout=DEFAULT_HEAD_TIMEOUT_S,
                 max_threads=DEFAULT_MAX_THREADS):
        self.listener = listener
        self.serve = serve
        self.new_connection = new_connection
        self.head_timeout = head_timeout
        self.pool = _Pool(max_threads, self._run)
        self.poll = select.poll()
        self.idle = {}  # fd -> connection, watched by the poll thread
        self.parked = []  # connections handed back by pool threads, registered by the poll thread
        self.parked_lock = threading.Lock()
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)
        self.open_count = 0
        self.count_lock = threading.Lock()

    def serve_forever(self):
        """The poll loop; runs on the calling thread (the worker's main thread) for the worker's life."""
        self.listener.setblocking(False)
        self.poll.register(self.listener.fileno(), select.POLLIN)
        self.poll.register(self.wake_r, select.POLLIN)
        if threading.current_thread() is threading.main_thread():
            # A signal the kernel delivers to another thread only flags it for the main thread, which would run
            # its handler once poll returns: with no deadline pending, never. The wake pipe ends the poll.
            signal.set_wakeup_fd(self.wake_w, warn_on_full_buffer=False)
        while True:
            now = time.monotonic()
            deadlines = [c.head_deadline for c in self.idle.values() if c.head_deadline is not None]
            timeout_ms = None if not deadlines else max(0, int((min(deadlines) - now) * 1000) + 1)
            try:
                events = self.poll.poll(timeout_ms)
            except InterruptedError:
                continue
            for fd, _ in events:
                if fd == self.listener.fileno():
                    self._accept()
                elif fd == self.wake_r:
                    self._register_parked()
                else:
                    conn = self.idle.pop(fd, None)
                    if conn is not None:
                        self.poll.unregister(fd)
                        if conn.head_deadline is None:  # a request starts now: its head gets the full timeout
                            conn.head_deadline = time.monotonic() + self.head_timeout
                        conn.readable = True
                        self.pool.submit(conn)
            self._expire(time.monotonic())

    def _accept(self):
        while True:
            try:
                sock, _ = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                # Out of file descriptors, for instance: the listener stays readable, so pause instead of spinning.
                log("ERROR", f"accept failed: {exc}")
                time.sleep(0.05)
                return
            with self.count_lock:
                full = self.open_count >= MAX_CONNECTIONS
                if not full:
                    self.open_count += 1
            if full:
                log("WARN", f"{MAX_CONNECTIONS} connections open; refusing a new one")
                _close(sock)
                continue
            sock.setblocking(True)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn = self.new_connection(sock)
            conn.head_deadline = time.monotonic() + self.head_timeout
            self._watch(conn)

    def _watch(self, conn):
        fd = conn.sock.fileno()
        self.idle[fd] = conn
        self.poll.register(fd, _POLL_IN)

    def _register_parked(self):
        try:
            os.read(self.wake_r, 4096)
        except BlockingIOError:
            pass
        with self.parked_lock:
            parked, self.parked = self.parked, []
        for conn in parked:
            self._watch(conn)

    def _expire(self, now):
        expired = [c for c in self.idle.values() if c.head_deadline is not None and c.head_deadline <= now]
        for conn in expired:
            fd = conn.sock.fileno()
            del self.idle[fd]
            self.poll.unregister(fd)
            # Served on the pool: the head read sees its deadline passed and answers 408.
            self.pool.submit(conn)

    def _run(self, conn):
        """On a pool thread: serve while requests keep coming, then park the connection or forget it."""
        try:
            while self.serve(conn):
                if conn.pending() or conn.wait_readable(LINGER_S):
                    conn.head_deadline = time.monotonic() + self.head_timeout
                    continue
                conn.head_deadline = None  # idle between requests: no limit, and no thread
                self._park(conn)
                return
        except Exception as exc:  # a bug must cost one connection, never the pool thread
            log("ERROR", f"serving a connection failed: {exc!r}")
            _close(conn.sock)
        with self.count_lock:
            self.open_count -= 1

    def _park(self, conn):
        with self.parked_lock:
            self.parked.append(conn)
        try:
            os.write(self.wake_w, b"x")
        except BlockingIOError:
            pass  # the pipe is full of wake-ups already


class _Pool:
    """Threads started on demand up to ``max_threads``; an idle one ends after a minute."""

    def __init__(self, max_threads, run):
        self.max_threads = max_threads
        self.run = run
        self.queue = []
        self.cond = threading.Condition()
        self.threads = 0
        self.idle = 0
        self.serial = 0

    def submit(self, item):
        with self.cond:
            self.queue.append(item)
            if self.idle > len(self.queue) - 1:
                self.cond.notify()
                return
            if self.threads < self.max_threads:
                self.threads += 1
                self.serial += 1
                threading.Thread(target=self._loop, name=f"cordon-http-{self.serial}", daemon=True).start()
            elif self.idle == 0:
                log("WARN", f"all {self.max_threads} request threads are busy; a request waits for one")

    def _loop(self):
        while True:
            with self.cond:
                self.idle += 1
                deadline = time.monotonic() + 60
                while not self.queue:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        self.idle -= 1
                        self.threads -= 1
                        return
                    self.cond.wait(remaining)
                self.idle -= 1
                item = self.queue.pop(0)
            self.run(item)


def _close(sock):
    try:
        sock.close()
    except OSError:
        pass
