"""Each messaging connector with its app's real webhook format, against the running servers.

The apps' APIs are a local recorder (tests/e2e/messaging_apps.py): each test posts what the app
would post, signed as the app signs it, and checks what the connector sent back to the app's API.
"""
import json
import uuid
from urllib.parse import quote

import pytest
import requests

from clinic.checklist import ITEM_IDS
from tests.e2e.messaging_apps import (
    FACEBOOK_SECRET,
    FACEBOOK_VERIFY,
    PUBLIC_URL,
    SMS_NUMBER,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    WHATSAPP_NUMBER,
    facebook_headers,
    slack_headers,
    twilio_signature,
)

pytestmark = pytest.mark.e2e

REPLY_WITH_NUMBER = "Reply with a number:"


def slots(servers, sender):
    response = requests.get(f"{servers['rasa']}/conversations/{sender}/tracker",
                            params={"token": servers["token"]}, timeout=30)
    response.raise_for_status()
    return response.json()["slots"]


# --- Twilio: SMS and WhatsApp -------------------------------------------------------------------

class TextingPatient:
    """A phone number texting the clinic through Twilio; `says` returns the bodies Twilio was asked to send."""

    def __init__(self, servers, recorder, channel="twilio", prefix=""):
        self.servers, self.recorder, self.channel = servers, recorder, channel
        self.number = f"{prefix}+1403{uuid.uuid4().int % 10**7:07d}"

    def post(self, text, signature=None):
        form = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32, "From": self.number,
                "To": SMS_NUMBER, "Body": text, "NumMedia": "0"}
        url = f"{PUBLIC_URL}/webhooks/{self.channel}/webhook"
        headers = {"X-Twilio-Signature": signature or twilio_signature(url, form)}
        return requests.post(f"{self.servers['rasa']}/webhooks/{self.channel}/webhook", data=form,
                             headers=headers, timeout=60)

    def sent(self):
        return self.recorder.find("twilio", lambda call: call["body"].get("To") == self.number)

    def says(self, text):
        before = len(self.sent())
        response = self.post(text)
        assert response.status_code == 200, response.text
        return [call["body"]["Body"] for call in self.sent()[before:]]

    def reply_text(self, text):
        return "\n".join(self.says(text))


def test_sms_options_are_a_numbered_list_and_numbers_answer_the_checklist_and_booking(
        servers, messaging_apps, webhook):
    patient = TextingPatient(servers, messaging_apps)
    consent = patient.reply_text("can I have dry needling for my sciatica?")
    assert f"OK to start?\n\n{REPLY_WITH_NUMBER}\n1. Yes, let's start\n2. No thanks" in consent
    first_question = patient.reply_text("1")
    assert "pregnant" in first_question and "1. Yes\n2. No\n3. Not sure" in first_question
    # every checklist question answered "2" (No), as a patient would by SMS
    outcome = first_question
    for _ in range(len(ITEM_IDS)):
        if not slots(servers, patient.number).get("requested_slot"):
            break
        outcome = patient.reply_text("2")
    state = slots(servers, patient.number)
    assert state["screening_outcome"] == "clear" and state["pregnancy"] == "no" and state["metal_allergy"] == "no"
    assert "1. Yes, request a visit" in outcome
    assert "name" in patient.reply_text("1").lower()
    patient.says("Jo Smith")
    patient.says("403 555 0123")
    share = patient.reply_text("weekday mornings")
    assert "1. Yes, include them\n2. No, just the result" in share
    confirmation = patient.reply_text("2")
    assert "Shall I send it?" in confirmation and "4. Change time" in confirmation
    assert "time" in patient.reply_text("4").lower()  # "4": change the time, inside the booking form
    assert "evenings after 5" in patient.reply_text("evenings after 5")
    done = patient.reply_text("1")
    reference = next(word.strip(".,") for word in done.split() if word.startswith("DN-"))
    request = webhook.wait_for(reference)[0]["json"]
    assert request["preferred_time"] == "evenings after 5" and request["share_health_answers"] is False


