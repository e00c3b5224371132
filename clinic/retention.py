"""Deleting old conversations and delivered requests (Rasa has no built-in way).

Conversations and requests hold personal health information; the clinic keeps them only as
long as it needs to. A conversation is deleted whole, once its last event is older than the
cut-off; a request once it was delivered longer ago than the cut-off (pending and failed
requests stay: the front desk still needs them). Deleting a row in SQLite leaves its text in
the file until the space is reused, so both files are also scrubbed (secure_delete) and
rewritten (VACUUM): the deleted text is gone from the bytes on disk.
With several servers (README "Several servers") the conversations and requests are in
PostgreSQL ($TRACKER_STORE_URL, $OUTBOX_DB_URL) and are deleted there; VACUUM frees the space,
but PostgreSQL has no secure delete: the old bytes stay until overwritten (encrypt its disk).
Usage: python -m clinic.retention --days 30 [--db var/tracker.db] [--outbox var/outbox.db]
(or `make forget DAYS=30`)
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

from clinic.outbox import Outbox, open_outbox
from clinic.settings import PROJECT_ROOT
from clinic.shared_stores import shared_tracker_store_url

DEFAULT_TRACKER_DB = PROJECT_ROOT / "var" / "tracker.db"
SECONDS_PER_DAY = 86_400


def forget_conversations(db_path: Path, older_than_days: float, now: float | None = None) -> int:
    """Deletes every conversation whose last event is older than `older_than_days`; returns how many."""
    if older_than_days <= 0:
        raise ValueError("older_than_days must be positive")
    cutoff = (now if now is not None else time.time()) - older_than_days * SECONDS_PER_DAY
    # Autocommit, as VACUUM cannot run inside a transaction.
    with closing(sqlite3.connect(db_path, timeout=30.0, isolation_level=None)) as db:
        db.execute("PRAGMA secure_delete = ON")  # freed pages are zeroed, not left with the old text
        db.execute("BEGIN IMMEDIATE")
        old = [row[0] for row in db.execute(
            "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < ?", (cutoff,))]
        db.executemany("DELETE FROM events WHERE sender_id = ?", [(sender,) for sender in old])
        db.execute("COMMIT")
        db.execute("VACUUM")
    return len(old)


def forget_shared_conversations(database_url: str, older_than_days: float, now: float | None = None) -> int:
    """forget_conversations on the shared PostgreSQL tracker store (Rasa's `events` table there)."""
    import psycopg2  # only with several servers

    if older_than_days <= 0:
        raise ValueError("older_than_days must be positive")
    cutoff = (now if now is not None else time.time()) - older_than_days * SECONDS_PER_DAY
    connection = psycopg2.connect(database_url)
    try:
        with connection, connection.cursor() as cursor:  # one transaction
            cursor.execute(
                "WITH old AS (SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < %s), "
                "gone AS (DELETE FROM events WHERE sender_id IN (SELECT sender_id FROM old) RETURNING sender_id) "
                "SELECT COUNT(DISTINCT sender_id) FROM gone", (cutoff,))
            count = cursor.fetchone()[0]
        connection.autocommit = True  # VACUUM cannot run inside a transaction
        with connection.cursor() as cursor:
            cursor.execute("VACUUM events")
    finally:
        connection.close()
    return count


def forget_delivered_requests(outbox: Outbox, older_than_days: float, now: datetime | None = None) -> int:
    """Deletes requests delivered more than `older_than_days` ago from the outbox; returns how many."""
    if older_than_days <= 0:
        raise ValueError("older_than_days must be positive")
    return outbox.forget_delivered((now or datetime.now(timezone.utc)) - timedelta(days=older_than_days))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Delete conversations and delivered requests older than N days.")
    parser.add_argument("--days", type=float, required=True)
    parser.add_argument("--db", type=Path, default=DEFAULT_TRACKER_DB, help="tracker store (default var/tracker.db)")
    parser.add_argument("--outbox", type=Path,
                        help="outbox file (default: $OUTBOX_DB_URL, else $OUTBOX_DB or var/outbox.db)")
    args = parser.parse_args(argv)
    if args.days <= 0:
        parser.error("--days must be positive")
    shared_url = shared_tracker_store_url()
    if shared_url:
        count = forget_shared_conversations(shared_url, args.days)
        print(f"Deleted {count} conversation(s) older than {args.days:g} days from the shared PostgreSQL database.")
    if args.db.exists():
        count = forget_conversations(args.db, args.days)
        print(f"Deleted {count} conversation(s) whose last message is older than {args.days:g} days.")
    elif not shared_url:
        print(f"No conversations stored yet ({args.db} does not exist).")
    outbox = Outbox(args.outbox) if args.outbox else open_outbox()
    if isinstance(outbox, Outbox) and not outbox.path.exists():
        print(f"No requests stored yet ({outbox.path} does not exist).")
    else:
        count = forget_delivered_requests(outbox, args.days)
        print(f"Deleted {count} request(s) delivered more than {args.days:g} days ago.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
