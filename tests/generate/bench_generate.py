"""Throughput of `generate` + `write_jsonl`, as `clearpost generate --format jsonl` does it.

    .venv/bin/python tests/generate/bench_generate.py [COUNT] [--gc]

Counts CPU time of this process (`time.process_time`), so that other processes on the machine
disturb the figure less than wall time; by default the cycle collector is paused, as the command
line does (`clearpost.bulk.cycle_collector_paused`); `--gc` leaves it on.
"""

from __future__ import annotations

import gc
import sys
import time

from clearpost.formats.canonical import write_jsonl
from clearpost.generate import generate


def main() -> None:
    count = int(next((arg for arg in sys.argv[1:] if arg.isdigit()), "200000"))
    collect = "--gc" in sys.argv
    if not collect:
        gc.disable()
    start = time.process_time()
    generated = list(generate(count, 42))
    made = time.process_time()
    data = write_jsonl([entry.item for entry in generated])
    written = time.process_time()
    total = written - start
    print(
        f"{count:,} items, cycle collector {'on' if collect else 'paused'}: generate {made - start:.2f} s, "
        f"write {written - made:.2f} s, {len(data) / 1e6:.0f} MB -> {count / total:,.0f} items/s"
    )


if __name__ == "__main__":
    main()
