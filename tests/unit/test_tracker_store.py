"""The SQLite tracker store creates its folder, and refuses to start on a database it cannot write
(Rasa's own SQL store then keeps each conversation in memory for one message, silently)."""
import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event

from server.tracker_store import SQLiteTrackerStore, TrackerStorageError

DOMAIN = Domain.from_yaml("slots:\n  booking_name:\n    type: text\n    mappings: []\n")


async def test_a_missing_folder_is_created_and_conversations_are_kept(tmp_path):
    db = tmp_path / "fresh-clone" / "var" / "tracker.db"
    store = SQLiteTrackerStore(domain=DOMAIN, db=str(db))
    tracker = DialogueStateTracker.from_events("patient-1", [UserUttered("hello"), SlotSet("booking_name", "Ann")])
    await store.save(tracker)

    assert db.is_file()
    restarted = SQLiteTrackerStore(domain=DOMAIN, db=str(db))
    kept = await restarted.retrieve("patient-1")
    assert kept.get_slot("booking_name") == "Ann"
    assert kept.latest_message.text == "hello"


def test_a_read_only_folder_stops_the_start_with_one_line():
    # /proc takes no new files, even from root (for whom a chmod'ed folder is still writable)
    with pytest.raises(TrackerStorageError) as raised:
        SQLiteTrackerStore(domain=DOMAIN, db="/proc/tracker.db")
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("Cannot write the conversation database /proc/tracker.db")
    assert "read-only" in message


def test_a_folder_that_cannot_be_created_stops_the_start_with_one_line(tmp_path):
    (tmp_path / "var").write_text("a file where the folder should be")
    with pytest.raises(TrackerStorageError) as raised:
        SQLiteTrackerStore(domain=DOMAIN, db=str(tmp_path / "var" / "tracker.db"))
    assert "\n" not in str(raised.value)
    assert str(raised.value).startswith(f"Cannot create the folder for the conversation database {tmp_path}")


async def test_conversations_are_written_through_the_write_ahead_log(tmp_path):
    db = tmp_path / "var" / "tracker.db"
    store = SQLiteTrackerStore(domain=DOMAIN, db=str(db))
    await store.save(DialogueStateTracker.from_events("patient-2", [UserUttered("hi")]))

    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    assert (await SQLiteTrackerStore(domain=DOMAIN, db=str(db)).retrieve("patient-2")).latest_message.text == "hi"


async def test_sessions_reuse_the_open_connections(tmp_path):
    store = SQLiteTrackerStore(domain=DOMAIN, db=str(tmp_path / "tracker.db"))
    opened = []
    event.listen(store.engine, "connect", lambda connection, record: opened.append(connection))
    for turn in range(5):
        await store.save(DialogueStateTracker.from_events("patient-3", [UserUttered(f"message {turn}")]))
        await store.retrieve("patient-3")
    assert len(opened) == 1
