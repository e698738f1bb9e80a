"""The one permission API. Deny by default.

Apps declare their rules in their own ``policy.py`` and register them here at start-up::

    from hifazat.core import permissions

    @permissions.rule("accounts.manage_user")
    def manage_user(user, obj) -> bool: ...

    @permissions.scope("accounts.view_user")
    def users_visible_to(user, queryset): ...

Then every caller asks the same three questions:

* ``can(user, action, obj=None)`` -> bool
* ``require(user, action, obj=None)`` raises ``PermissionDenied`` (a 403, or
  ``core.errors.NotFound`` — a 404 — where the caller passes ``hide=True`` so ids cannot
  be probed, as Zulip does)
* ``scoped(user, action, queryset)`` -> the rows the user may act on

An action with no registered rule is denied. An anonymous or inactive user is denied.
A user who holds a role that sees personal data but has not passed the second factor
in this session is denied everything but the actions marked ``allow_unverified``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from hifazat.core.errors import NotFound

Rule = Callable[[object, object | None], bool]
Scope = Callable[[object, object], object]


@dataclass(frozen=True)
class _Registered:
    rule: Rule
    allow_unverified: bool


_rules: dict[str, _Registered] = {}
_scopes: dict[str, Scope] = {}


class PolicyConflict(RuntimeError):
    """Two places tried to define the same action: one action, one rule."""


def rule(action: str, *, allow_unverified: bool = False) -> Callable[[Rule], Rule]:
    """Register the rule deciding ``action``. ``allow_unverified`` is only for actions a
    signed-in user needs before the second factor (e.g. enrolling a device)."""

    def decorator(func: Rule) -> Rule:
        existing = _rules.get(action)
        if existing is not None and existing.rule is not func:
            raise PolicyConflict(f"action {action!r} already has a rule")
        _rules[action] = _Registered(func, allow_unverified)
        return func

    return decorator


def scope(action: str) -> Callable[[Scope], Scope]:
    def decorator(func: Scope) -> Scope:
        existing = _scopes.get(action)
        if existing is not None and existing is not func:
            raise PolicyConflict(f"action {action!r} already has a scope")
        _scopes[action] = func
        return func

    return decorator


def registered_actions() -> list[str]:
    return sorted(_rules)


def is_second_factor_satisfied(user) -> bool:
    """True when the user needs no second factor or has passed it this session."""
    needs = getattr(user, "requires_second_factor", None)
    if needs is None or not needs():
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _base_allowed(user, registered: _Registered) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not getattr(user, "is_active", False):
        return False
    return registered.allow_unverified or is_second_factor_satisfied(user)


def can(user, action: str, obj=None) -> bool:
    registered = _rules.get(action)
    if registered is None or not _base_allowed(user, registered):
        return False
    return bool(registered.rule(user, obj))


def require(user, action: str, obj=None, *, hide: bool = False) -> None:
    if not can(user, action, obj):
        if hide:
            raise NotFound
        raise PermissionDenied


def scoped(user, action: str, queryset):
    """Rows of ``queryset`` the user may act on; none when no scope is registered."""
    registered = _rules.get(action)
    scope_fn = _scopes.get(action)
    if registered is None or scope_fn is None or not _base_allowed(user, registered):
        return queryset.none()
    return scope_fn(user, queryset)


def permission_required(action: str, *, on_refused=None):
    """View decorator: anonymous -> login page; signed in but not allowed -> 403.
    ``on_refused(user, action)`` is called before the 403 where a refusal must be
    audited (say, a search across cells)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if on_refused is not None and not can(request.user, action):
                on_refused(request.user, action)
            require(request.user, action)
            return view(request, *args, **kwargs)

        wrapped.hifazat_action = action
        return wrapped

    return decorator
