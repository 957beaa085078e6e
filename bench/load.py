"""Load benchmark: gunicorn with production settings on PostgreSQL, driven by wrk.

    .venv/bin/python bench/load.py [--seconds 10] [--connections 16] [--workers 2]

Builds a scratch database (sciatica_bench_load) with the demo content, starts gunicorn on
127.0.0.1 (production settings, `X-Forwarded-Proto: https` as a TLS proxy would send),
and runs wrk against: a floor (a trivial Django view returning the article's HTML from
memory, through the same gunicorn and middleware), the home page, the article page
anonymous with the page cache off ("cold") and on ("warm"), the article logged in, a vote
POST and a comment POST. Every figure is printed with its ratio to the floor measured in
the same run, since the machine is shared and noisy. Results go to bench/results/load.md.
Traffic goes to 127.0.0.1 only, and every wrk run is bounded in time.
"""

import argparse
import contextlib
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8093
ARTICLE = "/articles/easing-sciatica-four-gentle-exercises/"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/sciatica_bench_load"


def env_for(database_url, page_cache_seconds, floor_file, fragment_cache_seconds=0):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnop",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_ROOT_URLCONF="bench.floor_urls",
        DJANGO_PAGE_CACHE_SECONDS=str(page_cache_seconds),
        DJANGO_FRAGMENT_CACHE_SECONDS=str(fragment_cache_seconds),
        DJANGO_LOG_LEVEL="WARNING",
        BENCH_FLOOR_HTML=str(floor_file),
        # Votes and comments are what is measured here, not the rate limits.
        DJANGO_RATINGS_RATE_LIMIT="100000/s",
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def recreate_database(database_url):
    import psycopg2
    from psycopg2 import sql

    name = database_url.rsplit("/", 1)[1]
    admin = psycopg2.connect(database_url, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def start_gunicorn(env, workers):
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "sciatica_site.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


@contextlib.contextmanager
def serving(env, workers, first_request):
    """gunicorn with `env`, asked `first_request` once (templates, connections, caches)
    before any figure is taken, and stopped afterwards."""
    process = start_gunicorn(env, workers)
    try:
        urllib.request.urlopen(first_request).read()
        yield
    finally:
        stop(process)


LUA_TEMPLATE = """
wrk.method = "{method}"
wrk.headers["X-Forwarded-Proto"] = "https"
wrk.headers["Host"] = "127.0.0.1"
{headers}
local bodies = {{{bodies}}}
local counter = 0
request = function()
  counter = counter + 1
  local body = nil
  if #bodies > 0 then body = bodies[(counter % #bodies) + 1] end
  return wrk.format(nil, nil, nil, body)
end
done = function(summary, latency, requests)
  local codes = summary.errors.status
  io.write(string.format("RESULT %.2f %.3f %.3f %d %d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, codes))
end
"""


def run_wrk(path, seconds, connections, *, method="GET", headers=None, bodies=()):
    header_lines = "\n".join(
        f'wrk.headers["{name}"] = "{value}"' for name, value in (headers or {}).items()
    )
    body_list = ", ".join('"' + body.replace('"', '\\"') + '"' for body in bodies)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA_TEMPLATE.format(method=method, headers=header_lines, bodies=body_list))
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    os.unlink(script.name)
    match = re.search(r"RESULT (\S+) (\S+) (\S+) (\d+) (\d+)", output)
    if not match:
        raise SystemExit(f"wrk gave no result for {path}:\n{output}")
    rps, p50, p99, total, bad = match.groups()
    return float(rps), float(p50), float(p99), int(total), int(bad)


def versions(database_url):
    """Django, gunicorn, the PostgreSQL server and wrk, as they report themselves."""
    import django
    import gunicorn
    import psycopg2

    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    wrk_version = (wrk.stdout + wrk.stderr).split()[1] if (wrk.stdout + wrk.stderr) else "?"
    connection = psycopg2.connect(database_url)
    server = connection.server_version
    connection.close()
    return (
        f"Django {django.get_version()}, gunicorn {gunicorn.__version__}, "
        f"PostgreSQL {server // 10000}.{server % 10000}, wrk {wrk_version}"
    )


