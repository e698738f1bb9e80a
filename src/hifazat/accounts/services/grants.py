"""Role grants under four eyes.

A grant of a role that sees personal data (``roles.RoleSpec.sees_personal_data``) is
``pending`` until a second administrator with authority over the agency approves it
(not the one who granted it, not the person it is for); only then is it in force.
Other roles are in force at once. The grant, the approval and the first use raise a
notice to the agency's supervisors (``selectors.supervisors_for``) through
``signals.role_grant_event``. The system administrator never holds a role that sees
case data, and no account holding such a role becomes system administrator.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hifazat.accounts import selectors, signals
from hifazat.accounts.errors import CannotChangeSelf, NotAnApprover, SystemAdminSeparation
from hifazat.accounts.lifecycles import GRANT
from hifazat.accounts.models import RoleAssignment, User
from hifazat.accounts.roles import ROLE_SPECS, Role
from hifazat.accounts.services.authority import acting_role, check_role, require_manage
from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose

_S = RoleAssignment.Status
OBJECT_TYPE = "role_assignment"


def needs_second_administrator(role: str) -> bool:
    spec = ROLE_SPECS.get(role)
    return spec is not None and spec.sees_personal_data


def _is_case_role(role: str) -> bool:
    """A role that sees personal data, other than the system administrator's own."""
    return role != Role.SYSTEM_ADMIN and needs_second_administrator(role)


def _check_separation(user: User, role: str, *, ignore_pk=None) -> None:
    held = set(
        RoleAssignment.objects.filter(user=user, status__in=[_S.PENDING, _S.APPROVED],
                                      revoked_at__isnull=True)
        .exclude(pk=ignore_pk).values_list("role", flat=True))
    if role == Role.SYSTEM_ADMIN and any(_is_case_role(r) for r in held):
        raise SystemAdminSeparation
    if _is_case_role(role) and Role.SYSTEM_ADMIN in held:
        raise SystemAdminSeparation


def _grant_texts(event: str, assignment: RoleAssignment, actor) -> tuple[str, str]:
    """Subject and body of the supervisors' notice in the active language."""
    holder = assignment.user
    values = {"role": assignment.get_role_display(), "person": str(holder),
              "target": assignment.target_label, "actor": str(actor or "—")}
    if event == signals.GRANTED:
        subject = _("Role granted, awaiting a second administrator: %(role)s for "
                    "%(person)s") % values
        body = _("%(actor)s granted %(role)s (%(target)s) to %(person)s. It is not in "
                 "force until a second administrator approves it. If you did not expect "
                 "it, ask why.") % values
    elif event == signals.APPROVED:
        subject = _("Role approved: %(role)s for %(person)s") % values
        body = _("%(actor)s approved %(role)s (%(target)s) for %(person)s. It is in force "
                 "now.") % values
    else:
        subject = _("Role first used: %(role)s by %(person)s") % values
        body = _("%(person)s signed in with %(role)s (%(target)s) for the first "
                 "time.") % values
    return str(subject), str(body)


def _tell(event: str, assignment: RoleAssignment, actor) -> None:
    """Raise the supervisors' notice (through the signal ``notices`` listens to), its
    texts in English and Urdu so each reader sees their language."""
    holder = assignment.user
    recipients = selectors.supervisors_for(
        agency=holder.agency, exclude={holder.pk, getattr(actor, "pk", None)})
    texts = {}
    for language in ("en", "ur"):
        with translation.override(language):
            texts[language] = _grant_texts(event, assignment, actor)
    signals.role_grant_event.send(
        sender=RoleAssignment, event=event, assignment=assignment, actor=actor,
        recipients=recipients,
        params={"subject": {"en": texts["en"][0], "ur": texts["ur"][0]},
                "body": {"en": texts["en"][1], "ur": texts["ur"][1]}})


