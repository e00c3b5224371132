"""The booking outbox on PostgreSQL, for several action servers sharing one queue.

The same interface and rules as the SQLite Outbox (clinic/outbox.py), one table `outbox`, so
the delivery worker, the inbox and retention work on either. Chosen by OUTBOX_DB_URL
(clinic.outbox.open_outbox); several action servers, each with its delivery thread, then share the requests.

Claims stay exclusive across processes: claim() is one UPDATE whose subquery takes the row with
FOR UPDATE SKIP LOCKED, so of two workers claiming one request at once the second skips it
without waiting, and a worker that comes after sees the lease and gets nothing.
"""
from __future__ import annotations

import json
import threading
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Iterator, List
from urllib.parse import urlsplit

import psycopg2
import psycopg2.extras

from clinic.outbox import (
    _REFERENCE_ATTEMPTS,
    _SELECT,
    DELIVERED,
    FAILED,
    PENDING,
    OutboxEntry,
    OutboxUnavailable,
    new_reference,
    normalize_reference,
    to_timestamp,
    utc_now,
)

OUTBOX_DB_URL = "OUTBOX_DB_URL"
# Timestamps are the SQLite outbox's fixed-format UTC text, so both backends compare them alike.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id BIGSERIAL UNIQUE,
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
_NEVER_DUE = "9999"  # sorts after any timestamp: "whatever the schedule says"


