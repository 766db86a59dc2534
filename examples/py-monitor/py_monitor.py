"""py-monitor: a monitor plugin in the original MonitorPlugin shape, for Cordon's plugin-backed system monitor.

``get_system_status`` answers the original ``SystemStats`` dict (RAM from /proc/meminfo, CPU from /proc/stat,
NVIDIA GPUs from nvidia-smi when it is on the PATH) plus Cordon's two additions ``cpu_count`` and
``load_average``; ``list_processes`` answers the original ``ProcessStats`` dicts of the processes holding GPU
memory. Memory is in MB (MiB) throughout. Standard library only.

Configure Cordon to read it with ``etc/dev.cordon.monitor.plugin.cfg`` holding ``plugin.name = py-monitor``.
The ``report_*`` config keys replace a measured figure with a fixed one, to try a scheduling policy against a
machine that is fuller (or emptier) than this one.
"""

import os
import shutil
import subprocess
import threading

from cordon_plugin import CordonPlugin

KB_PER_MB = 1024


def _meminfo():
    values = {}
    with open("/proc/meminfo") as f:
        for line in f:
            key, _, rest = line.partition(":")
            parts = rest.split()
            if parts:
                values[key] = int(parts[0])
    total = values["MemTotal"]
    # Kernels before 3.14 have no MemAvailable; free plus page cache is the usual estimate there.
    available = values.get("MemAvailable", values.get("MemFree", 0) + values.get("Cached", 0))
    return total / KB_PER_MB, min(available, total) / KB_PER_MB


def _cpu_times():
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields[:8]), idle


def _number(text):
    """A figure of nvidia-smi's CSV, or None for [N/A] and the like: not reported is not zero."""
    try:
        return float(text)
    except ValueError:
        return None


class MonitorPlugin(CordonPlugin):
    """Reports this machine in the original SystemStats / ProcessStats shape."""
    name = "py-monitor"
    version = "1.0.0"
    description = "Reports RAM, CPU load and NVIDIA GPUs in the original MonitorPlugin shape"
    THREAD_SAFE = True  # reads files and runs nvidia-smi; the CPU baseline is guarded by a lock
    config_schema = {
        "name": "MonitorConfig", "title": "MonitorConfig", "description": "Configuration of py-monitor",
        "type": "object",
        "properties": {
            "nvidia_smi_path": {"type": "string", "title": "nvidia-smi",
                                "description": "Path of nvidia-smi; empty looks it up on the PATH, 'none' reports"
                                               " no GPU", "default": ""},
            "nvidia_smi_timeout_s": {"type": "number", "title": "nvidia-smi timeout",
                                     "description": "The longest one nvidia-smi query may run, in seconds",
                                     "minimum": 0.1, "default": 5.0},
            "report_available_mb": {"type": ["integer", "null"], "title": "Reported available RAM",
                                    "description": "Report this much available RAM (MB) instead of the measured"
                                                   " figure; null measures", "minimum": 0, "default": None},
            "report_total_mb": {"type": ["integer", "null"], "title": "Reported total RAM",
                                "description": "Report this much total RAM (MB) instead of the measured figure;"
                                               " null measures", "minimum": 0, "default": None},
        },
    }

    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()
        self._last_cpu = None

    # -- the MonitorPlugin methods ----------------------------------------------------------------
    def get_system_status(self):
        total_mb, available_mb = _meminfo()
        if self.config.get("report_total_mb") is not None:
            total_mb = float(self.config["report_total_mb"])
        if self.config.get("report_available_mb") is not None:
            available_mb = float(self.config["report_available_mb"])
        gpus = self._gpus()
        known = [g for g in gpus if g["memory_total"]]
        stats = {
            "cpu_percent": self._cpu_percent(),
            "memory_used_mb": max(total_mb - available_mb, 0.0),
            "memory_total_mb": total_mb,
            "memory_available_mb": available_mb,
            "gpu_type": "NVIDIA" if gpus else "None",
            "gpu_free_memory_mb": float(sum(g["memory_free"] or 0 for g in known)),
            "gpu_total_memory_mb": float(sum(g["memory_total"] for g in known)),
            "gpu_used_memory_mb": float(sum(g["memory_used"] or 0 for g in known)),
            "gpu_load_percent": float(max((g["utilization"] or 0 for g in gpus), default=0)),
            "details": {
                "available": bool(gpus),
                "type": "NVIDIA" if gpus else "None",
                "details": {f"gpu_{g['index']}": {k: v for k, v in g.items() if k != "index"} for g in gpus},
                "processes": [],
            },
            # Cordon's additions: the original shape has no CPU count or load averages.
            "cpu_count": len(os.sched_getaffinity(0)),
            "load_average": list(os.getloadavg()),
        }
        return stats

    def list_processes(self):
        gpus = self._gpus()
        if not gpus:
            return []
        index_by_uuid = {g["uuid"]: g["index"] for g in gpus}
        rows = self._smi("--query-compute-apps=pid,gpu_uuid,used_memory")
        processes = []
        for row in rows:
            if len(row) < 3 or not row[0].isdigit():
                continue
            pid = int(row[0])
            processes.append({
                "pid": pid,
                "gpu_index": index_by_uuid.get(row[1], -1),
                "gpu_memory_mb": _number(row[2]),
                "command": self._command(pid),
            })
        return processes

    def execute(self, command="get_system_status", **kwargs):
        """The original's older entry point: execute("get_system_status") or execute("list_processes")."""
        if command == "get_system_status":
            return self.get_system_status()
        if command == "list_processes":
            return self.list_processes()
        raise ValueError(f"Unknown command {command!r}: use 'get_system_status' or 'list_processes'")

    # -- readings ---------------------------------------------------------------------------------
    def _cpu_percent(self):
        total, idle = _cpu_times()
        with self._lock:
            last, self._last_cpu = self._last_cpu, (total, idle)
        if last is None:
            return round(100.0 * (1 - idle / total), 1) if total else 0.0
        busy, span = (total - last[0]) - (idle - last[1]), total - last[0]
        return round(100.0 * busy / span, 1) if span > 0 else 0.0

    def _nvidia_smi(self):
        configured = self.config.get("nvidia_smi_path", "")
        if configured == "none":
            return None
        return configured or shutil.which("nvidia-smi")

    def _smi(self, query):
        path = self._nvidia_smi()
        if path is None:
            return []
        try:
            done = subprocess.run([path, query, "--format=csv,noheader,nounits"], capture_output=True, text=True,
                                  timeout=float(self.config.get("nvidia_smi_timeout_s", 5.0)))
        except (OSError, subprocess.TimeoutExpired):
            return []
        if done.returncode != 0:
            return []
        return [[c.strip() for c in line.split(",")] for line in done.stdout.splitlines() if line.strip()]

    def _gpus(self):
        gpus = []
        rows = self._smi("--query-gpu=index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu")
        for row in rows:
            if len(row) < 7 or not row[0].isdigit():
                continue
            total = _number(row[3])
            gpus.append({
                "index": int(row[0]),
                "uuid": row[1],
                "name": row[2],
                "memory_total": total or 0,  # the original's convention: 0 when the driver does not say
                "memory_used": _number(row[4]),
                "memory_free": _number(row[5]),
                "utilization": _number(row[6]),
            })
        return gpus

    @staticmethod
    def _command(pid):
        try:
            with open(f"/proc/{pid}/comm") as f:
                return f.read().strip()
        except OSError:
            return ""
