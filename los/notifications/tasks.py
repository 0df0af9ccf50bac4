"""The background tasks (run by `manage.py db_worker`). Their arguments are ids only: a
task row is stored in the database and must hold no personal data."""

from __future__ import annotations

from django_tasks import task

from los.notifications import safety, services


@task()
def deliver_notice(notice_id: int) -> str:
    return services.deliver(notice_id)


@task()
def escalate_safety_task(task_id: int) -> bool:
    return safety.escalate(task_id)
