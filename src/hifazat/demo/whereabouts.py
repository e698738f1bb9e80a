"""Synthetic whereabouts for the demo, through the whereabouts services as the demo
prison officer and police station officer would record them: in Lahore, one offender
admitted to the demo prison (ready for a release to be scheduled), one release
scheduled, one released and overdue, one compliant with a verification due.
Idempotent: nothing is added once a demo release exists."""

from __future__ import annotations

from datetime import timedelta

from hifazat.accounts.models import User
from hifazat.register.models import Offender
from hifazat.register.whereabouts import selectors, services
from hifazat.register.whereabouts.models import ReleaseNotice

ADDRESSES = ["House 21, Street 6, Shadman, Lahore", "Flat 4, Block C, Johar Town, Lahore",
             "House 7, Mohalla Islampura, Lahore"]


def _acting(user: User) -> User:
    # As the demo's own signed-in users (the loader never runs in production).
    user.is_verified = lambda: True
    return user


def load_whereabouts_demo(*, prison_officer: User, police: User) -> int:
    """Returns how many offenders were given whereabouts (0 when already loaded)."""
    prison = prison_officer.agency.facility if prison_officer.agency else None
    if prison is None or ReleaseNotice.objects.filter(prison=prison).exists():
        return 0
    district = prison.district
    offenders = list(Offender.objects.filter(district=district, status="in_custody")
                     .order_by("register_number")[:4])
    if len(offenders) < 4:
        return 0
    officer, police = _acting(prison_officer), _acting(police)
    today = selectors.today()
    for i, offender in enumerate(offenders):
        services.record_custody_event(offender=offender, actor=officer, kind="admitted",
                                      occurred_on=today - timedelta(days=900 + 30 * i),
                                      prison=prison)
    _admitted_only, scheduled, overdue, compliant = offenders
    services.schedule_release(offender=scheduled, actor=officer,
                              release_on=today + timedelta(days=10),
                              destination_address=ADDRESSES[0], destination_district=district)
    for offender, days_ago, address in ((overdue, 12, ADDRESSES[1]),
                                        (compliant, 100, ADDRESSES[2])):
        release = services.schedule_release(
            offender=offender, actor=officer, release_on=today,
            destination_address=address, destination_district=district)
        # Released in the past: the demo back-dates the release it has just scheduled.
        ReleaseNotice.objects.filter(pk=release.pk).update(
            release_on=today - timedelta(days=days_ago))
        release.refresh_from_db()
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
