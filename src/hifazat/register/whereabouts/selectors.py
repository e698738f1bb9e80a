"""Every read of whereabouts other code needs. The panels of a full record are read by
register's record page after its own purpose-bound, audited access; the district lists
are scoped by the permission API."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from hifazat.core import clock, permissions
from hifazat.register.models import Offender
from hifazat.register.whereabouts.models import (
    Address,
    ComplianceVerification,
    CustodyEvent,
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


def offender_for(user, *, action: str, offender_id=None, register_number: str = "") -> Offender:
    """Fetch an offender and check ``action`` on it in one call: missing and forbidden
    both raise Http404, so ids and register numbers cannot be probed."""
    from django.http import Http404

    lookup = Q(pk=offender_id) if offender_id is not None else \
        Q(register_number=(register_number or "").strip().upper())
    offender = Offender.objects.filter(lookup).select_related("district").first() \
        if (offender_id is not None or register_number) else None
    if offender is None:
        raise Http404
    permissions.require(user, action, offender, hide=True)
    return offender


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
