"""`make bench`: ClearPost's throughput and memory, measured through its own command line."""

from pathlib import Path


def publish(lines: list[str], out: Path) -> None:
    """Write a Markdown report (one line per entry) and show it."""
    report = "\n".join(lines).rstrip("\n") + "\n"
    out.write_text(report, encoding="utf-8")
    print(report, end="")
