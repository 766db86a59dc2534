"""Cordon's Python worker: one plugin instance served over worker protocol v1.

The contract this module implements is docs/protocol.md. In short: the worker binds 127.0.0.1:0,
prints exactly one stdout line ``CORDON|1|<port>|<pid>`` once the plugin is constructed, answers
only requests that carry ``Authorization: Bearer <token>`` (the token is the first line on stdin, never
in the environment), and exits at once when the host dies (EOF on stdin, or its parent process gone). With ``--compat-cjm`` it behaves like the
original cjm-plugin-system worker instead (given --port/--fd, no token, no handshake line,
``{"detail": ...}`` errors), so the host's ``cjm`` launch path can be tested against it.

Python >= 3.9, standard library only. Start-up cost matters (the host waits for the handshake), so
everything not needed to serve the first request is imported lazily, and the HTTP/1.1 server is a
small hand-written one: http.server alone costs ~45 ms to import and parses headers with the email
package on every request.

Plugin authors import the error types and the optional ``CordonPlugin`` base class from here (or
from ``cordon_plugin``, which re-exports them).
"""

import json
import os
import socket
import sys
import threading
import time

if __name__ == "__main__":
    # Plugins import ``cordon_worker``/``cordon_plugin``; they must get this very module, or their
    # PluginError subclasses would be different classes from the ones the worker classifies.
    sys.modules.setdefault("cordon_worker", sys.modules["__main__"])

PROTOCOL_VERSION = 1
DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024
CATEGORIES = ("user_input", "transient", "resource", "fatal")

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_PLUGIN_LOAD_FAILED = 3
EXIT_HOST_GONE = 4

__all__ = [
    "PluginError", "PluginInputError", "PluginTransientError", "PluginResourceError",
    "PluginFatalError", "PluginDisabledError", "PluginNotLoadedError", "PluginTimeoutError",
    "PluginCancelledError", "PluginConfigError", "WorkerOOMError", "ResourceShortfall",
    "CordonPlugin", "classify_exception", "job_error_dict", "main",
]


# --------------------------------------------------------------------------------------------------
# Error taxonomy: the original's hierarchy, same names, categories and retriable defaults.
# --------------------------------------------------------------------------------------------------

class PluginError(Exception):
    """Base of the typed plugin errors; subclasses declare ``category`` and ``default_retriable``."""
    category = "fatal"
    default_retriable = False


class PluginInputError(PluginError, ValueError):
    """User-fixable: bad argument, bad config, missing file. ``fields_invalid`` names the inputs."""
    category = "user_input"
    default_retriable = True

    def __init__(self, message, *, fields_invalid=None):
        super().__init__(message)
        self.fields_invalid = list(fields_invalid) if fields_invalid else []


class PluginTransientError(PluginError):
    """Temporary failure; ``retry_after_seconds`` is an optional back-off hint."""
    category = "transient"
    default_retriable = True

    def __init__(self, message, *, retry_after_seconds=None):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class PluginResourceError(PluginError):
    """Resource exhaustion (GPU memory, RAM, disk); ``resource_shortfall`` says how much was missing."""
    category = "resource"
    default_retriable = True

    def __init__(self, message, *, resource_shortfall=None):
        super().__init__(message)
        self.resource_shortfall = resource_shortfall


class PluginFatalError(PluginError):
    """Permanent failure for these inputs; never retried."""
    category = "fatal"
    default_retriable = False


class PluginDisabledError(PluginInputError):
    """The plugin instance is disabled."""

    def __init__(self, plugin_name):
        super().__init__(f"Plugin {plugin_name!r} is disabled")
        self.plugin_name = plugin_name


class PluginConfigError(PluginInputError):
    """A config dict does not match the plugin's schema; ``fields_invalid`` lists the bad keys."""

    def __init__(self, message, *, fields_invalid=None, config_class_name=""):
        super().__init__(message, fields_invalid=fields_invalid)
        self.config_class_name = config_class_name

    @property
    def unknown_keys(self):
        """The original's older name for ``fields_invalid``."""
        return self.fields_invalid


class PluginNotLoadedError(PluginFatalError):
    """A call reached a plugin that was never loaded."""

    def __init__(self, plugin_name):
        super().__init__(f"Plugin {plugin_name!r} is not loaded")
        self.plugin_name = plugin_name


class PluginTimeoutError(PluginTransientError):
    """A per-job timeout fired before the plugin finished."""

    def __init__(self, plugin_name, timeout_seconds, *, retry_after_seconds=None):
        super().__init__(f"Plugin {plugin_name!r} timed out after {timeout_seconds:.1f}s",
                         retry_after_seconds=retry_after_seconds)
        self.plugin_name = plugin_name
        self.timeout_seconds = timeout_seconds


class PluginCancelledError(PluginTransientError):
    """Cooperative cancellation; transient but not retriable (the operator asked for it)."""
    default_retriable = False

    def __init__(self, plugin_name):
        super().__init__(f"Plugin {plugin_name!r} cancelled by operator")
        self.plugin_name = plugin_name


class WorkerOOMError(PluginResourceError):
    """The worker process was killed (SIGKILL, usually the OOM killer) during a call; host-side only."""

    def __init__(self, plugin_name, *, process_returncode=None, message=None):
        super().__init__(message or f"Worker for plugin {plugin_name!r} was killed "
                                    f"(returncode={process_returncode}); assuming out of memory")
        self.plugin_name = plugin_name
        self.process_returncode = process_returncode


class ResourceShortfall:
    """Quantitative gap: ``resource`` is gpu_vram_mb, system_ram_mb or disk_mb."""
    __slots__ = ("resource", "needed", "available")

    def __init__(self, resource, needed, available):
        self.resource = resource
        self.needed = needed
        self.available = available

    def to_dict(self):
        return {"resource": self.resource, "needed": self.needed, "available": self.available}

    def __eq__(self, other):
        return isinstance(other, ResourceShortfall) and self.to_dict() == other.to_dict()

    def __repr__(self):
        return f"ResourceShortfall(resource={self.resource!r}, needed={self.needed!r}, available={self.available!r})"


