from django.apps import AppConfig


class CrisisCellsConfig(AppConfig):
    name = "hifazat.crisis_cells"
    label = "crisis_cells"

    def ready(self):
        from datetime import timedelta

        from django.core import checks
        from django.utils.translation import gettext_lazy as _

        from hifazat.core.blind_index import check_blind_index_keys
        from hifazat.core.crypto import check_field_keys
        from hifazat.crisis_cells import (  # noqa: F401  (registers rules, windows, tables)
            deadlines,
            lifecycles,
            policy,
            tasks,
        )
        from hifazat.crisis_cells.services import (
            CASE_NEWS_KIND,
            FOLLOW_UP_REMINDER_KIND,
            PROSECUTION_SHARING_KIND,
            on_case_news,
            on_fir_registered,
        )
        from hifazat.justice import events as justice_events
        from hifazat.notices import kinds, periodic

        checks.register(check_field_keys, checks.Tags.security)
        checks.register(check_blind_index_keys, checks.Tags.security)
        # Each notice is stored as its kind and parameters and read in the reader's language.
        kinds.register(
            CASE_NEWS_KIND, _("News of a survivor's court case"),
            subject=_("Case %(code)s: news to pass on to the survivor"),
            body=_("The survivor of case %(code)s asked to be told of her court case: "
                   "%(what)s (%(on)s). Tell her as agreed with her; the case page shows "
                   "the stage."))
        # Justice tells the cell what happened, in its own transaction (services.fir).
        justice_events.fir_registered.connect(on_fir_registered,
                                              dispatch_uid="crisis_cells.fir_registered")
        justice_events.case_news.connect(on_case_news, dispatch_uid="crisis_cells.case_news")
        kinds.register(
            PROSECUTION_SHARING_KIND, _("Crisis-cell records available"),
            subject=_("Crisis-cell case %(code)s: records available"),
            body=_("%(cell)s holds the medico-legal report and forensic evidence records for "
                   "case %(code)s (%(fir)s). Ask the cell for them, quoting the case "
                   "code.%(note)s"))
        kinds.register(
            FOLLOW_UP_REMINDER_KIND, _("Overdue follow-ups at a crisis cell"),
            subject=_("Overdue follow-ups: %(n)s cases"),
            body=_("Follow-ups are overdue on these cases: %(codes)s."))
        periodic.register("crisis_cells.remind_overdue_follow_ups",
                          tasks.remind_overdue_follow_ups, every=timedelta(days=1))
