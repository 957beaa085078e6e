"""nginx in front (deploy/nginx.conf): the anonymous article from nginx's cache, beside
nginx sending the same bytes as a static file, and through two app servers with nginx's
cache off; the direct path (one app server, no nginx) in the same run.

    .venv/bin/python bench/nginx.py [--seconds 10] [--connections 16] [--rounds 3]

Builds a scratch database (sciatica_bench_nginx) with the demo content, starts two
gunicorn app servers (production settings, Redis as the cache, `--workers` each) and two
nginx masters of our own rendered from the shipped site file, both over TLS in front of
the two servers: one as shipped, one with `proxy_cache off`. The article's HTML, as the
site serves it, is also written into the static root, so that the first nginx sends the
same bytes from disk: what nginx can do at most on this machine. wrk drives each case in
turns for `--rounds` rounds (the machine is shared and noisy); each row is the round with
the median requests a second. Results go to bench/results/nginx.md, with the ratios.
Traffic goes to 127.0.0.1 only, and every wrk run is bounded in time.
"""

import argparse
import contextlib
import os
import platform
import re
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from deploy import nginx_site  # noqa: E402

ARTICLE = load.ARTICLE
STATIC_COPY = "bench/article.html"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/sciatica_bench_nginx"
# The Host wrk sends (load.LUA_TEMPLATE): the site's name here, besides localhost.
SERVER_NAME = "127.0.0.1 localhost"


