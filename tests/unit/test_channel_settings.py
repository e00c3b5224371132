"""channels/settings.py: a connector is on with all its variables, off with none, an error with some."""
import pytest

from channels.settings import ConnectorConfigError, connector_settings, webhook_url

TWILIO = {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t", "PUBLIC_URL": "https://chat.example"}


def test_off_when_none_of_its_own_variables_is_set():
    assert connector_settings("telegram", {}) is None
    assert connector_settings("twilio", TWILIO) is None  # shared Twilio settings alone switch nothing on
    assert connector_settings("slack", {"SLACK_BOT_TOKEN": "  "}) is None


def test_on_with_all_of_them():
    settings = connector_settings("twilio_whatsapp", {**TWILIO, "TWILIO_WHATSAPP_NUMBER": "whatsapp:+1555"})
    assert settings["TWILIO_WHATSAPP_NUMBER"] == "whatsapp:+1555" and settings["TWILIO_API_URL"] == ""
    assert connector_settings("twilio", {**TWILIO, "TWILIO_WHATSAPP_NUMBER": "whatsapp:+1555"}) is None


def test_partly_configured_names_what_is_missing():
    with pytest.raises(ConnectorConfigError, match="set FACEBOOK_APP_SECRET, FACEBOOK_PAGE_ACCESS_TOKEN too"):
        connector_settings("facebook", {"FACEBOOK_VERIFY_TOKEN": "v"})
    with pytest.raises(ConnectorConfigError, match="PUBLIC_URL"):
        connector_settings("telegram", {"TELEGRAM_ACCESS_TOKEN": "1:a", "TELEGRAM_SECRET_TOKEN": "s"})


def test_webhook_url():
    assert webhook_url("https://chat.example/", "twilio") == "https://chat.example/webhooks/twilio/webhook"
