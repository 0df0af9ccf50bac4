"""`manage.py db_worker`: django-tasks-db's worker, with Los's heartbeat beside it (read by
/health). This app comes before django_tasks_db in INSTALLED_APPS, so this is the command
that runs; everything else is the package's."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from los.notifications import heartbeat


class Command(DatabaseWorkerCommand):
    def handle(self, *args, worker_id, **options):
        stop = heartbeat.start(worker_id)
        try:
            return super().handle(*args, worker_id=worker_id, **options)
        finally:
            stop.set()
