"""probe: a plugin that shows what a worker leaves within a plugin's reach, and starts children to be cleaned up."""

import os
import subprocess

from cordon_plugin import CordonPlugin

if os.environ.get("PROBE_CHILD_AT_IMPORT"):
    # A child started while the module loads, then a failed load: the child must not outlive the worker.
    _child = subprocess.Popen(["sleep", "300"])
    with open(os.environ["PROBE_CHILD_AT_IMPORT"], "w") as out:
        out.write(str(_child.pid))
    raise RuntimeError("probe refuses to load after starting a child")


class ProbePlugin(CordonPlugin):
    """``execute(action)``: ``spawn`` starts ``sleep 300`` and returns its pid; ``environ`` returns the plugin's
    environment and the raw text of ``/proc/self/environ``."""
    name = "probe"
    version = "1.0.0"
    description = "Shows what a plugin can reach"

    def execute(self, action="environ"):
        if action == "spawn":
            return subprocess.Popen(["sleep", "300"]).pid
        if action == "environ":
            with open("/proc/self/environ", "rb") as environ:
                return {"env": dict(os.environ), "proc": environ.read().decode("latin-1")}
        raise ValueError(f"unknown action {action!r}: spawn or environ")
