"""Chat with the running assistant in the terminal, through its REST channel.

Buttons are numbered: type the number to press one. Ctrl-D or "/quit" ends the chat.
"""
import argparse
import sys
import uuid

import requests


def show(messages):
    for message in messages:
        if message.get("text"):
            print(f"\nassistant> {message['text']}")
        for index, button in enumerate(message.get("buttons") or [], start=1):
            print(f"   [{index}] {button['title']}")
    return [button for message in messages for button in (message.get("buttons") or [])]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:5005")
    args = parser.parse_args()
    webhook = f"{args.url}/webhooks/rest/webhook"
    sender = f"shell-{uuid.uuid4().hex[:8]}"
    try:
        requests.get(f"{args.url}/status", timeout=3)
    except requests.RequestException:
        print(f"The assistant is not running at {args.url}: start it with `make run` in another terminal.")
        return 1
    print("Talking to the assistant (Ctrl-D to quit). Type a number to press a button.")
    buttons = []
    while True:
        try:
            text = input("\nyou> ").strip()
        except EOFError:
            print()
            return 0
        if text == "/quit":
            return 0
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        if not text:
            continue
        response = requests.post(webhook, json={"sender": sender, "message": text}, timeout=60)
        response.raise_for_status()
        buttons = show(response.json())


if __name__ == "__main__":
    sys.exit(main())
