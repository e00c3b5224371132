"""Checklist answers volunteered in free text (clinic/extraction.py), in patients' own words.

Each case asserts the exact {item: answer} dict the message yields: the item under test and
nothing else (so "I'm expecting it to hurt" is not a pregnancy and "no meds" is only a
blood-thinner answer).
"""
import pytest

from clinic.checklist import ITEM_IDS, NO, UNSURE, YES
from clinic.extraction import default_extractor


@pytest.fixture(scope="module")
def extractor():
    return default_extractor()


def case(text, expected, id):
    return pytest.param(text, expected, id=id)


CASES = [
    # --- pregnancy ---
    case("I'm pregnant", {"pregnancy": YES}, "pregnancy-yes-plain"),
    case("im 20 weeks along and the sciatica is killing me", {"pregnancy": YES}, "pregnancy-yes-20-weeks-along"),
    case("we're expecting!", {"pregnancy": YES}, "pregnancy-yes-were-expecting"),
    case("I'm expecting", {"pregnancy": YES}, "pregnancy-yes-im-expecting"),
    case("in my second trimester", {"pregnancy": YES}, "pregnancy-yes-trimester"),
    case("pregant with my second", {"pregnancy": YES}, "pregnancy-yes-typo"),
    case("preggo lol", {"pregnancy": YES}, "pregnancy-yes-slang"),
    case("my due date is in March", {"pregnancy": YES}, "pregnancy-yes-due-date"),
    case("pregnant? yes", {"pregnancy": YES}, "pregnancy-yes-form-answer"),
    case("32 wks pregnant", {"pregnancy": YES}, "pregnancy-yes-32-wks-not-an-age"),
    case("not pregnant", {"pregnancy": NO}, "pregnancy-no-not-pregnant"),
    case("I'm definitely not pregnant", {"pregnancy": NO}, "pregnancy-no-definitely-not"),
    case("pregnant? no", {"pregnancy": NO}, "pregnancy-no-trailing-answer"),
    case("I don't think I'm pregnant", {"pregnancy": NO}, "pregnancy-no-dont-think"),
    case("I might be pregnant", {"pregnancy": UNSURE}, "pregnancy-unsure-might-be"),
    case("not sure if I'm pregnant, we've been trying", {"pregnancy": UNSURE}, "pregnancy-unsure-not-sure-if"),
    case("I wonder if I'm pregnant, my period's a week late", {"pregnancy": UNSURE}, "pregnancy-unsure-wonder-if"),
    case("my period is late", {"pregnancy": UNSURE}, "pregnancy-unsure-period-late"),
    case("we're trying for a baby", {"pregnancy": UNSURE}, "pregnancy-unsure-trying-for-baby"),
    # --- bleeding disorder ---
    case("I have hemophilia", {"bleeding_disorder": YES}, "bleeding-yes-hemophilia"),
    case("I bleed easily", {"bleeding_disorder": YES}, "bleeding-yes-bleed-easily"),
    case("i have von willebrands", {"bleeding_disorder": YES}, "bleeding-yes-von-willebrand"),
    case("i bruise really easily", {"bleeding_disorder": YES}, "bleeding-yes-bruise-easily"),
    case("my platelets are low", {"bleeding_disorder": YES}, "bleeding-yes-platelets-are-low"),
    case("no bleeding disorders", {"bleeding_disorder": NO}, "bleeding-no-disorders"),
    case("I don't bleed easily", {"bleeding_disorder": NO}, "bleeding-no-dont-bleed-easily"),
    case("maybe a bleeding disorder, they're still running tests", {"bleeding_disorder": UNSURE},
         "bleeding-unsure-maybe"),
    case("I'm not sure if I have a clotting disorder", {"bleeding_disorder": UNSURE},
         "bleeding-unsure-not-sure-if"),
    # --- blood thinners ---
    case("I'm on Eliquis", {"blood_thinners": YES}, "thinners-yes-eliquis"),
    case("I take apixaban twice a day", {"blood_thinners": YES}, "thinners-yes-apixaban"),
    case("xarelto for my afib", {"blood_thinners": YES}, "thinners-yes-xarelto"),
    case("my mom is on warfarin", {"blood_thinners": YES}, "thinners-yes-mom-warfarin"),
    case("i take coumadin", {"blood_thinners": YES}, "thinners-yes-coumadin"),
    case("I'm on Plavix after my stent", {"blood_thinners": YES}, "thinners-yes-plavix"),
    case("I take a baby aspirin every morning", {"blood_thinners": YES}, "thinners-yes-baby-aspirin"),
    case("I'm on heparin shots", {"blood_thinners": YES}, "thinners-yes-heparin-shots"),
    case("on thinners", {"blood_thinners": YES}, "thinners-yes-on-thinners"),
    case("i'm on elliquis", {"blood_thinners": YES}, "thinners-yes-typo-elliquis"),
    case("i take zarelto", {"blood_thinners": YES}, "thinners-yes-typo-zarelto"),
    case("I take blood thinners for my heart", {"blood_thinners": YES}, "thinners-yes-blood-thinners"),
    case("no blood thinners", {"blood_thinners": NO}, "thinners-no-none"),
    case("not on any meds", {"blood_thinners": NO}, "thinners-no-not-on-any-meds"),
    case("no meds", {"blood_thinners": NO}, "thinners-no-no-meds"),
    case("I'm not on warfarin anymore", {"blood_thinners": NO}, "thinners-no-not-anymore"),
    case("blood thinners? none", {"blood_thinners": NO}, "thinners-no-trailing-none"),
    case("I take aspirin sometimes for headaches", {"blood_thinners": UNSURE}, "thinners-unsure-plain-aspirin"),
    case("I think one of my heart pills might be a blood thinner", {"blood_thinners": UNSURE},
         "thinners-unsure-heart-pill"),
    case("not sure if my pills are blood thinners", {"blood_thinners": UNSURE}, "thinners-unsure-not-sure-if"),
    case("booking for my dad, I don't know whether he's on blood thinners", {"blood_thinners": UNSURE},
         "thinners-unsure-dad-dont-know-whether"),
    # --- skin problem ---
    case("I have an open wound on my lower back", {"skin_problem": YES}, "skin-yes-open-wound"),
    case("there's a lump on my buttock", {"skin_problem": YES}, "skin-yes-lump"),
    case("I have shingles on my back right now", {"skin_problem": YES}, "skin-yes-shingles"),
    case("my leg is infected from a scratch", {"skin_problem": YES}, "skin-yes-infected"),
    case("no skin problems", {"skin_problem": NO}, "skin-no-no-skin-problems"),
    case("no open wounds or infections", {"skin_problem": NO}, "skin-no-wounds-infections"),
    case("I have a rash on my back", {"skin_problem": UNSURE}, "skin-unsure-rash"),
    case("a bit of eczema on my lower back", {"skin_problem": UNSURE}, "skin-unsure-eczema"),
    # --- needle fear ---
    case("I'm scared of needles", {"needle_fear": YES}, "needles-yes-scared"),
    case("terrified of needles tbh", {"needle_fear": YES}, "needles-yes-terrified"),
    case("I hate needles", {"needle_fear": YES}, "needles-yes-hate"),
    case("scard of neeedles", {"needle_fear": YES}, "needles-yes-typos"),
    case("i have a needle phobia", {"needle_fear": YES}, "needles-yes-phobia"),
    case("I'm not scared of needles", {"needle_fear": NO}, "needles-no-not-scared"),
    case("needles don't bother me", {"needle_fear": NO}, "needles-no-dont-bother-me"),
    case("I don't mind needles", {"needle_fear": NO}, "needles-no-dont-mind"),
    case("a bit nervous about needles", {"needle_fear": UNSURE}, "needles-unsure-bit-nervous"),
    case("I'm kind of squeamish", {"needle_fear": UNSURE}, "needles-unsure-squeamish"),
    # --- metal allergy ---
    case("nickel allergy", {"metal_allergy": YES}, "metal-yes-nickel-allergy"),
    case("I'm allergic to nickel", {"metal_allergy": YES}, "metal-yes-allergic-to-nickel"),
    case("cheap earrings give me a rash", {"metal_allergy": YES}, "metal-yes-earrings-rash"),
    case("I'm not allergic to any metals", {"metal_allergy": NO}, "metal-no-not-allergic"),
    case("no allergies", {"metal_allergy": NO}, "metal-no-no-allergies"),
    case("I think I might be allergic to nickel", {"metal_allergy": UNSURE}, "metal-unsure-might-be-allergic"),
    case("possibly allergic to metal, never been tested", {"metal_allergy": UNSURE}, "metal-unsure-possibly"),
    # --- weak immunity ---
    case("I'm on chemo", {"weak_immunity": YES}, "immunity-yes-chemo"),
    case("I had a kidney transplant", {"weak_immunity": YES}, "immunity-yes-transplant"),
    case("I take methotrexate for my RA", {"weak_immunity": YES}, "immunity-yes-methotrexate"),
    case("I'm immunocompromised", {"weak_immunity": YES}, "immunity-yes-immunocompromised"),
    case("on humira for crohns", {"weak_immunity": YES}, "immunity-yes-humira"),
    case("I'm not immunocompromised", {"weak_immunity": NO}, "immunity-no-not-immunocompromised"),
    case("no immune problems", {"weak_immunity": NO}, "immunity-no-no-immune-problems"),
    case("I've been on steroids on and off", {"weak_immunity": UNSURE}, "immunity-unsure-steroids"),
    case("I have some autoimmune thing", {"weak_immunity": UNSURE}, "immunity-unsure-autoimmune"),
    # --- diabetes / circulation ---
    case("I'm type 2 diabetic", {"diabetes_circulation": YES}, "diabetes-yes-type-2"),
    case("I have diabetes with numb feet", {"diabetes_circulation": YES}, "diabetes-yes-numb-feet"),
    case("poor circulation in my legs", {"diabetes_circulation": YES}, "diabetes-yes-poor-circulation"),
    case("lymphedema in my left leg", {"diabetes_circulation": YES}, "diabetes-yes-lymphedema"),
    case("no diabetes", {"diabetes_circulation": NO}, "diabetes-no-no-diabetes"),
    case("not diabetic", {"diabetes_circulation": NO}, "diabetes-no-not-diabetic"),
    case("my doctor says I'm prediabetic", {"diabetes_circulation": UNSURE}, "diabetes-unsure-prediabetic"),
    case("my blood sugar's a bit high", {"diabetes_circulation": UNSURE}, "diabetes-unsure-blood-sugar"),
    # --- epilepsy / fainting ---
    case("I have epilepsy", {"epilepsy_fainting": YES}, "epilepsy-yes-epilepsy"),
    case("I passed out at my last blood test", {"epilepsy_fainting": YES}, "epilepsy-yes-passed-out"),
    case("i had a seizure last year", {"epilepsy_fainting": YES}, "epilepsy-yes-seizure"),
    case("I faint at the sight of blood", {"epilepsy_fainting": YES}, "epilepsy-yes-faint-blood"),
    case("never fainted", {"epilepsy_fainting": NO}, "epilepsy-no-never-fainted"),
    case("no seizures", {"epilepsy_fainting": NO}, "epilepsy-no-no-seizures"),
    case("I get a bit lightheaded with blood tests", {"epilepsy_fainting": UNSURE}, "epilepsy-unsure-lightheaded"),
    # --- implanted device ---
    case("I have a pacemaker", {"implanted_device": YES}, "device-yes-pacemaker"),
    case("I have a spinal cord stimulator", {"implanted_device": YES}, "device-yes-spinal-cord-stimulator"),
    case("I wear an insulin pump", {"implanted_device": YES}, "device-yes-insulin-pump"),
    case("no pacemaker", {"implanted_device": NO}, "device-no-no-pacemaker"),
    case("no implants", {"implanted_device": NO}, "device-no-no-implants"),
    case("I have a metal plate in my ankle", {"implanted_device": UNSURE}, "device-unsure-metal-plate"),
    # --- under 18 (an age is a fact, so there is no "unsure" answer) ---
    case("I'm 16", {"under_18": YES}, "age-yes-im-16"),
    case("my son is 15 and has back pain", {"under_18": YES}, "age-yes-son-15"),
    case("she's 14", {"under_18": YES}, "age-yes-shes-14"),
    case("I'm 45", {"under_18": NO}, "age-no-im-45"),
    case("I'm 62 years old", {"under_18": NO}, "age-no-62-years-old"),
    # --- several items in one message ---
    case("not pregnant but I take warfarin", {"pregnancy": NO, "blood_thinners": YES}, "combo-not-pregnant-warfarin"),
    case("no meds, no allergies", {"blood_thinners": NO, "metal_allergy": NO}, "combo-no-meds-no-allergies"),
    case("I'm 34, not pregnant, on Eliquis for AFib, and honestly terrified of needles",
         {"under_18": NO, "pregnancy": NO, "blood_thinners": YES, "needle_fear": YES}, "combo-four-items"),
    case("no pacemaker, no diabetes, no seizures",
         {"implanted_device": NO, "diabetes_circulation": NO, "epilepsy_fainting": NO}, "combo-three-nos"),
    case("I'm diabetic and take Plavix", {"diabetes_circulation": YES, "blood_thinners": YES},
         "combo-diabetic-plavix"),
    case("not on warfarin but I take a baby aspirin", {"blood_thinners": YES}, "combo-yes-beats-no"),
    case("I have a rash on my back and I'm allergic to nickel", {"skin_problem": UNSURE, "metal_allergy": YES},
         "combo-back-rash-and-nickel"),
    case("Hi, I'm 52, I have sciatica down my right leg for 2 months. I had a pacemaker put in last year and "
         "I take Xarelto. Not scared of needles at all, I've had acupuncture before",
         {"under_18": NO, "implanted_device": YES, "blood_thinners": YES, "needle_fear": NO},
         "combo-long-rambling"),
    # --- nothing to extract ---
    case("I want to book", {}, "none-want-to-book"),
    case("my back hurts", {}, "none-back-hurts"),
    case("my husband is 6 foot tall and has sciatica", {}, "none-husband-6-foot"),
    case("my partner is 2 hours away from the clinic", {}, "none-partner-2-hours-away"),
    case("I'm expecting it to hurt a bit", {}, "none-expecting-it-to-hurt"),
    case("is it safe if you're pregnant?", {}, "none-question-pregnant"),
    case("do you treat people on blood thinners?", {}, "none-question-blood-thinners"),
    case("can diabetics get dry needling?", {}, "none-question-diabetics"),
    case("will the needles hurt?", {}, "none-will-needles-hurt"),
    case("I've had this pain for 16 weeks", {}, "none-16-weeks-not-an-age"),
    case("my pain is about 7 out of 10", {}, "none-pain-score"),
    case("I'm expecting a call from my doctor", {}, "none-expecting-a-call"),
    case("what are your opening hours", {}, "none-opening-hours"),
    case("I'm not sure if you treat pregnant women", {}, "none-not-sure-if-you-treat-pregnant-women"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_extracts_exactly(extractor, text, expected):
    assert extractor.extract(text) == expected


def test_cases_cover_every_item_and_answer():
    """Every item is tested with yes and no, and every item but the age with unsure."""
    seen = {(item, answer) for param in CASES for item, answer in param.values[1].items()}
    for item in ITEM_IDS:
        answers = (YES, NO) if item == "under_18" else (YES, NO, UNSURE)
        for answer in answers:
            assert (item, answer) in seen, (item, answer)


# --- ages: only a stated age is an age; a number of years is a duration (clinic/age.py) ---
AGE_CASES = [
    # stated ages
    case("I'm 16", {"under_18": YES}, "age-im-16"),
    case("I am 45 years old", {"under_18": NO}, "age-i-am-45-years-old"),
    case("16 yo", {"under_18": YES}, "age-16-yo"),
    case("16y/o, sciatica since a football tackle", {"under_18": YES}, "age-16-y-slash-o"),
    case("aged 17", {"under_18": YES}, "age-aged-17"),
    case("my son is 15", {"under_18": YES}, "age-my-son-is-15"),
    case("my daughter's 14 and has leg pain", {"under_18": YES}, "age-daughters-14"),
    case("my mum is 81 and has had sciatica for years", {"under_18": NO}, "age-my-mum-is-81"),
    case("my husband's 58", {"under_18": NO}, "age-husbands-58"),
    case("age 52", {"under_18": NO}, "age-age-52"),
    case("Age: 52", {"under_18": NO}, "age-age-colon-52"),
    case("52F", {"under_18": NO}, "age-52F"),
    case("52F here, sciatica down the left leg", {"under_18": NO}, "age-52F-here"),
    case("sciatica for months (34 M)", {"under_18": NO}, "age-34-M-in-brackets"),
    case("F/late 40s", {"under_18": NO}, "age-F-slash-late-40s"),
    case("45/M, desk job", {"under_18": NO}, "age-45-slash-M"),
    case("I'm in my fifties", {"under_18": NO}, "age-in-my-fifties"),
    case("she's in her mid teens", {"under_18": YES}, "age-mid-teens"),
    case("I'm a 45 year old woman with sciatica", {"under_18": NO}, "age-a-45-year-old-woman"),
    case("my 15 year old son has sciatica", {"under_18": YES}, "age-my-15-year-old-son"),
    case("i'm 52yrs old", {"under_18": NO}, "age-52yrs-old"),
    case("I'm nearly 18", {"under_18": YES}, "age-nearly-18-is-17"),
    case("I'm over 18", {"under_18": NO}, "age-over-18"),
    case("I'm still a minor", {"under_18": YES}, "age-still-a-minor"),
    case("I'm in high school", {"under_18": YES}, "age-in-high-school"),
    case("I'm 45 and I've had sciatica for 10 years", {"under_18": NO}, "age-45-with-a-duration"),
    case("I've had sciatica for 10 years, I'm 16", {"under_18": YES}, "age-duration-then-16"),
    # durations, a thing's age, someone else's child, a past age: no answer
    case("I've had sciatica for 10 years", {}, "duration-for-10-years"),
    case("I've had sciatica for 25 years", {}, "duration-for-25-years"),
    case("it started 10 years ago", {}, "duration-10-years-ago"),
    case("sciatica since 10 years", {}, "duration-since-10-years"),
    case("10 years of pain", {}, "duration-10-years-of-pain"),
    case("will it still work in 10 years?", {}, "duration-in-10-years"),
    case("it flares up every 2 years", {}, "duration-every-2-years"),
    case("a 2 year old injury", {}, "duration-2-year-old-injury"),
    case("sciatica for 25 yrs", {}, "duration-25-yrs"),
    case("it's a 10 year old disc herniation", {}, "duration-10-year-old-disc"),
    case("I'm 10 years post op", {}, "duration-10-years-post-op"),
    case("it's been 15 years", {}, "duration-its-been-15-years"),
    case("over the last 12 yrs", {}, "duration-last-12-yrs"),
    case("my mattress is 15 years old", {}, "thing-mattress-15-years-old"),
    case("I hurt my back lifting my 4 year old", {}, "other-lifting-my-4-year-old"),
    case("when I was 16 years old I fell off a horse", {}, "past-when-i-was-16"),
    case("at age 12 I hurt my back", {}, "past-at-age-12"),
    case("I've had back pain since I was a teenager", {}, "past-since-a-teenager"),
    case("I had a minor car accident", {}, "not-age-minor-accident"),
    case("grade 1 spondylolisthesis", {}, "not-age-disc-grade"),
    case("on and off since the late 90s", {}, "not-age-decade-of-time"),
    case("I'm 45 minutes away", {}, "not-age-45-minutes"),
    case("I can walk 50m before it hurts", {}, "not-age-50-metres"),
    case("I'm in my late teens", {}, "not-sure-late-teens-may-be-adult"),
]


@pytest.mark.parametrize("text, expected", AGE_CASES)
def test_reads_an_age_only_when_it_is_one(extractor, text, expected):
    assert extractor.extract(text) == expected
