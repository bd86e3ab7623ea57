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
