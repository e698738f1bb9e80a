"""Every write of notices: send, acknowledge, escalate, deliver, contact points.

Each write is atomic and records its audit event in the same transaction. Notices
carry codes and references, never a survivor's identity: text that looks like a CNIC
or a phone number is refused before anything is stored.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hifazat.accounts import selectors as accounts
from hifazat.accounts.roles import ROLE_SPECS, Scope
from hifazat.audit import services as audit
from hifazat.core import clock, permissions, validation
from hifazat.notices import channels, kinds, lifecycles, selectors
from hifazat.notices.errors import (
    ContactNotAllowed,
    IdentityDataInNotice,
    InactiveRecipient,
    InvalidContact,
    InvalidNotice,
    NoRecipients,
    NotAnAddressee,
)
from hifazat.notices.models import (
    Channel,
    ContactPoint,
    Delivery,
    Notice,
    NoticeRecipient,
)
from hifazat.notices.textguard import identity_like

MAX_SUBJECT = 200
MAX_BODY = 4000
MAX_REFERENCE = 100
MAX_NOTE = 500
MAX_PARAMS_CHARS = 2000
OBJECT_TYPE = "notices.notice"
DELIVERY_TYPE = "notices.delivery"


# --- Sending ---------------------------------------------------------------------------


def _refuse_identity(texts: dict[str, str]) -> None:
    fields = {}
    for name, text in texts.items():
        if identity_like(text):
            fields[name] = IdentityDataInNotice.message
    if fields:
        raise IdentityDataInNotice(fields=fields)


def _validate(*, kind, subject, body, reference, ack_within, escalate_to_roles
              ) -> tuple[str, str, str]:
    """The notice's texts as the validation kernel cleans them (``free_text``: bidi and
    control characters stripped, lengths), and its other parts checked; every problem
    at once (``InvalidNotice``, a message per field)."""
    problems = validation.Problems()
    subject = problems.check("subject", validation.free_text, subject,
                             max_length=MAX_SUBJECT, required=True, default="")
    body = problems.check("body", validation.free_text, body, max_length=MAX_BODY,
                          default="")
    reference = problems.check("reference", validation.free_text, reference,
                               max_length=MAX_REFERENCE, default="")
    if not kinds.is_valid_code(kind):
        problems.add("kind", _("The kind must be a short code such as "
                               "register.release_scheduled."))
    if ack_within is not None and (
        not isinstance(ack_within, datetime.timedelta) or ack_within <= datetime.timedelta(0)
    ):
        problems.add("ack_within", _("The acknowledgement deadline must be a positive "
                                     "duration."))
    unknown = [r for r in escalate_to_roles if r not in ROLE_SPECS]
    if unknown:
        problems.add("escalate_to_roles", _("Unknown role to escalate to."))
    elif escalate_to_roles and ack_within is None:
        problems.add("escalate_to_roles", _("Escalation needs an acknowledgement deadline."))
    problems.raise_if_any(InvalidNotice)
    return subject, body, reference


def _resolve_agencies(to_agencies: Iterable) -> list:
    """Agencies named by instance, pk or code; de-duplicated; refuses unknown and
    switched-off ones."""
    unique: dict = {}
    for item in to_agencies:
        if accounts.is_agency(item):
            agency = item
        else:
            agency = (accounts.agency_by(code=item) if isinstance(item, str)
                      else accounts.agency_by(pk=item))
            if agency is None:
                raise InvalidNotice(fields={"to_agencies": _("Unknown agency.")})
        unique[agency.pk] = agency
    if any(not a.is_active for a in unique.values()):
        raise InactiveRecipient
    return sorted(unique.values(), key=lambda a: a.pk)


def _resolve_users(to_users: Iterable) -> list:
    pks = {u.pk if accounts.is_user(u) else u for u in to_users}
    users = accounts.users_by_ids(pks)
    if len(users) < len(pks):
        raise InvalidNotice(fields={"to_users": _("Unknown user.")})
    if any(not u.is_active for u in users):
        raise InactiveRecipient
    return sorted(users, key=lambda u: u.pk)


def _addresses_for(recipient: NoticeRecipient) -> list[tuple[str, str]]:
    """Where a recipient's copy goes: a user's account e-mail and contact points; for
    an agency, its own contact points and those of each of its active users."""
    if recipient.user_id:
        users = [recipient.user]
        points = ContactPoint.objects.filter(user=recipient.user, is_active=True)
    else:
        users = list(accounts.active_users_of(recipient.agency_id))
        points = ContactPoint.objects.filter(is_active=True, agency_id=recipient.agency_id) | \
            ContactPoint.objects.filter(is_active=True, user__in=users)
    found = [(Channel.EMAIL, u.email) for u in users if u.email]
    found += [(p.channel, p.address) for p in points.order_by("pk")]
    return found


def _plan_deliveries(notice: Notice, recipients: list[NoticeRecipient]) -> int:
    enabled = set(channels.enabled())
    seen: set[tuple[str, str]] = set()
    rows = []
    for recipient in recipients:
        for channel, address in _addresses_for(recipient):
            if channel in enabled and (channel, address) not in seen:
                seen.add((channel, address))
                rows.append(Delivery(notice=notice, recipient=recipient, channel=channel,
                                     address=address))
    Delivery.objects.bulk_create(rows)
    return len(rows)


def _enqueue_delivery(notice_id: int) -> None:
    from hifazat.notices import tasks  # tasks call services: import at use

    tasks.deliver_notice.enqueue(notice_id)


@transaction.atomic
def send_notice(
    *,
    kind: str,
    subject: str = "",
    body: str = "",
    params: dict | None = None,
    to_agencies=(),
    to_users=(),
    reference: str = "",
    object_type: str = "",
    object_id: str | int = "",
    ack_within: datetime.timedelta | None = None,
    escalate_to_roles: tuple[str, ...] = (),
    sender=None,
) -> Notice:
    """Send a notice to agencies and/or users, atomically and audited.

    Refuses (``InvalidNotice``, ``NoRecipients``, ``InactiveRecipient``,
    ``IdentityDataInNotice``) a bad kind code, an empty or over-long subject, an empty
    recipient list, a switched-off recipient, and any CNIC- or phone-like text in the
    subject, text or reference. With ``ack_within`` the addressees must acknowledge by
    then, and ``escalate_overdue`` escalates it once to the holders of
    ``escalate_to_roles``. Copies go out by e-mail/SMS after commit, through a task.

    The one way for new senders: ``kind`` (registered with its texts, ``kinds.register``)
    and ``params``; the notice is shown in each reader's language and its e-mail and SMS
    carry English and Urdu. ``subject``/``body`` (ready-made text, shown as sent in every
    language) still work for senders not yet switched.
    """
    return _send(kind=kind, subject=subject, body=body, params=params,
                 to_agencies=to_agencies,
                 to_users=to_users, reference=reference, object_type=object_type,
                 object_id=object_id, ack_within=ack_within,
                 escalate_to_roles=escalate_to_roles, sender=sender, escalation_of=None)


def _clean_params(kind: str, params) -> dict:
    """Parameters of a kind with texts: a small JSON object of strings, numbers and the
    shapes ``kinds`` renders (bilingual names, days, moments); every text the kind renders
    from them, in each language, passes the same checks as ready-made text."""
    if not isinstance(params, dict) or not kinds.has_texts(kind):
        raise InvalidNotice(fields={"params": _("This kind of notice has no texts to fill "
                                                "in; give a subject instead.")})
    allowed = (str, int, float)
    for name, value in params.items():
        shaped = isinstance(value, dict) and set(value) in ({"en", "ur"}, {"day"}, {"when"}) \
            and all(isinstance(v, str) for v in value.values())
        if not isinstance(name, str) or not (isinstance(value, allowed) or shaped):
            raise InvalidNotice(fields={"params": _("Unusable notice parameter.")})
    if len(json.dumps(params, default=str)) > MAX_PARAMS_CHARS:
        raise InvalidNotice(fields={"params": _("The notice parameters are too long.")})
    rendered = {"body_en": "", "body_ur": ""}
    for language in kinds.LANGUAGES:
        for part in kinds.parts_of(kind):
            text = kinds.render_in(language, kind, params, part)
            if text is None:
                raise InvalidNotice(fields={"params": _("A parameter of this kind of notice "
                                                        "is missing.")})
            rendered[f"{part}_{language}"] = text or ""
    _refuse_identity(rendered)
    return rendered


def _send(*, kind, subject, body, to_agencies, to_users, reference, object_type, object_id,
          ack_within, escalate_to_roles, sender, escalation_of: Notice | None,
          params: dict | None = None) -> Notice:
    escalate_to_roles = tuple(escalate_to_roles or ())
    if params is not None:
        # Stored in English (search, audit, notices older than kind texts); shown in
        # the reader's language from the parameters.
        rendered = _clean_params(kind, params)
        subject, body = rendered["subject_en"][:MAX_SUBJECT], rendered["body_en"][:MAX_BODY]
    subject, body, reference = _validate(
        kind=kind, subject=subject, body=body, reference=reference, ack_within=ack_within,
        escalate_to_roles=escalate_to_roles)
    _refuse_identity({"subject": subject, "body": body, "reference": reference})
    agencies, users = _resolve_agencies(to_agencies), _resolve_users(to_users)
    if not agencies and not users:
        raise NoRecipients
    now = clock.now()
    notice = Notice.objects.create(
        kind=kind, subject=subject, body=body, params=params or {}, reference=reference,
        object_type=str(object_type or "")[:64], object_id=str(object_id)[:64],
        sender=sender if getattr(sender, "pk", None) else None, created_at=now,
        ack_deadline=now + ack_within if ack_within else None,
        escalate_to_roles=list(escalate_to_roles),
        escalation_state=(Notice.Escalation.AWAITING if ack_within
                          else Notice.Escalation.NOT_REQUIRED),
        escalation_of=escalation_of,
    )
    NoticeRecipient.objects.bulk_create(
        [NoticeRecipient(notice=notice, agency=a) for a in agencies]
        + [NoticeRecipient(notice=notice, user=u) for u in users]
    )
    recipients = list(notice.recipients.select_related("user", "agency"))
    planned = _plan_deliveries(notice, recipients)
    audit.record(
        action="notices.sent", actor=sender, object_type=OBJECT_TYPE, object_id=notice.pk,
        case_reference=reference,
        details={"kind": kind, "agencies": [a.code for a in agencies],
                 "users": [u.pk for u in users],
                 "about": f"{notice.object_type}:{notice.object_id}",
                 "ack_deadline": notice.ack_deadline, "deliveries": planned,
                 "escalation_of": escalation_of.pk if escalation_of else None},
    )
    if planned:
        transaction.on_commit(lambda: _enqueue_delivery(notice.pk))
    return notice


# --- Acknowledging ---------------------------------------------------------------------


@transaction.atomic
def acknowledge(*, notice: Notice, user, note: str = "") -> list[NoticeRecipient]:
    """``user`` acknowledges ``notice`` for themself and for their agency, whichever of
    the two it is addressed to. Idempotent: acknowledging again (or after a colleague
    of the same agency) changes nothing and is not audited again. Refuses a user who
    is not an addressee (``NotAnAddressee``). Returns the recipient rows covered."""
    problems = validation.Problems()
    note = problems.check("note", validation.free_text, note, max_length=MAX_NOTE,
                          default="")
    problems.raise_if_any(InvalidNotice)
    _refuse_identity({"note": note})
    if not permissions.can(user, "notices.acknowledge", notice):
        raise NotAnAddressee
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    rows = list(selectors.recipients_covering(notice, user).select_for_update(of=("self",))
                .select_related("agency", "user"))
    now = clock.now()
    newly = [r for r in rows if r.acknowledged_at is None]
    for row in newly:
        row.acknowledged_at, row.acknowledged_by, row.note = now, user, note
        row.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
    if newly:
        audit.record(
            action="notices.acknowledged", actor=user, object_type=OBJECT_TYPE,
            object_id=notice.pk, case_reference=notice.reference,
            details={"recipients": [r.agency.code if r.agency_id else f"user:{r.user_id}"
                                    for r in newly],
                     "late": bool(notice.ack_deadline and now > notice.ack_deadline)},
        )
        everyone = not notice.recipients.filter(acknowledged_at__isnull=True).exists()
        if everyone and notice.escalation_state == Notice.Escalation.AWAITING:
            _move(notice, Notice.Escalation.MET, actor=user, action="notices.deadline_met")
    return rows


def _move(notice: Notice, to: str, *, actor=None, action: str, now=None,
          details: dict | None = None) -> Notice:
    """The notice's escalation state through its lifecycle (audited as ``action``)."""
    return audit.transition(
        notice, lifecycle=lifecycles.ESCALATION, to=to, actor=actor, action=action,
        object_type=OBJECT_TYPE, case_reference=notice.reference, details=details,
        extra={"escalated_at": now} if now else None)


