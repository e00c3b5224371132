"""What a patient types into the booking form: phone numbers, e-mail addresses and names.

Each check returns a clean value or None; `parse_contact` also says what the patient was
trying to type ("phone", "email" or "unknown") so the form can re-ask specifically.
Phone numbers are checked against Google's numbering-plan data (`phonenumbers`: "911-555-0123"
has no area code 911), e-mail syntax by `email-validator` (no DNS look-up: the assistant must
answer without the internet), and domain typos are matched by edit distance (`rapidfuzz`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, List, Tuple

import phonenumbers
import yaml
from email_validator import EmailNotValidError, validate_email
from rapidfuzz.distance import OSA

PHONE, EMAIL, UNKNOWN = "phone", "email", "unknown"

# Phones autofill non-breaking hyphens and typographic dashes; treat them as "-".
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
# Numbers without a country code are read as Canadian; only North-American numbers (country
# code 1) are kept, as the front desk calls them back, and never a premium-rate one.
PHONE_REGION = "CA"
_NORTH_AMERICA = 1
_UNCALLABLE = frozenset({phonenumbers.PhoneNumberType.PREMIUM_RATE})
_MAX_EXTENSION_DIGITS = 6
# Only digits the clinic's phones can dial: phonenumbers also reads Arabic-Indic and other digits.
_OTHER_DIGITS = re.compile(r"[^\x00-\x7f]")
_EMAIL_CANDIDATE = re.compile(r"[^\s@]+@[^\s@]+")
_EDGE_PUNCTUATION = "\"'<>()[]{},;:!?."

# Domains patients in Calgary actually use; a near miss of one of them is probably a typo.
KNOWN_DOMAINS = frozenset({
    "gmail.com", "hotmail.com", "hotmail.ca", "outlook.com", "live.com", "live.ca", "msn.com",
    "yahoo.com", "yahoo.ca", "icloud.com", "me.com", "aol.com", "protonmail.com", "proton.me",
    "shaw.ca", "telus.net", "rogers.com", "sympatico.ca",
})
# Real providers that look like a near miss of a known one: never "correct" these.
_REAL_LOOKALIKES = frozenset({"mail", "email", "ymail", "gmx", "mac"})
# Providers that hand out only .com addresses: "gmail.ca" is a slip, not a Canadian Gmail.
_DOTCOM_ONLY = frozenset({"gmail", "icloud", "outlook", "aol"})
_TLD_TYPOS = {"con": "com", "cmo": "com", "ocm": "com", "om": "com", "cm": "com", "comm": "com", "vom": "com",
              "xom": "com", "coom": "com", "c0m": "com", "co": "com", "nte": "net", "ner": "net", "met": "net"}

_QUESTION_WORDS = frozenset({"how", "what", "what's", "whats", "when", "where", "why", "which", "who", "whose",
                             "who's", "how's", "where's"})
NOT_NAMES_PATH = Path(__file__).parent / "lexicons" / "not_names.yml"
# "hi,", "ok,", "yes," before the name; "ok" and "yes" only with a comma, as "Ok" is also a surname.
_OPENER = re.compile(r"^(?:(?:hi|hello|hey|hiya)\b[\s,!.]*|(?:ok|okay|sure|yes|yeah|yep)\s*[,!.]+\s*)+", re.I)
_LEAD_IN = re.compile(
    r"^(?P<lead>(?:my|the)\s+name\s+is|my\s+name['’]?s|name['’]?s|name\s+is|name\s*:|(?P<self>i['’]m|i\s+am|(?-i:im))|"
    r"it['’]s|it\s+is|this\s+is|(?:you\s+can\s+)?call\s+me)(?:(?<=:)|\s)\s*",
    re.I,
)
_TRAILING_PLEASANTRY = re.compile(r"(?:[\s,]+(?:thanks|thank\s+you|here|please))+[\s.!]*$", re.I)
# A word of a name: letters joined by hyphens, apostrophes or dots ("Anne-Marie", "O'Neil", "Dr.", "J.").
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?$")
_WEB = re.compile(r"www\.|https?:|\.(?:com|ca|net|org|io)\b", re.I)
# Name particles do not count towards the words of a name: "Maria de los Angeles Garcia Lopez" has four.
_PARTICLES = frozenset({"de", "del", "della", "der", "den", "di", "da", "das", "dos", "du", "la", "le", "las", "los",
                        "van", "von", "ten", "ter", "bin", "binti", "ibn", "al", "el", "y", "e", "st", "st."})
_MAX_NAME_WORDS = 5  # not counting particles
_MAX_WORDS_WITH_PARTICLES = 7


@dataclass(frozen=True)
class NotNames:
    replies: FrozenSet[str]  # a reply made only of these is no name: "bye", "ok thanks"
    sentence_words: FrozenSet[str]  # one of these anywhere makes a sentence: "my back hurts"
    states: FrozenSet[str]  # "I'm <these>" is how the patient is: "I'm good", "im tired"


@lru_cache(maxsize=1)
def not_names(path: Path = NOT_NAMES_PATH) -> NotNames:
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return NotNames(*(frozenset(str(word).lower() for word in raw[key])
                      for key in ("replies", "sentence_words", "states")))


@dataclass(frozen=True)
class Contact:
    kind: str  # "phone" or "email"
    value: str  # "+14035550123", "+14035550123 ext. 12" or "jo.smith@gmail.com"


class InvalidContact(ValueError):
    """No usable contact in the text; `reason` ("phone", "email", "unknown") picks the re-ask."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _phone_matches(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, "+14035550123[ ext. 12]") of each valid North-American number in the text."""
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, PHONE_REGION, leniency=phonenumbers.Leniency.VALID):
        number = match.number
        if (number.country_code != _NORTH_AMERICA or phonenumbers.number_type(number) in _UNCALLABLE
                or _OTHER_DIGITS.search(match.raw_string)
                or len(number.extension or "") > _MAX_EXTENSION_DIGITS):
            continue
        value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        found.append((match.start, match.end, value + (f" ext. {number.extension}" if number.extension else "")))
    return found


