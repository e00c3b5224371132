"""The messaging apps' side of the end-to-end tests: their APIs recorded on loopback, and
their webhooks' signatures computed as each platform documents them (not with the code under test).
"""
import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List
from urllib.parse import parse_qs

PUBLIC_URL = "https://chat.clinic.test"  # the address the apps are given; Rasa runs elsewhere (a proxy)
TELEGRAM_TOKEN = "123456:TEST-telegram-token"
TELEGRAM_SECRET = "telegram-secret-token"
TWILIO_SID, TWILIO_TOKEN = "AC" + "0" * 32, "twilio-auth-token"
SMS_NUMBER, WHATSAPP_NUMBER = "+15870000001", "whatsapp:+15870000002"
FACEBOOK_VERIFY, FACEBOOK_SECRET, FACEBOOK_PAGE_TOKEN = "fb-verify", "fb-app-secret", "fb-page-token"
SLACK_TOKEN, SLACK_SECRET = "xoxb-test-token", "slack-signing-secret"


class ApiRecorder:
    """One local server standing in for the four apps' APIs: records each call, answers as the API would."""

    def __init__(self, port: int):
        self.port = port
        self.calls: List[dict] = []
        self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> Dict[str, str]:
        """The variables that switch every messaging connector on, talking to this recorder."""
        return {
            "PUBLIC_URL": PUBLIC_URL,
            "TELEGRAM_ACCESS_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
            "TELEGRAM_API_URL": f"{self.url}/telegram",
            "TWILIO_ACCOUNT_SID": TWILIO_SID, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
            "TWILIO_SMS_NUMBER": SMS_NUMBER, "TWILIO_WHATSAPP_NUMBER": WHATSAPP_NUMBER,
            "TWILIO_API_URL": f"{self.url}/twilio",
            "FACEBOOK_VERIFY_TOKEN": FACEBOOK_VERIFY, "FACEBOOK_APP_SECRET": FACEBOOK_SECRET,
            "FACEBOOK_PAGE_ACCESS_TOKEN": FACEBOOK_PAGE_TOKEN, "FACEBOOK_GRAPH_URL": f"{self.url}/facebook",
            "SLACK_BOT_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": SLACK_SECRET,
            "SLACK_API_URL": f"{self.url}/slack/",
        }

    def start(self) -> None:
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or b"{}")
                else:
                    body = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
                recorder.calls.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status, answer = recorder.answer(self.path, body)
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @staticmethod
    def answer(path: str, body: dict):
        if path.startswith("/telegram/"):
            if path.rsplit("/", 1)[-1].startswith("send"):
                return 200, {"ok": True, "result": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}}
            return 200, {"ok": True, "result": True}
        if path.startswith("/twilio/"):
            return 201, {"sid": "SM" + "0" * 32, "status": "queued", "to": body.get("To"), "body": body.get("Body")}
        if path.startswith("/facebook/"):
            return 200, {"recipient_id": "1", "message_id": "m_1"}
        return 200, {"ok": True, "channel": "D1", "ts": "1.0"}

    def find(self, app: str, match: Callable[[dict], bool]) -> List[dict]:
        return [call for call in list(self.calls) if call["path"].startswith(f"/{app}/") and match(call)]

    def wait_for(self, app: str, match: Callable[[dict], bool], count: int = 1, seconds: float = 60) -> List[dict]:
        """Calls to `app` that `match`, once there are `count` of them (Slack answers in the background)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = self.find(app, match)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        return self.find(app, match)


def twilio_signature(url: str, form: Dict[str, str], auth_token: str = TWILIO_TOKEN) -> str:
    """Twilio: HMAC-SHA1 of the URL followed by each POST field name and value, sorted by name; base64."""
    signed = url + "".join(key + form[key] for key in sorted(form))
    return base64.b64encode(hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()).decode()


def slack_headers(body: bytes, secret: str = SLACK_SECRET) -> Dict[str, str]:
    """Slack: v0=HMAC-SHA256 of "v0:<timestamp>:<body>" with the signing secret."""
    timestamp = str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}


def facebook_headers(body: bytes, secret: str = FACEBOOK_SECRET) -> Dict[str, str]:
    """Meta: sha256=HMAC-SHA256 of the body with the app secret (and the older sha1=...)."""
    return {
        "X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
        "X-Hub-Signature": "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest(),
    }