def test_sms_answer_comes_as_one_message_from_the_clinic_number(servers, messaging_apps):
    patient = TextingPatient(servers, messaging_apps)
    patient.post("what is sciatica?")
    sent = patient.sent()
    # Rasa's own connector sends each paragraph as its own SMS; one answer is one message here
    assert len(sent) == 1
    body = sent[0]["body"]
    assert body["From"] == SMS_NUMBER and len(body["Body"]) <= 1600
    assert body["Body"].startswith("Sciatica is pain") and "1. What are the symptoms?" in body["Body"]
    assert sent[0]["path"].endswith("/Messages.json")


def last_user_text(servers, sender):
    response = requests.get(f"{servers['rasa']}/conversations/{sender}/tracker",
                            params={"token": servers["token"]}, timeout=30)
    return [event["text"] for event in response.json()["events"] if event["event"] == "user"][-1]


def test_a_number_means_an_option_only_right_after_options(servers, messaging_apps):
    patient = TextingPatient(servers, messaging_apps)
    patient.says("what is dry needling?")  # offers 3 options
    patient.says("3")
    assert last_user_text(servers, patient.number) == "/ask_safety_evidence"
    patient.says("bye")  # the goodbye offers none: a later "2" is just the text "2"
    patient.says("2")
    assert last_user_text(servers, patient.number) == "2"


def test_sms_without_a_valid_twilio_signature_is_refused(servers, messaging_apps):
    patient = TextingPatient(servers, messaging_apps)
    response = patient.post("what is dry needling?", signature="bm90IGEgc2lnbmF0dXJl")
    assert response.status_code == 403
    assert patient.sent() == []


def test_whatsapp_goes_out_from_the_whatsapp_sender(servers, messaging_apps):
    patient = TextingPatient(servers, messaging_apps, channel="twilio_whatsapp", prefix="whatsapp:")
    reply = patient.says("does it hurt?")
    assert len(reply) == 1 and reply[0].startswith("Most people feel a slight prick")
    assert patient.sent()[0]["body"]["From"] == WHATSAPP_NUMBER
    assert "Most people feel" not in patient.reply_text("1")  # option 1: how will I feel after?


# --- Telegram -----------------------------------------------------------------------------------

def telegram_update(chat_id, text=None, callback_data=None):
    chat = {"id": chat_id, "first_name": "Jo", "type": "private"}
    sender = {"id": chat_id, "is_bot": False, "first_name": "Jo"}
    message = {"message_id": 7, "from": sender, "chat": chat, "date": 1764547200, "text": text or "menu"}
    if callback_data is None:
        return {"update_id": 1000, "message": message}
    return {"update_id": 1001, "callback_query": {"id": "cb-1", "from": sender, "message": message,
                                                  "chat_instance": "1", "data": callback_data}}


def post_telegram(servers, update, secret=TELEGRAM_SECRET):
    return requests.post(f"{servers['rasa']}/webhooks/telegram/webhook", json=update,
                         headers={"X-Telegram-Bot-Api-Secret-Token": secret}, timeout=60)


def telegram_sent(recorder, chat_id):
    return recorder.find("telegram", lambda call: call["path"].endswith("/sendMessage")
                         and call["body"].get("chat_id") == str(chat_id))


def test_telegram_webhook_is_registered_with_its_secret_token(servers, messaging_apps):
    calls = messaging_apps.wait_for("telegram", lambda call: call["path"].endswith("/setWebhook"))
    assert calls[0]["path"] == f"/telegram/bot{TELEGRAM_TOKEN}/setWebhook"
    assert calls[0]["body"]["url"] == f"{PUBLIC_URL}/webhooks/telegram/webhook"
    assert calls[0]["body"]["secret_token"] == TELEGRAM_SECRET


