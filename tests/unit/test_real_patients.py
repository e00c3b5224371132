"""scripts/real_patients.py: what counts as answered, the scores, and the real patients' set itself.

The messages of tests/nlu_real/ are read only through load_messages and never printed: the
assertions on them report counts, kinds and intent names only.
"""
import sys
from collections import Counter
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import real_patients  # noqa: E402
from real_patients import EMERGENCY_INTENT, RealMessage, Scores, answered, load_messages, report, score  # noqa: E402

KNOWN_KINDS = {"emergency", "ordinary_story", "question"}


def message(*expected, kind="question", text="t"):
    return RealMessage(text=text, expected=tuple(expected), kind=kind, source="https://example.org/post")


# ---- answered() -----------------------------------------------------------------------------------

def test_an_emergency_is_answered_only_by_the_emergency_intent():
    emergency = message(EMERGENCY_INTENT, kind="emergency")
    assert answered(emergency, EMERGENCY_INTENT, []) is True
    assert answered(emergency, EMERGENCY_INTENT, ["ask_how_it_feels", "ask_session_length"]) is True
    assert answered(emergency, "ask_emergency_signs", []) is False
    assert answered(emergency, "report_red_flag", []) is False
    assert answered(emergency, "nlu_fallback", []) is False


def test_the_emergency_advice_for_a_question_is_a_miss():
    question = message("ask_how_it_feels")
    assert answered(question, EMERGENCY_INTENT, []) is False
    # even when the question was also found
    assert answered(question, EMERGENCY_INTENT, ["ask_how_it_feels", "ask_session_length"]) is False


def test_one_question():
    question = message("ask_how_it_feels")
    assert answered(question, "ask_how_it_feels", []) is True
    assert answered(question, "ask_session_length", []) is False


def test_one_question_found_among_several_answers_counts():
    question = message("ask_how_it_feels")
    assert answered(question, "ask_session_length", ["ask_session_length", "ask_how_it_feels"]) is True


def test_when_questions_are_listed_they_are_the_answers_not_the_intent():
    assert answered(message("ask_how_it_feels"), "ask_how_it_feels", ["ask_session_length", "ask_cost"]) is False


@pytest.mark.parametrize("questions", [
    ["ask_how_it_feels", "ask_session_length"],
    ["ask_session_length", "ask_how_it_feels"],
    ["ask_session_length", "ask_cost", "ask_how_it_feels"],
])
def test_several_questions_are_answered_in_any_order(questions):
    assert answered(message("ask_how_it_feels", "ask_session_length"), questions[0], questions) is True


@pytest.mark.parametrize("intent, questions", [
    ("ask_how_it_feels", ["ask_how_it_feels"]),
    ("ask_how_it_feels", []),
    ("ask_session_length", ["ask_session_length", "ask_cost"]),
])
def test_several_questions_need_every_one_answered(intent, questions):
    assert answered(message("ask_how_it_feels", "ask_session_length"), intent, questions) is False


def test_the_fallback_answers_nothing_but_an_expected_fallback():
    assert answered(message("ask_how_it_feels"), "nlu_fallback", []) is False
    assert answered(message("ask_how_it_feels", "ask_session_length"), "nlu_fallback", []) is False
    assert answered(message("nlu_fallback"), "nlu_fallback", []) is True
    assert answered(message(EMERGENCY_INTENT, kind="emergency"), "nlu_fallback", []) is False


# ---- score() --------------------------------------------------------------------------------------

MESSAGES = [
    message(EMERGENCY_INTENT, kind="emergency", text="e1"),
    message(EMERGENCY_INTENT, kind="emergency", text="e2"),
    message(EMERGENCY_INTENT, kind="emergency", text="e3"),
    message(EMERGENCY_INTENT, kind="emergency", text="e4"),
    message("ask_how_it_feels", kind="ordinary_story", text="s1"),
    message("ask_how_it_helps_sciatica", kind="ordinary_story", text="s2"),
    message("ask_session_length", kind="ordinary_story", text="s3"),
    message("ask_how_it_feels", kind="question", text="q1"),
    message("ask_how_it_feels", "ask_session_length", kind="question", text="q2"),
    message("ask_cost", kind="question", text="q3"),
]
PARSES = {
    "e1": (EMERGENCY_INTENT, []),
    "e2": (EMERGENCY_INTENT, []),
    "e3": (EMERGENCY_INTENT, []),
    "e4": ("ask_emergency_signs", []),  # missed emergency
    "s1": ("ask_how_it_feels", []),
    "s2": (EMERGENCY_INTENT, []),  # false alarm
    "s3": ("nlu_fallback", []),  # miss
    "q1": ("ask_how_it_feels", []),
    "q2": ("ask_session_length", ["ask_session_length", "ask_how_it_feels"]),
    "q3": (EMERGENCY_INTENT, []),  # a false alarm, but not on an ordinary story
}


def fake_parser(text):
    return PARSES[text]


