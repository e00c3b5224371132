"""Two Rasa servers behind nginx share conversations through PostgreSQL and Redis."""
import subprocess
import threading
import uuid

import pytest
import redis

from clinic.checklist import ITEM_IDS
from server.lock_store import AtomicRedisLockStore, ClinicLockStore
from tests.e2e.conftest import PROJECT_ROOT
from tests.scale.conftest import Patient, wait_for

pytestmark = pytest.mark.scale

QUESTIONS_AND_ANSWERS = [
    ("how long does a session usually take?", "20 to 30 minutes"),
    ("is it the same thing as acupuncture", "Chinese medicine"),
    ("whats sciatica", "sciatic nerve"),
    ("who actually does the needling at your clinic", "College of Physiotherapists of Alberta"),
    ("does it hurt", "prick"),
]


def new_patient(cluster) -> Patient:
    return Patient(cluster, f"scale-{uuid.uuid4().hex[:12]}")


def alternates(servers) -> bool:
    return all(first != second for first, second in zip(servers, servers[1:], strict=False))


def test_a_half_filled_checklist_continues_when_the_next_message_reaches_the_other_server(cluster):
    patient = new_patient(cluster)
    assert "OK to start?" in patient.reply_text("can I have dry needling for my sciatica?")
    assert "pregnant" in patient.reply_text("yes")
    asked, replies = [], []
    for turn in range(len(ITEM_IDS) + 1):
        requested = patient.tracker(server=turn % 2)["slots"]["requested_slot"]  # read from either server
        if not requested:
            break
        asked.append(requested)
        replies.append(patient.reply_text("no"))
    # every question once and in order, though each answer went to the other server than the one before
    assert asked == list(ITEM_IDS)
    assert "request an appointment" in replies[-1]
    assert patient.tracker(server=1)["slots"]["screening_outcome"] == "clear"
    assert set(patient.served_by) == cluster["rasa_addresses"] and alternates(patient.served_by)


def test_messages_sent_at_once_to_one_conversation_are_answered_one_at_a_time_in_order(cluster):
    patient = new_patient(cluster)
    patient.says("hi")
    locks = ClinicLockStore()  # what the servers build from the same LOCK_STORE_URL
    assert isinstance(locks, AtomicRedisLockStore)
    # Hold the conversation as a third server busy with it would, so every message below is
    # waiting, ticket drawn, before any is processed; then let go.
    held = locks.issue_ticket(patient.sender)
    responses = {}
    threads = []
    for index, (question, _) in enumerate(QUESTIONS_AND_ANSWERS):
        thread = threading.Thread(target=lambda i=index, q=question: responses.__setitem__(i, patient.says(q)))
        thread.start()
        threads.append(thread)
        wait_for(lambda i=index: locks.get_lock(patient.sender).last_issued == held + 1 + i)
    locks.cleanup(patient.sender, held)
    for thread in threads:
        thread.join(timeout=120)

    assert set(patient.served_by) == cluster["rasa_addresses"]  # both servers took messages
    for index, (_, answer) in enumerate(QUESTIONS_AND_ANSWERS):
        assert answer in " ".join(message.get("text", "") for message in responses[index])
    # The stored conversation: each question, its answer, back to listening, then the next question.
    events = patient.tracker()["events"]
    user_turns = [i for i, event in enumerate(events) if event["event"] == "user"]
    assert [events[i]["text"] for i in user_turns] == ["hi"] + [q for q, _ in QUESTIONS_AND_ANSWERS]
    for turn, (start, end) in enumerate(zip(user_turns[1:], user_turns[2:] + [len(events)], strict=True)):
        turn_events = events[start:end]
        bot_text = " ".join(event.get("text") or "" for event in turn_events if event["event"] == "bot")
        assert QUESTIONS_AND_ANSWERS[turn][1] in bot_text
        actions = [event["name"] for event in turn_events if event["event"] == "action"]
        assert actions[-1] == "action_listen"
    assert locks.get_lock(patient.sender) is None  # nothing left waiting


def test_with_redis_down_both_servers_still_give_the_emergency_advice(cluster, shared_stores):
    """Last in this file: it stops the test's own Redis (scripts/scale_services.sh) and starts it again."""
    locks = ClinicLockStore()
    try:
        locks.red.shutdown(nosave=True)
        with pytest.raises(redis.exceptions.ConnectionError):
            locks.red.ping()
        patient = new_patient(cluster)
        for _ in cluster["rasa"]:
            text = patient.reply_text("I can't feel anything in my groin and I can't pee properly since this morning")
            assert "emergency department" in text and "911" in text
        assert set(patient.served_by) == cluster["rasa_addresses"]
    finally:
        subprocess.run([str(PROJECT_ROOT / "scripts" / "scale_services.sh"), "start"], check=True)
    assert locks.red.ping()
