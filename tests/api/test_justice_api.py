"""The justice REST API: a police station's system registers FIRs and suspects (each
checked against the register, answered as a count only), a Special Court's system
records the charge, hearings and verdict (a conviction proposes the register entry,
which NPB verifies), and a case's stage and deadlines are read. Scoped, validated per
field (nested fields by index), idempotent, and the same 404 for a case that is missing
and one that is not the caller's."""

from __future__ import annotations

import io
import itertools
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.api import services as api_services
from hifazat.audit.models import AuditEvent
from hifazat.core import clock
from hifazat.justice import services
from hifazat.justice.models import Fir, FirReferral, Hearing, JusticeCase, Stage, Verdict
from hifazat.register.models import EntryProposal
from tests.api.conftest import new_key, token_client, verified
from tests.factories import give_role, make_agency, make_user, verified_client
from tests.justice import conftest as justice_world

# The justice tests' world as fixtures here too: a Lahore and a Multan chain (station,
# SSOIU, prosecution, Special Court and their staff), a cell case referred to the Lahore
# station, and one verified register entry.
justice = justice_world.justice
referred = justice_world.referred
offender = justice_world.offender

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

FIRS = "/api/justice/firs/"
_names = itertools.count(1)


def case_url(case_id, tail: str = "") -> str:
    return f"/api/justice/cases/{case_id}/{tail}"


def post(client, url, body, key=None):
    return client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key or new_key())


def moment(**ago) -> str:
    """An ISO 8601 time with its offset, ``ago`` before now."""
    return timezone.localtime(clock.now() - timedelta(**ago)).isoformat()


def today(offset: int = 0) -> str:
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


def suspect(person, **over) -> dict:
    data = {"name": person.given_name, "surname": person.surname,
            "father": person.father_name, "dob": person.dob.isoformat(),
            "cnic": person.cnic, "district": "PB-LHR"}
    data.update(over)
    return data


def fir_body(justice, *suspects, **over) -> dict:
    body = {"station": justice["lhr"]["station"].code, "number": "101",
            "registered_at": moment(minutes=1), "sections": ["376"],
            "act_sections": ["3"], "suspects": list(suspects)}
    body.update(over)
    return body


@pytest.fixture
def admins(db):
    """Two system administrators: one issues each token, the other approves it."""
    system = make_agency(AgencyKind.SYSTEM, code="SYSTEM")
    out = []
    for _ in range(2):
        user = make_user(system)
        give_role(user, Role.SYSTEM_ADMIN)
        out.append(verified(user))
    return out


@pytest.fixture
def token(admins):
    """``token(agency, *scopes)``: an approved token's client."""

    def make(agency, *scopes):
        issued, secret = api_services.issue_token(
            actor=admins[0], agency=agency, name=f"justice feed {next(_names)}",
            scopes=list(scopes), expires_at=timezone.now() + timedelta(days=30))
        if issued.status == issued.Status.PENDING:
            api_services.approve_token(actor=admins[1], token=issued)
        return token_client(secret)

    return make


@pytest.fixture
def station(justice, token):
    return token(justice["lhr"]["ps"], "justice:fir")


@pytest.fixture
def court(justice, token):
    return token(justice["lhr"]["court"], "justice:court")


@pytest.fixture
def other_court(justice, token):
    return token(justice["mul"]["court"], "justice:court")


def in_trial(justice, case_id: int) -> JusticeCase:
    """The case taken through investigation and the prosecutor's scrutiny to the Lahore
    Special Court (by the services, as people on the screens do)."""
    lhr = justice["lhr"]
    case = JusticeCase.objects.get(pk=case_id)
    case = services.assign_investigation(user=lhr["io"], case=case, officer=lhr["io"])
    report = services.submit_report(user=lhr["io"], case=case, kind="final",
                                    submitted_on=timezone.localdate())
    services.scrutinise(user=lhr["prosecutor"], case=case, report=report,
                        decision="accept", on=timezone.localdate())
    case = JusticeCase.objects.get(pk=case_id)
    assert case.stage == Stage.IN_TRIAL and case.court == lhr["court"]
    return case


@pytest.fixture
def trial(justice, offender, people, station):
    """An FIR with two suspects (the first a registered offender), its case in trial
    before the Lahore Special Court: (case, [suspect ids])."""
    response = post(station, FIRS, fir_body(justice, suspect(offender),
                                            suspect(people.offender())))
    assert response.status_code == 201, response.json()
    body = response.json()
    return in_trial(justice, body["case_id"]), [s["id"] for s in body["suspects"]]