def run_wrk_at(url, seconds, connections):
    """load.run_wrk for any address (it asks http://127.0.0.1:PORT): a GET of `url` with
    load's script, and its (req/s, p50 ms, p99 ms, requests, non-2xx/3xx)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(load.LUA_TEMPLATE.format(method="GET", headers="", bodies=""))
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    output = subprocess.run(
        [*command, "-s", script.name, url], capture_output=True, text=True, timeout=seconds + 60
    ).stdout
    os.unlink(script.name)
    match = re.search(r"RESULT (\S+) (\S+) (\S+) (\d+) (\d+)", output)
    if not match:
        raise SystemExit(f"wrk gave no result for {url}:\n{output}")
    rps, p50, p99, total, bad = match.groups()
    return float(rps), float(p50), float(p99), int(total), int(bad)


@contextlib.contextmanager
def app_server(env, workers, port):
    """load.serving on `port` (load's helpers serve on load.PORT)."""
    load.PORT = port
    first = urllib.request.Request(f"http://127.0.0.1:{port}{ARTICLE}")
    first.add_header("X-Forwarded-Proto", "https")
    with load.serving(env, workers, first):
        yield


def nginx_in_front(directory, ports, certificate, static_root, *, cache):
    """A private nginx with the shipped site in front of the app servers on `ports`;
    `cache=False` turns its proxy_cache off and nothing else."""
    https_port = nginx_site.free_port()
    config = nginx_site.render(
        {
            "BLOG_SERVER_NAME": SERVER_NAME,
            "BLOG_HTTP_LISTEN": f"127.0.0.1:{nginx_site.free_port()}",
            "BLOG_HTTPS_LISTEN": f"127.0.0.1:{https_port}",
            "BLOG_HTTPS_ORIGIN": f"https://{SERVER_NAME}:{https_port}",
            "BLOG_APP_SERVERS": " ".join(f"server 127.0.0.1:{port};" for port in ports),
            "BLOG_TLS_CERTIFICATE": certificate[0],
            "BLOG_TLS_CERTIFICATE_KEY": certificate[1],
            "BLOG_CACHE_DIR": Path(directory) / "cache",
            "BLOG_STATIC_ROOT": static_root,
        }
    )
    if not cache:
        assert config.count("proxy_cache blog_pages;") == 1
        config = config.replace("proxy_cache blog_pages;", "proxy_cache off;")
    master = nginx_site.PrivateNginx(
        directory, config, wait_port=https_port, workers="auto", access_log=False
    )
    return master, f"https://localhost:{https_port}"


def fetch(url, context):
    """The response to the request wrk sends (load.LUA_TEMPLATE: Host 127.0.0.1), so
    that the caches are warm for it: nginx's and the app's keys name the host."""
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
    with urllib.request.urlopen(request, context=context, timeout=10) as response:
        return response.read(), response.headers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_NGINX_DATABASE_URL", DEFAULT_DATABASE),
    )
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/9")
    args = parser.parse_args()
    for tool in ("wrk", "openssl"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed: apt-get install {tool}")
    if not nginx_site.nginx_binary():
        raise SystemExit(nginx_site.HOW_TO_GET_NGINX)

    load.recreate_database(args.database_url)
    workdir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    static_root = workdir / "static"
    floor_file = workdir / "floor.html"
    floor_file.write_text("")
    env = load.env_for(args.database_url, 600, floor_file, fragment_cache_seconds=600)
    prefix = f"bench-nginx-{os.getpid()}"
    env.update(
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_CACHE_URL=args.cache_url,
        DJANGO_CACHE_PREFIX=prefix,
    )
    load.manage(env, "migrate", "--noinput", "-v0")
    load.manage(env, "load_demo", "--no-admin")
    load.manage(env, "collectstatic", "--noinput", "-v0")
    certificate = nginx_site.self_signed_certificate(workdir)
    trusting = ssl.create_default_context(cafile=str(certificate[0]))
    ports = [nginx_site.free_port(), nginx_site.free_port()]
    s, c, w = args.seconds, args.connections, args.workers

    with contextlib.ExitStack() as stack:
        for port in ports:
            stack.enter_context(app_server(env, w, port))
        cached, cached_url = nginx_in_front(
            workdir / "nginx-cache-on", ports, certificate, static_root, cache=True
        )
        uncached, uncached_url = nginx_in_front(
            workdir / "nginx-cache-off", ports, certificate, static_root, cache=False
        )
        stack.enter_context(cached)
        stack.enter_context(uncached)

        # The same bytes three ways; check each way is what it claims before timing it.
        article, _ = fetch(cached_url + ARTICLE, trusting)
        (static_root / STATIC_COPY).parent.mkdir(parents=True, exist_ok=True)
        (static_root / STATIC_COPY).write_bytes(article)
        static_bytes, _ = fetch(f"{cached_url}/static/{STATIC_COPY}", trusting)
        kept_bytes, kept_headers = fetch(cached_url + ARTICLE, trusting)
        _, passed_headers = fetch(uncached_url + ARTICLE, trusting)
        assert static_bytes == kept_bytes == article, "the three ways differ in bytes"
        assert kept_headers["X-Cache-Status"] == "HIT", kept_headers
        assert passed_headers["X-Cache-Status"] is None, passed_headers

        cases = {
            "nginx: the same bytes as a static file (TLS)": lambda: run_wrk_at(
                f"{cached_url}/static/{STATIC_COPY}", s, c
            ),
            "nginx: the article from its cache (TLS)": lambda: run_wrk_at(
                cached_url + ARTICLE, s, c
            ),
            "nginx, cache off: the article from two app servers (TLS; their page cache)": (
                lambda: run_wrk_at(uncached_url + ARTICLE, s, c)
            ),
            "direct: the article from one app server (plain HTTP; its page cache)": (
                lambda: load.run_wrk(ARTICLE, s, c)  # load.PORT: the last server started
            ),
        }
        measured = {name: [] for name in cases}
        for _ in range(args.rounds):
            for name, case in cases.items():
                measured[name].append(case())

    rows = []
    for name, runs in measured.items():
        median = statistics.median_low([run[0] for run in runs])
        rows.append((name, next(run for run in runs if run[0] == median), runs))
    static_rps = rows[0][1][0]
    nginx = subprocess.run(
        [nginx_site.nginx_binary(), "-v"], capture_output=True, text=True
    ).stderr.strip()
    lines = [
        f"# nginx in front ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}, {load.versions(args.database_url)}, {nginx}; "
        f"two gunicorn app servers of {w} sync workers each, production settings, "
        f"PostgreSQL on 127.0.0.1, Redis cache ({args.cache_url}); nginx with "
        "deploy/nginx.conf (2 workers, TLS 1.3, HTTP/1.1 to wrk); wrk 2 threads, "
        f"{c} connections, {s} s per run, over 127.0.0.1, every case once per round, "
        f"{args.rounds} rounds: each row is the round with the median req/s (every round "
        "in the last column). The demo article (17 comments), anonymous.",
        f"Command: `.venv/bin/python bench/nginx.py --seconds {s} --connections {c} "
        f"--workers {w} --rounds {args.rounds}`",
        "",
        "| what | req/s | p50 ms | p99 ms | requests | non-2xx/3xx | ratio to static | "
        "each round: req/s (p99 ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, (rps, p50, p99, total, bad), runs in rows:
        each = ", ".join(f"{run[0]:.0f} ({run[2]:.0f})" for run in runs)
        lines.append(
            f"| {name} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {total} | {bad} | "
            f"{rps / static_rps:.2f} | {each} |"
        )
    cache_ratio = rows[1][1][0] / static_rps
    static_runs, cache_runs = rows[0][2], rows[1][2]
    per_round = [
        cache[0] / static[0] for static, cache in zip(static_runs, cache_runs, strict=True)
    ]
    lines += [
        "",
        f"Through nginx's cache: {cache_ratio:.0%} of the static file's figure (goal: at "
        "least 50%); round by round "
        f"{', '.join(f'{ratio:.2f}' for ratio in per_round)} "
        f"(median {statistics.median(per_round):.2f}). nginx in front of the app servers "
        f"without its cache, to the direct path: {rows[2][1][0] / rows[3][1][0]:.2f}.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "nginx.md").write_text(report)

    import redis

    client = redis.Redis.from_url(args.cache_url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
