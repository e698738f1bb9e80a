"""The audit log is append-only, hash-chained, verified, and tamper-evident."""

from __future__ import annotations

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from hifazat.audit import services as audit
from hifazat.audit import triggers
from hifazat.audit.errors import AuditImmutable
from hifazat.audit.models import GENESIS_HASH, AuditEvent
from hifazat.audit.selectors import verify_chain

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"
)


def _write(n: int) -> list[AuditEvent]:
    return [
        audit.record(action="test.event", object_type="thing", object_id=i,
                     reason=f"reason {i}", details={"i": i, "urdu": "عمران"})
        for i in range(n)
    ]


def test_events_are_chained_from_genesis():
    events = _write(3)
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == GENESIS_HASH
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert len({e.hash for e in events}) == 3
    assert verify_chain().ok and verify_chain().checked == 3


def test_orm_update_and_delete_are_refused():
    event = _write(1)[0]
    event.reason = "rewritten"
    with pytest.raises(AuditImmutable):
        event.save()
    with pytest.raises(AuditImmutable):
        event.delete()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == "reason 0"


def test_unknown_purpose_is_refused():
    with pytest.raises(ValueError):
        audit.record(action="test.event", purpose="curiosity")
    assert AuditEvent.objects.count() == 0


def test_event_rolls_back_with_the_change_it_records():
    _write(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(action="test.in_failed_change")
        raise RuntimeError("the change failed")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["test.event"]
    assert verify_chain().ok


@on_postgres
def test_database_trigger_refuses_raw_update_and_delete():
    event = _write(1)[0]
    for sql in (
        "UPDATE audit_auditevent SET reason = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == "reason 0"


def _raw_tamper(sql: str, params: list) -> None:
    """What an attacker owning the database would do: bypass the ORM and the triggers."""
    triggers.lift(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    triggers.restore(connection)


TAMPERS = {
    "actor_username": "'someone_else'",
    "agency_code": "'OTHER'",
    "role": "'npb_supervisor'",
    "action": "'test.harmless'",
    "object_type": "'other'",
    "object_id": "'999'",
    "purpose": "'audit'",
    "reason": "'innocent'",
    "case_reference": "'FIR-0'",
    "request_id": "'deadbeefdeadbeef'",
    "ip_address": "'10.9.9.9'",
    "actor_id": "424242",
    "occurred_at": "occurred_at",  # replaced below: shift by a second
    "details": "'{\"i\": 99}'",
    "hash": "'" + "a" * 64 + "'",
    "prev_hash": "'" + "b" * 64 + "'",
}


@pytest.mark.parametrize("field", sorted(TAMPERS))
def test_raw_sql_tampering_with_any_field_is_detected(field):
    events = _write(5)
    target = events[2]
    value = TAMPERS[field]
    if field == "occurred_at":
        value = (
            "occurred_at + interval '1 second'" if connection.vendor == "postgresql"
            else "strftime('%Y-%m-%d %H:%M:%f', occurred_at, '+1 second')"
        )
    _raw_tamper(f"UPDATE audit_auditevent SET {field} = {value} WHERE id = %s", [target.pk])  # noqa: S608
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_seq == target.seq
    with pytest.raises(CommandError, match=f"#{target.seq}"):
        call_command("audit_verify")


def test_raw_sql_deletion_of_an_event_is_detected():
    events = _write(5)
    _raw_tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_seq == events[2].seq
    assert "gap" in report.problem


def test_audit_verify_reports_ok(capsys):
    _write(4)
    call_command("audit_verify")
    assert "4 events verified" in capsys.readouterr().out


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    threads_n, per_thread = 8, 25
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads_n)

    def writer(k: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    audit.record(action="test.concurrent", object_id=f"{k}-{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, threads_n * per_thread + 1))
    prevs = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(set(prevs)) == len(prevs)  # no two events share a parent: no fork
    report = verify_chain()
    assert report.ok and report.checked == threads_n * per_thread