def charged(court, case) -> None:
    hearing = post(court, case_url(case.pk, "hearings/"),
                   {"on": today(), "purpose": "charge"})
    assert hearing.status_code == 201, hearing.json()
    held = post(court, case_url(case.pk, f"hearings/{hearing.json()['id']}/outcome/"),
                {"outcome": "held"})
    assert held.status_code == 200, held.json()
    charge = post(court, case_url(case.pk, "charge/"), {"sections": ["376"], "on": today()})
    assert charge.status_code == 200, charge.json()
    assert charge.json()["sections"] == ["376"] and charge.json()["charged_on"] == today()


# --- FIR --------------------------------------------------------------------------------

def test_fir_answers_register_matches_as_counts_only(justice, referred, offender,
                                                     people, station):
    other = people.offender()
    response = post(station, FIRS, fir_body(
        justice, suspect(offender), suspect(other),
        complainant_case_code=referred["referral"].case_code))
    assert response.status_code == 201, response.json()
    body = response.json()
    fir = Fir.objects.get(pk=body["id"])
    assert body["case_id"] == fir.case.pk
    assert [set(s) for s in body["suspects"]] == \
        [{"id", "register_matches", "register_checked"}] * 2
    assert body["suspects"][0]["register_matches"] >= 1
    assert body["suspects"][1]["register_matches"] == 0
    assert body["suspects"][1]["register_checked"] is True
    # Never who the register holds: no name, CNIC or register number in the answer.
    text = response.content.decode()
    assert offender.cnic not in text and offender.father_name not in text
    assert "NSOR" not in text
    # The cell's referral waiting at this station is answered by this FIR.
    referral = FirReferral.objects.get(pk=referred["referral"].pk)
    assert referral.status == FirReferral.Status.FIR_REGISTERED
    assert fir.referral_id == referral.pk and fir.source == "cell_referral"
    event = AuditEvent.objects.get(action="justice.fir_registered")
    assert event.agency_code == justice["lhr"]["ps"].code


def test_unknown_fields_are_refused_by_name_at_every_level(justice, station):
    response = post(station, FIRS, {**fir_body(justice), "two_finger_test": "done"})
    assert response.status_code == 400
    assert response.json()["fields"] == {"two_finger_test": ["Unknown field."]}
    nested = post(station, FIRS, fir_body(justice, {"name": "Imran", "caste": "x"}))
    assert nested.status_code == 400
    assert "suspects.0.caste" in nested.json()["fields"], nested.json()
    assert not Fir.objects.exists()


def test_a_bad_cnic_is_named_with_the_suspects_index(justice, people, station):
    response = post(station, FIRS, fir_body(
        justice, suspect(people.offender()), suspect(people.offender(), cnic="12345")))
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert list(fields) == ["suspects.1.cnic"], fields
    assert "13 digits" in fields["suspects.1.cnic"][0]
    assert not Fir.objects.exists()


def test_a_service_problem_in_a_suspect_is_named_the_same_way(justice, people, station):
    # Past the serializer, the service names its problems as the request does.
    response = post(station, FIRS, fir_body(justice, suspect(people.offender()),
                                            sections=["999ZZ"]))
    assert response.status_code == 400
    assert "sections" in response.json()["fields"]


@pytest.mark.parametrize("registered_at", ["2026-03-01T14:30:00", "2026-03-01", "now",
                                           "01/03/2026 14:30+05:00"])
def test_registered_at_needs_an_iso_time_with_its_offset(justice, station, registered_at):
    response = post(station, FIRS, fir_body(justice, registered_at=registered_at))
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["registered_at"]


def test_a_duplicate_fir_number_at_the_station_this_year_is_refused(justice, station):
    assert post(station, FIRS, fir_body(justice)).status_code == 201
    again = post(station, FIRS, fir_body(justice, registered_at=moment(seconds=30)))
    assert again.status_code == 400
    assert "number" in again.json()["fields"]
    assert Fir.objects.count() == 1


def test_a_retried_fir_is_registered_once(justice, people, station):
    key = new_key()
    body = fir_body(justice, suspect(people.offender()))
    first = post(station, FIRS, body, key)
    assert first.status_code == 201, first.json()
    retry = post(station, FIRS, body, key)
    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotency-Replayed"] == "true"
    assert Fir.objects.count() == 1 and JusticeCase.objects.count() == 1
    changed = post(station, FIRS, {**body, "number": "102"}, key)
    assert changed.status_code == 422
    assert changed.json()["code"] == "idempotency_key_reused"
    assert Fir.objects.count() == 1


