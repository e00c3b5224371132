"""The front desk's FAQ sheet: every question the assistant answers, with the assistant's own answer.

The answers are read from the domain's response texts (domain/*.yml) and filled with the
clinic's details from clinic.yml, so staff on the phone say exactly what the assistant writes.
This module only decides the order, the topics and how a question is put on paper; a new
question intent must be added to TOPICS (tests/unit/test_faq_sheet.py fails until it is).
Plain Python, no Rasa import: `make faq-sheet` runs it (scripts/faq_sheet.py).
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from clinic.settings import ClinicSettings

# (topic, [(question as a caller asks it, the response that answers it)]), in the sheet's order.
# Responses composed from clinic.yml (fees, hours) are named by their intent: see `answer_text`.
TOPICS: List[Tuple[str, List[Tuple[str, str]]]] = [
    ("Dry needling", [
        ("What is dry needling?", "utter_ask_what_is_dry_needling"),
        ("Is it the same as acupuncture?", "utter_ask_dry_needling_vs_acupuncture"),
        ("The caller says \u201cacupuncture\u201d for any needling", "utter_acupuncture_note"),
        ("How does it help sciatica?", "utter_ask_how_it_helps_sciatica"),
        ("Is it safe? Does it work?", "utter_ask_safety_evidence"),
        ("Who does the needling?", "utter_ask_who_performs"),
    ]),
    ("Sciatica", [
        ("What is sciatica?", "utter_ask_what_is_sciatica"),
        ("What are the symptoms? Is my pain sciatica?", "utter_ask_sciatica_symptoms"),
        ("When is back or leg pain an emergency?", "utter_ask_emergency_signs"),
    ]),
    ("The session", [
        ("What happens at a session?", "utter_ask_session_steps"),
        ("How long does a session take?", "utter_ask_session_length"),
        ("Does it hurt? What does it feel like?", "utter_ask_how_it_feels"),
        ("What about afterwards? Soreness, aftercare", "utter_ask_aftercare"),
        ("How many sessions will I need?", "utter_ask_number_of_sessions"),
        ("Can I combine it with physio, chiro or massage?", "utter_ask_combined_therapies"),
        ("How do I keep the pain from coming back?", "utter_ask_long_term_care"),
        ("Should I have surgery, an injection or stronger pills?", "utter_ask_other_treatments"),
    ]),
    ("Risks and who should avoid it", [
        ("What are the side effects?", "utter_ask_side_effects"),
        ("Who should not have dry needling?", "utter_ask_who_should_avoid"),
        ("I'm pregnant (or trying, or breastfeeding)", "utter_ask_pregnancy"),
        ("I take blood thinners / I bruise easily", "utter_ask_blood_thinners"),
        ("I have a skin infection, rash or wound there", "utter_ask_skin_infection"),
        ("I'm scared of needles", "utter_ask_needle_fear"),
        ("I'm allergic to metal (nickel)", "utter_ask_metal_allergy"),
        ("I had a session and now something worries me", "utter_ask_after_session_concern"),
    ]),
    ("The clinic", [
        ("What does it cost? Does insurance cover it?", "ask_cost_insurance"),
        ("Where are you, and when are you open?", "utter_ask_location_hours"),
        ("Can I move or cancel a visit?", "utter_ask_change_appointment"),
        ("Can I talk to a person?", "utter_human_handoff"),
    ]),
]

# Said at once, before anything else, when a patient describes one of these signs.
URGENT: List[Tuple[str, str]] = [
    ("The caller describes an emergency sign (groin or saddle numbness, new bladder or bowel trouble, "
     "a leg or foot getting weaker)", "utter_emergency_advice"),
    ("The caller describes a see-a-doctor sign (fever, a fall, cancer history, unexplained weight loss, "
     "severe night pain)", "utter_see_doctor_advice"),
]


class MissingAnswerError(KeyError):
    """The sheet names a response that the domain does not have."""


@dataclass(frozen=True)
class Entry:
    question: str
    answer: str


def load_responses(domain_dir: Path) -> Dict[str, str]:
    """Each response's first text variation, from every file of the domain folder; the default
    one (without a condition) where a response has conditional ones for particular patients."""
    responses: Dict[str, str] = {}
    for path in sorted(Path(domain_dir).glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variations in (content.get("responses") or {}).items():
            texts = [v["text"] for v in variations or () if "text" in v and not v.get("condition")]
            if texts:
                responses[name] = texts[0]
    return responses


def template_values(settings: ClinicSettings) -> Dict[str, str]:
    """What the assistant fills into its answers: the clinic's details, hours, fees and notes."""
    return {
        **settings.template_values(),
        "hours_lines": settings.hours_lines(),
        "fee_lines": settings.fee_lines(),
        # the answers put these mid-sentence, each followed by a space when present
        "insurance_note": f"{settings.insurance_note} " if settings.insurance_note else "",
        "referral_note": f"{settings.referral_note} " if settings.referral_note else "",
    }


