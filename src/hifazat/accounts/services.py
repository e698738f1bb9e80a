"""Every write to accounts: creating users, granting and revoking roles, deactivating,
resetting the second factor. Each is atomic, checks policy and writes its audit event
in the same transaction."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from hifazat.accounts.errors import (
    CannotChangeSelf,
    InvalidAccountDetails,
    OutsideOwnAgency,
    RoleNotAllowed,
)
from hifazat.accounts.models import Agency, RoleAssignment, User
from hifazat.accounts.roles import ROLE_SPECS, Scope
from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import permissions, validation


def _require_manage(actor, target) -> None:
    if not permissions.can(actor, "accounts.manage_user", target):
        raise OutsideOwnAgency


def _acting_role(actor) -> str:
    names = actor.role_names() if actor is not None else set()
    for candidate in ("system_admin", "agency_admin"):
        if candidate in names:
            return candidate
    return ""


def _check_role(*, agency: Agency, role: str, scope: str, facility, district, province) -> None:
    spec = ROLE_SPECS.get(role)
    if spec is None or agency.kind not in spec.agency_kinds or scope not in spec.scopes:
        raise RoleNotAllowed
    targets = {Scope.FACILITY: facility, Scope.DISTRICT: district, Scope.PROVINCE: province}
    for level, target in targets.items():
        if (level == scope) != (target is not None):
            raise RoleNotAllowed


@transaction.atomic
def create_user(
    *,
    actor,
    agency: Agency,
    username: str,
    display_name: str,
    email: str,
    password: str,
) -> User:
    """Create a person's account in ``agency``. Refuses an agency the actor does not
    administer, a full name the validation kernel refuses (``InvalidAccountDetails``)
    and a password that fails the password policy. Audited."""
    _require_manage(actor, agency)
    problems = validation.Problems()
    display_name = problems.check("display_name", validation.person_name, display_name,
                                  max_length=150, required=True)
    problems.raise_if_any(InvalidAccountDetails)
    return _create_account(actor=actor, agency=agency, username=username,
                           display_name=display_name, email=email, password=password)


@transaction.atomic
def create_service_account(*, actor, agency: Agency, username: str, display_name: str,
                           password: str) -> User:
    """Create the account a service token acts as (``api.services.issue_token``): its
    name is a label ("API: case intake"), not a person's, so it is checked as free
    text. Otherwise as ``create_user``."""
    _require_manage(actor, agency)
    problems = validation.Problems()
    display_name = problems.check("display_name", validation.free_text, display_name,
                                  max_length=150, required=True)
    problems.raise_if_any(InvalidAccountDetails)
    return _create_account(actor=actor, agency=agency, username=username,
                           display_name=display_name, email="", password=password)


def _create_account(*, actor, agency, username, display_name, email, password) -> User:
    user = User(
        username=username, display_name=display_name, email=email, agency=agency,
        is_active=True,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record(
        action="accounts.user_created", actor=actor, role=_acting_role(actor),
        object_type="user", object_id=user.pk, purpose=Purpose.ADMINISTRATION,
        details={"agency": agency.code},
    )
    return user


@transaction.atomic
def grant_role(
    *,
    actor,
    user: User,
    role: str,
    scope: str,
    facility=None,
    district=None,
    province=None,
) -> RoleAssignment:
    """Give ``user`` a role over a jurisdiction. Refuses roles the user's agency cannot
    hold, a mismatched jurisdiction, and administrators changing their own roles."""
    _require_manage(actor, user)
    if actor is not None and actor.pk == user.pk:
        raise CannotChangeSelf
    _check_role(
        agency=user.agency, role=role, scope=scope, facility=facility, district=district,
        province=province,
    )
    assignment = RoleAssignment(
        user=user, role=role, scope=scope, facility=facility, district=district,
        province=province, granted_by=actor if getattr(actor, "pk", None) else None,
    )
    assignment.full_clean()
    assignment.save()
    audit.record(
        action="accounts.role_granted", actor=actor, role=_acting_role(actor),
        object_type="user", object_id=user.pk, purpose=Purpose.ADMINISTRATION,
        details={"role": role, "scope": scope, "assignment": assignment.pk},
    )
    return assignment


@transaction.atomic
def revoke_role(*, actor, assignment: RoleAssignment) -> RoleAssignment:
    _require_manage(actor, assignment.user)
    if actor.pk == assignment.user_id:
        raise CannotChangeSelf
    if assignment.revoked_at is None:
        assignment.revoked_at = timezone.now()
        assignment.save(update_fields=["revoked_at"])
        audit.record(
            action="accounts.role_revoked", actor=actor, role=_acting_role(actor),
            object_type="user", object_id=assignment.user_id, purpose=Purpose.ADMINISTRATION,
            details={"role": assignment.role, "assignment": assignment.pk},
        )
    return assignment


@transaction.atomic
def set_active(*, actor, user: User, is_active: bool) -> User:
    _require_manage(actor, user)
    if actor.pk == user.pk:
        raise CannotChangeSelf
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit.record(
        action="accounts.user_activated" if is_active else "accounts.user_deactivated",
        actor=actor, role=_acting_role(actor), object_type="user", object_id=user.pk,
        purpose=Purpose.ADMINISTRATION,
    )
    return user


@transaction.atomic
def reset_second_factor(*, actor, user: User) -> None:
    """Remove the user's TOTP devices so they enrol again at next sign-in."""
    _require_manage(actor, user)
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    audit.record(
        action="accounts.second_factor_reset", actor=actor, role=_acting_role(actor),
        object_type="user", object_id=user.pk, purpose=Purpose.ADMINISTRATION,
        details={"devices_removed": removed},
    )


