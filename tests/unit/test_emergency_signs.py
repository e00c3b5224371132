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
    report("numbness in my inner thighs since this morning", "saddle_numbness", "both_legs", id="saddle-inner-thighs"),
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
           "anyway I wanted to book dry needling", "saddle_numbness", "both_legs",  # "legs" + numb: both read
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
    report("my legs are getting weaker", "worsening_leg_weakness", "both_legs", id="weakness-legs-getting-weaker"),
    report("a month after the disc went I'm noticing weakness in my legs", "worsening_leg_weakness", "both_legs",
           id="weakness-noticing-in-legs"),
    report("my leg is so much weaker than last week", "worsening_leg_weakness", id="weakness-weaker-than-last-week"),
    report("I need surgery, my left leg is paralysed", "worsening_leg_weakness", id="weakness-leg-paralysed"),
    report("This wasnt true- he was already having leg weakness since monday", "worsening_leg_weakness",
           id="weakness-after-a-dash-typed-onto-a-word"),
    report("my bladder routine/control began to deteriorate", "bladder_problem", id="bladder-deteriorating"),
    report("peeing is not the same since my back went", "bladder_problem", id="bladder-not-the-same"),
    report("when i wee i can't feel it coming out", "bladder_problem", id="bladder-cannot-feel-it-come"),
    report("I peed this morning and felt nothing at all", "bladder_problem", id="bladder-peed-felt-nothing"),
    report("the numbness has crept up from my feet to my belly button", "both_legs", id="both-numb-up-to-belly-button"),
    report("I'm numb from the waist down since last night", "both_legs", id="both-numb-from-the-waist-down"),
    report("my lower limbs are numb and tingly", "both_legs", id="both-lower-limbs-numb"),
    report("by the second day weakness had set in and I was limping", "worsening_leg_weakness",
           id="weakness-had-set-in"),
    report("he's beginning to have issues with leg weakness", "worsening_leg_weakness", id="weakness-beginning"),
    report("the GP found weakness at the ankle when she pushed her foot up", "foot_drop", id="footdrop-weak-ankle"),
    report("my dad's legs got paralyzed from a slipped disc", "worsening_leg_weakness", "both_legs",
           id="weakness-legs-paralyzed"),
    report("the MRI explains why my legs wouldn't work", "worsening_leg_weakness", "both_legs",
           id="weakness-legs-would-not-work"),
    report("this morning I couldn't move my legs", "worsening_leg_weakness", id="weakness-could-not-move-legs"),
    report("he is unable to lift his left leg", "worsening_leg_weakness", id="weakness-unable-to-lift-leg"),
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
    report("the disc lost him all sensation and function in his left foot", "foot_drop",
           id="footdrop-lost-function-in-foot"),
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
    report("it's always worse at night and nothing eases it", "severe_night_pain", id="night-worse-nothing-eases"),
    report("I broke my hip two years ago and now the sciatica is back", "trauma", id="trauma-broke-my-hip"),
    # --- told as a story or indirectly, often in the past tense inside long context ---
    # bladder without "bladder" or "urine"
    report("last night I couldn't go to the toilet properly, sat there for ages and nothing came out",
           "bladder_problem", id="story-bladder-couldnt-go-properly"),
    report("couldnt go to the loo properly since tuesday", "bladder_problem", id="story-bladder-subjectless-loo"),
    report("cant pee since last night", "bladder_problem", id="story-bladder-subjectless-cant-pee"),
    report("cant feel anything down there", "saddle_numbness", id="story-saddle-subjectless-cant-feel"),
    report("tried to go to the toilet but nothing would come", "bladder_problem", id="story-bladder-tried-but-nothing"),
    report("Since friday the toilet's been a nightmare, I go and nothing comes out, then I leak later",
           "bladder_problem", id="story-bladder-toilet-nightmare"),
    report("I had an accident on the way to the toilet yesterday, so embarrassing", "bladder_problem",
           id="story-bladder-accident-on-way-to-toilet"),
    report("i've had 2 accidents this week, didnt make it to the toilet in time, never happened before",
           "bladder_problem", id="story-bladder-two-accidents"),
    report("I've had 2 acidents this week, didn't make it to the toliet in time", "bladder_problem",
           id="story-bladder-accidents-typos"),
    report("had an accident in my pants at the supermarket, I'm 45 this isn't normal", "bladder_problem",
           id="story-bladder-accident-in-pants"),
    report("my husband has had two accidents in bed this week, he's never done that", "bladder_problem",
           id="story-bladder-husband-accidents-in-bed"),
    report("woke up and had wet the bed, im mortified", "bladder_problem", id="story-bladder-wet-the-bed"),
    report("my bladder routine has changed completely since the back went", "bladder_problem",
           id="story-bladder-routine-changed"),
    report("my waterworks havent been right since the back pain got bad", "bladder_problem",
           id="story-bladder-waterworks-not-right"),
    report("ever since my back went my toilet habits have completely changed", "bladder_problem",
           id="story-bladder-toilet-habits-changed"),
    report("Have to rush to the loo all the time and barely make it", "bladder_problem", id="story-bladder-rush-loo"),
    report("I keep having to rush to the toilet and can't hold it", "bladder_problem",
           id="story-bladder-rush-cant-hold-it"),
    report("honestly i dont know when im full anymore, i just go every few hours to be safe", "bladder_problem",
           id="story-bladder-dont-know-when-full"),
    report("i dont get the urge to pee anymore, i just go by the clock", "bladder_problem", id="story-bladder-no-urge"),
    report("ok so this is embarassing but since the weekend I've had to really strain to pee and even then its "
           "just a trickle", "bladder_problem", id="story-bladder-strain-to-pee"),
    report("had to push really hard to wee this morning and only got a dribble", "bladder_problem",
           id="story-bladder-push-to-wee"),
    report("my pee stream is super weak, it never used to be", "bladder_problem", id="story-bladder-weak-stream"),
    report("Haven't been for a wee since yesterday morning even though I've been drinking", "bladder_problem",
           id="story-bladder-no-wee-since-yesterday"),
    # saddle numbness through sitting, wiping, "down there", "my bits"
    report("when i sit down it feels like im sitting on cotton wool", "saddle_numbness",
           id="story-saddle-sitting-on-cotton-wool"),
    report("dunno if relevant but when i sit on the loo i cant really feel the seat", "saddle_numbness",
           id="story-saddle-cant-feel-toilet-seat"),
    report("its weird, when I wipe its like I'm wiping someone else", "saddle_numbness",
           id="story-saddle-wiping-someone-else"),
    report("everything down there feels dead", "saddle_numbness", id="story-saddle-down-there-dead"),
    report("I've lost feeling in my bits, the wife noticed", "saddle_numbness", id="story-saddle-my-bits"),
    report("numbness round my back passage since the weekend", "saddle_numbness", id="story-saddle-back-passage"),
    report("the insides of my thighs have gone all numb and tingly", "saddle_numbness", "both_legs",
           id="story-saddle-insides-of-thighs"),
    report("I couldn't feel anything when we had sex on Saturday", "sexual_dysfunction", id="story-sex-cant-feel"),
    report("Hiya, bit of background - I'm 52, had sciatica on and off for years, usually settles with stretches. "
           "This time it's different tho, about 4 days ago I noticed I couldnt feel the loo roll properly when "
           "wiping and yesterday i had a little accident before I got to the toilet. Is needling ok for this?",
           "saddle_numbness", "bladder_problem", id="story-long-loo-roll-and-accident"),
    # foot drop
    report("My back went on Monday lifting a box. By wednesday the pain was down my left leg, now my foot slaps "
           "the ground when I walk and my toes keep catching on the carpet", "foot_drop",
           id="story-footdrop-slaps-the-ground"),
    report("I've tripped over nothing like 3 times today, my left foot kind of drags", "foot_drop",
           id="story-footdrop-tripping-foot-drags"),
    report("wife says Im walking funny, like lifting my knee up high so my foot doesnt catch", "foot_drop",
           id="story-footdrop-lifting-knee-high"),
    report("the physio asked me to walk on my heels and I couldn't do it on the left", "foot_drop",
           id="story-footdrop-heel-walk-failed"),
    report("my foot won't bend up", "foot_drop", id="story-footdrop-wont-bend-up"),
    report("my foot is flopy and drags", "foot_drop", id="story-footdrop-floppy-typo"),
    report("My right foot won't lift up at all since Tuesday", "foot_drop", id="story-footdrop-wont-lift-up"),
    # a leg that gives way, new weakness, both legs now
    report("I was at the shops and my right leg just gave way, I had to grab a trolley. it's never done that before",
           "worsening_leg_weakness", id="story-weakness-leg-gave-way-shops"),
    report("last night my left leg just buckled under me in the kitchen", "worsening_leg_weakness",
           id="story-weakness-leg-buckled"),
    report("it's like my leg won't do what I tell it to anymore", "worsening_leg_weakness",
           id="story-weakness-wont-do-what-i-tell-it"),
    report("my leg went from under me this morning", "worsening_leg_weakness", id="story-weakness-went-from-under-me"),
    report("my leg wont hold me up properly since yesterday", "worsening_leg_weakness",
           id="story-weakness-wont-hold-me-up"),
    report("I've got no strength in my right leg since yesterday", "worsening_leg_weakness",
           id="story-weakness-no-strength"),
    report("my left leg has suddenly gone weak", "worsening_leg_weakness", id="story-weakness-suddenly-weak"),
    report("i've noticed new weakness in my right leg this week", "worsening_leg_weakness",
           id="story-weakness-new-weakness"),
    report("hi my husbands leg keeps buckling and hes tripping over his own foot, he's too stubborn to message so "
           "im asking", "worsening_leg_weakness", "foot_drop", id="story-husband-buckling-and-tripping"),
    report("it was only my left leg but now it's in both legs", "both_legs", id="story-both-now-in-both-legs"),
    report("It's now both legs. Left was first then the right started last night", "both_legs",
           id="story-both-its-now-both-legs"),
    report("sorry for the long msg. Pain started 3 weeks ago after gardening. Saw GP who gave me naproxen. Last "
           "couple of days though I've been wetting the bed which has never happened and my legs both feel heavy "
           "and weird", "bladder_problem", "both_legs", id="story-long-bedwetting-both-legs-heavy"),
    # an accident without the toilet around it is trauma (see a doctor), not the bladder
    report("I had an accident at work last year and hurt my back", "trauma", id="story-accident-at-work-is-trauma"),
    # --- told vaguely or through a test the physio did ---
    report("my toes just won't move on the left since friday", "foot_drop", id="story-toes-will-not-move"),
    report("there is no movement in my ankle anymore", "foot_drop", id="story-no-movement-ankle"),
    report("cant go up on my toes on the bad side, tried at the sink", "foot_drop", id="story-tiptoe-test"),
    report("I've had problems going to the loo since the weekend and my back is agony", "bladder_problem",
           id="story-problems-going-to-the-loo"),
    report("a constant urge to pee that came on suddenly, nothing much comes", "bladder_problem",
           id="story-sudden-constant-urge"),
    # --- weakness told by how much or as a loss, a leg dragged or stuck ---
    report("I'm dragging my left leg when I walk now", "worsening_leg_weakness", id="story-dragging-leg"),
    report("I tried to get out of bed but my legs wouldn't budge", "worsening_leg_weakness",
           id="story-legs-would-not-budge"),
    report("there's a profound weakness in my right leg", "worsening_leg_weakness", id="story-profound-weakness"),
    report("I've slowly lost the ability to lift my foot", "worsening_leg_weakness",
           id="story-lost-ability-lift-foot"),
    report("sometimes I suddenly lose control of my left leg", "worsening_leg_weakness",
           id="story-lose-control-of-leg"),
    report("my leg feels clumsy and weak since the weekend", "worsening_leg_weakness", id="story-leg-clumsy"),
    report("I cannot make my foot do anything this morning", "foot_drop", id="story-cannot-make-foot-move"),
    report("they told me I was paralysed from the waist down", "both_legs", id="story-paralysed-waist-down"),
    report("the only way I could tell I had peed was to look", "bladder_problem", id="story-only-look-to-tell"),
    report("I didn't know when I passed urine anymore", "bladder_problem", id="story-not-know-when-urine"),
    report("I've had pins and needles in my feet since yesterday", "both_legs", id="story-plural-feet-tingle"),
    report("I woke up and my legs were numb", "both_legs", id="story-plural-legs-numb"),
    report("I watched my own leg ceasing to function", "worsening_leg_weakness", id="story-leg-ceasing-to-function"),
    report("I lost all feeling and movement from the neck down", "both_legs", id="story-feeling-lost-neck-down"),
    report("I could scarcely feel anything from the waist down", "both_legs", id="story-scarcely-feel-waist-down"),
    report("I still have to self catheterise every few hours", "bladder_problem", id="story-self-catheterise"),
    report("pins and needles in the tops of my thighs", "both_legs", id="story-plural-thighs-tingle"),
    report("both my calves went numb overnight", "both_legs", id="story-plural-calves-numb"),
    report("my calves have gone numb since this morning", "both_legs", id="story-plural-calves-numb-no-both"),
    report("at A&E they put a catheter in and drained nearly two litres", "bladder_problem",
           id="story-catheter-drained-litres"),
    # --- no feeling of passing urine, told as a contrast ---
    report("I could go to the toilet but I couldn't feel it", "bladder_problem", id="contrast-toilet-no-feeling"),
    report("I can wee, but the only way I can tell is to look", "bladder_problem", id="contrast-wee-look-to-tell"),
    report("I peed but felt nothing", "bladder_problem", id="contrast-peed-felt-nothing"),
    # --- no movement at all, told of the body ---
    report("I lay on the kitchen floor paralysed until my son found me", "worsening_leg_weakness",
           id="body-lay-paralysed"),
    report("Totally paralyzed, I had to be carried to the ambulance", "worsening_leg_weakness",
           id="body-totally-paralyzed"),
    report("This morning I woke up and I was paralysed.", "worsening_leg_weakness", id="body-was-paralysed-end"),
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
    pytest.param("i had to look up how to pee in a jar for my urine test", id="plain-look-up-how-to-pee"),
    pytest.param("the numbness in my heel has set in for good", id="plain-heel-numbness-set-in"),
    pytest.param("my waist is sore and my leg tingles", id="plain-sore-waist-tingly-leg"),
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
    # --- told as a story: negated, or ordinary sciatica that must not fire ---
    pytest.param("no accidents, bladder fine", id="story-neg-no-accidents-bladder-fine"),
    pytest.param("I'm not dragging my foot or anything, just limping because of pain", id="story-neg-not-dragging"),
    pytest.param("my leg isn't giving way, it just hurts to walk", id="story-neg-leg-not-giving-way"),
    pytest.param("my leg never gives way, it just hurts", id="story-neg-leg-never-gives-way"),
    pytest.param("bladder's fine, no accidents, no leaking", id="story-neg-bladder-no-leaking"),
    pytest.param("no numbness when I wipe, all normal", id="story-neg-no-numbness-wiping"),
    pytest.param("I can still feel the toilet seat fine", id="story-neg-can-feel-toilet-seat"),
    pytest.param("my foot doesn't slap or drag", id="story-neg-foot-doesnt-slap"),
    pytest.param("no change in my bladder habits", id="story-neg-no-change-bladder-habits"),
    pytest.param("I'm peeing normally, no straining", id="story-neg-no-straining"),
    pytest.param("Bladder fine, bowels fine, no numbness anywhere, just this awful leg pain",
                 id="story-neg-all-fine-leg-pain"),
    pytest.param("my leg is tingling", id="story-plain-leg-tingling"),
    pytest.param("my leg is tingling all the way to my foot", id="story-plain-leg-tingling-to-foot"),
    pytest.param("pain when I sit on the toilet", id="story-plain-pain-sitting-on-toilet"),
    pytest.param("The pain when I sit on the toilet is the worst part of my day honestly",
                 id="story-plain-toilet-pain-worst"),
    pytest.param("foot feels numb in the toes", id="story-plain-foot-numb-toes"),
    pytest.param("My foot gets pins and needles in the toes when I've been sitting on the toilet too long "
                 "scrolling lol", id="story-plain-toes-tingle-on-toilet"),
    pytest.param("leg feels heavy", id="story-plain-leg-heavy"),
    pytest.param("my leg feels heavy and tired by the evening", id="story-plain-leg-heavy-evening"),
    pytest.param("I've been sitting on a cushion at work like the physio said and it helps a bit",
                 id="story-plain-sitting-on-cushion"),
    pytest.param("the codeine has made me constipated so I have to strain on the loo", id="story-plain-constipated"),
    pytest.param("the chair gave way under me and I landed on my bum", id="story-plain-chair-gave-way"),
    pytest.param("I go weak at the knees at the thought of needles haha", id="story-plain-weak-at-the-knees"),
    pytest.param("I stopped working because of my leg pain", id="story-plain-stopped-working"),
    pytest.param("when I lift my leg to put my sock on it hurts", id="story-plain-lift-leg-sock"),
    pytest.param("I stand on both feet now instead of leaning on the good one", id="story-plain-both-feet-now"),
    pytest.param("my calves ache after the long walk", id="story-plain-calves-ache"),
    pytest.param("since the operation on my arm I have pain in both areas", id="story-plain-pain-in-both-areas"),
    pytest.param("my left leg is numb from the hip down", id="story-plain-one-leg-numb-hip-down"),
    pytest.param("the physio's function tests on my leg were all normal", id="story-plain-leg-function-tests"),
    pytest.param("the pain goes down the back of my thigh and my calf goes numb", id="story-plain-one-thigh-calf-numb"),
    pytest.param("I have to get up to pee twice a night but that's been the case for years",
                 id="story-plain-pee-twice-a-night"),
    pytest.param("I wiped down the kitchen and bent over and my back went", id="story-plain-wiped-kitchen"),
    pytest.param("I don't know when I need to go in for my next appointment", id="story-plain-when-to-go-in"),
    pytest.param("no problems going to the toilet, just the leg pain", id="neg-no-problems-toilet"),
    pytest.param("I can stand on my toes fine and the foot moves normally", id="neg-tiptoe-fine"),
    pytest.param("the pain stops me sitting but I can move my foot and toes", id="story-plain-can-move-foot"),
    pytest.param("I need to pee more at night since I started the new tablets, my GP knows",
                 id="story-plain-pee-at-night-tablets"),
    # spaCy's lookup table gives "wrong" as the lemma of "worst": sleeping wrong is not the worst pain
    pytest.param("I think I slept wrong on Tuesday, my lower back has been stiff since", id="plain-slept-wrong"),
    # a heart, not a bone
    pytest.param("it breaks my heart to see my dad limping with his sciatica", id="plain-breaks-my-heart"),
    # losing control of something other than a leg, or pain that stops a move, is no weakness
    pytest.param("I lost control of the car on the ice and hurt my back", id="plain-lost-control-of-car"),
    pytest.param("the pain was so bad I could not move my hips for a minute", id="plain-could-not-move-hips"),
    pytest.param("I've been dragging myself to work with this sciatica", id="plain-dragging-myself-to-work"),
    pytest.param("I drink two litres of water a day like the physio said", id="plain-two-litres-of-water"),
    # one leg or one foot is ordinary sciatica; pain in "my legs" is said loosely
    pytest.param("my leg goes numb when I sit too long", id="plain-one-leg-numb-sitting"),
    pytest.param("my foot tingles in the mornings", id="plain-one-foot-tingles"),
    pytest.param("my legs ache after a long day at work", id="plain-legs-ache"),
    # noticing is new only for weakness: noticed pain or tiredness is not a sign
    pytest.param("I notice my legs are tired after a long walk", id="plain-notice-tired-legs"),
    # a contrast pair is about one thing: here the foot, not the bladder
    pytest.param("I can pee fine but my foot feels nothing", id="contrast-pee-fine-foot-numb"),
    pytest.param("I can pee okay but I feel nothing in my toes", id="contrast-pee-fine-toes-numb"),
    # "paralysed" said of fear or of pain is no loss of movement
    pytest.param("I was paralysed with fear before my first needling session", id="paralysed-with-fear"),
    pytest.param("the pain left me paralysed on the sofa for a day", id="paralysed-by-pain"),
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
    question("what if my leg gives way", "worsening_leg_weakness", id="ask-story-what-if-leg-gives-way"),
    question("what if I have an accident before I get to the toilet", "bladder_problem",
             id="ask-story-what-if-accident-toilet"),
    question("should I worry if my foot starts slapping", "foot_drop", id="ask-story-worry-foot-slapping"),
    question("if I couldn't feel the toilet seat would that be serious", "saddle_numbness",
             id="ask-story-if-cant-feel-toilet-seat"),
    question("what if I wet the bed", "bladder_problem", id="ask-story-what-if-wet-the-bed"),
    question("is it an emergency if both legs go numb", "both_legs", id="ask-story-both-legs-go-numb"),
    question("can't you get foot drop from sciatica", "foot_drop", id="ask-negated-auxiliary-with-subject"),
]


