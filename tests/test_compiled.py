"""compile_modules.py: after `make install` the modules it lists run compiled, all of them (with
COMPILE=0, none), and nothing else is."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _listed() -> list[str]:
    spec = importlib.util.spec_from_file_location("compile_modules", ROOT / "compile_modules.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [path.removesuffix(".py").replace("/", ".") for path in module.MODULES]


def test_the_listed_modules_run_compiled_all_or_none() -> None:
    listed = _listed()
    compiled = [name for name in listed if not str(importlib.import_module(name).__file__).endswith(".py")]
    assert compiled in ([], listed)


def test_nothing_unlisted_is_compiled() -> None:
    """(Each compiled module is two extensions: `pipeline.cpython-….so`, the module Python imports,
    and `pipeline__mypyc.cpython-….so`, its code.)"""
    built = {
        ".".join(path.relative_to(ROOT).with_name(path.name.split(".")[0].removesuffix("__mypyc")).parts)
        for path in (ROOT / "clearpost").rglob("*.so")
    }
    assert built <= set(_listed())