# --- Escalating ------------------------------------------------------------------------


def _escalation_holders(notice: Notice, pending: list[NoticeRecipient]) -> list:
    """Active users holding one of the notice's escalation roles whose jurisdiction
    covers the district of an addressee that has not acknowledged (national holders
    always qualify; with no district known, only they do)."""
    districts = []
    for row in pending:
        agency = row.agency if row.agency_id else row.user.agency
        if agency is not None and agency.district_id:
            districts.append(agency.district)
    assignments = accounts.role_assignments_in_force(roles=notice.escalate_to_roles)
    holders = {
        a.user_id: a.user for a in assignments
        if a.scope == Scope.NATIONAL or any(a.covers_district(d) for d in districts)
    }
    return sorted(holders.values(), key=lambda u: u.pk)


def _escalation_params(notice: Notice, pending: list[NoticeRecipient]) -> dict:
    """What an escalation notice says, as parameters of ``kinds.ESCALATION``: the earlier
    notice's number, subject (both languages), deadline, and who has not acknowledged."""
    def names(language: str) -> str:
        return ", ".join(
            (getattr(r.agency, f"name_{language}") or r.agency.name_en) if r.agency_id
            else r.user.get_username() for r in pending)

    subject_en, _body = notice.texts_in("en")
    subject_ur, _body = notice.texts_in("ur")
    return {"number": notice.pk, "deadline": kinds.when(notice.ack_deadline),
            "about": kinds.bilingual(subject_en[:150], subject_ur[:150]),
            "names": kinds.bilingual(names("en")[:600], names("ur")[:600])}


