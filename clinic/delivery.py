"""Delivery of outbox requests to the clinic's booking webhook, and the retry policy.

A request is sent only after it is safely in the outbox (clinic/outbox.py). Each pass claims
what is due, posts it, and records success or schedules a retry with exponential backoff.
Every post carries the request's idempotency key, so a retry after a lost response cannot
make the clinic's system book twice. A request is never retried forever: a 4xx answer (the
clinic's system refuses it; a retry would get the same answer) or failing for longer than
DELIVERY_GIVE_UP_HOURS marks it failed, logged at ERROR and listed first in the inbox, so the
front desk contacts the patient. With no webhook configured nothing is sent: requests wait in
the outbox, where the front desk sees them (`python -m clinic.inbox`).

The schedule lives in the outbox rather than in an in-process retry loop (tenacity, backoff):
a waiting request must survive a restart and be visible to the front desk, and its next try
may be hours away, longer than a thread should sleep on one request.
"""
from __future__ import annotations

import atexit
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Tuple
from urllib.parse import urlparse

import requests

from clinic.outbox import Outbox, OutboxEntry, open_outbox, utc_now, visible_payload

logger = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 30.0
MAX_RETRY_SECONDS = 3600.0
GIVE_UP_HOURS = 24.0
# 4xx answers that mean "not now" rather than "never": timeout, too early, too many requests.
TRANSIENT_CLIENT_ERRORS = frozenset({408, 425, 429})
DEFAULT_INTERVAL_SECONDS = 15.0
# Longer than the client's connect + read timeouts, so a lease never expires mid-request.
LEASE_SECONDS = 60.0
# At exit, how long the request in flight may still take: the client's connect + read timeouts.
EXIT_WAIT_SECONDS = 14.0
_BODY_EXCERPT_CHARS = 200


class DeliveryError(Exception):
    """The webhook did not accept the request; it stays in the outbox and is retried."""


class DeliveryTimeout(DeliveryError):
    """No connection or no response within the client's timeout."""


class DeliveryConnectionError(DeliveryError):
    """The webhook could not be reached (refused, DNS failure, TLS error, connection reset)."""


class DeliveryRejected(DeliveryError):
    """The webhook answered with a status other than 2xx (redirects included: they are not followed)."""

    def __init__(self, status_code: int, body: str = ""):
        self.status_code = status_code
        self.body = body
        super().__init__(f"HTTP {status_code}" + (f": {body}" if body else ""))

    @property
    def permanent(self) -> bool:
        """The clinic's system refuses this request as it is: sending it again would get the same answer."""
        return 400 <= self.status_code < 500 and self.status_code not in TRANSIENT_CLIENT_ERRORS


