"""The background tasks in tests: run what is queued with the worker's own code."""


def run_ready_tasks() -> int:
    """Run the queued tasks that are due, with the database worker's own code (claim, run,
    record the result), inside the test's transaction. Returns how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
        assert ran < 100, "the queue does not empty"
    return ran
