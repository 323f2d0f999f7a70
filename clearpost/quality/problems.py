"""What a check returns: a problem, before the profile rates it and the Post's language words it.

Checks say *what* is wrong and where; the destination profile says how serious it is
(severity, score weight); the translation catalogue says it in the language of the Post that
sent the item. Keeping the three apart is what lets a country's profile or a new language be
data, not code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clearpost.model import Code, Severity


def N_(template: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Mark an English message template for the translation catalogue (gettext's `N_`): Babel
    extracts it, `clearpost.quality.language` translates it when the finding is worded."""
    return template


@dataclass(frozen=True, slots=True)
class Problem:
    code: Code
    field: str | None
    """Where, as a finding's path: `addressee.address.postcode`, `contents[0].hs_code` (0-based)."""
    template: str
    """The English message with `{name}` placeholders, marked with `N_`: the catalogue's msgid."""
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)
    """The values of the placeholders (already formatted as text where a format matters)."""
    detail: dict[str, Any] | None = None
    """Machine-readable facts for the Post's software and the officer (codes, amounts, rates)."""
    severity: Severity | None = None
    """Set where the check itself knows (a required field's severity comes with the requirement);
    otherwise the profile's severity for the code applies."""
