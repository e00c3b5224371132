"""The clinic's details, read from clinic.yml (the one place they live)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Dict, Tuple
from zoneinfo import ZoneInfo

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = PROJECT_ROOT / "clinic.yml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_HOURS_PATTERN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class ClinicConfigError(ValueError):
    """clinic.yml is missing a required value or has one in the wrong format."""


@dataclass(frozen=True)
class ClinicSettings:
    name: str
    phone: str
    email: str
    address: str
    booking_link: str
    emergency_number: str
    timezone: str
    hours: Dict[str, Tuple[time, time] | None]
    fees: Dict[str, str] = field(default_factory=dict)
    insurance_note: str = ""
    referral_note: str = ""

    def is_open(self, now: datetime | None = None) -> bool:
        """Whether the front desk is open at `now` (default: this moment), in clinic time."""
        local = (now or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(self.timezone))
        opening = self.hours.get(WEEKDAYS[local.weekday()])
        return bool(opening) and opening[0] <= local.time() < opening[1]

    def hours_lines(self) -> str:
        """One line per day, consecutive days with the same hours grouped ("Mon-Thu 8:00-19:00")."""
        groups = []
        for day in WEEKDAYS:
            label = _format_span(self.hours.get(day))
            if groups and groups[-1][2] == label:
                groups[-1][1] = day
            else:
                groups.append([day, day, label])
        return "\n".join(
            f"{first[:3].title()}{'' if first == last else '-' + last[:3].title()}: {label}"
            for first, last, label in groups
        )

    def fee_lines(self) -> str:
        """"Initial assessment: $95" per known fee, one a line; empty when none is known."""
        return "\n".join(
            f"{name.replace('_', ' ').capitalize()}: {amount}" for name, amount in self.fees.items() if amount.strip()
        )

    def note_values(self) -> Dict[str, str]:
        """{insurance_note} and {referral_note} as the cost answer uses them: each followed by a space."""
        return {
            "insurance_note": f"{self.insurance_note} " if self.insurance_note else "",
            "referral_note": f"{self.referral_note} " if self.referral_note else "",
        }

    def template_values(self) -> Dict[str, str]:
        """Values that response templates may use as {clinic_name}, {clinic_phone}, ..."""
        return {
            "clinic_name": self.name,
            "clinic_phone": self.phone,
            "clinic_email": self.email,
            "clinic_address": self.address,
            "booking_link": self.booking_link,
            "emergency_number": self.emergency_number,
        }


def _format_span(span: Tuple[time, time] | None) -> str:
    if not span:
        return "closed"
    return f"{span[0].strftime('%H:%M')}-{span[1].strftime('%H:%M')}"


def _parse_hours(raw: Dict[str, str]) -> Dict[str, Tuple[time, time] | None]:
    hours: Dict[str, Tuple[time, time] | None] = {}
    for day in WEEKDAYS:
        value = (raw or {}).get(day) or ""
        if not value.strip():
            hours[day] = None
            continue
        match = _HOURS_PATTERN.match(value)
        if not match:
            raise ClinicConfigError(f"hours.{day} must look like '08:00-17:00', not {value!r}")
        h1, m1, h2, m2 = (int(part) for part in match.groups())
        start, end = time(h1, m1), time(h2, m2)
        if end <= start:
            raise ClinicConfigError(f"hours.{day}: closing time must be after opening time")
        hours[day] = (start, end)
    return hours


REQUIRED_FIELDS = ("name", "phone", "address", "booking_link", "emergency_number", "timezone")


def parse_settings(raw: dict) -> ClinicSettings:
    missing = [key for key in REQUIRED_FIELDS if not str(raw.get(key) or "").strip()]
    if missing:
        raise ClinicConfigError(f"clinic config is missing: {', '.join(missing)}")
    try:
        ZoneInfo(raw["timezone"])
    except Exception as error:  # ZoneInfoNotFoundError or a malformed key
        raise ClinicConfigError(f"unknown time zone {raw['timezone']!r}") from error
    return ClinicSettings(
        name=str(raw["name"]),
        phone=str(raw["phone"]),
        email=str(raw.get("email") or ""),
        address=str(raw["address"]),
        booking_link=str(raw["booking_link"]),
        emergency_number=str(raw["emergency_number"]),
        timezone=str(raw["timezone"]),
        hours=_parse_hours(raw.get("hours") or {}),
        fees={key: str(value or "") for key, value in (raw.get("fees") or {}).items()},
        insurance_note=str(raw.get("insurance_note") or ""),
        referral_note=str(raw.get("referral_note") or ""),
    )


@lru_cache(maxsize=4)
def _load(path: str) -> ClinicSettings:
    with open(path, encoding="utf-8") as handle:
        return parse_settings(yaml.safe_load(handle) or {})


def load_settings(path: str | None = None) -> ClinicSettings:
    """The clinic's settings from `path`, $CLINIC_CONFIG or clinic.yml, read once per path."""
    return _load(str(path or os.environ.get("CLINIC_CONFIG") or DEFAULT_CONFIG_PATH))