@pytest.mark.parametrize("text, expected", QUESTIONS)
def test_general_questions_are_asked_about_not_reported(detector, text, expected):
    assessment = detector.assess(text)
    assert assessment.reported == ()
    assert {sign.id for sign in assessment.asked_about} == expected


# A numb word after another body part belongs to that part: "... into my buttock my leg went numb".
# Joined to the place ("my bum and legs are numb") or before it ("tingling down my leg into my
# groin"), it is the place's too.
@pytest.mark.parametrize("text, expected", [
    ("as the physio put the needle in my buttock my leg went numb for a moment", set()),
    ("when she needled my bum, my foot went tingly", set()),
    ("my bum and legs are numb", {"saddle_numbness", "both_legs"}),
    ("my backside or my leg keeps going numb, hard to tell which", {"saddle_numbness"}),
    ("tingling down my leg into my groin since this morning", {"saddle_numbness"}),
    ("my groin went numb this morning", {"saddle_numbness"}),
    # the numb word said of the part right after it: the toe is numb, not the bum
    ("bum ache, numb big toe, worse sitting", set()),
    ("my bum is numb, left foot too", {"saddle_numbness"}),
])
def test_a_numb_word_after_another_body_part_is_that_part(detector, text, expected):
    assert {sign.id for sign in detector.assess(text).reported} == expected


