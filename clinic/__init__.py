"""Plain-Python core of the clinic assistant: no Rasa imports here.

settings    - the clinic's details, loaded from clinic.yml
language    - the shared spaCy pipeline and typo-tolerant token normalisation
context     - negation, uncertainty and hypothetical cues around a matched phrase
emergency   - emergency and see-a-doctor-soon signs in a patient's words
checklist   - the dry needling screening items and the outcome rule
extraction  - checklist answers volunteered in free text
booking_request - what a booking or callback request contains, and its summary
contact     - names, phone numbers and e-mail addresses as patients type them
outbox      - the durable SQLite outbox of requests
delivery    - the clinic's booking webhook client and the retry worker
deliver, inbox - `make deliver` and `make inbox`
retention   - `make forget`: deleting old conversations
limits      - how much of a message is read (MAX_MESSAGE_CHARS), control characters removed
deploy      - deployment settings from the environment (CORS_ORIGINS)
"""
