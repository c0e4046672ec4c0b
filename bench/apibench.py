"""The `api` workload of the MLoop benchmark (issue 5, "Performance"): the HTTP API over a large history.

Inserts 100,000 finished runs × 10 task instances (with tries, log chunks and XComs) into two chain-of-10 workflows,
starts `mloop api` (release build) on the same database, creates a user and a token with the CLI, then measures from
this process (a separate process from the server, on loopback): p50/p99 latency of the main list and detail
endpoints and of a log read over keep-alive connections, and requests/s under concurrent load with `wrk` (or a
Python multi-connection load generator when wrk is absent). Python 3 standard library only.
"""

import http.client
import json
import multiprocessing
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse

from benchlib import chain_yaml, cluster_conninfo, ms, percentile, stop_process

# Two workflows of 10 chained `true` tasks; 9 of every 10 runs go to the first, interleaved by id as real history is.
API_BIG, API_SMALL = "bench_api_a", "bench_api_b"
API_WORKFLOWS = {
    API_BIG: chain_yaml(API_BIG, 10, "API benchmark: a chain of 10 tasks with a long history"),
    API_SMALL: chain_yaml(API_SMALL, 10, "API benchmark: a chain of 10 tasks, 1 run in 10"),
}
LATENCY_GOAL = 0.020

# Runs every 10 minutes from 2020 on; 1 run in 50 failed (its last task failed twice). Every try of 1 run in 10 has a
# short log chunk and an XCom; task t005 of 1 run in 1,000 has a 64 KiB log in 16 chunks of 4 KiB.
HISTORY_SQL = """
BEGIN;
INSERT INTO workflow_run (workflow_id, version_id, run_type, state, logical_date, data_interval_start,
                          data_interval_end, created_at, queued_at, started_at, ended_at, updated_at)
SELECT w.workflow_id, w.current_version_id, 'manual', CASE WHEN g % 50 = 0 THEN 'failed' ELSE 'success' END,
       d, d, d + interval '10 min', d, d, d, d + interval '6 s', d + interval '6 s'
FROM generate_series(1, {runs}) g
CROSS JOIN LATERAL (SELECT timestamptz '2020-01-01 00:00Z' + g * interval '10 min' AS d) t
JOIN workflow w ON w.workflow_id = CASE WHEN g % 10 = 0 THEN '{small}' ELSE '{big}' END;
INSERT INTO task_instance (run_id, task_id, state, try_number, max_tries, workflow_id, queued_at, started_at,
                           ended_at, updated_at)
SELECT r.run_id, 't' || lpad(k::text, 3, '0'), CASE WHEN f THEN 'failed' ELSE 'success' END, CASE WHEN f THEN 2 ELSE 1 END,
       2, r.workflow_id, r.started_at + k * interval '0.5 s', r.started_at + k * interval '0.5 s',
       r.started_at + (k + 1) * interval '0.5 s', r.started_at + (k + 1) * interval '0.5 s'
FROM workflow_run r CROSS JOIN generate_series(0, 9) k
CROSS JOIN LATERAL (SELECT r.state = 'failed' AND k = 9 AS f) x
WHERE r.workflow_id IN ('{big}', '{small}');
INSERT INTO task_try (run_id, task_id, try_number, state, worker_id, hostname, pid, queued_at, started_at, ended_at,
                      heartbeat_at, exit_code, error, log_bytes)
SELECT ti.run_id, ti.task_id, n, ti.state, 'bench-history', 'bench', 1, ti.queued_at, ti.started_at, ti.ended_at,
       ti.ended_at, CASE WHEN ti.state = 'failed' THEN 1 ELSE 0 END,
       CASE WHEN ti.state = 'failed' THEN 'exited with status 1' END,
       CASE WHEN ti.run_id % 1000 = 0 AND ti.task_id = 't005' THEN 65536 WHEN ti.run_id % 10 = 0 THEN 60 ELSE 0 END
FROM task_instance ti CROSS JOIN LATERAL generate_series(1, ti.try_number) n
WHERE ti.workflow_id IN ('{big}', '{small}');
INSERT INTO task_log_chunk (run_id, task_id, try_number, chunk_number, byte_offset, content, created_at)
SELECT run_id, task_id, try_number, 0, 0, rpad('[' || task_id || '] processed a batch of records', 59, '.') || E'\\n',
       ended_at
FROM task_try
WHERE run_id % 10 = 0 AND NOT (run_id % 1000 = 0 AND task_id = 't005') AND worker_id = 'bench-history';
INSERT INTO task_log_chunk (run_id, task_id, try_number, chunk_number, byte_offset, content, created_at)
SELECT t.run_id, t.task_id, t.try_number, c, c * 4096,
       (SELECT string_agg(rpad('chunk ' || c || ' line ' || l || ': some task output', 63, '.') || E'\\n', '')
        FROM generate_series(1, 64) l),
       t.started_at + c * interval '0.2 s'
FROM task_try t CROSS JOIN generate_series(0, 15) c
WHERE t.run_id % 1000 = 0 AND t.task_id = 't005' AND t.worker_id = 'bench-history';
INSERT INTO xcom (run_id, task_id, key, try_number, value, created_at)
SELECT run_id, task_id, 'return_value', try_number,
       jsonb_build_object('rows', run_id % 997, 'path', '/data/' || run_id || '/' || task_id || '.parquet'), ended_at
FROM task_instance WHERE run_id % 10 = 0 AND state = 'success' AND workflow_id IN ('{big}', '{small}');
COMMIT;
VACUUM (ANALYZE);
"""


