"""Synthetic whereabouts for the demo, built through the whereabouts services only, as
the demo prison officer, NPB registrar and police station officer would record them: in
Lahore, four offenders whose custody at the demo prison the prison requested and NPB
confirmed; one of them only admitted (ready for a release to be scheduled), one release
scheduled, one released and overdue, one compliant with a verification due.
The two past releases are recorded as they happened: scheduled ten days ahead, the
notice acknowledged by the demo users it reached, released on the day — with the one
clock set to those days — so no inbox shows "to be released on <today>" for someone
released months ago. Idempotent: nothing is added once the demo prison has a release."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from hifazat.accounts import selectors as accounts
from hifazat.accounts.roles import Role
from hifazat.core import permissions
from hifazat.demo.past import as_of as _as_of
from hifazat.notices import selectors as notice_selectors
from hifazat.notices import services as notices
from hifazat.register import selectors as register
from hifazat.register.whereabouts import selectors, services

if TYPE_CHECKING:  # annotations only
    from hifazat.accounts.models import User

ADDRESSES = ["House 21, Street 6, Shadman, Lahore", "Flat 4, Block C, Johar Town, Lahore",
             "House 7, Mohalla Islampura, Lahore"]


def _acting(user: User) -> User:
    # As the demo's own signed-in users (the loader never runs in production).
    user.is_verified = lambda: True
    return user



def _acknowledge_as_readers(release, readers) -> None:
    """Each demo user the release notice reached acknowledges it, as they would have."""
    notice = notice_selectors.notice_by_id(release.notice_id) if release.notice_id else None
    if notice is None:
        return
    for reader in readers:
        if permissions.can(reader, "notices.acknowledge", notice) and \
                notice_selectors.recipients_covering(notice, reader).filter(
                    acknowledged_at__isnull=True).exists():
            notices.acknowledge(notice=notice, user=reader)


def _demo_registrar() -> User | None:
    holder = accounts.role_assignments_in_force(roles=[Role.NPB_REGISTRAR]) \
        .order_by("user_id").first()
    return holder.user if holder else None


def load_whereabouts_demo(*, prison_officer: User, police: User,
                          registrar: User | None = None, readers=()) -> int:
    """Returns how many offenders were given whereabouts (0 when already loaded).
    ``readers``: the demo users who acknowledge the notices of the past releases."""
    prison = prison_officer.agency.facility if prison_officer.agency else None
    registrar = registrar or _demo_registrar()
    if prison is None or registrar is None:
        return 0
    officer, police, registrar = _acting(prison_officer), _acting(police), _acting(registrar)
    if selectors.upcoming_releases(officer).exists() or \
            selectors.recent_releases(officer).exists():
        return 0
    offenders = register.in_custody_in(prison.district, limit=4)
    if len(offenders) < 4:
        return 0
    today = selectors.today()
    for i, offender in enumerate(offenders):
        request = services.request_takeover(offender=offender, actor=officer, kind="admitted",
                                            occurred_on=today - timedelta(days=900 + 30 * i))
        services.decide_takeover(takeover=request, actor=registrar, accept=True)
    _admitted_only, scheduled, overdue, compliant = offenders
    services.schedule_release(offender=scheduled, actor=officer,
                              release_on=today + timedelta(days=10),
                              destination_address=ADDRESSES[0],
                              destination_district=prison.district)
    readers = [_acting(r) for r in readers]
    for offender, days_ago, address in ((overdue, 12, ADDRESSES[1]),
                                        (compliant, 100, ADDRESSES[2])):
        released_on = today - timedelta(days=days_ago)
        with _as_of(released_on - timedelta(days=10)):
            release = services.schedule_release(
                offender=offender, actor=officer, release_on=released_on,
                destination_address=address, destination_district=prison.district)
        with _as_of(released_on - timedelta(days=9)):
            _acknowledge_as_readers(release, readers)
        with _as_of(released_on):
            services.record_release(release_notice=release, actor=officer,
                                    released_on=released_on)
    compliant.refresh_from_db()
    with _as_of(today - timedelta(days=96)):
        services.record_report_in(offender=compliant, actor=police,
                                  reported_on=today - timedelta(days=96))
        services.set_risk_level(offender=compliant, actor=police, level="medium",
                                reason="Assessed at the first report after release")
    services.check_overdue(today=today)
    services.schedule_verifications(today=today)
    return len(offenders)
