"""The numpy MiniLM encoder against reference vectors computed with torch + transformers.

fixtures/minilm_reference.json holds all-MiniLM-L6-v2 sentence embeddings made from the same
weights with AutoTokenizer/AutoModel (truncation to 128 tokens, mean pooling over the attention
mask, L2 normalisation), each text on its own, rounded to 6 decimals; its "made_with" names the
versions.
"""
import json
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from clinic.encoder import MAX_TOKENS, SentenceEncoder, limit_serving_threads

REFERENCE = json.loads((Path(__file__).parent / "fixtures" / "minilm_reference.json").read_text(encoding="utf-8"))
TEXTS = REFERENCE["texts"]
EXPECTED = np.array(REFERENCE["embeddings"], dtype=np.float64)


@pytest.fixture(scope="module")
def encoder():
    return SentenceEncoder()


@pytest.fixture(scope="module")
def encoded(encoder):
    return encoder.encode(TEXTS)


def test_reference_fixture_is_well_formed():
    assert EXPECTED.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(EXPECTED, axis=1), 1.0, atol=1e-5)
    assert "torch" in REFERENCE["made_with"] and "transformers" in REFERENCE["made_with"]


def test_long_text_is_cut_at_max_tokens(encoder):
    longest = max(TEXTS, key=len)
    assert len(longest.split()) >= 300
    assert len(encoder.tokenizer.encode(longest).ids) == MAX_TOKENS


def test_shape_and_dtype(encoded):
    assert encoded.shape == (len(TEXTS), 384)
    assert encoded.dtype == np.float32


@pytest.mark.parametrize("index", range(len(TEXTS)), ids=[text[:30] for text in TEXTS])
def test_matches_torch_reference(encoded, index):
    got, want = encoded[index].astype(np.float64), EXPECTED[index]
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-4)
    cosine = float(got @ want / (np.linalg.norm(got) * np.linalg.norm(want)))
    assert cosine > 0.9999


def test_empty_list_gives_no_rows(encoder):
    assert encoder.encode([]).shape == (0, 384)


def test_order_does_not_matter(encoder, encoded):
    order = list(reversed(range(len(TEXTS))))
    reordered = encoder.encode([TEXTS[i] for i in order])
    np.testing.assert_allclose(reordered, encoded[order], rtol=0, atol=1e-5)


def test_padding_does_not_matter(encoder, encoded):
    # Alone: no padding at all. Beside the 128-token paragraph: every short text padded to 128.
    longest = max(TEXTS, key=len)
    for index, text in enumerate(TEXTS):
        alone = encoder.encode([text])[0]
        np.testing.assert_allclose(alone, encoded[index], rtol=0, atol=1e-5)
        padded = encoder.encode([longest, text])[1]
        np.testing.assert_allclose(padded, encoded[index], rtol=0, atol=1e-5)
    # Short texts only: padded to the longest short one, not to 128.
    short = [i for i, text in enumerate(TEXTS) if text != longest]
    together = encoder.encode([TEXTS[i] for i in short])
    np.testing.assert_allclose(together, encoded[short], rtol=0, atol=1e-5)


def test_cached_short_texts_give_the_same_vectors_and_long_ones_are_not_kept(encoded):
    cached = SentenceEncoder(cache_size=2)
    short = sorted(TEXTS, key=len)[:3]
    rows = [TEXTS.index(text) for text in short]
    first = cached.encode(short)
    np.testing.assert_allclose(first, encoded[rows], rtol=0, atol=1e-5)
    assert list(cached._cache) == short[1:]  # the oldest was dropped: at most 2 kept
    again = cached.encode(list(reversed(short)))
    np.testing.assert_allclose(again, encoded[list(reversed(rows))], rtol=0, atol=1e-5)
    # a returned vector changed by the caller leaves the cache as it was
    again[:] = 0
    np.testing.assert_allclose(cached.encode([short[-1]]), encoded[[rows[-1]]], rtol=0, atol=1e-5)
    cached.encode([max(TEXTS, key=len)])
    assert max(TEXTS, key=len) not in cached._cache


def test_serving_limits_every_math_pool_to_one_thread(encoder):
    with threadpool_limits(limits=2):  # as on a 2-core machine; the limits are restored after
        assert {pool["num_threads"] for pool in threadpool_info()} == {2}
        limit_serving_threads({})
        assert {pool["num_threads"] for pool in threadpool_info()} == {1}
        np.testing.assert_allclose(encoder.encode([TEXTS[0]])[0], EXPECTED[0], atol=1e-5)


def test_server_math_threads_0_lifts_the_limit():
    with threadpool_limits(limits=2):
        limit_serving_threads({"SERVER_MATH_THREADS": "0"})
        assert {pool["num_threads"] for pool in threadpool_info()} == {2}
