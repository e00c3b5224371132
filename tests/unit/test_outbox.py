"""The booking outbox (clinic/outbox.py) on a real SQLite file in tmp_path."""
import sqlite3
import threading
from contextlib import closing
from datetime import datetime, timedelta, timezone

import pytest

from clinic.outbox import (
    REFERENCE_ALPHABET,
    Outbox,
    default_outbox_path,
    normalize_reference,
    visible_payload,
)
from clinic.settings import PROJECT_ROOT

T0 = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)
PAYLOAD = {"name": "Jo Smith", "contact": "+14035550123", "preferred_time": "weekday mornings"}


@pytest.fixture
def outbox(tmp_path):
    return Outbox(tmp_path / "var" / "outbox.db")


def test_add_creates_folder_and_returns_a_pending_entry(outbox):
    assert not outbox.path.exists()  # nothing is touched before first use
    entry = outbox.add("booking", PAYLOAD, now=T0)
    assert outbox.path.exists()
    assert entry.status == "pending" and entry.attempts == 0 and entry.last_error is None
    assert entry.reference.startswith("DN-") and len(entry.reference) == 9
    assert set(entry.reference[3:]) <= set(REFERENCE_ALPHABET)
    assert len(entry.idempotency_key) == 32 and int(entry.idempotency_key, 16) >= 0
    assert entry.created_at == entry.next_attempt_at == "2026-11-23T15:00:00.000000+00:00"
    assert entry.delivered_at is None
    assert outbox.get(entry.reference) == entry


def test_reference_alphabet_has_no_lookalikes():
    assert not set("0O1IL") & set(REFERENCE_ALPHABET)


def test_get_accepts_what_the_front_desk_types(outbox):
    entry = outbox.add("callback", PAYLOAD)
    code = entry.reference[3:]
    for typed in (entry.reference, entry.reference.lower(), f"dn {code.lower()}", code):
        assert normalize_reference(typed) == entry.reference
        assert outbox.get(typed) == entry
    assert outbox.get("DN-ZZZZZZ") is None


def test_list_is_newest_first_and_limited(outbox):
    references = [outbox.add("booking", {"n": i}, now=T0 + timedelta(minutes=i)).reference for i in range(5)]
    assert [entry.reference for entry in outbox.list()] == references[::-1]
    assert [entry.reference for entry in outbox.list(limit=2)] == references[:-3:-1]


def test_list_keeps_insertion_order_within_the_same_instant(outbox):
    references = [outbox.add("booking", {"n": i}, now=T0).reference for i in range(3)]
    assert [entry.reference for entry in outbox.list()] == references[::-1]


def test_payload_round_trips_with_quotes_and_unicode(outbox):
    payload = {"name": "Robert'); DROP TABLE outbox;--", "note": "Ana García ✓", "items": ["a", "b"]}
    entry = outbox.add("booking", payload)
    assert outbox.get(entry.reference).payload == payload
    assert outbox.count() == 1


def test_due_respects_next_attempt_at(outbox):
    first = outbox.add("booking", PAYLOAD, now=T0)
    later = outbox.add("booking", PAYLOAD, now=T0 + timedelta(minutes=5))
    assert [entry.reference for entry in outbox.due(now=T0 - timedelta(seconds=1))] == []
    assert [entry.reference for entry in outbox.due(now=T0)] == [first.reference]
    assert [entry.reference for entry in outbox.due(now=T0 + timedelta(hours=1))] == [first.reference, later.reference]

    assert outbox.claim(first.reference, now=T0)
    assert outbox.schedule_retry(first.reference, "DeliveryTimeout", T0 + timedelta(seconds=30), now=T0)
    failed = outbox.get(first.reference)
    assert failed.status == "pending" and failed.attempts == 1 and failed.last_error == "DeliveryTimeout"
    assert failed.last_attempt_at == "2026-11-23T15:00:00.000000+00:00"
    assert outbox.due(now=T0 + timedelta(seconds=29)) == []
    assert [entry.reference for entry in outbox.due(now=T0 + timedelta(seconds=30))] == [first.reference]
    assert len(outbox.due(now=T0 + timedelta(hours=1), limit=1)) == 1


def test_claim_is_exclusive_and_expires(outbox):
    entry = outbox.add("booking", PAYLOAD, now=T0)
    assert outbox.claim(entry.reference, lease_seconds=60, now=T0)
    assert not outbox.claim(entry.reference, lease_seconds=60, now=T0 + timedelta(seconds=59))
    # the first worker died mid-delivery: its lease runs out and another may take over
    assert outbox.claim(entry.reference, lease_seconds=60, now=T0 + timedelta(seconds=60))


