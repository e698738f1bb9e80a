"""Enqueue the registered periodic jobs (see hifazat.notices.periodic) on an interval.

    manage.py run_periodic              # loop, checking every 30 seconds
    manage.py run_periodic --once       # enqueue what is due now, then exit (cron)
    manage.py run_periodic --list       # show the registered jobs

The jobs run in ``manage.py db_worker``; this command only enqueues them."""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from hifazat.notices import periodic


class Command(BaseCommand):
    help = "Enqueue the registered periodic jobs when due (run db_worker to execute them)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="enqueue the jobs that are due now, then exit")
        parser.add_argument("--interval", type=float, default=30.0,
                            help="seconds between checks (default 30)")
        parser.add_argument("--list", action="store_true", dest="show_jobs",
                            help="list the registered jobs")

    def handle(self, *args, once=False, interval=30.0, show_jobs=False, **options):
        if interval <= 0:
            raise CommandError("--interval must be positive")
        if show_jobs:
            for job in periodic.registered():
                self.stdout.write(f"{job.name}\tevery {job.every}")
            return
        stop = threading.Event()
        if not once:
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_: stop.set())
            self.stdout.write(f"run_periodic: {len(periodic.registered())} jobs, "
                              f"checking every {interval:g}s")
        while True:
            for name in periodic.enqueue_due():
                self.stdout.write(f"enqueued {name}")
            if once or stop.wait(interval):
                break
            close_old_connections()  # a long-lived loop must not keep a dead connection
