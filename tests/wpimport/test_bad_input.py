"""Files and items that cannot be imported: a clear message naming the problem and the
item, and nothing half-imported."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from articles.models import Article, Category
from comments.models import Comment
from wpimport.models import ImportedItem

from .wxrkit import FOOTER, HEADER, SITE, category, comment, export, post

pytestmark = pytest.mark.django_db


def assert_nothing_imported(users_before=0):
    assert not Article.objects.exists()
    assert not Comment.objects.exists()
    assert not Category.objects.exists()
    assert not ImportedItem.objects.exists()
    assert get_user_model().objects.count() == users_before


PLAIN_RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>A feed</title><link>https://example.org</link>
<item><title>Hello</title><description>Not an export</description></item>
</channel></rss>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss><channel><title>&lol3;</title></channel></rss>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:wxr_version>1.2</wp:wxr_version><title>&secret;</title></channel></rss>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "the file is empty", id="empty"),
        pytest.param(
            b"Title,Date\nMorning stretches,2012-08-26\n", "this is not an XML file", id="csv"
        ),
        pytest.param(b'{"posts": []}', "this is not an XML file", id="json"),
        pytest.param(
            b"<!DOCTYPE html><html><body>Saved page</body></html>",
            "this is an HTML page, not a WordPress export",
            id="html",
        ),
        pytest.param(
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
            "its root element is <{http://www.w3.org/2000/svg}svg>",
            id="xml-not-rss",
        ),
        pytest.param(
            PLAIN_RSS.encode(),
            "line 3: this XML file is not a WordPress export: it has no <wp:wxr_version>",
            id="rss-feed",
        ),
        pytest.param(
            HEADER.format(version="2.0", site=SITE).encode() + FOOTER.encode(),
            "WXR version 2.0 is not supported",
            id="future-version",
        ),
        pytest.param(
            export([post(1, "Fine")]).replace("</wp:post_id>", "</wp:postid>").encode(),
            "the XML is broken at line 21, column 18 (mismatched tag)",
            id="broken-xml",
        ),
        pytest.param(
            BILLION_LAUGHS.encode(), "line 2: the file has a DOCTYPE declaration", id="laughs"
        ),
        pytest.param(
            EXTERNAL_ENTITY.encode(), "the file has a DOCTYPE declaration", id="external-entity"
        ),
    ],
)
def test_files_that_are_not_wordpress_exports_are_refused(
    content, message, write_export, run_import
):
    path = write_export(content)
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert message in str(error.value)
    assert str(error.value).startswith("export.xml")
    assert str(error.value).endswith("Nothing was imported.")
    assert_nothing_imported()


def test_cut_off_file_is_refused_after_importing_half_and_rolled_back(
    blog_xml, write_export, run_import
):
    content = blog_xml.read_bytes()
    path = write_export(content[: len(content) * 2 // 3])
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert "the file is cut off: it ends at line" in str(error.value)
    assert "Export again and use the complete file" in str(error.value)
    assert_nothing_imported()


def test_missing_file_and_media_folder_are_named(tmp_path, blog_xml, run_import):
    with pytest.raises(CommandError, match="nowhere.xml: no such file"):
        run_import(tmp_path / "nowhere.xml")
    with pytest.raises(CommandError, match="--media-dir .*nothing-here: no such folder"):
        run_import(blog_xml, "--media-dir", str(tmp_path / "nothing-here"))


GOOD_POST = post(1, "A good post", slug="good", comments=[comment(1, "Fine")])


@pytest.mark.parametrize(
    ("bad_post", "message"),
    [
        pytest.param(
            post(5, "Notes", meta={"footnotes": '[{"id": "a", "content": "Cut'}),
            "post “Notes” (WordPress ID 5): its footnotes (the “footnotes” field where "
            "WordPress keeps them) cannot be read: it is not JSON",
            id="footnotes-not-json",
        ),
        pytest.param(
            post(5, "Notes", meta={"footnotes": '{"id": "a", "content": "Not a list"}'}),
            "its footnotes (the “footnotes” field where WordPress keeps them) cannot be read: "
            "it is not a list of notes",
            id="footnotes-not-a-list",
        ),
        pytest.param(
            post(5, "Notes", meta={"footnotes": '[{"id": "a", "content": "One"}, {"id": "b"}]'}),
            "cannot be read: note 2 has no text (“content”)",
            id="footnote-without-text",
        ),
        pytest.param(
            post(5, "Twin", slug="good"),
            "post “Twin” (WordPress ID 5): its slug “good” is also the slug of the post "
            "“A good post” (WordPress ID 1)",
            id="duplicate-slug",
        ),
        pytest.param(
            post(5, "Loop", comments=[comment(50, "A", parent=51), comment(51, "B", parent=50)]),
            "reply to each other in a circle",
            id="comment-cycle",
        ),
        pytest.param(
            post(5, "Self", comments=[comment(50, "Me", parent=50)]),
            "comment 50 replies to itself",
            id="comment-own-parent",
        ),
        pytest.param(
            post(5, "Echo", comments=[comment(1, "Same ID as a comment of post 1")]),
            "comment 1 appears twice in the export",
            id="duplicate-comment-id",
        ),
        pytest.param(
            post(5, "Bad date", date_gmt="26/08/2012"),
            "its publication date “26/08/2012” is not a date",
            id="bad-date",
        ),
        pytest.param(
            post(5, "No date", date_gmt="0000-00-00 00:00:00"),
            "it is published but has no date",
            id="no-date",
        ),
        pytest.param(post(5, "x" * 201), "its title has 201 characters", id="long-title"),
        pytest.param(post("abc", "No ID"), "it has no valid WordPress ID", id="bad-id"),
        pytest.param(post(1, "Seen before", slug="other"), "it appears twice", id="same-post"),
    ],
)
def test_bad_post_stops_the_import_naming_it_and_its_line(
    bad_post, message, write_export, run_import
):
    path = write_export(export([GOOD_POST, bad_post]))
    with pytest.raises(CommandError) as error:
        run_import(path)
    text = str(error.value)
    assert message in text
    assert text.startswith("export.xml, line ")
    assert "--skip-invalid" in text and text.endswith("Nothing was imported.")
    assert_nothing_imported()


def test_message_gives_the_line_of_the_comment_at_fault(write_export, run_import):
    content = export([post(5, "Orphan", comments=[comment(50, "Reply to itself", parent=50)])])
    line = (
        content.splitlines().index(
            next(x for x in content.splitlines() if "50</wp:comment_id>" in x)
        )
        + 1
    )
    with pytest.raises(CommandError, match=f"export.xml, line {line}: post “Orphan”"):
        run_import(write_export(content))


def test_slug_taken_by_an_article_of_this_site_is_refused(make_article, write_export, run_import):
    make_article(title="Our own article", slug="good")
    with pytest.raises(CommandError) as error:
        run_import(write_export(export([GOOD_POST])))
    assert "its slug “good” is already used by the article “Our own article”" in str(error.value)
    assert Article.objects.count() == 1


def test_skip_invalid_imports_the_rest_and_lists_what_was_left_out(write_export, run_import):
    orphan = post(5, "Orphan", slug="orphan", comments=[comment(50, "Lost", parent=50)])
    unreadable = post(6, "Notes", slug="notes", meta={"footnotes": "[{"})
    path = write_export(export([GOOD_POST, unreadable, orphan]))
    output = run_import(path, "--skip-invalid")
    assert list(Article.objects.values_list("slug", flat=True)) == ["good"]
    assert Comment.objects.count() == 1
    assert "posts: 1 unreadable footnotes" in output and "“Notes” (WordPress ID 6)" in output
    assert "posts: 1 comment replies to itself" in output
    assert "“Orphan” (WordPress ID 5)" in output
    assert "comments: 1 on posts that were not imported" in output


def test_unknown_statuses_and_passwords_never_publish(write_export, run_import):
    path = write_export(
        export(
            [
                post(5, "Secret", slug="secret", password="hunter2"),
                post(6, "Custom", slug="custom", status="needs-review"),
                post(7, "Private", slug="private", status="private"),
                post(8, "Binned", slug="binned", status="trash"),
            ]
        )
    )
    output = run_import(path)
    assert set(Article.objects.values_list("slug", "status")) == {
        ("secret", "draft"),
        ("custom", "draft"),
        ("private", "draft"),
    }
    assert "Password-protected posts were imported as drafts" in output
    assert "posts: 1 in WordPress's trash" in output


def test_category_terms_with_odd_slugs_still_work(write_export, run_import):
    path = write_export(
        export(
            [post(5, "Post", categories=[("r%c3%bccken", "Rücken")])],
            terms=[category("r%c3%bccken", "Rücken", 4)],
        )
    )
    run_import(path)
    assert list(Category.objects.values_list("slug", "name")) == [("rucken", "Rücken")]
    assert Article.objects.get().categories.get().name == "Rücken"


def test_a_reply_to_a_comment_left_out_of_the_export_starts_a_thread(write_export, run_import):
    """WordPress's exporter leaves spam out: a reply to a spam comment has no parent in a
    normal export. It is imported, as a new thread, and the summary says so."""
    path = write_export(
        export([post(5, "Spam replied to", comments=[comment(50, "Hi", parent=49)])])
    )
    output = run_import(path)
    imported = Comment.objects.get()
    assert imported.parent is None and "Hi" in imported.body_html
    assert "imported as new threads" in output


def test_a_slug_made_up_for_a_draft_gives_way_to_the_post_whose_slug_it_is(
    write_export, run_import
):
    """A copy of a post saved as a draft (no slug in WordPress) met before the post: the
    draft's slug made from the title goes to the post, the draft takes the next."""
    draft = post(5, "Morning stretches", slug="", status="draft")
    published = post(6, "Morning stretches", slug="morning-stretches")
    run_import(write_export(export([draft, published])))
    slugs = dict(Article.objects.values_list("slug", "status"))
    assert slugs == {"morning-stretches": "published", "morning-stretches-2": "draft"}
    # Running it again changes nothing.
    output = run_import(write_export(export([draft, published])))
    assert set(Article.objects.values_list("slug", flat=True)) == set(slugs)
    posts = next(line for line in output.splitlines() if line.startswith("posts")).split()
    assert posts[1:] == ["0", "0", "2", "0"]  # created, updated, unchanged, skipped
