"""Every saved version is kept (django-simple-history), and the reviewer's diff compares
the version they approved with today's: the text, the picture-guide steps, the sources."""

import ast
from pathlib import Path

import pytest
from django.utils import timezone

import articles
from articles.models import Article
from medical.changes import Snapshot, compare, snapshot_at, snapshot_now, text_lines

pytestmark = pytest.mark.django_db


def lines(section):
    return [(line.kind, "".join(text for text, _ in line.parts)) for line in section.lines]


def marked(line):
    return [text for text, differs in line.parts if differs]


def test_articles_imports_nothing_of_medical():
    root = Path(articles.__file__).parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] != "medical", path
            elif isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] != "medical" for a in node.names), path


def test_every_save_of_an_article_is_kept(article):
    article.body = "<p>Second version.</p>"
    article.save()
    article.title = "Third"
    article.save()
    kept = list(Article.history.filter(id=article.pk).order_by("history_date"))
    assert [version.history_type for version in kept] == ["+", "~", "~"]
    assert kept[0].body.startswith("<p>Walk a little") and kept[1].body == "<p>Second version.</p>"
    assert kept[2].title == "Third"


def test_the_body_is_read_as_one_line_per_block():
    body = (
        "<p>First <strong>paragraph</strong>.</p><h2>Heading</h2><ul><li>One</li>"
        "<li>Two &amp; three</li></ul><p>Line<br>break</p><script>x()</script>"
    )
    assert text_lines(body) == (
        "First paragraph.",
        "Heading",
        "One",
        "Two & three",
        "Line",
        "break",
    )


def test_a_changed_word_is_marked_on_both_sides():
    old = Snapshot(title="Easing sciatica", body=("Intro.", "Hold for 20 seconds.", "End."))
    new = Snapshot(title="Easing sciatica", body=("Intro.", "Hold for 45 seconds.", "End."))
    [section] = compare(old, new)
    assert section.name == "Text"
    removed, added = section.lines[1], section.lines[2]
    assert (removed.kind, marked(removed)) == ("removed", ["20"])
    assert (added.kind, marked(added)) == ("added", ["45"])
    assert lines(section)[0] == ("same", "Intro.") and lines(section)[-1] == ("same", "End.")


def test_a_first_review_shows_everything_as_new():
    sections = compare(None, Snapshot(title="T", body=("A", "B"), steps=("Step 1: x",)))
    assert [s.name for s in sections] == ["Title", "Text", "Picture-guide steps"]
    assert all(line.kind == "added" for s in sections for line in s.lines)


def test_the_diff_between_the_reviewed_moment_and_now_covers_text_steps_and_sources(
    article, make_step, make_source
):
    make_step(article, 1, caption="Lie on your back.")
    make_source(article, 1, title="NHS: Sciatica")
    reviewed_at = timezone.now()
    assert snapshot_at(article, reviewed_at) == snapshot_now(article)

    article.body = article.body.replace("20 seconds", "30 seconds")
    article.save()
    make_step(article, 2, caption="Bring one knee up.")
    article.sources.get(number=1).delete()
    make_source(article, 2, title="NICE NG59", doi="10.1000/ng59", url="")

    sections = {
        s.name: s for s in compare(snapshot_at(article, reviewed_at), snapshot_now(article))
    }
    assert set(sections) == {"Text", "Picture-guide steps", "Sources"}
    assert ("removed", "Hold for 20 seconds.") in lines(sections["Text"])
    assert ("added", "Hold for 30 seconds.") in lines(sections["Text"])
    steps = lines(sections["Picture-guide steps"])
    assert steps[0][0] == "same" and steps[0][1].startswith("Step 1: Lie on your back.")
    assert steps[1][0] == "added" and steps[1][1].startswith("Step 2: Bring one knee up.")
    assert [kind for kind, _ in lines(sections["Sources"])] == ["removed", "added"]
    assert "doi:10.1000/ng59" in lines(sections["Sources"])[1][1]


def test_text_in_the_diff_is_escaped_on_the_page(client, staff, article, reviewer):
    from medical.services import review_request_create

    article.body = "<p>Use &lt;script&gt;alert(1)&lt;/script&gt; never.</p>"
    article.save()
    request = review_request_create(article=article, requested_by=article.author)
    client.force_login(staff)
    html = client.get(f"/admin/medical/reviewrequest/{request.pk}/change/").content.decode()
    assert "Use &lt;script&gt;alert(1)&lt;/script&gt; never." in html
    assert "<script>alert(1)" not in html