# Bare Python exceptions: the first class of the exception's MRO found here wins; else fatal.
_BARE_EXCEPTION_CATEGORY_MAP = {
    FileNotFoundError: "user_input", NotADirectoryError: "user_input", IsADirectoryError: "user_input",
    PermissionError: "user_input", KeyError: "user_input", ValueError: "user_input", TypeError: "user_input",
    TimeoutError: "transient", ConnectionError: "transient", InterruptedError: "transient",
    BlockingIOError: "transient", MemoryError: "resource", OSError: "transient",
}
_CATEGORY_RETRIABLE_DEFAULTS = {"user_input": True, "transient": True, "resource": True, "fatal": False}


def _declared_category(exc):
    """The category a typed error declares: ours, or any class with the original's ClassVars."""
    if isinstance(exc, PluginError):
        return exc.category
    category = getattr(type(exc), "category", None)
    if category in CATEGORIES and isinstance(getattr(type(exc), "default_retriable", None), bool):
        return category
    return None


def classify_exception(exc):
    """The category of any exception: its declared one, else the bare-exception map, else fatal."""
    declared = _declared_category(exc)
    if declared is not None:
        return declared
    for ancestor in type(exc).__mro__:
        category = _BARE_EXCEPTION_CATEGORY_MAP.get(ancestor)
        if category is not None:
            return category
    return "fatal"


def is_cancellation(exc):
    """True for our PluginCancelledError and for the original's class of the same name."""
    return any(k.__name__ == "PluginCancelledError" for k in type(exc).__mro__)


def _shortfall_dict(value):
    if value is None or isinstance(value, dict):
        return value
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(type(value), "__dataclass_fields__"):
        import dataclasses
        return dataclasses.asdict(value)
    return {"resource": getattr(value, "resource", None), "needed": getattr(value, "needed", None),
            "available": getattr(value, "available", None)}


def job_error_dict(exc, *, plugin_name=None, plugin_instance_id=None, traceback_policy="full"):
    """The JobError JSON object for ``exc``, field for field and in the original's order."""
    from datetime import datetime, timezone
    category = classify_exception(exc)
    declared = _declared_category(exc) is not None
    retriable = bool(type(exc).default_retriable) if declared else _CATEGORY_RETRIABLE_DEFAULTS[category]
    tb = None
    if traceback_policy == "full":
        import traceback
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return {
        "category": category,
        "message": "" if traceback_policy == "none" else str(exc),
        "retriable": retriable,
        "original_exc_repr": repr(exc),
        "traceback": tb,
        "retry_after_seconds": getattr(exc, "retry_after_seconds", None) if declared and category == "transient" else None,
        "fields_invalid": getattr(exc, "fields_invalid", None) if declared and category == "user_input" else None,
        "resource_shortfall": _shortfall_dict(getattr(exc, "resource_shortfall", None)) if declared and category == "resource" else None,
        "plugin_name": plugin_name,
        "plugin_instance_id": plugin_instance_id,
        "occurred_at": datetime.now(timezone.utc).isoformat(),
    }


# --------------------------------------------------------------------------------------------------
# Optional plugin base class.
# --------------------------------------------------------------------------------------------------

class _CancelScope:
    def __init__(self, plugin, callback):
        self._plugin, self._callback = plugin, callback

    def __enter__(self):
        self._plugin.register_cancel_callback(self._callback)
        return self

    def __exit__(self, *exc):
        try:
            self._plugin._cancel_callbacks.remove(self._callback)
        except ValueError:
            pass
        return False


class CordonPlugin:
    """Optional base class for Python plugins; the worker also hosts any class with the same methods.

    Subclasses set ``name``, ``version`` (and optionally ``description``, ``config_schema``,
    ``THREAD_SAFE``) as class attributes and implement ``execute``; everything else has a working
    default. The state attributes (``_cancel_requested``, ``_progress``, ``_status_message``,
    ``_last_api_usage``) carry the original PluginInterface's names, which the worker reads and resets
    at the start of every execute.
    """
    name = "unnamed"
    version = "0.0.0"
    description = ""
    config_schema = {}
    THREAD_SAFE = False

    _cancel_requested = False
    _progress = 0.0
    _status_message = ""
    _last_api_usage = None

    def __init__(self):
        self.config = {}
        self._cancel_callbacks = []

    # -- configuration --------------------------------------------------------------------------
    def initialize(self, config=None):
        """Apply schema defaults plus ``config``; unknown keys raise PluginConfigError."""
        config = dict(config or {})
        properties = (self.get_config_schema() or {}).get("properties") or {}
        if properties:
            unknown = sorted(k for k in config if k not in properties)
            if unknown:
                raise PluginConfigError(
                    f"Unknown config keys for plugin {self.name!r}: {', '.join(unknown)}; "
                    f"known keys: {', '.join(sorted(properties))}",
                    fields_invalid=unknown, config_class_name=self.name)
        merged = {k: spec["default"] for k, spec in properties.items() if isinstance(spec, dict) and "default" in spec}
        merged.update(config)
        self.config = merged

    def reconfigure(self, old_config, new_config):
        """Apply a changed config in place; the default re-runs initialize with the new config."""
        self.initialize(new_config)

    def get_config_schema(self):
        return self.config_schema

    def get_current_config(self):
        return dict(self.config)

    def get_config_options(self):
        return {}

    # -- execution --------------------------------------------------------------------------------
    def execute_stream(self, *args, **kwargs):
        """Default stream: the single result of execute()."""
        yield self.execute(*args, **kwargs)

    # -- lifecycle hooks ----------------------------------------------------------------------------
    def prefetch(self):
        pass

    def on_enable(self):
        pass

    def on_disable(self):
        pass

    def cleanup(self):
        pass

    # -- cancellation ---------------------------------------------------------------------------
    def cancel(self):
        """Set the cancelled flag and fire the registered callbacks (a failing one is logged, skipped)."""
        self._cancel_requested = True
        for callback in list(self._cancel_callbacks):
            try:
                callback()
            except Exception as exc:
                log("WARN", f"cancel callback {callback!r} of plugin {self.name!r} failed: {exc!r}")

    @property
    def cancelled(self):
        return self._cancel_requested

    def check_cancelled(self):
        """Raise PluginCancelledError if cancellation was requested; call at safe points."""
        if self._cancel_requested:
            raise PluginCancelledError(self.name)

    check_cancel = check_cancelled  # the original PluginInterface's name

    def register_cancel_callback(self, callback):
        self._cancel_callbacks.append(callback)

    def cancel_signal_to(self, callback):
        """Context manager: ``callback`` fires on cancel while the with-block runs."""
        return _CancelScope(self, callback)

    # -- progress and usage -----------------------------------------------------------------------
    def report_progress(self, progress, message=""):
        """Progress of the running call: 0.0..1.0 (or -1.0 when indeterminate) and a status line."""
        self._progress = float(progress)
        self._status_message = message

    def report_usage(self, usage):
        """Measured usage of the running call, e.g. {"input_tokens": 812}; served by /stats."""
        self._last_api_usage = dict(usage)