@transaction.atomic
def _escalate_one(notice_id: int, now) -> bool:
    notice = Notice.objects.select_for_update().get(pk=notice_id)
    if notice.escalation_state != Notice.Escalation.AWAITING or notice.ack_deadline > now:
        return False
    pending = list(notice.recipients.filter(acknowledged_at__isnull=True)
                   .select_related("agency", "user__agency__district"))
    if not pending:
        _move(notice, Notice.Escalation.MET, action="notices.deadline_met")
        return False
    if not notice.escalate_to_roles:
        # A deadline with no one to escalate to: record that it was missed, once.
        _move(notice, Notice.Escalation.OVERDUE, action="notices.overdue", now=now,
              details={"pending": [r.pk for r in pending]})
        return False
    holders = _escalation_holders(notice, pending)
    if not holders:
        _move(notice, Notice.Escalation.UNROUTED, action="notices.escalation_unrouted",
              now=now, details={"roles": notice.escalate_to_roles})
        return False
    escalation = _send(
        kind=kinds.ESCALATION, subject="", body="", params=_escalation_params(notice, pending),
        to_agencies=(), to_users=holders,
        reference=notice.reference, object_type=OBJECT_TYPE, object_id=notice.pk,
        ack_within=None, escalate_to_roles=(), sender=None, escalation_of=notice,
    )
    _move(notice, Notice.Escalation.ESCALATED, action="notices.escalated", now=now,
          details={"escalation": escalation.pk, "to_users": [u.pk for u in holders],
                   "pending": [r.pk for r in pending]})
    return True