# Information read somewhere and passed on, not a report: a sign listed after "include"
# with no "I" or "my" in the sentence before it. With one, it is the patient's own sign.
@pytest.mark.parametrize("text, expected", [
    ("The leaflet says red flags include losing control of your bladder, so I'm keeping an eye out",
     {"bladder_problem"}),
    ("warning signs of cauda equina include numbness in the groin and trouble peeing",
     {"saddle_numbness", "bladder_problem"}),
    ("Signs that need a doctor straight away include weakness in both legs", {"both_legs"}),
    ("my physio's card says the red flags include trouble peeing, none of that here", {"bladder_problem"}),
    ("I was told warning signs include numbness down there", {"saddle_numbness"}),
])
def test_signs_listed_as_information_are_not_reported(detector, text, expected):
    assessment = detector.assess(text)
    assert assessment.reported == ()
    assert {sign.id for sign in assessment.asked_about} == expected


@pytest.mark.parametrize("text, expected", [
    ("my symptoms include numbness in the groin", {"saddle_numbness"}),
    ("I've got other symptoms too, including not being able to pee since yesterday", {"bladder_problem"}),
    ("it's such a weird feeling down there", {"saddle_numbness"}),
    ("my GP said my symptoms include numbness in the groin", {"saddle_numbness"}),
    ("I read the list and my symptoms include trouble peeing", {"bladder_problem"}),
])
def test_own_signs_listed_after_include_are_still_reported(detector, text, expected):
    assert {sign.id for sign in detector.assess(text).reported} == expected