# --------------------------------------------------------------------------------------------------
# Logging: one line per event, UTC ISO-8601 with milliseconds, to stderr (the instance's log file).
# --------------------------------------------------------------------------------------------------

def _utc_stamp(t=None):
    t = time.time() if t is None else t
    return "%s.%03dZ" % (time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)), int(t * 1000) % 1000)


def log(level, message):
    try:
        sys.stderr.write(f"{_utc_stamp()} [{level}] {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _configure_plugin_logging():
    """If the plugin uses ``logging``, give its records the worker's format (never imported otherwise)."""
    if "logging" not in sys.modules:
        return
    import logging
    root = logging.getLogger()
    if root.handlers:
        return
    formatter = logging.Formatter("%(asctime)s.%(msecs)03dZ [%(levelname)s] %(name)s: %(message)s",
                                  "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root.addHandler(handler)
    root.setLevel(logging.INFO)


# --------------------------------------------------------------------------------------------------
# JSON: compact UTF-8 on unary bodies and stream lines; dataclasses, dates and paths encoded.
# --------------------------------------------------------------------------------------------------

def _json_default(o):
    if hasattr(type(o), "__dataclass_fields__") and not isinstance(o, type):
        import dataclasses
        return dataclasses.asdict(o)
    if hasattr(o, "isoformat"):
        return o.isoformat()
    if isinstance(o, os.PathLike):
        return os.fspath(o)
    if hasattr(o, "to_dict"):
        return o.to_dict()
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_json_default)
# The original's stream lines: Python's default formatting (", " and ": ", ASCII only).
_COMPAT_STREAM_ENCODER = json.JSONEncoder(default=_json_default)
# The original's unary bodies (Starlette JSONResponse).
_COMPAT_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_json_default)


def _encode_result(value):
    """Encode a plugin's return value; an unencodable one is the plugin's fatal error."""
    try:
        return _ENCODER.encode(value).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:
        raise PluginFatalError(f"the plugin returned a value that is not JSON: {exc}") from exc


# --------------------------------------------------------------------------------------------------
# /proc: CPU and RSS of the worker and all its descendants.
# --------------------------------------------------------------------------------------------------

_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children(pid):
    found = []
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as f:
                found.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return found


def process_tree(root):
    """``root`` and all its live descendants, parents before children."""
    tree, i = [root], 0
    while i < len(tree):
        tree.extend(_children(tree[i]))
        i += 1
    return tree


def _cpu_ticks(pid):
    """utime + stime + cutime + cstime of ``pid`` (reaped children's time stays counted)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    except (OSError, IndexError, ValueError):
        return 0


def _rss_bytes(pid):
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def _process_age(pid):
    """Seconds since ``pid`` was started, from its start time in /proc (0.0 where unreadable)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            start_ticks = int(f.read().rsplit(b")", 1)[1].split()[19])
        with open("/proc/uptime", "rb") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / _CLK_TCK)
    except (OSError, IndexError, ValueError):
        return 0.0


def _tree_cpu_seconds(pids):
    """CPU seconds of the tree: the worker's own at nanosecond precision, descendants' from /proc ticks."""
    own = time.process_time()
    reaped = os.times()
    own += reaped.children_user + reaped.children_system
    return own + sum(_cpu_ticks(p) for p in pids[1:]) / _CLK_TCK


class TreeStats:
    """CPU % between successive samples (100 = one core busy) and RSS of the process tree.

    The first sample measures from the worker's start-up, each later one from the previous sample.
    """

    def __init__(self, root):
        self._root = root
        self._lock = threading.Lock()
        self._last_time = time.monotonic() - _process_age(root)
        self._last_cpu = 0.0

    def sample(self):
        pids = process_tree(self._root)
        rss = sum(_rss_bytes(p) for p in pids)
        with self._lock:
            cpu_seconds = _tree_cpu_seconds(pids)
            now = time.monotonic()
            elapsed = now - self._last_time
            cpu = max(0.0, (cpu_seconds - self._last_cpu) / elapsed * 100.0) if elapsed > 0 else 0.0
            self._last_time, self._last_cpu = now, cpu_seconds
        return pids, round(cpu, 1), rss / 1048576.0


