"""Every read of whereabouts other code needs. The panels of a full record are read by
register's record page after its own purpose-bound, audited access; the district lists
are scoped by the permission API. One row by its id is fetched through ``access``."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from hifazat.core import clock, permissions
from hifazat.register.whereabouts.models import (
    Address,
    ComplianceVerification,
    CustodyEvent,
    CustodyTakeover,
    Employment,
    ObligationsAcknowledgement,
    ReleaseNotice,
    ReportedChange,
    ReportingObligation,
    ReviewNote,
    RiskAssessment,
    Travel,
    Vehicle,
)

IN_PRISON_KINDS = (CustodyEvent.Kind.ADMITTED, CustodyEvent.Kind.TRANSFERRED)
CUSTODY_CHANGING = (*IN_PRISON_KINDS, CustodyEvent.Kind.RELEASED, CustodyEvent.Kind.REARRESTED)


def today() -> date:
    return timezone.localtime(clock.now()).date()


def current_prison(offender):
    """The prison holding the offender per the last custody event that changed custody
    (admitted or transferred); None once released or when no prison is on record."""
    last = CustodyEvent.objects.filter(offender_id=offender.pk, kind__in=CUSTODY_CHANGING) \
        .select_related("prison__district").first()
    if last is None or last.kind not in IN_PRISON_KINDS:
        return None
    return last.prison


def last_admission(offender) -> CustodyEvent | None:
    return CustodyEvent.objects.filter(offender_id=offender.pk,
                                       kind__in=(*IN_PRISON_KINDS,
                                                 CustodyEvent.Kind.REARRESTED)).first()


def pending_release(offender) -> ReleaseNotice | None:
    return ReleaseNotice.objects.filter(offender_id=offender.pk,
                                        state=ReleaseNotice.State.SCHEDULED) \
        .select_related("prison", "destination_district").first()


def current_address(offender) -> Address | None:
    return Address.objects.filter(offender_id=offender.pk, valid_until__isnull=True) \
        .select_related("district").first()


def open_obligation(offender) -> ReportingObligation | None:
    return ReportingObligation.objects.filter(
        offender_id=offender.pk,
        state__in=(ReportingObligation.State.PENDING, ReportingObligation.State.OVERDUE,
                   ReportingObligation.State.ABSCONDED)).order_by("-due_on", "-pk").first()


def current_risk(offender) -> RiskAssessment | None:
    return RiskAssessment.objects.filter(offender_id=offender.pk).first()


def current_travel(offender, on: date | None = None) -> Travel | None:
    on = on or today()
    return Travel.objects.filter(offender_id=offender.pk, starts_on__lte=on, ends_on__gte=on) \
        .first()


def record_panels(offender) -> dict:
    """Everything whereabouts shows on an offender's full record page. The caller has
    already opened the record through register's purpose-bound access (audited)."""
    oid = offender.pk
    last_notice = ReleaseNotice.objects.filter(offender_id=oid) \
        .select_related("prison", "destination_district").order_by("-pk").first()
    obligation = ReportingObligation.objects.filter(offender_id=oid) \
        .order_by("-released_on", "-pk").first()
    return {
        "current_address": current_address(offender),
        "addresses": list(Address.objects.filter(offender_id=oid).select_related("district")),
        "custody_events": list(CustodyEvent.objects.filter(offender_id=oid)
                               .select_related("prison")),
        "current_prison": current_prison(offender),
        "pending_release": pending_release(offender),
        "last_release_notice": last_notice,
        "reporting": obligation,
        "report_by": obligation.due_on if obligation and obligation.state in (
            ReportingObligation.State.PENDING, ReportingObligation.State.OVERDUE) else None,
        "reported_changes": list(ReportedChange.objects.filter(offender_id=oid)
                                 .select_related("recorded_by")),
        "travel": list(Travel.objects.filter(offender_id=oid)
                       .select_related("destination_district")),
        "verifications": list(ComplianceVerification.objects.filter(offender_id=oid)
                              .select_related("district", "verified_by")
                              .defer("photo").order_by("-due_on")),
        "acknowledgements": list(ObligationsAcknowledgement.objects.filter(offender_id=oid)),
        "risk": current_risk(offender),
        "risk_history": list(RiskAssessment.objects.filter(offender_id=oid)),
        "review_notes": list(ReviewNote.objects.filter(offender_id=oid)
                             .select_related("author", "agency")),
        "employment": list(Employment.objects.filter(offender_id=oid)
                           .select_related("district")),
        "vehicles": list(Vehicle.objects.filter(offender_id=oid)),
    }