def test_another_stations_code_is_refused_like_an_unknown_one(justice, station):
    foreign = post(station, FIRS, fir_body(justice, station=justice["mul"]["station"].code))
    unknown = post(station, FIRS, fir_body(justice, station="PS-NOWHERE"))
    assert foreign.status_code == unknown.status_code == 400
    assert foreign.json() == unknown.json()
    assert list(foreign.json()["fields"]) == ["station"]
    assert not Fir.objects.exists()


# --- suspects ---------------------------------------------------------------------------

def test_a_suspect_added_to_a_case_is_checked_against_the_register(justice, offender,
                                                                   station):
    case_id = post(station, FIRS, fir_body(justice)).json()["case_id"]
    response = post(station, case_url(case_id, "suspects/"), suspect(offender))
    assert response.status_code == 201, response.json()
    assert set(response.json()) == {"id", "register_matches", "register_checked"}
    assert response.json()["register_matches"] >= 1
    # A name alone cannot be searched: not "no match", but "not checked yet".
    name_only = post(station, case_url(case_id, "suspects/"), {"name": offender.given_name})
    assert name_only.status_code == 201, name_only.json()
    assert name_only.json()["register_checked"] is False
    bad = post(station, case_url(case_id, "suspects/"), suspect(offender, dob="1980-13-45"))
    assert bad.status_code == 400 and list(bad.json()["fields"]) == ["dob"]


def test_a_suspect_check_needs_a_case_the_caller_may_see(justice, people, station, token):
    case_id = post(station, FIRS, fir_body(justice)).json()["case_id"]
    multan = token(justice["mul"]["ps"], "justice:fir")
    unknown = post(station, case_url(case_id + 999, "suspects/"), suspect(people.offender()))
    foreign = post(multan, case_url(case_id, "suspects/"), suspect(people.offender()))
    assert unknown.status_code == foreign.status_code == 404
    assert unknown.content == foreign.content
    assert unknown.json()["code"] == "not_found"
    assert not JusticeCase.objects.get(pk=case_id).fir.suspects.exists()


# --- the Special Court ------------------------------------------------------------------

def test_hearings_are_in_date_order(trial, court):
    case, _ids = trial
    first = post(court, case_url(case.pk, "hearings/"),
                 {"on": today(), "purpose": "charge"})
    assert first.status_code == 201, first.json()
    adjourned = post(court, case_url(case.pk, f"hearings/{first.json()['id']}/outcome/"),
                     {"outcome": "adjourned", "adjournment_reason": "witness_absent",
                      "next_date": today(-1)})
    assert adjourned.status_code == 400
    assert list(adjourned.json()["fields"]) == ["next_date"]
    adjourned = post(court, case_url(case.pk, f"hearings/{first.json()['id']}/outcome/"),
                     {"outcome": "adjourned", "adjournment_reason": "witness_absent",
                      "next_date": today(14)})
    assert adjourned.status_code == 200, adjourned.json()
    assert adjourned.json()["outcome"] == "adjourned"
    following = Hearing.objects.get(pk=adjourned.json()["next_hearing_id"])
    assert following.on.isoformat() == today(14)
    earlier = post(court, case_url(case.pk, "hearings/"),
                   {"on": today(7), "purpose": "prosecution_evidence"})
    assert earlier.status_code == 400
    assert "on" in earlier.json()["fields"]
    assert JusticeCase.objects.get(pk=case.pk).adjournments == 1
    assert Hearing.objects.filter(case=case).count() == 2


def test_a_hearing_of_another_case_is_not_found(trial, court, justice, station):
    case, _ids = trial
    hearing = post(court, case_url(case.pk, "hearings/"), {"on": today(), "purpose": "bail"})
    other_id = post(station, FIRS, fir_body(justice, number="202")).json()["case_id"]
    other = in_trial(justice, other_id)
    response = post(court, case_url(other.pk, f"hearings/{hearing.json()['id']}/outcome/"),
                    {"outcome": "held"})
    assert response.status_code == 404


def test_no_verdict_before_the_charge(trial, court):
    case, ids = trial
    response = post(court, case_url(case.pk, "verdict/"), {
        "outcome": "convicted", "decided_on": today(),
        "sentences": [{"suspect_id": ids[0], "sections": ["376"],
                       "sentence": "Life imprisonment"}]})
    assert response.status_code == 400
    assert "outcome" in response.json()["fields"]
    assert not Verdict.objects.exists()


