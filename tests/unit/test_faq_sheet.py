"""clinic/faq_sheet.py: the front desk's sheet carries every answer of the domain, word for word."""
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from clinic.faq_sheet import MissingAnswerError, answer_text, load_responses, render_html
from clinic.settings import load_settings, parse_settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
DOMAIN = PROJECT_ROOT / "domain"
# what tests/unit/fixtures/clinic_with_fees.yml says, written out here (not computed by the code under test)
WITH_FEES = {
    "clinic_name": "Test Physio", "clinic_phone": "403-555-0100", "clinic_address": "1 Test Street, Calgary, AB",
    "booking_link": "https://example.com/book", "emergency_number": "911", "clinic_email": "desk@example.com",
    "hours_lines": "Mon-Sun: 00:00-23:59", "fee_lines": "Initial assessment: $95\nDry needling session: $70",
    "insurance_note": "", "referral_note": "",
}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("style", "title")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("style", "title")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def normalized(text):
    return re.sub(r"\s+", " ", text.replace("\u2022", " ")).strip()


def visible_text(page):
    parser = _VisibleText()
    parser.feed(page)
    return normalized(" ".join(parser.parts))


def domain_responses():
    responses = {}
    for path in DOMAIN.glob("*.yml"):
        responses.update((yaml.safe_load(path.read_text()) or {}).get("responses") or {})
    return responses


def question_intents():
    """The intents data/rules/questions.yml answers: each rule's own question, and the list of the
    rule that sends several questions (or one needing code) to action_answer_question."""
    rules = yaml.safe_load((PROJECT_ROOT / "data" / "rules" / "questions.yml").read_text())["rules"]
    intents = set()
    for rule in rules:
        first, then = rule["steps"][0], rule["steps"][1].get("action")
        for step in first.get("or", [first]):
            intent = step.get("intent")
            if then in (f"utter_{intent}", "action_answer_question"):
                intents.add(intent)
    return intents


def answers_a_patient_can_get(fees_known=True):
    """Every answer response of the domain: the FAQ answers, the clinic's, the emergency advice."""
    faq = set((yaml.safe_load((DOMAIN / "faq.yml").read_text()) or {})["responses"])
    per_question = {f"utter_{intent}" for intent in question_intents()} & set(domain_responses())
    cost = {"utter_cost_known" if fees_known else "utter_cost_unknown"}
    return faq | per_question | cost | {"utter_human_handoff", "utter_emergency_advice", "utter_see_doctor_advice"}


@pytest.fixture(scope="module")
def sheet():
    settings = load_settings(str(FIXTURES / "clinic_with_fees.yml"))
    return render_html(load_responses(DOMAIN), settings, date(2026, 1, 15))


def test_every_answer_in_the_domain_is_on_the_sheet_word_for_word(sheet):
    page = visible_text(sheet)
    responses = domain_responses()
    expected = answers_a_patient_can_get()
    assert len(expected) >= 28  # the 24 FAQ answers and the clinic's, at least
    missing = [name for name in sorted(expected)
               if normalized(responses[name][0]["text"].format(**WITH_FEES)) not in page]
    assert missing == []


def test_every_question_the_rules_answer_is_on_the_sheet(sheet):
    page = visible_text(sheet)
    responses = domain_responses()
    for intent in question_intents() - {"ask_cost_insurance"}:
        assert normalized(responses[f"utter_{intent}"][0]["text"].format(**WITH_FEES)) in page, intent


def test_the_clinic_details_are_filled_in(sheet):
    page = visible_text(sheet)
    assert "{" not in page and "}" not in page
    assert "Initial assessment: $95 Dry needling session: $70" in page
    assert "Front desk 403-555-0100" in page and "Generated 2026-01-15" in page
    assert "call 911 or go to the nearest emergency department" in page


def test_without_fees_the_sheet_says_what_the_assistant_says_then():
    settings = load_settings(str(FIXTURES / "clinic_closed_no_fees.yml"))
    page = visible_text(render_html(load_responses(DOMAIN), settings, date(2026, 1, 15)))
    assert "Fees depend on the visit type, so the front desk can give you today's prices" in page
    assert "Initial assessment:" not in page
    assert "Mon-Sun: closed" in page


def test_topics_group_the_questions_in_order(sheet):
    headings = re.findall(r"<h2>(.*?)</h2>", sheet)
    assert headings == ["First: emergency signs", "Dry needling", "Sciatica", "The session",
                        "Risks and who should avoid it", "The clinic"]


def test_text_is_escaped_never_markup():
    raw = yaml.safe_load((FIXTURES / "clinic_with_fees.yml").read_text())
    settings = parse_settings({**raw, "name": "<script>alert(1)</script> Physio"})
    page = render_html({"utter_ask_what_is_dry_needling": "Hi from {clinic_name}"} | load_responses(DOMAIN),
                       settings, date(2026, 1, 15))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Physio" in page


def test_a_response_missing_from_the_domain_is_an_error():
    with pytest.raises(MissingAnswerError, match="utter_not_there"):
        answer_text("utter_not_there", {}, load_settings(str(FIXTURES / "clinic_with_fees.yml")))


def test_a_response_with_a_variation_for_a_relative_shows_its_default_wording(tmp_path):
    (tmp_path / "screening.yml").write_text(
        'responses:\n'
        '  utter_ask_screening_form_pregnancy:\n'
        '    - condition: [{type: slot, name: treated_person, value: someone_else}]\n'
        '      text: "Are they pregnant, or could they be?"\n'
        '    - text: "Are you pregnant, or could you be?"\n')
    assert load_responses(tmp_path) == {"utter_ask_screening_form_pregnancy": "Are you pregnant, or could you be?"}
