"""Comment Markdown on hostile input: how long comments.markup.render_markdown takes.

    .venv/bin/python bench/markdown.py [--repeat 5]

Renders pathological comments (long runs of brackets, emphasis markers, backticks, nested
quotes and lists, many links, one very long line…) at the longest a comment may be
(COMMENTS_MAX_LENGTH, 5,000 characters) and at twice that, and prints the best of
`--repeat` runs for each (the least disturbed by other work on the machine), with the ratio
between the two lengths: about 2 means the time grows with the length (linear); about 4
would mean quadratic. No database is needed.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cases(length):
    """Hostile comments of `length` characters, by name."""
    half, third, quarter = length // 2, length // 3, length // 4
    made = {
        "quote markers": ">" * length,
        "nested quotes": "> " * half + "x",
        "nested lists": "- " * half + "x",
        "quotes and lists": "> - " * quarter,
        "indented lists": "\n".join(" " * (2 * i) + "- a" for i in range(length)),
        "open brackets": "[" * length,
        "brackets": "[" * half + "]" * half,
        "open links": "[a](" * quarter,
        "nested link": "[" * third + "a](b)" + "]" * third,
        "link titles": '[a](b "' * (length // 7),
        "emphasis": "*a" * half,
        "strong": "**a" * third,
        "underscores": "_a" * half,
        "backticks": "`a" * half,
        "backtick runs": "".join("`" * i + "a" for i in range(1, length)),
        "code fences": "```\n" * quarter,
        "typed tags": "<b>" * third,
        "angle brackets": "<a" * half,
        "autolinks": "<http://" * (length // 8),
        "entities": "&#" * half,
        "web addresses": " ".join(["http://example.com/a"] * (length // 21)),
        "www": "www." * quarter,
        "query strings": "http://example.com/?" + "a=1&" * quarter,
        "email addresses": "a@b.co " * (length // 7),
        "one long line": "word " * (length // 5),
        "line breaks": "a\n" * half,
        "blank lines": "\n" * length,
        "backslashes": "\\" * length,
        "references": "\n".join(f"[a{i}]: http://x.com/{i}" for i in range(length // 25))
        + "\n"
        + "[a1]" * 100,
    }
    return {name: text[:length] for name, text in made.items()}


def best(render, text, repeat):
    fastest = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        render(text)
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciatica_site.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from comments.conf import conf
    from comments.markup import render_markdown

    length = conf.MAX_LENGTH
    short, long = cases(length), cases(2 * length)
    print(f"{'input':18} {length:>6,} chars {2 * length:>7,} chars  ratio")
    rows = []
    for name in short:
        one = best(render_markdown, short[name], options.repeat)
        two = best(render_markdown, long[name], options.repeat)
        rows.append((one, name, two))
        print(f"{name:18} {one * 1000:9.1f} ms {two * 1000:10.1f} ms  {two / one:5.1f}")
    worst, name, _ = max(rows)
    print(f"slowest at {length:,} characters: {name}, {worst * 1000:.1f} ms")


if __name__ == "__main__":
    main()
