"""Background jobs of the oversight app (Django Tasks API), each calling a service."""

from __future__ import annotations

from django_tasks import task

from hifazat.oversight import services


@task()
def refresh_aggregates() -> int:
    """Nightly: recompute the buckets touched since the last run."""
    return services.refresh().days_processed


@task()
def rebuild_aggregates() -> int:
    """Weekly: rebuild every bucket."""
    return services.refresh(full=True).days_processed


@task()
def run_refresh(run_id: int) -> int:
    """An on-demand refresh queued from the analyst page (``services.request_refresh``)."""
    from hifazat.oversight.models import RefreshRun

    run = RefreshRun.objects.get(pk=run_id)
    return services.refresh(run=run).days_processed


@task()
def take_stocktake(round_id: int) -> int:
    """A round of the crisis-cell stocktake queued from the page
    (``stocktake.request_round``); returns the number of districts."""
    from hifazat.oversight import stocktake

    return stocktake.take_queued(round_id).districts.count()
