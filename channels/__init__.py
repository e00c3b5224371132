"""Rasa input/output channels for the messaging apps (Telegram, Twilio SMS and WhatsApp,
Messenger, Slack): Rasa's own connectors, subclassed so that each reads its settings from the
environment (and stays off without them) and shapes answers to what the app can show.
The shaping rules themselves are plain Python in clinic/messaging.py.
"""
