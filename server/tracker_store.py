"""The SQLite tracker store, which refuses to start rather than silently forget conversations.

Rasa's SQLTrackerStore only logs "Could not create tables" when it cannot open its SQLite file
(its folder is missing or read-only) and carries on; every save then fails and Rasa's
FailSafeTrackerStore keeps each conversation in memory for one message at a time: a form
restarts with every message and nothing is kept. This store creates the folder, and stops the
server at start with one clear line when the folder or file cannot be written.

endpoints.yml names ClinicTrackerStore: this SQLite store, or with TRACKER_STORE_URL set Rasa's
SQL store on that PostgreSQL database, shared by several Rasa servers (README "Several servers"):
    tracker_store:
      type: server.tracker_store.ClinicTrackerStore
      db: var/tracker.db
"""
from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.exceptions import RasaException
from sqlalchemy import event
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from clinic.shared_stores import shared_tracker_store_url

logger = logging.getLogger(__name__)


class TrackerStorageError(RasaException):
    """The conversation database cannot be written: the server must not start."""


def prepare_database(db: str) -> Path:
    """Creates the database's folder if needed and checks that the database can be written.

    Raises TrackerStorageError with a one-line reason otherwise.
    """
    path = Path(db).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TrackerStorageError(
            f"Cannot create the folder for the conversation database {path}: {error.strerror}. "
            "Create it, or point tracker_store.db in endpoints.yml elsewhere.") from error
    try:
        # a real write, not os.access: that answers yes for root on a read-only mount
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS write_check (id INTEGER)")
            connection.execute("DROP TABLE write_check")
        connection.close()
    except sqlite3.Error as error:
        raise TrackerStorageError(
            f"Cannot write the conversation database {path} ({error}): is its folder read-only? "
            "Make it writable, or point tracker_store.db in endpoints.yml elsewhere.") from error
    return path


def _write_ahead_log(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # With the write-ahead log, NORMAL syncs at checkpoints instead of at every message: a
    # crash of the process loses nothing, a power cut at worst the last messages, never the
    # file. Booking and callback requests do not depend on it: they go through the outbox.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# connections kept open to the file: about as many as messages being saved at once
POOL_SIZE = 4


def use_write_ahead_log(store: SQLTrackerStore) -> None:
    """The store's SQLite file through the WAL, on connections kept open.

    Profiled under load: half the store's time per message went to fsync in the default rollback
    journal, and SQLAlchemy 1.4 opens a new connection to a SQLite file for every session
    (NullPool), so each message also paid for connecting and setting the pragmas again.
    """
    store.engine.dispose()
    engine = sa.create_engine(store.engine.url, poolclass=QueuePool, pool_size=POOL_SIZE, max_overflow=POOL_SIZE,
                              # a pooled connection is used by one session at a time, in any thread
                              connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _write_ahead_log)
    store.engine = engine
    store.sessionmaker = sessionmaker(bind=engine)


class SQLiteTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Domain | None = None, db: str = "var/tracker.db", **kwargs: Any) -> None:
        kwargs.pop("dialect", None)
        kwargs.pop("host", None)  # Rasa passes the endpoint's url; a file needs none
        path = prepare_database(db)
        super().__init__(domain=domain, dialect="sqlite", db=os.fspath(path), **kwargs)
        use_write_ahead_log(self)


class ClinicTrackerStore(SQLTrackerStore):
    """Rasa's SQL store on $TRACKER_STORE_URL (PostgreSQL), else on the SQLite file as SQLiteTrackerStore."""

    def __init__(self, domain: Domain | None = None, db: str = "var/tracker.db", **kwargs: Any) -> None:
        kwargs.pop("dialect", None)
        kwargs.pop("host", None)
        shared_url = shared_tracker_store_url()
        if shared_url:
            # A full URL as `host` is used as it is (SQLTrackerStore.get_db_url).
            super().__init__(domain=domain, host=shared_url, **kwargs)
        else:
            super().__init__(domain=domain, dialect="sqlite", db=os.fspath(prepare_database(db)), **kwargs)
            use_write_ahead_log(self)
        logger.info("conversations stored in %s", "the shared PostgreSQL database" if shared_url else "SQLite")
