"""HTTP/1.1 for the worker: request heads and bodies (Content-Length or chunked), response heads.

A small hand-written reader: http.server alone costs ~45 ms to import and parses headers with the email
package on every request, and the host waits for the worker's handshake. Limits (docs/protocol.md §5):
a head arrives within the head timeout, has at most 100 header lines of at most 64 KiB each (else 431),
and never carries Content-Length together with Transfer-Encoding (400).
"""

import math
import select
import time

REASONS = {
    200: b"OK", 400: b"Bad Request", 401: b"Unauthorized", 404: b"Not Found", 405: b"Method Not Allowed",
    408: b"Request Timeout", 409: b"Conflict", 413: b"Content Too Large", 431: b"Request Header Fields Too Large",
    500: b"Internal Server Error", 501: b"Not Implemented", 503: b"Service Unavailable",
    507: b"Insufficient Storage",
}
MAX_LINE = 65536
MAX_HEADERS = 100
_POLL_IN = select.POLLIN | select.POLLPRI | select.POLLHUP | select.POLLERR


class HttpError(Exception):
    """A protocol-level rejection answered with ``{"detail": message}``; ``close`` drops the connection."""

    def __init__(self, status, detail, close=False, headers=b"", http10=False):
        super().__init__(detail)
        self.status, self.detail, self.close, self.headers = status, detail, close, headers
        self.http10 = http10


class ClientGone(Exception):
    """The peer closed the connection or stopped reading; nothing more can be answered on it."""


class RequestHead:
    """Request line and headers (names lower-cased) of one request."""
    __slots__ = ("method", "path", "headers", "keep_alive", "http10")

    def __init__(self, method, path, headers, keep_alive, http10):
        self.method, self.path, self.headers = method, path, headers
        self.keep_alive, self.http10 = keep_alive, http10


class Request:
    """A request with its body read."""
    __slots__ = ("method", "path", "headers", "body", "keep_alive", "http10")

    def __init__(self, head, body):
        self.method, self.path, self.headers = head.method, head.path, head.headers
        self.body, self.keep_alive, self.http10 = body, head.keep_alive, head.http10


class Connection:
    """A client socket with its read buffer; every read of a request head is bounded by a deadline.

    ``head_deadline`` (a ``time.monotonic()`` value) bounds the whole head of the request being read, so a
    client that trickles bytes cannot hold the connection; body reads wait at most ``body_timeout`` seconds
    for each next piece. The socket itself stays blocking: a wait with a limit is a ``poll`` before the read,
    skipped when the caller already saw the socket readable (``readable``), so a request on a busy keep-alive
    connection costs one ``recv`` and no switching of the socket's mode.
    """
    __slots__ = ("sock", "buf", "served", "head_deadline", "body_timeout", "readable", "_poll")

    def __init__(self, sock, body_timeout):
        self.sock = sock
        self.buf = bytearray()
        self.served = 0
        self.head_deadline = None
        self.body_timeout = body_timeout
        self.readable = False
        self._poll = None

    def pending(self):
        """Whether bytes of a next request are already buffered."""
        return bool(self.buf)

    def wait_readable(self, timeout):
        """Whether bytes (or the peer's close) arrive within ``timeout`` seconds; remembered for the next read."""
        if self._poll is None:
            self._poll = select.poll()
            self._poll.register(self.sock.fileno(), _POLL_IN)
        try:
            self.readable = bool(self._poll.poll(max(0, math.ceil(timeout * 1000))))
        except (OSError, ValueError):
            self.readable = True  # the read that follows reports what is wrong with the socket
        return self.readable

    def _fill(self, deadline):
        if not self.readable:
            if deadline is None:
                if not self.wait_readable(self.body_timeout):
                    raise ClientGone()
            else:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self.wait_readable(remaining):
                    raise HeadTimeout()
        self.readable = False
        data = self.sock.recv(65536)
        if not data:
            raise ClientGone()
        self.buf += data

    def readline(self, limit, deadline=None):
        """One line including its newline; HttpError 431 (closing) when it runs past ``limit`` bytes."""
        scanned = 0
        while True:
            i = self.buf.find(b"\n", scanned)
            if i >= 0:
                if i >= limit:
                    raise HttpError(431, f"a request line or header line is longer than {limit} bytes", close=True)
                line = bytes(self.buf[:i + 1])
                del self.buf[:i + 1]
                return line
            if len(self.buf) > limit:
                raise HttpError(431, f"a request line or header line is longer than {limit} bytes", close=True)
            scanned = len(self.buf)
            self._fill(deadline)

    def read(self, n):
        """Exactly ``n`` body bytes."""
        while len(self.buf) < n:
            self._fill(None)
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data