def kill_descendants(root, sig=9):
    for pid in reversed(process_tree(root)[1:]):
        try:
            os.kill(pid, sig)
        except OSError:
            pass


# --------------------------------------------------------------------------------------------------
# HTTP/1.1: keep-alive, Content-Length and chunked bodies, one thread per connection.
# --------------------------------------------------------------------------------------------------

_REASONS = {
    200: b"OK", 400: b"Bad Request", 401: b"Unauthorized", 404: b"Not Found", 405: b"Method Not Allowed",
    409: b"Conflict", 413: b"Content Too Large", 431: b"Request Header Fields Too Large",
    500: b"Internal Server Error", 501: b"Not Implemented", 503: b"Service Unavailable",
    507: b"Insufficient Storage",
}
_MAX_LINE = 65536
_MAX_HEADERS = 100
_STATUS_BY_CATEGORY = {"user_input": 400, "transient": 503, "resource": 507, "fatal": 500}


class HttpError(Exception):
    """A protocol-level rejection answered with ``{"detail": message}``; ``close`` drops the connection."""

    def __init__(self, status, detail, close=False, headers=b""):
        super().__init__(detail)
        self.status, self.detail, self.close, self.headers = status, detail, close, headers


class PluginFailure(Exception):
    """A plugin method raised; ``compat`` says how the original worker answers it on this endpoint."""

    def __init__(self, exc, compat):
        super().__init__(repr(exc))
        self.exc, self.compat = exc, compat


class _ClientGone(Exception):
    pass


class Request:
    __slots__ = ("method", "path", "headers", "body", "keep_alive", "http10")

    def __init__(self, method, path, headers, body, keep_alive, http10):
        self.method, self.path, self.headers = method, path, headers
        self.body, self.keep_alive, self.http10 = body, keep_alive, http10


def _read_body(rfile, headers, limit):
    """The request body; HttpError 413 (closing) when it exceeds ``limit``."""
    te = headers.get(b"transfer-encoding")
    if te is not None:
        if te.lower() != b"chunked":
            raise HttpError(400, f"unsupported Transfer-Encoding {te.decode('latin-1')!r}", close=True)
        parts, total = [], 0
        while True:
            size_line = rfile.readline(_MAX_LINE)
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise HttpError(400, "malformed chunk size in the request body", close=True)
            if size == 0:
                while rfile.readline(_MAX_LINE) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(parts)
            total += size
            if total > limit:
                raise HttpError(413, f"request body exceeds the worker's limit of {limit} bytes", close=True)
            parts.append(rfile.read(size))
            rfile.readline(_MAX_LINE)
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
        raise _ClientGone()
    return body


def _head(status, content_type, length, keep_alive, http10, extra=b""):
    conn = b"" if keep_alive and not http10 else (b"Connection: keep-alive\r\n" if keep_alive else b"Connection: close\r\n")
    return (b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s%s\r\n"
            % (status, _REASONS.get(status, b"Error"), content_type, length, conn, extra))


