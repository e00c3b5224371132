"""Plain-Python core of the clinic assistant: no Rasa imports here.

settings    - the clinic's details, loaded from clinic.yml
language    - the shared spaCy pipeline and typo-tolerant token normalisation
context     - negation, uncertainty and hypothetical cues around a matched phrase
emergency   - emergency and see-a-doctor-soon signs in a patient's words
checklist   - the dry needling screening items and the outcome rule
extraction  - checklist answers volunteered in free text
"""
