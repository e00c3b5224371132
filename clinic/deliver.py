"""One delivery pass over the outbox: `python -m clinic.deliver` (cron, or by hand after an outage).

Safe to run while the action server's worker is running: each request is claimed before it is sent.
"""
from __future__ import annotations

import argparse
import logging
import sys
from typing import Sequence

from clinic.delivery import BookingWebhookClient, deliver_due
from clinic.outbox import PENDING, Outbox, default_outbox_path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clinic.deliver", description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="outbox file (default: $OUTBOX_DB or var/outbox.db)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    outbox = Outbox(args.db or default_outbox_path())
    client = BookingWebhookClient.from_environment()
    if client is None:
        print(f"No BOOKING_WEBHOOK_URL set: {outbox.count(PENDING)} request(s) wait in the outbox for the "
              "front desk (python -m clinic.inbox).")
        return 0
    report = deliver_due(outbox, client)
    print(f"Booking webhook: {report}; {outbox.count(PENDING)} still waiting.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
