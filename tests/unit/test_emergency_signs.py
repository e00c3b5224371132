"""Emergency and see-a-doctor-soon signs (clinic/emergency.py) in patients' own words.

checklist.md §1: the emergency answer must fire on the words themselves. Missing a real
report is worse than a false alarm, but a negation ("no numbness down there") or a general
question ("is groin numbness an emergency?") is not a report.
"""
import pytest

from clinic.emergency import EMERGENCY, SEE_DOCTOR, default_detector, load_signs

EMERGENCY_SIGNS = {"saddle_numbness", "bladder_problem", "bowel_problem", "sexual_dysfunction",
                   "worsening_leg_weakness", "both_legs", "foot_drop"}
SEE_DOCTOR_SIGNS = {"fever", "cancer_history", "trauma", "severe_night_pain"}


@pytest.fixture(scope="module")
def detector():
    return default_detector()


def test_lexicon_has_the_signs_of_the_checklist():
    signs = load_signs()
    assert {sign_id for sign_id, sign in signs.items() if sign.severity == EMERGENCY} == EMERGENCY_SIGNS
    assert {sign_id for sign_id, sign in signs.items() if sign.severity == SEE_DOCTOR} == SEE_DOCTOR_SIGNS


def report(text, *sign_ids, id):
    return pytest.param(text, set(sign_ids), id=id)


