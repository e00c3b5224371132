"""Typo tolerance of the token keys (clinic/language.py): optimal-string-alignment distance via rapidfuzz."""
import pytest

from clinic.language import TokenKeys, edit_distance_at_most, load_pipeline


@pytest.mark.parametrize(
    "typed, word, limit, expected",
    [
        ("sciatca", "sciatica", 1, True),  # a letter missing
        ("sicatica", "sciatica", 1, True),  # two neighbours swapped: one edit
        ("numbnes", "numbness", 1, True),
        ("tinglng", "tingling", 1, True),
        ("bladder", "bladder", 0, True),
        ("bleeding", "bladder", 2, False),
        ("sicatcia", "sciatica", 1, False),  # two swaps
        ("sicatcia", "sciatica", 2, True),
        ("ca", "abc", 2, False),  # OSA, not Damerau: a swapped pair is not edited again (3 edits)
    ],
)
def test_edit_distance_at_most(typed, word, limit, expected):
    assert edit_distance_at_most(typed, word, limit) is expected


@pytest.mark.parametrize("word, lemma", [("worse", "worse"), ("worst", "worst"), ("wrong", "wrong"),
                                         ("wound", "wound"), ("wind", "wind"), ("slept", "sleep")])
def test_lemmas_keep_apart_what_the_lookup_table_merges(word, lemma):
    keys = TokenKeys(load_pipeline(), vocabulary=[])
    assert keys.lemma(word) == lemma
