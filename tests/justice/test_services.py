"""The justice services' refusals and guarantees: bad input named by field, steps out of
order, another district's or court's staff, the verdict and its register proposals in
one transaction, suspects checked on entry and edit, custody as a lifecycle."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hifazat.audit.models import AuditEvent
from hifazat.core import clock
from hifazat.core.errors import IllegalTransition, NotFound
from hifazat.justice import access, errors, services
from hifazat.justice.models import (
    Fir,
    Hearing,
    JusticeCase,
    Sentence,
    Stage,
    Suspect,
    Verdict,
)
from tests.justice.helpers import charged, new_case, suspect_of, to_trial

pytestmark = pytest.mark.django_db


# --- the FIR ---------------------------------------------------------------------------

def test_fir_number_is_unique_per_station_and_year(justice):
    lhr = justice["lhr"]
    services.register_fir(user=lhr["police"], station=lhr["station"], number="7",
                          registered_at=clock.now(), sections=["376"])
    with pytest.raises(errors.DuplicateFir):
        services.register_fir(user=lhr["police"], station=lhr["station"], number="7",
                              registered_at=clock.now(), sections=["376"])
    # The same number at another station is another FIR.
    mul = justice["mul"]
    services.register_fir(user=mul["police"], station=mul["station"], number="7",
                          registered_at=clock.now(), sections=["376"])
    assert Fir.objects.filter(number="7").count() == 2


@pytest.mark.parametrize(("field", "over"), [
    ("number", {"number": ""}),
    ("registered_at", {"registered_at": "tomorrow-ish"}),
    ("sections", {"sections": []}),
    ("sections", {"sections": ["999-Z"]}),
    ("act_sections", {"act_sections": ["77"]}),
    ("suspects.0.cnic", {"suspects": [{"name": "Ali", "cnic": "12345"}]}),
    ("suspects.0.name", {"suspects": [{"name": ""}]}),
    ("suspects.1.district", {"suspects": [{"name": "Ali"}, {"name": "Ahmed",
                                                               "district": "XX-NONE"}]}),
    ("suspects.0.dob", {"suspects": [{"name": "Ali", "dob": "1990-02-30"}]}),
    ("complainant_case_code", {"complainant_case_code": "ARCC-NONE-2026-000009"}),
])
def test_bad_fir_input_is_named_and_nothing_is_written(justice, field, over):
    lhr = justice["lhr"]
    data = {"number": "55", "registered_at": clock.now(), "sections": ["376"],
            "suspects": []}
    data.update(over)
    events = AuditEvent.objects.count()
    with pytest.raises(errors.InvalidInput) as exc:
        services.register_fir(user=lhr["police"], station=lhr["station"], **data)
    assert field in exc.value.fields
    assert not Fir.objects.exists() and AuditEvent.objects.count() == events


def test_future_fir_time_and_other_stations_are_refused(justice):
    lhr, mul = justice["lhr"], justice["mul"]
    with pytest.raises(errors.InvalidInput) as exc:
        services.register_fir(user=lhr["police"], station=lhr["station"], number="1",
                              registered_at=clock.now() + timedelta(hours=3),
                              sections=["376"])
    assert "registered_at" in exc.value.fields
    # A Lahore officer cannot register at a Multan station (answered as not found).
    with pytest.raises(NotFound):
        services.register_fir(user=lhr["police"], station=mul["station"], number="1",
                              registered_at=clock.now(), sections=["376"])


def test_a_referral_is_answered_once_and_only_by_its_station(justice, referred):
    lhr, mul = justice["lhr"], justice["mul"]
    with pytest.raises(errors.InvalidInput) as exc:  # referred to another station
        services.register_fir(user=mul["police"], station=mul["station"], number="9",
                              registered_at=clock.now(), sections=["376"],
                              referral=referred["referral"])
    assert "referral" in exc.value.fields
    services.register_fir(user=lhr["police"], station=lhr["station"], number="9",
                          registered_at=clock.now(), sections=["376"],
                          complainant_case_code=referred["case"].code)
    with pytest.raises(errors.InvalidInput) as exc:
        services.register_fir(user=lhr["police"], station=lhr["station"], number="10",
                              registered_at=clock.now(), sections=["376"],
                              referral=referred["referral"])
    assert "referral" in exc.value.fields


# --- suspects and the register check ----------------------------------------------------

def test_suspect_entered_or_edited_is_checked_against_the_register(justice, offender,
                                                                    people):
    lhr = justice["lhr"]
    other = people.offender()
    case = new_case(lhr, suspects=[suspect_of(other)])
    suspect = case.fir.suspects.get()
    assert suspect.register_matches == 0
    checks = AuditEvent.objects.filter(action="register.suspect_check")
    assert checks.count() == 1
    assert checks.get().case_reference == access.reference_of(case)
    assert checks.get().purpose == "investigation"
    # The investigating officer corrects the particulars: it is the registered offender.
    suspect = services.edit_suspect(user=lhr["io"], case=case, suspect=suspect,
                                    particulars=suspect_of(offender))
    assert suspect.register_matches >= 1 and checks.count() == 2
    added = services.add_suspect(user=lhr["police"], case=case,
                                 particulars=suspect_of(offender, name="Mr. " +
                                                        offender.given_name))
    assert added.register_matches >= 1


def test_a_suspect_written_with_his_father_in_the_name_box_is_checked(justice, offender):
    """FIRs write "X s/o Y": the name box is read as name and father's name (identity's
    one reading), so the suspect is checkable without a separate father's name."""
    lhr = justice["lhr"]
    case = new_case(lhr)
    suspect = services.add_suspect(
        user=lhr["police"], case=case,
        particulars={"name": f"{offender.given_name} s/o {offender.father_name}",
                     "district": "PB-LHR"})
    assert (suspect.name, suspect.father) == (offender.given_name, offender.father_name)
    assert suspect.checked_at is not None
    assert AuditEvent.objects.filter(action="register.suspect_check").count() == 1


