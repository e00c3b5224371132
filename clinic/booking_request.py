"""What a booking or callback request contains, and how it is shown before sending.

The payload carries the screening outcome (its tier: clear, tell physio, ask physio, stop) and
the visit type that follows from it. Only when the patient agreed to share their checklist
answers does it also carry the items behind the outcome ("pregnancy or a possible pregnancy")
and the answers themselves: the share question promises "If not, I'll only send the result".
"""
from __future__ import annotations

import re
from typing import Mapping

from clinic.checklist import ITEM_IDS, ITEMS_BY_ID, Outcome, ScreeningResult, screening_result
from clinic.contact import format_phone

BOOKING, CALLBACK = "booking", "callback"
VISIT_TYPES = {
    Outcome.CLEAR: "dry needling",
    Outcome.TELL_PHYSIO: "dry needling",
    Outcome.ASK_PHYSIO: "assessment (the physiotherapist decides about dry needling)",
    Outcome.STOP: "physiotherapy without needling",
}
# Words that say which detail a patient wants to correct ("my number is wrong").
FIELD_WORDS = {
    "contact": re.compile(r"\b(phone|number|cell|mobile|e-?mail|contact|#)", re.I),
    "name": re.compile(r"\bname\b|spell", re.I),
    "time": re.compile(r"\b(time|day|days|when|morning|afternoon|evening|weekend|weekday|date)", re.I),
}


def build_payload(
    kind: str,
    name: str,
    contact: str,
    preferred_time: str,
    answers: Mapping[str, str | None] | None = None,
    share_health_answers: bool = False,
) -> dict:
    """The request as the clinic receives it. `answers` are the checklist slots, if screened."""
    payload = {"kind": kind, "name": name, "contact": contact, "preferred_time": preferred_time}
    if answers is not None and any(answers.get(item_id) for item_id in ITEM_IDS):
        result: ScreeningResult = screening_result(answers)
        payload["visit_type"] = VISIT_TYPES[result.outcome]
        payload["screening_outcome"] = result.outcome.value
        payload["share_health_answers"] = bool(share_health_answers)
        if share_health_answers:
            # the items behind the outcome, then any "tell the physio" items, each once
            payload["screening_items"] = list(dict.fromkeys(item.label for item in result.reasons + result.to_mention))
            payload["health_answers"] = {
                ITEMS_BY_ID[item_id].label: answer for item_id, answer in answers.items()
                if item_id in ITEMS_BY_ID and answer
            }
    return payload


def summary(payload: Mapping) -> str:
    """The lines shown to the patient before "Shall I send it?": exactly what is sent."""
    lines = [
        f"• Name: {payload['name']}",
        f"• Contact: {format_phone(payload['contact'])}",
        f"• {'Best time to call' if payload['kind'] == CALLBACK else 'Preferred times'}: {payload['preferred_time']}",
    ]
    if "visit_type" in payload:
        lines.append(f"• Visit: {payload['visit_type']}")
        items = payload.get("screening_items") or []
        lines.append(f"• Checklist result: {payload['screening_outcome'].replace('_', ' ')}"
                     + (f", because of {'; '.join(items)}" if items else ""))
        lines.append("• Checklist answers: " + ("included" if payload.get("share_health_answers") else "not included"))
    return "\n".join(lines)


def field_in_text(text: str) -> str | None:
    """Which detail ("name", "contact", "time") a correction message is about, if it says."""
    for field, pattern in FIELD_WORDS.items():
        if pattern.search(text or ""):
            return field
    return None
