"""/healthz, for load balancers and monitors.

Answered by the first middleware, before the host check, the HTTPS redirect and the
session: probes ask by the server's own address, often over plain HTTP. 200 when the site
can serve pages: the database answers. The cache is reported but does not fail the check,
since the site runs without it (sciatica_site.cache). 503 when the database is unreachable.
"""

import time

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotAllowed

PATH = "/healthz"


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
