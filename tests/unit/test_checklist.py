"""The screening outcome rule (clinic/checklist.py), every row and the combinations."""
import itertools

import pytest

from clinic.checklist import (
    ITEM_IDS,
    ITEMS,
    ITEMS_BY_ID,
    NO,
    UNSURE,
    YES,
    Outcome,
    join_labels,
    questions_to_ask,
    screening_result,
)

# The default outcome of each row of ../shared/clinical/checklist.md §2 when answered "yes".
EXPECTED_IF_YES = {
    "needle_fear": Outcome.STOP,
    "skin_problem": Outcome.STOP,
    "bleeding_disorder": Outcome.ASK_PHYSIO,
    "blood_thinners": Outcome.ASK_PHYSIO,
    "pregnancy": Outcome.ASK_PHYSIO,
    "metal_allergy": Outcome.TELL_PHYSIO,
    "weak_immunity": Outcome.ASK_PHYSIO,
    "diabetes_circulation": Outcome.ASK_PHYSIO,
    "epilepsy_fainting": Outcome.ASK_PHYSIO,
    "implanted_device": Outcome.TELL_PHYSIO,
    "under_18": Outcome.ASK_PHYSIO,
}


def all_no(**overrides):
    return {**{item_id: NO for item_id in ITEM_IDS}, **overrides}


def test_every_checklist_row_is_asked():
    assert set(ITEM_IDS) == set(EXPECTED_IF_YES)


def test_the_clinic_articles_five_groups_are_asked_first():
    assert ITEM_IDS[:6] == (
        "pregnancy", "bleeding_disorder", "blood_thinners", "skin_problem", "needle_fear", "metal_allergy"
    )


def test_all_no_is_clear():
    result = screening_result(all_no())
    assert result.outcome is Outcome.CLEAR
    assert result.reasons == () and result.to_mention == ()


@pytest.mark.parametrize("item_id", ITEM_IDS)
def test_yes_gives_the_rows_outcome_and_names_the_item(item_id):
    result = screening_result(all_no(**{item_id: YES}))
    assert result.outcome is EXPECTED_IF_YES[item_id]
    assert result.reasons == (ITEMS_BY_ID[item_id],)


@pytest.mark.parametrize("item_id", ITEM_IDS)
def test_not_sure_means_ask_the_physio(item_id):
    result = screening_result(all_no(**{item_id: UNSURE}))
    assert result.outcome is Outcome.ASK_PHYSIO
    assert result.reason_labels == (ITEMS_BY_ID[item_id].label,)


@pytest.mark.parametrize("first, second", list(itertools.combinations(ITEM_IDS, 2)))
def test_two_yes_answers_give_the_more_serious_outcome(first, second):
    result = screening_result(all_no(**{first: YES, second: YES}))
    expected = max(EXPECTED_IF_YES[first], EXPECTED_IF_YES[second], key=lambda outcome: outcome.severity)
    assert result.outcome is expected
    expected_reasons = [ITEMS_BY_ID[i] for i in (first, second) if EXPECTED_IF_YES[i] is expected]
    assert list(result.reasons) == sorted(expected_reasons, key=ITEMS.index)


def test_stop_outranks_everything_and_names_only_the_stop_items():
    result = screening_result({item_id: YES for item_id in ITEM_IDS})
    assert result.outcome is Outcome.STOP
    assert [item.id for item in result.reasons] == ["skin_problem", "needle_fear"]
    assert [item.id for item in result.to_mention] == ["metal_allergy", "implanted_device"]


def test_tell_physio_items_are_listed_to_mention():
    result = screening_result(all_no(metal_allergy=YES, implanted_device=YES))
    assert result.outcome is Outcome.TELL_PHYSIO
    assert result.reason_labels == ("a metal allergy", "a pacemaker or other implanted device")


def test_ask_physio_outranks_tell_physio():
    result = screening_result(all_no(metal_allergy=YES, pregnancy=UNSURE))
    assert result.outcome is Outcome.ASK_PHYSIO
    assert [item.id for item in result.reasons] == ["pregnancy"]
    assert [item.id for item in result.to_mention] == ["metal_allergy"]


def test_unanswered_items_count_as_clear():
    assert screening_result({"pregnancy": NO}).outcome is Outcome.CLEAR


def test_questions_follow_the_checklist_order_and_skip_answered_ones():
    assert questions_to_ask({}) == ITEM_IDS
    assert questions_to_ask({"blood_thinners": YES, "pregnancy": NO})[:2] == ("bleeding_disorder", "skin_problem")


def test_no_more_questions_once_an_answer_means_stop():
    assert questions_to_ask({"pregnancy": NO, "needle_fear": YES}) == ()
    # "not sure" about a stop item is for the physio to look at: keep asking
    assert questions_to_ask({"needle_fear": UNSURE})[0] == "pregnancy"


def test_all_answered_leaves_nothing_to_ask():
    assert questions_to_ask(all_no()) == ()


@pytest.mark.parametrize(
    "labels, text",
    [((), ""), (("a",), "a"), (("a", "b"), "a and b"), (("a", "b", "c"), "a, b and c")],
)
def test_join_labels(labels, text):
    assert join_labels(labels) == text
