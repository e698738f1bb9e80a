"""The register's access convention (issue 10): each retrieval purpose reaches only the
offenders it concerns, refused exactly like a missing record; refusals are audited at
each entry point with the query's kind, never its content; names through the kernel;
unknown form fields refused; every status moves through its declared lifecycle."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from django.urls import reverse

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.audit.models import AuditEvent
from hifazat.core.errors import IllegalTransition, NotFound
from hifazat.places.models import Facility
from hifazat.register import access, lifecycles, selectors, services
from hifazat.register.errors import InvalidEntry
from hifazat.register.models import EntryProposal, Offender, OffenderRequest, RetrievalFlag
from hifazat.register.whereabouts.models import CustodyEvent
from hifazat.synthetic import PeopleGenerator
from tests.factories import give_role, make_agency, make_user, verified_client
from tests.register.helpers import payload, verified

pytestmark = pytest.mark.django_db

_seeds = itertools.count(700)


def register(world, *, district="PB-LHR") -> Offender:
    person = PeopleGenerator(seed=next(_seeds)).offender()
    proposal = services.propose_entry(
        proposer=world["prosecutor"],
        payload=payload(person, district=district, case_number=f"SC-{next(_seeds)}/2025"))
    return services.verify_entry(proposal=proposal, verifier=world["registrar"])


@pytest.fixture
def jail(places):
    return Facility.objects.create(code="JAIL-LHR", kind="prison", name_en="Camp Jail Lahore",
                                   name_ur="کیمپ جیل لاہور", district=places["LHR"])


@pytest.fixture
def prison_officer(jail):
    user = make_user(make_agency(AgencyKind.PRISON, jail))
    give_role(user, Role.PRISON_OFFICER)
    return verified(user)


def hold_at(offender, prison, by) -> None:
    """Arrange: whereabouts records the offender as admitted to ``prison``."""
    CustodyEvent.objects.create(offender=offender, kind="admitted", prison=prison,
                                occurred_on="2025-07-01", recorded_by=by)


def open_on_web(user, offender, purpose, reference="FIR 12/2026 PS Civil Lines"):
    client = verified_client(Client(), user)
    client.post(reverse("register:open", args=[offender.pk]),
                {"purpose": purpose, "reference": reference})
    return client.get(reverse("register:record", args=[offender.pk]))


# --- Purpose has a jurisdiction --------------------------------------------------------


def test_every_purpose_a_role_may_state_has_a_rule():
    from hifazat.register import policy

    stated = {str(p) for purposes in policy.PURPOSES_BY_ROLE.values() for p in purposes}
    assert stated <= set(policy.PURPOSE_RULES)


def test_lahore_officer_opening_a_multan_offender_for_compliance_is_not_found(world):
    multan = register(world, district="PB-MUL")
    missing = open_on_web(world["io"], Offender(pk=999_999), "compliance")
    response = open_on_web(world["io"], multan, "compliance")
    # The same 404 page (its bytes differ only by the sign-out form's CSRF token).
    assert response.status_code == missing.status_code == 404
    refused = AuditEvent.objects.get(action="register.view_refused", object_id=str(multan.pk))
    assert refused.purpose == "compliance" and refused.actor_id == world["io"].pk
    assert not AuditEvent.objects.filter(action="register.view").exists()


def test_compliance_within_the_managing_district_opens(world):
    lahore = register(world)
    assert open_on_web(world["io"], lahore, "compliance").status_code == 200


def test_compliance_search_does_not_find_an_offender_of_another_district(world):
    multan = register(world, district="PB-MUL")
    hits = selectors.search_offenders(user=world["io"], purpose="compliance",
                                      reference="FIR 3/2026", query={"cnic": multan.cnic})
    assert hits == []
    hits = selectors.search_offenders(user=world["io"], purpose="investigation",
                                      reference="FIR 3/2026", query={"cnic": multan.cnic})
    assert [h.offender_id for h in hits] == [multan.pk]


def test_prison_officer_opens_only_offenders_held_in_their_prison(world, jail, prison_officer,
                                                                  places):
    multan = register(world, district="PB-MUL")
    response = open_on_web(prison_officer, multan, "prison_release")
    assert response.status_code == 404
    other_jail = Facility.objects.create(code="JAIL-MUL", kind="prison", name_en="Jail",
                                         name_ur="جیل", district=places["MUL"])
    hold_at(multan, other_jail, world["registrar"])
    assert open_on_web(prison_officer, multan, "prison_release").status_code == 404
    held = register(world, district="PB-MUL")
    hold_at(held, jail, world["registrar"])
    assert open_on_web(prison_officer, held, "prison_release").status_code == 200


def test_investigation_outside_the_officers_area_opens_and_is_flagged(world):
    multan = register(world, district="PB-MUL")
    offender = access.access_offender(user=world["io"], offender_id=multan.pk,
                                      purpose="investigation", reference="FIR 9/2026")
    assert offender == multan
    flag = RetrievalFlag.objects.get(offender=multan, actor=world["io"])
    assert RetrievalFlag.Reason.OUT_OF_JURISDICTION in flag.reasons


def test_out_of_rule_is_the_same_not_found_as_a_missing_record(world):
    multan = register(world, district="PB-MUL")
    with pytest.raises(NotFound) as out_of_rule:
        access.access_offender(user=world["io"], offender_id=multan.pk,
                               purpose="compliance", reference="FIR 9/2026")
    with pytest.raises(NotFound) as missing:
        access.access_offender(user=world["io"], offender_id=999_999,
                               purpose="compliance", reference="FIR 9/2026")
    assert str(out_of_rule.value) == str(missing.value)


# --- Refused retrievals are audited at each entry point --------------------------------


def test_web_search_without_a_reference_is_audited_as_refused_with_the_query_kind(world):
    client = verified_client(Client(), world["io"])
    response = client.post(reverse("register:search"),
                           {"purpose": "investigation", "reference": "",
                            "cnic": "35202-1234567-1"})
    assert response.status_code == 400
    event = AuditEvent.objects.get(action="register.search_refused")
    assert event.actor_id == world["io"].pk and event.purpose == "investigation"
    assert event.details["query_kind"] == "cnic"
    assert "3520212345671" not in str(event.details) and "35202" not in str(event.details)


def test_web_search_for_a_purpose_the_role_may_not_state_is_audited(world):
    client = verified_client(Client(), world["io"])
    response = client.post(reverse("register:search"),
                           {"purpose": "prison_release", "reference": "FIR 1/2026",
                            "given": "Ali", "father": "Ahmed"})
    assert response.status_code == 400
    event = AuditEvent.objects.get(action="register.search_refused")
    assert event.purpose == "prison_release"
    assert event.details == {"reason": access.PURPOSE_NOT_ALLOWED, "query_kind": "name"}


def test_web_open_without_a_purpose_is_audited_as_refused(world):
    lahore = register(world)
    client = verified_client(Client(), world["io"])
    response = client.post(reverse("register:open", args=[lahore.pk]),
                           {"purpose": "", "reference": "FIR 1/2026"})
    assert response.status_code == 400
    event = AuditEvent.objects.get(action="register.view_refused")
    assert event.object_id == str(lahore.pk) and event.details["reason"] == access.NO_PURPOSE


def test_selector_refusal_is_audited_with_the_query_kind_not_its_content(world):
    with pytest.raises(NotFound):
        selectors.search_offenders(user=world["prosecutor"], purpose="compliance",
                                   reference="FIR 1/2026",
                                   query={"given": "Zahid", "father": "Bashir"})
    event = AuditEvent.objects.get(action="register.search_refused")
    assert event.purpose == "compliance"
    assert event.details == {"reason": access.PURPOSE_NOT_ALLOWED, "query_kind": "name"}
    assert "Zahid" not in str(event.details)


# --- Validation through the kernel -----------------------------------------------------


def test_a_name_with_a_bidi_override_is_refused_in_a_proposal(world):
    with pytest.raises(InvalidEntry) as exc:
        services.propose_entry(proposer=world["prosecutor"],
                               payload=payload(name="Ayesha \u202eibiB hsiA"))
    assert "name" in exc.value.fields
    assert not EntryProposal.objects.exists()


def test_a_malformed_cnic_has_the_kernels_one_message(world):
    from hifazat.core.validation import CNIC_MESSAGE

    with pytest.raises(InvalidEntry) as exc:
        services.propose_entry(proposer=world["prosecutor"], payload=payload(cnic="12-34"))
    assert exc.value.fields["cnic"] == CNIC_MESSAGE


# --- Unknown fields are refused --------------------------------------------------------


def test_an_unknown_field_on_a_register_form_is_a_400_naming_it(world):
    client = verified_client(Client(), world["prosecutor"])
    response = client.post(reverse("register:propose"),
                           {**payload(), "two_finger_test": "yes"})
    assert response.status_code == 400
    assert "two_finger_test" in response.content.decode()
    assert not EntryProposal.objects.exists()


# --- Declared lifecycles ----------------------------------------------------------------


def _pairs(declared):
    return [(declared, a, b) for a in declared.states for b in declared.states]


@pytest.mark.parametrize("declared,current,requested", _pairs(lifecycles.OFFENDER_STATUS))
def test_offender_status_lifecycle(world, declared, current, requested):
    offender = register(world)
    Offender.objects.filter(pk=offender.pk).update(status=current)
    _check_transition(world, declared, offender, current, requested,
                      lambda: services.set_status(offender=offender, status=requested,
                                                  actor=world["registrar"], reason="test"))


@pytest.mark.parametrize("declared,current,requested", _pairs(lifecycles.ENTRY_PROPOSAL))
def test_entry_proposal_lifecycle(world, declared, current, requested):
    from hifazat.audit import services as audit

    proposal = services.propose_entry(proposer=world["prosecutor"], payload=payload())
    EntryProposal.objects.filter(pk=proposal.pk).update(state=current)
    _check_transition(world, declared, proposal, current, requested,
                      lambda: audit.transition(proposal, lifecycle=declared, to=requested,
                                               actor=world["registrar"],
                                               action="register.test",
                                               object_type="register.proposal"))


@pytest.mark.parametrize("declared,current,requested", _pairs(lifecycles.OFFENDER_REQUEST))
def test_offender_request_lifecycle(world, declared, current, requested):
    from hifazat.audit import services as audit

    offender = register(world)
    request = services.record_offender_request(offender=offender, actor=world["registrar"],
                                               kind="copy", received_on=offender.verified_at
                                               .date(), details="A copy, please")
    OffenderRequest.objects.filter(pk=request.pk).update(outcome=current)
    _check_transition(world, declared, request, current, requested,
                      lambda: audit.transition(request, lifecycle=declared, to=requested,
                                               actor=world["registrar"],
                                               action="register.test",
                                               object_type="register.request"))


def _check_transition(world, declared, obj, current, requested, move):
    if declared.is_allowed(current, requested):
        moved = move()
        assert getattr(moved, declared.field) == requested
        event = AuditEvent.objects.order_by("-seq").first()
        assert event.details["from"] == current and event.details["to"] == requested
        return
    if current == requested and declared is lifecycles.OFFENDER_STATUS:
        # The status an offender already has is no change (nothing is written).
        before = AuditEvent.objects.count()
        move()
        assert AuditEvent.objects.count() == before
        return
    with pytest.raises(IllegalTransition) as exc:
        move()
    message = str(exc.value)
    assert declared.label(current) in message and declared.label(requested) in message
    obj.refresh_from_db()
    assert getattr(obj, declared.field) == current
