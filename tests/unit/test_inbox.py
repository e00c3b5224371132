"""The front desk's inbox (clinic/inbox.py): the table, one request in full, and consent for health answers."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from clinic.inbox import format_entry, format_table, main
from clinic.outbox import Outbox

T0 = datetime(2026, 11, 23, 15, 5, tzinfo=timezone.utc)  # 08:05 in Calgary
EDMONTON = ZoneInfo("America/Edmonton")
HEALTH = {"pregnancy or a possible pregnancy": "no", "blood-thinning medication": "yes"}


def payload(name="Jo Smith", share=False, answers=True, **extra):
    result = {"kind": "booking", "name": name, "contact": "+14035550123 ext. 12", "preferred_time": "weekday mornings",
              "screening_outcome": "ask_physio", "screening_items": ["blood-thinning medication"],
              "share_health_answers": share, **extra}
    if answers:
        result["health_answers"] = dict(HEALTH)
    return result


@pytest.fixture
def outbox(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTBOX_DB", str(tmp_path / "outbox.db"))
    return Outbox()


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_empty_inbox(outbox, capsys):
    assert run(capsys) == (0, "No requests yet.\n", "")


def test_table_lists_newest_first_with_status(outbox, capsys):
    first = outbox.add("booking", payload("Jo Smith"), now=T0)
    second = outbox.add("callback", payload("Sam Lee", kind="callback"), now=T0 + timedelta(minutes=1))
    outbox.claim(second.reference, now=T0 + timedelta(minutes=1))
    outbox.schedule_retry(second.reference, "DeliveryRejected: HTTP 503", T0 + timedelta(minutes=2),
                       now=T0 + timedelta(minutes=1))
    outbox.claim(first.reference, now=T0 + timedelta(minutes=1))
    outbox.mark_delivered(first.reference, now=T0 + timedelta(minutes=1))

    code, out, _ = run(capsys)
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["Reference", "Created", "Kind"]
    assert [row.split()[0] for row in rows] == [second.reference, first.reference]
    assert "Sam Lee" in rows[0] and "waiting, attempts 1, last error: DeliveryRejected: HTTP 503" in rows[0]
    assert "Jo Smith" in rows[1] and "delivered" in rows[1]
    assert "403-555-0123 ext. 12" in rows[1] and "weekday mornings" in rows[1] and "ask physio" in rows[1]


def test_table_shows_clinic_local_time(outbox):
    outbox.add("booking", payload(), now=T0)
    assert "2026-11-23 08:05" in format_table(outbox.list(), EDMONTON)


def test_table_never_shows_health_answers(outbox, capsys):
    outbox.add("booking", payload(share=True), now=T0)
    outbox.add("booking", payload(share=False), now=T0)
    _, out, _ = run(capsys)
    assert "blood-thinning medication: yes" not in out and "pregnancy" not in out


def test_detail_hides_health_answers_without_consent(outbox, capsys):
    entry = outbox.add("booking", payload(share=False), now=T0)
    code, out, _ = run(capsys, entry.reference)
    assert code == 0
    assert f"Request {entry.reference} (booking)" in out
    assert "Name: Jo Smith" in out and "Contact: 403-555-0123 ext. 12" in out
    assert "Screening outcome: ask_physio" in out and "Share health answers: no" in out
    # without consent, not even the item behind the result (stored by older versions) is shown
    assert "Screening items" not in out and "blood-thinning" not in out
    assert "Health answers" not in out and "pregnancy" not in out
    assert "Delivery: waiting, attempts 0" in out


@pytest.mark.parametrize("share", ["yes", 1, None])
def test_only_a_true_consent_counts(outbox, share):
    entry = outbox.add("booking", payload(share=share), now=T0)
    assert "pregnancy" not in format_entry(outbox.get(entry.reference))


def test_detail_shows_health_answers_with_consent(outbox, capsys):
    entry = outbox.add("booking", payload(share=True), now=T0)
    code, out, _ = run(capsys, entry.reference.lower())  # as the front desk might type it
    assert code == 0
    assert "Share health answers: yes" in out and "Screening items: blood-thinning medication" in out
    assert "Health answers:\n  pregnancy or a possible pregnancy: no\n  blood-thinning medication: yes" in out


def test_detail_of_a_delivered_request(outbox):
    entry = outbox.add("callback", payload(answers=False), now=T0)
    outbox.claim(entry.reference, now=T0)
    outbox.mark_delivered(entry.reference, now=T0 + timedelta(seconds=5))
    text = format_entry(outbox.get(entry.reference), EDMONTON)
    assert "Delivery: delivered" in text and "Delivered at: 2026-11-23 08:05" in text


def test_unknown_reference(outbox, capsys):
    code, out, err = run(capsys, "dn-zzzzzz")
    assert code == 1 and out == ""
    assert "No request with reference DN-ZZZZZZ" in err


def test_failed_requests_come_first_with_a_warning(outbox, capsys):
    failed = outbox.add("booking", payload("Old Failed"), now=T0)
    newest = outbox.add("booking", payload("Newest Waiting"), now=T0 + timedelta(hours=1))
    outbox.claim(failed.reference, now=T0)
    outbox.mark_failed(failed.reference, "DeliveryRejected: HTTP 422: missing field", now=T0)
    _, out, _ = run(capsys)
    warning, header, *rows = out.splitlines()
    assert warning == "1 request(s) FAILED to reach the clinic's system: contact these patients yourself."
    assert [row.split()[0] for row in rows] == [failed.reference, newest.reference]
    assert "FAILED, contact the patient (attempts 1, last error: DeliveryRejected: HTTP 422" in rows[0]
    _, detail, _ = run(capsys, failed.reference)
    assert "Delivery: FAILED, contact the patient" in detail and "Failed at: " in detail


# An ESC sequence that clears the screen and retitles the window, a right-to-left override that
# shows text reversed, a bell, NUL, a zero-width space and a line separator.
HOSTILE = "mornings\x1b[2J\x1b]0;pwned\x07 \u202eevif retfa\u202c\x00\u200b\u2028end"


def test_what_patients_typed_cannot_reach_the_terminal_raw(outbox, capsys):
    entry = outbox.add("booking", payload(name="Jo\x1b[31m Smith", preferred_time=HOSTILE, share=True), now=T0)
    outbox.claim(entry.reference, now=T0)
    outbox.schedule_retry(entry.reference, "DeliveryRejected: HTTP 500: \x1b[5mboom", T0, now=T0)
    for argv in ((), (entry.reference,)):
        _, out, _ = run(capsys, *argv)
        assert not any(character in out for character in "\x1b\x07\x00\u202e\u202c\u200b\u2028")
        assert "\\x1b" in out
    _, detail, _ = run(capsys, entry.reference)
    assert ("Preferred time: mornings\\x1b[2J\\x1b]0;pwned\\x07 \\u202eevif retfa\\u202c\\x00\\u200b\\u2028end"
            in detail)
    assert "Name: Jo\\x1b[31m Smith" in detail and "HTTP 500: \\x1b[5mboom" in detail
