"""The SQLite tracker store, which refuses to start rather than silently forget conversations.

Rasa's SQLTrackerStore only logs "Could not create tables" when it cannot open its SQLite file
(its folder is missing or read-only) and carries on; every save then fails and Rasa's
FailSafeTrackerStore keeps each conversation in memory for one message at a time: a form
restarts with every message and nothing is kept. This store creates the folder, and stops the
server at start with one clear line when the folder or file cannot be written.

endpoints.yml:
    tracker_store:
      type: server.tracker_store.SQLiteTrackerStore
      db: var/tracker.db
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.exceptions import RasaException


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


class SQLiteTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Domain | None = None, db: str = "var/tracker.db", **kwargs: Any) -> None:
        kwargs.pop("dialect", None)
        kwargs.pop("host", None)  # Rasa passes the endpoint's url; a file needs none
        path = prepare_database(db)
        super().__init__(domain=domain, dialect="sqlite", db=os.fspath(path), **kwargs)
