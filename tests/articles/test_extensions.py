"""The extension point other apps attach to (articles/extensions.py)."""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import articles
from articles import extensions

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(make_article):
    return make_article(title="Attached", slug="attached")


@pytest.fixture
def attach():
    """Register extensions for one test; put back what they replaced afterwards."""
    replaced = []

    def register(extension):
        replaced.append((extension.name, extensions.unregister(extension.name)))
        return extensions.register(extension)

    yield register
    for name, previous in reversed(replaced):
        extensions.unregister(name)
        if previous is not None:
            extensions.register(previous)


def test_articles_imports_neither_comments_nor_ratings():
    root = Path(articles.__file__).parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in {"comments", "ratings", "wpimport"}, (
                    f"{path.relative_to(root.parent)} imports {name}"
                )


def test_comments_and_ratings_say_what_they_add():
    registered = {extension.name: extension for extension in extensions.registered()}
    assert set(registered["comments"].panels) == {"end"}
    assert registered["comments"].query_parameters == ("cpage", "replytocom", "csort")
    assert set(registered["ratings"].panels) == {"after_guide"}
    assert registered["ratings"].card_template == "ratings/card_panel.html"


def test_a_slot_the_page_does_not_have_is_refused_with_its_name():
    with pytest.raises(ValueError, match="sidebar"):
        extensions.ArticleExtension(name="x", panels={"sidebar": extensions.Panel("x.html")})


def test_removing_an_extension_removes_what_it_added(client, article, settings):
    settings.CACHING_PAGE_SECONDS = 0
    comments = extensions.unregister("comments")
    try:
        html = client.get(article.get_absolute_url()).content.decode()
        assert 'id="comments"' not in html and 'id="rating"' in html
    finally:
        extensions.register(comments)
    assert 'id="comments"' in client.get(article.get_absolute_url()).content.decode()


@dataclass
class Shown:
    text: str
    storable: bool = True


def test_a_panel_reads_for_each_request_and_its_parameters_key_the_page_cache(
    client, article, attach
):
    attach(
        extensions.ArticleExtension(
            name="testing",
            panels={
                "after_guide": extensions.Panel(
                    "articles/testing_read_panel.html",
                    lambda request, article, state: Shown(
                        f"view {request.GET.get('view', 'plain')}",
                        storable=request.GET.get("view") != "made-up",
                    ),
                )
            },
            query_parameters=("view",),
        )
    )
    url = article.get_absolute_url()
    assert "READ: view plain" in client.get(url).content.decode()
    wide = client.get(url + "?view=2")
    assert "READ: view 2" in wide.content.decode()
    assert client.get(url + "?view=2")["X-Page-Cache"] == "hit"
    assert "READ: view plain" in client.get(url).content.decode()  # kept apart
    client.get(url + "?view=made-up")
    assert "X-Page-Cache" not in client.get(url + "?view=made-up")  # served, never kept


def test_jsonld_and_queryset_hooks_run_for_the_page(client, article, attach):
    seen = []

    def queryset(articles):
        seen.append("queryset")
        return articles

    attach(
        extensions.ArticleExtension(
            name="testing",
            queryset=queryset,
            jsonld=lambda article, data: data.update({"isAccessibleForFree": True}),
        )
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '"isAccessibleForFree": true' in html
    assert seen == ["queryset"]


def test_content_panels_render_inside_the_shared_fragment_once(client, article, attach, settings):
    settings.CACHING_FRAGMENT_SECONDS = 600
    settings.CACHING_PAGE_SECONDS = 0
    reads = []

    def read(article):
        reads.append(article.pk)
        return Shown(f"reviewed {article.title}")

    attach(
        extensions.ArticleExtension(
            name="testing",
            content_panels={
                "byline": extensions.Panel("articles/testing_read_panel.html", read),
                "after_body": extensions.Panel("articles/testing_read_panel.html", read),
            },
        )
    )
    first = client.get(article.get_absolute_url()).content.decode()
    second = client.get(article.get_absolute_url()).content.decode()
    assert first.count("READ: reviewed Attached") == 2
    assert second.count("READ: reviewed Attached") == 2
    assert reads == [article.pk, article.pk]  # the second view came from the fragment
    html = first
    body = html.index("<p>Body text.</p>")
    assert html.index('class="byline"') < html.index("READ: reviewed") < body


def test_a_content_slot_the_page_does_not_have_is_refused():
    with pytest.raises(ValueError, match="footer"):
        extensions.ArticleExtension(name="x", content_panels={"footer": extensions.Panel("x.html")})