# A message that reports a sign: exactly these signs are reported (emergency + see_doctor).
REPORTS = [
    # --- saddle numbness ---
    report("my groin has gone numb since yesterday", "saddle_numbness", id="saddle-groin-gone-numb"),
    report("cant feel anything down there when i wipe", "saddle_numbness", id="saddle-cant-feel-down-there"),
    report("I've got pins and needles in my privates and my back is killing me", "saddle_numbness",
           id="saddle-pins-needles-privates"),
    report("numbness in my inner thighs since this morning", "saddle_numbness", id="saddle-inner-thighs"),
    report("my husband says his crotch feels numb", "saddle_numbness", id="saddle-husband-crotch"),
    report("when I wipe I can't feel the toilet paper", "saddle_numbness", id="saddle-toilet-paper"),
    report("its like between my legs is asleep", "saddle_numbness", id="saddle-between-legs-asleep"),
    report("tingling in my genitals since last night", "saddle_numbness", id="saddle-tingling-genitals"),
    report("my groin is numb, is that bad?", "saddle_numbness", id="saddle-report-then-question"),
    report("why is my groin numb", "saddle_numbness", id="saddle-why-is-my-groin-numb"),
    report("numb groin? yes", "saddle_numbness", id="saddle-form-answer-yes"),
    report("not sure if my groin is numb or just sore", "saddle_numbness", id="saddle-not-sure-if"),
    report("numbnes in my grion area", "saddle_numbness", id="saddle-typos"),
    report("my butt cheeks are numb", "saddle_numbness", id="saddle-butt-cheeks-numb"),
    report("i cant feel my bum when i sit on the toilet", "saddle_numbness", id="saddle-cant-feel-bum-toilet"),
    report("Hi, so I've had sciatica on my left side for about 3 weeks now, saw my GP who said it's a disc "
           "thing and to try physio. The pain is mostly in my buttock and down the back of my leg, but since "
           "yesterday it's kind of numb between my legs and it feels weird when I pee, is that normal? "
           "anyway I wanted to book dry needling", "saddle_numbness",
           id="saddle-long-rambling-hedged"),
    # --- bladder ---
    report("i cant pee properly since yesterday", "bladder_problem", id="bladder-cant-pee"),
    report("I've wet myself twice today and didn't even feel it", "bladder_problem", id="bladder-wet-myself"),
    report("having trouble peeing and my back is killing me", "bladder_problem", id="bladder-trouble-peeing"),
    report("I've been leaking urine since the pain started", "bladder_problem", id="bladder-leaking-urine"),
    report("my mom cant hold her pee anymore", "bladder_problem", id="bladder-mom-cant-hold"),
    report("haven't been able to urinate since last night", "bladder_problem", id="bladder-not-able-urinate"),
    report("I need to pee but nothing comes out", "bladder_problem", id="bladder-nothing-comes-out"),
    report("my husband can't pee since this morning and his back is in agony", "bladder_problem",
           id="bladder-husband-cant-pee"),
    report("i peed my pants at work and didn't feel it coming", "bladder_problem", id="bladder-peed-my-pants"),
    report("i think i'm losing control of my bladder", "bladder_problem", id="bladder-hedged-losing-control"),
    # --- bowel ---
    report("I've lost control of my bowels", "bowel_problem", id="bowel-lost-control"),
    report("cant control my bowels since the pain got worse", "bowel_problem", id="bowel-cant-control"),
    report("my dad soiled himself last night and didnt notice", "bowel_problem", id="bowel-dad-soiled-himself"),
    report("i cant feel when i need to poop anymore", "bowel_problem", id="bowel-cant-feel-need-to-poop"),
    report("had an accident, pooped myself without feeling it", "bowel_problem", id="bowel-pooped-myself"),
    report("I'm leaking stool", "bowel_problem", id="bowel-leaking-stool"),
    # --- sexual dysfunction ---
    report("since the sciatica started I can't get an erection", "sexual_dysfunction", id="sex-cant-get-erection"),
    report("i cant get hard anymore since my back went", "sexual_dysfunction", id="sex-cant-get-hard"),
    report("erectile dysfunction started around the same time as the leg pain", "sexual_dysfunction",
           id="sex-erectile-dysfunction"),
    report("I can't feel anything during sex since this back thing", "sexual_dysfunction",
           id="sex-cant-feel-during-sex"),
    report("my partner says he's been impotent since the sciatica got bad", "sexual_dysfunction",
           id="sex-partner-impotent"),
    report("I can't orgasm anymore since the back pain started", "sexual_dysfunction", id="sex-cant-orgasm"),
    # --- worsening leg weakness ---
    report("my leg is getting weaker every day", "worsening_leg_weakness", id="weakness-weaker-every-day"),
    report("my right leg keeps giving out and it's getting worse", "worsening_leg_weakness",
           id="weakness-giving-out-worse"),
    report("the weakness in my left leg is spreading", "worsening_leg_weakness", id="weakness-spreading"),
    report("my knee buckled twice today, it's happening more and more", "worsening_leg_weakness",
           id="weakness-knee-buckled-more-and-more"),
    report("my legs are getting weaker", "worsening_leg_weakness", id="weakness-legs-getting-weaker"),
    report("my leg is so much weaker than last week", "worsening_leg_weakness", id="weakness-weaker-than-last-week"),
    report("my mums leg keeps collapsing under her and its getting worse fast", "worsening_leg_weakness",
           id="weakness-mum-collapsing"),
    # --- both legs ---
    report("now the pain is going down both legs", "both_legs", id="both-pain-down-both-legs"),
    report("tingling in both my feet", "both_legs", id="both-tingling-both-feet"),
    report("my legs are both numb", "both_legs", id="both-legs-are-both-numb"),
    report("sciatica on both sides now", "both_legs", id="both-sciatica-both-sides"),
    report("pain shooting down both legs when i stand", "both_legs", id="both-shooting-both-legs"),
    report("it started on the left but now my right leg is numb too", "both_legs",
           id="both-now-right-leg-numb-too"),
    report("the pain has spread to my other leg", "both_legs", id="both-spread-to-other-leg"),
    # --- foot drop ---
    report("my foot drags when I walk", "foot_drop", id="footdrop-foot-drags"),
    report("I can't lift my toes up", "foot_drop", id="footdrop-cant-lift-toes"),
    report("my foot keeps catching on the stairs", "foot_drop", id="footdrop-foot-catching"),
    report("my foot slaps on the floor when i walk", "foot_drop", id="footdrop-foot-slaps"),
    report("physio said I have drop foot on the right", "foot_drop", id="footdrop-drop-foot"),
    report("I can't walk on my heels anymore", "foot_drop", id="footdrop-cant-walk-on-heels"),
    report("i can barely lift my foot off the ground", "foot_drop", id="footdrop-barely-lift-foot"),
    report("i keep tripping over my own foot", "foot_drop", id="footdrop-tripping-over-foot"),
    # --- see a doctor soon: fever ---
    report("I've had a fever since Tuesday and my back is killing me", "fever", id="fever-since-tuesday"),
    report("running a temperature and the sciatica is worse", "fever", id="fever-running-temperature"),
    report("having chills and night sweats with this back pain", "fever", id="fever-chills-night-sweats"),
    report("my son has a fever with the back pain", "fever", id="fever-son"),
    # --- cancer history / weight loss ---
    report("I had breast cancer 5 years ago", "cancer_history", id="cancer-breast-history"),
    report("I've lost 10 kg without trying", "cancer_history", id="cancer-lost-weight-without-trying"),
    report("my history includes prostate cancer", "cancer_history", id="cancer-prostate"),
    report("finished chemo last year", "cancer_history", id="cancer-chemo"),
    # --- trauma ---
    report("It started after I slipped on ice in January", "trauma", id="trauma-slipped-on-ice"),
    report("I was rear ended last week and now my leg hurts", "trauma", id="trauma-rear-ended"),
    report("fell down the stairs on Sunday", "trauma", id="trauma-fell-down-stairs"),
    report("i had a fall last month and i have osteoporosis", "trauma", id="trauma-had-a-fall"),
    # --- severe night pain ---
    report("the pain is unbearable at night and nothing helps", "severe_night_pain", id="night-unbearable"),
    report("it wakes me up every night, worst pain of my life", "severe_night_pain", id="night-wakes-me-worst"),
    report("constant pain all night, no position helps", "severe_night_pain", id="night-constant-no-position"),
    # --- several signs in one message ---
    report("numb groin and I can't pee", "saddle_numbness", "bladder_problem", id="multi-groin-and-pee"),
    report("I fell off a ladder and now both legs are numb", "trauma", "both_legs", id="multi-fall-both-legs"),
]