def escalate_overdue(*, now=None) -> int:
    """Escalate, once, every notice past its deadline that someone has not
    acknowledged: a new notice, linked to it, to the users holding its escalation roles
    (see ``_escalation_holders``). Each notice is escalated in its own transaction, so
    one failure does not hold back the others. Returns how many were escalated."""
    now = now or clock.now()
    due = Notice.objects.filter(
        escalation_state=Notice.Escalation.AWAITING, ack_deadline__lte=now,
    ).order_by("ack_deadline").values_list("pk", flat=True)
    return sum(1 for pk in list(due) if _escalate_one(pk, now))


# --- Delivering ------------------------------------------------------------------------
#
# A delivery is claimed before it is sent: one conditional UPDATE (attempts + 1, the
# claim's time in last_attempt_at) that only one worker can win. A claim is a lease of
# NOTICES_DELIVERY_LEASE_SECONDS (default 30: longer than one send may take, EMAIL_TIMEOUT
# is 20): a delivery still waiting after its lease ran out was claimed by a worker that
# died (kill -9, power) and is claimed again by the next run. Every attempt of one
# delivery carries the same idempotency key, so the gateway can drop the repeat of a
# send that went out just before the crash; a delivery marked sent is never sent again.



def delivery_lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=int(settings.NOTICES_DELIVERY_LEASE_SECONDS))


