"""Stand-in for the original ``cjm_plugin_system.core.worker``, for the launcher's cjm tests.

Cordon's Python worker answering as the original worker does: given ``--port`` or ``--fd`` (an
inherited listening socket), no token, no handshake line, no stdin watch, ``{"detail": ...}`` errors
with the original's status per endpoint, a plain-text 500 where the original's framework answers one,
its stream-line JSON formatting, and progress that is not reset between calls (the original's bug,
kept so the host is tested against what it will meet).
"""
import json
import os
import socket
import sys
import traceback

import cordon_worker
from cordon_endpoints import PluginFailure, Worker
from cordon_http import HttpError, response_head
from cordon_log import log
from cordon_wire import is_cancellation, json_default

# How the original answers a failure, by endpoint: a detail object with this status, or plain text.
_DETAIL_STATUS = {b"/initialize": 400, b"/prefetch": 500, b"/reconfigure": 500}
_EXECUTE_PATHS = (b"/execute", b"/execute_stream")

USAGE = "usage: worker.py --module M --class C (--port P | --fd N) [--ppid PID] [--path DIR]..."


class _MalformedBody(PluginFailure):
    """A body that is not JSON: the original fails inside its handler, not in request parsing."""


class CjmStandInWorker(Worker):
    """The original worker's answers over Cordon's endpoints."""

    stream_encoder = json.JSONEncoder(default=json_default)

    def health(self, req):
        body = super().health(req)
        del body["protocol"]
        return body

    def call_stamp(self, req):
        """The original knows no call headers: it ignores them, as HTTP lets it."""
        return ""

    def reset_call_state(self):
        plugin = self.plugin
        try:
            if hasattr(plugin, "_cancel_requested"):
                plugin._cancel_requested = False
            plugin._last_api_usage = None
        except AttributeError:
            pass

    def json_body(self, req):
        if not req.body:
            return {}
        try:
            return json.loads(req.body)
        except ValueError as exc:
            raise _MalformedBody(exc, req.path)

    def not_found(self, path):
        return HttpError(404, "Not Found")

    def wrong_method(self, path, method, allowed):
        return HttpError(405, "Method Not Allowed", headers=b"Allow: %s\r\n" % allowed)

    def answer_failure(self, sock, failure, keep_alive, http10):
        exc = failure.exc
        cancelled = is_cancellation(exc)
        if not cancelled:
            log("ERROR", f"plugin {self.plugin_name!r} raised {exc!r}")
        if failure.path in _DETAIL_STATUS:
            return self._reject(sock, HttpError(_DETAIL_STATUS[failure.path], str(exc)), keep_alive, http10)
        if failure.path in _EXECUTE_PATHS and not isinstance(failure, _MalformedBody):
            if not cancelled:
                traceback.print_exception(type(exc), exc, exc.__traceback__)
            return self._reject(sock, HttpError(409 if cancelled else 500, str(exc)), keep_alive, http10)
        body = b"Internal Server Error"
        sock.sendall(response_head(500, b"text/plain; charset=utf-8", len(body), keep_alive, http10) + body)
        return keep_alive


def main(argv):
    try:
        opts = cordon_worker.parse_args(argv, extra_valued=("--fd",))
        if opts["port"] is None and opts.get("fd") is None:
            raise cordon_worker.UsageError("--port or --fd is required")
    except cordon_worker.UsageError as err:
        sys.stderr.write(f"worker.py: {err}\n{USAGE}\n")
        return cordon_worker.EXIT_USAGE
    cordon_worker.redirect_stderr_to_log()
    cordon_worker.watch_host(opts["ppid"], watch_stdin=False)
    if opts.get("fd") is not None:
        server = socket.socket(fileno=opts["fd"])
    else:
        server = cordon_worker.bind(opts["port"])
        if server is None:
            return cordon_worker.EXIT_USAGE
    plugin = cordon_worker.load_plugin_or_log(opts)
    if plugin is None:
        return cordon_worker.EXIT_PLUGIN_LOAD_FAILED
    worker = CjmStandInWorker(plugin, max_body=cordon_worker.DEFAULT_MAX_BODY_BYTES,
                              **cordon_worker.worker_settings(opts))
    cordon_worker.stop_on_signals(worker)
    log("INFO", f"plugin {worker.plugin_name!r} serving on 127.0.0.1:{server.getsockname()[1]} as the "
                f"original worker (pid {os.getpid()})")
    cordon_worker.serve_forever(server, worker)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
