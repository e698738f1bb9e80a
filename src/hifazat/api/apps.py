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
        from hifazat.api.services import TOKEN_NOTICE_KIND
        from hifazat.notices import kinds, periodic

        kinds.register(TOKEN_NOTICE_KIND, _("API token with access to personal data: "
                                            "issued, approved or first used"))
        periodic.register("api.purge_idempotency_answers", tasks.purge_idempotency_answers,
                          every=timedelta(days=1))