def delivery_key(delivery: Delivery) -> str:
    """The idempotency key of every attempt of ``delivery`` (one per notice, recipient
    and channel address), given to the channel with each send."""
    return f"hifazat-notice-{delivery.notice_id}-delivery-{delivery.pk}"


def _claim(delivery: Delivery, now) -> bool:
    """Take one attempt at a delivery; false when another worker took it first."""
    return bool(
        Delivery.objects.filter(pk=delivery.pk, status=delivery.status,
                                attempts=delivery.attempts)
        .update(attempts=F("attempts") + 1, last_attempt_at=now)
    )


def _claimable(notice_id: int, now):
    """Deliveries of a notice to try now: waiting or due a retry, except a first
    attempt another worker claimed within its lease (it is being sent right now)."""
    in_flight = Q(status=Delivery.Status.PENDING, attempts__gt=0,
                  last_attempt_at__gt=now - delivery_lease())
    return (Delivery.objects.filter(
        notice_id=notice_id, status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING])
        .exclude(in_flight).select_related("notice"))


def deliver(*, notice_id: int) -> dict[str, int]:
    """Try every delivery of a notice that is waiting, due a retry or abandoned by a
    crashed worker, once each, with its idempotency key.

    A delivery that fails is retried until ``NOTICES_DELIVERY_MAX_ATTEMPTS``, then
    marked failed. Each outcome is a transition of the delivery's lifecycle
    (``lifecycles.DELIVERY``: saved with its audit event in its own transaction), and
    the run is audited once more as a summary; the sending itself happens outside any
    transaction, so a slow gateway holds no lock. Returns the count of deliveries per
    resulting status."""
    max_attempts = settings.NOTICES_DELIVERY_MAX_ATTEMPTS
    counts = {s: 0 for s in Delivery.Status.values}
    for delivery in _claimable(notice_id, clock.now()):
        now = clock.now()
        if not _claim(delivery, now):
            continue
        try:
            channels.get(delivery.channel).send(notice=delivery.notice, address=delivery.address,
                                                idempotency_key=delivery_key(delivery))
        except Exception as exc:  # any gateway failure is a failed attempt, retried
            failed = delivery.attempts + 1 >= max_attempts
            status = Delivery.Status.FAILED if failed else Delivery.Status.RETRYING
            extra = {"last_error": f"{type(exc).__name__}: {exc}"[:300]}
        else:
            status = Delivery.Status.SENT
            extra = {"sent_at": now, "last_error": ""}
        # One short transaction per outcome (the row lock is held for the save and its
        # audit event only, never while a gateway answers).
        audit.transition(delivery, lifecycle=lifecycles.DELIVERY, to=status, actor=None,
                         action=f"notices.delivery_{status}", object_type=DELIVERY_TYPE,
                         details={"notice": notice_id, "channel": delivery.channel,
                                  "attempt": delivery.attempts + 1}, extra=extra)
        counts[status] += 1
    if any(counts.values()):
        with transaction.atomic():
            audit.record(action="notices.delivered", object_type=OBJECT_TYPE,
                         object_id=notice_id, details=counts)
    return counts


