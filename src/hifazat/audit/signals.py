"""Security events from Django auth and axes go into the audit chain."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from hifazat.audit.services import record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(action="auth.login", actor=user, object_type="user", object_id=user.pk,
           request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(action="auth.logout", actor=user, object_type="user", object_id=user.pk,
               request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only a bounded, cleaned username is kept; never the password.
    username = str(credentials.get("username", ""))[:150]
    record(action="auth.login_failed", details={"username": username}, request=request)


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    record(action="auth.locked_out", details={"username": str(username or "")[:150]},
           request=request)
