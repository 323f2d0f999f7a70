"""One typed settings object, built at the edge (CLI, web) from the environment (contract §6)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:///./clearpost.db"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8000

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
        )
