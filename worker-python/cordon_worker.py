"""Cordon's Python worker: one plugin instance served over worker protocol v1 (docs/protocol.md).

The worker binds 127.0.0.1:0, prints exactly one stdout line ``CORDON|1|<port>|<pid>`` once the plugin
is constructed, answers only requests that carry ``Authorization: Bearer <CORDON_WORKER_TOKEN>``, and
exits at once when the host dies (EOF on stdin, or its parent process gone).

Python >= 3.9, standard library only. Start-up cost matters (the host waits for the handshake), so
this script is small (it is compiled on every start; the modules it imports come from __pycache__)
and everything not needed to serve the first request is imported lazily. The parts:
``cordon_plugin`` (what plugin authors import), ``cordon_wire`` (JSON and JobError),
``cordon_http`` (HTTP/1.1), ``cordon_server`` (connections and threads), ``cordon_endpoints`` (the
protocol's endpoints), ``cordon_procfs`` (process-tree stats), ``cordon_log``; this module is the
command line and the start-up.
"""

import os
import sys
import threading
import time

if __name__ == "__main__":
    # A plugin written against the first layout imports ``cordon_worker``; give it this very module
    # instead of a second copy of the script.
    sys.modules.setdefault("cordon_worker", sys.modules["__main__"])

from cordon_endpoints import DEFAULT_MAX_BODY_BYTES, PROTOCOL_VERSION, Worker
from cordon_log import configure_plugin_logging, log
from cordon_plugin import (CordonPlugin, PluginCancelledError, PluginConfigError, PluginDisabledError, PluginError,
                           PluginFatalError, PluginInputError, PluginNotLoadedError, PluginResourceError,
                           PluginTimeoutError, PluginTransientError, ResourceShortfall, WorkerOOMError)
from cordon_procfs import kill_descendants, pid_alive

# The authoring API stays importable from here for plugins written before it moved to cordon_plugin.
__all__ = [
    "CordonPlugin", "PluginCancelledError", "PluginConfigError", "PluginDisabledError", "PluginError",
    "PluginFatalError", "PluginInputError", "PluginNotLoadedError", "PluginResourceError",
    "PluginTimeoutError", "PluginTransientError", "ResourceShortfall", "WorkerOOMError", "main",
]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_PLUGIN_LOAD_FAILED = 3
EXIT_HOST_GONE = 4

USAGE = """usage: cordon_worker.py --module M --class C [--path DIR]... [--ppid PID] [--max-body-bytes N]
                        [--port P] [--debug]

Hosts the plugin class C of module M and serves worker protocol v1 (docs/protocol.md).
  --module M            module to import (its folder given with --path)
  --class C             plugin class, constructed with no arguments
  --path DIR            put DIR first on sys.path (repeatable; kept in the order given)
  --ppid PID            exit when PID exits (default: exit when the original parent exits)
  --max-body-bytes N    largest request body accepted, else 413 (default 67108864;
                        env CORDON_MAX_BODY_BYTES)
  --port P              bind 127.0.0.1:P instead of an ephemeral port
  --debug               log every request (env CORDON_WORKER_DEBUG=1)
Environment: CORDON_WORKER_TOKEN (required), CORDON_LOG_FILE, CORDON_INSTANCE_ID,
CORDON_TRACEBACK_POLICY (full | repr_only | none), CORDON_HEAD_TIMEOUT_MS (default 10000: a request
head must arrive within it, else 408 and the connection closed).
Exit status: 0 stopped by SIGTERM/SIGINT, 2 usage, 3 plugin failed to load, 4 host gone."""


class UsageError(Exception):
    """A wrong command line or environment; the message says which argument and why."""


# --------------------------------------------------------------------------------------------------
# Host death: EOF on stdin (the host holds the pipe's write end) and a parent-pid watch.
# --------------------------------------------------------------------------------------------------

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


def _watch_parent(ppid, initial_parent, interval=0.05):
    while True:
        time.sleep(interval)
        if os.getppid() != initial_parent or (ppid is not None and not pid_alive(ppid)):
            _die_with_host(f"parent process {ppid or initial_parent} exited")


def _stdin_is_host_pipe():
    import stat
    try:
        mode = os.fstat(0).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def watch_host(ppid, watch_stdin):
    """Exit (status 4) when the parent (or ``ppid``) exits, and with ``watch_stdin`` at EOF on stdin."""
    if watch_stdin:
        if _stdin_is_host_pipe():
            threading.Thread(target=_watch_stdin, name="cordon-stdin-watch", daemon=True).start()
        else:
            log("WARN", "stdin is not a pipe; host death is detected by the parent-pid watch only")
    threading.Thread(target=_watch_parent, args=(ppid, os.getppid()), name="cordon-parent-watch",
                     daemon=True).start()


# --------------------------------------------------------------------------------------------------
# Command line and start-up.
# --------------------------------------------------------------------------------------------------

def parse_args(argv, extra_flags=(), extra_valued=()):
    """The options as a dict; ``extra_flags``/``extra_valued`` admit more options (kept under their names)."""
    opts = {"paths": [], "module": None, "class": None, "ppid": None, "port": None, "debug": False,
            "max_body": None}
    valued = {"--module": "module", "--class": "class", "--ppid": "ppid", "--port": "port",
              "--max-body-bytes": "max_body", "--path": "paths"}
    integers = {"ppid", "port", "max_body"}
    for option in extra_valued:
        valued[option] = option.lstrip("-")
        integers.add(option.lstrip("-"))
    i = 0
    while i < len(argv):
        arg = argv[i]
        key, eq, inline = arg.partition("=")
        if arg in ("-h", "--help"):
            raise UsageError("")
        if arg == "--debug":
            opts["debug"] = True
        elif arg in extra_flags:
            opts[arg.lstrip("-")] = True
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
            elif name not in integers:
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
    return opts


