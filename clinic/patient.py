"""Who would be treated: the person writing, or someone they are asking for.

Relatives often write for a parent or a child ("my mum is 81, can she try dry needling?", "I'm asking
for my husband"). The checklist then asks about that person ("Are they pregnant?") instead of
"Are you pregnant?" to a son asking for his father.

Someone else: "for my mum", "my husband has sciatica", "my son wants to try it", "asking for a friend",
"on behalf of my dad", "can my wife book".
The writer: "it's for me", "for myself", "no, me", "now for me", "what about me?".
Neither (None): a relative who is only part of the writer's own story ("my wife drove me", "my husband
says I should try it", "my mum had it too and my sciatica..."), or no one named at all.
"""
from __future__ import annotations

import re
from typing import Tuple

SELF = "self"
SOMEONE_ELSE = "someone_else"

_A = "['’]"
_RELATIVE = (
    r"(?:mum|mom|mother|mam|mommy|mummy|dad|father|daddy|papa|wife|husband|hubby|partner|boyfriend|"
    r"girlfriend|fianc[eé]e?|son|daughter|kid|child|teenager|teen|boy|girl|brother|sister|grandma|"
    r"grandmother|grandpa|grandfather|granny|gran|nan|nana|grandson|granddaughter|aunt|auntie|uncle|"
    r"niece|nephew|friend|neighbou?r|colleague|in-law|mother-in-law|father-in-law|stepmum|stepmom|"
    r"stepdad|stepson|stepdaughter|client|patient|"
    # "can my 15 year old have it?": the age stands for the child
    r"\d+\s*-?\s*(?:year|yr)s?\s*-?\s*old)"
)
_AGE = r"\d+\s*-?\s*(?:year|yr)s?\s*-?\s*old\s+"
_OWNER = rf"(?:my|our)\s+(?:{_AGE}|\w+\s+)?"  # "my elderly mum", "our 15 year old son"
_ABOUT_THEM = (
    r"(?:has|have|had|is|was|suffers?|gets|keeps|needs|wants|would|could|can|cannot|can't|can’t|"
    r"should|might|may|struggles?|lives?|been|does|did|hurt|injured|takes|is\s+on)"
)
# Said outright: "asking for my husband", "on behalf of my dad", "book her in", "can my son ..."
_CLEARLY_SOMEONE_ELSE = re.compile(
    rf"\b(?:asking|enquiring|inquiring|writing|messaging|here)\s+(?:for|about|on\s+behalf\s+of)\s+"
    rf"(?:(?:a|my|our)\s+(?:\w+\s+)?)?(?:{_RELATIVE}|someone|somebody|relative)\b"
    rf"|\bon\s+behalf\s+of\s+(?:{_OWNER})?{_RELATIVE}\b"
    rf"|\bfor\s+(?:someone|somebody)\s+else\b|\bnot\s+for\s+me\b"
    rf"|\b(?:book|bring|take|get|sign)\s+(?:her|him|them)\s+(?:in|up|along)\b"
    rf"|\b(?:can|could|would|should|may|might|is|does)\s+{_OWNER}{_RELATIVE}\b",
    re.I,
)
# Told as their story or their need: "my husband has sciatica", "hi, my mum is 81", "for my dad"
# (not "my husband says I should", nor "I want to be well for my kids" from a writer in pain)
_STORY_OF_SOMEONE_ELSE = re.compile(
    rf"\b(?:for|book|booking|bring|bringing|help|helps|treat|treating|about)\s+{_OWNER}{_RELATIVE}s?\b|"
    rf"(?:^|[.!?,;]\s*|\b(?:and|but|so|hi|hello|hey)\s+){_OWNER}{_RELATIVE}(?:{_A}s)?\s+{_ABOUT_THEM}\b"
    r"(?!\s+(?:been\s+)?(?:telling|told|suggest\w*|recommend\w*|said|saying|nagging)\b)",
    re.I,
)
# The writer is the one with the pain or the one to be treated: a relative told of is then not the patient.
_WRITER_IS_PATIENT = re.compile(
    r"\b(?:my|i\s+have|i['’]ve\s+(?:got|had)|i\s+(?:get|suffer|am\s+having|had))\s+(?:\w+\s+)?"
    r"(?:sciatica|back|leg|legs|hip|buttock|bum|pain|nerve|disc|disk|symptoms)\b"
    r"|\b(?:hurts?|aches?)\s+me\b|\bi\s+(?:can['’]?t|cannot)\s+(?:walk|sit|sleep|stand|bend)\b"
    r"|\b(?:can|could|should|would|may)\s+i\s+(?:try|have|book|get|do|come|start)\b"
    r"|\bi\s+(?:want|would\s+like|['’]d\s+like|wanna)\s+to\s+(?:try|book|have|start)\b",
    re.I,
)
_FOR_THE_WRITER = re.compile(
    rf"\b(?:it|this|that)(?:{_A}s|\s+is|\s+would\s+be)\s+(?:just\s+)?for\s+me\b|\bfor\s+myself\b"
    r"|\bnow\s+(?:for\s+)?me\b|\bfor\s+me\s+(?:now|this\s+time)\b|\bwhat\s+about\s+me\b"
    r"|^\s*(?:no,?\s+)?(?:just\s+)?me(?:\s+myself)?\s*[.!]?\s*$",
    re.I,
)


# a man or a boy: the pregnancy question is not asked about him
_MALE = re.compile(
    r"\b(?:dad|father|daddy|papa|husband|hubby|boyfriend|fianc[eé](?!e)|son|boy|brother|grandpa|grandfather|"
    r"uncle|nephew|stepdad|stepson|father-in-law|him)\b", re.I)


def who_is_treated(text: str) -> Tuple[str | None, bool]:
    """(SELF, SOMEONE_ELSE or None, whether that someone else is a man or boy) from one reading."""
    if _FOR_THE_WRITER.search(text):
        return SELF, False
    match = _CLEARLY_SOMEONE_ELSE.search(text)
    if not match:
        match = _STORY_OF_SOMEONE_ELSE.search(text)
        if match and _WRITER_IS_PATIENT.search(text):
            match = None
    if not match:
        return None, False
    return SOMEONE_ELSE, bool(_MALE.search(match.group(0)))

