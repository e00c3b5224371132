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
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List

import spacy
from rapidfuzz.distance import OSA
from spacy.language import Language
from spacy.tokens import Doc

from clinic.settings import PROJECT_ROOT

MODEL_PATH = PROJECT_ROOT / ".spacy" / "en_blank_lookup"
# Log-probability above which a word counts as ordinary English and is never "corrected":
# keeps "groan" from becoming "groin" while "pregant" still becomes "pregnant".
COMMON_WORD_LOGPROB = -15.5


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


class TokenKeys:
    """Computes comparison keys for tokens, correcting typos towards `vocabulary`."""

    def __init__(self, nlp: Language, vocabulary: Iterable[str]):
        self.nlp = nlp
        lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        self._lemmas = lemmatizer.lookups.get_table("lemma_lookup") if lemmatizer else {}
        self._vocabulary = sorted({word.lower() for word in vocabulary if word.isalpha()})
        self._vocabulary_set = set(self._vocabulary)
        self._common = _common_words()

    def lemma(self, word: str) -> str:
        return self._lemmas.get(word, word)

    def correct(self, word: str) -> str:
        """`word` or the lexicon word it is a typo of (only for uncommon words of 5+ letters)."""
        if len(word) < 5 or not word.isalpha() or word in self._vocabulary_set or word in self._common:
            return word
        limit = 1 if len(word) < 9 else 2
        for candidate in self._vocabulary:
            if len(candidate) >= 5 and edit_distance_at_most(word, candidate, limit):
                return candidate
        return word

    def key(self, token_norm: str) -> str:
        return self.lemma(self.correct(token_norm.lower()))

    def keys(self, doc: Doc) -> List[str]:
        return [self.key(token.norm_) for token in doc]

    def phrase_keys(self, phrase: str) -> List[str]:
        """Keys of a lexicon phrase (no typo correction: lexicon phrases are spelt right)."""
        return [self.lemma(token.norm_.lower()) for token in self.nlp.make_doc(phrase)]
