"""A known synthetic survivor's identity never leaves the cell: not in audit rows, the
timeline, notices, logs (SQL included), oversight aggregates, error messages, or any
table of the database in plaintext."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.db import connection

from hifazat.audit.models import AuditEvent
from hifazat.core import clock
from hifazat.crisis_cells import errors, selectors, services
from hifazat.crisis_cells.models import CaseActivity, SurvivorCase

pytestmark = pytest.mark.django_db


def _secrets(survivor, guardian):
    return [survivor.full_name(), survivor.given_name, survivor.cnic, survivor.phone,
            survivor.address, guardian.full_name(), "Black Corolla LEA-1234"]


@pytest.fixture
def survivor(cell, people):
    """A synthetic woman whose given name no staff account here also bears, so that
    finding her given name anywhere is a leak and not a namesake among the staff (the
    staff's synthetic names depend on which tests ran before on this worker)."""
    from hifazat.accounts.models import User

    staff = " ".join(User.objects.values_list("display_name", flat=True))
    while True:
        person = people.person("F", min_age=20, max_age=40)
        if person.given_name not in staff:
            return person


@pytest.fixture
def journey(cell, survivor, people, caplog):
    """A whole night shift for one survivor, with SQL logged at DEBUG."""
    guardian = people.person("M", min_age=40, max_age=60)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")  # every SQL statement
    connection.force_debug_cursor = True
    try:
        doctor, wmlo, legal, incharge = (cell["doctor"], cell["wmlo"], cell["legal"],
                                         cell["incharge"])
        case = services.open_case(
            user=doctor, arrival_route="police", sex="F", age=17, name=survivor.full_name(),
            cnic=survivor.cnic, phone=survivor.phone, address=survivor.address,
            guardian={"name": guardian.full_name(), "relationship": "father",
                      "cnic": guardian.cnic, "phone": guardian.phone})
        services.record_incident(user=doctor, case=case,
                                 occurred_at=clock.now() - timedelta(hours=6),
                                 district="PB-LHR", kind="rape", relationship="neighbour",
                                 perpetrator_particulars="Black Corolla LEA-1234")
        case.refresh_from_db()
        for use in ("medical_examination", "forensic_samples", "police_report",
                    "anonymous_statistics"):
            services.record_consent(user=doctor, case=case, use=use, is_given=True,
                                    given_by="guardian")
        services.record_medical_care(user=doctor, case=case, kind="pep", description="PEP")
        exam = services.record_medico_legal_exam(
            user=wmlo, case=case, examined_at=clock.now() - timedelta(minutes=20),
            chaperone_name="Staff nurse", chaperone_role="nurse",
            general_findings="Stable.", samples=[{"kind": "swab", "description": "swab"}])
        item = exam.samples.get()
        services.record_custody(user=doctor, item=item, step="sealed")
        services.refer_for_fir(user=legal, case=case, police_station=cell["places"]["ps_lhr"])
        selectors.survivor_identity(user=doctor, case=case)
        services.record_cyber_harassment(user=doctor, case=case, platform="facebook",
                                         account_identifiers=survivor.phone)
        request = services.request_closure(user=legal, case=case, outcome="fir_registered")
        services.approve_closure(user=incharge, request=request)
        for bad in ({"cnic": survivor.full_name()}, {"phone": survivor.address}):
            try:
                services.update_identity(user=doctor, case=case, **bad)
            except errors.CellError as exc:
                logging.getLogger("tests.privacy").warning("refused: %s", exc.fields)
    finally:
        connection.force_debug_cursor = False
    return case, _secrets(survivor, guardian)


def _assert_absent(texts, secrets, where):
    blob = "\n".join(str(t) for t in texts)
    for secret in secrets:
        digits = "".join(ch for ch in secret if ch.isdigit())
        assert secret not in blob, f"{where} holds identity"
        if len(digits) >= 10:
            assert digits not in blob.replace("-", "").replace(" ", ""), f"{where} holds a number"


def test_identity_never_in_audit_rows(journey):
    case, secrets = journey
    rows = list(AuditEvent.objects.values())
    assert any(r["case_reference"] == case.code for r in rows)
    _assert_absent(rows, secrets, "audit")


def test_identity_never_in_the_timeline(journey):
    _case, secrets = journey
    _assert_absent(CaseActivity.objects.values(), secrets, "timeline")


def test_identity_never_in_notices(journey):
    from hifazat.notices.models import Notice

    case, secrets = journey
    notices = list(Notice.objects.values())
    assert notices and any(case.code in n["subject"] for n in notices)
    _assert_absent(notices, secrets, "notices")


def test_identity_never_in_logs_even_sql(journey, caplog):
    _case, secrets = journey
    records = caplog.get_records("setup")  # the journey ran in the fixture
    assert any("crisis_cells_survivoridentity" in r.getMessage() for r in records)
    _assert_absent([r.getMessage() for r in records], secrets, "logs")


def test_identity_never_in_oversight_output(journey):
    case, secrets = journey
    out = selectors.oversight_case_counts()
    assert out["total"] == "<5"  # one case: suppressed
    _assert_absent([out], [*secrets, case.code], "oversight")
    assert "perpetrator" not in str(out)


def test_database_holds_no_identity_in_plaintext(journey):
    _case, secrets = journey
    dumped = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dumped.extend(repr(row) for row in cursor.fetchall())
    _assert_absent(dumped, secrets, "database")


def test_model_strings_and_case_rows_carry_no_identity(journey):
    case, secrets = journey
    texts = [str(case), str(case.identity), str(case.guardian),
             list(SurvivorCase.objects.filter(pk=case.pk).values())]
    _assert_absent(texts, secrets, "model strings")


def test_validation_messages_do_not_echo_input(cell, opened, survivor):
    with pytest.raises(errors.InvalidInput) as exc:
        services.update_identity(user=cell["doctor"], case=opened, cnic=survivor.full_name(),
                                 phone=survivor.address)
    _assert_absent([exc.value.fields, exc.value.message], _secrets(survivor, survivor),
                   "error")
