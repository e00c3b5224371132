"""Writes domain/clinic_details.yml: the clinic's details from clinic.yml as slot defaults.

Responses name the clinic, its phone and the emergency number through slots. Given as each
slot's initial_value, they are there from the first message of every conversation and need
no custom action: with the action server down, the greeting and the emergency advice still
say "call 911", never "call None". The file is generated (git-ignored); clinic.yml stays the
one place to change a detail (`make train` regenerates it and retrains).
"""
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from clinic.settings import PROJECT_ROOT, load_settings  # noqa: E402

OUTPUT = PROJECT_ROOT / "domain" / "clinic_details.yml"
CLINIC_SLOTS = ("clinic_name", "clinic_phone", "clinic_address", "booking_link", "emergency_number")
# the hours and notes too, so the hours and cost answers have plain stand-ins when the action
# server is down (components/custom_action_guard.py)
ANSWER_SLOTS = ("hours_lines", "insurance_note", "referral_note")


def render(config_path: str | None = None) -> str:
    settings = load_settings(config_path)
    values = {**settings.template_values(), "hours_lines": settings.hours_lines(), **settings.note_values()}
    domain = {
        "version": "3.1",
        "slots": {
            slot: {"type": "text", "initial_value": values[slot], "influence_conversation": False,
                   "mappings": [{"type": "custom"}]}
            for slot in CLINIC_SLOTS + ANSWER_SLOTS
        },
    }
    header = "# GENERATED from clinic.yml by scripts/render_clinic_domain.py: edit clinic.yml, not this file.\n"
    return header + yaml.safe_dump(domain, sort_keys=False, allow_unicode=True)


if __name__ == "__main__":
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    output.write_text(render(), encoding="utf-8")
    print(f"clinic details written to {output}")
