"""Booking form input (clinic/contact.py): phone numbers, e-mail addresses, names."""
import pytest

from clinic.contact import (
    Contact,
    InvalidContact,
    clean_name,
    format_phone,
    is_bare_contact,
    looks_like_email_typo,
    normalize_email,
    normalize_phone,
    parse_contact,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("403-555-0123", "+14035550123"),
        ("(403) 555 0123", "+14035550123"),
        ("(403)555-0123", "+14035550123"),
        ("4035550123", "+14035550123"),
        ("+1 403 555 0123", "+14035550123"),
        ("+14035550123", "+14035550123"),
        ("1-403-555-0123", "+14035550123"),
        ("14035550123", "+14035550123"),
        ("403.555.0123", "+14035550123"),
        ("  587 555 0199  ", "+15875550199"),
        ("403\u2011555\u20110123", "+14035550123"),  # non-breaking hyphens from autofill
        ("403-555-0123 x12", "+14035550123 ext. 12"),
        ("403-555-0123x12", "+14035550123 ext. 12"),
        ("403-555-0123 ext. 12", "+14035550123 ext. 12"),
        ("403-555-0123 EXT 12", "+14035550123 ext. 12"),
        ("403 555 0123 extension 12", "+14035550123 ext. 12"),
        ("4035550123 #12", "+14035550123 ext. 12"),
        ("403-555-012", None),  # too few digits
        ("403-555-01234", None),  # too many
        ("24035550123", None),  # 11 digits not starting with 1
        ("023-555-0123", None),  # area code starts with 0
        ("103-555-0123", None),  # area code starts with 1
        ("403-055-0123", None),  # exchange starts with 0
        ("403-155-0123", None),  # exchange starts with 1
        ("403-555-O123", None),  # letter O for zero
        ("call 403-555-0123", None),  # a sentence is parse_contact's job
        ("+4035550123", None),  # "+" must be followed by the country code 1
        ("+44 20 7946 0958", None),
        ("403-555-0123 ext.", None),
        ("911-555-0123", None),  # no area code 911: phonenumbers' numbering plan, not a digits pattern
        ("211-555-0123", None),  # N11 codes are service numbers, not area codes
        ("900-555-0123", None),  # premium rate: the clinic does not call those back
        ("403-555-0123, 587-555-0199", None),  # two numbers are not one
        ("\u0664\u0660\u0663-555-0123", None),  # Arabic-Indic digits: not dialable here
        ("212-555-0123", "+12125550123"),  # a US number is fine
        ("", None),
        (None, None),
    ],
)
def test_normalize_phone(text, expected):
    assert normalize_phone(text) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("+14035550123", "403-555-0123"), ("+14035550123 ext. 12", "403-555-0123 ext. 12"), ("jo@x.ca", "jo@x.ca")],
)
def test_format_phone_for_the_front_desk(value, expected):
    assert format_phone(value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("jo@example.com", "jo@example.com"),
        ("Jo.Smith@Gmail.COM", "Jo.Smith@gmail.com"),  # only the domain is lowercased
        ("  jo+physio@shaw.ca ", "jo+physio@shaw.ca"),
        ("o'neil@clinic.co.uk", "o'neil@clinic.co.uk"),
        ("jo_smith-1@sub.example-mail.ca", "jo_smith-1@sub.example-mail.ca"),
        ("jo smith@example.com", None),
        ("jo@example", None),
        ("jo@example.c", None),
        ("jo@example.c0m", None),
        ("jo@[192.168.0.1]", None),  # a domain literal
        ('"jo smith"@example.com', None),  # a quoted local part
        ("jo@exa_mple.com", None),
        ("jo@localhost", None),
        ("jo@@example.com", None),
        ("@example.com", None),
        ("jo@", None),
        ("jo..smith@example.com", None),
        (".jo@example.com", None),
        ("jo@-example.com", None),
        ("jo@example..com", None),
        ("a" * 65 + "@example.com", None),
        ("", None),
    ],
)
def test_normalize_email(text, expected):
    assert normalize_email(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("jo@gmial.com", "jo@gmail.com"),
        ("jo@gmail.con", "jo@gmail.com"),
        ("jo@gmai.com", "jo@gmail.com"),
        ("jo@gmailcom", "jo@gmail.com"),
        ("jo@gmail.ca", "jo@gmail.com"),
        ("Jo@GMIAL.COM", "Jo@gmail.com"),
        ("jo@hotmial.com", "jo@hotmail.com"),
        ("jo@hotmail.co", "jo@hotmail.com"),
        ("jo@yaho.com", "jo@yahoo.com"),
        ("jo@yahoo.cmo", "jo@yahoo.com"),
        ("jo@outlok.com", "jo@outlook.com"),
        ("jo@iclould.com", "jo@icloud.com"),
        ("jo@telus.nte", "jo@telus.net"),
        ("my email is jo@gmial.com", "jo@gmail.com"),
        ("jo@gmail.com", None),  # already right
        ("jo@hotmail.ca", None),
        ("jo@ymail.com", None),  # a real Yahoo domain, one letter from gmail
        ("jo@mail.com", None),
        ("jo@smithlaw.co", None),  # a real business domain is never "corrected"
        ("jo@telus.com", None),
        ("no address here", None),
    ],
)
def test_email_typo_suggestions(text, expected):
    assert looks_like_email_typo(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("403-555-0123", Contact("phone", "+14035550123")),
        ("you can call me at 403 555 0123", Contact("phone", "+14035550123")),
        ("my cell is (587) 555-0199, evenings are best", Contact("phone", "+15875550199")),
        ("403-555-0123 ext. 12 during the day", Contact("phone", "+14035550123 ext. 12")),
        ("my email is Jo.Smith@Gmail.com", Contact("email", "Jo.Smith@gmail.com")),
        ("my email is jo@example.com.", Contact("email", "jo@example.com")),
        ("<jo@example.com>", Contact("email", "jo@example.com")),
        ("mailto:jo@example.com", Contact("email", "jo@example.com")),
        ("call 403-555-0123 or email jo@example.com", Contact("phone", "+14035550123")),  # the first one
        ("jo@example.com or 403-555-0123", Contact("email", "jo@example.com")),
        ("jo4035550123@example.com", Contact("email", "jo4035550123@example.com")),
    ],
)
def test_parse_contact_finds_a_contact(text, expected):
    assert parse_contact(text) == expected