@pytest.mark.parametrize("text, expected", REPORTS)
def test_reported_signs(detector, text, expected):
    assessment = detector.assess(text)
    assert {sign.id for sign in assessment.reported} == expected
    assert {sign.id for sign in assessment.emergency} == expected & EMERGENCY_SIGNS
    assert {sign.id for sign in assessment.see_doctor} == expected & SEE_DOCTOR_SIGNS
    assert not {sign.id for sign in assessment.asked_about} & expected


NOTHING_REPORTED = [
    # --- negations ---
    pytest.param("no numbness down there", id="neg-no-numbness-down-there"),
    pytest.param("bladder and bowels are fine", id="neg-bladder-bowels-fine"),
    pytest.param("I don't have a fever", id="neg-dont-have-fever"),
    pytest.param("no problems peeing or pooping", id="neg-no-problems-peeing-pooping"),
    pytest.param("no bowel or bladder issues", id="neg-no-bowel-bladder-issues"),
    pytest.param("I don't have any numbness in my privates", id="neg-no-numbness-privates"),
    pytest.param("no groin numbness and no trouble peeing", id="neg-groin-and-peeing"),
    pytest.param("no weakness getting worse, it's the same as always", id="neg-no-worsening-weakness"),
    pytest.param("my foot doesn't drag", id="neg-foot-doesnt-drag"),
    pytest.param("never had cancer", id="neg-never-cancer"),
    pytest.param("no fever or chills", id="neg-no-fever-chills"),
    pytest.param("fever? no", id="neg-form-answer-fever-no"),
    pytest.param("peeing normally, no issues there", id="neg-peeing-normally"),
    pytest.param("it's only in one leg, not both legs", id="neg-only-one-leg"),
    pytest.param("I haven't had a fall or any accident", id="neg-no-fall"),
    # --- ordinary sciatica ---
    pytest.param("my leg tingles when I sit", id="plain-leg-tingles"),
    pytest.param("pain shoots down my left leg", id="plain-pain-shoots-left-leg"),
    pytest.param("my foot feels a bit numb sometimes", id="plain-foot-bit-numb"),
    pytest.param("I'm falling asleep at my desk", id="plain-falling-asleep-desk"),
    pytest.param("my butt hurts when i sit for long", id="plain-butt-hurts"),
    pytest.param("the pain goes from my lower back down to my calf", id="plain-back-to-calf"),
    pytest.param("it feels like an electric shock down the back of my thigh", id="plain-electric-thigh"),
    pytest.param("my right leg feels weak after walking", id="plain-leg-weak-after-walking"),
    pytest.param("I pee a lot at night because I drink so much tea", id="plain-pee-at-night-tea"),
    pytest.param("the pain is worse when I poop or sneeze", id="plain-worse-when-poop-sneeze"),
    pytest.param("I can't sleep on my left side because of the hip pain", id="plain-cant-sleep-left-side"),
    pytest.param("my toes tingle on the left foot", id="plain-toes-tingle"),
    pytest.param("my back hurts and my left leg hurts too", id="plain-back-and-left-leg-too"),
    pytest.param("I've started sleeping on my other side now", id="plain-sleeping-other-side"),
    pytest.param("I've been trying to lose weight to help my back", id="plain-trying-to-lose-weight"),
    pytest.param("I'd like to book dry needling for my sciatica please", id="plain-booking"),
]


@pytest.mark.parametrize("text", NOTHING_REPORTED)
def test_nothing_reported(detector, text):
    assessment = detector.assess(text)
    assert assessment.reported == ()
    assert assessment.emergency == () and assessment.see_doctor == ()


def question(text, *sign_ids, id):
    return pytest.param(text, set(sign_ids), id=id)


# General questions: nothing reported, but the sign is one the patient asked about.
QUESTIONS = [
    question("what if I can't pee?", "bladder_problem", id="ask-what-if-cant-pee"),
    question("is groin numbness an emergency?", "saddle_numbness", id="ask-groin-numbness-emergency"),
    question("should I worry if my bladder leaks?", "bladder_problem", id="ask-worry-if-bladder-leaks"),
    question("when should I go to the ER for foot drop?", "foot_drop", id="ask-er-for-foot-drop"),
    question("can sciatica cause erectile dysfunction?", "sexual_dysfunction", id="ask-sciatica-ed"),
    question("does sciatica ever go down both legs?", "both_legs", id="ask-both-legs"),
    question("what happens if you lose control of your bowels", "bowel_problem", id="ask-lose-bowel-control"),
    question("is a fever a bad sign with back pain?", "fever", id="ask-fever-bad-sign"),
    question("can you do dry needling if someone has had cancer?", "cancer_history", id="ask-needling-cancer"),
    question("what if the leg weakness gets worse?", "worsening_leg_weakness", id="ask-what-if-weakness-worse"),
]


@pytest.mark.parametrize("text, expected", QUESTIONS)
def test_general_questions_are_asked_about_not_reported(detector, text, expected):
    assessment = detector.assess(text)
    assert assessment.reported == ()
    assert {sign.id for sign in assessment.asked_about} == expected