def upcoming_releases(user):
    """Scheduled releases the user may see (a prison officer: their prison's)."""
    queryset = ReleaseNotice.objects.filter(state=ReleaseNotice.State.SCHEDULED) \
        .select_related("offender", "prison", "destination_district")
    return permissions.scoped(user, "whereabouts.view_releases", queryset) \
        .order_by("release_on", "pk")


def with_acknowledgements(releases) -> list:
    """Each release with ``acknowledged`` and ``addressed``: how many of the agencies its
    notice went to have acknowledged it (a prison sees that the police know)."""
    from hifazat.notices.selectors import notices_about

    releases = list(releases)
    for release in releases:
        release.acknowledged = release.addressed = 0
        if not release.notice_id:
            continue
        notice = notices_about(object_type="register.offender", object_id=release.offender_id) \
            .filter(pk=release.notice_id).first()
        if notice is not None:
            recipients = list(notice.recipients.all())
            release.addressed = len(recipients)
            release.acknowledged = sum(1 for r in recipients if r.acknowledged_at)
    return releases


def recent_releases(user, limit: int = 20):
    queryset = ReleaseNotice.objects.filter(state=ReleaseNotice.State.RELEASED) \
        .select_related("offender", "prison", "destination_district")
    return permissions.scoped(user, "whereabouts.view_releases", queryset) \
        .order_by("-released_on", "-pk")[:limit]


def overdue_in_district(user, district=None):
    """Obligations overdue or absconded in the districts the user covers (or one)."""
    queryset = ReportingObligation.objects.filter(
        state__in=(ReportingObligation.State.OVERDUE, ReportingObligation.State.ABSCONDED)) \
        .select_related("offender", "district")
    if district is not None:
        queryset = queryset.filter(district=district)
    return permissions.scoped(user, "whereabouts.view_district_lists", queryset) \
        .order_by("due_on", "pk")


def awaiting_report_in(user):
    """Released offenders whose report-by date has not passed yet."""
    queryset = ReportingObligation.objects.filter(state=ReportingObligation.State.PENDING) \
        .select_related("offender", "district")
    return permissions.scoped(user, "whereabouts.view_district_lists", queryset) \
        .order_by("due_on", "pk")


def compliance_queue(user, *, on: date | None = None):
    """Open verifications due by ``on`` (default today) in the user's districts."""
    on = on or today()
    queryset = ComplianceVerification.objects.filter(done_on__isnull=True, due_on__lte=on) \
        .select_related("offender", "district").defer("photo")
    return permissions.scoped(user, "whereabouts.view_district_lists", queryset) \
        .order_by("due_on", "pk")


def unacknowledged_releases(user):
    """Scheduled releases whose notice is past its acknowledgement deadline."""
    return upcoming_releases(user).filter(ack_deadline__lt=clock.now())


def late_reported_changes(user):
    """Changes the offender reported late, for offenders managed in the user's
    districts (NPB: all)."""
    from hifazat.register.whereabouts.policy import NPB, POLICE, districts_of

    queryset = ReportedChange.objects.filter(is_late=True).select_related("offender")
    if user.has_role(*NPB):
        return queryset
    if not user.has_role(*POLICE):
        return queryset.none()
    ids = districts_of(user, POLICE)
    return queryset if ids is None else queryset.filter(offender__district_id__in=ids)


def open_takeovers(user):
    """Prisons' custody requests awaiting NPB, to those who decide them."""
    queryset = CustodyTakeover.objects.filter(state=CustodyTakeover.State.REQUESTED) \
        .select_related("offender", "prison", "requested_by")
    if not permissions.can(user, "whereabouts.decide_takeover"):
        return queryset.none()
    return queryset.order_by("requested_at", "pk")


def takeovers_of(user, limit: int = 20):
    """The custody requests of the user's own prison, newest first."""
    prisons = [a.facility_id for a in user.active_roles()
               if a.role == "prison_officer" and a.facility_id]
    return CustodyTakeover.objects.filter(prison_id__in=prisons) \
        .select_related("offender", "prison").order_by("-requested_at", "-pk")[:limit]
