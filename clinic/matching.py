"""A rule-based concept matcher on spaCy's PhraseMatcher, shared by the emergency-sign
detector and the checklist extractor.

A concept (a sign, a checklist item) is found by one of its `phrases`, or by a `pairs`
entry: a term from each of two lists in the same sentence, close together, in any order
("numb ... groin", "groin is numb"). Each find carries a status from clinic.context.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import chain, product
from typing import Dict, Iterable, List, Mapping, Sequence, Set, Tuple

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from clinic import context
from clinic.language import PLURAL_PARTS, TokenKeys, load_pipeline

PAIR_WINDOW = 8  # at most this many words between the two terms of a pair
# Lexicon terms say "leg" and "foot" for one or both; the plurals keep their own key
# (clinic/language.py, PLURAL_PARTS), so a term with "legs" or "feet" is about both, one with
# "leg" or "foot" about either.
# "my bum and legs are numb": both parts have the sign. A comma mostly ends a clause ("when the
# needle went into my bum, my leg went numb"), so it joins nothing.
PART_JOINERS = {"and", "or", "&", "/", "+", "plus", "both", "nor"}
# A contrast pair's terms are about one thing only with no other body part in between or just
# after: "I can pee fine but my foot feels nothing" is about the foot.
CONTRAST_PAIR_PARTS = {"leg", "foot", "toe", "knee", "ankle", "calf", "thigh", "shin", "hamstring", "hip", "back",
                       "buttock", "hand", "arm", "finger", "shoulder", "neck", "face", *PLURAL_PARTS.values()}


@dataclass(frozen=True)
class ConceptSpec:
    phrases: Tuple[str, ...] = ()
    pairs: Tuple[Tuple[Tuple[str, ...], Tuple[str, ...]], ...] = ()
    # pairs whose terms may also stand either side of a "but": the sign is the contrast itself
    # ("I could pee but I felt nothing"); in other pairs "but" parts them ("numb toe but my groin is fine")
    contrast_pairs: Tuple[Tuple[Tuple[str, ...], Tuple[str, ...]], ...] = ()
    uncertain_phrases: Tuple[str, ...] = ()  # affirmed, they still only mean "not sure"
    negated_only: Tuple[str, ...] = ()  # count only when negated: "no meds"
    # Body parts that take a pair's sign word for themselves when they stand between a place and the
    # sign word after it, not joined to the place by "and" or "or": in "as the needle went into my
    # buttock my leg went numb" it is the leg that is numb, in "my bum and leg are numb" both.
    other_parts: Tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, raw: Mapping) -> ConceptSpec:
        return cls(
            phrases=tuple(raw.get("phrases", ())),
            pairs=tuple((tuple(a), tuple(b)) for a, b in raw.get("pairs", ())),
            contrast_pairs=tuple((tuple(a), tuple(b)) for a, b in raw.get("contrast_pairs", ())),
            uncertain_phrases=tuple(raw.get("uncertain_phrases", ())),
            negated_only=tuple(raw.get("negated_only", ())),
            other_parts=tuple(raw.get("other_parts", ())),
        )

    def all_terms(self) -> Iterable[str]:
        return chain(self.phrases, self.uncertain_phrases, self.negated_only,
                     *(a + b for a, b in self.pairs + self.contrast_pairs))


@dataclass(frozen=True)
class Mention:
    concept: str
    status: str  # one of clinic.context's AFFIRMED, NEGATED, UNCERTAIN, HYPOTHETICAL
    start_char: int
    end_char: int
    text: str


def _with_plurals(words: List[str]) -> List[List[str]]:
    """The term's keys, and the same with each "leg" or "foot" in the plural (every combination)."""
    return [list(variant) for variant in product(*({word, PLURAL_PARTS[word]} if word in PLURAL_PARTS else {word}
                                                   for word in words))]


@dataclass
class _Hit:
    concept: str
    kind: str  # "phrase", "uncertain", "negated_only", "a<n>", "b<n>"
    start: int
    end: int
    anchored: bool = field(default=False)


