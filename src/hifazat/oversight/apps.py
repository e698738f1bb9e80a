from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "hifazat.oversight"
    label = "oversight"

    def ready(self):
        from datetime import timedelta

        from hifazat.notices import periodic
        from hifazat.oversight import policy, tasks  # noqa: F401  (registers the rules)

        # Nightly: the buckets touched since the last run; weekly: a full rebuild (catches
        # a case moved to another district's cell, see docs/oversight.md).
        periodic.register("oversight.refresh_aggregates", tasks.refresh_aggregates,
                          every=timedelta(days=1))
        periodic.register("oversight.rebuild_aggregates", tasks.rebuild_aggregates,
                          every=timedelta(days=7))
