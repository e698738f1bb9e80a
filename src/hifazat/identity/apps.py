from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "hifazat.identity"
    label = "identity"
