"""Deleting old conversations from Rasa's own SQLite tracker-store schema."""
import sqlite3
import time
from datetime import datetime, timedelta, timezone

import pytest
from rasa.core.tracker_store import SQLTrackerStore

from clinic.outbox import Outbox
from clinic.retention import SECONDS_PER_DAY, forget_conversations, forget_delivered_requests, main


@pytest.fixture
def tracker_db(tmp_path):
    path = tmp_path / "tracker.db"
    SQLTrackerStore(dialect="sqlite", db=str(path))  # creates Rasa's `events` table
    now = time.time()
    rows = [
        ("old-patient", now - 40 * SECONDS_PER_DAY),
        ("old-patient", now - 35 * SECONDS_PER_DAY),
        ("recent-patient", now - 40 * SECONDS_PER_DAY),  # came back last week: kept whole
        ("recent-patient", now - 5 * SECONDS_PER_DAY),
        ("today", now),
    ]
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, '{}')", rows)
    return path, now


def senders(path):
    with sqlite3.connect(path) as db:
        return sorted({row[0] for row in db.execute("SELECT sender_id FROM events")})


def test_conversations_older_than_the_cutoff_are_deleted_whole(tracker_db):
    path, now = tracker_db
    assert forget_conversations(path, 30, now=now) == 1
    assert senders(path) == ["recent-patient", "today"]


def test_nothing_to_delete(tracker_db):
    path, now = tracker_db
    assert forget_conversations(path, 365, now=now) == 0
    assert len(senders(path)) == 3


def test_days_must_be_positive(tracker_db):
    with pytest.raises(ValueError):
        forget_conversations(tracker_db[0], 0)


def test_cli_without_a_database_says_so(tmp_path, capsys):
    missing_outbox = str(tmp_path / "missing-outbox.db")
    assert main(["--days", "30", "--db", str(tmp_path / "missing.db"), "--outbox", missing_outbox]) == 0
    out = capsys.readouterr().out
    assert "No conversations stored yet" in out and "No requests stored yet" in out


def test_forgotten_conversations_leave_no_text_in_the_file(tracker_db):
    path, now = tracker_db
    secret = '{"text": "I am pregnant, call Zebediah at 403-555-0199"}'
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, ?)",
                       [("old-patient", now - 36 * SECONDS_PER_DAY, secret)] * 50)
    assert b"Zebediah" in path.read_bytes()  # really written to the file
    assert forget_conversations(path, 30, now=now) == 1
    assert b"Zebediah" not in path.read_bytes() and b"pregnant" not in path.read_bytes()
    assert senders(path) == ["recent-patient", "today"]


def test_make_forget_also_deletes_old_delivered_requests(tracker_db, tmp_path, monkeypatch, capsys):
    path, _ = tracker_db
    outbox = Outbox(tmp_path / "outbox.db")
    long_ago = datetime.now(timezone.utc) - timedelta(days=45)
    old = outbox.add("booking", {"name": "Zebediah Oldrequest", "contact": "+14035550199"}, now=long_ago)
    outbox.claim(old.reference, now=long_ago)
    outbox.mark_delivered(old.reference, now=long_ago)
    recent = outbox.add("booking", {"name": "Recent Patient"})
    outbox.claim(recent.reference)
    outbox.mark_delivered(recent.reference)
    waiting = outbox.add("callback", {"name": "Old But Waiting"}, now=long_ago)
    monkeypatch.setenv("OUTBOX_DB", str(outbox.path))
    assert main(["--days", "30", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Deleted 1 conversation(s)" in out and "Deleted 1 request(s) delivered more than 30 days ago." in out
    assert {entry.reference for entry in outbox.list()} == {recent.reference, waiting.reference}
    stored = b"".join(file.read_bytes() for file in tmp_path.glob("outbox.db*"))
    assert b"Zebediah" not in stored and b"4035550199" not in stored and b"Old But Waiting" in stored


def test_forget_delivered_requests_needs_positive_days(tmp_path):
    with pytest.raises(ValueError):
        forget_delivered_requests(Outbox(tmp_path / "outbox.db"), 0)
