"""The endpoints of worker protocol v1 (docs/protocol.md) over one plugin instance.

``Worker`` routes a request to the plugin method behind it, runs the call under the instance's call
lock and answers the result or the JobError. Its hook methods (``health``, ``reset_call_state``,
``json_body``, ``not_found``, ``wrong_method``, ``answer_failure``, ``stream_encoder``) are the only
places where the answers' shapes are decided, so a test double of another worker can subclass it;
``call_stamp`` reads the optional call headers, which such a double may ignore as the original does.
"""

import json
import math
import os
import threading

from cordon_http import ClientGone, HeadTimeout, HttpError, Request, read_body, read_head, response_head
from cordon_log import CALL_STAMP, CallHeaderError, call_stamp, log
from cordon_plugin import PluginFatalError, PluginInputError
from cordon_procfs import TreeStats
from cordon_wire import (CANCELLED_STATUS, ENCODER, STATUS_BY_CATEGORY, encode_result, is_cancellation,
                         job_error_dict)

PROTOCOL_VERSION = 1
DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024



def _finite_float(text):
    """A JSON number as a float, refused when only an infinite double could hold it (1e999)."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text} is beyond the range of a double; JSON numbers must be finite")
    return value


def _not_a_number(name):
    """NaN and Infinity, which Python's reader would take: not JSON, and never a finite number."""
    raise ValueError(f"{name} is not JSON; JSON numbers must be finite")

# One decoder for every request: json.loads with hooks would build a decoder per call.
_DECODER = json.JSONDecoder(parse_float=_finite_float, parse_constant=_not_a_number)


class PluginFailure(Exception):
    """A plugin method raised ``exc`` while serving the request to ``path``."""

    def __init__(self, exc, path):
        super().__init__(repr(exc))
        self.exc, self.path = exc, path