# What `GET /api/v1/monitoring/stats` ran before it counted finished work in a window: every row of the history.
FULL_COUNT_SQL = """
SELECT 'workflow' AS kind, '' AS state, count(*)::int AS n FROM workflow WHERE is_active
UNION ALL SELECT 'run', state, count(*)::int FROM workflow_run GROUP BY state
UNION ALL SELECT 'task', state, count(*)::int FROM task_instance GROUP BY state
"""


def sql_execution_seconds(db, sql, repetitions=5):
    """The server's execution time of `sql` (EXPLAIN ANALYZE, no per-node timing), median of `repetitions`."""
    times = []
    for _ in range(repetitions):
        rows = db.rows("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) " + sql)
        line = next(r[0] for r in rows if "Execution Time" in r[0])
        times.append(float(re.search(r"([\d.]+) ms", line).group(1)) / 1000)
    return sorted(times)[len(times) // 2]


class APIClient:
    """One keep-alive HTTP/1.1 connection to the API; `get` returns (status, headers, body bytes)."""

    def __init__(self, port, token):
        self.port = port
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path):
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        return response.status, response.headers, response.read()

    def json(self, path):
        status, headers, body = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}: {body[:300]!r}")
        return json.loads(body), headers

    def close(self):
        self.connection.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(engine, *argv, stdin=None):
    return subprocess.run([engine.mloop, *argv], cwd=engine.root, env=engine.env, input=stdin, check=True,
                          capture_output=True, text=True).stdout


class APIServerProcess:
    """`mloop api --port P` on the engine's database (it joins the embedded PostgreSQL the standalone started)."""

    def __init__(self, engine):
        self.engine = engine
        self.port = free_port()
        self.log = open(os.path.join(engine.root, "api.log"), "w")
        self.process = subprocess.Popen([engine.mloop, "api", "--port", str(self.port)], cwd=engine.root,
                                        env=engine.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"mloop api exited; see {engine.root}/api.log")
            try:
                client = APIClient(self.port, None)
                status, _, _ = client.get("/api/v1/monitoring/health")
                client.close()
                if status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"mloop api did not answer health within 60 s; see {engine.root}/api.log")
            time.sleep(0.1)

    def stop(self):
        stop_process(self.process)
        self.log.close()


def endpoints(client, db):
    """The measured requests: (label, path). IDs are picked from the database and the API itself."""
    big_runs = int(db.value(f"SELECT count(*) FROM workflow_run WHERE workflow_id = '{API_BIG}'"))
    # A 64 KiB log in the middle of the history, and its run for the detail.
    run = int(db.value(
        "SELECT run_id FROM task_log_chunk WHERE task_id = 't005' AND chunk_number = 15 "
        f"ORDER BY run_id OFFSET (SELECT count(*) / 2 FROM task_log_chunk WHERE chunk_number = 15) LIMIT 1"))
    # A cursor deep in the big workflow's history: the API's own cursor after the run half-way back.
    mid_date = db.value(
        f"SELECT to_char(logical_date AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM workflow_run "
        f"WHERE workflow_id = '{API_BIG}' ORDER BY logical_date DESC OFFSET {big_runs // 2} LIMIT 1")
    _, headers = client.json(f"/api/v1/workflows/{API_BIG}/runs?limit=1&logical_date_lte="
                             + urllib.parse.quote(mid_date))
    cursor = headers["X-Next-Cursor"]
    if not cursor:
        raise RuntimeError("the run list returned no X-Next-Cursor for a deep page")
    return [
        ("workflow list", "/api/v1/workflows/"),
        ("job list, newest 50", "/api/v1/jobs/?limit=50"),
        ("job list of one workflow (1 run in 10)", f"/api/v1/jobs/?workflow_id={API_SMALL}&limit=50"),
        (f"workflow runs, a cursor page {big_runs // 2:,} runs deep", f"/api/v1/workflows/{API_BIG}/runs?limit=50&cursor={cursor}"),
        ("job detail (10 tasks, their tries)", f"/api/v1/jobs/{run}"),
        ("grid, 25 runs × 10 tasks", f"/api/v1/workflows/{API_BIG}/grid?limit=25"),
        ("log read, 64 KiB in 16 chunks", f"/api/v1/jobs/{run}/logs/t005"),
        ("monitoring stats", "/api/v1/monitoring/stats"),
    ]


def measure_latency(client, targets, requests):
    """Round-robin over the targets (so machine load spreads evenly), `requests` timed requests each after 5
    warm-up ones; returns {label: [seconds]}. Every answer must be 200."""
    for label, path in targets:
        for _ in range(5):
            client.json(path)
    times = {label: [] for label, _ in targets}
    for _ in range(requests):
        for label, path in targets:
            start = time.perf_counter()
            status, _, body = client.get(path)
            times[label].append(time.perf_counter() - start)
            if status != 200:
                raise RuntimeError(f"GET {path}: HTTP {status}: {body[:300]!r}")
    return times


