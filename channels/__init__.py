"""Rasa input/output channels of our own (see credentials.yml).

- website.py: the socket.io channel of the website chat (web/widget/ and rasa-webchat).
- the messaging apps (Telegram, Twilio SMS and WhatsApp, Messenger, Slack): Rasa's own connectors,
  subclassed so that each reads its settings from the environment (and stays off without them)
  and shapes answers to what the app can show. The shaping rules themselves are plain Python in
  clinic/messaging.py.
"""
