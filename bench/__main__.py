"""Measure ClearPost as a user runs it and write docs/benchmarks.md.

Every figure is the median of `--repeat` runs of a `clearpost` command in a child process pinned
to one core (so "items/s" means on one core, start-up included); peak memory is the child's
maximum resident set size. Reference rates (orjson, pydifact, pydantic) are measured in-process
on the same files in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import publish

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CLEARPOST = str(Path(sys.executable).with_name("clearpost"))
CHILD = Path(__file__).with_name("child.py")
AS_OF = ("--as-of", "2026-10-01T00:00:00+00:00")
"""Assess as of a moment before the generated items depart, as a Post's timely data would be."""
PYDANTIC = "pydantic v2: JSON line → equivalent model"
POSTGRES_URL = os.environ.get(
    "CLEARPOST_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@dataclass
class Run:
    seconds: float
    peak_mib: float


@dataclass
class Row:
    what: str
    items: int
    seconds: float
    peak_mib: float | None = None

    @property
    def rate(self) -> float:
        return self.items / self.seconds


def run_command(args: Sequence[str], *, env: dict[str, str] | None = None, ok: Sequence[int] = (0,)) -> Run:
    """Run a command pinned to CPU 0 (through bench/child.py); return wall time and its peak RSS."""
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        process = subprocess.run(
            [sys.executable, str(CHILD), result.name, *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        measured = json.loads(Path(result.name).read_text(encoding="utf-8"))
    if measured["exit_code"] not in ok:
        raise SystemExit(f"{' '.join(args)} exited {measured['exit_code']}:\n{process.stderr.decode()}")
    return Run(seconds=measured["seconds"], peak_mib=measured["peak_kib"] / 1024)


def median_run(make: Callable[[], Run], repeat: int) -> Run:
    runs = [make() for _ in range(repeat)]
    return Run(seconds=statistics.median(r.seconds for r in runs), peak_mib=max(r.peak_mib for r in runs))


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--pydifact-items",
        type=int,
        default=20_000,
        help="pydifact is slow: it reads an interchange of this many items (ours too, for the ratio)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="clearpost-bench-"))
    try:
        rows, references = measure(options, work)
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    report = render(options, rows, references)
    publish([report], options.out)


def measure(options: argparse.Namespace, work: Path) -> tuple[list[Row], dict[str, float]]:
    n, repeat = options.items, options.repeat
    rows: list[Row] = []
    references: dict[str, float] = {}
    jsonl = work / "items.jsonl"
    print(f"generating {n} items …", file=sys.stderr)
    run = median_run(
        lambda: run_command(
            [
                CLEARPOST,
                "generate",
                "--items",
                str(n),
                "--seed",
                "7",
                "--format",
                "jsonl",
                "--out",
                str(jsonl),
            ]
        ),
        repeat,
    )
    rows.append(Row("generate → JSON Lines", n, run.seconds, run.peak_mib))

    (work / "empty.jsonl").write_bytes(b"")
    files = {"jsonl": jsonl}
    for fmt, suffix in (("json", "json"), ("cusitm", "edi"), ("itmatt", "xml"), ("csv", "csv")):
        files[fmt] = work / f"items.{suffix}"
        run_command([CLEARPOST, "convert", str(jsonl), "--to", fmt, "--out", str(files[fmt])])

    # the ceiling: orjson merely parsing the same JSON Lines
    import orjson

    data = jsonl.read_bytes()
    lines = data.splitlines()

    def parse_every_line() -> None:
        for line in lines:
            orjson.loads(line)

    references["orjson.loads JSON Lines"] = n / median_seconds(parse_every_line, repeat)
    references.update(model_comparison(lines, repeat))

    for source, target in (
        ("jsonl", "jsonl"),
        ("cusitm", "jsonl"),
        ("itmatt", "jsonl"),
        ("csv", "jsonl"),
        ("jsonl", "cusitm"),
        ("jsonl", "itmatt"),
    ):
        print(f"convert {source} → {target} …", file=sys.stderr)
        out = work / f"converted.{target}"
        run = median_run(
            lambda s=source, t=target, o=out: run_command(
                [CLEARPOST, "convert", str(files[s]), "--to", t, "--out", str(o)]
            ),
            repeat,
        )
        rows.append(Row(f"convert {source} → {target}", n, run.seconds, run.peak_mib))

    empty = {**os.environ, "CLEARPOST_DATABASE_URL": f"sqlite:///{work / 'empty.db'}"}
    for fmt, path in files.items():
        print(f"assess {fmt} …", file=sys.stderr)
        run = median_run(
            lambda p=path: run_command(
                [CLEARPOST, "assess", str(p), "--out", os.devnull, *AS_OF], env=empty, ok=(0, 1)
            ),
            repeat,
        )
        rows.append(Row(f"assess {fmt}", n, run.seconds, run.peak_mib))
    print("assess with the UN and OFAC SDN lists and a risk model active …", file=sys.stderr)
    loaded = loaded_store(work)
    run = median_run(
        lambda: run_command(
            [CLEARPOST, "assess", str(jsonl), "--out", os.devnull, *AS_OF], env=loaded, ok=(0, 1)
        ),
        repeat,
    )
    rows.append(Row(f"assess jsonl, {LOADED}", n, run.seconds, run.peak_mib))

    # pydifact, the independent EDIFACT reader, against ours on the same (smaller) interchange
    small = options.pydifact_items
    small_jsonl, small_edi = work / "small.jsonl", work / "small.edi"
    small_jsonl.write_bytes(b"\n".join(lines[:small]) + b"\n")
    run_command([CLEARPOST, "convert", str(small_jsonl), "--to", "cusitm", "--out", str(small_edi)])
    from pydifact.segmentcollection import Interchange

    text = small_edi.read_text(encoding="utf-8")
    warnings.filterwarnings("ignore", module="pydifact")  # it warns once per service segment read
    references[f"pydifact reads CUSITM ({small} items)"] = small / median_seconds(
        lambda: sum(1 for _ in Interchange.from_str(text).segments), max(1, repeat - 2)
    )
    run = median_run(
        lambda: run_command([CLEARPOST, "convert", str(small_edi), "--to", "jsonl", "--out", os.devnull]),
        repeat,
    )
    rows.append(Row(f"convert cusitm → jsonl ({small} items, as pydifact)", small, run.seconds, run.peak_mib))

    for backend in ("sqlite", "postgresql"):
        print(f"ingest into {backend} …", file=sys.stderr)
        run = median_run(lambda b=backend: ingest(b, jsonl, work), repeat)
        rows.append(Row(f"ingest jsonl into {backend}", n, run.seconds, run.peak_mib))
    return rows, references


LOADED = "UN + OFAC SDN lists and the KCS model active"


def loaded_store(work: Path) -> dict[str, str]:
    """A store with the UN and OFAC SDN lists loaded and a model trained on the KCS declarations
    active: what `assess` reads in production. Returns the environment that points at it."""
    env = {**os.environ, "CLEARPOST_DATABASE_URL": f"sqlite:///{work / 'loaded.db'}"}
    un = next((SHARED / "sanctions" / "un_consolidated").glob("*.xml"))
    run_command([CLEARPOST, "watchlist", "load", str(un), "--format", "un-xml"], env=env)
    run_command(
        [CLEARPOST, "watchlist", "load", str(SHARED / "sanctions" / "ofac_sdn_2021"), "--format", "ofac-csv"],
        env=env,
    )
    model = work / "kcs.model"
    train = SHARED / "kcs" / "df_syn_train_eng.csv"
    run_command(
        [
            CLEARPOST,
            "model",
            "train",
            str(train),
            "--mapping",
            "kcs",
            "--label",
            "Fraud",
            "--out",
            str(model),
        ],
        env=env,
    )
    run_command([CLEARPOST, "model", "activate", str(model)], env=env)
    return env


def ingest(backend: str, path: Path, work: Path) -> Run:
    """Ingest into a fresh database of the backend (created and migrated before the clock starts)."""
    if backend == "sqlite":
        return ingest_into(f"sqlite:///{work / f'{uuid.uuid4().hex}.db'}", path)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"clearpost_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        return ingest_into(make_url(POSTGRES_URL).set(database=name).render_as_string(False), path)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def ingest_into(database_url: str, path: Path) -> Run:
    env = {**os.environ, "CLEARPOST_DATABASE_URL": database_url}
    # an empty message is unreadable (exit 2), but the command has created and migrated the database
    run_command([CLEARPOST, "ingest", str(path.with_name("empty.jsonl"))], env=env, ok=(0, 1, 2))
    return run_command([CLEARPOST, "ingest", str(path), *AS_OF], env=env, ok=(0, 1))


def model_comparison(lines: list[bytes], repeat: int) -> dict[str, float]:
    """The boundary choice: msgspec structs against an equivalent pydantic v2 model."""
    import msgspec

    from bench.pydantic_item import PydanticItem
    from clearpost.model import Item

    decoder = msgspec.json.Decoder(Item)
    sample = lines[:50_000]
    result = {
        "msgspec: JSON line → Item": len(sample)
        / median_seconds(lambda: [decoder.decode(line) for line in sample], repeat)
    }
    validate = PydanticItem.model_validate_json
    result[PYDANTIC] = len(sample) / median_seconds(lambda: [validate(line) for line in sample], repeat)
    return result


def render(options: argparse.Namespace, rows: list[Row], references: dict[str, float]) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    lines = [
        "# Benchmarks",
        "",
        f"Produced by `make bench` (`python -m bench --items {options.items} --repeat {options.repeat}`) on "
        f"{dt.date.today().isoformat()}: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "Each ClearPost figure is the median of the runs of a `clearpost` command in a child process "
        "pinned to "
        "one core, start-up included; peak memory is that process's maximum resident set size. "
        "Reference rates are measured in-process on the same files in the same run.",
        "",
        "| what | items | median s | items/s | peak MiB |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        peak = f"{row.peak_mib:,.0f}" if row.peak_mib is not None else "—"
        lines.append(f"| {row.what} | {row.items:,} | {row.seconds:.2f} | {row.rate:,.0f} | {peak} |")
    lines += ["", "| reference (in-process) | items/s |", "|---|---:|"]
    lines += [f"| {name} | {rate:,.0f} |" for name, rate in references.items()]
    by_name = {row.what: row for row in rows}
    ceiling = references["orjson.loads JSON Lines"]
    pydifact_name = next(name for name in references if name.startswith("pydifact"))
    ours_small = next(row for row in rows if "as pydifact" in row.what)
    lines += [
        "",
        "Ratios:",
        f"- convert JSON Lines → JSON Lines / orjson ceiling: "
        f"{by_name['convert jsonl → jsonl'].rate / ceiling:.3f}",
        f"- convert CUSITM → JSON Lines / pydifact reading the same interchange: "
        f"{ours_small.rate / references[pydifact_name]:.1f}×",
        f"- msgspec / pydantic v2 at the boundary: "
        f"{references['msgspec: JSON line → Item'] / references[PYDANTIC]:.1f}×",
        f"- assess with {LOADED} / plain assess: "
        f"{by_name[f'assess jsonl, {LOADED}'].rate / by_name['assess jsonl'].rate:.2f}",
        f"- assess JSON Lines / orjson ceiling (to compare machines of different speed): "
        f"{by_name['assess jsonl'].rate / ceiling:.3f}; with the lists and the model: "
        f"{by_name[f'assess jsonl, {LOADED}'].rate / ceiling:.3f}",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