@transaction.atomic
def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed TOTP device, creating one if needed."""
    permissions.require(user, "accounts.enrol_second_factor", user)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@transaction.atomic
def confirm_totp_enrolment(*, user: User, device: TOTPDevice, code: str) -> bool:
    """Confirm the device if ``code`` is right. Audited either way."""
    permissions.require(user, "accounts.enrol_second_factor", user)
    ok = device.user_id == user.pk and device.verify_token(code)
    if ok:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    audit.record(
        action="auth.second_factor_enrolled" if ok else "auth.second_factor_enrol_failed",
        actor=user, object_type="user", object_id=user.pk,
    )
    return ok


def check_password_strength(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


# --- Set-up: agencies and accounts made by whoever installs (no signed-in actor) -------


@transaction.atomic
def ensure_agency(*, code: str, kind: str, name_en: str, name_ur: str, facility=None,
                  district=None, province=None) -> Agency:
    """The agency ``code``, created or brought up to date (set-up and the demo; run from
    the command line, never from a request). Audited when created."""
    agency, created = Agency.objects.update_or_create(
        code=code, defaults={"kind": kind, "name_en": name_en, "name_ur": name_ur,
                             "facility": facility, "district": district,
                             "province": province})
    if created:
        audit.record(action="accounts.agency_created", object_type="agency",
                     object_id=agency.pk, purpose=Purpose.ADMINISTRATION,
                     details={"code": code, "kind": kind})
    return agency


@transaction.atomic
def provision_user(*, username: str, agency: Agency, display_name: str, email: str,
                   password: str, role: str, scope: str, facility=None, district=None,
                   province=None, confirmed_device: bool = False) -> tuple[User, bool]:
    """The account ``username`` with ``role`` in force (set-up and the demo; run from the
    command line, never from a request). Creates what is missing — the account with that
    password, the role, and with ``confirmed_device`` (the demo only) an authenticator
    already confirmed — and changes nothing that exists. Checked as ``create_user`` and
    ``grant_role`` check (name, role for the agency and jurisdiction); audited when the
    account is created. Returns the account and whether it was created."""
    problems = validation.Problems()
    display_name = problems.check("display_name", validation.person_name, display_name,
                                  max_length=150, required=True)
    problems.raise_if_any(InvalidAccountDetails)
    _check_role(agency=agency, role=role, scope=scope, facility=facility, district=district,
                province=province)
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, display_name=display_name, email=email,
                    agency=agency, is_active=True)
        validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        user.save()
        audit.record(action="accounts.user_provisioned", object_type="user",
                     object_id=user.pk, purpose=Purpose.ADMINISTRATION,
                     details={"agency": agency.code, "role": role})
    if not RoleAssignment.objects.in_force().filter(user=user, role=role).exists():
        RoleAssignment.objects.create(user=user, role=role, scope=scope, facility=facility,
                                      district=district, province=province)
    if confirmed_device and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return user, created