def test_a_conviction_needs_sections(trial, court):
    case, ids = trial
    charged(court, case)
    response = post(court, case_url(case.pk, "verdict/"), {
        "outcome": "convicted", "decided_on": today(),
        "sentences": [{"suspect_id": ids[0], "sections": [], "sentence": "Life"}]})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["sentences.0.sections"], response.json()
    missing = post(court, case_url(case.pk, "verdict/"), {
        "outcome": "convicted", "decided_on": today(),
        "sentences": [{"suspect_id": ids[0], "sentence": "Life"}]})
    assert missing.status_code == 400
    assert list(missing.json()["fields"]) == ["sentences.0.sections"]
    unknown = post(court, case_url(case.pk, "verdict/"), {
        "outcome": "convicted", "decided_on": today(),
        "sentences": [{"suspect_id": ids[0], "sections": ["376"], "sentence": "Life",
                       "fine": 5}]})
    assert unknown.status_code == 400
    assert list(unknown.json()["fields"]) == ["sentences.0.fine"]
    assert not Verdict.objects.exists()
    assert not EntryProposal.objects.filter(proposed_by__agency=case.court).exists()


def test_another_courts_verdict_is_not_found_and_writes_nothing(trial, court, other_court):
    case, ids = trial
    charged(court, case)
    proposals = EntryProposal.objects.count()
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    body = {"outcome": "convicted", "decided_on": today(),
            "sentences": [{"suspect_id": ids[0], "sections": ["376"],
                           "sentence": "Life imprisonment"}]}
    response = post(other_court, case_url(case.pk, "verdict/"), body)
    assert response.status_code == 404
    missing = post(court, case_url(case.pk + 999, "verdict/"), body)
    assert response.content == missing.content
    assert not Verdict.objects.exists()
    assert EntryProposal.objects.count() == proposals
    # The tokens' use is on the audit chain; nothing about the case or the register.
    actions = AuditEvent.objects.filter(seq__gt=last).values_list("action", flat=True)
    assert not [a for a in actions if a.startswith(("justice.", "register."))], actions
    assert JusticeCase.objects.get(pk=case.pk).stage == Stage.IN_TRIAL


def test_a_conviction_proposes_the_register_entry_npb_verifies(trial, court, justice):
    from hifazat.register import services as register

    case, ids = trial
    charged(court, case)
    response = post(court, case_url(case.pk, "verdict/"), {
        "outcome": "convicted", "decided_on": today(),
        "sentences": [{"suspect_id": ids[0], "sections": ["376"],
                       "sentence": "Life imprisonment"}]})
    assert response.status_code == 201, response.json()
    body = response.json()
    verdict = Verdict.objects.get(pk=body["verdict_id"])
    assert body["outcome"] == "convicted" == verdict.outcome
    [proposed] = body["register_proposals"]
    assert proposed["suspect_id"] == ids[0] and proposed["state"] == "proposed"
    proposal = EntryProposal.objects.get(pk=proposed["id"])
    assert proposal.state == EntryProposal.State.PROPOSED
    assert proposal.payload["court"] == justice["lhr"]["court_facility"].code
    offender_row = register.verify_entry(proposal=proposal, verifier=justice["registrar"])
    assert offender_row.register_number
    case = JusticeCase.objects.get(pk=case.pk)
    assert case.stage == Stage.DECIDED and case.next_due_on is None


def test_an_acquittal_proposes_nothing(trial, court):
    case, _ids = trial
    charged(court, case)
    response = post(court, case_url(case.pk, "verdict/"),
                    {"outcome": "acquitted", "decided_on": today()})
    assert response.status_code == 201, response.json()
    assert response.json()["register_proposals"] == []


# --- reading a case ---------------------------------------------------------------------

