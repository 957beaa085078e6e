"""Memory and time of `manage.py import_wordpress` on a large generated export.

    .venv/bin/python bench/wpimport_memory.py            # 5,000 posts, 100,000 comments
    .venv/bin/python bench/wpimport_memory.py --posts 500 --comments 10000

Writes a WXR file of generated text (a made-up vocabulary, nothing copied) into a temporary
folder, creates a scratch PostgreSQL database (sciatica_bench_wpimport, dropped at the end
unless --keep-db), migrates it, then runs the import twice in child processes: the first
run imports everything, the second must change nothing. For each run it reports the wall
time and the child's peak resident memory (ru_maxrss from wait4, so exactly that
process). The target is a peak under 300 MB.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SITE = "http://bench-blog.example.net"
TARGET_MB = 300

WORDS = (
    "back spine knee hip stretch gently slowly breathe hold release floor mat pillow walk "
    "morning evening posture desk chair stand sit lie roll twist bend reach shoulder neck "
    "muscle nerve ache ease warm calm steady repeat count seconds minutes day week comfort "
    "movement routine habit doctor physio rest ice heat sleep side leg foot toe arm hand "
    "core belly lift lower upper gentle firm soft small large slow quick careful better"
).split()
NAMES = "Ana Ben Cai Dora Eli Fay Gus Hana Ivo Jun Kai Lea Milo Nia Oto Pia Rui Sol Tea Uma"


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng, sentences=5):
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def write_export(path, *, posts, comments, seed=2012):
    """Stream a WXR 1.2 file with `posts` posts and `comments` comments in all."""
    rng = random.Random(seed)
    per_post = [comments // posts] * posts
    for index in range(comments - sum(per_post)):
        per_post[index] += 1
    comment_id = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            f"<title>Bench blog</title><link>{SITE}</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            f"<wp:base_site_url>{SITE}</wp:base_site_url>"
            f"<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
        )
        for number in range(1, 11):
            out.write(
                f"<wp:author><wp:author_id>{number}</wp:author_id>"
                f"<wp:author_login>{cdata(f'writer{number}')}</wp:author_login>"
                f"<wp:author_email>{cdata(f'writer{number}@bench.example.net')}</wp:author_email>"
                f"<wp:author_display_name>{cdata(f'Writer {number}')}</wp:author_display_name>"
                "</wp:author>\n"
            )
        for number in range(1, 21):
            out.write(
                f"<wp:category><wp:term_id>{number}</wp:term_id>"
                f"<wp:category_nicename>topic-{number}</wp:category_nicename>"
                f"<wp:cat_name>{cdata(f'Topic {number}')}</wp:cat_name></wp:category>\n"
            )
        for number in range(1, 101):
            out.write(
                f"<wp:tag><wp:term_id>{100 + number}</wp:term_id>"
                f"<wp:tag_slug>tag-{number}</wp:tag_slug>"
                f"<wp:tag_name>{cdata(f'tag {number}')}</wp:tag_name></wp:tag>\n"
            )
        for post_id in range(1, posts + 1):
            year, month = 2008 + post_id % 6, 1 + post_id % 12
            image = f"{SITE}/wp-content/uploads/{year}/{month:02d}/pose-{post_id}-300x200.jpg"
            body = "\n\n".join(paragraph(rng) for _ in range(3))
            body += (
                f'\n\n[caption id="attachment_{post_id}" align="aligncenter" width="300"]'
                f'<img src="{image}" alt="Pose {post_id}" width="300" height="200" /> '
                f"{sentence(rng, 6)}[/caption]\n\n"
            )
            body += "\n".join(sentence(rng) for _ in range(3)) + "\n\n" + paragraph(rng, 4)
            out.write(
                "<item>\n"
                f"<title>{escape(sentence(rng, 5)[:-1])} {post_id}</title>\n"
                f"<dc:creator>writer{1 + post_id % 10}</dc:creator>\n"
                f"<content:encoded>{cdata(body)}</content:encoded>\n"
                f"<excerpt:encoded>{cdata(sentence(rng, 20))}</excerpt:encoded>\n"
                f"<wp:post_id>{post_id}</wp:post_id>\n"
                f"<wp:post_date_gmt>{year}-{month:02d}-15 10:{post_id % 60:02d}:00"
                "</wp:post_date_gmt>\n"
                "<wp:comment_status>open</wp:comment_status>\n"
                f"<wp:post_name>bench-post-{post_id}</wp:post_name>\n"
                f"<wp:status>{'draft' if post_id % 50 == 0 else 'publish'}</wp:status>\n"
                "<wp:post_type>post</wp:post_type>\n"
                f'<category domain="category" nicename="topic-{1 + post_id % 20}">'
                f"{cdata(f'Topic {1 + post_id % 20}')}</category>\n"
                f'<category domain="post_tag" nicename="tag-{1 + post_id % 100}">'
                f"{cdata(f'tag {1 + post_id % 100}')}</category>\n"
            )
            if post_id % 3 == 0:
                votes = rng.randint(1, 40)
                score = sum(rng.randint(4, 10) for _ in range(votes))
                out.write(
                    "<wp:postmeta><wp:meta_key>ratings_users</wp:meta_key>"
                    f"<wp:meta_value>{votes}</wp:meta_value></wp:postmeta>"
                    "<wp:postmeta><wp:meta_key>ratings_score</wp:meta_key>"
                    f"<wp:meta_value>{score}</wp:meta_value></wp:postmeta>\n"
                )
            ids = []
            for index in range(per_post[post_id - 1]):
                comment_id += 1
                parent = rng.choice(ids) if ids and rng.random() < 0.6 else 0
                ids.append(comment_id)
                roll = rng.random()
                kind = "pingback" if roll < 0.02 else ""
                approved = (
                    "spam"
                    if roll > 0.93
                    else "0"
                    if roll > 0.88
                    else "trash"
                    if roll > 0.86
                    else "1"
                )
                name = rng.choice(NAMES.split())
                text = "\n\n".join(paragraph(rng, 2) for _ in range(rng.randint(1, 2)))
                out.write(
                    "<wp:comment>"
                    f"<wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>{cdata(name)}</wp:comment_author>"
                    f"<wp:comment_author_email>{name.lower()}{comment_id}@example.com"
                    "</wp:comment_author_email>"
                    f"<wp:comment_author_url>https://{name.lower()}.example.com/"
                    "</wp:comment_author_url>"
                    f"<wp:comment_date_gmt>{year}-{month:02d}-16 {index % 24:02d}:"
                    f"{comment_id % 60:02d}:00</wp:comment_date_gmt>"
                    f"<wp:comment_content>{cdata(text)}</wp:comment_content>"
                    f"<wp:comment_approved>{approved}</wp:comment_approved>"
                    f"<wp:comment_type>{kind}</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent>"
                    "<wp:comment_user_id>0</wp:comment_user_id>"
                    "</wp:comment>\n"
                )
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")


def run_child(args, env):
    """Run a child process; return (wall seconds, CPU seconds, peak RSS in MB, exit code,
    output). CPU time (user + system) says more than wall time on a busy machine."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as output:
        child = subprocess.Popen(args, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode()
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, child.returncode, text


def admin_sql(server_url, statements):
    """Run statements (CREATE/DROP DATABASE) outside a transaction, one at a time."""
    connection = psycopg2.connect(server_url + "postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements.as_string(connection).split("; "):
                cursor.execute(statement)
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--database", default="sciatica_bench_wpimport")
    parser.add_argument("--keep-db", action="store_true")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wpimport-bench-") as folder:
        folder = Path(folder)
        export = folder / "export.xml"
        started = time.monotonic()
        write_export(export, posts=options.posts, comments=options.comments)
        size_mb = export.stat().st_size / 1_048_576
        print(
            f"Export: {options.posts:,} posts, {options.comments:,} comments, "
            f"{size_mb:.1f} MB (written in {time.monotonic() - started:.1f} s)"
        )

        recreate = sql.SQL("DROP DATABASE IF EXISTS {0} WITH (FORCE); CREATE DATABASE {0}")
        admin_sql(options.server, recreate.format(sql.Identifier(options.database)))
        env = {
            **os.environ,
            "DATABASE_URL": options.server + options.database,
            "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
            "DJANGO_MEDIA_ROOT": str(folder / "media"),
        }
        env.pop("DJANGO_DEBUG", None)  # production settings: no query log kept in memory
        try:
            *_, code, text = run_child([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
            if code:
                sys.exit(f"migrate failed:\n{text}")
            results = []
            for label in ("first import", "second import (nothing to change)"):
                seconds, cpu, peak, code, text = run_child(
                    [PYTHON, "manage.py", "import_wordpress", str(export)], env
                )
                if code:
                    sys.exit(f"{label} failed:\n{text}")
                results.append((label, seconds, cpu, peak))
                table = "\n".join(text.splitlines()[:10])  # the summary table
                print(f"\n{label}: {seconds:.1f} s ({cpu:.1f} s CPU), peak RSS {peak:.0f} MB")
                print(table)
            connection = psycopg2.connect(env["DATABASE_URL"])
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM articles_article")
                    articles = cursor.fetchone()[0]
                    cursor.execute("SELECT count(*) FROM comments_comment")
                    comments = cursor.fetchone()[0]
            finally:
                connection.close()
        finally:
            if not options.keep_db:
                drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                admin_sql(options.server, drop.format(sql.Identifier(options.database)))

    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("| run | wall time | CPU time (importer) | peak RSS |")
    print("| --- | ---: | ---: | ---: |")
    for label, seconds, cpu, peak in results:
        print(f"| {label} | {seconds:.1f} s | {cpu:.1f} s | {peak:.0f} MB |")
    print(f"\nIn the database: {articles:,} articles, {comments:,} comments.")
    worst = max(peak for *_, peak in results)
    verdict = "within" if worst < TARGET_MB else "OVER"
    print(f"Peak {worst:.0f} MB: {verdict} the {TARGET_MB} MB target.")
    sys.exit(0 if worst < TARGET_MB else 1)


if __name__ == "__main__":
    main()
