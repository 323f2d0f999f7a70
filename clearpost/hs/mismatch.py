"""Does a declared HS code fit the description? A cheap judge for every content line of every item:
the e-commerce lexicon and BM25 over the nomenclature say which chapters a description can belong
to; a declared code outside them, when the evidence is strong enough, does not fit. Results are
memoised per description (e-commerce descriptions repeat), so bulk assessment stays fast. The
threshold is calibrated on eval/hs (see docs/hs-evaluation.md)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from clearpost.hs.lexicon import Lexicon, load_lexicon
from clearpost.hs.nomenclature import Nomenclature, load_nomenclature
from clearpost.hs.retrieval import Bm25Index, nomenclature_index

PLAUSIBLE_SHARE = 0.5
"""A chapter is plausible when its evidence reaches this share of the strongest chapter's."""
MIN_EVIDENCE = 0.75
"""Below this much evidence for the strongest chapter, the description is not judged: words of
the nomenclature alone (at most 0.7) never suffice, a lexicon term does."""


@dataclass(frozen=True, slots=True)
class Evidence:
    chapters: dict[str, float]
    """Plausible chapter -> strength, strongest first."""
    strength: float
    likely: tuple[str, ...]
    """The likeliest codes (headings or subheadings), best first."""
    reason: str


class MismatchJudge:
    def __init__(self, nomenclature: Nomenclature, lexicon: Lexicon, index: Bm25Index) -> None:
        """`index`: BM25 over `subheading_documents(nomenclature)`."""
        self.nomenclature, self.lexicon = nomenclature, lexicon
        self.subheadings = sorted(nomenclature.subheadings)
        self.index = index
        self.chapter_of = [c[:2] for c in self.subheadings]
        self.evidence = lru_cache(maxsize=65536)(self._evidence)

    def _evidence(self, description: str) -> Evidence | None:
        strength: dict[str, float] = {}
        likely: list[str] = []
        reason = ""
        for code, score, why in self.lexicon.candidates(description, limit=6):
            chapter = code[:2]
            strength[chapter] = max(strength.get(chapter, 0.0), min(score, 1.5))
            likely.append(code)
            reason = reason or why
        scores, words = self.index.scores(description)
        top = float(scores.max()) if len(scores) else 0.0
        if top > 0:
            for row in np.argsort(-scores)[:5]:
                chapter = self.chapter_of[row]
                share = float(scores[row]) / top
                # lexical evidence counts less than a lexicon hit, and more with more matched words
                strength[chapter] = max(
                    strength.get(chapter, 0.0), 0.5 * share * min(len(words), 3) / 3 + 0.2 * share
                )
                if len(likely) < 5:
                    likely.append(self.subheadings[row])
            reason = reason or f"words: {', '.join(words)}"
        if not strength:
            return None
        best = max(strength.values())
        if best < MIN_EVIDENCE:
            return None
        plausible = {
            c: s for c, s in sorted(strength.items(), key=lambda x: -x[1]) if s >= PLAUSIBLE_SHARE * best
        }
        return Evidence(plausible, best, tuple(dict.fromkeys(likely))[:5], reason)

    def misfit(self, description: str, hs_code: str) -> Evidence | None:
        """The evidence against `hs_code`, or None when it fits (or nothing can be said)."""
        evidence = self.evidence(description)
        if evidence is None or hs_code[:2] in evidence.chapters:
            return None
        return evidence


@cache
def load_judge() -> MismatchJudge:
    return MismatchJudge(load_nomenclature(), load_lexicon(), nomenclature_index())
