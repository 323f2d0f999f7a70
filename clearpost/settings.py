"""One typed settings object, built at the edge (CLI, web) from the environment (contract §6)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DATABASE_URL = "sqlite:///./clearpost.db"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8000
    profiles_dir: Path | None = None
    """Operator's destination profiles (YAML), added to the packaged ones."""
    post_languages: Path | None = None
    """Operator's table of the language of each Post (YAML), instead of the packaged one."""
    decision_policy: Path | None = None
    """Operator's decision policy (YAML), instead of the packaged one."""
    webhook_url: str | None = None
    """Where stored assessments are POSTed (http or https); None: no webhook."""
    webhook_secret: str | None = None
    """Key of the HMAC-SHA256 signature of each delivery; None: deliveries are not signed."""
    reference_refresh: float = 10.0
    """Seconds between the service's checks for new reference data in the store (0: every request)."""

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        port = env.get("CLEARPOST_PORT", "8000")
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"CLEARPOST_PORT must be a TCP port number (1-65535), not {port!r}.")
        return cls(
            database_url=env.get("CLEARPOST_DATABASE_URL") or DEFAULT_DATABASE_URL,
            host=env.get("CLEARPOST_HOST") or "127.0.0.1",
            port=int(port),
            profiles_dir=_path(env, "CLEARPOST_PROFILES_DIR", directory=True),
            post_languages=_path(env, "CLEARPOST_POST_LANGUAGES", directory=False),
            decision_policy=_path(env, "CLEARPOST_DECISION_POLICY", directory=False),
            webhook_url=_url(env, "CLEARPOST_WEBHOOK_URL"),
            webhook_secret=env.get("CLEARPOST_WEBHOOK_SECRET") or None,
            reference_refresh=_seconds(env, "CLEARPOST_REFERENCE_REFRESH", 10.0),
        )


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ValueError(f"{name} must be a number of seconds (0 or more), not {value!r}.")
    return seconds


def _url(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{name} must be an http:// or https:// URL, not {value!r}.")
    return value


def _path(env: Mapping[str, str], name: str, *, directory: bool) -> Path | None:
    value = env.get(name)
    if not value:
        return None
    path = Path(value)
    if directory and not path.is_dir():
        raise ValueError(f"{name} must name a directory; {value!r} is not one.")
    if not directory and not path.is_file():
        raise ValueError(f"{name} must name a file; {value!r} is not one.")
    return path
