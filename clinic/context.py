"""Is a matched phrase affirmed, negated, uncertain or hypothetical? (a small ConText).

Works on token keys (see clinic.language): lowercase lemmas, so "don't" is "do", "not".
"""
from __future__ import annotations

from typing import Iterable, List, Sequence, Set, Tuple

AFFIRMED, NEGATED, UNCERTAIN, HYPOTHETICAL = "affirmed", "negated", "uncertain", "hypothetical"

# Sentence ends and contrast words: a phrase and the words that qualify it stay inside these.
CONTRAST_WORDS = {"but", "however", "although", "though", "except", "yet"}
SENTENCE_BOUNDARIES = {".", "!", "?", ";", "\n"} | CONTRAST_WORDS
# Negation and uncertainty do not reach across these either ("no fever, and I take warfarin").
SCOPE_BOUNDARIES = SENTENCE_BOUNDARIES | {",", "and", "also", "plus", "so", "because", "-", ":"}

NEGATION_CUES = {"no", "not", "never", "without", "none", "nor", "neither", "nope", "deny", "free"}
# Multi-word cues are matched before single ones; their words are not re-read as negation.
UNCERTAINTY_CUES: Tuple[Tuple[str, ...], ...] = (
    ("not", "sure"), ("not", "certain"), ("do", "not", "know"), ("do", "not", "remember"),
    ("no", "idea"), ("i", "think"), ("i", "guess"), ("could", "be"), ("kind", "of"), ("sort", "of"),
    ("maybe",), ("might",), ("may",), ("possibly",), ("perhaps",), ("probably",), ("unsure",),
    ("idk",), ("dunno",), ("possible",), ("suspect",),
)
# "I don't think I'm pregnant" is a "no", not a "maybe".
NEGATED_UNCERTAINTY: Tuple[Tuple[str, ...], ...] = (("do", "not", "think"), ("not", "that", "i", "know"))
HYPOTHETICAL_CUES: Tuple[Tuple[str, ...], ...] = (
    ("if",), ("in", "case"), ("suppose",), ("supposing",), ("whether",), ("imagine",),
    ("what", "happen"), ("when", "should"), ("should", "i", "worry"), ("how", "do", "i", "know"),
    ("how", "would", "i", "know"), ("is", "it", "an", "emergency"),
)
# Information about signs rather than a report of one, when nobody in the sentence before the sign
# is "I" or "my": "warning signs include bladder trouble" (quoted from a leaflet); "my symptoms
# include a numb groin" stays a report. ("such as" cannot be one: the lemma table reads "as" as "a",
# and "it's such a weird feeling down there" is a report.) Passed on after the speaker's last "I"
# or "my" by a reporting verb, it is information too: "my leaflet says red flags include ...".
GENERAL_STATEMENT_CUES: Tuple[Tuple[str, ...], ...] = (("include",),)
REPORTING_VERBS = {"say", "read", "tell", "mention", "list", "warn", "explain", "write", "state"}  # lemmas
PASSED_ON_WINDOW = 25  # words looked back for that pattern (bounded: a sentence can be thousands long)
YES_ANSWERS = {"yes", "yep", "yeah", "yup", "ya", "yea"}
QUESTION_STARTERS = {
    "what", "when", "why", "how", "which", "who", "is", "be", "are", "can", "could", "do", "does",
    "should", "would", "will", "isn't",
}
# "can't", "couldn't", "don't", "won't", "wouldn't" opening a sentence without "?": see _dropped_subject.
DROPPED_SUBJECT_OPENERS = {"can", "do", "will", "would"}
QUESTION_SUBJECTS = {"you", "it", "this", "that", "there", "they", "he", "she", "sciatica", "needling", "dry"}
FIRST_PERSON = {"i", "my", "me", "mine", "myself", "im", "we", "our", "us"}
# "not sure if I'm pregnant", "I don't know whether my dad takes thinners": doubt about oneself
# (or the person one asks for), not a hypothetical; "not sure if you treat pregnant women" stays one.
DOUBT_CUES: Tuple[Tuple[str, ...], ...] = (
    ("not", "sure"), ("not", "certain"), ("do", "not", "know"), ("do", "not", "remember"), ("no", "idea"),
    ("unsure",), ("idk",), ("dunno",), ("wonder",),
)
DOUBT_CONDITIONS = {"if", "whether"}
DOUBT_SUBJECTS = FIRST_PERSON | {"he", "she", "his", "her", "him"}
CUE_WINDOW = 5  # how many words before a phrase a cue may stand