def sessions_for(env, usernames):
    """Log the given users in (server-side sessions) and return their cookie values."""
    code = (
        "import django, sys; django.setup();"
        "from django.contrib.auth import get_user_model;"
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from django.middleware.csrf import _get_new_csrf_string as new;"
        "User = get_user_model();\n"
        "for name in sys.argv[1:]:\n"
        "    user, _ = User.objects.get_or_create(\n"
        "        username=name, defaults={'email': name + '@example.org'})\n"
        "    s = SessionStore(); s['_auth_user_id'] = str(user.pk);"
        " s['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend';"
        " s['_auth_user_hash'] = user.get_session_auth_hash(); s.create();"
        " print(s.session_key, new())"
    )
    result = subprocess.run(
        [PYTHON, "-c", code, *usernames],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "sciatica_site.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return [line.split() for line in result.stdout.strip().splitlines()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_DATABASE),
    )
    parser.add_argument(
        "--cache-url",
        default="",
        help="DJANGO_CACHE_URL for the served site, e.g. redis://127.0.0.1:6379/9 "
        "(default: the database, as the site without DJANGO_CACHE_URL)",
    )
    parser.add_argument(
        "--output",
        default="load.md",
        help="file name under bench/results/ for the table (default load.md)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    recreate_database(args.database_url)
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    floor_file = workdir / "article.html"
    floor_file.write_text("")
    env = env_for(args.database_url, 0, floor_file)
    env["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    env["DJANGO_STATIC_ROOT"] = str(workdir / "static")
    if args.cache_url:
        env["DJANGO_CACHE_URL"] = args.cache_url
        env["DJANGO_CACHE_PREFIX"] = f"bench-load-{os.getpid()}"
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--no-admin")
    manage(env, "collectstatic", "--noinput", "-v0")
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{ARTICLE}")
    request.add_header("X-Forwarded-Proto", "https")

    # Who votes and comments: staff are never held or flood-limited, so every POST posts.
    voters = sessions_for(env, [f"benchvoter{n}" for n in range(64)])
    poster = sessions_for(env, ["benchstaff"])[0]
    subprocess.run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from django.contrib.auth import get_user_model;"
            " get_user_model().objects.filter(username='benchstaff').update(is_staff=True)",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "sciatica_site.settings"},
        check=True,
    )

    rows = []
    w, c, s = args.workers, args.connections, args.seconds

    # Every cache off: the floor, the home page and the article rendered in full.
    with serving(env, w, request):
        floor_file.write_text(urllib.request.urlopen(request).read().decode())
        rows.append(("floor: the article's HTML from memory", run_wrk("/__floor__/", s, c)))
        rows.append(("home page, anonymous", run_wrk("/", s, c)))
        rows.append(
            ("article, anonymous, page and fragment caches off (cold)", run_wrk(ARTICLE, s, c))
        )

    # Page cache off, the article's shared fragments on (as every logged-in reader gets
    # it): anonymous and logged in, and the POSTs.
    env_fragments = {**env, "DJANGO_FRAGMENT_CACHE_SECONDS": "600"}
    with serving(env_fragments, w, request):
        rows.append(
            ("article, anonymous, page cache off, fragments cached", run_wrk(ARTICLE, s, c))
        )
        session, _ = voters[0]
        rows.append(
            (
                "article, logged in (fragments cached)",
                run_wrk(ARTICLE, s, c, headers={"Cookie": f"sessionid={session}"}),
            )
        )
        # A vote POST: rotate through 64 voters (one cookie per request via the body is
        # not possible in wrk, so one voter per connection: every vote changes a score).
        vote_session, vote_csrf = voters[1]
        rows.append(
            (
                "vote POST (stars, changing score)",
                run_wrk(
                    "/ratings/easing-sciatica-four-gentle-exercises/stars/",
                    s,
                    c,
                    method="POST",
                    headers={
                        "Cookie": f"sessionid={vote_session}; csrftoken={vote_csrf}",
                        "X-CSRFToken": vote_csrf,
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"https://127.0.0.1{ARTICLE}",
                    },
                    bodies=[f"score={n}" for n in range(1, 11)],
                ),
            )
        )
        staff_session, staff_csrf = poster
        rows.append(
            (
                "comment POST (staff, posted at once)",
                run_wrk(
                    "/comments/post/easing-sciatica-four-gentle-exercises/",
                    s,
                    c,
                    method="POST",
                    headers={
                        "Cookie": f"sessionid={staff_session}; csrftoken={staff_csrf}",
                        "X-CSRFToken": staff_csrf,
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"https://127.0.0.1{ARTICLE}",
                    },
                    bodies=[f"body=Benchmark+comment+number+{n}" for n in range(50)],
                ),
            )
        )

    # Page cache on: the warm article page.
    env_warm = {**env_fragments, "DJANGO_PAGE_CACHE_SECONDS": "600"}
    with serving(env_warm, w, request):
        rows.append(("article, anonymous, page cache on (warm)", run_wrk(ARTICLE, s, c)))

    floor_rps = rows[0][1][0]
    cache = (
        f"Redis cache ({args.cache_url})"
        if args.cache_url
        else "the database as the cache (the default)"
    )
    options = f" --cache-url {args.cache_url}" if args.cache_url else ""
    if args.output != "load.md":
        options += f" --output {args.output}"
    lines = [
        f"# Load benchmark ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}, {versions(args.database_url)}; "
        f"gunicorn {w} sync workers, production settings, PostgreSQL on 127.0.0.1, {cache}; "
        f"wrk 2 threads, {c} connections, {s} s per row, over 127.0.0.1. The demo article "
        "(17 comments) until the comment POST row adds more.",
        f"Command: `.venv/bin/python bench/load.py --seconds {s} --connections {c} --workers {w}"
        f"{options}`",
        "",
        "| what | req/s | p50 ms | p99 ms | requests | non-2xx/3xx | ratio to floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, (rps, p50, p99, total, bad) in rows:
        lines.append(
            f"| {name} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {total} | {bad} | "
            f"{rps / floor_rps:.2f} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / args.output).write_text(report)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
