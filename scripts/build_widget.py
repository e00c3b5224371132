"""Builds web/dist/clinic-chat.js: socket.io-client (pinned in web/package-lock.json) and our
widget (web/widget/chat.js) in one file, so a clinic's page needs one <script> tag.

No bundler is needed: socket.io's UMD build is wrapped in a function that hands it a local
`module`, so it defines no global `io` that could clash with the clinic site's own scripts.
"""
import argparse
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent / "web"
SOCKET_IO = WEB / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
WIDGET = WEB / "widget" / "chat.js"


def bundle(socket_io: str, widget: str) -> str:
    # The source map is not shipped; its comment would make browser tools ask for it.
    socket_io = "\n".join(line for line in socket_io.splitlines() if not line.startswith("//# sourceMappingURL"))
    return (
        "/*! Clinic chat widget: web/widget/chat.js, with socket.io-client (MIT licence, below). */\n"
        "(function () {\n"
        "var module = { exports: {} }, exports = module.exports, define;\n"
        f"{socket_io}\n"
        "var io = module.exports;\n"
        f"{widget}\n"
        "})();\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="where to write the bundle")
    out = parser.parse_args().out
    if not SOCKET_IO.exists():
        raise SystemExit(f"{SOCKET_IO} is missing: run `npm ci --prefix web` (make widget does)")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(bundle(SOCKET_IO.read_text(), WIDGET.read_text()))
    print(f"{out}: {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
