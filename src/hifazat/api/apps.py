"""The REST API's shared parts: per-agency service tokens with scopes, idempotency keys
for every POST, error handling and the OpenAPI schema. Each app declares its own
endpoints in its ``api.py``."""
from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hifazat.api"
    label = "api"

    def ready(self):
        from datetime import timedelta

        from hifazat.api import (  # noqa: F401  (rules, extensions, deadlines)
            deadlines,
            policy,
            schema,
            tasks,
        )
        from hifazat.notices import periodic

        periodic.register("api.purge_idempotency_answers", tasks.purge_idempotency_answers,
                          every=timedelta(days=1))
