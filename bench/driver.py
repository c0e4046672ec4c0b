"""The MLoop engine benchmark (issue 3, "Performance"). Run through bench/run, which builds mloop first.

Starts `mloop standalone` on the embedded PostgreSQL in a temporary MLOOP_HOME, runs every workload, prints one
Markdown table and writes it to bench/results/latest.md. Python 3 standard library only.
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time

from benchlib import (
    Psql, chain_yaml, cluster_conninfo, fanout_yaml, load_average, median, ms, percentile, rss_kib, secs,
    stop_process, wall, xcom_chain_yaml)
from apibench import API_WORKFLOWS, run_api_workload

AIRFLOW = {"W1": 24.3, "W2": 24.0, "W3": 13.9}  # Airflow 3.3.2, LocalExecutor, parallelism 8, PostgreSQL 15
AIRFLOW_IDLE_MB = 580

WORKFLOWS = {
    "bench_chain_100": chain_yaml("bench_chain_100", 100, "hop latency: a chain of 100 true tasks"),
    "bench_fanout_1000": fanout_yaml("bench_fanout_1000", 1000, "fan-out: 1,000 independent true tasks"),
    "bench_xcom_chain_20": xcom_chain_yaml("bench_xcom_chain_20", 20, "20 inline Python tasks passing a counter"),
    "bench_w1_fanout_100": fanout_yaml("bench_w1_fanout_100", 100, "Airflow W1: 100 independent true tasks"),
    "bench_w2_chain_20": chain_yaml("bench_w2_chain_20", 20, "Airflow W2: a chain of 20 true tasks"),
    "bench_w3_xcom_chain_10": xcom_chain_yaml("bench_w3_xcom_chain_10", 10, "Airflow W3: 10 Python tasks, XCom"),
    **API_WORKFLOWS,
}

# Per hop of a chain run: the previous task's try ended → the next task's try queued (scheduler) → started (worker).
HOPS_SQL = """
SELECT extract(epoch FROM n.started_at - p.ended_at), extract(epoch FROM n.queued_at - p.ended_at),
       extract(epoch FROM n.started_at - n.queued_at), extract(epoch FROM p.ended_at - p.started_at)
FROM task_try p
JOIN task_try n ON n.run_id = p.run_id
 AND n.task_id = 't' || lpad((substr(p.task_id, 2)::int + 1)::text, 3, '0')
WHERE p.run_id = {run} AND p.state = 'success' AND n.state = 'success'
"""

# 1,000,000 finished task instances of the chain workflow itself (10,000 runs × its 100 tasks) with their tries.
HISTORY_SQL = """
BEGIN;
INSERT INTO workflow_run (workflow_id, version_id, run_type, state, logical_date, data_interval_start,
                          data_interval_end, created_at, queued_at, started_at, ended_at, updated_at)
SELECT w.workflow_id, w.current_version_id, 'manual', 'success', d, d, d, d, d, d, d + interval '5 s', d
FROM workflow w, generate_series(1, {runs}) g,
     LATERAL (SELECT timestamptz '2000-01-01 00:00Z' + g * interval '1 hour' AS d) t
WHERE w.workflow_id = 'bench_chain_100';
INSERT INTO task_instance (run_id, task_id, state, try_number, max_tries, workflow_id, queued_at, started_at,
                           ended_at, updated_at)
SELECT r.run_id, 't' || lpad(k::text, 3, '0'), 'success', 1, 1, r.workflow_id, r.queued_at, r.started_at,
       r.ended_at, r.ended_at
FROM workflow_run r, generate_series(0, 99) k
WHERE r.workflow_id = 'bench_chain_100' AND r.logical_date < timestamptz '2010-01-01 00:00Z';
INSERT INTO task_try (run_id, task_id, try_number, state, worker_id, hostname, pid, queued_at, started_at, ended_at,
                      heartbeat_at, exit_code)
SELECT ti.run_id, ti.task_id, 1, 'success', 'bench-history', 'bench', 1, ti.queued_at, ti.started_at, ti.ended_at,
       ti.ended_at, 0