def normalize_phone(text: str) -> str | None:
    """A North-American number as "+14035550123" (or "+14035550123 ext. 12"); None if it is not one."""
    text = (text or "").translate(_DASHES).strip()
    matches = _phone_matches(text)
    if len(matches) == 1 and matches[0][:2] == (0, len(text)):  # the whole text is the number
        return matches[0][2]
    return None


def format_phone(value: str) -> str:
    """"+14035550123 ext. 12" -> "403-555-0123 ext. 12", as the front desk dials it; other text unchanged."""
    match = re.fullmatch(r"\+1([0-9]{3})([0-9]{3})([0-9]{4})( ext\. [0-9]+)?", value or "")
    return f"{match[1]}-{match[2]}-{match[3]}{match[4] or ''}" if match else value


def normalize_email(text: str) -> str | None:
    """The address as email-validator normalises it (the domain lowercased), or None.

    No DNS look-up (check_deliverability=False). Quoted local parts and domain literals are refused,
    and the domain must end in letters, as a real top-level domain does.
    """
    text = (text or "").strip()
    if not text or len(text) > 254:
        return None
    try:
        # strict: also the 64-character limit before the "@"
        address = validate_email(text, check_deliverability=False, strict=True)
    except EmailNotValidError:
        return None
    top_level = address.ascii_domain.rsplit(".", 1)[-1]
    if not (top_level.isalpha() and len(top_level) >= 2 or top_level.startswith("xn--")):
        return None  # "jo@example.c", "jo@example.c0m": no top-level domain is like that
    return address.normalized


def _is_typo_of(typed: str, known: str) -> bool:
    """One slip in a short name, two in a long one; a swap of neighbours counts as one ("gmial")."""
    limit = 2 if len(known) > 6 else 1
    return OSA.distance(typed, known, score_cutoff=limit) <= limit


def _corrected_domain(domain: str) -> str | None:
    if domain in KNOWN_DOMAINS:
        return None
    squashed = {known.replace(".", ""): known for known in KNOWN_DOMAINS}
    if domain.replace(".", "") in squashed:  # "gmailcom", "gmail.c.om"
        return squashed[domain.replace(".", "")]
    if "." not in domain:
        return None
    provider, tld = domain.rsplit(".", 1)
    tld = _TLD_TYPOS.get(tld, tld)
    if provider not in _REAL_LOOKALIKES:
        known_providers = {known.rsplit(".", 1)[0] for known in KNOWN_DOMAINS}
        close = [known for known in known_providers if _is_typo_of(provider, known)]
        if len(close) == 1:
            provider = close[0]
    if provider in _DOTCOM_ONLY:
        tld = "com"
    candidate = f"{provider}.{tld}"
    return candidate if candidate in KNOWN_DOMAINS and candidate != domain else None


def looks_like_email_typo(text: str) -> str | None:
    """The address with a common domain typo fixed ("jo@gmial.com" -> "jo@gmail.com"), else None.

    Only suggests a well-known provider's domain, so a real "jo@smithlaw.co" is never "corrected".
    """
    candidates = _email_candidates((text or "").translate(_DASHES))
    if not candidates or candidates[0][2].count("@") != 1:
        return None
    local, domain = candidates[0][2].split("@")
    fixed = _corrected_domain(domain.lower().strip("."))
    return normalize_email(f"{local}@{fixed}") if local and fixed else None


def _email_candidates(text: str) -> List[Tuple[int, int, str]]:
    found = []
    for match in _EMAIL_CANDIDATE.finditer(text):
        raw = match.group(0)
        stripped = raw.strip(_EDGE_PUNCTUATION)
        if stripped.lower().startswith("mailto:"):
            stripped = stripped[len("mailto:"):]
        found.append((match.start(), match.end(), stripped))
    return found


# Only a phone number (any country, complete or not) or only an e-mail address, nothing around it.
_BARE_PHONE = re.compile(r"\+?[0-9][0-9\s().\-/]*(?:\s*(?:ext\.?|x|extension)\s*[0-9]{1,6})?", re.IGNORECASE)
_MIN_PHONE_DIGITS = 7  # "555-0199": an answer to "what number?", even when it lacks the area code


