"""Rasa input channels of our own (Rasa glue; see credentials.yml)."""
