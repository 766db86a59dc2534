"""HTTP/1.1 for the worker: request heads and bodies (Content-Length or chunked), response heads.

A small hand-written reader: http.server alone costs ~45 ms to import and parses headers with the email
package on every request, and the host waits for the worker's handshake.
"""

REASONS = {
    200: b"OK", 400: b"Bad Request", 401: b"Unauthorized", 404: b"Not Found", 405: b"Method Not Allowed",
    409: b"Conflict", 413: b"Content Too Large", 431: b"Request Header Fields Too Large",
    500: b"Internal Server Error", 501: b"Not Implemented", 503: b"Service Unavailable",
    507: b"Insufficient Storage",
}
MAX_LINE = 65536
MAX_HEADERS = 100


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


def read_head(rfile):
    """The next request's head; None at a clean end of the connection; HttpError (closing) when malformed."""
    line = rfile.readline(MAX_LINE + 1)
    while line in (b"\r\n", b"\n"):
        line = rfile.readline(MAX_LINE + 1)
    if not line:
        return None
    parts = line.split()
    if len(line) > MAX_LINE or len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
        raise HttpError(400, "malformed HTTP request line", close=True)
    method, target, version = parts
    http10 = version == b"HTTP/1.0"
    headers = {}
    while True:
        h = rfile.readline(MAX_LINE + 1)
        if not h:
            raise ClientGone()
        if h in (b"\r\n", b"\n"):
            break
        name, sep, value = h.partition(b":")
        if not sep or len(h) > MAX_LINE or len(headers) >= MAX_HEADERS:
            raise HttpError(431, "malformed or too many request headers", close=True, http10=http10)
        headers[name.strip().lower()] = value.strip()
    connection = headers.get(b"connection", b"").lower()
    keep_alive = connection == b"keep-alive" if http10 else connection != b"close"
    return RequestHead(method, target.split(b"?", 1)[0], headers, keep_alive, http10)


def read_body(rfile, headers, limit):
    """The request body; HttpError 413 (closing) when it exceeds ``limit``."""
    te = headers.get(b"transfer-encoding")
    if te is not None:
        if te.lower() != b"chunked":
            raise HttpError(400, f"unsupported Transfer-Encoding {te.decode('latin-1')!r}", close=True)
        parts, total = [], 0
        while True:
            size_line = rfile.readline(MAX_LINE)
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise HttpError(400, "malformed chunk size in the request body", close=True)
            if size == 0:
                while rfile.readline(MAX_LINE) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(parts)
            total += size
            if total > limit:
                raise HttpError(413, f"request body exceeds the worker's limit of {limit} bytes", close=True)
            parts.append(rfile.read(size))
            rfile.readline(MAX_LINE)
    length = headers.get(b"content-length")
    if not length:
        return b""
    try:
        n = int(length)
        if n < 0:
            raise ValueError
    except ValueError:
        raise HttpError(400, f"invalid Content-Length {length.decode('latin-1')!r}", close=True)
    if n > limit:
        raise HttpError(413, f"request body of {n} bytes exceeds the worker's limit of {limit} bytes", close=True)
    body = rfile.read(n) if n else b""
    if len(body) != n:
        raise ClientGone()
    return body


def response_head(status, content_type, length, keep_alive, http10, extra=b""):
    """Status line and headers of a response with a body of ``length`` bytes."""
    conn = b"" if keep_alive and not http10 else (b"Connection: keep-alive\r\n" if keep_alive else b"Connection: close\r\n")
    return (b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s%s\r\n"
            % (status, REASONS.get(status, b"Error"), content_type, length, conn, extra))