class Worker:
    """Hosts one plugin instance and answers protocol v1 (or the original's protocol in compat mode)."""

    def __init__(self, plugin, *, token=None, compat=False, max_body=DEFAULT_MAX_BODY_BYTES,
                 instance_id=None, traceback_policy="full", debug=False):
        self.plugin = plugin
        self.compat = compat
        self.max_body = max_body
        self.instance_id = instance_id
        self.traceback_policy = traceback_policy
        self.debug = debug
        self.expected_auth = None if token is None else b"Bearer " + token.encode("utf-8")
        thread_safe = bool(getattr(type(plugin), "THREAD_SAFE", False))
        self.call_lock = _NoLock() if thread_safe else threading.Lock()
        self.calls_running = 0
        self.cleaned_up = False
        self.stats = TreeStats(os.getpid())
        self.plugin_name = _plugin_attr(plugin, "name", "unknown")
        self.routes = {
            b"/health": (b"GET", self.health),
            b"/stats": (b"GET", self.get_stats),
            b"/initialize": (b"POST", self.initialize),
            b"/prefetch": (b"POST", self.prefetch),
            b"/reconfigure": (b"POST", self.reconfigure),
            b"/config_schema": (b"GET", self.config_schema),
            b"/config": (b"GET", self.config),
            b"/config_options": (b"GET", self.config_options),
            b"/execute": (b"POST", self.execute),
            b"/execute_stream": (b"POST", None),
            b"/cancel": (b"POST", self.cancel),
            b"/progress": (b"GET", self.progress),
            b"/on_enable": (b"POST", self.on_enable),
            b"/on_disable": (b"POST", self.on_disable),
            b"/get_system_status": (b"POST", self.get_system_status),
            b"/list_processes": (b"POST", self.list_processes),
            b"/cleanup": (b"POST", self.cleanup),
        }

    # -- plugin calls -----------------------------------------------------------------------------
    def _call(self, compat, fn, *args, **kwargs):
        """Run a plugin method under the instance's call lock; failures become PluginFailure."""
        with self.call_lock:
            self.calls_running += 1
            try:
                return fn(*args, **kwargs)
            except (Exception, SystemExit) as exc:
                raise PluginFailure(exc, compat) from exc
            finally:
                self.calls_running -= 1

    def _reset_call_state(self):
        plugin = self.plugin
        try:
            if hasattr(plugin, "_cancel_requested"):
                plugin._cancel_requested = False
            plugin._last_api_usage = None
            if not self.compat:  # the original never resets progress (a bug kept only in compat mode)
                plugin._progress = 0.0
                plugin._status_message = ""
        except AttributeError:
            pass

    def _json_body(self, req, compat_plain=False):
        """The request body as a JSON value; an empty body reads as {}."""
        if not req.body:
            return {}
        try:
            return json.loads(req.body)
        except ValueError as exc:
            if self.compat and compat_plain:
                raise PluginFailure(exc, "plain500")
            raise HttpError(400, f"request body of {req.method.decode()} {req.path.decode()} is not valid JSON: {exc}")

    def _call_args(self, req):
        data = self._json_body(req, compat_plain=True)
        if not isinstance(data, dict):
            raise HttpError(400, f"{req.path.decode()} expects a JSON object {{\"args\": [...], \"kwargs\": {{...}}}}, "
                                 f"got {type(data).__name__}")
        args = data.get("args")
        kwargs = data.get("kwargs")
        args = [] if args is None else args
        kwargs = {} if kwargs is None else kwargs
        if not isinstance(args, list) or not isinstance(kwargs, dict):
            raise HttpError(400, f"{req.path.decode()}: \"args\" must be a JSON array and \"kwargs\" a JSON object")
        return args, kwargs

    # -- endpoints --------------------------------------------------------------------------------
    def health(self, req):
        body = {"status": "running", "pid": os.getpid(), "name": self.plugin_name,
                "version": _plugin_attr(self.plugin, "version", "unknown")}
        if not self.compat:
            body["protocol"] = PROTOCOL_VERSION
        return body

    def get_stats(self, req):
        pids, cpu, rss_mb = self.stats.sample()
        return {"pid": os.getpid(), "cpu_percent": cpu, "memory_rss_mb": rss_mb,
                "usage": getattr(self.plugin, "_last_api_usage", None), "subtree_pids": pids}

    def initialize(self, req):
        if self.compat and req.body:
            try:
                json.loads(req.body)
            except ValueError as exc:
                raise PluginFailure(exc, "detail400")
        config = self._json_body(req)
        if config is not None and not isinstance(config, dict):
            raise HttpError(400, f"/initialize expects the config as a JSON object, got {type(config).__name__}")
        self._call("detail400", self.plugin.initialize, config)
        self.cleaned_up = False
        return {"status": "ok"}

    def prefetch(self, req):
        if not hasattr(self.plugin, "prefetch"):
            return {"status": "not_supported"}
        self._call("detail500", self.plugin.prefetch)
        return {"status": "prefetched"}

    def reconfigure(self, req):
        if not hasattr(self.plugin, "reconfigure"):
            return {"status": "not_supported"}
        if self.compat and req.body:
            try:
                json.loads(req.body)
            except ValueError as exc:
                raise PluginFailure(exc, "detail500")
        data = self._json_body(req)
        if not isinstance(data, dict):
            raise HttpError(400, "/reconfigure expects {\"old_config\": {...}, \"new_config\": {...}}")
        self._call("detail500", self.plugin.reconfigure, data.get("old_config"), data.get("new_config"))
        return {"status": "reconfigured"}

    def config_schema(self, req):
        if not hasattr(self.plugin, "get_config_schema"):
            return {}
        return self._call("plain500", self.plugin.get_config_schema)

    def config(self, req):
        if not hasattr(self.plugin, "get_current_config"):
            return {}
        return self._call("plain500", self.plugin.get_current_config)

    def config_options(self, req):
        if not hasattr(self.plugin, "get_config_options"):
            return {}
        return self._call("plain500", self.plugin.get_config_options)

    def execute(self, req):
        args, kwargs = self._call_args(req)

        def run():
            self._reset_call_state()
            return _encode_result(self.plugin.execute(*args, **kwargs))
        return _Raw(self._call("execute", run))

    def cancel(self, req):
        return self._status_hook("cancel", "cancelled")

    def on_enable(self, req):
        with self.call_lock:
            return self._status_hook("on_enable", "enabled")

    def on_disable(self, req):
        with self.call_lock:
            return self._status_hook("on_disable", "disabled")

    def _status_hook(self, method, done):
        fn = getattr(self.plugin, method, None)
        if fn is None:
            return {"status": "not_supported"}
        try:
            fn()
            return {"status": done}
        except Exception as exc:
            log("WARN", f"{method}() of plugin {self.plugin_name!r} raised {exc!r}")
            return {"status": "error", "detail": str(exc)}

    def progress(self, req):
        return {"progress": getattr(self.plugin, "_progress", 0.0),
                "message": getattr(self.plugin, "_status_message", "")}

    def get_system_status(self, req):
        return self._monitor_call("get_system_status")

    def list_processes(self, req):
        return self._monitor_call("list_processes")

    def _monitor_call(self, method):
        fn = getattr(self.plugin, method, None)
        if fn is None:
            raise HttpError(404, f"Plugin {self.plugin_name!r} is not a MonitorPlugin (no {method} method).")
        try:
            return self._call("plain500", fn)
        except PluginFailure as failure:
            if isinstance(failure.exc, NotImplementedError):
                raise HttpError(501, str(failure.exc) or f"{method} raised NotImplementedError")
            raise

    def cleanup(self, req):
        if hasattr(self.plugin, "cleanup"):
            self._call("plain500", self.plugin.cleanup)
        self.cleaned_up = True
        return {"status": "cleaned"}

    # -- streaming --------------------------------------------------------------------------------
    def execute_stream(self, req, sock):
        """NDJSON over a chunked response: one JSON value per line, a final _job_error line on failure."""
        args, kwargs = self._call_args(req)
        chunked = not req.http10
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
        head += b"Transfer-Encoding: chunked\r\n\r\n" if chunked else b"Connection: close\r\n\r\n"
        encoder = _COMPAT_STREAM_ENCODER if self.compat else _ENCODER
        plugin = self.plugin

        def send(line):
            data = line.encode("utf-8") + b"\n"
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            except OSError:
                raise _ClientGone()

        try:
            sock.sendall(head)
        except OSError:
            raise _ClientGone()
        with self.call_lock:
            self.calls_running += 1
            iterator = None
            try:
                self._reset_call_state()
                try:
                    if hasattr(plugin, "execute_stream"):
                        iterator = iter(plugin.execute_stream(*args, **kwargs))
                    else:
                        iterator = iter([plugin.execute(*args, **kwargs)])
                    for chunk in iterator:
                        try:
                            line = encoder.encode(chunk)
                        except (TypeError, ValueError, RecursionError) as exc:
                            raise PluginFatalError(f"the plugin streamed a value that is not JSON: {exc}") from exc
                        send(line)
                except _ClientGone:
                    _close_iterator(iterator)
                    raise
                except (Exception, SystemExit) as exc:
                    if not is_cancellation(exc):
                        log("ERROR", f"execute_stream of plugin {self.plugin_name!r} failed: {exc!r}")
                    error = job_error_dict(exc, plugin_name=self.plugin_name, plugin_instance_id=self.instance_id,
                                           traceback_policy=self.traceback_policy)
                    send(encoder.encode({"_job_error": error}))
            finally:
                self.calls_running -= 1
        if chunked:
            try:
                sock.sendall(b"0\r\n\r\n")
            except OSError:
                raise _ClientGone()
        return chunked and req.keep_alive

    # -- connection loop ----------------------------------------------------------------------------
    def serve_connection(self, sock):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            rfile = sock.makefile("rb", 65536)
            try:
                while self._serve_one(sock, rfile):
                    pass
            finally:
                rfile.close()
        except (_ClientGone, OSError):
            pass
        finally:
            try:
                sock.close()
            except OSError:
                pass

    def _serve_one(self, sock, rfile):
        """Read and answer one request; False when the connection should be closed."""
        line = rfile.readline(_MAX_LINE + 1)
        if not line:
            return False
        if line in (b"\r\n", b"\n"):
            return True
        parts = line.split()
        if len(line) > _MAX_LINE or len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
            return self._reject(sock, HttpError(400, "malformed HTTP request line", close=True), False, False)
        method, target, version = parts
        http10 = version == b"HTTP/1.0"
        headers = {}
        while True:
            h = rfile.readline(_MAX_LINE + 1)
            if not h:
                return False
            if h in (b"\r\n", b"\n"):
                break
            name, sep, value = h.partition(b":")
            if not sep or len(h) > _MAX_LINE or len(headers) >= _MAX_HEADERS:
                return self._reject(sock, HttpError(431, "malformed or too many request headers", close=True), False, http10)
            headers[name.strip().lower()] = value.strip()
        connection = headers.get(b"connection", b"").lower()
        keep_alive = connection == b"keep-alive" if http10 else connection != b"close"
        path = target.split(b"?", 1)[0]
        if self.debug:
            log("DEBUG", f"{method.decode('latin-1')} {path.decode('latin-1')}")
        expects_continue = headers.get(b"expect", b"").lower() == b"100-continue"
        body = None
        try:
            if self.expected_auth is not None and not _same(headers.get(b"authorization"), self.expected_auth):
                raise HttpError(401, "missing or wrong bearer token", headers=b'WWW-Authenticate: Bearer realm="cordon-worker"\r\n')
            route = self.routes.get(path)
            if route is None:
                raise HttpError(404, "Not Found" if self.compat else f"no endpoint {path.decode('latin-1')!r} in worker protocol v1")
            if route[0] != method:
                raise HttpError(405, "Method Not Allowed" if self.compat else
                                f"{path.decode('latin-1')} accepts {route[0].decode()}, not {method.decode('latin-1')}",
                                headers=b"Allow: %s\r\n" % route[0])
            if expects_continue:
                cl = headers.get(b"content-length")
                if cl and cl.isdigit() and int(cl) > self.max_body:
                    raise HttpError(413, f"request body of {int(cl)} bytes exceeds the worker's limit of {self.max_body} bytes", close=True)
                sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            body = _read_body(rfile, headers, self.max_body)
            req = Request(method, path, headers, body, keep_alive, http10)
            handler = route[1]
            if handler is None:
                return self.execute_stream(req, sock)
            result = handler(req)
        except HttpError as err:
            if body is None and not err.close:
                if expects_continue:  # the client may still be waiting to send its body
                    err.close = True
                else:
                    try:  # consume the unread body so the connection stays usable
                        _read_body(rfile, headers, self.max_body)
                    except HttpError as drain_err:
                        err = HttpError(drain_err.status, drain_err.detail, close=True)
            return self._reject(sock, err, keep_alive, http10)
        except PluginFailure as failure:
            return self._fail(sock, failure, keep_alive, http10)
        if isinstance(result, _Raw):
            body = result.data
        else:
            try:
                body = (_COMPAT_ENCODER if self.compat else _ENCODER).encode(result).encode("utf-8")
            except (TypeError, ValueError, RecursionError) as exc:
                return self._fail(sock, PluginFailure(PluginFatalError(
                    f"the plugin returned a value that is not JSON: {exc}"), "plain500"), keep_alive, http10)
        sock.sendall(_head(200, b"application/json", len(body), keep_alive, http10) + body)
        return keep_alive

    def _reject(self, sock, err, keep_alive, http10):
        keep_alive = keep_alive and not err.close
        body = _ENCODER.encode({"detail": err.detail}).encode("utf-8")
        try:
            sock.sendall(_head(err.status, b"application/json", len(body), keep_alive, http10, err.headers) + body)
        except OSError:
            return False
        return keep_alive

    def _fail(self, sock, failure, keep_alive, http10):
        exc = failure.exc
        cancelled = is_cancellation(exc)
        if not cancelled:
            log("ERROR", f"plugin {self.plugin_name!r} raised {exc!r}")
        if self.compat:
            if failure.compat == "plain500":
                body = b"Internal Server Error"
                sock.sendall(_head(500, b"text/plain; charset=utf-8", len(body), keep_alive, http10) + body)
                return keep_alive
            status = {"detail400": 400, "detail500": 500}.get(failure.compat, 409 if cancelled else 500)
            if failure.compat == "execute" and not cancelled:
                import traceback
                traceback.print_exception(type(exc), exc, exc.__traceback__)
            return self._reject(sock, HttpError(status, str(exc)), keep_alive, http10)
        error = job_error_dict(exc, plugin_name=self.plugin_name, plugin_instance_id=self.instance_id,
                               traceback_policy=self.traceback_policy)
        status = 409 if cancelled else _STATUS_BY_CATEGORY[error["category"]]
        extra = b""
        if status == 503 and isinstance(error["retry_after_seconds"], (int, float)):
            extra = b"Retry-After: %d\r\n" % max(0, int(-(-error["retry_after_seconds"] // 1)))
        body = _ENCODER.encode({"_job_error": error}).encode("utf-8")
        sock.sendall(_head(status, b"application/json", len(body), keep_alive, http10, extra) + body)
        return keep_alive

    # -- shutdown -------------------------------------------------------------------------------------
    def shutdown(self, grace_seconds=2.0):
        """Graceful stop: cancel a running call, wait for it (bounded), then cleanup() once."""
        if self.calls_running and hasattr(self.plugin, "cancel"):
            try:
                self.plugin.cancel()
            except Exception as exc:
                log("WARN", f"cancel() during shutdown raised {exc!r}")
        acquired = self.call_lock.acquire(timeout=grace_seconds)
        if not acquired:
            log("WARN", f"a call was still running after {grace_seconds}s; cleaning up anyway")
        try:
            if not self.cleaned_up and hasattr(self.plugin, "cleanup"):
                self.plugin.cleanup()
                self.cleaned_up = True
        except Exception as exc:
            log("ERROR", f"cleanup() of plugin {self.plugin_name!r} raised {exc!r}")
        finally:
            if acquired:
                self.call_lock.release()


class _Raw:
    __slots__ = ("data",)

    def __init__(self, data):
        self.data = data


class _NoLock:
    """The call lock of a plugin that declares THREAD_SAFE = True."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def acquire(self, timeout=None):
        return True

    def release(self):
        pass


try:
    from _operator import _compare_digest
except ImportError:  # pragma: no cover - other interpreters
    from hmac import compare_digest as _compare_digest


def _same(given, expected):
    return given is not None and _compare_digest(given, expected)


def _close_iterator(iterator):
    close = getattr(iterator, "close", None)
    if close is not None:
        try:
            close()
        except Exception as exc:
            log("WARN", f"closing the plugin's stream after the client left raised {exc!r}")


def _plugin_attr(plugin, attr, default):
    value = getattr(plugin, attr, default)
    if callable(value):
        value = value()
    return value if isinstance(value, str) else str(value)


# --------------------------------------------------------------------------------------------------
# Host death: EOF on stdin (the host holds the pipe's write end) and a parent-pid watch.
# --------------------------------------------------------------------------------------------------

def _read_token(limit=1024):
    """The bearer token: the first line on stdin, where the launcher writes it so that it never enters the
    environment the plugin and its children can read. Read byte by byte so nothing after the line is consumed."""
    line = bytearray()
    while len(line) <= limit:
        try:
            b = os.read(0, 1)
        except OSError:
            return None
        if not b or b == b"\n":
            break
        line += b
    else:
        return None
    return line.decode("ascii", "replace").strip() or None


def _die_with_host(reason):
    log("WARN", f"host gone ({reason}); exiting")
    kill_descendants(os.getpid())
    os._exit(EXIT_HOST_GONE)


def _watch_stdin():
    try:
        while os.read(0, 4096):
            pass
    except OSError:
        pass
    _die_with_host("stdin closed")


def _pid_alive(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
            return True
        except ProcessLookupError:
            return False
        except PermissionError:
            return True


def _watch_parent(ppid, initial_parent, interval=0.05):
    while True:
        time.sleep(interval)
        if os.getppid() != initial_parent or (ppid is not None and not _pid_alive(ppid)):
            _die_with_host(f"parent process {ppid or initial_parent} exited")


def _stdin_is_host_pipe():
    import stat
    try:
        mode = os.fstat(0).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


# --------------------------------------------------------------------------------------------------
# Command line and start-up.
# --------------------------------------------------------------------------------------------------

USAGE = """usage: cordon_worker.py --module M --class C [--path DIR]... [--ppid PID] [--max-body-bytes N]
                        [--compat-cjm (--port P | --fd N)] [--port P] [--debug]

Hosts the plugin class C of module M and serves worker protocol v1 (docs/protocol.md).
  --module M            module to import (its folder given with --path)
  --class C             plugin class, constructed with no arguments
  --path DIR            put DIR first on sys.path (repeatable; kept in the order given)
  --ppid PID            exit when PID exits (default: exit when the original parent exits)
  --max-body-bytes N    largest request body accepted, else 413 (default 67108864;
                        env CORDON_MAX_BODY_BYTES)
  --port P              bind 127.0.0.1:P instead of an ephemeral port
  --compat-cjm          behave as the original cjm-plugin-system worker: no token, no handshake
                        line, {"detail": ...} errors; needs --port or --fd
  --fd N                (compat) serve on the inherited listening socket N
  --debug               log every request (env CORDON_WORKER_DEBUG=1)
Standard input: the bearer token as the first line (required without --compat-cjm), then held open by the host.
Environment: CORDON_LOG_FILE, CORDON_INSTANCE_ID,
CORDON_TRACEBACK_POLICY (full | repr_only | none).
Exit status: 0 stopped by SIGTERM/SIGINT, 2 usage, 3 plugin failed to load, 4 host gone."""


class UsageError(Exception):
    pass


def parse_args(argv):
    opts = {"paths": [], "module": None, "class": None, "ppid": None, "port": None, "fd": None,
            "compat": False, "debug": False, "max_body": None}
    valued = {"--module": "module", "--class": "class", "--ppid": "ppid", "--port": "port", "--fd": "fd",
              "--max-body-bytes": "max_body", "--path": "paths"}
    i = 0
    while i < len(argv):
        arg = argv[i]
        key, eq, inline = arg.partition("=")
        if arg in ("-h", "--help"):
            raise UsageError("")
        if arg == "--compat-cjm":
            opts["compat"] = True
        elif arg == "--debug":
            opts["debug"] = True
        elif key in valued:
            if eq:
                value = inline
            else:
                i += 1
                if i >= len(argv):
                    raise UsageError(f"{arg} needs a value")
                value = argv[i]
            name = valued[key]
            if name == "paths":
                opts["paths"].append(value)
            elif name in ("module", "class"):
                opts[name] = value
            else:
                try:
                    opts[name] = int(value)
                except ValueError:
                    raise UsageError(f"{key} needs an integer, got {value!r}")
        else:
            raise UsageError(f"unknown argument {arg!r}")
        i += 1
    if not opts["module"] or not opts["class"]:
        raise UsageError("--module and --class are required")
    if opts["compat"] and opts["port"] is None and opts["fd"] is None:
        raise UsageError("--compat-cjm needs --port or --fd")
    if opts["fd"] is not None and not opts["compat"]:
        raise UsageError("--fd is only accepted with --compat-cjm")
    return opts


def load_plugin(module_name, class_name):
    """Import ``module_name`` and construct ``class_name`` with no arguments."""
    __import__(module_name)
    cls = getattr(sys.modules[module_name], class_name)
    if not callable(getattr(cls, "execute", None)):
        raise TypeError(f"{module_name}.{class_name} has no execute() method")
    return cls()


def _env_int(name, default):
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise UsageError(f"environment variable {name} must be an integer, got {raw!r}")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        opts = parse_args(argv)
        max_body = opts["max_body"] if opts["max_body"] is not None else _env_int("CORDON_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES)
    except UsageError as err:
        sys.stderr.write((f"cordon_worker: {err}\n" if str(err) else "") + USAGE + "\n")
        return EXIT_OK if not str(err) else EXIT_USAGE
    compat = opts["compat"]

    log_file = os.environ.get("CORDON_LOG_FILE")
    if log_file:
        fd = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.dup2(fd, 2)
        os.close(fd)
    handshake_fd = None
    if not compat:
        # The handshake line is the only thing the host reads from stdout: keep a private copy of it
        # and point fd 1 at the log, so whatever the plugin prints cannot corrupt the handshake.
        handshake_fd = os.dup(1)
        os.dup2(2, 1)
    try:
        sys.stdout.reconfigure(line_buffering=True)
    except (AttributeError, ValueError):
        pass

    token = None if compat else _read_token()
    if not compat and not token:
        log("ERROR", "no bearer token on stdin; protocol v1 requires the launcher to write it as the first line "
                     "there (use --compat-cjm for the original, unauthenticated protocol)")
        return EXIT_USAGE

    initial_parent = os.getppid()
    if not compat and _stdin_is_host_pipe():
        threading.Thread(target=_watch_stdin, name="cordon-stdin-watch", daemon=True).start()
    elif not compat:
        log("WARN", "stdin is not a pipe; host death is detected by the parent-pid watch only")
    threading.Thread(target=_watch_parent, args=(opts["ppid"], initial_parent), name="cordon-parent-watch",
                     daemon=True).start()

    if compat and opts["fd"] is not None:
        server = socket.socket(fileno=opts["fd"])
    else:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            server.bind(("127.0.0.1", opts["port"] or 0))
        except OSError as exc:
            log("ERROR", f"cannot bind 127.0.0.1:{opts['port'] or 0}: {exc}")
            return EXIT_USAGE
        server.listen(128)

    for path in reversed(opts["paths"]):
        sys.path.insert(0, os.path.abspath(path))
    try:
        plugin = load_plugin(opts["module"], opts["class"])
    except BaseException as exc:
        import traceback
        log("ERROR", f"FATAL: Failed to load {opts['module']}:{opts['class']} - {exc!r}")
        traceback.print_exc()
        return EXIT_PLUGIN_LOAD_FAILED
    _configure_plugin_logging()

    worker = Worker(plugin, token=token, compat=compat, max_body=max_body,
                    instance_id=os.environ.get("CORDON_INSTANCE_ID") or None,
                    traceback_policy=os.environ.get("CORDON_TRACEBACK_POLICY", "full"),
                    debug=opts["debug"] or os.environ.get("CORDON_WORKER_DEBUG") == "1")

    def stop(signum, frame):
        log("INFO", f"signal {signum}: shutting down")
        worker.shutdown()
        kill_descendants(os.getpid())
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(EXIT_OK)

    import signal
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    port = server.getsockname()[1]
    if handshake_fd is not None:
        os.write(handshake_fd, f"CORDON|{PROTOCOL_VERSION}|{port}|{os.getpid()}\n".encode("ascii"))
        os.close(handshake_fd)
    log("INFO", f"plugin {worker.plugin_name!r} ({opts['module']}.{opts['class']}) serving on 127.0.0.1:{port}"
                f"{' in cjm compatibility mode' if compat else f' (protocol {PROTOCOL_VERSION})'}")

    serial = 0
    while True:
        try:
            conn, _ = server.accept()
        except OSError as exc:
            log("ERROR", f"accept failed: {exc}")
            time.sleep(0.01)
            continue
        serial += 1
        threading.Thread(target=worker.serve_connection, args=(conn,), name=f"cordon-conn-{serial}",
                         daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
