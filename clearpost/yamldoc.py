"""YAML documents (profiles, lexicons, policies, mappings) read safely with libyaml's parser,
several times faster than PyYAML's pure-Python one: they are read at every start of `assess`."""

from __future__ import annotations

from typing import Any

import yaml


def load_yaml(text: str) -> Any:
    """The document's data (plain YAML types only); `yaml.YAMLError` if malformed.

    A document libyaml refuses is read again by PyYAML's own parser for the error: its marks
    point at the line at fault (libyaml's, at an unclosed bracket, at the end of the text)."""
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)  # libyaml's *safe* loader
    except yaml.YAMLError:
        return yaml.safe_load(text)