@pytest.mark.parametrize("text", [
    "For months I have struggled each night, up in the wee hours with the ache down my leg",
    "the pain eases a wee bit when I lie on my side",
    "my wee one keeps me lifting all day and my sciatica flares",
])
def test_wee_idioms_are_not_bladder_reports(text):
    assert not default_detector().assess(text).reported


@pytest.mark.parametrize("text", [
    "i had the acupuncture 2 days ago and im still wiped out, i fell asleep at my desk",
    "so sore I couldn't move for an hour",
    "my legs don't move as fast as they used to",
    "sleep paralysis gave me a fright last night",
    "I've always had weak ankles from netball",
    "my sciatica gets worse when I need to pee",
])
def test_tiredness_and_stiffness_idioms_are_no_reports(text):
    assert not default_detector().assess(text).reported


def test_wee_as_pee_still_reports():
    assert [s.id for s in default_detector().assess("I couldn't wee at all since last night").reported] == [
        "bladder_problem"]


@pytest.mark.parametrize("text", [
    "I have lost perianal sensation since Tuesday",
    "strange sensations around the anal area since my back went",
    "reduced perineal sensation, the GP said to mention it",
])
def test_textbook_saddle_words_report_saddle_numbness(text):
    assert "saddle_numbness" in [sign.id for sign in default_detector().assess(text).reported]


@pytest.mark.parametrize("text", [
    "burning sensation down the back of my leg when I sit",
    "no numbness or odd sensation in the groin, bladder fine",
    "what does loss of perianal sensation mean?",
])
def test_sensation_words_without_a_saddle_report_do_not_fire(text):
    assert "saddle_numbness" not in [sign.id for sign in default_detector().assess(text).reported]
