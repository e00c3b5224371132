"""A delivery pass by hand: `python -m clinic.deliver` (`make deliver`), e.g. once the clinic's endpoint is back.

It sends every waiting request now, however long its backoff still runs. Safe to run while the
action server's worker is running: each request is claimed before it is sent, so none goes twice.
`--retry DN-XXXXXX` first puts a failed request back in the queue. Exits with 1 when a request
failed for good in this pass (the front desk must contact that patient: `make inbox`).
"""
from __future__ import annotations

import argparse
import logging
import sys
from typing import Sequence

from clinic.delivery import BookingWebhookClient, RetryPolicy, deliver_due
from clinic.outbox import FAILED, PENDING, Outbox, normalize_reference, open_outbox


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clinic.deliver", description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="outbox file (default: $OUTBOX_DB_URL, else $OUTBOX_DB or var/outbox.db)")
    parser.add_argument("--retry", metavar="REFERENCE", action="append", default=[],
                        help="put this failed request back in the queue first (repeatable)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    outbox = Outbox(args.db) if args.db else open_outbox()
    for reference in args.retry:
        if not outbox.retry_failed(reference):
            print(f"{normalize_reference(reference)} is not a failed request; nothing to retry.", file=sys.stderr)
            return 2
    client = BookingWebhookClient.from_environment()
    if client is None:
        print(f"No BOOKING_WEBHOOK_URL set: {outbox.count(PENDING)} request(s) wait in the outbox for the "
              "front desk (make inbox).")
        return 0
    report = deliver_due(outbox, client, policy=RetryPolicy.from_environment(), everything_waiting=True)
    print(f"Booking webhook: {report}; {outbox.count(PENDING)} still waiting, {outbox.count(FAILED)} failed "
          "(make inbox lists them first).")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
