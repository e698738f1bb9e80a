from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hifazat.accounts"
    label = "accounts"

    def ready(self):
        from hifazat.accounts import (  # noqa: F401  (registers rules, lifecycles, windows)
            deadlines,
            lifecycles,
            policy,
        )
