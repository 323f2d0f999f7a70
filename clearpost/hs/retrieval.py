"""Lexical retrieval over the nomenclature: BM25 over each subheading's text together with its
heading's, with an inverted index in numpy (a query touches only the postings of its words)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from clearpost.hs.nomenclature import Nomenclature, load_nomenclature

_WORD = re.compile(r"[a-z]{2,}")
STOPWORDS = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "its", "it"),
        *("of", "on", "or", "other", "others", "than", "that", "the", "their", "thereof", "these"),
        *("this", "those", "to", "whether", "with", "without", "not", "nes", "n", "e", "c"),
        *("including", "excluding", "kind", "kinds", "used", "type", "types"),
        *("heading", "headings", "subheading", "chapter"),
    }
)


def stem(word: str) -> str:
    """Light English folding, enough to meet the nomenclature's plurals: 'earphones' -> 'earphone'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


@dataclass(frozen=True, slots=True)
class Bm25Index:
    postings: dict[str, tuple[NDArray[np.int32], NDArray[np.float32]]]
    documents: int

    @classmethod
    def build(cls, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> Bm25Index:
        counts = [Counter(words(text)) for text in texts]
        lengths = np.array([sum(c.values()) for c in counts], dtype=np.float32)
        average = float(lengths.mean()) if len(lengths) else 1.0
        frequency: Counter[str] = Counter(word for c in counts for word in c)
        lists: dict[str, tuple[list[int], list[float]]] = {}
        for doc, c in enumerate(counts):
            norm = k1 * (1 - b + b * lengths[doc] / average)
            for word, tf in c.items():
                idf = math.log(1 + (len(texts) - frequency[word] + 0.5) / (frequency[word] + 0.5))
                entry = lists.setdefault(word, ([], []))
                entry[0].append(doc)
                entry[1].append(idf * tf * (k1 + 1) / (tf + norm))
        postings = {
            word: (np.array(docs, dtype=np.int32), np.array(weights, dtype=np.float32))
            for word, (docs, weights) in lists.items()
        }
        return cls(postings, len(texts))

    def scores(self, query: str) -> tuple[NDArray[np.float32], list[str]]:
        """A BM25 score per document, and the query words the index knows."""
        result = np.zeros(self.documents, dtype=np.float32)
        known = []
        for word in dict.fromkeys(words(query)):
            posting = self.postings.get(word)
            if posting is not None:
                result[posting[0]] += posting[1]
                known.append(word)
        return result, known


def subheading_documents(nomenclature: Nomenclature) -> list[str]:
    """What BM25 indexes for each HS 2022 subheading (sorted by code): its heading's text and its own."""
    return [f"{nomenclature.texts[c[:4]]} {nomenclature.texts[c]}" for c in sorted(nomenclature.subheadings)]


@cache
def nomenclature_index() -> Bm25Index:
    """BM25 over the packaged nomenclature's subheadings, built once per process and shared."""
    return Bm25Index.build(subheading_documents(load_nomenclature()))