def test_a_suspect_check_needs_an_fir_of_this_case(justice):
    lhr, mul = justice["lhr"], justice["mul"]
    case, other = new_case(lhr), new_case(mul)
    foreign = services.add_suspect(user=mul["police"], case=other,
                                   particulars={"name": "Kamran"})
    with pytest.raises(errors.InvalidInput):
        services.edit_suspect(user=lhr["police"], case=case, suspect=foreign,
                              particulars={"name": "Kamran"})
    with pytest.raises(NotFound):
        access.access_suspect(user=lhr["police"], case=case, suspect_id=foreign.pk)
    with pytest.raises(NotFound):
        access.access_case(user=lhr["police"], case_id=999999)
    # Another district's officer does not reach the case at all.
    with pytest.raises(NotFound):
        services.add_suspect(user=mul["police"], case=case, particulars={"name": "Ali"})


# --- custody ------------------------------------------------------------------------------

def test_custody_events_follow_the_lifecycle_and_date_order(justice):
    lhr = justice["lhr"]
    case = new_case(lhr, suspects=[{"name": "Kamran"}], days_ago=5)
    suspect = case.fir.suspects.get()
    today = timezone.localdate()
    with pytest.raises(IllegalTransition):
        services.record_custody(user=lhr["io"], case=case, suspect=suspect,
                                kind="bail_cancelled", on=today)
    services.record_custody(user=lhr["police"], case=case, suspect=suspect, kind="arrest",
                            on=today - timedelta(days=3))
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_custody(user=lhr["io"], case=case, suspect=suspect,
                                kind="police_remand", on=today - timedelta(days=2),
                                until=today + timedelta(days=30))
    assert "until" in exc.value.fields
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_custody(user=lhr["io"], case=case, suspect=suspect,
                                kind="judicial_remand", on=today - timedelta(days=4))
    assert "on" in exc.value.fields
    services.record_custody(user=lhr["io"], case=case, suspect=suspect,
                            kind="police_remand", on=today - timedelta(days=2),
                            until=today + timedelta(days=5))
    services.record_custody(user=lhr["io"], case=case, suspect=suspect,
                            kind="bail_granted", on=today)
    suspect.refresh_from_db()
    assert suspect.custody_status == "on_bail"
    assert list(suspect.custody_events.values_list("kind", flat=True)) == [
        "arrest", "police_remand", "bail_granted"]


