"""Deleting old conversations from Rasa's own SQLite tracker-store schema."""
import sqlite3
import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore

from clinic.retention import SECONDS_PER_DAY, forget_conversations, main


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
    assert main(["--days", "30", "--db", str(tmp_path / "missing.db")]) == 0
    assert "No conversations stored yet" in capsys.readouterr().out
