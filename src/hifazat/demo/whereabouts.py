"""Synthetic whereabouts for the demo, built through the whereabouts services only, as
the demo prison officer, NPB registrar and police station officer would record them: in
Lahore, four offenders whose custody at the demo prison the prison requested and NPB
confirmed; one of them only admitted (ready for a release to be scheduled), one release
scheduled, one released and overdue, one compliant with a verification due.
Idempotent: nothing is added once the demo prison has a release."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from hifazat.accounts import selectors as accounts
from hifazat.accounts.roles import Role
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


def _demo_registrar() -> User | None:
    holder = accounts.role_assignments_in_force(roles=[Role.NPB_REGISTRAR]) \
        .order_by("user_id").first()
    return holder.user if holder else None


def load_whereabouts_demo(*, prison_officer: User, police: User,
                          registrar: User | None = None) -> int:
    """Returns how many offenders were given whereabouts (0 when already loaded)."""
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
    for offender, days_ago, address in ((overdue, 12, ADDRESSES[1]),
                                        (compliant, 100, ADDRESSES[2])):
        # Scheduled for today and recorded as released earlier (remission): the services
        # refuse a scheduled date in the past, and the demo writes nothing around them.
        release = services.schedule_release(
            offender=offender, actor=officer, release_on=today,
            destination_address=address, destination_district=prison.district)
        services.record_release(release_notice=release, actor=officer,
                                released_on=today - timedelta(days=days_ago))
    compliant.refresh_from_db()
    services.record_report_in(offender=compliant, actor=police,
                              reported_on=today - timedelta(days=96))
    services.set_risk_level(offender=compliant, actor=police, level="medium",
                            reason="Assessed at the first report after release")
    services.check_overdue(today=today)
    services.schedule_verifications(today=today)
    return len(offenders)