class ConceptMatcher:
    def __init__(self, concepts: Mapping[str, ConceptSpec], nlp=None):
        self.nlp = nlp or load_pipeline()
        self.concepts = dict(concepts)
        vocabulary = {word for spec in self.concepts.values() for term in spec.all_terms() for word in term.split()}
        self.keys = TokenKeys(self.nlp, vocabulary)
        self._matcher = PhraseMatcher(self.nlp.vocab)
        self._anchored: Set[str] = set()
        self._across_contrast: Set[str] = set()  # "<concept>|a<n>" of the contrast pairs
        self._other_parts = {name: {variant[0] for word in spec.other_parts
                                    for variant in _with_plurals([self.keys.lemma(word.lower())])}
                             for name, spec in self.concepts.items() if spec.other_parts}
        for name, spec in self.concepts.items():
            self._add(f"{name}|phrase", spec.phrases)
            self._add(f"{name}|uncertain", spec.uncertain_phrases)
            self._add(f"{name}|negated_only", spec.negated_only)
            for index, (a_terms, b_terms) in enumerate(spec.pairs + spec.contrast_pairs):
                self._add(f"{name}|a{index}", a_terms)
                self._add(f"{name}|b{index}", b_terms)
                if index >= len(spec.pairs):
                    self._across_contrast.add(f"{name}|a{index}")

    def _add(self, label: str, terms: Sequence[str]) -> None:
        patterns = []
        for term in terms:
            anchored = term.endswith("$")
            for words in _with_plurals(self.keys.phrase_keys(term.rstrip("$").strip())):
                if anchored:
                    self._anchored.add(f"{label}|{' '.join(words)}")
                patterns.append(Doc(self.nlp.vocab, words=words))
        if patterns:
            self._matcher.add(label, patterns)

    def find(self, text: str) -> List[Mention]:
        doc = self.nlp(text)
        keys = self.keys.keys(doc)
        key_doc = Doc(self.nlp.vocab, words=keys or [""])
        hits = []
        for match_id, start, end in self._matcher(key_doc):
            label = self.nlp.vocab.strings[match_id]
            if f"{label}|{' '.join(keys[start:end])}" in self._anchored and not _at_clause_end(keys, end):
                continue
            concept, kind = label.split("|")
            hits.append(_Hit(concept, kind, start, end))
        protected = {position for hit in hits for position in range(hit.start, hit.end)}
        message = context.MessageKeys(keys)
        pair_mentions, pair_terms = self._pairs(doc, message, hits, protected)
        # Words another concept's phrase or pair already explains are not also a vaguer "not sure" of
        # this one: the "rash" of "earrings give me a rash" is the metal allergy, not a skin problem.
        explained: Dict[Tuple[int, int], Set[str]] = {}
        for concept, start, end in pair_terms | {(hit.concept, hit.start, hit.end) for hit in hits
                                                 if hit.kind == "phrase"}:
            explained.setdefault((start, end), set()).add(concept)
        mentions = []
        for hit in hits:
            if hit.kind == "uncertain" and explained.get((hit.start, hit.end), set()) - {hit.concept}:
                continue
            if hit.kind in ("phrase", "uncertain", "negated_only"):
                mention = self._single(doc, message, hit, protected)
                if mention:
                    mentions.append(mention)
        mentions.extend(pair_mentions)
        return mentions

    def _status(self, message: context.MessageKeys, starts: Sequence[int], end: int, protected: Set[int]) -> str:
        answer = context.prompt_answer(message, min(starts), end)
        if answer:
            return answer
        if context.is_hypothetical(message, min(starts)):
            return context.HYPOTHETICAL
        statuses = {context.cue_status(message, start, protected) for start in starts}
        if context.NEGATED in statuses or context.trailing_negation(message.keys, end):
            return context.NEGATED
        if context.UNCERTAIN in statuses or context.is_doubted(message, min(starts)):
            return context.UNCERTAIN
        return context.AFFIRMED

    def _single(self, doc: Doc, message: context.MessageKeys, hit: _Hit, protected: Set[int]):
        status = self._status(message, [hit.start], hit.end, protected)
        if hit.kind == "negated_only" and status != context.NEGATED:
            return None
        if hit.kind == "uncertain" and status == context.AFFIRMED:
            status = context.UNCERTAIN
        return _mention(doc, hit.concept, status, hit.start, hit.end)

    def _pairs(
        self, doc: Doc, message: context.MessageKeys, hits: List[_Hit], protected: Set[int]
    ) -> Tuple[List[Mention], Set[Tuple[str, int, int]]]:
        """The pair mentions, and the (concept, start, end) of the terms of those within one clause."""
        by_label: Dict[Tuple[str, str], List[_Hit]] = {}
        for hit in hits:
            by_label.setdefault((hit.concept, hit.kind), []).append(hit)
        longest = max((hit.end - hit.start for hit in hits), default=0)
        mentions = []
        terms: Set[Tuple[str, int, int]] = set()
        keys = message.keys
        for (concept, kind), a_hits in by_label.items():
            if not kind.startswith("a"):
                continue
            b_hits = sorted(by_label.get((concept, "b" + kind[1:]), []), key=lambda hit: hit.start)
            b_starts = [hit.start for hit in b_hits]
            across_contrast = f"{concept}|{kind}" in self._across_contrast
            for a in a_hits:
                # only the b terms near enough to pair (a b term ends before its start: at most
                # `longest` words): each a term looks at a few, not at every b of the message
                near = b_hits[bisect_left(b_starts, a.start - PAIR_WINDOW - longest):
                              bisect_right(b_starts, a.end + PAIR_WINDOW)]
                for b in near:
                    first, second = (a, b) if a.start <= b.start else (b, a)
                    gap = second.start - first.end
                    if gap > PAIR_WINDOW or gap < 0 or not message.same_sentence(
                            first.start, second.start, across_contrast):
                        continue
                    if across_contrast and CONTRAST_PAIR_PARTS.intersection(keys[first.end:second.end + 3]):
                        continue
                    if first is b and (self._taken_by_other_part(concept, keys[first.end:second.start])
                                       or self._names_the_next_part(concept, keys[second.end:second.end + 2])):
                        continue
                    status = self._status(message, [first.start, second.start], second.end, protected)
                    mentions.append(_mention(doc, concept, status, first.start, second.end))
                    if not any(key in context.SCOPE_BOUNDARIES for key in keys[first.start:second.end]):
                        terms.update({(concept, first.start, first.end), (concept, second.start, second.end)})
        return mentions, terms

    def _names_the_next_part(self, concept: str, after: Sequence[str]) -> bool:
        """Whether the sign word is said of a body part of another kind right after it, in its clause:
        in "bum ache, numb big toe" it is the toe that is numb."""
        parts = self._other_parts.get(concept)
        for key in after:
            if key in context.SCOPE_BOUNDARIES:
                return False
            if parts and key in parts:
                return True
        return False

    def _taken_by_other_part(self, concept: str, between: Sequence[str]) -> bool:
        """Whether a body part of another kind, not joined to the place before it, stands between the
        place and the sign word after it (see ConceptSpec.other_parts)."""
        parts = self._other_parts.get(concept)
        return bool(parts) and not _joined(between) and any(key in parts for key in between)


def _joined(between: Sequence[str]) -> bool:
    return any(key in PART_JOINERS for key in between)


def _mention(doc: Doc, concept: str, status: str, start: int, end: int) -> Mention:
    span = doc[start:end]
    return Mention(concept, status, span.start_char, span.end_char, span.text)


def _at_clause_end(keys: Sequence[str], end: int) -> bool:
    return end >= len(keys) or keys[end] in context.SCOPE_BOUNDARIES | {"?", "!", "lol", "haha"}