@transaction.atomic
def grant_role(*, actor, user: User, role: str, scope: str, facility=None, district=None,
               province=None) -> RoleAssignment:
    """Give ``user`` a role over a jurisdiction. Refuses roles the user's agency cannot
    hold, a mismatched jurisdiction, administrators changing their own roles, and
    mixing the system administrator with a case-data role. A role that sees personal
    data is only ``pending`` until a second administrator approves it."""
    require_manage(actor, user)
    if actor is not None and actor.pk == user.pk:
        raise CannotChangeSelf
    _check_separation(user, role)
    check_role(agency=user.agency, role=role, scope=scope, facility=facility,
               district=district, province=province)
    four_eyes = needs_second_administrator(role)
    assignment = RoleAssignment(
        user=user, role=role, scope=scope, facility=facility, district=district,
        province=province, granted_by=actor if getattr(actor, "pk", None) else None,
        status=_S.PENDING if four_eyes else _S.APPROVED,
        decided_at=None if four_eyes else timezone.now(),
    )
    assignment.full_clean()
    assignment.save()
    audit.record(
        action="accounts.role_granted", actor=actor, role=acting_role(actor),
        object_type="user", object_id=user.pk, purpose=Purpose.ADMINISTRATION,
        details={"role": role, "scope": scope, "assignment": assignment.pk,
                 "status": assignment.status},
    )
    if four_eyes:
        _tell(signals.GRANTED, assignment, actor)
    return assignment


def _require_approver(actor, assignment: RoleAssignment) -> None:
    require_manage(actor, assignment.user)
    if actor.pk in (assignment.granted_by_id, assignment.user_id):
        raise NotAnApprover


@transaction.atomic
def approve_grant(*, actor, assignment: RoleAssignment) -> RoleAssignment:
    """The second administrator's approval: the grant is in force from now."""
    _require_approver(actor, assignment)
    _check_separation(assignment.user, assignment.role, ignore_pk=assignment.pk)
    approved = audit.transition(
        assignment, lifecycle=GRANT, to=_S.APPROVED, actor=actor,
        action="accounts.role_grant_approved", object_type=OBJECT_TYPE,
        purpose=Purpose.ADMINISTRATION,
        details={"user": assignment.user_id, "role": assignment.role,
                 "granted_by": assignment.granted_by_id},
        extra={"approved_by": actor, "decided_at": timezone.now(),
               "valid_from": timezone.now()})
    _tell(signals.APPROVED, approved, actor)
    return approved


@transaction.atomic
def refuse_grant(*, actor, assignment: RoleAssignment) -> RoleAssignment:
    """The second administrator's refusal: the grant never comes into force."""
    _require_approver(actor, assignment)
    return audit.transition(
        assignment, lifecycle=GRANT, to=_S.REFUSED, actor=actor,
        action="accounts.role_grant_refused", object_type=OBJECT_TYPE,
        purpose=Purpose.ADMINISTRATION,
        details={"user": assignment.user_id, "role": assignment.role},
        extra={"decided_at": timezone.now()})


@transaction.atomic
def revoke_role(*, actor, assignment: RoleAssignment) -> RoleAssignment:
    """End a grant: one in force is revoked, one still pending is withdrawn; one
    already ended is left as it is."""
    require_manage(actor, assignment.user)
    if actor.pk == assignment.user_id:
        raise CannotChangeSelf
    now = timezone.now()
    details = {"user": assignment.user_id, "role": assignment.role,
               "assignment": assignment.pk}
    if assignment.status == _S.PENDING:
        return audit.transition(
            assignment, lifecycle=GRANT, to=_S.WITHDRAWN, actor=actor,
            action="accounts.role_grant_withdrawn", object_type=OBJECT_TYPE,
            purpose=Purpose.ADMINISTRATION, details=details, extra={"decided_at": now})
    if assignment.status == _S.APPROVED and assignment.revoked_at is None:
        revoked = audit.transition(
            assignment, lifecycle=GRANT, to=_S.REVOKED, actor=actor,
            action="accounts.role_revoked", object_type=OBJECT_TYPE,
            purpose=Purpose.ADMINISTRATION, details=details, extra={"revoked_at": now})
        return revoked
    return assignment


def note_first_use(user: User) -> int:
    """Mark (once) each approved grant ``user`` now acts with for the first time, and
    tell the supervisors. Called on every verified request; costs nothing once marked
    (the assignments are those the request loads anyway). Returns how many."""
    fresh = [a for a in user.active_roles() if a.first_used_at is None and a.approved_by_id]
    marked = 0
    for assignment in fresh:
        with transaction.atomic():
            now = timezone.now()
            if not RoleAssignment.objects.filter(pk=assignment.pk, first_used_at__isnull=True
                                                 ).update(first_used_at=now):
                continue
            assignment.first_used_at = now
            audit.record(action="accounts.role_first_used", actor=user,
                         role=assignment.role, object_type=OBJECT_TYPE,
                         object_id=assignment.pk, purpose=Purpose.ADMINISTRATION,
                         details={"role": assignment.role})
            _tell(signals.FIRST_USE, assignment, user)
            marked += 1
    return marked
