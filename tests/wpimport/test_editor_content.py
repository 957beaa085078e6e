"""What WordPress's block editor leaves in an export: untitled posts, footnotes (post
meta), reusable blocks (wp_block posts), and same-named categories under different
parents."""

import json

import pytest
from django.core.management.base import CommandError

from articles.models import Article, Category

from .wxrkit import category, export, post

pytestmark = pytest.mark.django_db


def sub_category(slug, name, term_id, parent_slug):
    return category(slug, name, term_id).replace(
        "<wp:category_parent></wp:category_parent>",
        f"<wp:category_parent>{parent_slug}</wp:category_parent>",
    )


# Untitled posts


def test_untitled_post_takes_the_first_words_of_its_text(write_export, run_import):
    text = "<p>Short walks, <em>often</em>, help more than one long one on a bad day.</p>"
    output = run_import(write_export(export([post(5, "", text, slug="walks")])))
    article = Article.objects.get(slug="walks")
    assert article.title == "Short walks, often, help more than one long…"
    assert article.is_live
    assert "Posts without a title were given the first words of their text" in output


def test_untitled_post_without_text_is_no_title_with_a_slug_of_its_own(write_export, run_import):
    items = [post(5, "", "", slug=""), post(6, "", "[gallery ids='1,2']", slug="")]
    run_import(write_export(export(items)))
    assert sorted(Article.objects.values_list("title", "slug")) == [
        ("(no title)", "no-title"),
        ("(no title)", "no-title-2"),
    ]


# Footnotes


FOOTNOTES = [
    {"id": "f1a2", "content": "Ask a physiotherapist before starting <em>new</em> exercises."},
    {"id": "b3c4", "content": "Stop if pain spreads down the leg.<script>alert(1)</script>"},
]
MARKED_TEXT = (
    '<!-- wp:paragraph --><p>Move gently.<sup data-fn="f1a2" class="fn">'
    '<a href="#f1a2" id="f1a2-link">1</a></sup> Rest when needed.<sup data-fn="b3c4" '
    'class="fn"><a href="#b3c4" id="b3c4-link">2</a></sup></p><!-- /wp:paragraph -->'
    "<!-- wp:footnotes /-->"
)


def test_footnotes_become_a_numbered_list_at_the_end(write_export, run_import):
    item = post(5, "Gentle moves", MARKED_TEXT, meta={"footnotes": json.dumps(FOOTNOTES)})
    run_import(write_export(export([item])))
    body = Article.objects.get(slug="post-5").body_html
    assert body.endswith(
        '<ol class="footnotes">\n'
        '<li id="f1a2">Ask a physiotherapist before starting <em>new</em> exercises. '
        '<a href="#f1a2-link" title="Back to the text">↩</a></li>\n'
        '<li id="b3c4">Stop if pain spreads down the leg. '
        '<a href="#b3c4-link" title="Back to the text">↩</a></li>\n</ol>'
    )
    assert '<a href="#f1a2" id="f1a2-link">1</a>' in body
    assert "script" not in body and "alert" not in body


def test_empty_footnotes_add_nothing(write_export, run_import):
    run_import(write_export(export([post(5, "Plain", "Text.", meta={"footnotes": "[]"})])))
    assert "<ol" not in Article.objects.get(slug="post-5").body_html


# Reusable blocks


def reusable_block(wp_id, content):
    return post(wp_id, f"Block {wp_id}", content, post_type="wp_block", slug=f"block-{wp_id}")


CARE_NOTE = "<!-- wp:paragraph --><p>See a doctor if numbness spreads.</p><!-- /wp:paragraph -->"


def test_reusable_blocks_are_expanded_where_posts_use_them(write_export, run_import):
    """The block comes after the post in the export, and holds another block."""
    text = (
        '<!-- wp:paragraph --><p>Before.</p><!-- /wp:paragraph -->\n<!-- wp:block {"ref":70} /-->'
    )
    items = [
        post(5, "Uses a block", text),
        reusable_block(70, f'{CARE_NOTE}\n<!-- wp:block {{"ref":71}} /-->'),
        reusable_block(71, "<p>Call emergency services for loss of bladder control.</p>"),
    ]
    output = run_import(write_export(export(items)))
    body = Article.objects.get(slug="post-5").body_html
    assert body.index("Before.") < body.index("See a doctor") < body.index("bladder control")
    assert "wp:block" not in Article.objects.get(slug="post-5").body
    assert Article.objects.count() == 1  # the blocks are not articles
    assert "posts: 2 reusable blocks (expanded in the posts that use them)" in output


def test_missing_reusable_block_is_left_out_and_named(write_export, run_import):
    output = run_import(write_export(export([post(5, "Gap", 'A<!-- wp:block {"ref":99} /-->')])))
    assert Article.objects.get(slug="post-5").body_html == "<p>A</p>"
    assert "Some reusable blocks are not in the export" in output and "block IDs 99" in output


def test_block_that_uses_itself_is_expanded_once(write_export, run_import):
    items = [
        reusable_block(70, '<p>Again</p><!-- wp:block {"ref":70} /-->'),
        post(5, "Loop", '<!-- wp:block {"ref":70} /-->'),
    ]
    run_import(write_export(export(items)))
    assert Article.objects.get(slug="post-5").body_html == "<p>Again</p>"


def block_bomb(depth, fan_out=10):
    """Block 70 uses block 71 `fan_out` times, 71 uses 72 as often... `depth` deep: a few
    KB of export that would expand to fan_out ** depth copies."""
    items = []
    for level in range(depth):
        ref = f'<!-- wp:block {{"ref":{71 + level}}} /-->' if level < depth - 1 else ""
        items.append(reusable_block(70 + level, "<p>Filler text here.</p>" + ref * fan_out))
    return items


def test_reusable_blocks_that_expand_past_reason_refuse_the_post_and_change_nothing(
    write_export, run_import
):
    items = [post(4, "Fine", "<p>A normal post.</p>"), *block_bomb(7)]
    items.append(post(5, "Bomb", '<!-- wp:block {"ref":70} /-->'))
    with pytest.raises(CommandError) as error:
        run_import(write_export(export(items)))
    assert "post “Bomb” (WordPress ID 5): its reusable blocks expand to more than" in str(
        error.value
    )
    assert "Nothing was imported" in str(error.value)
    assert not Article.objects.exists()

    output = run_import(write_export(export(items)), "--skip-invalid")
    assert list(Article.objects.values_list("title", flat=True)) == ["Fine"]
    assert "reusable blocks too large" in output


# Categories


def test_same_named_categories_under_different_parents_stay_apart(write_export, run_import):
    terms = [
        category("exercises", "Exercises", 1),
        category("back", "Back", 2),
        category("legs", "Legs", 3),
        sub_category("back-exercises", "Exercises", 4, "back"),
        sub_category("leg-exercises", "Exercises", 5, "legs"),
    ]
    items = [
        post(5, "Bridges", categories=[("back-exercises", "Exercises")]),
        post(6, "Calf raises", categories=[("leg-exercises", "Exercises")]),
    ]
    output = run_import(write_export(export(items, terms=terms)))
    assert set(Category.objects.values_list("slug", "name")) == {
        ("exercises", "Exercises"),
        ("back", "Back"),
        ("legs", "Legs"),
        ("back-exercises", "Back › Exercises"),
        ("leg-exercises", "Legs › Exercises"),
    }
    bridges = Article.objects.get(slug="post-5").categories.get()
    assert bridges.slug == "back-exercises"
    assert "their name starting with their parent's (“Parent › Child”)" in output