def test_telegram_buttons_fit_64_bytes_and_a_tap_answers(servers, messaging_apps):
    chat_id = uuid.uuid4().int % 10**9
    assert post_telegram(servers, telegram_update(chat_id, "/start")).status_code == 200
    greeting = telegram_sent(messaging_apps, chat_id)[-1]["body"]
    assert "assistant" in greeting["text"]
    keyboard = json.loads(greeting["reply_markup"])["inline_keyboard"]
    buttons = [button for row in keyboard for button in row]
    assert [button["text"] for button in buttons] == ["What is dry needling?", "Does it hurt?", "Is it right for me?"]
    assert all(len(button["callback_data"].encode()) <= 64 for button in buttons)

    tap = telegram_update(chat_id, callback_data=buttons[1]["callback_data"])
    assert post_telegram(servers, tap).status_code == 200
    assert telegram_sent(messaging_apps, chat_id)[-1]["body"]["text"].startswith("Most people feel a slight prick")
    answered = messaging_apps.find("telegram", lambda call: call["path"].endswith("/answerCallbackQuery"))
    assert any(call["body"].get("callback_query_id") == "cb-1" for call in answered)


def test_telegram_booking_correction_buttons_stay_under_64_bytes(servers, messaging_apps):
    # the longest payloads of the domain carry an entity: /correct_booking_detail{"booking_field": ...}
    chat_id = uuid.uuid4().int % 10**9
    post_telegram(servers, telegram_update(chat_id, "can you check if I can have dry needling"))
    post_telegram(servers, telegram_update(chat_id, "yes"))
    for _ in range(len(ITEM_IDS)):
        if not slots(servers, str(chat_id)).get("requested_slot"):
            break
        post_telegram(servers, telegram_update(chat_id, callback_data="/deny"))
    for text in ("yes", "Jo Smith", "jo@example.com", "mornings", "no"):
        post_telegram(servers, telegram_update(chat_id, text))
    confirmation = telegram_sent(messaging_apps, chat_id)[-1]["body"]
    assert "Shall I send it?" in confirmation["text"]
    buttons = [button for row in json.loads(confirmation["reply_markup"])["inline_keyboard"] for button in row]
    assert len(buttons) == 5 and all(len(button["callback_data"].encode()) <= 64 for button in buttons)
    change_name = next(button for button in buttons if button["text"] == "Change name")
    post_telegram(servers, telegram_update(chat_id, callback_data=change_name["callback_data"]))
    assert "name" in telegram_sent(messaging_apps, chat_id)[-1]["body"]["text"].lower()


def test_telegram_update_without_the_secret_token_is_refused(servers, messaging_apps):
    chat_id = uuid.uuid4().int % 10**9
    assert post_telegram(servers, telegram_update(chat_id, "hi"), secret="wrong").status_code == 403
    assert telegram_sent(messaging_apps, chat_id) == []


# --- Facebook Messenger -------------------------------------------------------------------------

def messenger_event(psid, text=None, quick_reply=None):
    message = {"mid": "m_" + uuid.uuid4().hex, "text": text or quick_reply}
    if quick_reply:
        message["quick_reply"] = {"payload": quick_reply}
    return {"object": "page", "entry": [{"id": "PAGE", "time": 1764547200000, "messaging": [
        {"sender": {"id": psid}, "recipient": {"id": "PAGE"}, "timestamp": 1764547200000, "message": message}]}]}


def post_messenger(servers, event, secret=FACEBOOK_SECRET):
    body = json.dumps(event).encode()
    return requests.post(f"{servers['rasa']}/webhooks/facebook/webhook", data=body, timeout=60,
                         headers={"Content-Type": "application/json", **facebook_headers(body, secret)})


def messenger_sent(recorder, psid):
    return recorder.find("facebook", lambda call: call["body"].get("recipient", {}).get("id") == psid
                         and "message" in call["body"])


