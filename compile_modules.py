"""Compile the pipeline's hot modules with mypyc: `make install` runs this whenever the package's
sources change (`python compile_modules.py`), `make clean` removes what it built.

Each module becomes a C extension beside its source (`clearpost/pipeline.cpython-311-….so`),
which Python imports in preference to the `.py` file; mypyc compiles it from the type hints, so
the source stays the code and runs unchanged where nothing was compiled (`make install
COMPILE=0`), only slower (README's known gaps quote the difference, measured A/B).

Left out: modules that define msgspec structs decoded with nested types (mypyc's classes are
not msgspec's), and those that run once per batch rather than once per item.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent

MODULES = (
    "clearpost/identifiers.py",
    "clearpost/quality/addresses.py",
    "clearpost/quality/checks.py",
    "clearpost/quality/completeness.py",
    "clearpost/quality/context.py",
    "clearpost/quality/descriptions.py",
    "clearpost/quality/gifts.py",
    "clearpost/quality/plausibility.py",
    "clearpost/quality/rates.py",
    "clearpost/quality/timeliness.py",
    "clearpost/quality/validity.py",
    "clearpost/risk/combine.py",
    "clearpost/risk/features.py",
    "clearpost/risk/goods.py",
    "clearpost/risk/matching.py",
    "clearpost/risk/names.py",
    "clearpost/risk/parties.py",
    "clearpost/risk/prohibitions.py",
    "clearpost/risk/screening.py",
    "clearpost/risk/splitting.py",
    "clearpost/risk/valuation.py",
    "clearpost/decide.py",
    "clearpost/pipeline.py",
)


def remove_built() -> None:
    """Remove the extensions a build left in the package (the modules' and their runtime libraries)."""
    for path in (ROOT / "clearpost").rglob("*.so"):
        path.unlink()


def main() -> None:
    from mypyc.build import mypycify
    from setuptools import Distribution

    remove_built()  # a module no longer listed must not stay compiled
    os.chdir(ROOT)  # (the extensions are placed beside their sources, from here)
    # a cache of its own, from scratch: mypyc fails on a cache that `mypy` (make lint) or an
    # earlier build left
    with tempfile.TemporaryDirectory(prefix="clearpost-mypyc-") as cache:
        modules = [str(ROOT / module) for module in MODULES]
        build = Distribution(
            {
                "name": "clearpost-compiled",
                # one extension per module (`separate`): built two at a time, far faster than one
                "ext_modules": mypycify(
                    [f"--cache-dir={cache}", *modules], opt_level="3", separate=True, target_dir=cache
                ),
                "script_args": [
                    *("--quiet", "build_ext", "--inplace", "--parallel", "2"),
                    *("--build-temp", cache, "--build-lib", cache),
                ],
            }
        )
        build.parse_command_line()  # (and no configuration files: this is not the package's build)
        build.run_commands()


if __name__ == "__main__":
    if sys.argv[1:] == ["--clean"]:
        remove_built()
    else:
        main()