def _find_sequences(keys: Sequence[str], lo: int, hi: int, cues: Iterable[Tuple[str, ...]]) -> List[Tuple[int, int]]:
    found = []
    for cue in cues:
        for start in range(lo, hi - len(cue) + 1):
            if tuple(keys[start:start + len(cue)]) == cue:
                found.append((start, start + len(cue)))
    return found


def _stretches(keys: Sequence[str], boundaries: Set[str]) -> Tuple[List[int], List[int]]:
    """For every position, the [start, end) of the stretch around it delimited by `boundaries`
    (a boundary word itself ends the stretch before it and starts none)."""
    starts = [0] * (len(keys) + 1)
    for position in range(1, len(keys) + 1):
        starts[position] = position if keys[position - 1] in boundaries else starts[position - 1]
    ends = [len(keys)] * (len(keys) + 1)
    for position in range(len(keys) - 1, -1, -1):
        ends[position] = position if keys[position] in boundaries else ends[position + 1]
    return starts, ends


def _running_count(length: int, positions: Iterable[int]) -> List[int]:
    """counts[p] = how many of `positions` are below p."""
    counts = [0] * (length + 1)
    for position in positions:
        counts[position + 1] += 1
    for position in range(1, length + 1):
        counts[position] += counts[position - 1]
    return counts


class MessageKeys:
    """The keys of one message, with what the context of every mention needs worked out once.

    A long message holds thousands of mentions; scanning its sentence again for each one made a
    10,000-character message of warning-sign words take 20 seconds. After one pass here, each
    question below costs the same whatever the message's length.
    """

    def __init__(self, keys: Sequence[str]):
        self.keys = list(keys)
        self.sentence_start, self.sentence_end = _stretches(self.keys, SENTENCE_BOUNDARIES)
        _, self._sentence_end_across_contrast = _stretches(self.keys, SENTENCE_BOUNDARIES - CONTRAST_WORDS)
        self.scope_start, _ = _stretches(self.keys, SCOPE_BOUNDARIES)
        self._doubts = _running_count(len(self.keys), (p for p in range(len(self.keys)) if _is_doubt(self.keys, p)))
        # counted where each cue ends: no cue holds a sentence boundary, so a cue that ends inside a
        # sentence also starts inside it
        self._hypothetical_ends = _running_count(len(self.keys), (
            end - 1 for start, end in _find_sequences(self.keys, 0, len(self.keys), HYPOTHETICAL_CUES)
            if not _is_doubt(self.keys, start)))
        self._general_ends = _running_count(len(self.keys), (
            end - 1 for _, end in _find_sequences(self.keys, 0, len(self.keys), GENERAL_STATEMENT_CUES)))
        self._first_person = _running_count(
            len(self.keys), (p for p, key in enumerate(self.keys) if key in FIRST_PERSON))

    def __len__(self) -> int:
        return len(self.keys)

    def sentence(self, index: int) -> Tuple[int, int]:
        return self.sentence_start[index], self.sentence_end[index]

    def same_sentence(self, first: int, second: int, across_contrast: bool = False) -> bool:
        """Whether nothing ends the sentence between the two positions; with `across_contrast`, a
        contrast word ("but") does not end it ("I could pee but I felt nothing")."""
        ends = self._sentence_end_across_contrast if across_contrast else self.sentence_end
        return ends[first] >= second

    def doubt_between(self, start: int, end: int) -> bool:
        return self._doubts[end] > self._doubts[start]

    def hypothetical_cue_between(self, start: int, end: int) -> bool:
        """A hypothetical cue (not a doubt's "if") wholly inside [start, end), `start` a sentence start."""
        return self._hypothetical_ends[end] > self._hypothetical_ends[start]

    def general_statement_cue_between(self, start: int, end: int) -> bool:
        return self._general_ends[end] > self._general_ends[start]

    def first_person_between(self, start: int, end: int) -> bool:
        return self._first_person[end] > self._first_person[start]


def cue_status(message: MessageKeys, span_start: int, protected: Set[int]) -> str:
    """Negated or uncertain by cues up to CUE_WINDOW words before `span_start` in its scope.

    `protected` holds token positions that belong to matched phrases: their own words
    ("can't" in "can't pee") are never read as cues.
    """
    keys = message.keys
    lo = max(message.scope_start[span_start], span_start - CUE_WINDOW)
    consumed: Set[int] = set()
    for start, end in _find_sequences(keys, lo, span_start, NEGATED_UNCERTAINTY):
        if not protected.intersection(range(start, end)):
            return NEGATED
    for start, end in _find_sequences(keys, lo, span_start, UNCERTAINTY_CUES):
        if not protected.intersection(range(start, end)):
            return UNCERTAIN
        consumed.update(range(start, end))
    for position in range(lo, span_start):
        if position in protected or position in consumed:
            continue
        if keys[position] in NEGATION_CUES:
            return NEGATED
    return AFFIRMED


