"""System checks of the web shell."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.staticfiles, deploy=True)
def static_manifest_collected(app_configs=None, **kwargs):
    """Under a manifest storage (production), the pages name hashed files that exist only
    after ``collectstatic``: without it they would be served unstyled (bin/start-production
    runs it before this check)."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin
    from django.core.files.storage import storages

    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin) or storage.exists(storage.manifest_name):
        return []
    return [checks.Error(
        "The static files have not been collected (no staticfiles manifest in "
        f"{settings.STATIC_ROOT}).",
        hint="Run `python manage.py collectstatic --noinput`, or start with "
             "bin/start-production, which does.",
        id="hifazat.E020")]
