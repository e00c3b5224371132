"""Custom actions: thin Rasa glue over the plain `clinic` package, one module per area.

session    - clearing health answers at the end of a conversation
answers    - FAQ answers, including the ones computed from clinic.yml
safety     - the emergency and see-a-doctor-soon advice
screening  - the contraindication checklist form and its outcome
booking    - the booking and callback forms, and sending a confirmed request
server     - the action server's answer when an action fails (no patient data in it or in the logs)
"""
from rasa_sdk.plugin import plugin_manager

from actions import server
from clinic.delivery import ensure_worker_started

# rasa_sdk runs its plugin hook after importing this package: our error handler replaces its own.
if not plugin_manager().is_registered(server):
    plugin_manager().register(server)

# The action server imports this package once, when it starts: requests still waiting in the
# outbox after a restart are retried from then on, not only once somebody chats. Without a
# webhook URL (offline mode, unit tests) this starts nothing.
ensure_worker_started()
