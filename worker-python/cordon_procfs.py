"""/proc: CPU and RSS of the worker and all its descendants, and their ends."""

import os
import threading
import time

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
    """Signal every descendant of ``root``, children last-found first (``root`` itself is spared)."""
    for pid in reversed(process_tree(root)[1:]):
        try:
            os.kill(pid, sig)
        except OSError:
            pass


def pid_alive(pid):
    """True while ``pid`` runs and is not a zombie."""
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