@pytest.mark.parametrize(
    "text, reason",
    [
        ("403 555 012", "phone"),
        ("403-555-O123", "phone"),
        ("my number is 023 555 0123", "phone"),
        ("911-555-0123", "phone"),
        ("call me on 911 555 0123", "phone"),
        ("4035550123456", "phone"),
        ("555-0123", "phone"),
        ("jo@gmail", "email"),
        ("my email is jo@", "email"),
        ("jo smith at gmail", "unknown"),
        ("next tuesday at 3", "unknown"),
        ("", "unknown"),
    ],
)
def test_parse_contact_says_what_was_wrong(text, reason):
    with pytest.raises(InvalidContact) as caught:
        parse_contact(text)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jo", "Jo"),
        ("jo", "Jo"),
        ("Jo Smith", "Jo Smith"),
        ("I'm Jo Smith", "Jo Smith"),
        ("i’m jo smith", "Jo Smith"),
        ("im jo", "Jo"),
        ("I am Jo Smith.", "Jo Smith"),
        ("my name is jo smith", "Jo Smith"),
        ("My name's Jo", "Jo"),
        ("Name: Jo Smith", "Jo Smith"),
        ("Hi, I'm Ana García!", "Ana García"),
        ("this is jo, thanks", "Jo"),
        ("Jo here", "Jo"),
        ("call me Jo", "Jo"),
        ("JO SMITH", "Jo Smith"),
        ("anne-marie o'neil", "Anne-Marie O'Neil"),
        ("Dr. Anne-Marie O'Neil", "Dr. Anne-Marie O'Neil"),
        ("Jo McDonald", "Jo McDonald"),  # mixed case is the patient's own
        ("jo van der Berg", "jo van der Berg"),
        ("Imogen Poots", "Imogen Poots"),  # "Im" at the start is not "I'm"
        ("Will Smith", "Will Smith"),  # "will" is not a question word here
        ("", None),
        ("   ", None),
        ("12345", None),
        ("42", None),
        ("Jo 4035550123", None),
        ("jo@example.com", None),
        ("how long does it take?", None),
        ("what is dry needling", None),
        ("Jo?", None),
        ("one two three four five six seven", None),
        ("yes", None),
        ("no thanks", None),
        ("J", None),
        ("Jo & Sam", None),
    ],
)
def test_clean_name(text, expected):
    assert clean_name(text) == expected


def test_six_words_is_still_a_name():
    assert clean_name("maria de los angeles garcia lopez") == "Maria De Los Angeles Garcia Lopez"


def name_case(text, expected, id):
    return pytest.param(text, expected, id=id)


