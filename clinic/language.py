"""The shared spaCy pipeline and the token keys the clinical matchers compare.

A token's key is its lowercase form, typo-corrected against the matchers' own vocabulary
when it is not a common English word, then lemmatized with spaCy's lookup tables. Phrases
in the lexicons go through the same function, so "scard of neeedles" and "scared of
needles" both become "scare of needle".
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Set

import spacy
from rapidfuzz.distance import OSA
from spacy.language import Language
from spacy.tokens import Doc

from clinic.settings import PROJECT_ROOT

MODEL_PATH = PROJECT_ROOT / ".spacy" / "en_blank_lookup"
# Log-probability above which a word counts as ordinary English and is never "corrected":
# keeps "groan" from becoming "groin" while "pregant" still becomes "pregnant".
COMMON_WORD_LOGPROB = -15.5
MAX_TYPOS = 2  # the most edits a long word may be from the lexicon word it is corrected to
# Both legs or both feet (or thighs, calves) are a sign of their own ("pins and needles in my feet"):
# the plural keeps its form, and a lexicon term naming the singular matches both forms
# (clinic/matching.py).
PLURAL_PARTS = {"leg": "legs", "foot": "feet", "thigh": "thighs", "calf": "calves"}
# Lemmas of spaCy's lookup table that merge words the lexicons must keep apart: it gives "wrong"
# for "worse" and "worst" (so "I slept wrong" read as "worst at night") and "wind" for "wound";
# and the plurals above.
LEMMA_OVERRIDES = {"worse": "worse", "worst": "worst", "wound": "wound",
                   **{plural: plural for plural in PLURAL_PARTS.values()}}


@lru_cache(maxsize=2)
def load_pipeline(path: str | None = None) -> Language:
    """The blank English pipeline built by `make install`, or the same one built in memory."""
    model = Path(path) if path else MODEL_PATH
    if model.exists():
        return spacy.load(model)
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@lru_cache(maxsize=1)
def _common_words() -> FrozenSet[str]:
    import spacy_lookups_data

    table = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(table, "rt", encoding="utf-8") as handle:
        probabilities: Dict[str, float] = json.load(handle)
    return frozenset(word for word, logprob in probabilities.items() if logprob >= COMMON_WORD_LOGPROB)


def edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    """Optimal-string-alignment distance (typos incl. swapped letters) <= limit."""
    return OSA.distance(a, b, score_cutoff=limit) <= limit


def _deletion_forms(word: str, most: int) -> Set[str]:
    """`word` with up to `most` of its letters deleted (the word itself included)."""
    return {"".join(word[i] for i in range(len(word)) if i not in gone)
            for count in range(most + 1) for gone in map(set, combinations(range(len(word)), count))}


class TokenKeys:
    """Computes comparison keys for tokens, correcting typos towards `vocabulary`."""

    def __init__(self, nlp: Language, vocabulary: Iterable[str]):
        self.nlp = nlp
        lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        self._lemmas = lemmatizer.lookups.get_table("lemma_lookup") if lemmatizer else {}
        self._vocabulary = sorted({word.lower() for word in vocabulary if word.isalpha()})
        self._vocabulary_set = set(self._vocabulary)
        self._common = _common_words()
        # Two words within k edits share a form with at most k letters deleted from each, so a
        # word's candidates come from a few look-ups instead of comparing it with the whole
        # lexicon (which made long messages of unknown words take seconds).
        self._by_deletion: Dict[str, Set[str]] = {}
        for candidate in self._vocabulary:
            if len(candidate) >= 5:
                for form in _deletion_forms(candidate, MAX_TYPOS):
                    self._by_deletion.setdefault(form, set()).add(candidate)
        self._corrections: Dict[str, str] = {}
        # a word longer than any lexicon word by more than the typos allowed is no typo of one
        # (and its deletion forms would be millions: "aaaa...a" of 2,000 letters)
        self._longest_candidate = max((len(word) for word in self._vocabulary), default=0) + MAX_TYPOS

    def lemma(self, word: str) -> str:
        return LEMMA_OVERRIDES.get(word) or self._lemmas.get(word, word)

    def correct(self, word: str) -> str:
        """`word` or the lexicon word it is a typo of (only for uncommon words of 5+ letters)."""
        if len(word) < 5 or len(word) > self._longest_candidate or not word.isalpha() \
                or word in self._vocabulary_set or word in self._common:
            return word
        known = self._corrections.get(word)
        if known is not None:
            return known
        if len(self._corrections) > 10_000:  # unknown words keep coming: memory stays bounded
            self._corrections.clear()
        limit = 1 if len(word) < 9 else MAX_TYPOS
        nearby = {candidate for form in _deletion_forms(word, limit) for candidate in self._by_deletion.get(form, ())}
        # the first in lexicon order, as when every lexicon word was compared
        corrected = next((candidate for candidate in sorted(nearby) if edit_distance_at_most(word, candidate, limit)),
                         word)
        self._corrections[word] = corrected
        return corrected

    def key(self, token_norm: str) -> str:
        return self.lemma(self.correct(token_norm.lower()))

    def keys(self, doc: Doc) -> List[str]:
        return [self.key(token.norm_) for token in doc]

    def phrase_keys(self, phrase: str) -> List[str]:
        """Keys of a lexicon phrase (no typo correction: lexicon phrases are spelt right)."""
        return [self.lemma(token.norm_.lower()) for token in self.nlp.make_doc(phrase)]
