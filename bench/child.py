"""Run one command pinned to CPU 0 and write its wall time and peak RSS, as JSON, to a file.

Linux keeps a process's peak resident set size across `exec`, and a child forked from the
benchmark (which holds the test data in memory) starts with the benchmark's pages: its
`ru_maxrss` would report the benchmark's size. This small process forks the command instead,
so the peak it reports is the command's own.

Usage: python bench/child.py RESULT.json COMMAND [ARG...]
"""

import json
import os
import sys
import time


def main() -> None:
    result, command = sys.argv[1], sys.argv[2:]
    os.sched_setaffinity(0, {0})
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(result, "w", encoding="utf-8") as out:
        json.dump({"seconds": seconds, "peak_kib": usage.ru_maxrss, "exit_code": code}, out)
    sys.exit(code)


if __name__ == "__main__":
    main()
