"""``manage.py flush`` that can still empty a database holding the audit log.

The audit table refuses UPDATE, DELETE and TRUNCATE in the database itself (migrations
0002 and 0005). Emptying a whole database (Django's transactional tests do it after
each test; an operator resetting a demo) is the one legitimate exception: this command
lifts the audit table's triggers, flushes, and restores them in one transaction. It
needs what lifting a trigger always needs — ownership of the table — so it gives no
role a power it did not have: the application's role (SELECT and INSERT only on the
audit table, docs/security.md) can neither run it nor TRUNCATE.
"""

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from hifazat.audit import triggers


class Command(DjangoFlush):
    def handle(self, **options):
        database = options.get("database") or DEFAULT_DB_ALIAS
        connection = connections[database]
        with transaction.atomic(using=database):
            triggers.lift(connection)
            super().handle(**options)
            triggers.restore(connection)
