"""The worker's log: one line per event, UTC ISO-8601 with milliseconds, to stderr (the instance's log file).

A line written while a call that carried call headers (``X-Cordon-Job-Id``, ``X-Cordon-Run-Id``,
``X-Cordon-Actor``) is served gets the call's stamp after the level,
``<time> [LEVEL] [job=<id> run=<id> actor=<who>] message`` (space, ``%`` and ``]`` in a value written
``%20``, ``%25``, ``%5D``), the same form the Java worker writes. The stamp lives in a context variable set
on the thread that serves the call, so concurrent calls never mix theirs, and asyncio tasks a call starts
inherit it.
"""

import contextvars
import sys
import time

# The stamp of the call being served in this context ("" for none), trailing space included.
CALL_STAMP = contextvars.ContextVar("cordon_call_stamp", default="")

# Header (lower-case, as the reader keys them) and the log field that carries its value, in stamp order.
CALL_HEADERS = ((b"x-cordon-job-id", "X-Cordon-Job-Id", "job"),
                (b"x-cordon-run-id", "X-Cordon-Run-Id", "run"),
                (b"x-cordon-actor", "X-Cordon-Actor", "actor"))
MAX_CALL_HEADER_LENGTH = 200


class CallHeaderError(ValueError):
    """A malformed call header: ``header`` names it."""

    def __init__(self, header, message):
        super().__init__(message)
        self.header = header


def _escape(value):
    return value.replace("%", "%25").replace(" ", "%20").replace("]", "%5D")


def call_stamp(headers):
    """The stamp of a request whose headers (lower-case bytes names) are ``headers``; "" when it has none.

    Raises CallHeaderError for a value that is not 1 to 200 printable ASCII characters.
    """
    fields = None
    for key, name, field in CALL_HEADERS:
        raw = headers.get(key)
        if raw is None:
            continue
        value = raw.decode("latin-1")
        if not 0 < len(value) <= MAX_CALL_HEADER_LENGTH:
            raise CallHeaderError(name, f"{name} must be 1 to {MAX_CALL_HEADER_LENGTH} characters long, "
                                        f"got {len(value)}")
        for i, c in enumerate(value):
            if not " " <= c <= "~":
                raise CallHeaderError(name, f"{name} must be printable ASCII; character {i + 1} is U+{ord(c):04X}")
        if value.isspace():
            raise CallHeaderError(name, f"{name} must not be blank")
        fields = (fields or []) + [f"{field}={_escape(value)}"]
    return "" if fields is None else "[" + " ".join(fields) + "] "


def utc_stamp(t=None):
    t = time.time() if t is None else t
    return "%s.%03dZ" % (time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)), int(t * 1000) % 1000)


def log(level, message):
    """Write one log line; a closed or broken stderr is ignored (the worker must keep serving)."""
    try:
        sys.stderr.write(f"{utc_stamp()} [{level}] {CALL_STAMP.get()}{message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def configure_plugin_logging():
    """If the plugin uses ``logging``, give its records the worker's format (never imported otherwise)."""
    if "logging" not in sys.modules:
        return
    import logging
    root = logging.getLogger()
    if root.handlers:
        return

    class _CallStamp(logging.Filter):
        def filter(self, record):
            record.cordon_call = CALL_STAMP.get()
            return True

    formatter = logging.Formatter("%(asctime)s.%(msecs)03dZ [%(levelname)s] %(cordon_call)s%(name)s: %(message)s",
                                  "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    handler.addFilter(_CallStamp())
    root.addHandler(handler)
    root.setLevel(logging.INFO)