def test_schedule_retry_releases_the_lease(outbox):
    entry = outbox.add("booking", PAYLOAD, now=T0)
    assert outbox.claim(entry.reference, now=T0)
    outbox.schedule_retry(entry.reference, "DeliveryRejected: HTTP 503", T0 + timedelta(seconds=30), now=T0)
    assert not outbox.claim(entry.reference, now=T0 + timedelta(seconds=10))  # not due yet
    assert outbox.claim(entry.reference, now=T0 + timedelta(seconds=30))


def test_claim_from_many_threads_has_one_winner(outbox):
    entry = outbox.add("booking", PAYLOAD)
    outbox.list()  # create the table before the race
    barrier = threading.Barrier(8)
    results = []

    def race():
        barrier.wait()
        results.append(Outbox(outbox.path).claim(entry.reference))

    threads = [threading.Thread(target=race) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


def test_delivered_is_final(outbox):
    entry = outbox.add("booking", PAYLOAD, now=T0)
    assert outbox.claim(entry.reference, now=T0)
    assert outbox.mark_delivered(entry.reference, now=T0 + timedelta(seconds=1))
    delivered = outbox.get(entry.reference)
    assert delivered.status == "delivered" and delivered.delivered
    assert delivered.delivered_at == "2026-11-23T15:00:01.000000+00:00"
    # a late failure report from a worker whose lease had expired changes nothing
    assert not outbox.schedule_retry(entry.reference, "DeliveryTimeout", T0, now=T0 + timedelta(seconds=2))
    assert not outbox.mark_delivered(entry.reference, now=T0 + timedelta(seconds=3))
    assert outbox.get(entry.reference) == delivered
    assert outbox.due(now=T0 + timedelta(days=365)) == []
    assert not outbox.claim(entry.reference, now=T0 + timedelta(days=1))
    assert outbox.count("pending") == 0 and outbox.count("delivered") == 1


def test_survives_a_restart(outbox):
    entry = outbox.add("booking", PAYLOAD, now=T0)
    outbox.schedule_retry(entry.reference, "DeliveryConnectionError", T0 + timedelta(seconds=30), now=T0)
    reopened = Outbox(outbox.path)  # a new process opening the same file
    assert reopened.get(entry.reference).attempts == 1
    assert [e.reference for e in reopened.due(now=T0 + timedelta(minutes=1))] == [entry.reference]


def test_add_is_committed_for_other_connections(outbox):
    entry = outbox.add("callback", PAYLOAD)
    with closing(sqlite3.connect(outbox.path)) as connection:  # e.g. the inbox in another process
        assert connection.execute("SELECT kind FROM outbox WHERE reference = ?", (entry.reference,)).fetchone() == (
            "callback",)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_references_are_unique_over_500_adds(outbox):
    references = {outbox.add("booking", {"n": i}).reference for i in range(500)}
    assert len(references) == 500
    assert outbox.count() == 500


def test_reference_collision_is_retried(outbox, monkeypatch):
    codes = iter(["DN-AAAAAA", "DN-AAAAAA", "DN-BBBBBB"])
    monkeypatch.setattr("clinic.outbox.new_reference", lambda: next(codes))
    assert outbox.add("booking", PAYLOAD).reference == "DN-AAAAAA"
    assert outbox.add("booking", PAYLOAD).reference == "DN-BBBBBB"


def test_add_rejects_a_payload_that_is_not_json(outbox):
    with pytest.raises(TypeError):
        outbox.add("booking", {"when": datetime.now()})
    assert outbox.count() == 0


def test_default_path_is_read_at_call_time(monkeypatch, tmp_path):
    monkeypatch.delenv("OUTBOX_DB", raising=False)
    assert default_outbox_path() == PROJECT_ROOT / "var" / "outbox.db"
    monkeypatch.setenv("OUTBOX_DB", str(tmp_path / "other.db"))
    assert default_outbox_path() == tmp_path / "other.db"
    assert Outbox().path == tmp_path / "other.db"


@pytest.mark.parametrize(
    "payload, shown",
    [
        ({"name": "Jo", "health_answers": {"a": "yes"}}, False),
        ({"name": "Jo", "share_health_answers": False, "health_answers": {"a": "yes"}}, False),
        ({"name": "Jo", "share_health_answers": "true", "health_answers": {"a": "yes"}}, False),
        ({"name": "Jo", "share_health_answers": True, "health_answers": {"a": "yes"}}, True),
    ],
)
def test_health_answers_need_explicit_consent(payload, shown):
    assert ("health_answers" in visible_payload(payload)) is shown
    assert visible_payload(payload)["name"] == "Jo"


def test_checklist_items_need_consent_too():
    # requests stored before build_payload left them out still do not show them
    stored = {"name": "Jo", "screening_outcome": "ask_physio", "screening_items": ["pregnancy or a possible pregnancy"],
              "share_health_answers": False}
    assert visible_payload(stored) == {"name": "Jo", "screening_outcome": "ask_physio", "share_health_answers": False}
    assert visible_payload({**stored, "share_health_answers": True})["screening_items"] == [
        "pregnancy or a possible pregnancy"]


def test_failed_is_final_until_retried_and_listed_first(outbox):
    failed = outbox.add("booking", PAYLOAD, now=T0)
    newer = outbox.add("booking", PAYLOAD, now=T0 + timedelta(minutes=5))
    assert outbox.claim(failed.reference, now=T0)
    assert outbox.mark_failed(failed.reference, "DeliveryRejected: HTTP 422", now=T0 + timedelta(seconds=1))
    entry = outbox.get(failed.reference)
    assert entry.failed and entry.status == "failed" and entry.attempts == 1
    assert entry.last_error == "DeliveryRejected: HTTP 422" and entry.last_attempt_at.startswith("2026-11-23T15:00:01")
    assert [e.reference for e in outbox.list()] == [failed.reference, newer.reference]
    assert [e.reference for e in outbox.due(now=T0 + timedelta(days=9), ignore_schedule=True)] == [newer.reference]
    assert not outbox.claim(failed.reference, now=T0 + timedelta(days=1), ignore_schedule=True)
    assert not outbox.schedule_retry(failed.reference, "late", T0, now=T0)
    assert not outbox.mark_delivered(failed.reference, now=T0)
    assert outbox.count("failed") == 1
    # the front desk re-queues it once the clinic fixed its side
    assert outbox.retry_failed(failed.reference.lower(), now=T0 + timedelta(days=1))
    assert not outbox.retry_failed(failed.reference)
    assert outbox.claim(failed.reference, now=T0 + timedelta(days=1))


def test_claim_can_ignore_the_schedule_but_not_a_lease(outbox):
    entry = outbox.add("booking", PAYLOAD, now=T0)
    assert outbox.claim(entry.reference, now=T0)
    outbox.schedule_retry(entry.reference, "DeliveryTimeout", T0 + timedelta(hours=1), now=T0)
    assert not outbox.claim(entry.reference, now=T0 + timedelta(seconds=1))
    assert outbox.claim(entry.reference, now=T0 + timedelta(seconds=1), ignore_schedule=True)
    assert not outbox.claim(entry.reference, now=T0 + timedelta(seconds=2), ignore_schedule=True)  # held


def test_a_file_from_before_the_failed_status_is_upgraded(tmp_path):
    path = tmp_path / "outbox.db"
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript("""
            CREATE TABLE outbox (reference TEXT PRIMARY KEY, kind TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE,
                payload TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pending', 'delivered')),
                attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, created_at TEXT NOT NULL,
                next_attempt_at TEXT NOT NULL, delivered_at TEXT, lease_until TEXT, last_attempt_at TEXT);
            CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
            INSERT INTO outbox (reference, kind, idempotency_key, payload, status, attempts, created_at,
                next_attempt_at) VALUES ('DN-ABCDEF', 'booking', 'k1', '{"name": "Jo"}', 'pending', 2,
                '2026-11-23T15:00:00.000000+00:00', '2026-11-23T15:00:00.000000+00:00');
        """)
    outbox = Outbox(path)
    assert outbox.get("DN-ABCDEF").payload == {"name": "Jo"} and outbox.get("DN-ABCDEF").attempts == 2
    assert outbox.mark_failed("DN-ABCDEF", "DeliveryRejected: HTTP 400", now=T0)
    assert outbox.get("DN-ABCDEF").status == "failed"
    assert Outbox(path).count("failed") == 1  # a second opening finds it upgraded


def test_forget_delivered_removes_the_text_from_the_file(outbox):
    old = outbox.add("booking", {**PAYLOAD, "name": "Zebediah Quixote-Old"}, now=T0)
    recent = outbox.add("booking", {**PAYLOAD, "name": "Recent Delivered"}, now=T0)
    waiting = outbox.add("booking", {**PAYLOAD, "name": "Still Waiting"}, now=T0)
    for entry, delivered_at in ((old, T0), (recent, T0 + timedelta(days=40))):
        outbox.claim(entry.reference, now=delivered_at)
        outbox.mark_delivered(entry.reference, now=delivered_at)

    def file_bytes():
        return b"".join(path.read_bytes() for path in outbox.path.parent.glob("outbox.db*"))

    assert b"Zebediah Quixote-Old" in file_bytes()  # what the test looks for is really written there
    assert outbox.forget_delivered(T0 + timedelta(days=30)) == 1
    assert outbox.get(old.reference) is None
    assert {entry.reference for entry in outbox.list()} == {recent.reference, waiting.reference}
    assert b"Zebediah" not in file_bytes()
    assert b"Recent Delivered" in file_bytes() and b"Still Waiting" in file_bytes()
