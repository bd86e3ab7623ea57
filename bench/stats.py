#!/usr/bin/env python3
"""Small helpers for bench/run (python3 standard library only).

  stats.py freeport                       a TCP port on 127.0.0.1 that is free right now
  stats.py durations                      stdin: "START END" pairs (epoch seconds) -> "median p90 n" in ms
  stats.py values                         stdin: one number (ms) a line -> "median p90 n"
  stats.py json KEY[.KEY...] < FILE       one field of a JSON object
  stats.py throughput WAIT_JSON T0 N      the jobs `queuectl wait --json` returned, clock started at T0 ->
                                          "completed end_to_end_s in_host_s first_start_delay_s"
  stats.py pickup WAIT_JSON               created_at -> started_at of each job, in ms, one a line
  stats.py cpu PID                        CPU seconds used so far by the process and by its reaped children:
                                          "own_s children_s" (from /proc/PID/stat)
  stats.py memory PID                     "VmRSS VmHWM" of the process in kB (from /proc/PID/status)
  stats.py soak WAIT_JSON STATUS_JSON N FAIL_EVERY MAX_RETRIES BACKOFF_S LONG_WAIT_RC LONG_WAIT_ERR T0
                                          bench/soak's checks: the jobs soak-0 .. soak-(N-1), every FAIL_EVERY-th one
                                          failing; prints one "PASS|FAIL what: expected ..., got ..." line per check
"""
import json
import math
import os
import socket
import statistics
import sys
import time
from datetime import datetime


def percentile(values, p):
    """Nearest-rank percentile: the smallest value with at least p% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(values):
    if not values:
        return "nan nan 0"
    return f"{statistics.median(values):.1f} {percentile(values, 90):.1f} {len(values)}"


def epoch(timestamp):
    return datetime.fromisoformat(timestamp).timestamp()


def soak(jobs, status, n, fail_every, max_retries, backoff, long_wait_rc, long_wait_err, t0):
    """Checks the end of a soak run exactly: states, attempts, and that every retry waited its backoff."""
    failing = {f"soak-{i}" for i in range(n) if i % fail_every == fail_every - 1}
    expected_counts = {"pending": 0, "processing": 0, "completed": n - len(failing), "failed": 0, "dead": len(failing)}
    checks = []

    def check(what, expected, got):
        checks.append(expected == got)
        print(f"{'PASS' if expected == got else 'FAIL'} {what}: expected {expected}, got {got}")

    counts = status["counts"]
    for state, expected in expected_counts.items():
        check(f"status --json: {state}", expected, counts.get(state))
    check("status --json: total", n, status["total"])
    by_id = {j["id"]: j for j in jobs}
    check("wait --json: jobs returned", n, len(by_id))
    wrong_state = sorted(i for i, j in by_id.items() if j["state"] != ("dead" if i in failing else "completed"))
    check("jobs in a state other than their command's (true: completed, false: dead)", 0, len(wrong_state))
    if wrong_state:
        examples = ", ".join(i + "=" + by_id[i]["state"] for i in wrong_state[:5])
        print(f"     for example: {examples}")
    completed_attempts = sum(j["attempts"] for i, j in by_id.items() if i not in failing)
    dead_attempts = sum(j["attempts"] for i, j in by_id.items() if i in failing)
    check("attempts of the completed jobs (1 each)", n - len(failing), completed_attempts)
    check(f"attempts of the dead jobs ({max_retries + 1} each)", len(failing) * (max_retries + 1), dead_attempts)
    check("attempts in all", n - len(failing) + len(failing) * (max_retries + 1), completed_attempts + dead_attempts)
    # Every retry starts at least its backoff after the attempt before it failed (history: "failed", then "processing").
    early, gaps = 0, []
    for i in failing & by_id.keys():
        failed_at = None
        for entry in by_id[i].get("history", []):
            if entry["state"] == "failed":
                failed_at = epoch(entry["at"])
            elif entry["state"] == "processing" and failed_at is not None:
                gap = epoch(entry["at"]) - failed_at
                gaps.append(gap)
                early += gap < backoff - 0.001
                failed_at = None
    check(f"retries started before their backoff of {backoff:g} s", 0, early)
    check("retries seen in the histories", len(failing) * max_retries, len(gaps))
    if gaps:
        print(f"info retry delay after a failure: median {statistics.median(gaps):.3f} s, p90 {percentile(gaps, 90):.3f} s, max {max(gaps):.3f} s")
    check("exit code of the `wait` on every job started with the run (4: some ended dead)", "4", long_wait_rc)
    if long_wait_rc != "4" and long_wait_err:
        print(f"     its last line: {long_wait_err}")
    print(f"{'PASS' if all(checks) else 'FAIL'} soak: {sum(checks)} of {len(checks)} checks passed")


def main(args):
    command = args[0] if args else ""
    if command == "freeport":
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            print(s.getsockname()[1])
    elif command == "durations":
        pairs = [line.split() for line in sys.stdin if line.strip()]
        print(summary([(float(end) - float(start)) * 1000 for start, end in pairs]))
    elif command == "createfiles":
        # What each job's log costs the filesystem: creating N new empty files in a fresh directory, microseconds each.
        directory, count = args[1], int(args[2])
        os.makedirs(directory)
        start = time.perf_counter()
        for i in range(count):
            os.close(os.open(os.path.join(directory, f"{i}.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644))
        print(f"{(time.perf_counter() - start) / count * 1e6:.0f}")
    elif command == "cpu":
        # Fields 14-17 of /proc/PID/stat, after the parenthesised command name: utime stime cutime cstime, in ticks.
        with open(f"/proc/{args[1]}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        utime, stime, cutime, cstime = (int(fields[i]) for i in range(11, 15))
        print(f"{(utime + stime) / ticks:.2f} {(cutime + cstime) / ticks:.2f}")
    elif command == "memory":
        fields = {}
        with open(f"/proc/{args[1]}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields[key] = value.split()[0] if value.split() else ""
        print(f"{fields['VmRSS']} {fields['VmHWM']}")
    elif command == "soak":
        soak(json.load(open(args[1])), json.load(open(args[2])), *(int(a) for a in args[3:6]), float(args[6]), args[7], args[8],
             float(args[9]))
    elif command == "values":
        print(summary([float(line) for line in sys.stdin if line.strip()]))
    elif command == "json":
        value = json.load(sys.stdin)
        for key in args[1].split("."):
            value = value[key]
        print(value)
    elif command == "throughput":
        jobs = json.load(open(args[1]))
        t0, expected = float(args[2]), int(args[3])
        completed = [j for j in jobs if j["state"] == "completed"]
        if len(completed) != expected:
            states = {}
            for j in jobs:
                states[j["state"]] = states.get(j["state"], 0) + 1
            sys.exit(f"stats.py: expected {expected} completed jobs, wait returned {len(jobs)}: {states}")
        last_finish = max(epoch(j["finished_at"]) for j in completed)
        first_start = min(epoch(j["started_at"]) for j in completed)
        print(f"{len(completed)} {last_finish - t0:.6f} {last_finish - first_start:.6f} {first_start - t0:.6f}")
    elif command == "pickup":
        for j in json.load(open(args[1])):
            print(f"{(epoch(j['started_at']) - epoch(j['created_at'])) * 1000:.3f}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
