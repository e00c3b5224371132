"""Custom actions: thin Rasa glue over the plain `clinic` package, one module per area.

session    - clinic details into slots at session start; clearing health answers
answers    - FAQ answers, including the ones computed from clinic.yml
safety     - the emergency and see-a-doctor-soon advice
screening  - the contraindication checklist form and its outcome
"""
