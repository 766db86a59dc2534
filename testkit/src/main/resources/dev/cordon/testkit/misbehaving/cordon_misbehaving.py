"""The misbehaving Python plugins of Cordon's testkit: each breaks its worker in one named way.

Run by Cordon's own Python worker like any plugin (``--module cordon_misbehaving --class <Name>``); the
Java side of the testkit (``dev.cordon.testkit.misbehaving.Misbehaviour``) writes their manifests.
Each ``execute`` takes keyword arguments only:

- ``pid_file``: where a plugin that starts processes writes their pids, one a line, before it dies;
- ``seconds``: how long ``SlowAnswer`` takes (default 5).
"""

import os
import signal
import subprocess
import sys
import time


class _Misbehaving:
    version = "1.0.0"
    description = "A testkit plugin that breaks its worker on purpose"
    THREAD_SAFE = False

    def initialize(self, config=None):
        self.config = dict(config or {})

    def get_config_schema(self):
        return {"type": "object", "properties": {}}

    def get_current_config(self):
        return dict(getattr(self, "config", {}))


class ExitMidCall(_Misbehaving):
    """The worker exits with status 0 in the middle of a call, answering nothing."""
    name = "misbehaving-exit-mid-call"

    def execute(self, **kwargs):
        sys.stderr.flush()
        os._exit(0)


class Segfault(_Misbehaving):
    """The worker dies of SIGSEGV in the middle of a call."""
    name = "misbehaving-segfault"

    def execute(self, **kwargs):
        sys.stderr.flush()
        # Python leaves SIGSEGV at its default action (unless faulthandler is on): the process dies of it.
        os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(10)  # the signal is delivered before this ends; never returns normally


class SigkillMidCall(_Misbehaving):
    """The worker is SIGKILLed in the middle of a call (as by the kernel, not by the host)."""
    name = "misbehaving-sigkill-mid-call"

    def execute(self, **kwargs):
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(10)


class HangInStartup(_Misbehaving):
    """The plugin's constructor never returns, so the worker never sends its handshake line."""
    name = "misbehaving-hang-in-startup"

    def __init__(self):
        time.sleep(3600)

    def execute(self, **kwargs):
        return {}


class SpawnChildrenAndDie(_Misbehaving):
    """Starts a child and a grandchild that outlive it (each sleeps 300 s), writes their pids, then exits 1."""
    name = "misbehaving-spawn-children-and-die"

    def execute(self, pid_file=None, **kwargs):
        child = subprocess.Popen(["/bin/sh", "-c", "sleep 300 & echo $!; exec sleep 300"],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
        grandchild = int(child.stdout.readline())
        child.stdout.close()
        if pid_file:
            with open(pid_file, "w", encoding="ascii") as out:
                out.write(f"{child.pid}\n{grandchild}\n")
        sys.stderr.flush()
        os._exit(1)


class SlowAnswer(_Misbehaving):
    """Answers only after ``seconds`` (default 5), ignoring cancellation."""
    name = "misbehaving-slow-answer"

    def execute(self, seconds=5, **kwargs):
        time.sleep(float(seconds))
        return {"slept": float(seconds)}


class Healthy(_Misbehaving):
    """Behaves: the plugin the worker-level misbehaviours (garbage on stdout, stdin never read) run."""
    name = "misbehaving-healthy"

    def execute(self, **kwargs):
        return {"ok": True, "pid": os.getpid()}