def test_score_counts_exactly():
    scores = score(MESSAGES, fake_parser)
    assert (scores.total, scores.on_topic) == (10, 6)
    assert (scores.emergencies, scores.emergencies_recognised) == (4, 3)
    assert (scores.ordinary, scores.false_alarms) == (3, 1)
    assert scores.accuracy == pytest.approx(0.6)
    assert scores.recall == pytest.approx(0.75)
    assert scores.false_alarm_rate == pytest.approx(1 / 3)


def test_score_lists_the_misses_with_what_they_got():
    scores = score(MESSAGES, fake_parser)
    assert [(m.text, intent, questions) for m, intent, questions in scores.misses] == [
        ("e4", "ask_emergency_signs", []),
        ("s2", EMERGENCY_INTENT, []),
        ("s3", "nlu_fallback", []),
        ("q3", EMERGENCY_INTENT, []),
    ]
    assert scores.by_expected() == {EMERGENCY_INTENT: 1, "ask_how_it_helps_sciatica": 1, "ask_session_length": 1,
                                    "ask_cost": 1}


def test_by_expected_puts_the_most_missed_first():
    misses = [message("ask_cost"), message("ask_how_it_feels"), message("ask_how_it_feels")]
    scores = score(misses, lambda text: ("nlu_fallback", []))
    assert list(scores.by_expected().items()) == [("ask_how_it_feels", 2), ("ask_cost", 1)]


def test_score_of_nothing():
    scores = score([], fake_parser)
    assert (scores.total, scores.accuracy, scores.recall, scores.false_alarm_rate) == (0, 0.0, 1.0, 0.0)


def test_a_perfect_parser_scores_perfectly():
    def perfect(text):
        expected = next(m.expected for m in MESSAGES if m.text == text)
        return expected[0], list(expected) if len(expected) > 1 else []

    scores = score(MESSAGES, perfect)
    assert (scores.accuracy, scores.recall, scores.false_alarm_rate, scores.misses) == (1.0, 1.0, 0.0, [])


def test_report_shows_the_scores_and_the_misses():
    text = report(score(MESSAGES, fake_parser))
    assert "answered on topic      0.600 (6/10)" in text
    assert "emergency recall       0.750 (3/4)" in text
    assert "false alarms           0.333 (1/3 ordinary stories)" in text
    assert text.count("    want ") == 4
    assert "want ask_session_length" in text
    assert "q1" not in report(score(MESSAGES, fake_parser), show_misses=False)


@pytest.mark.parametrize("argv, exit_code", [
    ([], 0),
    (["--min-accuracy", "0.6"], 0),
    (["--min-accuracy", "0.61"], 1),
    (["--min-recall", "0.75"], 0),
    (["--min-recall", "0.8"], 1),
    (["--max-false-alarms", "0.34"], 0),
    (["--max-false-alarms", "0.3"], 1),
])
def test_main_fails_below_the_thresholds(monkeypatch, capsys, argv, exit_code):
    monkeypatch.setattr(real_patients, "load_messages", lambda directory: MESSAGES)
    monkeypatch.setattr(real_patients, "rasa_parser", lambda model: fake_parser)
    assert real_patients.main(argv) == exit_code
    assert ("FAILED" in capsys.readouterr().err) is bool(exit_code)


def test_main_reads_the_folder_it_is_given(monkeypatch, capsys, tmp_path):
    (tmp_path / "more.yml").write_text(
        'messages:\n  - text: "does it hurt?"\n    intent: ask_how_it_feels\n    kind: question\n'
        '    source: "https://example.org/q"\n', encoding="utf-8")
    monkeypatch.setattr(real_patients, "rasa_parser", lambda model: lambda text: ("ask_how_it_feels", []))
    assert real_patients.main(["--messages", str(tmp_path), "--min-accuracy", "1.0"]) == 0
    assert "real patients' messages: 1" in capsys.readouterr().out


# ---- the real patients' set (counts and labels only) ----------------------------------------------

@pytest.fixture(scope="module")
def real():
    return load_messages()


def domain_intents():
    return set(Domain.load(str(ROOT / "domain")).intents)


def test_there_are_enough_real_messages(real):
    assert len(real) >= 250
    assert all(isinstance(m, RealMessage) and m.text.strip() for m in real)


def test_every_real_message_names_its_source(real):
    bad = [i for i, m in enumerate(real) if not m.source.startswith(("http://", "https://"))]
    assert bad == []


def test_every_real_message_has_a_known_kind(real):
    assert set(Counter(m.kind for m in real)) - KNOWN_KINDS == set()


def test_there_are_enough_emergencies_and_ordinary_stories(real):
    kinds = Counter(m.kind for m in real)
    assert kinds["emergency"] >= 40
    assert kinds["ordinary_story"] >= 40


def test_every_expected_intent_is_in_the_domain(real):
    known = domain_intents() | {EMERGENCY_INTENT}
    assert {intent for m in real for intent in m.expected} - known == set()
    assert all(m.expected for m in real)


def test_emergency_kind_and_emergency_answer_go_together(real):
    mismatched = [i for i, m in enumerate(real)
                  if (m.kind == "emergency") != (m.expected == (EMERGENCY_INTENT,))]
    assert mismatched == []


def test_scores_is_a_plain_record():
    assert Scores().accuracy == 0.0 and Scores().recall == 1.0 and Scores().false_alarm_rate == 0.0
