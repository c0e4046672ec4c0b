"""Plumbing for the MLoop benchmark: workflow files, a psql session, the standalone process, statistics.

Python 3 standard library only; talks to PostgreSQL through `psql`.
"""

import json
import os
import signal
import statistics
import subprocess
import time


# --- workflow files -------------------------------------------------------------------------------------------------

def chain_yaml(workflow_id, length, description):
    """A chain of `length` `true` tasks (command kind), t000 → t001 → …"""
    lines = [f"id: {workflow_id}", f"description: {json.dumps(description)}", "max_active_tasks: 16", "tasks:"]
    for i in range(length):
        lines.append(f"  - id: t{i:03d}")
        if i:
            lines.append(f"    needs: [t{i - 1:03d}]")
        lines.append("    command: [\"true\"]")
    return "\n".join(lines) + "\n"


def fanout_yaml(workflow_id, width, description):
    """`width` independent `true` tasks; max_active_tasks is set to the width so the worker's parallelism limits."""
    lines = [f"id: {workflow_id}", f"description: {json.dumps(description)}", f"max_active_tasks: {width}", "tasks:"]
    for i in range(width):
        lines.append(f"  - id: t{i:04d}")
        lines.append("    command: [\"true\"]")
    return "\n".join(lines) + "\n"


def xcom_chain_yaml(workflow_id, length, description):
    """A chain of inline Python tasks passing a counter via context["ti"].xcom_push/xcom_pull; the last one checks it."""
    lines = [f"id: {workflow_id}", f"description: {json.dumps(description)}", "tasks:"]
    for i in range(length):
        lines.append(f"  - id: p{i:02d}")
        if i:
            lines.append(f"    needs: [p{i - 1:02d}]")
        lines.append("    python: |")
        if i:
            lines.append(f"      n = context[\"ti\"].xcom_pull(task_ids=\"p{i - 1:02d}\", key=\"counter\")")
        else:
            lines.append("      n = 0")
        lines.append("      context[\"ti\"].xcom_push(key=\"counter\", value=n + 1)")
        if i == length - 1:
            lines.append(f"      assert n + 1 == {length}, f\"counter is {{n + 1}}, expected {length}\"")
    return "\n".join(lines) + "\n"


# --- psql ------------------------------------------------------------------------------------------------------------

class Psql:
    """One long-lived psql session: a query costs a round trip, not a process launch (polling every few ms)."""

    MARK = "__mloop_bench_end__"

    def __init__(self, conninfo):
        self.process = subprocess.Popen(
            ["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=0", conninfo],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)

    def rows(self, sql):
        """Runs one statement; returns its rows as lists of strings. Raises on an error message."""
        self.process.stdin.write(sql.rstrip().rstrip(";") + ";\n\\echo " + self.MARK + "\n")
        self.process.stdin.flush()
        out = []
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"psql exited while running: {sql[:200]}")
            line = line.rstrip("\n")
            if line == self.MARK:
                break
            if line.startswith(("ERROR:", "FATAL:", "psql:")):
                raise RuntimeError(f"psql: {line} (in: {sql[:200]})")
            if line:
                out.append(line.split("\t"))
        return out

    def value(self, sql):
        rows = self.rows(sql)
        return rows[0][0] if rows else None

    def close(self):
        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()


def cluster_conninfo(home, database="mloop"):
    """The embedded cluster's socket, from postmaster.pid (line 5 is the socket directory, line 4 the port)."""
    pid_file = os.path.join(home, "postgres", "postmaster.pid")
    with open(pid_file) as f:
        lines = f.read().split("\n")
    return f"host={lines[4]} port={lines[3]} user=postgres dbname={database}", int(lines[0])


# --- processes -------------------------------------------------------------------------------------------------------

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def stop_process(process, timeout=30):
    """SIGINT (graceful shutdown), then SIGKILL after `timeout` seconds."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wall(argv, **kwargs):
    """Seconds `argv` takes, launch to exit; raises if it fails."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# --- statistics ------------------------------------------------------------------------------------------------------

def percentile(values, p):
    """Nearest-rank percentile (p in 0–100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def median(values):
    return statistics.median(values)


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def secs(seconds):
    return f"{seconds:.3f} s"