def notices_with_stalled_deliveries(*, now=None) -> list[int]:
    """Notices whose delivery stopped with its worker: a first attempt claimed and never
    finished within its lease, a delivery never tried a lease after the notice was
    sent (its task lost), or a retry overdue by a lease (its deferred task lost)."""
    now = now or clock.now()
    lease = delivery_lease()
    retry = datetime.timedelta(seconds=settings.NOTICES_DELIVERY_RETRY_SECONDS)
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING)
    ids = set(pending.filter(attempts__gt=0, last_attempt_at__lte=now - lease)
              .values_list("notice_id", flat=True))
    ids |= set(pending.filter(attempts=0, notice__created_at__lte=now - lease)
               .values_list("notice_id", flat=True))
    ids |= set(Delivery.objects.filter(status=Delivery.Status.RETRYING,
                                       last_attempt_at__lte=now - retry - lease)
               .values_list("notice_id", flat=True))
    return sorted(ids)


# --- Contact points --------------------------------------------------------------------

_MOBILE = re.compile(r"^(?:\+92|0092|92|0)(3\d{9})$")


def _normalise_address(channel: str, address: str) -> str:
    address = (address or "").strip()
    if channel == Channel.EMAIL:
        try:
            validate_email(address)
        except ValidationError as exc:
            raise InvalidContact(fields={"address": InvalidContact.message}) from exc
        return address.lower()
    if channel == Channel.SMS:
        # The kernel reads the number (spacing, brackets, Urdu-keyboard digits); SMS then
        # needs a Pakistani mobile, and says so whichever rule refused it.
        try:
            number = validation.phone(address, required=True)
        except validation.Invalid:
            number = ""
        match = _MOBILE.match(number)
        if not match:
            raise InvalidContact(
                _("Enter a Pakistani mobile number such as 0300 1234567."),
                fields={"address": _("Enter a Pakistani mobile number such as 0300 1234567.")},
            )
        return f"+92{match.group(1)}"
    raise InvalidContact(fields={"channel": _("Unknown channel.")})


@transaction.atomic
def add_contact_point(*, actor, channel: str, address: str, user=None, agency=None
                      ) -> ContactPoint:
    """Add where a user's (their own) or an agency's (as its administrator) notices are
    delivered. Validated (``InvalidContact``), refused to anyone else
    (``ContactNotAllowed``), audited without the address."""
    if (user is None) == (agency is None):
        raise InvalidContact(fields={"address": _("Give either a user or an agency.")})
    if not permissions.can(actor, "notices.manage_contacts", user or agency):
        raise ContactNotAllowed
    address = _normalise_address(channel, address)
    point, _created = ContactPoint.objects.update_or_create(
        user=user, agency=agency, channel=channel, address=address,
        defaults={"is_active": True},
    )
    audit.record(action="notices.contact_added", actor=actor, object_type="notices.contact",
                 object_id=point.pk, details={"channel": channel,
                                              "for": f"user:{user.pk}" if user else
                                              f"agency:{agency.code}"})
    return point


@transaction.atomic
def remove_contact_point(*, actor, point: ContactPoint) -> ContactPoint:
    """Stop delivering to a contact point (kept, switched off). Same rule as adding."""
    point = ContactPoint.objects.select_for_update(of=("self",)).select_related(
        "user", "agency").get(pk=point.pk)
    if not permissions.can(actor, "notices.manage_contacts", point.user or point.agency):
        raise ContactNotAllowed
    if point.is_active:
        point.is_active = False
        point.save(update_fields=["is_active"])
        audit.record(action="notices.contact_removed", actor=actor,
                     object_type="notices.contact", object_id=point.pk,
                     details={"channel": point.channel})
    return point