class Worker:
    """Hosts one plugin instance and answers protocol v1."""

    stream_encoder = ENCODER

    def __init__(self, plugin, *, token=None, max_body=DEFAULT_MAX_BODY_BYTES, instance_id=None,
                 traceback_policy="full", debug=False):
        self.plugin = plugin
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
        self.plugin_name = plugin_attr(plugin, "name", "unknown")
        self.routes = {
            b"/health": (b"GET", self.health),
            b"/stats": (b"GET", self.get_stats),
            b"/usage": (b"GET", self.get_usage),
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
    def _call(self, req, fn, *args, **kwargs):
        """Run a plugin method under the instance's call lock; failures become PluginFailure."""
        with self.call_lock:
            self.calls_running += 1
            try:
                return fn(*args, **kwargs)
            except (Exception, SystemExit) as exc:
                raise PluginFailure(exc, req.path) from exc
            finally:
                self.calls_running -= 1

    def reset_call_state(self):
        """Clear the plugin's per-call state (cancel flag, usage, progress) before execute."""
        plugin = self.plugin
        try:
            if hasattr(plugin, "_cancel_requested"):
                plugin._cancel_requested = False
            plugin._last_api_usage = None
            plugin._progress = 0.0
            plugin._status_message = ""
        except AttributeError:
            pass

    def json_body(self, req):
        """The request body as a JSON value; an empty body reads as {}."""
        if not req.body:
            return {}
        try:
            body = req.body
            return _DECODER.decode(body.decode(json.detect_encoding(body), "surrogatepass"))
        except ValueError as exc:
            raise HttpError(400, f"request body of {req.method.decode()} {req.path.decode()} is not valid JSON: {exc}")
        except RecursionError:
            raise PluginFailure(PluginInputError(
                f"request body of {req.method.decode()} {req.path.decode()} nests deeper than this worker can read; "
                f"send flatter JSON", fields_invalid=["body"]), req.path)

    def _call_args(self, req):
        data = self.json_body(req)
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
        return {"status": "running", "pid": os.getpid(), "name": self.plugin_name,
                "version": plugin_attr(self.plugin, "version", "unknown"), "protocol": PROTOCOL_VERSION}

    def get_stats(self, req):
        pids, cpu, rss_mb = self.stats.sample()
        return {"pid": os.getpid(), "cpu_percent": cpu, "memory_rss_mb": rss_mb,
                "usage": getattr(self.plugin, "_last_api_usage", None), "subtree_pids": pids}

    def get_usage(self, req):
        """What the plugin reported with report_usage during the last call, without measuring the process tree."""
        return {"usage": getattr(self.plugin, "_last_api_usage", None)}

    def initialize(self, req):
        config = self.json_body(req)
        if config is not None and not isinstance(config, dict):
            raise HttpError(400, f"/initialize expects the config as a JSON object, got {type(config).__name__}")
        self._call(req, self.plugin.initialize, config)
        self.cleaned_up = False
        return {"status": "ok"}

    def prefetch(self, req):
        if not hasattr(self.plugin, "prefetch"):
            return {"status": "not_supported"}
        self._call(req, self.plugin.prefetch)
        return {"status": "prefetched"}

    def reconfigure(self, req):
        if not hasattr(self.plugin, "reconfigure"):
            return {"status": "not_supported"}
        data = self.json_body(req)
        if not isinstance(data, dict):
            raise HttpError(400, "/reconfigure expects {\"old_config\": {...}, \"new_config\": {...}}")
        self._call(req, self.plugin.reconfigure, data.get("old_config"), data.get("new_config"))
        return {"status": "reconfigured"}

    def config_schema(self, req):
        if not hasattr(self.plugin, "get_config_schema"):
            return {}
        return self._call(req, self.plugin.get_config_schema)

    def config(self, req):
        if not hasattr(self.plugin, "get_current_config"):
            return {}
        return self._call(req, self.plugin.get_current_config)

    def config_options(self, req):
        if not hasattr(self.plugin, "get_config_options"):
            return {}
        return self._call(req, self.plugin.get_config_options)

    def call_stamp(self, req):
        """The log stamp of an execute request's call headers ("" for none); a malformed one is refused with 400."""
        try:
            return call_stamp(req.headers)
        except CallHeaderError as exc:
            raise PluginFailure(PluginInputError(
                f"{req.path.decode()} refused: {exc}; send a valid value or leave the header out",
                fields_invalid=[exc.header]), req.path)

    def execute(self, req):
        args, kwargs = self._call_args(req)
        stamp = self.call_stamp(req)

        def run():
            self.reset_call_state()
            data = encode_result(self.plugin.execute(*args, **kwargs))
            return _Raw(data, usage_header(getattr(self.plugin, "_last_api_usage", None)))
        if not stamp:
            return self._call(req, run)
        token = CALL_STAMP.set(stamp)
        try:
            return self._call(req, run)
        finally:
            CALL_STAMP.reset(token)

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
        return self._monitor_call(req, "get_system_status")

    def list_processes(self, req):
        return self._monitor_call(req, "list_processes")

    def _monitor_call(self, req, method):
        fn = getattr(self.plugin, method, None)
        if fn is None:
            raise HttpError(404, f"Plugin {self.plugin_name!r} is not a MonitorPlugin (no {method} method).")
        try:
            return self._call(req, fn)
        except PluginFailure as failure:
            if isinstance(failure.exc, NotImplementedError):
                raise HttpError(501, str(failure.exc) or f"{method} raised NotImplementedError")
            raise

    def cleanup(self, req):
        if hasattr(self.plugin, "cleanup"):
            self._call(req, self.plugin.cleanup)
        self.cleaned_up = True
        return {"status": "cleaned"}

    # -- streaming --------------------------------------------------------------------------------
    def execute_stream(self, req, sock):
        """NDJSON over a chunked response: one JSON value per line, a final _job_error line on failure."""
        args, kwargs = self._call_args(req)
        stamp = self.call_stamp(req)
        if not stamp:
            return self._stream(req, sock, args, kwargs)
        token = CALL_STAMP.set(stamp)
        try:
            return self._stream(req, sock, args, kwargs)
        finally:
            CALL_STAMP.reset(token)

    def _stream(self, req, sock, args, kwargs):
        chunked = not req.http10
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
        head += b"Transfer-Encoding: chunked\r\n\r\n" if chunked else b"Connection: close\r\n\r\n"
        encoder = self.stream_encoder
        plugin = self.plugin

        def send(line):
            data = line.encode("utf-8") + b"\n"
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            except OSError:
                raise ClientGone()

        try:
            sock.sendall(head)
        except OSError:
            raise ClientGone()
        usage = None
        with self.call_lock:
            self.calls_running += 1
            iterator = None
            try:
                self.reset_call_state()
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
                except ClientGone:
                    _close_iterator(iterator)
                    raise
                except (Exception, SystemExit) as exc:
                    if not is_cancellation(exc):
                        log("ERROR", f"execute_stream of plugin {self.plugin_name!r} failed: {exc!r}")
                    error = job_error_dict(exc, plugin_name=self.plugin_name, plugin_instance_id=self.instance_id,
                                           traceback_policy=self.traceback_policy)
                    send(encoder.encode({"_job_error": error}))
            finally:
                usage = getattr(plugin, "_last_api_usage", None)
                self.calls_running -= 1
        if chunked:
            try:
                sock.sendall(b"0\r\n" + usage_header(usage) + b"\r\n")
            except OSError:
                raise ClientGone()
        return chunked and req.keep_alive

    # -- connection loop ----------------------------------------------------------------------------
    def serve_request(self, conn):
        """Read and answer one request on ``conn``; False once the connection is closed (by either side)."""
        try:
            if self._serve_one(conn):
                return True
        except (ClientGone, OSError):
            pass
        try:
            conn.sock.close()
        except OSError:
            pass
        return False

    def _serve_one(self, conn):
        """Read and answer one request; False when the connection should be closed."""
        sock = conn.sock
        try:
            head = read_head(conn)
        except HttpError as err:
            return self._reject(sock, err, False, err.http10)
        except HeadTimeout:
            return self._reject(sock, HttpError(408, "the request head did not arrive within the worker's head "
                                                     "timeout", close=True), False, False)
        if head is None:
            return False
        conn.served += 1
        method, path, headers, keep_alive, http10 = head.method, head.path, head.headers, head.keep_alive, head.http10
        if self.debug:
            log("DEBUG", f"{method.decode('latin-1')} {path.decode('latin-1')}")
        expects_continue = headers.get(b"expect", b"").lower() == b"100-continue"
        body = None
        try:
            if self.expected_auth is not None and not _same(headers.get(b"authorization"), self.expected_auth):
                raise HttpError(401, "missing or wrong bearer token", headers=b'WWW-Authenticate: Bearer realm="cordon-worker"\r\n')
            route = self.routes.get(path)
            if route is None:
                raise self.not_found(path)
            if route[0] != method:
                raise self.wrong_method(path, method, route[0])
            if expects_continue:
                cl = headers.get(b"content-length")
                if cl and cl.isdigit() and int(cl) > self.max_body:
                    raise HttpError(413, f"request body of {int(cl)} bytes exceeds the worker's limit of {self.max_body} bytes", close=True)
                sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            body = read_body(conn, headers, self.max_body)
            req = Request(head, body)
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
                        read_body(conn, headers, self.max_body)
                    except HttpError as drain_err:
                        err = HttpError(drain_err.status, drain_err.detail, close=True)
            return self._reject(sock, err, keep_alive, http10)
        except PluginFailure as failure:
            return self.answer_failure(sock, failure, keep_alive, http10)
        if isinstance(result, _Raw):
            body = result.data
        else:
            try:
                body = ENCODER.encode(result).encode("utf-8")
            except (TypeError, ValueError, RecursionError) as exc:
                return self.answer_failure(sock, PluginFailure(PluginFatalError(
                    f"the plugin returned a value that is not JSON: {exc}"), path), keep_alive, http10)
        extra = result.headers if isinstance(result, _Raw) else b""
        sock.sendall(response_head(200, b"application/json", len(body), keep_alive, http10, extra) + body)
        return keep_alive

    def not_found(self, path):
        return HttpError(404, f"no endpoint {path.decode('latin-1')!r} in worker protocol v1")

    def wrong_method(self, path, method, allowed):
        return HttpError(405, f"{path.decode('latin-1')} accepts {allowed.decode()}, not {method.decode('latin-1')}",
                         headers=b"Allow: %s\r\n" % allowed)

    def _reject(self, sock, err, keep_alive, http10):
        keep_alive = keep_alive and not err.close
        body = ENCODER.encode({"detail": err.detail}).encode("utf-8")
        try:
            sock.sendall(response_head(err.status, b"application/json", len(body), keep_alive, http10, err.headers) + body)
        except OSError:
            return False
        return keep_alive

    def answer_failure(self, sock, failure, keep_alive, http10):
        """Answer a plugin's failure with its JobError and the category's status (409 when cancelled)."""
        exc = failure.exc
        cancelled = is_cancellation(exc)
        if not cancelled:
            log("ERROR", f"plugin {self.plugin_name!r} raised {exc!r}")
        error = job_error_dict(exc, plugin_name=self.plugin_name, plugin_instance_id=self.instance_id,
                               traceback_policy=self.traceback_policy)
        status = CANCELLED_STATUS if cancelled else STATUS_BY_CATEGORY[error["category"]]
        extra = b""
        if status == 503 and isinstance(error["retry_after_seconds"], (int, float)):
            extra = b"Retry-After: %d\r\n" % max(0, int(-(-error["retry_after_seconds"] // 1)))
        body = ENCODER.encode({"_job_error": error}).encode("utf-8")
        sock.sendall(response_head(status, b"application/json", len(body), keep_alive, http10, extra) + body)
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
    """An already encoded JSON body, with extra header lines (CRLF-terminated) for its answer."""
    __slots__ = ("data", "headers")

    def __init__(self, data, headers=b""):
        self.data = data
        self.headers = headers


def usage_header(usage):
    """The Cordon-Usage header line carrying what the plugin reported during a call; empty when it reported nothing.

    The value is compact JSON in ASCII, as an HTTP header must be. A report that is not JSON (a value of another type)
    is left out and logged, never failing the call it belongs to."""
    if not usage:
        return b""
    try:
        text = json.dumps(usage, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        log("WARN", f"report_usage gave a value that is not a JSON object of numbers ({exc}); not sent")
        return b""
    return b"Cordon-Usage: " + text.encode("ascii") + b"\r\n"


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


def plugin_attr(plugin, attr, default):
    """A plugin's descriptive attribute (name, version) as a string; a method is called."""
    value = getattr(plugin, attr, default)
    if callable(value):
        value = value()
    return value if isinstance(value, str) else str(value)