def answer_text(response: str, responses: Dict[str, str], settings: ClinicSettings) -> str:
    """The answer as the assistant gives it, with the clinic's details filled in."""
    if response == "ask_cost_insurance":  # as actions/answers.py: the fees when clinic.yml has them
        response = "utter_cost_known" if settings.fee_lines() else "utter_cost_unknown"
    if response not in responses:
        raise MissingAnswerError(f"the FAQ sheet names {response}, which no domain file defines")
    return responses[response].format_map(template_values(settings)).strip()


def sheet_entries(responses: Dict[str, str], settings: ClinicSettings) -> Dict[str, List[Entry]]:
    return {
        topic: [Entry(question, answer_text(response, responses, settings)) for question, response in questions]
        for topic, questions in [("Urgent", URGENT)] + TOPICS
    }


def _paragraphs(text: str) -> str:
    """Answer text as HTML: escaped, its line breaks kept, bullet lines as a list."""
    out: List[str] = []
    bullets: List[str] = []
    for line in text.split("\n"):
        if line.startswith("\u2022"):
            bullets.append(f"<li>{html.escape(line.lstrip(chr(0x2022)).strip())}</li>")
            continue
        if bullets:
            out.append(f"<ul>{''.join(bullets)}</ul>")
            bullets = []
        out.append(f"<p>{html.escape(line)}</p>")
    if bullets:
        out.append(f"<ul>{''.join(bullets)}</ul>")
    return "".join(out)


def render_html(responses: Dict[str, str], settings: ClinicSettings, generated_on: date) -> str:
    entries = sheet_entries(responses, settings)
    urgent = "".join(
        f'<div class="qa"><h3>{html.escape(e.question)}</h3>{_paragraphs(e.answer)}</div>' for e in entries["Urgent"]
    )
    topics = "".join(
        f'<section><h2>{html.escape(topic)}</h2>'
        + "".join(f'<div class="qa"><h3>{html.escape(e.question)}</h3>{_paragraphs(e.answer)}</div>' for e in items)
        + "</section>"
        for topic, items in entries.items() if topic != "Urgent"
    )
    name, phone = html.escape(settings.name), html.escape(settings.phone)
    hours = html.escape(settings.hours_lines()).replace("\n", " \u00b7 ")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{name}: dry needling questions and answers</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{name}: what patients ask about dry needling for sciatica</h1>
<p class="details">Front desk {phone} \u00b7 {html.escape(settings.address)} \u00b7 {hours}
 \u00b7 Book online {html.escape(settings.booking_link)} \u00b7 Emergency {html.escape(settings.emergency_number)}</p>
<p class="note">The chat assistant's own answers, word for word: say the same. General information, never a
diagnosis. Generated {generated_on.isoformat()} from the assistant's answers and clinic.yml
(<code>make faq-sheet</code>).</p>
</header>
<section class="urgent"><h2>First: emergency signs</h2>{urgent}</section>
<main>{topics}</main>
</body>
</html>
"""


STYLE = """
@page { size: letter; margin: 7mm; }
* { box-sizing: border-box; }
body { font: 6.7pt/1.17 "Liberation Sans", Arial, Helvetica, sans-serif; color: #000; margin: 0; }
h1 { font-size: 10.5pt; margin: 0 0 1pt; }
.details { margin: 0; font-weight: bold; }
.note { margin: 0 0 3pt; color: #333; }
h2 { font-size: 7.6pt; margin: 3pt 0 1.5pt; padding: 0.5pt 3pt; background: #dde7f0;
     -webkit-print-color-adjust: exact; print-color-adjust: exact; break-after: avoid; }
h3 { font-size: 6.7pt; margin: 0; }
p { margin: 0; }
ul { margin: 0; padding-left: 9pt; }
.qa { margin: 0 0 2.5pt; break-inside: avoid; }
.urgent { border: 1.2pt solid #b00; padding: 1pt 4pt 0; margin-bottom: 3pt; column-count: 2; column-gap: 10pt; }
.urgent h2 { background: none; color: #b00; padding: 0; margin-top: 1pt; column-span: all; }
main { column-count: 3; column-gap: 9pt; }
"""