# --- investigation and prosecution -------------------------------------------------------

def test_female_survivor_without_a_woman_officer_is_flagged(justice):
    lhr = justice["lhr"]
    case = new_case(lhr)
    assert case.needs_female_officer  # nobody assigned yet
    case = services.assign_investigation(user=lhr["io"], case=case, officer=lhr["male_io"])
    assert case.needs_female_officer
    case = services.assign_investigation(user=lhr["io"], case=case, officer=lhr["io"])
    assert not case.needs_female_officer
    # An officer of another district's unit cannot be assigned.
    with pytest.raises(errors.InvalidInput):
        services.assign_investigation(user=lhr["io"], case=case, officer=justice["mul"]["io"])


def test_steps_out_of_order_are_refused(justice):
    lhr = justice["lhr"]
    case = new_case(lhr)
    today = timezone.localdate()
    with pytest.raises(errors.WrongStage):  # no diary before an officer is assigned
        services.add_diary_entry(user=lhr["io"], case=case, on=today, text="x")
    with pytest.raises(errors.WrongStage):  # no report before the investigation
        services.submit_report(user=lhr["io"], case=case, kind="final", submitted_on=today)
    services.assign_investigation(user=lhr["io"], case=case, officer=lhr["io"])
    report = services.submit_report(user=lhr["io"], case=case, kind="final",
                                    submitted_on=today)
    with pytest.raises(errors.InvalidInput) as exc:
        services.scrutinise(user=lhr["prosecutor"], case=case, report=report,
                            decision="return", on=today)
    assert "defects" in exc.value.fields
    services.scrutinise(user=lhr["prosecutor"], case=case, report=report, decision="return",
                        on=today, defects="Forensic report not attached.")
    case.refresh_from_db()
    assert case.stage == Stage.UNDER_INVESTIGATION
    with pytest.raises(errors.WrongStage):  # the returned report is not scrutinised again
        services.scrutinise(user=lhr["prosecutor"], case=case, report=report,
                            decision="accept", on=today)


# --- trial ---------------------------------------------------------------------------------

def test_hearing_dates_out_of_order_are_refused(justice):
    lhr = justice["lhr"]
    case = charged(lhr, to_trial(lhr, new_case(lhr, days_ago=30), days_ago=20))
    today = timezone.localdate()
    first = services.schedule_hearing(user=lhr["clerk"], case=case,
                                      on=today - timedelta(days=10), purpose="charge")
    with pytest.raises(errors.InvalidInput) as exc:  # the last one has no outcome yet
        services.schedule_hearing(user=lhr["clerk"], case=case, on=today,
                                  purpose="arguments")
    assert "on" in exc.value.fields
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_hearing(user=lhr["clerk"], case=case, hearing=first,
                                outcome="adjourned", adjournment_reason="witness_absent",
                                next_date=today - timedelta(days=12))
    assert "next_date" in exc.value.fields
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_hearing(user=lhr["clerk"], case=case, hearing=first,
                                outcome="adjourned", next_date=today)
    assert "adjournment_reason" in exc.value.fields
    services.record_hearing(user=lhr["clerk"], case=case, hearing=first, outcome="adjourned",
                            adjournment_reason="witness_absent",
                            next_date=today + timedelta(days=7))
    case.refresh_from_db()
    assert case.adjournments == 1
    nxt = case.hearings.order_by("-on").first()
    assert nxt.on == today + timedelta(days=7) and nxt.outcome == Hearing.Outcome.SCHEDULED
    with pytest.raises(errors.InvalidInput) as exc:  # not yet held
        services.record_hearing(user=lhr["clerk"], case=case, hearing=nxt, outcome="held")
    assert "outcome" in exc.value.fields


