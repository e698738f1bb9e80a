"""Background jobs of the audit log (Django Tasks API), each calling a service."""

from __future__ import annotations

from django_tasks import task

from hifazat.audit import services


@task()
def write_checkpoint() -> int:
    """Append a signed checkpoint of the chain head (every AUDIT_CHECKPOINT_MINUTES;
    registered by the web app, which may use the periodic registry). Returns its seq."""
    return services.write_checkpoint()["seq"]
