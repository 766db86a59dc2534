"""The worker's log: one line per event, UTC ISO-8601 with milliseconds, to stderr (the instance's log file)."""

import sys
import time


def utc_stamp(t=None):
    t = time.time() if t is None else t
    return "%s.%03dZ" % (time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)), int(t * 1000) % 1000)


def log(level, message):
    """Write one log line; a closed or broken stderr is ignored (the worker must keep serving)."""
    try:
        sys.stderr.write(f"{utc_stamp()} [{level}] {message}\n")
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
    formatter = logging.Formatter("%(asctime)s.%(msecs)03dZ [%(levelname)s] %(name)s: %(message)s",
                                  "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root.addHandler(handler)
    root.setLevel(logging.INFO)