def prompt_answer(message: MessageKeys, span_start: int, span_end: int) -> str | None:
    """AFFIRMED or NEGATED when the phrase is its whole sentence, answered by a bare yes or no, as in a
    form: "pregnant? no", "blood thinners? none", "numb groin? yes"; otherwise None."""
    if message.sentence(span_start) != (span_start, span_end):
        return None
    keys = message.keys
    if trailing_negation(keys, span_end):
        return NEGATED
    if _bare_answer(keys, span_end, YES_ANSWERS, SENTENCE_BOUNDARIES | DOUBT_SUBJECTS | {","}):
        return AFFIRMED  # "pregnant? yes", "pregnant? yes I am"
    return None


def trailing_negation(keys: Sequence[str], span_end: int) -> bool:
    """A bare "no"/"none" answer right after the phrase: "blood thinners? none", "pregnant - no"."""
    return _bare_answer(keys, span_end, {"no", "none", "nope", "never"}, SENTENCE_BOUNDARIES | {","})


def _bare_answer(keys: Sequence[str], span_end: int, answers: Set[str], followers: Set[str]) -> bool:
    """One of `answers` after the phrase and its punctuation, then the end or one of `followers`."""
    position = span_end
    while position < len(keys) and keys[position] in {"?", ":", "-", ",", "=", "..."}:
        position += 1
    if position == span_end or position >= len(keys):
        return False
    after = position + 1
    return keys[position] in answers and (after >= len(keys) or keys[after] in followers)


def _is_doubt(keys: Sequence[str], position: int) -> bool:
    """Whether the "if"/"whether" at `position` follows a doubt cue and precedes a first-person subject."""
    if keys[position] not in DOUBT_CONDITIONS or position + 1 >= len(keys):
        return False
    follows_doubt = any(tuple(keys[position - len(cue):position]) == cue for cue in DOUBT_CUES if position >= len(cue))
    return follows_doubt and keys[position + 1] in DOUBT_SUBJECTS


def is_doubted(message: MessageKeys, span_start: int) -> bool:
    """A phrase after "not sure if I..." / "I don't know whether my..." in its sentence: a "not sure"."""
    return message.doubt_between(message.sentence_start[span_start], span_start)


def _dropped_subject(sentence: Sequence[str]) -> bool:
    """A report told without its "I": "cant pee since last night", "couldnt go to the loo properly".

    Questions seldom open with a negated auxiliary; a sentence that does (and has no "?") is a report,
    unless a subject follows it: "can't you treat pregnant women", "won't it make the pain worse".
    """
    return (
        len(sentence) > 1 and sentence[0] in DROPPED_SUBJECT_OPENERS and sentence[1] == "not"
        and (len(sentence) == 2 or sentence[2] not in QUESTION_SUBJECTS)
    )


def _passed_on(message: MessageKeys, sentence_start: int, span_start: int) -> bool:
    """Before the "include" that precedes the sign: no "I"/"my" in the sentence, or a reporting verb
    after the last of them ("my physio said red flags include", not "my physio said my symptoms include")."""
    if not message.first_person_between(sentence_start, span_start):
        return True
    window = range(max(sentence_start, span_start - PASSED_ON_WINDOW), span_start)
    keys = message.keys
    last_first_person = max((p for p in window if keys[p] in FIRST_PERSON), default=None)
    if last_first_person is None:
        return False  # the "I" is further back than the window: read as a report (the safe side)
    verb = next((p for p in range(last_first_person + 1, span_start) if keys[p] in REPORTING_VERBS), None)
    return verb is not None and message.general_statement_cue_between(verb + 1, span_start)


def is_hypothetical(message: MessageKeys, span_start: int) -> bool:
    """A question about a sign rather than a report of it.

    "what if I can't pee?" and "is groin numbness serious?" are questions; "I can't pee, is
    that bad?" and "why is my groin numb?" are reports (the speaker talks about themself), and so is
    "not sure if I'm pregnant" (see is_doubted).
    """
    keys = message.keys
    sentence_start, sentence_end = message.sentence(span_start)
    if message.hypothetical_cue_between(sentence_start, span_start):
        return True
    if message.general_statement_cue_between(sentence_start, span_start) \
            and _passed_on(message, sentence_start, span_start):
        return True
    opening = keys[sentence_start:min(sentence_end, sentence_start + 3)]  # all _dropped_subject reads
    ends_with_question = sentence_end < len(keys) and keys[sentence_end] == "?"
    asks = ends_with_question or (
        bool(opening) and opening[0] in QUESTION_STARTERS and not _dropped_subject(opening)
    )
    return asks and not message.first_person_between(sentence_start, sentence_end)
