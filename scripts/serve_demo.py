"""Serves the demo clinic page with the chat widget (web/demo/, web/dist/clinic-chat.js).

    python scripts/serve_demo.py --port 8080 --rasa-url http://localhost:5005

Binds to loopback only. The page is sent with a strict Content-Security-Policy: scripts and
styles from this server only, connections to the assistant only, so the demo also shows
that the widget needs nothing from any other site (and works on a clinic site with a CSP).
"""
import argparse
import html
import sys
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from clinic.settings import load_settings  # noqa: E402

WEB = Path(__file__).resolve().parent.parent / "web"
PAGES = {"/": WEB / "demo" / "index.html", "/rasa-webchat/": WEB / "demo" / "rasa-webchat.html"}
FILES = {
    "/clinic.css": (WEB / "demo" / "clinic.css", "text/css; charset=utf-8"),
    "/clinic-chat.js": (WEB / "dist" / "clinic-chat.js", "text/javascript; charset=utf-8"),
    # rasa-webchat 1.0.1 on the same channel, where `make web/vendor/rasa-webchat-1.0.1.js` has fetched it
    "/rasa-webchat/index.js": (WEB / "vendor" / "rasa-webchat-1.0.1.js", "text/javascript; charset=utf-8"),
    "/rasa-webchat/start.js": (WEB / "demo" / "rasa-webchat-start.js", "text/javascript; charset=utf-8"),
}


def content_security_policy(rasa_url: str, for_rasa_webchat: bool = False) -> str:
    parts = urlsplit(rasa_url)
    websocket = ("wss" if parts.scheme == "https" else "ws") + "://" + parts.netloc
    # rasa-webchat injects <style> elements and data: icons; our widget needs neither.
    styles, images = ("'self' 'unsafe-inline'", "'self' data:") if for_rasa_webchat else ("'self'", "'self'")
    return (
        f"default-src 'none'; script-src 'self'; style-src {styles}; img-src {images}; "
        f"connect-src {parts.scheme}://{parts.netloc} {websocket}; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


def demo_page(template: Path, rasa_url: str, clinic_name: str) -> bytes:
    page = template.read_text()
    page = page.replace("{{RASA_URL}}", html.escape(rasa_url, quote=True))
    return page.replace("{{CLINIC_NAME}}", html.escape(clinic_name, quote=True)).encode()


class DemoHandler(BaseHTTPRequestHandler):
    def __init__(self, *args, rasa_url: str, clinic_name: str, **kwargs):
        self.rasa_url = rasa_url
        self.clinic_name = clinic_name
        super().__init__(*args, **kwargs)

    def do_GET(self):  # noqa: N802 (http.server's naming)
        path = urlsplit(self.path).path
        if path in PAGES:
            body = demo_page(PAGES[path], self.rasa_url, self.clinic_name)
            content_type = "text/html; charset=utf-8"
        elif path == "/favicon.ico":  # browsers ask for it; the demo has none
            self.send_response(204)
            self.end_headers()
            return
        elif path in FILES and FILES[path][0].exists():
            body, content_type = FILES[path][0].read_bytes(), FILES[path][1]
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy",
                         content_security_policy(self.rasa_url, for_rasa_webchat=path.startswith("/rasa-webchat/")))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://localhost:5005", help="where the browser reaches Rasa")
    args = parser.parse_args()
    if not FILES["/clinic-chat.js"][0].exists():
        raise SystemExit("web/dist/clinic-chat.js is missing: run `make widget`")
    handler = partial(DemoHandler, rasa_url=args.rasa_url.rstrip("/"), clinic_name=load_settings().name)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print(f"Demo clinic page with the chat widget: http://localhost:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
