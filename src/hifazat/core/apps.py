from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hifazat.core"
    label = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from hifazat.core.crypto import private_sqlite_files

        # The SQLite file holds survivors' case files and the register: owner-only (0600),
        # with its -wal/-shm/-journal, at every connect.
        connection_created.connect(private_sqlite_files,
                                   dispatch_uid="hifazat.core.crypto.private_sqlite_files")
