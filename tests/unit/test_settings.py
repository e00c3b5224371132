"""The clinic's details (clinic/settings.py): parsing, opening hours and "open now"."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from clinic.settings import ClinicConfigError, load_settings, parse_settings

BASE = {
    "name": "Test Physio",
    "phone": "403-555-0100",
    "address": "1 Main St, Calgary",
    "booking_link": "https://example.com/book",
    "emergency_number": "911",
    "timezone": "America/Edmonton",
    "hours": {"monday": "08:00-17:00", "tuesday": "08:00-17:00", "saturday": "09:00-12:00"},
    "fees": {"initial_assessment": "$95", "dry_needling_session": ""},
}
EDMONTON = ZoneInfo("America/Edmonton")


def test_the_projects_clinic_file_loads():
    settings = load_settings()
    assert settings.emergency_number == "911"
    assert set(settings.template_values()) >= {"clinic_name", "clinic_phone", "booking_link", "emergency_number"}


@pytest.mark.parametrize(
    "local_time, is_open",
    [
        (datetime(2026, 11, 23, 8, 0, tzinfo=EDMONTON), True),  # Monday opening
        (datetime(2026, 11, 23, 16, 59, tzinfo=EDMONTON), True),
        (datetime(2026, 11, 23, 17, 0, tzinfo=EDMONTON), False),  # closing time itself
        (datetime(2026, 11, 25, 10, 0, tzinfo=EDMONTON), False),  # Wednesday: not in the hours
        (datetime(2026, 11, 29, 10, 0, tzinfo=EDMONTON), False),  # Sunday
        (datetime(2026, 11, 28, 10, 30, tzinfo=EDMONTON), True),  # Saturday morning
    ],
)
def test_open_now_in_clinic_time(local_time, is_open):
    assert parse_settings(BASE).is_open(local_time) is is_open


def test_open_now_converts_from_utc():
    # 15:30 UTC on a Monday in November is 08:30 in Calgary
    assert parse_settings(BASE).is_open(datetime(2026, 11, 23, 15, 30, tzinfo=ZoneInfo("UTC")))
    assert not parse_settings(BASE).is_open(datetime(2026, 11, 23, 14, 30, tzinfo=ZoneInfo("UTC")))


def test_hours_are_grouped_by_day():
    assert parse_settings(BASE).hours_lines().splitlines() == [
        "Mon-Tue: 08:00-17:00",
        "Wed-Fri: closed",
        "Sat: 09:00-12:00",
        "Sun: closed",
    ]


def test_only_known_fees_are_listed():
    assert parse_settings(BASE).fee_lines() == "Initial assessment: $95"
    assert parse_settings({**BASE, "fees": {}}).fee_lines() == ""


@pytest.mark.parametrize(
    "change, message",
    [
        ({"phone": ""}, "missing: phone"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"hours": {"monday": "8am-5pm"}}, "hours.monday"),
        ({"hours": {"monday": "17:00-08:00"}}, "closing time"),
    ],
)
def test_bad_config_is_rejected_with_a_clear_message(change, message):
    with pytest.raises(ClinicConfigError, match=message):
        parse_settings({**BASE, **change})
