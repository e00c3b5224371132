"""Facebook Messenger: options as quick replies within Messenger's limits.

Messenger shows at most 13 quick replies with titles of up to 20 characters (Rasa's connector
sends a button template, which drops everything past 3 buttons). Where our titles are longer,
the options are listed by number in the text and the quick replies are the numbers; a typed
"2" works too. Requests are checked against X-Hub-Signature-256 (X-Hub-Signature, SHA-1, when
only that one comes). Webhook: /webhooks/facebook/webhook.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any, Dict, List

from fbmessenger import MessengerClient
from fbmessenger.elements import Text as FBText
from fbmessenger.sender_actions import SenderAction
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.facebook import Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.base import Handler, NumberedReplies, off_blueprint, settings_or_off
from clinic.messaging import MESSENGER, buttons_fit, numbered_list, split_text

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT_SECONDS = 10


def messenger_client(page_access_token: str, graph_url: str | None) -> MessengerClient:
    client = MessengerClient(page_access_token)
    if graph_url:
        client.graph_url = graph_url.rstrip("/")
    return client


class ClinicMessengerBot(MessengerBot):
    def send(self, recipient_id: str, element: Any) -> None:
        self.messenger_client.send(element.to_dict(), recipient_id, "RESPONSE", timeout=REQUEST_TIMEOUT_SECONDS)

    async def send_action(self, recipient_id: str, sender_action: str) -> None:
        self.messenger_client.send_action(SenderAction(sender_action).to_dict(), recipient_id,
                                          timeout=REQUEST_TIMEOUT_SECONDS)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, MESSENGER.max_text):
            self.send(recipient_id, FBText(text=part))

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Dict[str, Any]],
                                     **kwargs: Any) -> None:
        if buttons_fit(buttons, MESSENGER):
            replies = [{"title": button["title"], "payload": button["payload"]} for button in buttons]
        else:
            text = numbered_list(text, buttons)
            replies = [{"title": str(position), "payload": button["payload"]}
                       for position, button in enumerate(buttons[:MESSENGER.max_buttons], start=1)]
        *first_parts, last_part = split_text(text, MESSENGER.max_text)
        for part in first_parts:
            self.send(recipient_id, FBText(text=part))
        self.send(recipient_id, FBText(text=last_part, quick_replies=self._convert_to_quick_reply(replies)))

    async def send_quick_replies(self, recipient_id: str, text: str, quick_replies: List[Dict[str, Any]],
                                 **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)


class _ClinicMessenger(Messenger):
    """Rasa's webhook parser, answering through ClinicMessengerBot."""

    def __init__(self, client: MessengerClient, on_new_message: Handler) -> None:
        self.on_new_message = on_new_message
        self.client = client
        self.last_message: Dict[str, Any] = {}

    async def _handle_user_message(self, text: str, sender_id: str, metadata: Dict[str, Any] | None) -> None:
        out_channel = ClinicMessengerBot(self.client)
        await out_channel.send_action(sender_id, sender_action="mark_seen")
        await out_channel.send_action(sender_id, sender_action="typing_on")
        try:
            await self.on_new_message(UserMessage(text, out_channel, sender_id, input_channel=self.name(),
                                                  metadata=metadata))
        finally:
            await out_channel.send_action(sender_id, sender_action="typing_off")


def signature_is_valid(app_secret: str, body: bytes, headers: Any) -> bool:
    """Meta signs the body with the app secret: sha256=<hex> (and the older sha1=<hex>)."""
    for header, algorithm in (("X-Hub-Signature-256", hashlib.sha256), ("X-Hub-Signature", hashlib.sha1)):
        signature = headers.get(header)
        if signature:
            expected = f"{algorithm().name}={hmac.new(app_secret.encode(), body, algorithm).hexdigest()}"
            return hmac.compare_digest(expected, signature)
    return False


class FacebookInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "facebook"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        return cls(settings_or_off(cls.name()))

    def __init__(self, settings: Dict[str, str] | None) -> None:
        self.settings = settings

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        if not self.settings:
            return off_blueprint(self.name())
        handler = NumberedReplies(on_new_message)
        webhook = Blueprint(f"{self.name()}_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            """Meta's one-time check when the webhook is set up in the app's settings."""
            token = request.args.get("hub.verify_token") or ""
            if hmac.compare_digest(token, self.settings["FACEBOOK_VERIFY_TOKEN"]):
                return response.text(request.args.get("hub.challenge") or "")
            return response.text("invalid verify token", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not signature_is_valid(self.settings["FACEBOOK_APP_SECRET"], request.body, request.headers):
                logger.warning("facebook: a request without a valid X-Hub-Signature was refused")
                return response.text("invalid signature", status=403)
            messenger = _ClinicMessenger(self._client(), handler)
            await messenger.handle(request.json, self.get_metadata(request))
            return response.text("success")

        return handler.attach(webhook)

    def _client(self) -> MessengerClient:
        return messenger_client(self.settings["FACEBOOK_PAGE_ACCESS_TOKEN"], self.settings.get("FACEBOOK_GRAPH_URL"))

    def get_output_channel(self) -> ClinicMessengerBot:
        return ClinicMessengerBot(self._client())
