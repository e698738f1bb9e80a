"""Register: maker–checker entry, validation, purpose-bound retrieval, audit."""

from __future__ import annotations

import pytest

from hifazat.audit.models import AuditEvent
from hifazat.core import permissions
from hifazat.register import access, selectors, services
from hifazat.register.errors import (
    InvalidEntry,
    NotAwaitingVerification,
    NotFound,
    PurposeRequired,
    SelfVerification,
)
from hifazat.register.models import Conviction, EntryProposal, Offender
from hifazat.synthetic import PeopleGenerator
from tests.register.helpers import payload as _payload

pytestmark = pytest.mark.django_db


def test_nothing_is_registered_until_another_registrar_verifies(world):
    proposal = services.propose_entry(proposer=world["prosecutor"], payload=_payload())
    assert Offender.objects.count() == 0
    offender = services.verify_entry(proposal=proposal, verifier=world["registrar"])
    assert offender.register_number.startswith("NSOR-")
    assert Conviction.objects.get(offender=offender).registration_years == 20
    proposal.refresh_from_db()
    assert proposal.state == EntryProposal.State.VERIFIED
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.index("register.entry_proposed") < actions.index("register.entry_verified")
    with pytest.raises(NotAwaitingVerification):
        services.verify_entry(proposal=proposal, verifier=world["registrar2"])


def test_a_registrar_cannot_verify_their_own_proposal(world):
    # Even a proposal recorded under a registrar's name cannot be checked by them.
    both = world["registrar"]
    proposal = EntryProposal.objects.create(payload=_payload(), proposed_by=both)
    with pytest.raises(SelfVerification):
        services.verify_entry(proposal=proposal, verifier=both)
    assert Offender.objects.count() == 0


def test_only_prosecutors_propose_and_only_registrars_verify(world):
    from django.core.exceptions import PermissionDenied

    for who in ("registrar", "io", "doctor", "analyst"):
        with pytest.raises(PermissionDenied):
            services.propose_entry(proposer=world[who], payload=_payload())
    proposal = services.propose_entry(proposer=world["prosecutor"], payload=_payload())
    for who in ("prosecutor2", "io", "doctor", "analyst"):
        assert not permissions.can(world[who], "register.verify", proposal)
    assert EntryProposal.objects.count() == 1


@pytest.mark.parametrize("overrides,field", [
    ({"cnic": "12345"}, "cnic"),
    ({"sections": ["999"]}, "sections"),
    ({"sections": []}, "sections"),
    ({"dob": "1990-02-30"}, "dob"),
    ({"dob": "2000-01-01", "convicted_on": "1999-05-05"}, "convicted_on"),
    ({"convicted_on": "2999-01-01"}, "convicted_on"),
    ({"district": "XX-NOPE"}, "district"),
    ({"court": "NOT-A-COURT"}, "court"),
    ({"name": ""}, "name"),
    ({"sex": "Q"}, "sex"),
    ({"name": "x" * 500}, "name"),
])
def test_bad_entries_are_refused_field_by_field(world, overrides, field):
    with pytest.raises(InvalidEntry) as exc:
        services.propose_entry(proposer=world["prosecutor"], payload=_payload(**overrides))
    assert field in exc.value.fields
    assert EntryProposal.objects.count() == 0


def test_returned_proposal_carries_the_reason(world):
    proposal = services.propose_entry(proposer=world["prosecutor"], payload=_payload())
    services.return_entry(proposal=proposal, verifier=world["registrar"],
                          reason="Sentence missing the fine")
    proposal.refresh_from_db()
    assert proposal.state == EntryProposal.State.RETURNED
    assert proposal.decision_note == "Sentence missing the fine"


@pytest.fixture
def registered(world):
    gen = PeopleGenerator(seed=8)
    people = [gen.offender() for _ in range(30)]
    for i, person in enumerate(people):
        proposal = services.propose_entry(
            proposer=world["prosecutor"],
            payload=_payload(person, case_number=f"SC-{i}/2025"))
        services.verify_entry(proposal=proposal, verifier=world["registrar"])
    return gen, people


def test_search_needs_a_purpose_and_reference_and_refusals_are_audited(world, registered):
    _gen, people = registered
    for purpose, reference in (("", "FIR-1"), ("investigation", ""), ("", "")):
        with pytest.raises(PurposeRequired):
            selectors.search_offenders(user=world["io"], purpose=purpose,
                                       reference=reference, query={"cnic": people[0].cnic})
    assert AuditEvent.objects.filter(action="register.search_refused").count() == 3
    assert not AuditEvent.objects.filter(action="register.search").exists()


def test_roles_without_a_register_duty_are_refused(world, registered):
    _gen, people = registered
    for who in ("doctor", "analyst"):
        with pytest.raises(NotFound):
            selectors.search_offenders(user=world[who], purpose="investigation",
                                       reference="FIR-1", query={"cnic": people[0].cnic})
    with pytest.raises(NotFound):  # a prosecutor may not claim an investigation purpose
        selectors.search_offenders(user=world["prosecutor"], purpose="investigation",
                                   reference="FIR-1", query={"cnic": people[0].cnic})


def test_name_search_finds_the_offender_from_a_variant_and_is_audited(world, registered):
    gen, people = registered
    target = people[4]
    variant = gen.variant_of(target, urdu=True)
    hits = selectors.search_offenders(
        user=world["io"], purpose="investigation", reference="FIR 123/2026 PS Civil Lines",
        query={"given": variant.given_name, "surname": variant.surname,
               "father": variant.father_name,
               "dob": str(variant.dob.year) if variant.dob else "", "district": "PB-LHR"})
    assert hits and hits[0].name.startswith(target.given_name)
    event = AuditEvent.objects.filter(action="register.search").latest("seq")
    assert event.purpose == "investigation"
    assert event.case_reference == "FIR 123/2026 PS Civil Lines"
    assert event.details["returned"][0] == hits[0].offender_id


def test_opening_a_record_is_a_second_audited_action(world, registered):
    _gen, people = registered
    hit = selectors.search_offenders(user=world["io"], purpose="investigation",
                                     reference="FIR-9", query={"cnic": people[2].cnic})[0]
    offender = access.access_offender(user=world["io"], offender_id=hit.offender_id,
                                         purpose="investigation", reference="FIR-9")
    assert offender.pk == hit.offender_id
    view = AuditEvent.objects.get(action="register.view")
    assert view.object_id == str(offender.pk) and view.case_reference == "FIR-9"
    with pytest.raises(NotFound):
        access.access_offender(user=world["io"], offender_id=999_999,
                                  purpose="investigation", reference="FIR-9")


def test_a_name_box_with_the_fathers_name_is_searched_as_name_and_father(world, registered):
    """ "Imran s/o Ghulam Rasool" in the name box alone is a name and a father's name
    (identity's one reading of a name box), not a name lacking a second particular."""
    _gen, people = registered
    target = people[5]
    for box in (f"{target.given_name} s/o {target.father_name}",
                f"{target.given_name_ur} ولد {target.father_name_ur}"):
        hits = selectors.search_offenders(user=world["io"], purpose="investigation",
                                          reference="FIR-7", query={"given": box})
        assert hits and hits[0].name.startswith(target.given_name), box
    query = AuditEvent.objects.filter(action="register.search").latest("seq").details["query"]
    assert query["father"] == target.father_name_ur
