"""Telegram: buttons as an inline keyboard whose callback data stays within Telegram's 64 bytes.

Unlike Rasa's connector (which asks Telegram's getMe on every message and compares a bot name),
this one checks the secret token Telegram sends with every update
(X-Telegram-Bot-Api-Secret-Token), registers its webhook once the server is up, and opens
one API session per message. Webhook: /webhooks/telegram/webhook.
"""
from __future__ import annotations

import hmac
import json
import logging
from typing import Any, Dict, List

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.base import Handler, NumberedReplies, off_blueprint, settings_or_off
from channels.settings import webhook_url
from clinic.messaging import TELEGRAM, callback_data, split_text

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT_SECONDS = 10
# Telegram sends "/start" when a patient opens the chat: greet them.
START_COMMAND, GREET = "/start", "/greet"


class ClinicTelegramOutput(TelegramOutput):
    def __init__(self, access_token: str, api_url: str | None = None) -> None:
        server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server, timeout=REQUEST_TIMEOUT_SECONDS)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, TELEGRAM.max_text):
            await self.send_message(recipient_id, part)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Dict[str, Any]],
                                     **kwargs: Any) -> None:
        *first_parts, last_part = split_text(text, TELEGRAM.max_text)
        for part in first_parts:
            await self.send_message(recipient_id, part)
        keyboard = InlineKeyboardMarkup(row_width=1)  # one per row: our titles are whole questions
        for button, data in zip(buttons, callback_data(buttons, TELEGRAM.max_payload_bytes), strict=True):
            keyboard.add(InlineKeyboardButton(button["title"], callback_data=data))
        await self.send_message(recipient_id, last_part, reply_markup=keyboard)

    async def send_quick_replies(self, recipient_id: str, text: str, quick_replies: List[Dict[str, Any]],
                                 **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)


class TelegramInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

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
        secret = self.settings["TELEGRAM_SECRET_TOKEN"]

        @webhook.listener("after_server_start")
        async def register_webhook(*_: Any) -> None:
            await self.register_webhook()

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not hmac.compare_digest(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), secret):
                logger.warning("telegram: an update without the secret token was refused")
                return response.text("invalid secret token", status=403)
            update = request.json or {}
            callback = update.get("callback_query")
            message = callback["message"] if callback else update.get("message") or update.get("edited_message")
            text = callback.get("data") if callback else (message or {}).get("text")
            if not message or not text:
                return response.text("success")  # a sticker, a photo, a member joining: nothing to answer
            if text.strip() == START_COMMAND:
                text = GREET
            out_channel = self.get_output_channel()
            try:
                if callback:  # stops the spinner on the button the patient tapped
                    await out_channel.answer_callback_query(callback["id"])
                await handler(UserMessage(text, out_channel, str(message["chat"]["id"]),
                                          input_channel=self.name(), metadata=self.get_metadata(request)))
            finally:
                await out_channel.session.close()
            return response.text("success")

        return handler.attach(webhook)

    async def register_webhook(self) -> None:
        """Tells Telegram where to send updates, with the secret token it must send back."""
        bot = self.get_output_channel()
        url = webhook_url(self.settings["PUBLIC_URL"], self.name())
        try:
            await bot.request("setWebhook", {
                "url": url, "secret_token": self.settings["TELEGRAM_SECRET_TOKEN"],
                "allowed_updates": json.dumps(["message", "edited_message", "callback_query"]),
            })
            logger.info(f"telegram: webhook set to {url}")
        except Exception as error:  # the assistant still serves every other channel
            logger.error(f"telegram: could not set the webhook to {url}: {error}")
        finally:
            await bot.session.close()

    def get_output_channel(self) -> ClinicTelegramOutput:
        return ClinicTelegramOutput(self.settings["TELEGRAM_ACCESS_TOKEN"], self.settings.get("TELEGRAM_API_URL"))