def test_messenger_quick_replies_stay_within_limits_and_numbers_work(servers, messaging_apps):
    psid = uuid.uuid4().hex
    assert post_messenger(servers, messenger_event(psid, "what can you do?")).status_code == 200
    message = messenger_sent(messaging_apps, psid)[-1]["body"]["message"]
    replies = message["quick_replies"]
    assert 1 <= len(replies) <= 13 and all(len(reply["title"]) <= 20 for reply in replies)
    # "What is dry needling?" is 21 characters: the options are listed by number, the replies are numbers
    assert "1. What is dry needling?" in message["text"] and [reply["title"] for reply in replies][:2] == ["1", "2"]
    assert replies[1]["payload"] == "/ask_what_is_sciatica"
    post_messenger(servers, messenger_event(psid, quick_reply=replies[1]["payload"]))
    assert messenger_sent(messaging_apps, psid)[-1]["body"]["message"]["text"].startswith("Sciatica is pain")
    post_messenger(servers, messenger_event(psid, "1"))  # typed: the first option of the last answer
    assert messenger_sent(messaging_apps, psid)[-1]["body"]["message"]["text"].startswith("Common signs are")


def test_messenger_short_titles_are_quick_replies_as_they_are(servers, messaging_apps):
    psid = uuid.uuid4().hex
    post_messenger(servers, messenger_event(psid, "can I have dry needling for my sciatica?"))
    message = messenger_sent(messaging_apps, psid)[-1]["body"]["message"]
    assert [reply["title"] for reply in message["quick_replies"]] == ["Yes, let's start", "No thanks"]
    assert REPLY_WITH_NUMBER not in message["text"]


def test_messenger_signature_and_verification(servers, messaging_apps):
    psid = uuid.uuid4().hex
    assert post_messenger(servers, messenger_event(psid, "hi"), secret="not-the-secret").status_code == 403
    assert messenger_sent(messaging_apps, psid) == []
    verify = requests.get(f"{servers['rasa']}/webhooks/facebook/webhook", timeout=10, params={
        "hub.mode": "subscribe", "hub.verify_token": FACEBOOK_VERIFY, "hub.challenge": "1158201444"})
    assert verify.status_code == 200 and verify.text == "1158201444"


# --- Slack --------------------------------------------------------------------------------------

def post_slack(servers, body: bytes, content_type, signed=True):
    headers = {"Content-Type": content_type, **(slack_headers(body) if signed else {})}
    return requests.post(f"{servers['rasa']}/webhooks/slack/webhook", data=body, headers=headers, timeout=60)


def slack_direct_message(user, text):
    return json.dumps({
        "token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback", "event_id": "Ev1",
        "event_time": 1764547200, "authorizations": [{"user_id": "UBOT", "is_bot": True}],
        "event": {"type": "message", "channel_type": "im", "channel": "D" + user, "user": user, "text": text,
                  "ts": "1764547200.000100", "event_ts": "1764547200.000100"},
    }).encode()


def slack_sent(recorder, user):
    return lambda call: call["path"] == "/slack/chat.postMessage" and call["body"].get("channel") == "D" + user


def test_slack_message_and_button_click(servers, messaging_apps):
    user = "U" + uuid.uuid4().hex[:8].upper()
    assert post_slack(servers, slack_direct_message(user, "what is dry needling?"), "application/json").ok
    answer = messaging_apps.wait_for("slack", slack_sent(messaging_apps, user))[-1]["body"]
    assert answer["text"].startswith("Dry needling is a treatment")
    actions = next(block for block in answer["blocks"] if block["type"] == "actions")["elements"]
    assert [element["value"] for element in actions][0] == "/ask_how_it_helps_sciatica"

    click = {"type": "block_actions", "user": {"id": user}, "channel": {"id": "D" + user},
             "container": {"type": "message", "channel_id": "D" + user},
             "actions": [{"type": "button", "action_id": "a1", "block_id": "b1", "value": actions[0]["value"],
                          "text": {"type": "plain_text", "text": actions[0]["text"]["text"]}}]}
    body = ("payload=" + quote(json.dumps(click))).encode()
    assert post_slack(servers, body, "application/x-www-form-urlencoded").ok
    after = messaging_apps.wait_for("slack", slack_sent(messaging_apps, user), count=2)
    assert after[-1]["body"]["text"].startswith("Tight muscles near the sciatic nerve")


def test_slack_request_without_signature_is_refused(servers, messaging_apps):
    user = "U" + uuid.uuid4().hex[:8].upper()
    response = post_slack(servers, slack_direct_message(user, "hi"), "application/json", signed=False)
    assert response.status_code == 400