def load_plugin(module_name, class_name):
    """Import ``module_name`` and construct ``class_name`` with no arguments."""
    __import__(module_name)
    cls = getattr(sys.modules[module_name], class_name)
    if not callable(getattr(cls, "execute", None)):
        raise TypeError(f"{module_name}.{class_name} has no execute() method")
    return cls()


def env_int(name, default):
    """An integer environment variable; UsageError when it is set but not an integer."""
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise UsageError(f"environment variable {name} must be an integer, got {raw!r}")


def redirect_stderr_to_log():
    """Point fd 2 at CORDON_LOG_FILE when set (created 0600, appended to)."""
    log_file = os.environ.get("CORDON_LOG_FILE")
    if log_file:
        fd = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.dup2(fd, 2)
        os.close(fd)


def bind(port):
    """A listening socket on 127.0.0.1:``port`` (0: ephemeral); None after logging why it failed."""
    import socket
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        server.bind(("127.0.0.1", port or 0))
    except OSError as exc:
        log("ERROR", f"cannot bind 127.0.0.1:{port or 0}: {exc}")
        server.close()
        return None
    server.listen(128)
    return server


def load_plugin_or_log(opts):
    """Put the --path folders on sys.path and construct the plugin; None after logging why it failed."""
    for path in reversed(opts["paths"]):
        sys.path.insert(0, os.path.abspath(path))
    try:
        plugin = load_plugin(opts["module"], opts["class"])
    except BaseException as exc:
        import traceback
        log("ERROR", f"FATAL: Failed to load {opts['module']}:{opts['class']} - {exc!r}")
        traceback.print_exc()
        return None
    configure_plugin_logging()
    return plugin


def worker_settings(opts):
    """The Worker keyword arguments the environment and the options give."""
    return {"instance_id": os.environ.get("CORDON_INSTANCE_ID") or None,
            "traceback_policy": os.environ.get("CORDON_TRACEBACK_POLICY", "full"),
            "debug": opts["debug"] or os.environ.get("CORDON_WORKER_DEBUG") == "1"}


def stop_on_signals(worker):
    """SIGTERM and SIGINT: graceful shutdown of the plugin, its descendants killed, exit 0."""
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


def serve_forever(server, worker, head_timeout_s=None):
    """Serve ``worker`` on the listening socket ``server`` for ever (docs/protocol.md §3: connections)."""
    from cordon_http import Connection
    from cordon_server import DEFAULT_HEAD_TIMEOUT_S, ConnectionServer
    if head_timeout_s is None:
        head_timeout_s = env_int("CORDON_HEAD_TIMEOUT_MS", int(DEFAULT_HEAD_TIMEOUT_S * 1000)) / 1000.0
    ConnectionServer(server, worker.serve_request, lambda sock: Connection(sock, head_timeout_s),
                     head_timeout=head_timeout_s).serve_forever()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        opts = parse_args(argv)
        max_body = opts["max_body"] if opts["max_body"] is not None else env_int("CORDON_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES)
        head_timeout_s = env_int("CORDON_HEAD_TIMEOUT_MS", 10000) / 1000.0
        if head_timeout_s <= 0:
            raise UsageError(f"CORDON_HEAD_TIMEOUT_MS must be positive, got {os.environ['CORDON_HEAD_TIMEOUT_MS']!r}")
    except UsageError as err:
        sys.stderr.write((f"cordon_worker: {err}\n" if str(err) else "") + USAGE + "\n")
        return EXIT_OK if not str(err) else EXIT_USAGE

    redirect_stderr_to_log()
    # The handshake line is the only thing the host reads from stdout: keep a private copy of it and
    # point fd 1 at the log, so whatever the plugin prints cannot corrupt the handshake.
    handshake_fd = os.dup(1)
    os.dup2(2, 1)
    try:
        sys.stdout.reconfigure(line_buffering=True)
    except (AttributeError, ValueError):
        pass

    token = os.environ.pop("CORDON_WORKER_TOKEN", None)
    if not token:
        log("ERROR", "CORDON_WORKER_TOKEN is not set; protocol v1 requires the token from the launcher")
        return EXIT_USAGE

    watch_host(opts["ppid"], watch_stdin=True)
    server = bind(opts["port"])
    if server is None:
        return EXIT_USAGE
    plugin = load_plugin_or_log(opts)
    if plugin is None:
        return EXIT_PLUGIN_LOAD_FAILED

    worker = Worker(plugin, token=token, max_body=max_body, **worker_settings(opts))
    stop_on_signals(worker)

    port = server.getsockname()[1]
    os.write(handshake_fd, f"CORDON|{PROTOCOL_VERSION}|{port}|{os.getpid()}\n".encode("ascii"))
    os.close(handshake_fd)
    log("INFO", f"plugin {worker.plugin_name!r} ({opts['module']}.{opts['class']}) serving on 127.0.0.1:{port}"
                f" (protocol {PROTOCOL_VERSION})")
    serve_forever(server, worker, head_timeout_s)


if __name__ == "__main__":
    sys.exit(main())
