#!/usr/bin/env python3
"""Run one command and report its wall time, CPU time and peak RSS as JSON.

Usage: python3 bench/measure.py STDOUT_FILE STDERR_FILE -- COMMAND [ARG...]

The benchmark runner uses this only where /usr/bin/time is missing. The
command's stdout and stderr go to the two files (use /dev/null to drop them).
CPU time and peak RSS come from wait4() on the child, so they cover the
command and every descendant it waited for. Peak RSS is that of the largest
single process, not a sum (Linux reports ru_maxrss in KiB).

NOTE: the child starts as a copy of this Python process, so peak RSS never
reads below this interpreter's own RSS (about 14 MiB); /usr/bin/time has no
such floor.
"""

import json
import os
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 5 or argv[3] != "--":
        sys.stderr.write("usage: python3 bench/measure.py STDOUT_FILE STDERR_FILE -- COMMAND [ARG...]\n")
        return 2
    stdout_path, stderr_path, command = argv[1], argv[2], argv[4:]
    with open(stdout_path, "wb") as stdout, open(stderr_path, "wb") as stderr:
        started = time.perf_counter()
        try:
            child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        except OSError as error:
            sys.stderr.write(f"measure: failed to start {command[0]}: {error}\n")
            return 127
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    exit_code = os.waitstatus_to_exitcode(status)
    result = {
        "exitCode": exit_code,
        "wallSeconds": wall,
        "userSeconds": usage.ru_utime,
        "systemSeconds": usage.ru_stime,
        "maxRssKib": usage.ru_maxrss,
    }
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
