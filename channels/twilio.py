"""SMS and WhatsApp through Twilio: no buttons there, so options become a numbered list.

Rasa's Twilio connector checks no signature and sends every paragraph as its own SMS; these
subclasses check X-Twilio-Signature, send each answer as one message (split only past
Twilio's 1600 characters), and understand a reply "2" as the second option.
Webhooks: /webhooks/twilio/webhook (SMS), /webhooks/twilio_whatsapp/webhook (WhatsApp).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio import TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator

from channels.base import Handler, NumberedReplies, off_blueprint, settings_or_off
from channels.settings import webhook_url
from clinic.messaging import SMS, WHATSAPP, ChannelLimits, numbered_list, split_text

logger = logging.getLogger(__name__)

TWILIO_API = "https://api.twilio.com"
REQUEST_TIMEOUT_SECONDS = 10


class _TwilioApiAt(TwilioHttpClient):
    """Twilio's HTTP client sending to another address than api.twilio.com (a test recorder, a proxy)."""

    def __init__(self, api_url: str) -> None:
        super().__init__(timeout=REQUEST_TIMEOUT_SECONDS)
        self.api_url = api_url.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.startswith(TWILIO_API):
            url = self.api_url + url[len(TWILIO_API):]
        return super().request(method, url, *args, **kwargs)


class PlainTextTwilioOutput(TwilioOutput):
    def __init__(self, account_sid: str, auth_token: str, twilio_number: str, limits: ChannelLimits,
                 api_url: str | None = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.limits = limits
        self.http_client = _TwilioApiAt(api_url or TWILIO_API)
        self.max_retry = 1  # Rasa retries 5 times on an empty answer; a failed send would only repeat

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, self.limits.max_text):
            await self._send_message({"to": recipient_id, "from_": self.twilio_number, "body": part})

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Dict[str, Any]],
                                     **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, numbered_list(text, buttons))

    async def send_quick_replies(self, recipient_id: str, text: str, quick_replies: List[Dict[str, Any]],
                                 **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)


class TwilioSmsInput(InputChannel):
    """Patients texting the clinic's Twilio number."""

    limits = SMS

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        return cls(settings_or_off(cls.name()))

    def __init__(self, settings: Dict[str, str] | None) -> None:
        self.settings = settings

    @property
    def number(self) -> str:
        return self.settings["TWILIO_WHATSAPP_NUMBER" if self.limits is WHATSAPP else "TWILIO_SMS_NUMBER"]

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        if not self.settings:
            return off_blueprint(self.name())
        handler = NumberedReplies(on_new_message)
        webhook = Blueprint(f"{self.name()}_webhook", __name__)
        validator = RequestValidator(self.settings["TWILIO_AUTH_TOKEN"])
        # Twilio signs the address it was given, which a proxy in front of Rasa may not pass on.
        signed_url = webhook_url(self.settings["PUBLIC_URL"], self.name())

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            form = {key: values[0] for key, values in request.form.items()}
            if not validator.validate(signed_url, form, request.headers.get("X-Twilio-Signature", "")):
                logger.warning(f"{self.name()}: a request without a valid X-Twilio-Signature was refused")
                return response.text("invalid signature", status=403)
            sender, text = form.get("From"), form.get("Body")
            if sender and text:
                # "@" arrives as "¡" from some carriers
                await handler(UserMessage(text.replace("¡", "@"), self.get_output_channel(), sender,
                                          input_channel=self.name(), metadata=self.get_metadata(request)))
            # an empty TwiML answer: the replies go out through the API, not in this response
            return response.text("<Response/>", content_type="text/xml")

        return handler.attach(webhook)

    def get_output_channel(self) -> PlainTextTwilioOutput:
        return PlainTextTwilioOutput(self.settings["TWILIO_ACCOUNT_SID"], self.settings["TWILIO_AUTH_TOKEN"],
                                     self.number, self.limits, self.settings.get("TWILIO_API_URL"))


class TwilioWhatsAppInput(TwilioSmsInput):
    """Patients writing to the clinic's WhatsApp sender through Twilio (whatsapp:+1... addresses)."""

    limits = WHATSAPP

    @classmethod
    def name(cls) -> str:
        return "twilio_whatsapp"