def test_a_case_shows_its_stage_and_overdue_deadlines(justice, station, token):
    # A direct complaint registered 20 days ago: the interim report (14 days) is
    # overdue, the investigation (60 days) is not.
    created = post(station, FIRS, fir_body(justice, registered_at=moment(days=20)))
    case_id = created.json()["case_id"]
    reader = token(justice["lhr"]["ssoiu"], "justice:read")
    response = reader.get(case_url(case_id))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["stage"] == "fir_registered" and body["stage_label"] == "FIR registered"
    assert body["fir"]["number"] == "101"
    assert body["fir"]["station"] == justice["lhr"]["station"].code
    assert body["court"] is None and body["trial_number"] == ""
    deadlines = {d["kind"]: d for d in body["deadlines"]}
    registered = (timezone.localdate() - timedelta(days=20))
    assert deadlines["challan"]["due_on"] == (registered + timedelta(days=14)).isoformat()
    assert deadlines["challan"]["overdue"] is True and deadlines["challan"]["met"] is False
    assert deadlines["investigation"]["overdue"] is False
    assert body["next_due_on"] == deadlines["challan"]["due_on"]
    assert body["next_due_kind"] == "challan"
    # The read names the FIR's suspects' case: it is audited.
    viewed = AuditEvent.objects.filter(action="justice.case_viewed").latest("seq")
    assert viewed.object_id == str(case_id)
    assert viewed.agency_code == justice["lhr"]["ssoiu"].code
    # The station's own token reads it with its FIR scope; another district's may not.
    assert station.get(case_url(case_id)).status_code == 200
    multan = token(justice["mul"]["ssoiu"], "justice:read")
    assert multan.get(case_url(case_id)).status_code == 404


def test_a_case_in_trial_shows_its_court_and_trial_deadline(trial, court):
    case, _ids = trial
    body = court.get(case_url(case.pk)).json()
    assert body["stage"] == "in_trial" and body["court"] == case.court.code
    assert body["trial_number"] == case.trial_number
    assert [d["kind"] for d in body["deadlines"]] == ["trial"]


# --- scopes and roles -------------------------------------------------------------------

def test_a_token_without_the_scope_is_refused(justice, token):
    reader = token(justice["lhr"]["ps"], "justice:read")
    response = post(reader, FIRS, fir_body(justice))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    court_reader = token(justice["lhr"]["court"], "justice:read")
    assert post(court_reader, case_url(1, "verdict/"), {}).status_code == 403
    register_only = token(justice["lhr"]["ps"], "register:search")
    assert register_only.get(case_url(1)).status_code == 403
    assert not Fir.objects.exists()


def test_a_scope_does_not_give_a_role_the_agency_lacks(justice, token):
    # A police station's token with the court's scope is still a police station.
    station_as_court = token(justice["lhr"]["ps"], "justice:court")
    response = post(station_as_court, case_url(1, "charge/"),
                    {"sections": ["376"], "on": today()})
    assert response.status_code == 403


def test_a_court_clerks_session_uses_the_same_endpoints(trial, client, justice):
    from rest_framework.test import APIClient

    case, _ids = trial
    clerk = APIClient()
    clerk.force_authenticate(justice["lhr"]["clerk"])
    response = clerk.post(case_url(case.pk, "hearings/"), {"on": today(), "purpose": "bail"},
                          format="json", HTTP_IDEMPOTENCY_KEY=new_key())
    assert response.status_code == 201, response.json()


# --- schema -----------------------------------------------------------------------------

@pytest.fixture
def schema(admins, client):
    verified_client(client, admins[0])
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_schema_lists_the_justice_endpoints_with_their_scopes(schema):
    paths = schema["paths"]
    expected = {
        ("/api/justice/firs/", "post"): "justice:fir",
        ("/api/justice/cases/{case_id}/suspects/", "post"): "justice:fir",
        ("/api/justice/cases/{case_id}/hearings/", "post"): "justice:court",
        ("/api/justice/cases/{case_id}/hearings/{hearing_id}/outcome/", "post"):
            "justice:court",
        ("/api/justice/cases/{case_id}/charge/", "post"): "justice:court",
        ("/api/justice/cases/{case_id}/verdict/", "post"): "justice:court",
        ("/api/justice/cases/{case_id}/", "get"):
            ["justice:read", "justice:fir", "justice:court"],
    }
    for (path, method), scope in expected.items():
        operation = paths[path][method]
        assert operation["tags"] == ["justice"], path
        assert operation["x-required-scope"] == scope, path
    assert any(t["name"] == "justice" for t in schema["tags"])


@pytest.mark.urls("hifazat.config.urls")
def test_the_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.json"
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json",
                 "--file", str(out), stdout=io.StringIO(), stderr=io.StringIO())
    schema = json.loads(out.read_text())
    assert "/api/justice/firs/" in schema["paths"]
    assert "HearingPurposeEnum" in schema["components"]["schemas"]
    assert "PurposeEnum" in schema["components"]["schemas"]
