"""Register flows beyond entry: corrections, merging duplicates, the photograph, the
offender's requests, the removal review, supervision of flagged retrievals, the
reoffence check and the PDF extract."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from PIL import Image

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.audit.models import AuditEvent
from hifazat.core.errors import IllegalTransition
from hifazat.register import access, extracts, selectors, services
from hifazat.register.errors import InvalidEntry, NotFound, RegisterError, SelfVerification
from hifazat.register.models import (
    Conviction,
    EntryProposal,
    Offender,
    OffenderRequest,
    RemovalReview,
    RetrievalFlag,
)
from hifazat.synthetic import PeopleGenerator
from tests.factories import give_role, make_agency, make_user
from tests.register.helpers import payload as _payload
from tests.register.helpers import verified as _verified

pytestmark = pytest.mark.django_db


def _register(world, person, **overrides):
    proposal = services.propose_entry(proposer=world["prosecutor"],
                                      payload=_payload(person, **overrides))
    return services.verify_entry(proposal=proposal, verifier=world["registrar"])


@pytest.fixture
def gen():
    return PeopleGenerator(seed=21)


def test_new_entry_keeps_the_urdu_name_as_an_alias_and_the_period_end(world, gen):
    person = gen.offender()
    offender = _register(world, person, name_ur=person.given_name_ur,
                         surname_ur=person.surname_ur, verdict_reference="V-77")
    names = {n.name: n for n in offender.names.all()}
    assert names[person.given_name].is_primary and names[person.given_name].script == "latin"
    assert names[person.given_name_ur].script == "urdu"
    assert offender.registration_ends == date(2045, 6, 1)  # 2025-06-01 + 20 years (rape)
    assert Conviction.objects.get(offender=offender).verdict_reference == "V-77"


def test_urdu_name_field_refuses_latin_text(world, gen):
    with pytest.raises(InvalidEntry) as exc:
        services.propose_entry(proposer=world["prosecutor"],
                               payload=_payload(gen.offender(), name_ur="Imran"))
    assert "name_ur" in exc.value.fields


def test_correction_is_applied_only_when_another_registrar_verifies(world, gen):
    offender = _register(world, gen.offender())
    proposal = services.propose_correction(
        proposer=world["prosecutor"], offender=offender,
        changes={"father_name": "Ghulam Rasool", "alias": "Billa"}, reason="Court order")
    offender.refresh_from_db()
    assert offender.father_name != "Ghulam Rasool"
    assert proposal.kind == EntryProposal.Kind.CORRECTION
    services.verify_entry(proposal=proposal, verifier=world["registrar"])
    offender.refresh_from_db()
    assert offender.father_name == "Ghulam Rasool"
    assert offender.names.filter(name="Billa", is_primary=False).exists()
    change = offender.changes.get(reason="Court order")
    assert change.change["father_name"][1] == "Ghulam Rasool"


@pytest.mark.parametrize("changes,reason,field", [
    ({}, "why", "changes"),
    ({"cnic": "123"}, "why", "cnic"),
    ({"dob": "1990-13-40"}, "why", "dob"),
    ({"register_number": "X"}, "why", "changes"),
    ({"father_name": "A"}, "", "reason"),
])
def test_bad_corrections_are_refused_by_field(world, gen, changes, reason, field):
    offender = _register(world, gen.offender())
    with pytest.raises(InvalidEntry) as exc:
        services.propose_correction(proposer=world["prosecutor"], offender=offender,
                                    changes=changes, reason=reason)
    assert field in exc.value.fields


def test_registrar_sees_the_existing_offender_and_merges_instead_of_duplicating(world, gen):
    person = gen.offender()
    offender = _register(world, person)
    variant = gen.variant_of(person, rng_strength=0.2)
    proposal = services.propose_entry(
        proposer=world["prosecutor2"],
        payload=_payload(variant, case_number="SC-99/2026", convicted_on="2026-01-10",
                         name_ur=person.given_name_ur))
    candidates = selectors.duplicate_candidates(user=world["registrar"], proposal=proposal)
    assert candidates and candidates[0].offender.pk == offender.pk
    assert candidates[0].probability > 0.5 and candidates[0].explanation
    assert AuditEvent.objects.filter(action="register.duplicate_check").exists()
    merged = services.merge_entry(proposal=proposal, verifier=world["registrar"],
                                  offender=offender)
    assert merged.pk == offender.pk and Offender.objects.count() == 1
    assert offender.convictions.count() == 2
    assert offender.names.filter(name=person.given_name_ur).exists()
    proposal.refresh_from_db()
    assert proposal.state == EntryProposal.State.MERGED and proposal.offender_id == offender.pk
    with pytest.raises(RegisterError):
        services.merge_entry(proposal=proposal, verifier=world["registrar2"], offender=offender)


def test_a_proposer_cannot_merge_or_return_their_own_proposal(world, gen):
    offender = _register(world, gen.offender())
    proposal = EntryProposal.objects.create(payload=_payload(gen.offender()),
                                            proposed_by=world["registrar"])
    with pytest.raises(SelfVerification):
        services.merge_entry(proposal=proposal, verifier=world["registrar"], offender=offender)
    with pytest.raises(SelfVerification):
        services.return_entry(proposal=proposal, verifier=world["registrar"], reason="x")


def _png(size=(40, 50)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 90, 60)).save(out, format="PNG")
    return out.getvalue()


def test_photo_is_stored_privately_re_encoded_and_refuses_non_images(world, gen, tmp_path):
    offender = _register(world, gen.offender())
    with override_settings(REGISTER_PRIVATE_FILES_DIR=tmp_path):
        offender = services.set_photo(offender=offender, actor=world["registrar"],
                                      data=_png(), reason="New photograph at verification")
        assert offender.photo.name.startswith("photos/") and offender.photo.name.endswith(".jpg")
        assert str(tmp_path) in offender.photo.path
        with offender.photo.open("rb") as f:
            assert Image.open(f).format == "JPEG"
        for bad in (b"", b"not an image", b"GIF89a" + b"0" * 20):
            with pytest.raises(RegisterError) as exc:
                services.set_photo(offender=offender, actor=world["registrar"], data=bad,
                                   reason="x")
            assert "photo" in exc.value.fields
        with pytest.raises(PermissionDenied):
            services.set_photo(offender=offender, actor=world["prosecutor"], data=_png(),
                               reason="x")


def test_offender_request_for_a_copy_is_recorded_and_decided(world, gen):
    offender = _register(world, gen.offender())
    req = services.record_offender_request(offender=offender, actor=world["registrar"],
                                           kind="copy", received_on=date(2026, 1, 5),
                                           details="Letter asking for a copy")
    assert req.outcome == OffenderRequest.Outcome.PENDING
    assert list(selectors.pending_requests(world["registrar"])) == [req]
    services.decide_offender_request(request=req, actor=world["registrar"], outcome="granted",
                                     note="Copy handed over at NPB Lahore")
    req.refresh_from_db()
    assert req.outcome == "granted" and req.decided_by_id == world["registrar"].pk
    # Decided once: its lifecycle names both states when asked to decide again.
    with pytest.raises(IllegalTransition, match=r"Granted.*Refused"):
        services.decide_offender_request(request=req, actor=world["registrar"],
                                         outcome="refused", note="again")
    with pytest.raises(RegisterError) as exc:
        services.record_offender_request(offender=offender, actor=world["registrar"],
                                         kind="nonsense", received_on=date(2999, 1, 1),
                                         details="")
    assert set(exc.value.fields) == {"kind", "received_on", "details"}
    with pytest.raises(PermissionDenied):
        services.record_offender_request(offender=offender, actor=world["prosecutor"],
                                         kind="copy", received_on=date(2026, 1, 5),
                                         details="x")


def test_removal_review_lists_ended_periods_and_removes_or_extends(world, gen):
    old = _register(world, gen.offender())
    other = _register(world, gen.offender(), case_number="SC-2/2003")
    current = _register(world, gen.offender(), case_number="SC-3/2025")
    # Arrange: two periods that ended (a short harassment period, long ago).
    Offender.objects.filter(pk__in=[old.pk, other.pk]).update(
        registration_ends=date(2024, 3, 1))
    due = list(selectors.removal_due(world["registrar"]))
    assert old in due and other in due and current not in due
    with pytest.raises(RegisterError):
        services.decide_removal(offender=current, actor=world["registrar"], decision="remove",
                                reason="x")
    with pytest.raises(RegisterError) as exc:
        services.decide_removal(offender=other, actor=world["registrar"], decision="extend",
                                reason="", extend_years=99)
    assert {"reason", "extend_years"} <= set(exc.value.fields)
    services.decide_removal(offender=old, actor=world["registrar"], decision="remove",
                            reason="Period over, no further conviction")
    services.decide_removal(offender=other, actor=world["registrar"], decision="extend",
                            reason="Breached obligations twice", extend_years=3)
    old.refresh_from_db()
    other.refresh_from_db()
    assert other.registration_ends == date.today().replace(year=date.today().year + 3) or \
        other.registration_ends.year == date.today().year + 3
    assert old.status == Offender.Status.REMOVED
    assert other.registration_ends > date.today()
    assert RemovalReview.objects.count() == 2
    assert list(selectors.removal_due(world["registrar"])) == []
    with pytest.raises(PermissionDenied):
        services.decide_removal(offender=old, actor=world["prosecutor"], decision="remove",
                                reason="x")
    # A removed offender is no longer retrieved by search.
    assert selectors.search_offenders(user=world["io"], purpose="investigation",
                                      reference="FIR 1/2026", query={"cnic": old.cnic}) == []


def test_weak_reference_and_bursts_are_flagged_and_a_supervisor_clears_them(world, gen):
    offender = _register(world, gen.offender())
    npb = world["registrar"].agency
    supervisor = make_user(npb)
    give_role(supervisor, Role.NPB_SUPERVISOR)
    supervisor = _verified(supervisor)
    with override_settings(REGISTER_OFFICE_HOURS=(0, 24)):
        selectors.search_offenders(user=world["io"], purpose="investigation",
                                   reference="FIR 12/2026", query={"cnic": offender.cnic})
        assert RetrievalFlag.objects.count() == 0
        selectors.search_offenders(user=world["io"], purpose="investigation",
                                   reference="checking", query={"cnic": offender.cnic})
        with override_settings(REGISTER_FLAG_SEARCHES=2):
            for _ in range(2):
                selectors.search_offenders(user=world["io"], purpose="investigation",
                                           reference="FIR 12/2026",
                                           query={"cnic": offender.cnic})
    # Riskiest first: many searches outweighs a thin reference.
    flags = list(selectors.flagged_retrievals(supervisor))[::-1]
    assert flags[0].reasons == ["no_reference"]
    assert "many_searches" in flags[-1].reasons
    event = AuditEvent.objects.get(seq=flags[0].audit_seq)
    assert event.action == "register.search" and event.case_reference == "checking"
    with pytest.raises(RegisterError):
        services.clear_flag(flag=flags[0], reviewer=supervisor, note="")
    services.clear_flag(flag=flags[0], reviewer=supervisor, note="Called the IO: FIR 12/2026")
    assert flags[0] not in list(selectors.flagged_retrievals(supervisor))
    assert AuditEvent.objects.filter(action="register.flag_reviewed").count() == 1
    with pytest.raises(PermissionDenied):
        services.clear_flag(flag=flags[-1], reviewer=world["registrar"], note="x")
    assert list(selectors.flagged_retrievals(world["registrar"])) == []


def test_out_of_jurisdiction_and_out_of_hours_views_are_flagged(world, gen, places):
    offender = _register(world, gen.offender(), district="SD-KHS")
    with override_settings(REGISTER_OFFICE_HOURS=(0, 0)):
        access.access_offender(user=world["prosecutor"], offender_id=offender.pk,
                               purpose="prosecution", reference="SC 3/2026")
    flag = RetrievalFlag.objects.get()
    assert set(flag.reasons) == {"out_of_jurisdiction", "out_of_hours"}
    assert flag.offender_id == offender.pk
    assert flag.risk == 4


def test_a_night_search_by_an_agency_that_works_around_the_clock_is_not_flagged_for_the_hour(
        world, gen):
    """The SSOIU works nights (its agency's setting, on by kind); the prosecution office
    keeps office hours."""
    offender = _register(world, gen.offender())
    assert world["io"].agency.works_around_the_clock
    assert not world["prosecutor"].agency.works_around_the_clock
    with override_settings(REGISTER_OFFICE_HOURS=(0, 0)):
        selectors.search_offenders(user=world["io"], purpose="investigation",
                                   reference="FIR 4/2026", query={"cnic": offender.cnic})
        assert RetrievalFlag.objects.count() == 0
        selectors.search_offenders(user=world["prosecutor"], purpose="prosecution",
                                   reference="SC 4/2026", query={"cnic": offender.cnic})
    assert RetrievalFlag.objects.get().reasons == ["out_of_hours"]


def test_an_agency_that_keeps_office_hours_may_be_set_to_work_around_the_clock(world, gen):
    offender = _register(world, gen.offender())
    office = world["prosecutor"].agency
    office.works_around_the_clock = True
    office.save()
    with override_settings(REGISTER_OFFICE_HOURS=(0, 0)):
        selectors.search_offenders(user=_verified(world["prosecutor"]), purpose="prosecution",
                                   reference="SC 5/2026", query={"cnic": offender.cnic})
    assert RetrievalFlag.objects.count() == 0


def test_the_supervisors_queue_puts_the_riskiest_flags_first(world, gen):
    offender = _register(world, gen.offender(), district="SD-KHS")
    npb = world["registrar"].agency
    with override_settings(REGISTER_OFFICE_HOURS=(0, 0)):
        # Oldest: out of hours only (risk 1); then a thin reference (2); then a record
        # outside the prosecutor's area, out of hours (4).
        selectors.search_offenders(user=world["prosecutor"], purpose="prosecution",
                                   reference="SC 6/2026", query={"cnic": offender.cnic})
        selectors.search_offenders(user=world["prosecutor"], purpose="prosecution",
                                   reference="checking", query={"cnic": offender.cnic})
        access.access_offender(user=world["prosecutor"], offender_id=offender.pk,
                               purpose="prosecution", reference="SC 6/2026")
    supervisor = make_user(npb)
    give_role(supervisor, Role.NPB_SUPERVISOR)
    ranked = [f.risk for f in selectors.flagged_retrievals(_verified(supervisor))]
    assert ranked == [4, 3, 1]


def test_suspect_check_finds_the_offender_and_is_an_audited_investigation_retrieval(
        world, gen):
    person = gen.offender()
    offender = _register(world, person)
    variant = gen.variant_of(person, rng_strength=0.2)
    hits = selectors.check_suspect(
        user=world["io"], reference="FIR 55/2026 PS Civil Lines",
        particulars={"given": variant.given_name, "surname": variant.surname,
                     "father": variant.father_name, "dob": variant.dob.isoformat(),
                     "district": "PB-LHR"})
    assert hits and hits[0].offender_id == offender.pk and hits[0].probability > 0.5
    event = AuditEvent.objects.get(action="register.suspect_check")
    assert event.purpose == "investigation" and event.details["returned"][0] == offender.pk
    with pytest.raises(PermissionDenied):
        selectors.check_suspect(user=world["doctor"], reference="FIR 1/2026",
                                particulars={"given": "x"})
    with pytest.raises(InvalidEntry):
        selectors.check_suspect(user=world["io"], reference="FIR 1/2026",
                                particulars={"cnic": "12"})


def test_search_refuses_malformed_queries_by_field(world):
    with pytest.raises(InvalidEntry) as exc:
        selectors.search_offenders(user=world["io"], purpose="investigation",
                                   reference="FIR 1", query={"cnic": "12-34", "dob": "1990-02-31"})
    assert {"cnic", "dob"} <= set(exc.value.fields)
    with pytest.raises(InvalidEntry) as exc:
        selectors.search_offenders(user=world["io"], purpose="investigation",
                                   reference="FIR 1", query={})
    assert "given" in exc.value.fields


def test_extract_is_a_watermarked_audited_pdf(world, gen, monkeypatch):
    offender = _register(world, gen.offender())
    seen = {}

    def fake_render(template, context, *, watermark=""):
        seen.update(template=template, watermark=watermark, context=context)
        return b"%PDF-fake"

    monkeypatch.setattr(extracts, "render_pdf", fake_render)
    _offender, pdf = extracts.register_extract(user=world["io"], offender_id=offender.pk,
                                               purpose="investigation", reference="FIR 8/2026")
    assert pdf.startswith(b"%PDF")
    assert world["io"].username in seen["watermark"] and "FIR 8/2026" in seen["watermark"]
    assert "Investigation" in seen["watermark"]
    assert AuditEvent.objects.filter(action="register.extract",
                                     object_id=str(offender.pk)).exists()
    with pytest.raises(NotFound):
        extracts.register_extract(user=world["doctor"], offender_id=offender.pk,
                                  purpose="investigation", reference="FIR 8/2026")


def test_extract_renders_a_real_pdf_with_both_scripts(world, gen):
    person = gen.offender()
    offender = _register(world, person, name_ur=person.given_name_ur)
    _offender, pdf = extracts.register_extract(user=world["registrar"], offender_id=offender.pk,
                                               purpose="audit", reference="Audit 2026/1")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_a_new_role_holder_elsewhere_cannot_see_proposals(world, gen):
    proposal = services.propose_entry(proposer=world["prosecutor"], payload=_payload())
    assert access.access_proposal(user=world["prosecutor"], proposal_id=proposal.pk)
    for who in ("prosecutor2", "io", "doctor", "analyst"):
        with pytest.raises(NotFound):
            access.access_proposal(user=world[who], proposal_id=proposal.pk)
    prison = make_user(make_agency(AgencyKind.PRISON, world["court"]))
    give_role(prison, Role.PRISON_OFFICER)
    with pytest.raises(NotFound):
        access.access_proposal(user=_verified(prison), proposal_id=proposal.pk)
    assert timedelta(0) <= timedelta(0)


def test_a_likely_reoffender_alerts_the_officer_and_the_district_prosecution(world, gen):
    notices = pytest.importorskip("hifazat.notices.models")
    person = gen.offender()
    offender = _register(world, person)
    hits = selectors.check_suspect(
        user=world["io"], reference="FIR 56/2026",
        particulars={"given": person.given_name, "surname": person.surname,
                     "father": person.father_name, "dob": person.dob.isoformat(),
                     "cnic": person.cnic, "district": "PB-LHR"})
    assert hits[0].probability >= selectors.SUSPECT_ALERT_PROBABILITY
    notice = notices.Notice.objects.get(kind=selectors.SUSPECT_MATCH_KIND)
    assert offender.register_number in notice.body and person.cnic not in notice.body
    recipients = notices.NoticeRecipient.objects.filter(notice=notice)
    assert recipients.filter(user=world["io"]).exists()
    assert recipients.filter(agency=world["prosecutor"].agency).exists()


def test_a_retried_or_repeated_case_is_refused_not_duplicated(world, gen):
    person = gen.offender()
    data = _payload(person, case_number="SC-5/2026")
    first = services.propose_entry(proposer=world["prosecutor"], payload=data)
    with pytest.raises(InvalidEntry) as exc:  # the same form posted twice
        services.propose_entry(proposer=world["prosecutor"], payload=data)
    assert "case_number" in exc.value.fields
    services.verify_entry(proposal=first, verifier=world["registrar"])
    with pytest.raises(InvalidEntry) as exc:  # already on the register
        services.propose_entry(proposer=world["prosecutor2"], payload=data)
    assert "case_number" in exc.value.fields
    # A proposal that slipped through is refused at verification, not a database error.
    late = EntryProposal.objects.create(payload=data, proposed_by=world["prosecutor2"])
    with pytest.raises(InvalidEntry):
        services.verify_entry(proposal=late, verifier=world["registrar"])
    assert Offender.objects.count() == 1
