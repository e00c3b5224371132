"""Deleting old conversations from the SQLite tracker store (Rasa has no built-in way).

Conversations hold personal health information; the clinic keeps them only as long as it
needs to. A conversation is deleted whole, once its last event is older than the cut-off.
Usage: python -m clinic.retention --days 30 [--db var/tracker.db]  (or `make forget DAYS=30`)
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

from clinic.settings import PROJECT_ROOT

DEFAULT_TRACKER_DB = PROJECT_ROOT / "var" / "tracker.db"
SECONDS_PER_DAY = 86_400


def forget_conversations(db_path: Path, older_than_days: float, now: float | None = None) -> int:
    """Deletes every conversation whose last event is older than `older_than_days`; returns how many."""
    if older_than_days <= 0:
        raise ValueError("older_than_days must be positive")
    cutoff = (now if now is not None else time.time()) - older_than_days * SECONDS_PER_DAY
    with sqlite3.connect(db_path) as db:
        old = [row[0] for row in db.execute(
            "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < ?", (cutoff,))]
        db.executemany("DELETE FROM events WHERE sender_id = ?", [(sender,) for sender in old])
    return len(old)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Delete conversations older than a number of days.")
    parser.add_argument("--days", type=float, required=True)
    parser.add_argument("--db", type=Path, default=DEFAULT_TRACKER_DB)
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"No conversations stored yet ({args.db} does not exist).")
        return 0
    count = forget_conversations(args.db, args.days)
    print(f"Deleted {count} conversation(s) whose last message is older than {args.days:g} days.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