class PostgresOutbox:
    """Requests waiting for, or done with, delivery, in PostgreSQL. Every call uses its own
    connection in autocommit mode: each statement is committed when the call returns."""

    def __init__(self, url: str):
        scheme = urlsplit(url).scheme
        if scheme not in ("postgresql", "postgres"):
            raise ValueError(f"{OUTBOX_DB_URL} must be a postgresql:// URL")
        self.url = url
        self._ready = False
        self._ready_lock = threading.Lock()

    def __repr__(self) -> str:  # never shows the password
        parts = urlsplit(self.url)
        return f"PostgresOutbox({parts.hostname}:{parts.port or 5432}{parts.path})"

    def _ensure_schema(self) -> None:
        with self._ready_lock:
            if self._ready:
                return
            connection = psycopg2.connect(self.url)
            try:
                with connection, connection.cursor() as cursor:  # one transaction
                    # Servers starting together would race on CREATE TABLE IF NOT EXISTS; take turns.
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtext('clinic outbox schema'))")
                    cursor.execute(_SCHEMA)
            finally:
                connection.close()
            self._ready = True

    @contextmanager
    def _cursor(self) -> Iterator[psycopg2.extras.RealDictCursor]:
        self._ensure_schema()
        connection = psycopg2.connect(self.url)
        connection.autocommit = True
        try:
            with connection.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cursor:
                yield cursor
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
        except psycopg2.Error as error:  # the database is down or refuses: the patient is sent to the phone
            raise OutboxUnavailable(type(error).__name__) from error

    def _insert(self, kind: str, payload_json: str, created: str) -> OutboxEntry:
        key = uuid.uuid4().hex
        with self._cursor() as cursor:
            for _ in range(_REFERENCE_ATTEMPTS):
                reference = new_reference()
                cursor.execute(
                    "INSERT INTO outbox (reference, kind, idempotency_key, payload, status, attempts, created_at, "
                    "next_attempt_at) VALUES (%s, %s, %s, %s, %s, 0, %s, %s) ON CONFLICT (reference) DO NOTHING",
                    (reference, kind, key, payload_json, PENDING, created, created),
                )
                if cursor.rowcount == 1:
                    return OutboxEntry(reference, kind, key, json.loads(payload_json), PENDING, 0, None, created,
                                       created, None)
        raise RuntimeError("could not find a free reference code")

    def get(self, reference: str) -> OutboxEntry | None:
        with self._cursor() as cursor:
            cursor.execute(_SELECT + "WHERE reference = %s", (normalize_reference(reference),))
            row = cursor.fetchone()
        return OutboxEntry.from_row(row) if row else None

    def list(self, limit: int = 50) -> List[OutboxEntry]:
        """Failed requests first (the front desk must act on them), then the latest, newest first."""
        with self._cursor() as cursor:
            cursor.execute(_SELECT + "ORDER BY status = %s DESC, created_at DESC, id DESC LIMIT %s", (FAILED, limit))
            return [OutboxEntry.from_row(row) for row in cursor.fetchall()]

    def count(self, status: str | None = None) -> int:
        with self._cursor() as cursor:
            if status is None:
                cursor.execute("SELECT COUNT(*) AS n FROM outbox")
            else:
                cursor.execute("SELECT COUNT(*) AS n FROM outbox WHERE status = %s", (status,))
            return cursor.fetchone()["n"]

    def due(self, now: datetime | None = None, limit: int | None = 20, ignore_schedule: bool = False
            ) -> List[OutboxEntry]:
        """Pending requests whose next attempt time has come, longest-waiting first (LIMIT NULL: all)."""
        stamp = _NEVER_DUE if ignore_schedule else to_timestamp(now or utc_now())
        with self._cursor() as cursor:
            cursor.execute(_SELECT + "WHERE status = %s AND next_attempt_at <= %s ORDER BY next_attempt_at, id "
                           "LIMIT %s", (PENDING, stamp, limit))
            return [OutboxEntry.from_row(row) for row in cursor.fetchall()]

    def claim(self, reference: str, lease_seconds: float = 60, now: datetime | None = None,
              ignore_schedule: bool = False) -> bool:
        """Take the right to deliver this request for `lease_seconds`; False if another worker holds it,
        or it is delivered, failed or not yet due. An expired lease can be taken over."""
        moment = now or utc_now()
        stamp = to_timestamp(moment)
        with self._cursor() as cursor:
            cursor.execute(
                "UPDATE outbox SET lease_until = %s WHERE reference = ("
                " SELECT reference FROM outbox WHERE reference = %s AND status = %s AND next_attempt_at <= %s"
                " AND (lease_until IS NULL OR lease_until <= %s) FOR UPDATE SKIP LOCKED)",
                (to_timestamp(moment + timedelta(seconds=lease_seconds)), reference, PENDING,
                 _NEVER_DUE if ignore_schedule else stamp, stamp),
            )
            return cursor.rowcount == 1

    def mark_delivered(self, reference: str, now: datetime | None = None) -> bool:
        stamp = to_timestamp(now or utc_now())
        with self._cursor() as cursor:
            cursor.execute(
                "UPDATE outbox SET status = %s, delivered_at = %s, last_attempt_at = %s, lease_until = NULL "
                "WHERE reference = %s AND status = %s", (DELIVERED, stamp, stamp, reference, PENDING))
            return cursor.rowcount == 1

    def schedule_retry(self, reference: str, error: str, next_attempt_at: datetime | str,
                       now: datetime | None = None) -> bool:
        with self._cursor() as cursor:
            cursor.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = %s, next_attempt_at = %s, "
                "last_attempt_at = %s, lease_until = NULL WHERE reference = %s AND status = %s",
                (error[:500], to_timestamp(next_attempt_at), to_timestamp(now or utc_now()), reference, PENDING))
            return cursor.rowcount == 1

    def mark_failed(self, reference: str, error: str, now: datetime | None = None) -> bool:
        with self._cursor() as cursor:
            cursor.execute(
                "UPDATE outbox SET status = %s, attempts = attempts + 1, last_error = %s, last_attempt_at = %s, "
                "lease_until = NULL WHERE reference = %s AND status = %s",
                (FAILED, error[:500], to_timestamp(now or utc_now()), reference, PENDING))
            return cursor.rowcount == 1

    def retry_failed(self, reference: str, now: datetime | None = None) -> bool:
        with self._cursor() as cursor:
            cursor.execute(
                "UPDATE outbox SET status = %s, next_attempt_at = %s WHERE reference = %s AND status = %s",
                (PENDING, to_timestamp(now or utc_now()), normalize_reference(reference), FAILED))
            return cursor.rowcount == 1

    def forget_delivered(self, older_than: datetime) -> int:
        """Delete requests delivered before `older_than`; returns how many. Pending and failed ones are kept.

        PostgreSQL has no secure delete: VACUUM frees the rows' space for reuse, but the old bytes stay
        on disk until overwritten (and in backups): encrypt the database's disk.
        """
        with self._cursor() as cursor:
            cursor.execute("DELETE FROM outbox WHERE status = %s AND delivered_at < %s",
                           (DELIVERED, to_timestamp(older_than)))
            deleted = cursor.rowcount
            cursor.execute("VACUUM outbox")  # autocommit: VACUUM cannot run inside a transaction
        return deleted