def test_verdict_before_charge_and_conviction_without_sections_are_refused(justice):
    lhr = justice["lhr"]
    case = to_trial(lhr, new_case(lhr, suspects=[{"name": "Kamran", "father": "Aslam"}]))
    suspect = case.fir.suspects.get()
    today = timezone.localdate()
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_verdict(user=lhr["clerk"], case=case, outcome="acquitted",
                                decided_on=today)
    assert "outcome" in exc.value.fields
    case = charged(lhr, case)
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_verdict(user=lhr["clerk"], case=case, outcome="convicted",
                                decided_on=today,
                                sentences=[{"suspect": suspect.pk, "sections": [],
                                            "sentence": "Ten years"}])
    assert "sentences.0.sections" in exc.value.fields
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_verdict(user=lhr["clerk"], case=case, outcome="convicted",
                                decided_on=today, sentences=[])
    assert "sentences" in exc.value.fields
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_verdict(user=lhr["clerk"], case=case, outcome="acquitted",
                                decided_on=today + timedelta(days=1))
    assert "decided_on" in exc.value.fields
    assert not Verdict.objects.exists()


def test_another_courts_clerk_cannot_decide(justice):
    lhr, mul = justice["lhr"], justice["mul"]
    case = charged(lhr, to_trial(lhr, new_case(lhr)))
    with pytest.raises(NotFound):
        services.record_verdict(user=mul["clerk"], case=case, outcome="acquitted",
                                decided_on=timezone.localdate())
    with pytest.raises(NotFound):
        access.access_case(user=mul["clerk"], case_id=case.pk,
                           action="justice.conduct_trial")
    assert not Verdict.objects.exists()


class Killed(BaseException):
    """The process dying in the middle of the work (not an ordinary error)."""