# "my number is 555-0199", "it's jo@shaw.ca", "email: jo@shaw.ca", "you can reach me at ..."
_CONTACT_LEAD_IN = re.compile(
    r"^(?:(?:my|our|the)\s+(?:(?:phone|mobile|cell|home|work|e-?mail)\s+)?(?:number|no\.?|#|phone|cell|mobile|"
    r"e-?mail|e-?mail\s+address|address)(?:\s+is)?|it'?s|it\s+is|here\s+it\s+is|you\s+can\s+reach\s+me\s+(?:at|on)|"
    r"reach\s+me\s+(?:at|on)|(?:phone|tel|cell|mobile|e-?mail)\s*:?)\s*:?\s*",
    re.IGNORECASE)


def is_bare_contact(text: str | None) -> bool:
    """Whether the message is a phone number or an e-mail address, with at most a lead-in
    ("my number is ...") and nothing else.

    Such a message answers "What's the best phone number or email?"; whatever intent the
    classifier finds in "555-0199" or "jo@shaw.ca" (a goodbye, a person, a correction) is noise.
    """
    text = (text or "").translate(_DASHES).strip().strip(_EDGE_PUNCTUATION)
    text = _CONTACT_LEAD_IN.sub("", text, count=1).strip()
    if _EMAIL_CANDIDATE.fullmatch(text):
        return True
    return bool(_BARE_PHONE.fullmatch(text)) and sum(char.isdigit() for char in text) >= _MIN_PHONE_DIGITS


def _looks_like_phone_attempt(text: str) -> bool:
    digits = sum(char.isdigit() for char in text)
    visible = sum(not char.isspace() for char in text)
    return digits >= 7 or (digits >= 3 and digits * 2 >= visible)


def parse_contact(text: str) -> Contact:
    """The first phone number or e-mail address in the text, normalised.

    Raises InvalidContact("email") when the text has an "@" but no valid address,
    InvalidContact("phone") when it is mostly digits but no valid number, else InvalidContact("unknown").
    """
    text = (text or "").translate(_DASHES).strip()
    found: List[Tuple[int, Contact]] = []
    emails = _email_candidates(text)
    for start, _end, candidate in emails:
        value = normalize_email(candidate)
        if value:
            found.append((start, Contact(EMAIL, value)))
    # blank out addresses so digits in "jo4035550123@x.ca" are not read as a phone number
    without_emails = text
    for start, end, _candidate in emails:
        without_emails = without_emails[:start] + " " * (end - start) + without_emails[end:]
    for start, _end, value in _phone_matches(without_emails):
        found.append((start, Contact(PHONE, value)))
    if found:
        return min(found, key=lambda pair: pair[0])[1]
    if "@" in text:
        raise InvalidContact(EMAIL)
    if _looks_like_phone_attempt(text):
        raise InvalidContact(PHONE)
    raise InvalidContact(UNKNOWN)


def _is_question(text: str) -> bool:
    words = text.lower().split()
    return "?" in text or bool(words) and words[0].strip(",") in _QUESTION_WORDS


def _word_key(word: str) -> str:
    return word.lower().replace("’", "'").strip(".,!;:")


def clean_name(text: str) -> str | None:
    """A plausible person's name from "I'm Jo Smith", "my name is jo smith" or "Dr. Anne-Marie O'Neil".

    None for a reply that is not a name: a greeting, goodbye, thanks, yes / no or "stop"; a sentence
    ("my back hurts", "I'm pregnant btw"); a question; more than five words (name particles such as
    "de" or "van" aside); digits, an e-mail address or a web address.
    All-lower or all-upper input is title-cased; other capitalisation is the patient's own and kept.
    """
    text = unicodedata.normalize("NFC", " ".join((text or "").split()))
    if not text or "@" in text or any(char.isdigit() for char in text) or _WEB.search(text) or _is_question(text):
        return None
    lexicon = not_names()
    if all(_word_key(word) in lexicon.replies for word in text.split()):
        return None  # "bye", "ok thanks", "hi there", "no"
    name = _OPENER.sub("", text, count=1)
    lead = _LEAD_IN.match(name)
    name = name[lead.end():] if lead else name
    name = _TRAILING_PLEASANTRY.sub("", name).strip(" .,!;:")
    words = name.split()
    keys = [_word_key(word) for word in words]
    if not words or all(key in lexicon.replies for key in keys) or any(key in lexicon.sentence_words for key in keys):
        return None
    if lead and lead.group("self") and all(key in lexicon.states for key in keys):
        return None  # "I'm good", "im tired", "I'm ready"
    core = [key for key in keys if key not in _PARTICLES]
    if not core or len(core) > _MAX_NAME_WORDS or len(words) > _MAX_WORDS_WITH_PARTICLES:
        return None
    if not all(_NAME_WORD.match(word) for word in words) or sum(char.isalpha() for char in name) < 2:
        return None
    if name == name.lower() or name == name.upper():
        name = re.sub(r"[^\W\d_]+", lambda match: match.group(0).capitalize(), name.lower())
    return name