class HeadTimeout(Exception):
    """The request head did not arrive in time."""


def read_head(conn):
    """The next request's head; None at a clean end of the connection; HttpError (closing) when malformed.

    A head that is already buffered whole, with CRLF line ends and shorter than one line's limit (every head a
    client of Cordon sends), is split in one pass; anything else is read line by line as it arrives.
    """
    deadline = conn.head_deadline
    try:
        if not conn.buf:
            conn._fill(deadline)
        buf = conn.buf
        end = buf.find(b"\r\n\r\n", 0, MAX_LINE)
        if end > 0 and buf[0] not in _LINE_ENDS:
            head = bytes(buf[:end])
            lines = head.split(b"\r\n")
            if head.count(b"\n") == len(lines) - 1 and len(lines) <= MAX_HEADERS + 1:
                del buf[:end + 4]
                return _parse_head(lines[0], lines[1:])
        line = conn.readline(MAX_LINE, deadline)
        while line in (b"\r\n", b"\n"):
            line = conn.readline(MAX_LINE, deadline)
    except ClientGone:
        return None
    http10 = _request_line(line)[2]
    header_lines = []
    while True:
        h = conn.readline(MAX_LINE, deadline)
        if h in (b"\r\n", b"\n"):
            return _parse_head(line, header_lines)
        if len(header_lines) >= MAX_HEADERS:
            raise HttpError(431, f"more than {MAX_HEADERS} request header lines", close=True, http10=http10)
        header_lines.append(h)


_LINE_ENDS = b"\r\n"


def _request_line(line):
    parts = line.split()
    if len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
        raise HttpError(400, "malformed HTTP request line", close=True)
    method, target, version = parts
    return method, target, version == b"HTTP/1.0"


def _parse_head(line, header_lines):
    method, target, http10 = _request_line(line)
    headers = {}
    for h in header_lines:
        name, sep, value = h.partition(b":")
        name = name.strip().lower()
        if not sep or not name:
            raise HttpError(400, f"malformed request header line {h[:80]!r}", close=True, http10=http10)
        if name in headers and name in (b"content-length", b"transfer-encoding"):
            raise HttpError(400, f"the {name.decode('latin-1')} header is given twice", close=True, http10=http10)
        headers[name] = value.strip()
    if b"content-length" in headers and b"transfer-encoding" in headers:
        raise HttpError(400, "Content-Length together with Transfer-Encoding is refused (request smuggling)",
                        close=True, http10=http10)
    connection = headers.get(b"connection", b"").lower()
    keep_alive = connection == b"keep-alive" if http10 else connection != b"close"
    return RequestHead(method, target.split(b"?", 1)[0], headers, keep_alive, http10)


def read_body(conn, headers, limit):
    """The request body; HttpError 413 (closing) when it exceeds ``limit``."""
    te = headers.get(b"transfer-encoding")
    if te is not None:
        if te.lower() != b"chunked":
            raise HttpError(400, f"unsupported Transfer-Encoding {te.decode('latin-1')!r}", close=True)
        parts, total = [], 0
        while True:
            size_line = conn.readline(MAX_LINE)
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
                if size < 0:
                    raise ValueError
            except ValueError:
                raise HttpError(400, "malformed chunk size in the request body", close=True)
            if size == 0:
                while conn.readline(MAX_LINE) not in (b"\r\n", b"\n"):
                    pass
                return b"".join(parts)
            total += size
            if total > limit:
                raise HttpError(413, f"request body exceeds the worker's limit of {limit} bytes", close=True)
            parts.append(conn.read(size))
            conn.readline(MAX_LINE)
    length = headers.get(b"content-length")
    if not length:
        return b""
    if not length.isdigit():
        raise HttpError(400, f"invalid Content-Length {length.decode('latin-1')!r}", close=True)
    n = int(length)
    if n > limit:
        raise HttpError(413, f"request body of {n} bytes exceeds the worker's limit of {limit} bytes", close=True)
    return conn.read(n) if n else b""


def response_head(status, content_type, length, keep_alive, http10, extra=b""):
    """Status line and headers of a response with a body of ``length`` bytes."""
    conn = b"" if keep_alive and not http10 else (b"Connection: keep-alive\r\n" if keep_alive else b"Connection: close\r\n")
    return (b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s%s\r\n"
            % (status, REASONS.get(status, b"Error"), content_type, length, conn, extra))