def test_verdict_and_register_proposals_are_one_transaction(justice, people, monkeypatch):
    """Killed between the first and the second proposal: nothing of the verdict stays."""
    from hifazat.register import services as register
    from hifazat.register.models import EntryProposal

    lhr = justice["lhr"]
    a, b = people.offender(), people.offender()
    case = charged(lhr, to_trial(lhr, new_case(lhr, suspects=[suspect_of(a),
                                                             suspect_of(b)])))
    s1, s2 = case.fir.suspects.order_by("pk")
    real = register.propose_entry
    calls = []

    def dying(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise Killed
        return real(**kwargs)

    monkeypatch.setattr(register, "propose_entry", dying)
    events = AuditEvent.objects.count()
    with pytest.raises(Killed):
        services.record_verdict(user=lhr["clerk"], case=case, outcome="convicted",
                                decided_on=timezone.localdate(), sentences=[
                                    {"suspect": s1.pk, "sections": ["376"],
                                     "sentence": "Ten years"},
                                    {"suspect": s2.pk, "sections": ["376"],
                                     "sentence": "Ten years"}])
    assert len(calls) == 2
    assert not Verdict.objects.exists() and not Sentence.objects.exists()
    assert not EntryProposal.objects.exists()
    assert JusticeCase.objects.get(pk=case.pk).stage == Stage.IN_TRIAL
    assert AuditEvent.objects.count() == events
    assert set(Suspect.objects.values_list("register_proposal", flat=True)) == {None}
    # The retried verdict goes through whole.
    monkeypatch.setattr(register, "propose_entry", real)
    _verdict, proposals = services.record_verdict(
        user=lhr["clerk"], case=case, outcome="convicted", decided_on=timezone.localdate(),
        sentences=[{"suspect": s1.pk, "sections": ["376"], "sentence": "Ten years"},
                   {"suspect": s2.pk, "sections": ["376"], "sentence": "Ten years"}])
    assert len(proposals) == 2
    numbers = {p.payload["case_number"] for p in proposals}
    assert len(numbers) == 2  # co-accused are separate convictions on the register


def test_register_refusal_of_a_convicted_accused_names_the_field(justice):
    lhr = justice["lhr"]
    # No father's name: the register cannot take the entry; the verdict waits for it.
    case = charged(lhr, to_trial(lhr, new_case(lhr, suspects=[{"name": "Kamran"}])))
    suspect = case.fir.suspects.get()
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_verdict(user=lhr["clerk"], case=case, outcome="convicted",
                                decided_on=timezone.localdate(),
                                sentences=[{"suspect": suspect.pk, "sections": ["376"],
                                            "sentence": "Ten years"}])
    assert "sentences.0.father_name" in exc.value.fields
    assert not Verdict.objects.exists()


# --- appeal --------------------------------------------------------------------------------

def test_conviction_set_aside_on_appeal_removes_the_register_entry(justice, people):
    from hifazat.register import services as register
    from hifazat.register.models import EntryProposal, Offender

    lhr = justice["lhr"]
    person = people.offender()
    case = charged(lhr, to_trial(lhr, new_case(lhr, suspects=[suspect_of(person)])))
    suspect = case.fir.suspects.get()
    today = timezone.localdate()
    _verdict, (proposal,) = services.record_verdict(
        user=lhr["clerk"], case=case, outcome="convicted", decided_on=today,
        sentences=[{"suspect": suspect.pk, "sections": ["376"], "sentence": "Ten years"}])
    offender = register.verify_entry(proposal=proposal, verifier=justice["registrar"])
    appeal = services.file_appeal(user=lhr["prosecutor"], case=case, suspect=suspect,
                                  forum="Lahore High Court", filed_on=today)
    assert JusticeCase.objects.get(pk=case.pk).stage == Stage.APPEAL
    appeal = services.decide_appeal(user=lhr["clerk"], case=case, appeal=appeal,
                                    outcome="set_aside", decided_on=today,
                                    reason="Benefit of the doubt")
    quash = appeal.register_proposal
    assert quash.kind == EntryProposal.Kind.QUASH and quash.offender_id == offender.pk
    assert JusticeCase.objects.get(pk=case.pk).stage == Stage.DECIDED
    register.verify_entry(proposal=quash, verifier=justice["registrar2"])
    offender = Offender.objects.get(pk=offender.pk)
    assert offender.status == Offender.Status.REMOVED
    assert offender.convictions.get().quashed_on == today
    assert offender.changes.filter(change__has_key="conviction_set_aside").exists()


# --- deadlines -----------------------------------------------------------------------------

def test_deadlines_follow_the_case_and_warn_once(justice):
    from hifazat.justice import deadlines
    from hifazat.notices.models import Notice

    lhr = justice["lhr"]
    case = new_case(lhr, days_ago=10)
    registered = timezone.localdate(case.fir.registered_at)
    assert (case.next_due_kind, case.next_due_on) == (
        "challan", registered + deadlines.CHALLAN.delta())
    services.assign_investigation(user=lhr["io"], case=case, officer=lhr["io"])
    services.submit_report(user=lhr["io"], case=case, kind="interim",
                           submitted_on=timezone.localdate())
    case.refresh_from_db()
    assert (case.next_due_kind, case.next_due_on) == (
        "investigation", registered + deadlines.INVESTIGATION.delta())
    # A week before, and on the day: one notice each, however often the job runs.
    soon = case.next_due_on - deadlines.WARN_BEFORE.delta()
    assert services.warn_deadlines(today=soon) == 1
    assert services.warn_deadlines(today=soon) == 0
    assert services.warn_deadlines(today=case.next_due_on) == 1
    kinds = list(Notice.objects.filter(object_type="justice.case").order_by("pk")
                 .values_list("kind", flat=True))
    assert kinds == ["justice.deadline_soon", "justice.deadline_due"]
