"""Every read of notices other code needs: inboxes, counts, the agencies that should
receive a notice about a district, and the notices about one object."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from hifazat.accounts import selectors as accounts
from hifazat.notices.models import Channel, ContactPoint, Delivery, Notice, NoticeRecipient


def _addressed_q(user, prefix: str = "") -> Q:
    """Recipient rows meant for ``user``: naming them, or naming their (active) agency."""
    q = Q(**{f"{prefix}user_id": user.pk})
    if user.agency_id is not None and user.agency.is_active:
        q |= Q(**{f"{prefix}agency_id": user.agency_id})
    return q


def recipients_covering(notice: Notice, user) -> QuerySet[NoticeRecipient]:
    """The recipient rows of ``notice`` that ``user`` answers for."""
    if not user.is_active:
        return NoticeRecipient.objects.none()
    return NoticeRecipient.objects.filter(notice=notice).filter(_addressed_q(user))


def is_addressee(user, notice: Notice) -> bool:
    return recipients_covering(notice, user).exists()


def received_escalation_of(user, notice: Notice) -> bool:
    """True when ``user`` was sent an escalation of ``notice`` (so may read the original)."""
    if not user.is_active:
        return False
    return NoticeRecipient.objects.filter(notice__escalation_of=notice).filter(
        _addressed_q(user)).exists()


def visible_to(user, queryset: QuerySet[Notice]) -> QuerySet[Notice]:
    """Notices of ``queryset`` addressed to ``user`` (or their agency), sent by them, or
    escalated to them."""
    if not user.is_active:
        return queryset.none()
    mine = NoticeRecipient.objects.filter(notice=OuterRef("pk")).filter(_addressed_q(user))
    escalated = NoticeRecipient.objects.filter(notice__escalation_of=OuterRef("pk")).filter(
        _addressed_q(user))
    return queryset.filter(Q(Exists(mine)) | Q(Exists(escalated)) | Q(sender_id=user.pk))


def inbox_for(user) -> QuerySet[Notice]:
    """The user's inbox: notices to them and to their agency, each annotated with
    ``is_pending`` (not yet acknowledged for them). Unacknowledged first, the nearest
    deadline first among them, then newest first."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Notice.objects.none()
    addressed = NoticeRecipient.objects.filter(notice=OuterRef("pk")).filter(_addressed_q(user))
    pending = addressed.filter(acknowledged_at__isnull=True)
    return (
        Notice.objects.filter(Exists(addressed))
        .annotate(is_pending=Exists(pending))
        .select_related("sender")
        .order_by("-is_pending", F("ack_deadline").asc(nulls_last=True), "-created_at", "-pk")
    )


def unacknowledged_count(user) -> int:
    return inbox_for(user).filter(is_pending=True).count()


def agencies_for(*, kinds: str | Iterable[str], district=None, province=None) -> QuerySet:
    """Active agencies of ``kinds`` whose jurisdiction covers the place.

    * ``district``: agencies located in that district, provincial agencies of its
      province (no district set) and national ones (neither set) — e.g. the police
      stations and the SSOIU of a released offender's destination district;
    * ``province`` alone: agencies located anywhere in that province, and national ones;
    * neither: every active agency of those kinds.
    """
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    queryset = accounts.agencies(kinds=kinds)
    national = Q(district__isnull=True, province__isnull=True)
    if district is not None:
        queryset = queryset.filter(
            Q(district=district)
            | Q(district__isnull=True, province_id=district.province_id)
            | national
        )
    elif province is not None:
        queryset = queryset.filter(Q(province=province) | Q(district__province=province) | national)
    return queryset.select_related("district", "province").order_by("kind", "name_en")


def notice_by_id(pk) -> Notice | None:
    """One notice by its number, unchecked: for services and loaders, never a view (a
    view reads one through ``access.access_notice``)."""
    return Notice.objects.filter(pk=pk).first()


def notices_about(*, object_type: str, object_id: str | int) -> QuerySet[Notice]:
    """Every notice about one object (e.g. ``register.offender``, 42), newest first,
    with its recipients — for the owning app to show who has acknowledged."""
    return (
        Notice.objects.filter(object_type=object_type, object_id=str(object_id))
        .prefetch_related("recipients__agency", "recipients__user", "recipients__acknowledged_by")
        .order_by("-created_at", "-pk")
    )


def contacts_of(*, user=None, agency=None) -> QuerySet[ContactPoint]:
    """Active contact points of one user or one agency."""
    return ContactPoint.objects.filter(is_active=True, user=user, agency=agency).order_by(
        "channel", "address")


def delivery_summary(notice: Notice) -> list[dict]:
    """How the e-mail/SMS copies of a notice fared, as counts per channel and status
    (never the addresses: staff numbers are not shown to other readers)."""
    rows = (Delivery.objects.filter(notice=notice).values("channel", "status")
            .annotate(count=Count("pk")).order_by("channel", "status"))
    channels = dict(Channel.choices)
    statuses = dict(Delivery.Status.choices)
    return [{"channel": channels.get(r["channel"], r["channel"]),
             "status": statuses.get(r["status"], r["status"]), "count": r["count"]}
            for r in rows]