# Replies to "What name should the booking be under?". A reply that is not a name gives None,
# so the form asks again instead of sending "bye" or "my back hurts" to the front desk.
NAME_CASES = [
    # real names, in many forms
    name_case("Jo", "Jo", "name-one-word"),
    name_case("jo smith", "Jo Smith", "name-lowercase"),
    name_case("I'm Jo Smith", "Jo Smith", "name-im"),
    name_case("my name is Mary-Anne O'Neil", "Mary-Anne O'Neil", "name-hyphen-apostrophe"),
    name_case("it's Dr. Priya Patel", "Dr. Priya Patel", "name-its-dr"),
    name_case("Nguyễn Văn An", "Nguyễn Văn An", "name-vietnamese"),
    name_case("José", "José", "name-accent"),
    name_case("Jose\u0301", "José", "name-accent-decomposed"),
    name_case("call me Sam", "Sam", "name-call-me"),
    name_case("hey, Jo Smith", "Jo Smith", "name-after-greeting"),
    name_case("ok, Jo", "Jo", "name-after-ok-comma"),
    name_case("Jo Smith, thanks", "Jo Smith", "name-then-thanks"),
    name_case("Анна Иванова", "Анна Иванова", "name-cyrillic"),
    name_case("Siobhán Ní Bhriain", "Siobhán Ní Bhriain", "name-irish"),
    name_case("Mohammed bin Salman", "Mohammed bin Salman", "name-particle-bin"),
    # words that are also names: never on the lists of non-names
    name_case("Will Smith", "Will Smith", "name-will"),
    name_case("John Hurt", "John Hurt", "name-hurt-surname"),
    name_case("Can Yaman", "Can Yaman", "name-can"),
    name_case("Do Van Minh", "Do Van Minh", "name-do"),
    name_case("He Jiankui", "He Jiankui", "name-he"),
    name_case("Ok Taecyeon", "Ok Taecyeon", "name-ok-surname"),
    name_case("Hope Davis", "Hope Davis", "name-hope"),
    name_case("Ty", "Ty", "name-ty"),
    # greetings, goodbyes, thanks, yes / no, stop
    name_case("bye", None, "not-bye"),
    name_case("Bye!", None, "not-bye-exclamation"),
    name_case("ok bye", None, "not-ok-bye"),
    name_case("thanks bye", None, "not-thanks-bye"),
    name_case("see you later", None, "not-see-you-later"),
    name_case("Jo, bye", None, "not-name-then-bye"),
    name_case("hello there", None, "not-hello-there"),
    name_case("good morning", None, "not-good-morning"),
    name_case("thank you", None, "not-thank-you"),
    name_case("nope", None, "not-nope"),
    name_case("stop", None, "not-stop"),
    name_case("never mind", None, "not-never-mind"),
    # sentences, questions, states
    name_case("I'm pregnant btw", None, "not-im-pregnant"),
    name_case("my back hurts", None, "not-my-back-hurts"),
    name_case("I have sciatica", None, "not-i-have-sciatica"),
    name_case("needles scare me", None, "not-needles-scare-me"),
    name_case("I want to book an appointment", None, "not-want-to-book"),
    name_case("prefer not to say", None, "not-prefer-not-to-say"),
    name_case("none of your business", None, "not-none-of-your-business"),
    name_case("why do you need my name", None, "not-question-without-mark"),
    name_case("is that needed?", None, "not-question"),
    name_case("I'm good", None, "not-im-good"),
    name_case("im tired", None, "not-im-tired"),
    name_case("I'm not sure", None, "not-im-not-sure"),
    # too long, digits, contact details
    name_case("Jo Smith Jones Brown Green White", None, "not-six-words"),
    name_case("Jo 2", None, "not-a-digit"),
    name_case("403-555-0123", None, "not-a-phone"),
    name_case("jo.smith@gmail.com", None, "not-an-email"),
    name_case("www.jo.ca", None, "not-a-web-address"),
]


@pytest.mark.parametrize("text, expected", NAME_CASES)
def test_only_a_name_is_a_name(text, expected):
    assert clean_name(text) == expected


@pytest.mark.parametrize("text", [
    "555-0199",  # no area code: still the answer to "what number?", re-asked by the form
    "07700 900123",
    "+44 7911 123456",
    "(403) 555-0199 ext 12",
    "jo@shaw.ca",
    "jo@shaw",  # an address with a mistake: the form says what is wrong with it
    "403.555.0199.",
    "my number is 403 555 0199",
    "my cell is 780-555-0199",
    "it's jo@shaw.ca",
    "email: jo@shaw.ca",
    "you can reach me at 780-555-0199",
])
def test_bare_contact_details(text):
    assert is_bare_contact(text)


@pytest.mark.parametrize("text", [
    "72",
    "12345",
    "9-11",
    "call me at 4035550199",  # a callback request, for the rules
    "wrong number, it's 403 555 0198",  # a correction
    "my number is wrong",
    "it is",
    "",
    None,
])
def test_not_bare_contact_details(text):
    assert not is_bare_contact(text)
