"""Synthetic postal traffic for demos, benchmarks and detection tests, with planted defects.

`generate(count, seed, rates)` yields `GeneratedItem`s: a canonical `Item` and the finding codes
deliberately planted in it. See docs/generator.md.
"""

from clearpost.generate.generator import GeneratedItem, generate
from clearpost.generate.rates import PLANTED_CODES, DefectRates

__all__ = ["PLANTED_CODES", "DefectRates", "GeneratedItem", "generate"]
