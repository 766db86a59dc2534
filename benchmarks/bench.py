"""Python worker figures: spawn -> ready and execute round trip over one keep-alive connection.

Usage: python3 benchmarks/bench.py [--spawns N] [--calls N] [--python PATH] [--worker PATH/cordon_worker.py]
py-spawn starts the worker the way the launcher does (``python -c`` importing the module, so its
bytecode comes from __pycache__); py-spawn-script runs ``python cordon_worker.py`` (compiled each time).
Prints one JSON object per figure, e.g. {"bench": "py-spawn", "p50_ms": 41.2, "cpu_p50_ms": 30.1, ...}
(cpu: user + system time of the worker process from start to exit after the handshake). The round trip is
measured with a raw-socket client sending a prebuilt request, so client-side overhead stays small.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WORKER = ROOT / "worker-python" / "cordon_worker.py"
ECHO = ROOT / "examples" / "py-echo"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def worker_command(python, worker, form):
    """``import``: the launcher's form (bytecode cached in __pycache__); ``script``: python3 cordon_worker.py."""
    if form == "script":
        return [python, str(worker)]
    bootstrap = f"import sys;sys.path[0]={str(worker.parent)!r};import cordon_worker;sys.exit(cordon_worker.main())"
    return [python, "-c", bootstrap]


def spawn(python, worker, token, form="import"):
    env = dict(os.environ, CORDON_WORKER_TOKEN=token)
    started = time.perf_counter()
    proc = subprocess.Popen(worker_command(python, worker, form) + ["--module", "py_echo", "--class", "EchoPlugin", "--path", str(ECHO)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    if not line.startswith(b"CORDON|1|"):
        proc.kill()
        proc.wait()
        raise SystemExit(f"bad handshake {line!r}")
    return proc, int(line.split(b"|")[2]), elapsed


def stop(proc):
    """Close stdin (the worker exits) and reap it; the CPU milliseconds its whole life took."""
    proc.stdin.close()
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (usage.ru_utime + usage.ru_stime) * 1000


def read_response(sock, buf):
    while b"\r\n\r\n" not in buf:
        buf += sock.recv(65536)
    head, _, rest = buf.partition(b"\r\n\r\n")
    length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
    while len(rest) < length:
        rest += sock.recv(65536)
    return head, rest[:length], rest[length:]


def main(argv):
    spawns = int(argv[argv.index("--spawns") + 1]) if "--spawns" in argv else 30
    calls = int(argv[argv.index("--calls") + 1]) if "--calls" in argv else 20000
    python = argv[argv.index("--python") + 1] if "--python" in argv else sys.executable
    worker = Path(argv[argv.index("--worker") + 1]).resolve() if "--worker" in argv else DEFAULT_WORKER
    token = secrets.token_hex(16)

    for form, name in (("import", "py-spawn"), ("script", "py-spawn-script")):
        times, cpus = [], []
        for _ in range(spawns):
            proc, _, elapsed = spawn(python, worker, token, form)
            times.append(elapsed * 1000)
            cpus.append(stop(proc))
        # CPU time (start, handshake, exit) is the figure that a loaded machine does not blur.
        print(json.dumps({"bench": name, "p50_ms": round(percentile(times, 50), 1),
                          "min_ms": round(min(times), 1), "max_ms": round(max(times), 1),
                          "cpu_p50_ms": round(percentile(cpus, 50), 1), "runs": spawns}))

    proc, port, _ = spawn(python, worker, token)
    try:
        body = b'{"args":[],"kwargs":{"x":1,"s":"hi"}}'
        request = (b"POST /execute HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                   b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (token.encode(), len(body), body))
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf, rtts = b"", []
        warmup = max(1, calls // 10)
        for i in range(warmup + calls):
            t = time.perf_counter()
            sock.sendall(request)
            head, payload, buf = read_response(sock, buf)
            if i >= warmup:
                rtts.append((time.perf_counter() - t) * 1e6)
        if not head.startswith(b"HTTP/1.1 200"):
            raise SystemExit(f"unexpected response {head!r} {payload!r}")
        sock.close()
        total_s = sum(rtts) / 1e6
        print(json.dumps({"bench": "py-exec-rtt", "p50_us": round(percentile(rtts, 50), 1),
                          "p99_us": round(percentile(rtts, 99), 1), "calls_per_s": round(calls / total_s),
                          "calls": calls}))
    finally:
        stop(proc)


if __name__ == "__main__":
    main(sys.argv[1:])