class BookingWebhookClient:
    """Posts one outbox request to the clinic's booking webhook.

    `deliver` returns only when the webhook answered 2xx. Otherwise it raises:
      DeliveryTimeout          - connecting or reading took longer than `timeout` (connect, read) seconds
      DeliveryConnectionError  - connection refused or reset, DNS or TLS failure
      DeliveryRejected         - any non-2xx status, with the status code and an excerpt of the body
      DeliveryError            - any other failure of the HTTP library (an invalid URL, for example)
    The request body is JSON: reference, kind, idempotency_key, created_at and the payload fields;
    checklist answers only when the patient agreed to share them. The `Idempotency-Key` header lets
    the receiver drop a retry of a request it already has.
    """

    def __init__(
        self,
        url: str,
        token: str | None = None,
        session: requests.Session | None = None,
        timeout: float | Tuple[float, float] = (3.05, 10),
    ):
        if urlparse(url).scheme not in ("http", "https"):
            raise ValueError("the booking webhook URL must start with http:// or https://")
        self.url = url
        self.token = token or None
        self.session = session or requests.Session()
        self.timeout = timeout

    def __repr__(self) -> str:  # never shows the token
        return f"BookingWebhookClient({self.url!r})"

    @classmethod
    def from_environment(cls) -> BookingWebhookClient | None:
        """A client for $BOOKING_WEBHOOK_URL (bearer $BOOKING_WEBHOOK_TOKEN); None means offline mode."""
        url = os.environ.get("BOOKING_WEBHOOK_URL", "").strip()
        if not url:
            return None
        return cls(url, token=os.environ.get("BOOKING_WEBHOOK_TOKEN", "").strip() or None)

    def deliver(self, entry: OutboxEntry) -> None:
        envelope = {
            "reference": entry.reference,
            "kind": entry.kind,
            "idempotency_key": entry.idempotency_key,
            "created_at": entry.created_at,
        }
        # The envelope wins over a payload key of the same name: the reference and key must be the outbox's.
        body = {**envelope, **{k: v for k, v in visible_payload(entry.payload).items() if k not in envelope}}
        headers = {"Idempotency-Key": entry.idempotency_key, "Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self.session.post(
                self.url,
                data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,  # a redirected POST turns into a GET that drops the request
            )
        except requests.Timeout as error:  # before ConnectionError: ConnectTimeout is both
            raise DeliveryTimeout(type(error).__name__) from error
        except requests.ConnectionError as error:
            # the library's message repeats the URL; the front desk only needs to know it was refused
            reason = "connection refused" if "refused" in str(error).lower() else type(error).__name__
            raise DeliveryConnectionError(reason) from error
        except requests.RequestException as error:
            raise DeliveryError(type(error).__name__) from error
        if not 200 <= response.status_code < 300:
            raise DeliveryRejected(response.status_code, " ".join(response.text[:_BODY_EXCERPT_CHARS].split()))


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait between attempts, and when to stop trying.

    From the environment (from_environment): DELIVERY_FIRST_RETRY_SECONDS (30; the end-to-end
    tests use 1) and DELIVERY_GIVE_UP_HOURS (24: a request still not delivered that long after
    the patient confirmed it is marked failed at its next failed attempt).
    """

    first_retry_seconds: float = FIRST_RETRY_SECONDS
    max_retry_seconds: float = MAX_RETRY_SECONDS
    give_up_after: timedelta = timedelta(hours=GIVE_UP_HOURS)

    @classmethod
    def from_environment(cls) -> RetryPolicy:
        first = float(os.environ.get("DELIVERY_FIRST_RETRY_SECONDS") or FIRST_RETRY_SECONDS)
        hours = float(os.environ.get("DELIVERY_GIVE_UP_HOURS") or GIVE_UP_HOURS)
        if first <= 0 or hours <= 0:
            raise ValueError("DELIVERY_FIRST_RETRY_SECONDS and DELIVERY_GIVE_UP_HOURS must be positive")
        return cls(first_retry_seconds=first, give_up_after=timedelta(hours=hours))

    def backoff_seconds(self, attempts: int) -> float:
        """Wait before attempt number `attempts` + 1: 30 s, 60 s, 120 s, ... at most one hour."""
        exponent = min(max(attempts, 1) - 1, 16)  # 30 * 2**16 is far past the cap; avoids huge numbers
        return min(self.first_retry_seconds * 2 ** exponent, self.max_retry_seconds)

    def gives_up(self, entry: OutboxEntry, error: Exception, now: datetime) -> bool:
        """True when this failed attempt should be the last one."""
        if isinstance(error, DeliveryRejected) and error.permanent:
            return True
        return now - datetime.fromisoformat(entry.created_at) >= self.give_up_after


def backoff_seconds(attempts: int) -> float:
    """The wait before attempt `attempts` + 1 under the environment's policy."""
    return RetryPolicy.from_environment().backoff_seconds(attempts)


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0  # failed this time, tried again later
    failed: int = 0  # failed for good: the front desk must contact the patient
    skipped: int = 0  # another worker held the request

    def __str__(self) -> str:
        return (f"delivered {self.delivered}, will retry {self.retrying}, failed for good {self.failed}, "
                f"skipped {self.skipped}")


def deliver_due(outbox: Outbox, client: BookingWebhookClient | None, now: datetime | None = None,
                policy: RetryPolicy | None = None, everything_waiting: bool = False,
                stopping: Callable[[], bool] = lambda: False) -> DeliveryReport:
    """One delivery pass over the due requests. A failed request is rescheduled or marked failed, never raised.

    everything_waiting: send every pending request now, however long its backoff still runs
    (`make deliver`, after the clinic's endpoint is back).
    stopping: checked before each request; once true, the pass ends after the request in flight.
    """
    report = DeliveryReport()
    if client is None:  # offline: the front desk works from the outbox
        return report
    policy = policy or RetryPolicy.from_environment()
    for entry in outbox.due(now=now, limit=None if everything_waiting else 20, ignore_schedule=everything_waiting):
        if stopping():
            break
        # Without a fixed `now`, each step uses the real time, so a slow pass does not shorten later leases.
        if not outbox.claim(entry.reference, lease_seconds=LEASE_SECONDS, now=now or utc_now(),
                            ignore_schedule=everything_waiting):
            report.skipped += 1
            continue
        try:
            client.deliver(entry)
        except Exception as error:  # one bad request must not stop the others
            _record_failure(outbox, entry, error, now or utc_now(), policy, report)
        else:
            outbox.mark_delivered(entry.reference, now=now or utc_now())
            logger.info("booking request %s delivered", entry.reference)
            report.delivered += 1
    return report


