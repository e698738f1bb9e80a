"""Test factories: agencies, users with roles, second-factor-verified clients, built on
the synthetic generator."""

from __future__ import annotations

import itertools

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from hifazat.accounts.models import Agency, RoleAssignment, User
from hifazat.accounts.roles import ROLE_SPECS, Scope
from hifazat.synthetic import PeopleGenerator

PASSWORD = "correct-horse-battery-staple-9"
_counter = itertools.count(1)


def make_agency(kind: str, facility=None, code: str | None = None) -> Agency:
    n = next(_counter)
    return Agency.objects.create(
        code=code or f"{kind.upper()}-{n}", kind=kind, name_en=f"{kind} {n}",
        name_ur=f"ادارہ {n}", facility=facility,
        district=facility.district if facility else None,
        province=facility.district.province if facility else None,
    )


def make_user(agency: Agency, *, username: str | None = None, password: str = PASSWORD,
              with_device: bool = True) -> User:
    n = next(_counter)
    user = User.objects.create_user(
        username=username or f"user{n}", password=password, agency=agency,
        display_name=PeopleGenerator(seed=n).person().full_name(),
    )
    if with_device:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def give_role(user: User, role: str, *, scope: str | None = None, target=None):
    spec = ROLE_SPECS[role]
    scope = scope or sorted(spec.scopes)[0]
    kwargs = {}
    if scope == Scope.FACILITY:
        kwargs["facility"] = target or user.agency.facility
    elif scope == Scope.DISTRICT:
        kwargs["district"] = target or user.agency.district
    elif scope == Scope.PROVINCE:
        kwargs["province"] = target or user.agency.province
    assignment = RoleAssignment.objects.create(user=user, role=role, scope=scope, **kwargs)
    user.__dict__.pop("_active_roles_cache", None)
    if hasattr(user, "_active_roles_cache"):
        del user._active_roles_cache
    return assignment


def verified_client(client, user: User):
    """Sign ``user`` in and mark the session as having passed the second factor."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
