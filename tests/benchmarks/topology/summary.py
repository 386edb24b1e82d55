#!/usr/bin/env python3
"""Turns the topology run's results.env into the Markdown tables of docs/benchmarks.md.

    summary.py results.env CORES "LOAD"   prints the tables
    summary.py results.env --check        exits 1 when a fault scenario lost or doubled a record or answered wrongly
"""
import sys


def load(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if "=" in line:
                key, value = line.split("=", 1)
                values[key] = value.strip('"').strip()
    return values


def num(v, key, default=0.0):
    try:
        return float(v.get(key, default))
    except ValueError:
        return default


def ratio(a, b):
    return f"{a / b:.3f}" if b else "n/a"


def main():
    v = load(sys.argv[1])
    if len(sys.argv) > 2 and sys.argv[2] == "--check":
        return check(v)
    cores, load_avg = sys.argv[2], sys.argv[3]
    pg = num(v, "PGBENCH_RPS")
    bare = num(v, "BARE_RPS")
    print(f"Topology run: {v.get('SEED_WORKERS')} workers, {v.get('SEED_APPLICATIONS')} join applications under "
          f"{v.get('SEED_UNIONS')} seeded grassroots unions (+ the demo tree); two API processes behind nginx, two Jobs "
          f"processes, PostgreSQL (fsync on), Redis, the WeChat simulator — all on one {cores}-core machine with the load "
          f"generator (load average at the end {load_avg}). API #1 / #2 garbage collectors: {v.get('API_GC')}; "
          f"connection pool per API process: {v.get('API_POOL', '150')}.")
    print()
    print("| Scenario | Requests | Errors / client timeouts (>10 s) | req/s | p50 ms | p99 ms | API peak RSS MB, #1 / #2 | Baseline (same run) | Ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")

    def row(title, key, base_name, base):
        rps = num(v, f"{key}_RPS")
        print(f"| {title} | {v.get(key + '_REQUESTS', '-')} | {v.get(key + '_ERRORS', '-')} / {v.get(key + '_TIMEOUTS', '-')} | {rps:.0f} | {v.get(key + '_P50_MS', '-')} | "
              f"{v.get(key + '_P99_MS', '-')} | {v.get(key + '_PEAK_MB', '-')} | {base_name} {base:.0f}/s | {ratio(rps, base)} |")

    print(f"| Baseline: GET /health/live through nginx | {v.get('BARE_REQUESTS')} | {v.get('BARE_ERRORS')} / {v.get('BARE_TIMEOUTS')} | {bare:.0f} | "
          f"{v.get('BARE_P50_MS')} | {v.get('BARE_P99_MS')} | {v.get('BARE_PEAK_MB')} | – | 1 |")
    print(f"| Baseline: pgbench single-row INSERT, same clients | – | – | {pg:.0f} | {v.get('PGBENCH_P50_MS', '-')} (avg) | – | – | – | 1 |")
    row("Login burst (simulator code → tokens)", "LOGIN", "pgbench", pg)
    row("Quiz campaign: start attempt", "START", "pgbench", pg)
    row("Quiz campaign: submit attempt", "SUBMIT", "pgbench", pg)
    row("Leaderboard read (top 20 + my rank)", "LEADERBOARD", "bare", bare)
    row(f"Training seat race ({v.get('SEATS')} seats; confirmed {v.get('ENROLL_CONFIRMED')})", "ENROLL", "pgbench", pg)
    row(f"Officer queue, county (官渡区, {v.get('COUNTY_QUEUE')} waiting)", "QUEUE_COUNTY", "bare", bare)
    row("Officer queue, province (whole tree)", "QUEUE_PROVINCE", "bare", bare)
    window = num(v, "FANOUT_WINDOW_SECONDS")
    received = num(v, "FANOUT_DISTINCT")
    rate = received / window if window else 0
    print(f"| Reminder fan-out (2 Jobs processes) | {v.get('FANOUT_QUEUED')} notifications | {v.get('FANOUT_DUPLICATES')} dup / "
          f"{v.get('FANOUT_LOST')} lost | {rate:.0f} msg/s | – | – | – | pgbench {pg:.0f}/s | {ratio(rate, pg)} |")
    print()
    print("CPU per request in each scenario (the API processes, and PostgreSQL's postmaster and backends; from /proc, whole "
          "scenario ÷ requests; the machine's other load is not in it):")
    print()
    print("| Scenario | API CPU ms / request | PostgreSQL CPU ms / request |")
    print("|---|---:|---:|")
    for title, key in [("Baseline: GET /health/live", "BARE"), ("Login burst", "LOGIN"), ("Quiz start", "START"), ("Quiz submit", "SUBMIT"),
                       ("Leaderboard read", "LEADERBOARD"), ("Seat race", "ENROLL"), ("Officer queue, county", "QUEUE_COUNTY"),
                       ("Officer queue, province", "QUEUE_PROVINCE")]:
        if f"{key}_API_CPU_MS" in v:
            print(f"| {title} | {v.get(key + '_API_CPU_MS')} | {v.get(key + '_PG_CPU_MS')} |")
    print()
    print("| Fault | What the run saw | Lost | Doubled |")
    print("|---|---|---:|---:|")
    print(f"| API #2 killed (kill -9) during {v.get('RETRY_WORKERS')} start+submit pairs | {v.get('RETRY_REQUESTS')} requests, "
          f"{v.get('RETRY_RETRIED')} retried with the same Idempotency-Key, {v.get('RETRY_REPLAYED')} answered from the stored "
          f"result, {v.get('RETRY_IN_PROGRESS_WAITS')} waits on 'in progress', {v.get('RETRY_FAILED')} failed; "
          f"{v.get('RETRY_LEFT_IN_PROGRESS')} attempts left half-done; p99 per pair {v.get('RETRY_P99_MS')} ms | "
          f"{v.get('RETRY_LOST')} | {v.get('RETRY_DOUBLED')} |")
    print(f"| Redis stopped {v.get('REDIS_DOWN_SECONDS', '30')} s under 64 connections of leaderboard reads | "
          f"{v.get('REDIS_FAULT_REQUESTS')} reads, {v.get('REDIS_FAULT_ERRORS')} errors (statuses: {v.get('REDIS_FAULT_ERROR_STATUSES') or 'none'}), "
          f"p99 {v.get('REDIS_FAULT_P99_MS')} ms; leaderboard source before/down/after: {v.get('REDIS_BEFORE')} / {v.get('REDIS_DOWN_PROBE')} / "
          f"{v.get('REDIS_AFTER')}; officer logins while down: {v.get('REDIS_DOWN_LOGINS')}; after: {v.get('REDIS_AFTER_LIMITED')} of 12 "
          f"wrong logins refused 429 (limit 10/min, counter keys in Redis: {v.get('REDIS_AFTER_KEYS')}) | – | – |")
    print(f"| PostgreSQL stopped {v.get('PG_DOWN_SECONDS', '15')} s during a fan-out of {v.get('FAULT_FANOUT_QUEUED')} | "
          f"API answers while down (status:seconds): {v.get('PG_DOWN_PROBES')} code `{v.get('PG_DOWN_CODE')}`; sending resumed "
          f"{v.get('PG_RESUMED_AFTER_SECONDS')} s after PostgreSQL was back | see next row | see next row |")
    print(f"| Jobs #1 killed (kill -9) mid-dispatch, same fan-out | {v.get('JOBS_KILL_LEASED')} notifications leased at the kill (both processes); "
          f"the dead process's leases lapse within {v.get('LEASE_SECONDS')} s and Jobs #2 sends them in queue order with the rest: none left "
          f"under a dead lease after {v.get('JOBS_KILL_TAKEOVER_SECONDS')} s, all delivered or settled after {v.get('JOBS_KILL_DRAINED_SECONDS')} s; outbox {v.get('FAULT_FANOUT_STATUSES')}; simulator received "
          f"{v.get('FAULT_FANOUT_RECEIVED')} ({v.get('FAULT_FANOUT_DISTINCT')} distinct); {v.get('FAULT_FANOUT_IN_DOUBT')} in doubt "
          f"({v.get('FAULT_FANOUT_IN_DOUBT_RECEIVED')} of them had reached WeChat) | {v.get('FAULT_FANOUT_LOST')} | {v.get('FAULT_FANOUT_DUPLICATES')} |")
    return 0


def check(v):
    problems = []
    for key in [k for k in ["RETRY_LOST", "RETRY_DOUBLED", "RETRY_FAILED", "RETRY_LEFT_IN_PROGRESS", "FANOUT_DUPLICATES", "FANOUT_LOST",
                "FAULT_FANOUT_DUPLICATES", "FAULT_FANOUT_LOST", "REDIS_FAULT_ERRORS"] if k in v or not k.startswith("FANOUT_")]:
        if num(v, key, -1) != 0:
            problems.append(f"{key}={v.get(key)}")
    probes = v.get("PG_DOWN_PROBES", "").split()
    if not probes or any(not p.startswith("503:") for p in probes):
        problems.append(f"PG_DOWN_PROBES={v.get('PG_DOWN_PROBES')} (expected 503 ProblemDetails)")
    if num(v, "REDIS_AFTER_LIMITED") < 1:
        problems.append("login limits did not come back after Redis returned")
    for p in problems:
        print("FAULT CHECK FAILED: " + p)
    print("fault checks: " + ("all passed" if not problems else f"{len(problems)} failed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