FROM task_instance ti JOIN workflow_run r ON r.run_id = ti.run_id
WHERE r.workflow_id = 'bench_chain_100' AND r.logical_date < timestamptz '2010-01-01 00:00Z';
COMMIT;
-- Vacuum as well as analyze: a long-lived installation's history has long been vacuumed, and an insert-triggered
-- autovacuum of 2M fresh rows would otherwise run during the measurement, on one of the two cores.
VACUUM (ANALYZE);
"""


class Engine:
    """`mloop standalone` on an embedded PostgreSQL in a temporary MLOOP_HOME, and a psql session on its database."""

    def __init__(self, mloop, root, parallelism):
        self.mloop = os.path.abspath(mloop)
        self.root = root
        self.home = os.path.join(root, "home")
        self.env = dict(os.environ, MLOOP_HOME=self.home, MLOOP_DAGS_FOLDER=os.path.join(root, "dags"))
        self.env.pop("MLOOP_DATABASE_URL", None)
        self.parallelism = parallelism
        self.process = None
        self.db = None
        self.postmaster = None

    def start(self):
        os.makedirs(os.path.join(self.root, "dags"))
        for name, text in WORKFLOWS.items():
            with open(os.path.join(self.root, "dags", name + ".yaml"), "w") as f:
                f.write(text)
        self.log = open(os.path.join(self.root, "standalone.log"), "w")
        self.process = subprocess.Popen(
            # --no-api: the workloads drive the engine through psql; keeps the figures comparable with earlier runs.
            [self.mloop, "standalone", "--parallelism", str(self.parallelism), "--no-api"], cwd=self.root, env=self.env,
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"mloop standalone exited; see {self.root}/standalone.log")
            if time.monotonic() > deadline:
                raise RuntimeError("mloop standalone did not sync the bench workflows within 120 s")
            try:
                if self.db is None:
                    conninfo, self.postmaster = cluster_conninfo(self.home)
                    self.db = Psql(conninfo)
                count = self.db.value("SELECT count(*) FROM workflow WHERE workflow_id LIKE 'bench\\_%'")
                if count == str(len(WORKFLOWS)):
                    return
                errors = self.db.value("SELECT string_agg(file_path || ': ' || message, '; ') FROM import_error")
                if errors:
                    raise SystemExit(f"bench workflow files do not load: {errors}")
            except (OSError, IndexError, ValueError, RuntimeError):
                if self.db is not None:
                    self.db.close()
                    self.db = None
            time.sleep(0.2)

    def trigger(self, workflow):
        """Runs `mloop trigger WORKFLOW` and polls the run's state every 2 ms over the open psql session.
        Returns (run id, wall seconds from launching `mloop trigger` until success is seen)."""
        start = time.perf_counter()
        out = subprocess.run([self.mloop, "trigger", workflow], cwd=self.root, env=self.env, check=True,
                             capture_output=True, text=True).stdout
        run = int(out.strip().split()[-1])
        deadline = time.monotonic() + 300
        while True:
            state = self.db.value(f"SELECT state FROM workflow_run WHERE run_id = {run}")
            if state == "success":
                return run, time.perf_counter() - start
            if state == "failed":
                raise RuntimeError(f"run {run} of {workflow} failed: mloop runs show {run} (MLOOP_HOME={self.home})")
            if time.monotonic() > deadline:
                raise RuntimeError(f"run {run} of {workflow} did not finish within 300 s")
            time.sleep(0.002)

    def run_seconds(self, run):
        """The run row's created_at (the trigger's INSERT) → ended_at (the scheduler marking it success)."""
        return float(self.db.value(
            f"SELECT extract(epoch FROM ended_at - created_at) FROM workflow_run WHERE run_id = {run}"))

    def hops(self, run):
        rows = self.db.rows(HOPS_SQL.format(run=run))
        return [tuple(float(v) for v in row) for row in rows]

    def rss_mib(self):
        return rss_kib(self.process.pid) / 1024

    def stop(self):
        if self.db is not None:
            self.db.close()
        if self.process is not None:
            stop_process(self.process)
        # The last embedded-PostgreSQL client stops the server; make sure nothing is left behind.
        if self.postmaster is not None:
            for _ in range(100):
                try:
                    os.kill(self.postmaster, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.1)
            else:
                os.kill(self.postmaster, 2)


class Results:
    def __init__(self):
        self.rows = []
        self.notes = []

    def add(self, workload, measure, mloop, baseline="", ratio="", goal="", met=None):
        mark = "" if met is None else ("yes" if met else "**no**")
        self.rows.append((workload, measure, mloop, baseline, ratio, goal, mark))


def chain_runs(engine, workflow, reps):
    """`reps` runs of a chain; returns (all hops, run seconds per run)."""
    hops, runs = [], []
    for _ in range(reps):
        run, _ = engine.trigger(workflow)
        hops += engine.hops(run)
        runs.append(engine.run_seconds(run))
    return hops, runs


def report_hops(results, label, hops):
    total = [h[0] for h in hops]
    results.add(label, f"hop p50 (n={len(total)})", ms(percentile(total, 50)), goal="≤ 10 ms",
                met=percentile(total, 50) <= 0.010)
    results.add(label, "hop p99", ms(percentile(total, 99)), goal="≤ 50 ms", met=percentile(total, 99) <= 0.050)
    results.add(label, "hop p50 split: end→queued / queued→started",
                f"{ms(percentile([h[1] for h in hops], 50))} / {ms(percentile([h[2] for h in hops], 50))}")
    results.add(label, "try duration p50 (spawn `true`, record end)", ms(percentile([h[3] for h in hops], 50)))


def python_interpreter():
    """The interpreter mloop runs Python tasks with: `python3` on PATH, resolved to its sys.executable."""
    return os.environ.get("MLOOP_PYTHON") or subprocess.run(
        ["python3", "-c", "import sys; print(sys.executable)"], check=True, capture_output=True,
        text=True).stdout.strip()


WORKLOADS = ("hop", "fanout", "python", "airflow", "history", "api", "memory")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mloop", required=True, help="the mloop binary")
    parser.add_argument("--output", required=True, help="where to write the Markdown table")
    parser.add_argument("--reps", type=int, default=3, help="repetitions of each long workload (default 3)")
    parser.add_argument("--airflow-reps", type=int, default=5, help="repetitions of W1–W3 (default 5)")
    parser.add_argument("--history-runs", type=int, default=10000, help="runs × 100 tasks of history (10,000 = 1M)")
    parser.add_argument("--api-runs", type=int, default=100000, help="runs × 10 tasks of API history (100,000 = 1M)")
    parser.add_argument("--api-requests", type=int, default=300, help="timed requests per API endpoint (default 300)")
    parser.add_argument("--api-load-seconds", type=int, default=10, help="seconds of each API load test (default 10)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (for inspection)")
    parser.add_argument("--only", default=",".join(WORKLOADS),
                        help="comma-separated workloads to run, of: %s (default all; for iterating)" % ", ".join(WORKLOADS))
    args = parser.parse_args()
    only = set(args.only.split(","))
    unknown = only - set(WORKLOADS)
    if unknown:
        parser.error("unknown workload(s): %s (known: %s)" % (", ".join(sorted(unknown)), ", ".join(WORKLOADS)))
    if "history" in only:
        only.add("hop")  # the history ratio compares with the empty-database hop latency

    began = time.monotonic()
    load_before = load_average()
    root = tempfile.mkdtemp(prefix="mloop-bench-", dir="/tmp")
    os.chmod(root, 0o755)
    engine = Engine(args.mloop, root, parallelism=8)
    results = Results()
    python, bare = python_interpreter(), None
    try:
        progress("starting mloop standalone (embedded PostgreSQL in %s)" % root)
        engine.start()
        if "memory" in only:
            progress("idle 10 s for the memory reading")
            time.sleep(10)
            idle_fresh = engine.rss_mib()

        progress("warm-up run")
        engine.trigger("bench_w2_chain_20")

        if "hop" in only:
            progress("hop latency: chain of 100 × %d" % args.reps)
            empty_hops, _ = chain_runs(engine, "bench_chain_100", args.reps)
            report_hops(results, "hop latency, chain of 100 `true`", empty_hops)

        if "fanout" in only:
            progress("fan-out: 1,000 tasks × %d, with xargs -P 8 interleaved" % args.reps)
            fan_db, fan_wall, xargs = [], [], []
            for _ in range(args.reps):
                xargs.append(wall(["bash", "-c", "seq 1000 | xargs -P 8 -n 1 true"]))
                run, seconds = engine.trigger("bench_fanout_1000")
                fan_wall.append(seconds)
                fan_db.append(engine.run_seconds(run))
            ratio = median(fan_wall) / median(xargs)
            results.add("fan-out, 1,000 `true`, parallelism 8", "trigger→success (CLI launch → seen)",
                        secs(median(fan_wall)), f"xargs -P 8: {secs(median(xargs))}", f"{ratio:.2f}×", "≤ 2×",
                        ratio <= 2)
            results.add("fan-out, 1,000 `true`, parallelism 8", "run created→ended (DB)", secs(median(fan_db)),
                        "", f"{median(fan_db) / median(xargs):.2f}×")

        if "python" in only:
            progress("Python XCom chain of 20 × %d" % args.reps)
            bare = median([wall([python, "-c", "pass"]) for _ in range(20)])
            py_db, py_tries = [], []
            for _ in range(args.reps):
                run, _ = engine.trigger("bench_xcom_chain_20")
                py_db.append(engine.run_seconds(run))
                py_tries += [float(v[0]) for v in engine.db.rows(
                    f"SELECT extract(epoch FROM ended_at - started_at) FROM task_try WHERE run_id = {run}")]
            per_task = median(py_db) / 20
            results.add("Python XCom chain of 20", "per task: run created→ended (DB) / 20", ms(per_task),
                        f"`python3 -c pass`: {ms(bare)}", f"overhead {ms(per_task - bare)}")
            results.add("Python XCom chain of 20", "try duration p50 (launch, shim, XCom, record end)",
                        ms(percentile(py_tries, 50)), "", f"overhead {ms(percentile(py_tries, 50) - bare)}")

        if "airflow" in only:
            for name, workflow, shape in (("W1", "bench_w1_fanout_100", "100 independent `true`"),
                                          ("W2", "bench_w2_chain_20", "chain of 20 `true`"),
                                          ("W3", "bench_w3_xcom_chain_10", "chain of 10 Python, XCom counter")):
                progress("Airflow %s × %d" % (name, args.airflow_reps))
                walls, dbs = [], []
                for _ in range(args.airflow_reps):
                    run, seconds = engine.trigger(workflow)
                    walls.append(seconds)
                    dbs.append(engine.run_seconds(run))
                speedup = AIRFLOW[name] / median(walls)
                results.add(f"Airflow {name}: {shape}",
                            "trigger→success (CLI launch → seen)", secs(median(walls)),
                            f"Airflow 3.3.2: {AIRFLOW[name]} s", f"{speedup:.0f}× faster", "≥ 50×", speedup >= 50)
                results.add(f"Airflow {name}", "run created→ended (DB)", secs(median(dbs)))

        if "history" in only:
            progress("history: inserting %d finished task instances" % (args.history_runs * 100))
            insert_start = time.perf_counter()
            subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", cluster_conninfo(engine.home)[0]],
                           input=HISTORY_SQL.format(runs=args.history_runs), text=True, check=True,
                           stdout=subprocess.DEVNULL)
            insert_seconds = time.perf_counter() - insert_start
            count = int(engine.db.value("SELECT count(*) FROM task_instance"))
            progress("history: chain of 100 × %d" % args.reps)
            history_hops, _ = chain_runs(engine, "bench_chain_100", args.reps)
            label = f"history: {count:,} task instances in the DB"
            report_hops(results, label, history_hops)
            for p in (50, 99):
                empty, full = percentile([h[0] for h in empty_hops], p), percentile([h[0] for h in history_hops], p)
                results.add(label, f"hop p{p} vs empty DB", ms(full), f"empty DB: {ms(empty)}", f"{full / empty:.2f}×",
                            "≤ 1.2×" if p == 50 else "", full / empty <= 1.2 if p == 50 else None)
            results.notes.append(f"history inserted with INSERT … SELECT generate_series + ANALYZE in {insert_seconds:.1f} s")

        if "api" in only:
            run_api_workload(engine, results, args, progress)

        if "memory" in only:
            progress("idle 10 s again for the memory reading")
            time.sleep(10)
            idle_after = engine.rss_mib()
            results.add("idle memory of `mloop standalone` (RSS, without PostgreSQL)", "after 10 s idle, fresh",
                        f"{idle_fresh:.1f} MB", f"Airflow: ~{AIRFLOW_IDLE_MB} MB", f"{AIRFLOW_IDLE_MB / idle_fresh:.0f}× less",
                        "≤ 50 MB", idle_fresh <= 50)
            results.add("idle memory of `mloop standalone`", "after 10 s idle, after all workloads",
                        f"{idle_after:.1f} MB", "", "", "≤ 50 MB", idle_after <= 50)
    finally:
        engine.stop()
        if args.keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)

    text = render(results, args, load_before, load_average(), time.monotonic() - began, python, bare)
    print(text)
    with open(args.output, "w") as f:
        f.write(text)


def render(results, args, load_before, load_after, elapsed, python, bare):
    def git(*argv):
        return subprocess.run(["git", *argv], capture_output=True, text=True).stdout.strip()

    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# MLoop engine benchmark",
        "",
        f"- when: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}; commit "
        f"`{git('rev-parse', '--short', 'HEAD')}`{' (dirty)' if git('status', '--porcelain') else ''}",
        f"- machine: {os.cpu_count()} cores, shared; load average (1/5/15 min) before `{load_before}`, "
        f"after `{load_after}`",
        f"- setup: `mloop standalone --parallelism 8` (release build) on its embedded PostgreSQL (default settings, "
        f"{pg}); Python tasks run by `{python}`",
        f"- repetitions: {args.reps} per long workload, {args.airflow_reps} per Airflow workload; the figures are "
        f"medians (hop percentiles are over all hops of all repetitions); whole benchmark took {elapsed:.0f} s",
        "",
        "| workload | measure | MLoop | baseline (same run unless noted) | ratio | goal | met |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in results.rows]
    lines.append("")
    lines += [f"- {note}" for note in results.notes]
    lines.append("- Airflow figures are constants measured earlier on this machine kind (LocalExecutor, "
                 "parallelism 8, PostgreSQL 15), not in this run.")
    return "\n".join(lines) + "\n"


def progress(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
