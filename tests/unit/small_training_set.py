"""A small fixed training set shared by the intent-model and component tests: 8 examples for each
of four intents, plus emergency reports (which train the emergency net only)."""

EMERGENCY = "report_emergency"

TRAINING = {
    "greet": [
        "hello", "hi there", "good morning", "hey", "hi, anyone there?", "hello, good afternoon", "hey there",
        "good evening",
    ],
    "ask_what_is_dry_needling": [
        "what is dry needling", "what's dry needling?", "can you explain dry needling", "what does dry needling mean",
        "tell me what dry needling is", "what is needling exactly", "explain needling to me",
        "what is this needling treatment",
    ],
    "ask_how_it_feels": [
        "does it hurt", "is dry needling painful", "will the needles hurt", "how painful is it",
        "does needling hurt much", "what does it feel like", "is it sore when the needle goes in",
        "how much does it hurt",
    ],
    "ask_session_length": [
        "how long is a session", "how long does a session take", "how many minutes is an appointment",
        "how long will the appointment last", "what is the length of a session", "how much time does a visit take",
        "session duration?", "how long are the treatments",
    ],
    EMERGENCY: [
        "i wet myself last night", "i can't pee since this morning", "i have lost control of my bladder",
        "my groin is numb since yesterday", "i couldn't feel the toilet paper when i wiped",
        "my foot keeps slapping the floor", "i had an accident and did not notice",
        "numb between my legs and i cannot pee",
    ],
}