def _record_failure(outbox: Outbox, entry: OutboxEntry, error: Exception, moment: datetime, policy: RetryPolicy,
                    report: DeliveryReport) -> None:
    # Logs name the reference and the kind of error only: the payload, and a webhook's answer that
    # may quote it, are personal information (they stay in the outbox, for the front desk).
    if policy.gives_up(entry, error, moment):
        outbox.mark_failed(entry.reference, _describe(error), now=moment)
        logger.error("booking request %s FAILED for good (%s): the front desk must contact the patient "
                     "(make inbox)", entry.reference, _short(error))
        report.failed += 1
        return
    retry_at = moment + timedelta(seconds=policy.backoff_seconds(entry.attempts + 1))
    outbox.schedule_retry(entry.reference, _describe(error), retry_at, now=moment)
    logger.warning("booking request %s not delivered (%s), retry at %s", entry.reference, _short(error),
                   retry_at.isoformat(timespec="seconds"))
    report.retrying += 1


def _short(error: Exception) -> str:
    """The error's type, with the status code of a rejection: "DeliveryRejected HTTP 422"."""
    if isinstance(error, DeliveryRejected):
        return f"{type(error).__name__} HTTP {error.status_code}"
    return type(error).__name__


def _describe(error: Exception) -> str:
    """What the front desk sees as the last error: "DeliveryRejected: HTTP 503: ..."."""
    if isinstance(error, DeliveryError):
        return f"{type(error).__name__}: {error}"
    return type(error).__name__  # an unexpected error's text could quote the payload


class DeliveryWorker(threading.Thread):
    """Runs a delivery pass at start, then every `interval` seconds in the background until stop()."""

    def __init__(self, outbox: Outbox, client: BookingWebhookClient, interval: float = DEFAULT_INTERVAL_SECONDS,
                 policy: RetryPolicy | None = None):
        super().__init__(name="booking-delivery", daemon=True)  # daemon: never holds up shutdown
        self.outbox = outbox
        self.client = client
        self.interval = interval
        self.policy = policy or RetryPolicy()
        # not `_stop`: threading.Thread uses that name internally
        self._stopping = threading.Event()
        self._wake = threading.Event()

    def run(self) -> None:
        # The first pass, at the action server's start, sends everything waiting however long its
        # backoff still runs: a restart often follows the fix of an outage.
        everything_waiting = True
        while not self._stopping.is_set():
            try:
                deliver_due(self.outbox, self.client, policy=self.policy, everything_waiting=everything_waiting,
                            stopping=self._stopping.is_set)
                everything_waiting = False
            except Exception as error:  # a locked database or a bug must not end the loop
                logger.error("booking delivery pass failed (%s)", type(error).__name__)
                logger.debug("booking delivery pass failed", exc_info=True)
            self._wake.wait(self.interval)
            self._wake.clear()

    def wake(self) -> None:
        """Run the next pass now, e.g. right after a patient confirmed a request."""
        self._wake.set()

    def stop(self, timeout: float | None = 5.0) -> None:
        """Finish the current pass and end the thread; waits up to `timeout` seconds for it."""
        self._stopping.set()
        self._wake.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)


_worker: DeliveryWorker | None = None
_worker_lock = threading.Lock()


def ensure_worker_started(outbox_path: str | os.PathLike | None = None) -> DeliveryWorker | None:
    """The process's one delivery worker, started on first call; None in offline mode (no webhook URL).

    Later calls return the running worker whatever `outbox_path` they pass. After a fork the
    child starts its own, since threads do not survive a fork.
    """
    global _worker
    with _worker_lock:
        if _worker is not None and _worker.is_alive():
            return _worker
        client = BookingWebhookClient.from_environment()
        if client is None:
            return None
        interval = float(os.environ.get("DELIVERY_INTERVAL_SECONDS") or DEFAULT_INTERVAL_SECONDS)
        _worker = DeliveryWorker(Outbox(outbox_path) if outbox_path else open_outbox(), client, interval,
                                 RetryPolicy.from_environment())
        _worker.start()
        return _worker


def stop_worker(timeout: float | None = 5.0) -> None:
    """Stop the process's worker, if one runs (tests, clean shutdown)."""
    global _worker
    with _worker_lock:
        if _worker is not None:
            _worker.stop(timeout)
            _worker = None


# On a normal exit (the server stopped with SIGTERM or Ctrl-C), let the pass in flight finish and
# record its result: a worker cut off mid-pass leaves its claim standing, and the requests it held
# wait out the lease (LEASE_SECONDS) before anyone may retry them. Without a worker it does nothing.
atexit.register(stop_worker, EXIT_WAIT_SECONDS)
