"""Where a message asks several things: its question clauses, and its clauses in general.

"What is a session like, does it hurt, and how many will I need?" holds three questions;
"I've had sciatica for 10 years. Does it hurt?" holds one, after some context. Only clauses
that read as questions count, so a long story is not mistaken for many questions.
"""
from __future__ import annotations

import re
from typing import List, Tuple

Span = Tuple[int, int]

QUESTION_STARTERS = (
    "what", "whats", "what's", "how", "hows", "how's", "when", "where", "who", "why", "which",
    "does", "do", "did", "is", "isnt", "are", "am", "can", "could", "will", "would", "should",
    "shall", "may", "any", "anything", "tell me", "i want to know", "i'd like to know", "wondering",
    "i wonder", "im wondering", "i'm wondering", "also", "and",
)
_STARTER = "|".join(re.escape(s) for s in sorted(QUESTION_STARTERS, key=len, reverse=True))
# sentence ends: . ! ? (runs of them) or a line break
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")
# inside a sentence, a new question starts after a comma, ";" or "and"/"or"/"also" + a question word
_QUESTION_JOINT = re.compile(
    rf"(?:,|;|\s-\s)\s*(?:and\s+|or\s+|also\s+|plus\s+)?(?=(?:{_STARTER})\b)|\s(?:and|or|also|plus)\s+(?=(?:how|what|when|where|who|why|which|does|do|is|are|can|will|should|would)\b)",
    re.IGNORECASE,
)
_LEADING_JOINER = re.compile(r"^(?:and|or|also|plus|so|but)\s+", re.IGNORECASE)
_QUESTION_OPENING = re.compile(rf"^(?:{_STARTER})\b(?!['’])", re.IGNORECASE)  # "can't sit" is no question
# A clause ending in "." is a question only in a question's grammar: "How long does it take."
# or "Tell me about side effects.", not a story's "When I sit, the pain shoots down my leg."
_GRAMMAR = re.compile(
    r"^(?:(?:what|whats|what's|how|hows|how's|when|where|who|why|which)\s+"
    r"(?:is|are|was|were|do|does|did|can|could|will|would|should|shall|may|might|long|much|many|often|soon|about)\b"
    r"|(?:is|are|was|were|do|does|did|can|could|will|would|should|shall|may|might|has|have)(?:n't|nt)?\s+"
    r"(?:i|you|it|they|we|he|she|the|this|that|there|my|dry|needling|a|an)\b"
    r"|tell\s+me|i\s+want\s+to\s+know|i'd\s+like\s+to\s+know|i\s+wonder|wondering)",
    re.IGNORECASE,
)
# contrast and list joints, for finding the clause that reports something ("no fever, but I wet myself")
_CLAUSE_JOINT = re.compile(r"[,;:]|\s(?:but|and|although|though|however|so|because|plus)\s", re.IGNORECASE)
MIN_WORDS = 2


def _sentences(text: str) -> List[Span]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [_strip(text, span) for span in spans if text[span[0]:span[1]].strip()]


def _strip(text: str, span: Span) -> Span:
    start, end = span
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and text[end - 1] in " \t\n,;":
        end -= 1
    return start, end


def _split(text: str, span: Span, joint: re.Pattern) -> List[Span]:
    start, end = span
    pieces, cursor = [], start
    for match in joint.finditer(text, start, end):
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, end))
    return [_strip(text, piece) for piece in pieces if text[piece[0]:piece[1]].strip()]


def _reads_as_question(clause: str) -> bool:
    clause = _LEADING_JOINER.sub("", clause.strip())
    if clause.endswith("?"):
        return True
    if clause.endswith("."):
        return bool(_GRAMMAR.match(clause))
    return bool(_QUESTION_OPENING.match(clause))


def question_clauses(text: str) -> List[Span]:
    """Spans of the clauses of `text` that ask something, in order."""
    found = []
    for sentence in _sentences(text):
        for clause in _split(text, sentence, _QUESTION_JOINT):
            words = text[clause[0]:clause[1]].split()
            if len(words) >= MIN_WORDS and _reads_as_question(text[clause[0]:clause[1]]):
                found.append(clause)
    return found


def clauses(text: str) -> List[Span]:
    """Spans of all clauses: sentences cut at commas and contrast words."""
    return [clause for sentence in _sentences(text) for clause in _split(text, sentence, _CLAUSE_JOINT)
            if text[clause[0]:clause[1]].strip()]


# What a later question's "it" usually points back to. Longest first, so "dry needling" wins over
# "needling". Only these: a pronoun for anything else ("my leg ... does it") is left alone.
_TOPICS = re.compile(
    r"\b(dry needling|acupuncture|needling|sciatica|cauda equina|physiotherapy|physical therapy|physio)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(it|this|that)\b(?!['’])", re.IGNORECASE)


def with_topic(text: str, spans: List[Span]) -> List[str]:
    """The question clauses' texts, a bare "it" replaced by the topic an earlier question named.

    "What is sciatica and what are signs you might be suffering from it?" asks about symptoms of
    sciatica; read alone, its second clause is about "it" and could be side effects of anything.
    Only earlier questions count: in "I've had sciatica for years. Does it hurt?" the "it" is the
    treatment, not the story's sciatica. A clause that names a topic itself is kept as it is.
    """
    resolved: List[str] = []
    topic = None
    for start, end in spans:
        clause = text[start:end]
        named = _TOPICS.findall(clause)
        if named:
            topic = named[-1]
        elif topic:
            clause = _PRONOUN.sub(topic, clause, count=1)
        resolved.append(clause)
    return resolved
