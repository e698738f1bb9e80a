from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "hifazat.places"
    label = "places"
