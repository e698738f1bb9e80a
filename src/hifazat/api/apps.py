"""The REST API's shared parts: per-agency service tokens with scopes, idempotency keys
for every POST, error handling and the OpenAPI schema. Each app declares its own
endpoints in its ``api.py``."""
from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hifazat.api"
    label = "api"

    def ready(self):
        from datetime import timedelta

        from django.utils.translation import gettext_lazy as _

        from hifazat.api import (  # noqa: F401  (rules, extensions, deadlines, lifecycles)
            deadlines,
            lifecycles,
            policy,
            schema,
            tasks,
        )
        from hifazat.api.services import TOKEN_NOTICE_KINDS
        from hifazat.notices import kinds, periodic

        # Stored as kind + parameters, read in each reader's language.
        kinds.register(
            TOKEN_NOTICE_KINDS["issued"], _("API token issued, awaiting a second administrator"),
            subject=_("API token issued, awaiting a second administrator: %(name)s for "
                      "%(agency)s"),
            body=_("%(actor)s issued the API token %(name)s for %(agency)s with the "
                   "scopes %(scopes)s. It cannot be used until a second administrator "
                   "approves it. If you did not expect it, ask why."))
        kinds.register(
            TOKEN_NOTICE_KINDS["approved"], _("API token approved"),
            subject=_("API token approved: %(name)s for %(agency)s"),
            body=_("%(actor)s approved the API token %(name)s for %(agency)s (scopes "
                   "%(scopes)s). Calls with it are accepted from now on."))
        kinds.register(
            TOKEN_NOTICE_KINDS["first_use"], _("API token first used"),
            subject=_("API token first used: %(name)s for %(agency)s"),
            body=_("The API token %(name)s for %(agency)s (scopes %(scopes)s) was used "
                   "for the first time."))
        periodic.register("api.purge_idempotency_answers", tasks.purge_idempotency_answers,
                          every=timedelta(days=1))
