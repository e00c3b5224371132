"""Whether a message asks outright to be called back ("can someone call me back?").

Someone who asks for a person gets the front desk's phone and hours, then the offer of a call
back. Someone who has already asked for the call back should not be asked whether they want
one: their next message is their name, not "yes". "I'll call back later" is the patient
calling, so it is no request; neither is "please don't call me, e-mail is better".
"""
from __future__ import annotations

import re

_REQUEST = re.compile(
    r"\b(?:call|ring|phone)\s+(?:me|us|him|her|my\s+\w+)(?:\s+back)?\b"
    r"|\bcall\s*-?\s*backs?\b(?<!\bcall back)"  # the noun: "a callback", "a call-back"
    r"|\bgive\s+(?:me|us)\s+a\s+(?:call|ring|bell)\b"
    r"|\bget\s+back\s+to\s+(?:me|us)\b"
    r"|\b(?:contact|reach)\s+me\b",
    re.IGNORECASE,
)
# a negation in the few words before the request: "please don't call me", "no need to ring me"
_NEGATED = re.compile(r"\b(?:don'?t|do\s+not|doesn'?t|won'?t|never|not|no\s+need\s+to|rather\s+not)\s+(?:\w+\s+){0,2}$",
                      re.IGNORECASE)


def asks_for_callback(text: str | None) -> bool:
    text = text or ""
    return any(not _NEGATED.search(text[:match.start()]) for match in _REQUEST.finditer(text))
