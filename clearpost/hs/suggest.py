"""HS code suggestion from a free-text description, offline.

Three signals, combined on the hierarchy (chapter → heading → subheading):
- the e-commerce lexicon (`lexicon.py`): everyday product words to headings and subheadings;
- BM25 over the nomenclature texts (`retrieval.py`);
- MiniLM sentence embeddings of the description against those of every chapter, heading and
  subheading, computed once at build time (`python -m clearpost.hs.build`) and shipped.
A subheading's score adds its heading's and its chapter's, so that a description whose words fit a
heading well but no subheading in particular still ranks that heading's subheadings first.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from clearpost.hs.embedding import MiniLM, load_minilm
from clearpost.hs.lexicon import Lexicon, load_lexicon
from clearpost.hs.nomenclature import Nomenclature, load_nomenclature
from clearpost.hs.retrieval import Bm25Index, nomenclature_index

EMBEDDINGS = "hs2022_minilm.npz"


@dataclass(frozen=True, slots=True)
class Weights:
    """How the signals add up: a grid search on the tuning half of eval/hs (even rows), for HS2
    and HS4 top-1 and HS6 top-5 (docs/hs-evaluation.md reports the held-out half)."""

    subheading: float = 1.0
    heading: float = 0.5
    chapter: float = 0.3
    bm25: float = 0.2
    lexicon: float = 1.5


@dataclass(frozen=True, slots=True)
class Suggestion:
    hs_code: str
    score: float
    """0..1: the share of the best possible combined score."""
    why: str


def nomenclature_texts(nomenclature: Nomenclature) -> tuple[list[str], list[str]]:
    """Every chapter, heading and subheading code (sorted), and the text each is embedded from."""
    codes = sorted([*nomenclature.chapters, *nomenclature.headings, *nomenclature.subheadings])
    texts = []
    for code in codes:
        text = nomenclature.texts[code]
        if len(code) == 6:
            text = f"{nomenclature.texts[code[:4]]}: {text}"
        texts.append(text)
    return codes, texts


class Suggester:
    def __init__(
        self,
        nomenclature: Nomenclature,
        lexicon: Lexicon,
        encoder: MiniLM,
        codes: Sequence[str],
        vectors: NDArray[np.float32],
        bm25: Bm25Index,
        weights: Weights = Weights(),
    ) -> None:
        """`vectors`: the embeddings of `codes`; `bm25`: BM25 over `subheading_documents(nomenclature)`."""
        self.nomenclature, self.lexicon, self.encoder, self.weights = nomenclature, lexicon, encoder, weights
        self.bm25 = bm25
        row_of = {code: row for row, code in enumerate(codes)}
        self.subheadings = sorted(nomenclature.subheadings)
        self.headings, self.chapters = sorted(nomenclature.headings), sorted(nomenclature.chapters)
        heading_position = {code: i for i, code in enumerate(self.headings)}
        chapter_position = {code: i for i, code in enumerate(self.chapters)}
        self.heading_of = np.array([heading_position[c[:4]] for c in self.subheadings])
        self.chapter_of = np.array([chapter_position[c[:2]] for c in self.subheadings])
        self.position = {code: i for i, code in enumerate(self.subheadings)}
        self.sub_vectors = vectors[[row_of[c] for c in self.subheadings]]
        self.heading_vectors = vectors[[row_of[c] for c in self.headings]]
        self.chapter_vectors = vectors[[row_of[c] for c in self.chapters]]

    def suggest(self, descriptions: Sequence[str], top: int = 5) -> list[list[Suggestion]]:
        """The `top` likeliest HS 2022 subheadings for each description, best first (none for a
        blank description)."""
        texts = [text for text in descriptions if text.strip()]
        vectors = dict(zip(texts, self.encoder.encode(texts), strict=True))
        return [self._rank(text, vectors[text], top) if text.strip() else [] for text in descriptions]

    def _rank(self, text: str, vector: NDArray[np.float32], top: int) -> list[Suggestion]:
        w = self.weights
        score = w.subheading * (self.sub_vectors @ vector)
        score += w.heading * (self.heading_vectors @ vector)[self.heading_of]
        score += w.chapter * (self.chapter_vectors @ vector)[self.chapter_of]
        bm25, matched = self.bm25.scores(text)
        if bm25.max() > 0:
            score += w.bm25 * bm25 / bm25.max()
        reasons: dict[int, str] = {}
        for code, strength, reason in self.lexicon.candidates(text, limit=8):
            boost = w.lexicon * min(strength, 1.5)
            if len(code) == 6 and code in self.position:
                rows = [self.position[code]]
            else:
                rows = [i for i, c in enumerate(self.subheadings) if c.startswith(code[:4])]
                boost *= 0.75
            for row in rows:
                score[row] += boost
                reasons.setdefault(row, reason)
        best = np.argsort(-score)[:top]
        ceiling = w.subheading + w.heading + w.chapter + w.bm25 + 1.5 * w.lexicon
        suggestions = []
        for row in best:
            code = self.subheadings[row]
            why = [reasons[row]] if row in reasons else []
            words = [
                m
                for m in matched
                if m in self.bm25.postings and row in set(self.bm25.postings[m][0].tolist())
            ]
            if words:
                why.append("words: " + ", ".join(words))
            why.append(f"heading {code[:4]}: {self.nomenclature.texts[code[:4]][:80]}")
            suggestions.append(
                Suggestion(code, round(float(max(0.0, score[row]) / ceiling), 4), "; ".join(why))
            )
        return suggestions


@cache
def load_suggester() -> Suggester:
    """The suggester with the shipped embeddings (read once per process)."""
    raw = resources.files("clearpost.hs").joinpath("data", EMBEDDINGS).read_bytes()
    with np.load(io.BytesIO(raw)) as shipped:
        codes = [str(code) for code in shipped["codes"]]
        vectors = shipped["vectors"].astype(np.float32)
    return Suggester(load_nomenclature(), load_lexicon(), load_minilm(), codes, vectors, nomenclature_index())
