"""Two action servers deliver from one PostgreSQL outbox: each request reaches the clinic once."""
import time

import pytest

from clinic.outbox_postgres import PostgresOutbox
from tests.e2e.test_booking_conversations import reference_in, screened_patient_reaches_confirmation
from tests.scale.conftest import Patient, wait_for
from tests.scale.test_shared_conversations import new_patient

pytestmark = pytest.mark.scale


def test_a_booking_made_across_both_servers_reaches_the_clinic_once(cluster, webhook):
    patient: Patient = new_patient(cluster)
    screened_patient_reaches_confirmation(patient)
    reference = reference_in(patient.reply_text("yes send it"))
    assert len(webhook.wait_for(reference)) == 1
    assert PostgresOutbox(cluster["outbox_url"]).get(reference).delivered  # stored in the shared database
    assert set(patient.served_by) == cluster["rasa_addresses"]


def test_requests_waiting_in_the_shared_outbox_go_out_once_though_both_action_servers_deliver(cluster, webhook):
    outbox = PostgresOutbox(cluster["outbox_url"])
    # Both action servers' delivery threads look every 0.5 s: they race for these.
    references = [outbox.add("callback", {"name": f"patient {number}"}).reference for number in range(30)]
    wait_for(lambda: all(outbox.get(reference).delivered for reference in references), seconds=60, step=0.2)
    time.sleep(1.5)  # three more passes of each worker: a duplicate would have arrived by now
    assert {reference: len(webhook.requests_for(reference)) for reference in references} == {
        reference: 1 for reference in references}
