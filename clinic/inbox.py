"""The front desk's view of the outbox: `python -m clinic.inbox [REFERENCE]`.

Without a reference: failed requests first (the front desk must contact those patients), then
the latest, newest first, one a line. With one: that request in full. Checklist answers are
personal health information and appear only when the patient agreed to share them
(outbox.visible_payload), as they are in what the webhook receives. Everything printed goes
through safe_text.printable: what a patient typed cannot send escape sequences to the terminal.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime, tzinfo
from typing import Iterable, List, Sequence
from zoneinfo import ZoneInfo

from clinic.contact import format_phone
from clinic.outbox import FAILED, Outbox, OutboxEntry, normalize_reference, open_outbox, visible_payload
from clinic.safe_text import printable
from clinic.settings import load_settings

# (header, maximum width) of the table's columns
COLUMNS = (("Reference", 9), ("Created", 16), ("Kind", 8), ("Name", 22), ("Contact", 26),
           ("Preferred time", 24), ("Screening", 11), ("Delivery", 80))


def clinic_zone() -> tzinfo | None:
    """The clinic's time zone from clinic.yml; None (this computer's zone) if the file cannot be read."""
    try:
        return ZoneInfo(load_settings().timezone)
    except Exception:  # the inbox must still work when clinic.yml is broken
        return None


def local_time(timestamp: str | None, zone: tzinfo | None = None) -> str:
    """"2026-11-23T15:05:00+00:00" -> "2026-11-23 08:05" in `zone` (default: this computer's)."""
    if not timestamp:
        return ""
    return datetime.fromisoformat(timestamp).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def delivery_status(entry: OutboxEntry) -> str:
    if entry.delivered:
        return "delivered"
    if entry.failed:
        return f"FAILED, contact the patient (attempts {entry.attempts}, last error: {entry.last_error})"
    status = f"waiting, attempts {entry.attempts}"
    return status + (f", last error: {entry.last_error}" if entry.last_error else "")


def _cell(value, width: int) -> str:
    text = " ".join(printable(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(entries: Iterable[OutboxEntry], zone: tzinfo | None = None) -> str:
    """One line per request with the columns of COLUMNS; "No requests yet." when there are none."""
    entries = list(entries)
    rows: List[List[str]] = []
    for entry in entries:
        payload = entry.payload
        values = (entry.reference, local_time(entry.created_at, zone), entry.kind, payload.get("name"),
                  format_phone(str(payload.get("contact") or "")), payload.get("preferred_time"),
                  str(payload.get("screening_outcome") or "").replace("_", " "), delivery_status(entry))
        rows.append([_cell(value, width) for value, (_header, width) in zip(values, COLUMNS, strict=True)])
    if not rows:
        return "No requests yet."
    headers = [header for header, _width in COLUMNS]
    widths = [max(len(row[i]) for row in rows + [headers]) for i in range(len(COLUMNS))]
    failed = sum(entry.status == FAILED for entry in entries)
    warning = [f"{failed} request(s) FAILED to reach the clinic's system: contact these patients yourself."] \
        if failed else []
    return "\n".join(warning + ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                     for row in [headers] + rows])


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _value_lines(key: str, value) -> List[str]:
    if isinstance(value, dict):
        return [f"{printable(_label(key))}:"] + [f"  {printable(name)}: {printable(answer)}"
                                                 for name, answer in value.items()]
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, (list, tuple)):
        value = ", ".join(str(item) for item in value) or "none"
    elif key == "contact":
        value = format_phone(str(value))
    return [f"{printable(_label(key))}: {printable(value)}"]


def format_entry(entry: OutboxEntry, zone: tzinfo | None = None) -> str:
    """Everything about one request, health answers only when sharing was agreed."""
    lines = [
        f"Request {printable(entry.reference)} ({printable(entry.kind)})",
        f"Created: {local_time(entry.created_at, zone)}",
        f"Delivery: {printable(delivery_status(entry))}",
    ]
    if entry.delivered:
        lines.append(f"Delivered at: {local_time(entry.delivered_at, zone)}")
    elif entry.failed:
        lines.append(f"Failed at: {local_time(entry.last_attempt_at, zone)}")
    else:
        lines.append(f"Next attempt: {local_time(entry.next_attempt_at, zone)}")
    lines.append("")
    for key, value in visible_payload(entry.payload).items():
        lines.extend(_value_lines(key, value))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clinic.inbox", description=__doc__.splitlines()[0])
    parser.add_argument("reference", nargs="?", help="show this request in full, e.g. DN-7K3Q9P")
    parser.add_argument("--db", help="outbox file (default: $OUTBOX_DB_URL, else $OUTBOX_DB or var/outbox.db)")
    parser.add_argument("--limit", type=int, default=50, help="how many requests to list (default 50)")
    args = parser.parse_args(argv)
    outbox = Outbox(args.db) if args.db else open_outbox()
    zone = clinic_zone()
    if args.reference:
        entry = outbox.get(args.reference)
        if entry is None:
            print(f"No request with reference {normalize_reference(args.reference)}.", file=sys.stderr)
            return 1
        print(format_entry(entry, zone))
        return 0
    print(format_table(outbox.list(limit=args.limit), zone))
    return 0


if __name__ == "__main__":
    sys.exit(main())
