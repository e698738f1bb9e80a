"""Accounts themselves: creating a person's account (with its activation link), a
service account for an API token, switching an account off and on, and set-up's
agencies and accounts made from the command line."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from hifazat.accounts.errors import CannotChangeSelf, InvalidAccountDetails
from hifazat.accounts.models import Agency, RoleAssignment, User
from hifazat.accounts.services.activation import Activation, issue_activation
from hifazat.accounts.services.authority import acting_role, check_role, require_manage
from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import validation


@transaction.atomic
def create_user(*, actor, agency: Agency, username: str, display_name: str, email: str,
                base_url: str = "", sex: str = "") -> Activation:
    """Create a person's account in ``agency``, with no usable password and no
    authenticator, and issue its activation link (``Activation``: shown once to the
    administrator, or e-mailed to ``email``). Refuses an agency the actor does not
    administer and a full name the validation kernel refuses (``InvalidAccountDetails``).
    Audited (``accounts.user_created``, ``accounts.activation_issued``)."""
    require_manage(actor, agency)
    problems = validation.Problems()
    display_name = problems.check("display_name", validation.person_name, display_name,
                                  max_length=150, required=True)
    sex = problems.check("sex", validation.choice, sex or "", ("", "F", "M", "X"),
                         default="")
    problems.raise_if_any(InvalidAccountDetails)
    user = User(username=username, display_name=display_name, email=email, agency=agency,
                is_active=True, sex=sex)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        action="accounts.user_created", actor=actor, role=acting_role(actor),
        object_type="user", object_id=user.pk, purpose=Purpose.ADMINISTRATION,
        details={"agency": agency.code},
    )
    return issue_activation(actor=actor, user=user, action="accounts.activation_issued",
                            base_url=base_url)


@transaction.atomic
def create_service_account(*, actor, agency: Agency, username: str, display_name: str,
                           password: str) -> User:
    """Create the account a service token acts as (``api.services.issue_token``): its
    name is a label ("API: case intake"), not a person's, so it is checked as free
    text; its password is random and known to nobody."""
    require_manage(actor, agency)
    problems = validation.Problems()
    display_name = problems.check("display_name", validation.free_text, display_name,
                                  max_length=150, required=True)
    problems.raise_if_any(InvalidAccountDetails)
    user = User(username=username, display_name=display_name, email="", agency=agency,
                is_active=True)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record(
        action="accounts.user_created", actor=actor, role=acting_role(actor),
        object_type="user", object_id=user.pk, purpose=Purpose.ADMINISTRATION,
        details={"agency": agency.code},
    )
    return user


@transaction.atomic
def set_active(*, actor, user: User, is_active: bool) -> User:
    require_manage(actor, user)
    if actor.pk == user.pk:
        raise CannotChangeSelf
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit.record(
        action="accounts.user_activated" if is_active else "accounts.user_deactivated",
        actor=actor, role=acting_role(actor), object_type="user", object_id=user.pk,
        purpose=Purpose.ADMINISTRATION,
    )
    return user


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
                   province=None, confirmed_device: bool = False,
                   sex: str = "") -> tuple[User, bool]:
    """The account ``username`` with ``role`` in force (set-up and the demo; run from the
    command line by whoever installs, never from a request: no administrator acts, so
    no activation link and no second approval). Creates what is missing — the account
    with that password, the role, and with ``confirmed_device`` (the demo only) an
    authenticator already confirmed — and changes nothing that exists. Checked as
    ``create_user`` and ``grant_role`` check (name, role for the agency and
    jurisdiction); audited when the account is created. ``sex`` ("F", "M", "X"; the
    justice pipeline flags a female survivor's case without a woman investigating
    officer) is recorded on a new account, or on one that has none recorded yet.
    Returns the account and whether it was created."""
    problems = validation.Problems()
    display_name = problems.check("display_name", validation.person_name, display_name,
                                  max_length=150, required=True)
    if sex:
        problems.check("sex", validation.choice, sex, ("F", "M", "X"))
    problems.raise_if_any(InvalidAccountDetails)
    check_role(agency=agency, role=role, scope=scope, facility=facility, district=district,
               province=province)
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, display_name=display_name, email=email,
                    agency=agency, is_active=True, sex=sex)
        validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        user.save()
        audit.record(action="accounts.user_provisioned", object_type="user",
                     object_id=user.pk, purpose=Purpose.ADMINISTRATION,
                     details={"agency": agency.code, "role": role})
    elif sex and not user.sex:
        user.sex = sex
        user.save(update_fields=["sex"])
        audit.record(action="accounts.user_changed", object_type="user", object_id=user.pk,
                     purpose=Purpose.ADMINISTRATION, details={"fields": ["sex"]})
    if not RoleAssignment.objects.in_force().filter(user=user, role=role).exists():
        RoleAssignment.objects.create(user=user, role=role, scope=scope, facility=facility,
                                      district=district, province=province)
    if confirmed_device and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return user, created


@transaction.atomic
def set_sex(*, actor, user: User, sex: str) -> User:
    """Record (or correct) a member of staff's sex ("F", "M", "X"; "" for not recorded):
    the roster and the justice pipeline ask for women officers. Audited
    (``accounts.user_changed``, the field's name, not its value)."""
    require_manage(actor, user)
    problems = validation.Problems()
    sex = problems.check("sex", validation.choice, sex or "", ("", "F", "M", "X"), default="")
    problems.raise_if_any(InvalidAccountDetails)
    if user.sex != sex:
        user.sex = sex
        user.save(update_fields=["sex"])
        audit.record(action="accounts.user_changed", actor=actor, role=acting_role(actor),
                     object_type="user", object_id=user.pk, purpose=Purpose.ADMINISTRATION,
                     details={"fields": ["sex"]})
    return user
