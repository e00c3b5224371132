"""A durable SQLite outbox for booking and callback requests.

A request is written here, committed, the moment the patient confirms it; delivery to the
clinic's webhook (clinic/delivery.py) happens later and is retried, so neither a slow webhook
nor a restart loses a request. A request the webhook will never take (a 4xx answer, or
failing for too long) is marked failed, so the front desk contacts the patient instead.
Without a webhook the front desk reads the outbox with `python -m clinic.inbox`.

Storage: the Outbox class is the only code that touches the database (every SQL statement of
the outbox is in this file), so another backend replaces this one class.
"""
from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator, List

from clinic.settings import PROJECT_ROOT

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
REFERENCE_PREFIX = "DN-"
# Read over the phone: no 0/O, 1/I/L to mix up. 31**6 codes, so a collision is rare and retried.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 6
_REFERENCE_ATTEMPTS = 20

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    reference TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    delivered_at TEXT,
    lease_until TEXT,
    last_attempt_at TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);
"""
_COLUMNS = ("reference, kind, idempotency_key, payload, status, attempts, last_error, created_at, next_attempt_at, "
            "delivered_at, lease_until, last_attempt_at")
# The OutboxEntry fields; the lease is internal to claim().
_SELECT = ("SELECT reference, kind, idempotency_key, payload, status, attempts, last_error, created_at, "
           "next_attempt_at, delivered_at, last_attempt_at FROM outbox ")


class OutboxUnavailable(RuntimeError):
    """The request could not be stored (the disk is full, the folder read-only, the file broken).

    Its text is the underlying error's type only, so it can be logged: never the request.
    """


def default_outbox_path() -> Path:
    """$OUTBOX_DB, else var/outbox.db in the project; read on each call so tests and deployments can move it."""
    return Path(os.environ.get("OUTBOX_DB") or PROJECT_ROOT / "var" / "outbox.db")


def open_outbox(environ=os.environ):
    """The outbox this process uses: PostgreSQL at $OUTBOX_DB_URL, shared by several action servers
    (clinic/outbox_postgres.py), else this module's SQLite file ($OUTBOX_DB or var/outbox.db)."""
    url = (environ.get("OUTBOX_DB_URL") or "").strip()
    if url:
        from clinic.outbox_postgres import PostgresOutbox  # imports this module: not at the top

        return PostgresOutbox(url)
    return Outbox()


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def to_timestamp(moment: datetime | str) -> str:
    """UTC ISO text in one fixed format, so SQL can compare timestamps as strings."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:  # naive datetimes in this module are UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def normalize_reference(text: str) -> str:
    """ "dn 7k3q9p", "7K3Q9P" or "DN-7K3Q9P" -> "DN-7K3Q9P", as the front desk may type what they heard."""
    code = "".join((text or "").split()).upper().replace("-", "")
    prefix = REFERENCE_PREFIX.replace("-", "")
    if len(code) == len(prefix) + REFERENCE_LENGTH and code.startswith(prefix):
        code = code[len(prefix):]
    return REFERENCE_PREFIX + code if len(code) == REFERENCE_LENGTH else (text or "").strip().upper()


def new_reference() -> str:
    return REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


# What only goes out with the patient's consent: their checklist answers and the checklist items behind
# the result (which name conditions such as a pregnancy). Without it the clinic gets the result alone.
CONSENT_ONLY_FIELDS = ("health_answers", "screening_items")


def visible_payload(payload: dict) -> dict:
    """The payload without CONSENT_ONLY_FIELDS unless the patient agreed to share them (consent rule, one place).

    build_payload already leaves them out without consent; this also covers requests stored before it did.
    """
    if payload.get("share_health_answers") is True:
        return dict(payload)
    return {key: value for key, value in payload.items() if key not in CONSENT_ONLY_FIELDS}


@dataclass(frozen=True)
class OutboxEntry:
    reference: str
    kind: str
    idempotency_key: str
    payload: dict
    status: str  # "pending", "delivered" or "failed"
    attempts: int
    last_error: str | None
    created_at: str  # UTC ISO
    next_attempt_at: str
    delivered_at: str | None
    last_attempt_at: str | None = None

    @property
    def delivered(self) -> bool:
        return self.status == DELIVERED

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> OutboxEntry:
        values = dict(row)
        values["payload"] = json.loads(values["payload"])
        return cls(**values)


class Outbox:
    """Requests waiting for, or done with, delivery. Every call opens and closes its own connection,
    so one Outbox may be shared by threads and several processes may use the same file."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path else default_outbox_path()
        self._ready = False
        self._ready_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Outbox({str(self.path)!r})"

    def _ensure_schema(self) -> None:
        # On first use rather than in __init__: constructing an Outbox touches no disk.
        with self._ready_lock:
            if self._ready:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            try:
                # WAL lets the inbox read while a worker writes; the setting is stored in the file.
                connection.execute("PRAGMA journal_mode = WAL")
                connection.executescript(_SCHEMA)
                _allow_failed_status(connection)
            finally:
                connection.close()
            self._ready = True

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self._ensure_schema()
        # Autocommit: each statement is its own transaction, committed before the call returns.
        connection = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        connection.row_factory = sqlite3.Row
        try:
            # FULL: a confirmed request survives a power cut, not only a crash of this process.
            connection.execute("PRAGMA synchronous = FULL")
            yield connection
        finally:
            connection.close()

    def add(self, kind: str, payload: dict, now: datetime | None = None) -> OutboxEntry:
        """Store a confirmed request as pending and due now; committed (durable) when this returns."""
        if not kind:
            raise ValueError("a request needs a kind, such as 'booking' or 'callback'")
        created = to_timestamp(now or utc_now())
        payload_json = json.dumps(payload, ensure_ascii=False)  # fails before anything is written
        try:
            return self._insert(kind, payload_json, created)
        except (sqlite3.Error, OSError) as error:
            raise OutboxUnavailable(type(error).__name__) from error

    def _insert(self, kind: str, payload_json: str, created: str) -> OutboxEntry:
        key = uuid.uuid4().hex
        with self._connect() as connection:
            for _ in range(_REFERENCE_ATTEMPTS):
                reference = new_reference()
                try:
                    connection.execute(
                        "INSERT INTO outbox (reference, kind, idempotency_key, payload, status, attempts, "
                        "created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
                        (reference, kind, key, payload_json, PENDING, created, created),
                    )
                except sqlite3.IntegrityError as error:
                    if "reference" in str(error):
                        continue  # that code is taken: draw another
                    raise
                return OutboxEntry(reference, kind, key, json.loads(payload_json), PENDING, 0, None, created,
                                   created, None)
        raise RuntimeError("could not find a free reference code")  # only if the code space were nearly full

    def get(self, reference: str) -> OutboxEntry | None:
        with self._connect() as connection:
            row = connection.execute(
                _SELECT + "WHERE reference = ?", (normalize_reference(reference),)
            ).fetchone()
        return OutboxEntry.from_row(row) if row else None

    def list(self, limit: int = 50) -> List[OutboxEntry]:
        """Failed requests first (the front desk must act on them), then the latest, newest first."""
        with self._connect() as connection:
            rows = connection.execute(
                _SELECT + "ORDER BY status = ? DESC, created_at DESC, rowid DESC LIMIT ?", (FAILED, limit)
            ).fetchall()
        return [OutboxEntry.from_row(row) for row in rows]

    def count(self, status: str | None = None) -> int:
        """How many requests there are, or how many have `status`."""
        with self._connect() as connection:
            if status is None:
                return connection.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
            return connection.execute("SELECT COUNT(*) FROM outbox WHERE status = ?", (status,)).fetchone()[0]

    def due(self, now: datetime | None = None, limit: int | None = 20, ignore_schedule: bool = False
            ) -> List[OutboxEntry]:
        """Pending requests whose next attempt time has come, longest-waiting first.

        ignore_schedule: every pending request, however long its backoff still runs (a pass by hand).
        """
        stamp = "9999" if ignore_schedule else to_timestamp(now or utc_now())  # "9999" sorts after any timestamp
        with self._connect() as connection:
            rows = connection.execute(
                _SELECT + "WHERE status = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, rowid LIMIT ?",
                (PENDING, stamp, -1 if limit is None else limit),
            ).fetchall()
        return [OutboxEntry.from_row(row) for row in rows]

    def claim(self, reference: str, lease_seconds: float = 60, now: datetime | None = None,
              ignore_schedule: bool = False) -> bool:
        """Take the right to deliver this request for `lease_seconds`; False if someone else holds it.

        One UPDATE checks and takes the lease, so two workers (the action server's thread and
        `python -m clinic.deliver`) cannot both win. It also fails when the request is delivered,
        failed or not yet due (unless ignore_schedule), so a worker acting on a stale due() list
        does not retry early. An expired lease (a worker that died mid-delivery) can be taken over.
        """
        moment = now or utc_now()
        stamp = to_timestamp(moment)
        with self._connect() as connection:
            cursor = connection.execute(
                "UPDATE outbox SET lease_until = ? WHERE reference = ? AND status = ? AND next_attempt_at <= ? "
                "AND (lease_until IS NULL OR lease_until <= ?)",
                (to_timestamp(moment + timedelta(seconds=lease_seconds)), reference, PENDING,
                 "9999" if ignore_schedule else stamp, stamp),
            )
            return cursor.rowcount == 1

    def mark_delivered(self, reference: str, now: datetime | None = None) -> bool:
        """Record a successful delivery; final, so the request is never due again."""
        stamp = to_timestamp(now or utc_now())
        with self._connect() as connection:
            cursor = connection.execute(
                "UPDATE outbox SET status = ?, delivered_at = ?, last_attempt_at = ?, lease_until = NULL "
                "WHERE reference = ? AND status = ?",
                (DELIVERED, stamp, stamp, reference, PENDING),
            )
            return cursor.rowcount == 1

    def schedule_retry(
        self, reference: str, error: str, next_attempt_at: datetime | str, now: datetime | None = None
    ) -> bool:
        """Count a failed attempt, keep its error and release the lease; a delivered request is left alone."""
        with self._connect() as connection:
            cursor = connection.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
                "last_attempt_at = ?, lease_until = NULL WHERE reference = ? AND status = ?",
                (error[:500], to_timestamp(next_attempt_at), to_timestamp(now or utc_now()), reference, PENDING),
            )
            return cursor.rowcount == 1

    def mark_failed(self, reference: str, error: str, now: datetime | None = None) -> bool:
        """Count the last attempt and stop trying: the front desk must contact the patient (listed first)."""
        with self._connect() as connection:
            cursor = connection.execute(
                "UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?, last_attempt_at = ?, "
                "lease_until = NULL WHERE reference = ? AND status = ?",
                (FAILED, error[:500], to_timestamp(now or utc_now()), reference, PENDING),
            )
            return cursor.rowcount == 1

    def retry_failed(self, reference: str, now: datetime | None = None) -> bool:
        """Put a failed request back in the queue, due now (after the clinic fixed its endpoint)."""
        with self._connect() as connection:
            cursor = connection.execute(
                "UPDATE outbox SET status = ?, next_attempt_at = ? WHERE reference = ? AND status = ?",
                (PENDING, to_timestamp(now or utc_now()), normalize_reference(reference), FAILED),
            )
            return cursor.rowcount == 1

    def forget_delivered(self, older_than: datetime) -> int:
        """Delete requests delivered before `older_than` (names, contacts, checklist results) and
        overwrite the space they took; returns how many. Pending and failed requests are kept."""
        with self._connect() as connection:
            # secure_delete zeroes the freed pages; VACUUM rewrites the file without them; the
            # checkpoint empties the write-ahead log, which may still hold copies of the old pages.
            connection.execute("PRAGMA secure_delete = ON")
            deleted = connection.execute(
                "DELETE FROM outbox WHERE status = ? AND delivered_at < ?", (DELIVERED, to_timestamp(older_than))
            ).rowcount
            connection.execute("VACUUM")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted


def _allow_failed_status(connection: sqlite3.Connection) -> None:
    """Files made before the "failed" status existed have a CHECK without it: rebuild the table once."""
    (table_sql,) = connection.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").fetchone()
    if "'failed'" in table_sql:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("DROP INDEX IF EXISTS outbox_due")
        connection.execute("ALTER TABLE outbox RENAME TO outbox_before_failed_status")
        for statement in filter(str.strip, _SCHEMA.split(";")):  # not executescript: it would commit halfway
            connection.execute(statement)
        connection.execute(f"INSERT INTO outbox ({_COLUMNS}) SELECT {_COLUMNS} FROM outbox_before_failed_status")
        connection.execute("DROP TABLE outbox_before_failed_status")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
