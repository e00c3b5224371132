"""The age of the person to be treated, when a message states one.

An age: "I'm 16", "I am 45 years old", "16 yo", "aged 17", "my son is 15", "my mum is 81", "age 52", "52F",
"(34 M)", "F/late 40s", "I'm in my fifties", "I'm over 18", "I'm a minor".
Never an age: a number of years is a duration ("for 10 years", "10 years ago", "since 10 years",
"10 years of pain", "in 10 years", "every 2 years", "sciatica for 25 yrs", "I'm 10 years post-op"),
a thing's age ("a 2 year old injury", "my mattress is 15 years old"), a past age ("when I was 16",
"at age 12", "since I was a teenager"), someone else's child ("lifting my 4 year old"), a disc
grade ("grade 2 bulge") or a decade of time ("since the late 90s").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

ADULT_AGE = 18
_MIN_AGE, _MAX_AGE = 3, 99  # "I'm 2" is not a patient; three digits are not an age here
_A = "['’]"  # straight or typographic apostrophe

# Who an age can belong to: the patient, or the child they are asking for.
_PERSON_SUBJECTS = frozenset({
    "he", "she", "they", "who", "son", "daughter", "kid", "child", "teen", "teenager", "boy", "girl", "patient",
    "stepson", "stepdaughter", "grandson", "granddaughter",
})
# Words that may follow "45" or "45 year old" in a statement of age ("I'm 45 and...", "52F here").
_CONNECTORS = frozenset({
    "and", "but", "so", "with", "w", "now", "btw", "lol", "haha", "tbh", "fyi", "myself", "too", "though", "tho",
    "here", "if", "i", "im", "already", "this", "next", "soon", "turning", "going", "currently", "yet",
})
_PEOPLE = frozenset({
    "male", "female", "man", "woman", "guy", "gal", "lady", "gentleman", "dude", "person", "patient", "mom",
    "mum", "mother", "dad", "father", "son", "daughter", "kid", "child", "boy", "girl", "teen", "teenager",
    "athlete", "runner", "student", "grandma", "grandmother", "grandpa", "grandfather", "m", "f",
})
# "my 15 year old has sciatica": the attributive age used as a noun, then a verb.
_NOUN_USE_VERBS = frozenset({"is", "has", "needs", "wants", "who", "gets", "keeps", "can", "cannot", "can't"})

# whose age "my mum is 81" or "my son's 15" states: the patient a relative asks for
_RELATIVES = ("son|daughter|kid|child|teen|boy|girl|patient|mum|mom|mother|dad|father|wife|husband|partner|"
              "grandma|grandmother|grandpa|grandfather|nan|gran|granny|grandson|granddaughter")
_HEDGE = r"(?:(?:only|just|about|around|almost|nearly|now|still|over|under)\s+)?"
_SUBJECT_LEAD = (
    rf"\b(?:i{_A}?m|i\s+am|he{_A}s|she{_A}s|he\s+is|she\s+is|they{_A}re|they\s+are|"
    rf"(?:{_RELATIVES}){_A}s|(?:{_RELATIVES})\s+is)"
)
_AGE_LEAD = r"\b(?:my\s+age\s+is|age\s+is|aged?\s*[:=-]?)"
# "I'm 16", "aged 17", "age: 52", "my son's 15", "I'm nearly 18"
_LEAD_IN = re.compile(
    rf"(?P<lead>{_SUBJECT_LEAD}|{_AGE_LEAD})\s*(?P<hedge>{_HEDGE})(?P<n>\d{{1,2}})(?![\d.,:/]\d|\d)", re.I)
# "16 years old", "16-year-old", "16 yrs of age", "16 yo", "16y/o", "16 y.o."
_WITH_UNIT = re.compile(
    r"(?<![\d.,/:])\b(?P<n>\d{1,2})\s*-?\s*(?:"
    r"(?:(?P<plural>years|yrs)|(?P<singular>year|yr))\.?\s*-?\s*(?:old|of\s+age)\b"
    r"|(?P<short>y\s*/\s*o|y\.\s*o\.?|yo|yro)(?![a-z]))", re.I)
# "52F", "(34 M)"; the letter needs the setting of a profile, so "I can walk 50m" is no age.
_GENDER_AFTER = re.compile(r"(?<![\w/.,])(?P<n>\d{1,2})(?P<space>\s?)[mf](?![\w'’/])", re.I)
# "F/45", "45/M"
_GENDER_SLASH = re.compile(r"(?<![\w/])(?:[mf]\s*/\s*(?P<a>\d{1,2})|(?P<b>\d{1,2})\s*/\s*[mf])(?![\w/])", re.I)
# "late 40s", "in my fifties", "F/early 30s", "in her mid teens"
_DECADE = re.compile(
    r"(?:(?P<mod>early|mid|late)[\s-]*)?(?:(?<![\d])(?P<digits>[1-9]0)['’]?s|"
    r"(?P<word>teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b", re.I)
_DECADE_WORDS = {"teens": 10, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
                 "seventies": 70, "eighties": 80, "nineties": 90}
_DECADE_OWNER = re.compile(
    rf"(?:\b(?:in\s+)?(?:my|his|her|their)\s+|"
    rf"\b(?:i{_A}?m|i\s+am|he{_A}s|she{_A}s|he\s+is|she\s+is|aged?)\s+(?:in\s+(?:my|his|her|their)\s+)?|"
    rf"\b[mf]\s*/\s*|^\W*)$", re.I)
_DECADE_OF_TIME = re.compile(r"\b(?:the|since|in|from|until|till|by|during|of|through|into|to)\s*$", re.I)
_MINOR_WORDS = (
    # "my teen has sciatica", "I'm a teenager" (but not "since I was a teenager")
    re.compile(r"\b(?:teenager|teen)\b(?!\s+years)", re.I),
    # "I'm a minor", "she's still a minor" (not "a minor injury")
    re.compile(rf"(?:\b(?:am|is|are)|{_A}(?:m|s|re))\s+(?:still\s+)?(?:a\s+)?minor\b", re.I),
    # "I'm in high school", "he's in grade 10", "she is in 9th grade", "I'm a high schooler"
    re.compile(
        rf"(?:\b(?:am|is|are)|{_A}(?:m|s|re))\s+(?:still\s+)?(?:(?:in|at)\s+(?:high\s+school|junior\s+high|"
        r"middle\s+school|grade\s+\d{1,2}|\d{1,2}(?:st|nd|rd|th)\s+grade)|a\s+(?:high|middle)\s+school(?:er|\s+student)"
        r"|a\s+junior\s+high\s+student)\b", re.I),
)

# Just before an age, a time or condition makes it no current age: "when I'm 60", "when I was 16 years old".
_NOT_NOW = re.compile(r"\b(?:at|since|from|until|till|by|before|after|when|if|once|was|were)\s+$", re.I)
# ... and before a bare number or "age": "at age 12", "over the age 65", "the 15 year old".
_NOT_NOW_NUMBER = re.compile(
    r"\b(?:at|since|from|until|till|by|before|after|when|if|once|was|were|the|of|around|over|under)\s+"
    r"(?:the\s+)?$", re.I)
_PAST_CLAUSE = re.compile(r"\b(?:was|were|as|since|when|during|back\s+in|in\s+my|in\s+his|in\s+her)\b[^.,;!?]*$",
                          re.I)
# "I'm 45", "my son is 15", "it's 10 years old": the copula and its subject just before the age.
_COPULA = re.compile(
    rf"(?:\b(?P<self>i{_A}?m|i\s+am)|\b(?P<subject>[a-z]+)(?:\s+(?:is|are)|{_A}s|{_A}re))\s+"
    r"(?:(?:only|just|about|around|almost|nearly|now|still)\s+)?(?:an?\s+)?$", re.I)
# Somebody else's child, or a thing: "lifting my 4 year old", "I have a 5 year old".
_SOMEONE_ELSE = re.compile(
    r"\b(?:have|has|had|having|got|lift\w*|carr(?:y|ies|ying|ied)|pick\w*\s+up|hold\w*|held|chas\w*|"
    r"play\w*\s+with|after|of|with)\s+(?:a|an|my|our|his|her|the|two|three)\s+$", re.I)
_NEXT_WORD = re.compile(r"\s*([a-z]+(?:['’]t)?)", re.I)
_CLAUSE_END = re.compile(r"\s*(?:$|[,;!?)\]…]|\.(?!\d)|:(?!\d)|-\s)")
_UNIT_AFTER = re.compile(
    r"\s*-?\s*(?:(?:years?|yrs?)\.?\s*-?\s*(?:old\b|of\s+age\b|young\b)|y\s*/\s*o(?![a-z])|y\.\s*o\.?|yo(?![a-z]))",
    re.I)
_GENDER_LETTER_AFTER = re.compile(r"[mf](?![\w'’/])", re.I)
_PROFILE_LEAD = re.compile(rf"(?:\b(?:i{_A}?m|i\s+am|me)|^\W*(?:hi|hello|hey|hiya)\b)[\s,:!.-]*$", re.I)
_OPEN_BRACKET_BEFORE = re.compile(r"[(\[]\s*$")
_BLANK = re.compile(r"\s*")
# How far back the words before an age are read ("when I was", "lifting my"). Each look back is
# bounded, so a long message costs time in proportion to its length, not to its length squared.
LOOKBEHIND_CHARS = 200


def _ends_at(pattern: re.Pattern, text: str, position: int) -> re.Match | None:
    """`pattern` (anchored with $) found ending at `position`, within LOOKBEHIND_CHARS before it.

    Searching text[:position] would copy and scan the whole text before every age-like number;
    pos/endpos read only the window, and ^ still means the start of the message.
    """
    return pattern.search(text, max(0, position - LOOKBEHIND_CHARS), position)


@dataclass(frozen=True)
class AgeMention:
    minor: bool  # under 18
    start: int
    end: int


def age_mentions(text: str) -> List[AgeMention]:
    """Every statement of the patient's (or their child's) current age, in text order."""
    text = text or ""
    found = (_lead_in_ages(text) + _unit_ages(text) + _gender_ages(text) + _decade_ages(text)
             + _minor_word_ages(text))
    return sorted(found, key=lambda mention: (mention.start, mention.end))


def _numeric(age: int, start: int, end: int) -> List[AgeMention]:
    return [AgeMention(age < ADULT_AGE, start, end)] if _MIN_AGE <= age <= _MAX_AGE else []


def _follower_is(text: str, position: int, allowed: frozenset) -> bool:
    """The text after an age (from `position`) ends the clause or goes on with one of the allowed words."""
    if _CLAUSE_END.match(text, position):
        return True
    word = _NEXT_WORD.match(text, position)
    return bool(word) and word.group(1).lower() in allowed


def _lead_in_ages(text: str) -> List[AgeMention]:
    found = []
    for match in _LEAD_IN.finditer(text):
        is_age_word = match.group("lead").lower().startswith(("age", "my age"))
        if _ends_at(_NOT_NOW_NUMBER if is_age_word else _NOT_NOW, text, match.start()):
            continue
        unit = _UNIT_AFTER.match(text, match.end())
        end = unit.end() if unit else match.end()
        if not unit and not _GENDER_LETTER_AFTER.match(text, match.end()) \
                and not _follower_is(text, match.end(), _CONNECTORS | _PEOPLE):
            continue  # "I'm 10 years into this", "I'm 20 weeks along", "I'm 5'4", "I'm 45 minutes away"
        age, hedge = int(match.group("n")), match.group("hedge").strip().lower()
        if hedge in ("almost", "nearly"):
            age -= 1  # "nearly 18" is 17
        if hedge == "over":
            if age >= ADULT_AGE - 1:
                found.append(AgeMention(False, match.start(), end))
            continue
        if hedge == "under":
            if age <= ADULT_AGE:
                found.append(AgeMention(True, match.start(), end))
            continue
        found += _numeric(age, match.start(), end)
    return found


def _unit_ages(text: str) -> List[AgeMention]:
    found = []
    for match in _WITH_UNIT.finditer(text):
        copula = _ends_at(_COPULA, text, match.start())
        if copula:
            if not copula.group("self") and copula.group("subject").lower() not in _PERSON_SUBJECTS:
                continue  # "my mattress is 15 years old", "it's a 2 year old injury"
            if _ends_at(_NOT_NOW, text, copula.start()):
                continue  # "when I'm 60 years old"
            found += _numeric(int(match.group("n")), match.start(), match.end())
            continue
        if _ends_at(_NOT_NOW_NUMBER, text, match.start()) or _ends_at(_SOMEONE_ELSE, text, match.start()):
            continue  # "when I was 16 years old", "lifting my 4 year old"
        # "a 2 year old injury" is the injury's age; "my 15 year old son" and "45 yo here" are people's.
        if match.group("singular") and not _follower_is(text, match.end(), _CONNECTORS | _PEOPLE | _NOUN_USE_VERBS):
            continue
        found += _numeric(int(match.group("n")), match.start(), match.end())
    return found


def _gender_ages(text: str) -> List[AgeMention]:
    found = []
    for match in _GENDER_AFTER.finditer(text):
        after_bracket = _ends_at(_OPEN_BRACKET_BEFORE, text, match.start())
        in_profile = (_BLANK.fullmatch(text, 0, match.start()) or after_bracket
                      or _ends_at(_PROFILE_LEAD, text, match.start()))
        if match.group("space") and not after_bracket:
            continue  # "50 m" is a distance unless it is written "(50 M)"
        if in_profile and _follower_is(text, match.end(), _CONNECTORS | _PEOPLE):
            found += _numeric(int(match.group("n")), match.start(), match.end())
    for match in _GENDER_SLASH.finditer(text):
        found += _numeric(int(match.group("a") or match.group("b")), match.start(), match.end())
    return found


def _decade_ages(text: str) -> List[AgeMention]:
    found = []
    for match in _DECADE.finditer(text):
        owned = _ends_at(_DECADE_OWNER, text, match.start())
        if not owned and not (match.group("mod") and not _ends_at(_DECADE_OF_TIME, text, match.start())):
            continue  # "back in the 80s", "since the late 90s"
        decade = int(match.group("digits")) if match.group("digits") else _DECADE_WORDS[match.group("word").lower()]
        start = owned.start() if owned and owned.group(0).strip() else match.start()
        if decade >= 20:
            found.append(AgeMention(False, start, match.end()))
        elif (match.group("mod") or "").lower() in ("early", "mid"):
            found.append(AgeMention(True, start, match.end()))  # early or mid teens; late teens may be 18 or 19
    return found


def _minor_word_ages(text: str) -> List[AgeMention]:
    found = []
    for pattern in _MINOR_WORDS:
        for match in pattern.finditer(text):
            if pattern is _MINOR_WORDS[0] and _ends_at(_PAST_CLAUSE, text, match.start()):
                continue  # "since I was a teenager", "as a teen"
            if pattern is _MINOR_WORDS[1] and not _follower_is(text, match.end(), _CONNECTORS):
                continue  # "it's a minor injury"
            found.append(AgeMention(True, match.start(), match.end()))
    return found