def wrk_throughput(port, token, path, seconds):
    """`wrk -t2 -c16`: (requests/s, p50 s, p99 s, non-2xx count)."""
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-H", f"Authorization: Bearer {token}",
         f"http://127.0.0.1:{port}{path}"], check=True, capture_output=True, text=True).stdout

    def latency(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return rate, latency("50"), latency("99"), int(bad.group(1)) if bad else 0, errors.group(0) if errors else ""


def _load_worker(port, token, path, seconds, connections, queue):
    counts, latencies, bad = [0] * connections, [[] for _ in range(connections)], [0] * connections
    stop_at = time.perf_counter() + seconds

    def run(i):
        client = APIClient(port, token)
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            status, _, _ = client.get(path)
            latencies[i].append(time.perf_counter() - start)
            counts[i] += 1
            bad[i] += status != 200
        client.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((sum(counts), [x for xs in latencies for x in xs], sum(bad)))


def python_throughput(port, token, path, seconds):
    """The fallback without wrk: 2 processes × 8 keep-alive connections (threads). Python's own cost per request
    limits it, so it understates the server's capacity."""
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_load_worker, args=(port, token, path, seconds, 8, queue))
               for _ in range(2)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    parts = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    latencies = [x for part in parts for x in part[1]]
    return (sum(p[0] for p in parts) / elapsed, percentile(latencies, 50), percentile(latencies, 99),
            sum(p[2] for p in parts), "")


def run_api_workload(engine, results, args, progress):
    """Inserts the history, starts `mloop api`, measures; adds rows to `results`."""
    progress("api: inserting %d runs × 10 task instances with tries, logs and XComs" % args.api_runs)
    insert_start = time.perf_counter()
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", cluster_conninfo(engine.home)[0]],
                   input=HISTORY_SQL.format(runs=args.api_runs, big=API_BIG, small=API_SMALL), text=True,
                   check=True, stdout=subprocess.DEVNULL)
    insert_seconds = time.perf_counter() - insert_start
    counts = engine.db.rows("SELECT (SELECT count(*) FROM workflow_run), (SELECT count(*) FROM task_instance), "
                            "(SELECT count(*) FROM task_try), (SELECT count(*) FROM task_log_chunk)")[0]
    runs, instances, tries, chunks = (int(v) for v in counts)
    cli(engine, "users", "create", "bench", "--admin")
    token = cli(engine, "tokens", "create", "--user", "bench", "--name", "bench").strip().splitlines()[-1]
    progress("api: starting mloop api; %d requests per endpoint" % args.api_requests)
    server = APIServerProcess(engine)
    try:
        client = APIClient(server.port, token)
        targets = endpoints(client, engine.db)
        measure_start = time.perf_counter()
        times = measure_latency(client, targets, args.api_requests)
        client.close()
        label = f"API, {runs:,} runs / {instances:,} task instances"
        full_count = sql_execution_seconds(engine.db, FULL_COUNT_SQL)
        for name, path in targets:
            p50, p99 = percentile(times[name], 50), percentile(times[name], 99)
            baseline = f"counting all history (SQL alone): {ms(full_count)}" if "stats" in path else ""
            results.add(f"API: {name}", f"p50 / p99 (n={len(times[name])}), `GET {shorten(path)}`",
                        f"{ms(p50)} / {ms(p99)}", baseline, "", "p99 ≤ 20 ms", p99 <= LATENCY_GOAL)
        latency_seconds = time.perf_counter() - measure_start
        tool = "wrk" if shutil.which("wrk") else "python"
        for name, path in (("health", "/api/v1/monitoring/health"), ("job list, newest 50", "/api/v1/jobs/?limit=50")):
            progress(f"api: throughput of {name} with {tool}, {args.api_load_seconds} s")
            load = wrk_throughput if tool == "wrk" else python_throughput
            rate, p50, p99, bad, errors = load(server.port, token, path, args.api_load_seconds)
            if bad:
                raise RuntimeError(f"{bad} answers to GET {path} under load were not 2xx ({errors})")
            how = "wrk -t2 -c16" if tool == "wrk" else "Python, 2 processes × 8 connections"
            results.add(f"API throughput: {name}", f"requests/s, {how}, {args.api_load_seconds} s",
                        f"{rate:,.0f}/s (latency p50 {ms(p50)}, p99 {ms(p99)})", "", "", "", None)
    finally:
        server.stop()
    results.notes.append(
        f"{label}: {tries:,} tries, {chunks:,} log chunks; history inserted with INSERT … SELECT generate_series "
        f"+ VACUUM (ANALYZE) in {insert_seconds:.1f} s; latency measurement {latency_seconds:.1f} s; token "
        f"authentication (Bearer) on every request but health")


def shorten(path):
    """The path with a long opaque cursor elided, for the table."""
    return re.sub(r"cursor=[^&]+", "cursor=…", path)
