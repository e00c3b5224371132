"""Deleting old conversations and delivered requests (Rasa has no built-in way).

Conversations and requests hold personal health information; the clinic keeps them only as
long as it needs to. A conversation is deleted whole, once its last event is older than the
cut-off; a request once it was delivered longer ago than the cut-off (pending and failed
requests stay: the front desk still needs them). Deleting a row in SQLite leaves its text in
the file until the space is reused, so both files are also scrubbed (secure_delete) and
rewritten (VACUUM): the deleted text is gone from the bytes on disk.
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

from clinic.outbox import Outbox, default_outbox_path
from clinic.settings import PROJECT_ROOT

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


def forget_delivered_requests(outbox: Outbox, older_than_days: float, now: datetime | None = None) -> int:
    """Deletes requests delivered more than `older_than_days` ago from the outbox; returns how many."""
    if older_than_days <= 0:
        raise ValueError("older_than_days must be positive")
    return outbox.forget_delivered((now or datetime.now(timezone.utc)) - timedelta(days=older_than_days))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Delete conversations and delivered requests older than N days.")
    parser.add_argument("--days", type=float, required=True)
    parser.add_argument("--db", type=Path, default=DEFAULT_TRACKER_DB, help="tracker store (default var/tracker.db)")
    parser.add_argument("--outbox", type=Path, help="outbox file (default: $OUTBOX_DB or var/outbox.db)")
    args = parser.parse_args(argv)
    if args.days <= 0:
        parser.error("--days must be positive")
    if args.db.exists():
        count = forget_conversations(args.db, args.days)
        print(f"Deleted {count} conversation(s) whose last message is older than {args.days:g} days.")
    else:
        print(f"No conversations stored yet ({args.db} does not exist).")
    outbox_path = args.outbox or default_outbox_path()
    if outbox_path.exists():
        count = forget_delivered_requests(Outbox(outbox_path), args.days)
        print(f"Deleted {count} request(s) delivered more than {args.days:g} days ago.")
    else:
        print(f"No requests stored yet ({outbox_path} does not exist).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
