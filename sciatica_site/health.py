"""/healthz, for load balancers and monitors.

Answered by the first middleware, before the host check, the HTTPS redirect and the
session: probes ask by the server's own address, often over plain HTTP. 200 when the site
can serve pages: the database answers. The cache is reported but does not fail the check,
since the site runs without it (sciatica_site.cache). 503 when the database is unreachable.
The task queue (notification mail) is reported too: tasks waiting long mean the worker is
stopped or behind, which delays mail but not pages.
"""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count, Min
from django.http import HttpResponse, HttpResponseNotAllowed
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.utils import timezone

PATH = "/healthz"


@dataclass(frozen=True)
class TaskQueue:
    waiting: int
    oldest_age: timedelta | None  # None when nothing waits


def task_queue_state():
    """The tasks waiting for a worker in the default backend's database queue
    (django_tasks_db), one query; None for a backend without a queue to read (the
    Immediate backend runs each task when it is enqueued)."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return None
    waiting = DBTaskResult.objects.ready().filter(backend_name=backend.alias)
    summary = waiting.aggregate(count=Count("pk"), oldest=Min("enqueued_at"))
    oldest = summary["oldest"]
    return TaskQueue(summary["count"], oldest and max(timezone.now() - oldest, timedelta()))


def tasks_line():
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    try:
        queue = task_queue_state()
    except DatabaseError as error:
        return f"tasks: unknown ({type(error).__name__})"
    if queue is None:
        return f"tasks: run when enqueued ({type(backend).__name__})"
    if not queue.waiting:
        return "tasks: 0 waiting"
    age = queue.oldest_age.total_seconds()
    return f"tasks: {queue.waiting} waiting, the oldest for {age:.0f} s"


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return "ok"


def cache_state():
    token = time.time_ns()
    cache.set("healthz", token, 30)
    return "ok" if cache.get("healthz") == token else "unreachable (pages are rendered without it)"


def healthz(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    database = database_state()
    healthy = database == "ok"
    lines = ["ok" if healthy else "failing", f"database: {database}", f"cache: {cache_state()}"]
    if healthy:
        lines.append(tasks_line())
    response = HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain", status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    return response


def health_check_middleware(get_response):
    def middleware(request):
        if request.path_info == PATH:
            return healthz(request)
        return get_response(request)

    return middleware
