"""Images and files posts refer to: copied from --media-dir and links rewritten, or left
at their WordPress address and listed."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from articles.models import Article
from wpimport.models import ImportedItem

from .wxrkit import SITE, attachment, export, post

pytestmark = pytest.mark.django_db


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def stored_files():
    return {p: p.read_bytes() for p in (media_root() / "wp").rglob("*") if p.is_file()}


def test_referenced_files_are_copied_and_links_rewritten(blog_xml, run_import, uploads):
    output = run_import(blog_xml, "--media-dir", str(uploads))
    copied = media_root() / "wp" / "oldblog.example.net" / "2012" / "08"
    assert (copied / "knee-hug.png").read_bytes() == (uploads / "2012/08/knee-hug.png").read_bytes()
    assert (copied / "stretch-sheet.pdf").exists()
    body = Article.objects.get(slug="morning-stretches").body_html
    # The 300x200 copy is not in the folder: the original stands in for it.
    assert 'src="/media/wp/oldblog.example.net/2012/08/knee-hug.png"' in body
    assert 'href="/media/wp/oldblog.example.net/2012/08/stretch-sheet.pdf"' in body
    assert "oldblog.example.net/wp-content" not in body
    assert "Links left at their WordPress address" not in output
    assert next(line for line in output.splitlines() if line.startswith("media")).split()[1:] == [
        "2",
        "0",
        "0",
        "0",
    ]


def test_featured_image_comes_from_the_attachment(blog_xml, run_import, uploads):
    run_import(blog_xml, "--media-dir", str(uploads))
    article = Article.objects.get(slug="morning-stretches")
    assert article.featured_image.name == "wp/oldblog.example.net/2012/08/knee-hug.png"
    assert (article.featured_image_width, article.featured_image_height) == (60, 40)
    assert article.featured_image_alt == "Lying on the back, hugging both knees"


def test_without_media_dir_links_stay_and_are_listed(blog_xml, run_import):
    output = run_import(blog_xml)
    body = Article.objects.get(slug="morning-stretches").body_html
    assert f'src="{SITE}/wp-content/uploads/2012/08/knee-hug-300x200.png"' in body
    assert "Links left at their WordPress address (3)" in output
    assert f"  {SITE}/wp-content/uploads/2012/08/stretch-sheet.pdf" in output
    assert f"  {SITE}/wp-content/uploads/2012/08/knee-hug.png" in output  # featured image
    assert not (media_root() / "wp").exists()
    assert not Article.objects.get(slug="morning-stretches").featured_image


def test_a_later_run_without_media_dir_keeps_the_local_copies(blog_xml, run_import, uploads):
    run_import(blog_xml, "--media-dir", str(uploads))
    article = Article.objects.get(slug="morning-stretches")
    output = run_import(blog_xml)
    assert Article.objects.get(pk=article.pk).updated_at == article.updated_at
    assert "Links left at their WordPress address" not in output


def test_changed_file_is_copied_again(blog_xml, run_import, uploads):
    from tests.conftest import png_bytes

    run_import(blog_xml, "--media-dir", str(uploads))
    (uploads / "2012/08/knee-hug.png").write_bytes(png_bytes(80, 50))
    output = run_import(blog_xml, "--media-dir", str(uploads))
    assert next(line for line in output.splitlines() if line.startswith("media")).split()[1:] == [
        "0",
        "1",
        "1",
        "0",
    ]
    record = ImportedItem.objects.get(kind="media", wp_id="2012/08/knee-hug.png")
    copied = media_root() / record.local_name
    assert copied.read_bytes() == (uploads / "2012/08/knee-hug.png").read_bytes()
    assert ImportedItem.objects.filter(kind="media").count() == 2
    # Saved beside the old copy, which went once the run had committed.
    folder = media_root() / "wp" / "oldblog.example.net" / "2012" / "08"
    assert [p.name for p in folder.glob("knee-hug*.png")] == [copied.name]
    assert f"/media/{record.local_name}" in Article.objects.get(slug="morning-stretches").body_html


def test_a_failed_run_leaves_the_files_of_the_last_import(
    blog_xml, write_export, run_import, uploads
):
    from tests.conftest import png_bytes

    run_import(blog_xml, "--media-dir", str(uploads))
    before = stored_files()
    (uploads / "2012/08/knee-hug.png").write_bytes(png_bytes(80, 50))
    picture = f'<img src="{SITE}/wp-content/uploads/2012/08/knee-hug.png">'
    broken = write_export(
        export([post(5, "Pictures", picture), post(6, "Notes", meta={"footnotes": "not JSON"})])
    )
    with pytest.raises(CommandError, match="its footnotes .* cannot be read"):
        run_import(broken, "--media-dir", str(uploads))
    assert stored_files() == before


def test_two_blogs_with_the_same_upload_paths_keep_their_own_files(
    write_export, run_import, tmp_path
):
    from tests.conftest import png_bytes

    for number, site in enumerate(("http://one.example", "http://two.example"), start=1):
        uploads = tmp_path / f"uploads{number}" / "2023" / "05"
        uploads.mkdir(parents=True)
        (uploads / "photo.png").write_bytes(png_bytes(10 * number, 10))
        picture = f'<img src="{site}/wp-content/uploads/2023/05/photo.png">'
        path = write_export(export([post(number, f"Blog {number}", picture)], site=site))
        run_import(path, "--media-dir", str(tmp_path / f"uploads{number}"))
    for number, site in ((1, "one.example"), (2, "two.example")):
        body = Article.objects.get(title=f"Blog {number}").body_html
        assert f"/media/wp/{site}/2023/05/photo.png" in body
        stored = media_root() / "wp" / site / "2023" / "05" / "photo.png"
        assert stored.read_bytes() == png_bytes(10 * number, 10)


def test_unsafe_or_foreign_files_are_not_copied(tmp_path, write_export, run_import):
    uploads = tmp_path / "uploads"
    (uploads / "2013").mkdir(parents=True)
    (uploads / "2013" / "fake.jpg").write_text("<html>not an image</html>")
    (uploads / "2013" / "page.html").write_text("<script>alert(1)</script>")
    (tmp_path / "secret.png").write_text("outside the media folder")
    content = "\n".join(
        [
            f'<img src="{SITE}/wp-content/uploads/2013/fake.jpg">',
            f'<a href="{SITE}/wp-content/uploads/2013/page.html">page</a>',
            f'<img src="{SITE}/wp-content/uploads/..%2F..%2Fsecret.png">',
            '<img src="https://elsewhere.example.com/wp-content/uploads/2013/fake.jpg">',
        ]
    )
    output = run_import(
        write_export(export([post(5, "Files", content, slug="files")])),
        "--media-dir",
        str(uploads),
    )
    assert not (media_root() / "wp").exists()
    assert "media: 1 not a readable image: link kept" in output
    assert "media: 1 file type .html is not copied, link kept" in output
    assert "media: 1 unsafe path, left as it was" in output
    body = Article.objects.get().body_html
    assert "https://elsewhere.example.com/wp-content/uploads/2013/fake.jpg" in body


def test_gallery_shows_the_attached_images(uploads, write_export, run_import):
    from tests.conftest import png_bytes

    (uploads / "2012/08/cat-stretch.png").write_bytes(png_bytes(30, 30))
    content = 'Two pictures:\n\n[gallery ids="31,30"]\n\nThe end.'
    path = write_export(
        export(
            [
                post(10, "Gallery", content, slug="gallery"),
                attachment(30, "2012/08/knee-hug.png", parent=10, alt="Knee hug"),
                attachment(31, "2012/08/cat-stretch.png", parent=10, caption="Cat stretch"),
            ]
        )
    )
    run_import(path, "--media-dir", str(uploads))
    body = Article.objects.get(slug="gallery").body_html
    assert body.index("cat-stretch.png") < body.index("knee-hug.png")
    assert '<img src="/media/wp/oldblog.example.net/2012/08/knee-hug.png" alt="Knee hug">' in body
    assert "<figcaption>Cat stretch</figcaption>" in body
    assert body.startswith("<p>Two pictures:</p>") and body.endswith("<p>The end.</p>")


def test_failed_run_removes_the_files_it_copied(write_export, run_import, uploads, monkeypatch):
    picture = f'<img src="{SITE}/wp-content/uploads/2012/08/knee-hug.png">'
    path = write_export(
        export([post(5, "Pictures", picture), post(6, "Notes", meta={"footnotes": "not JSON"})])
    )
    seen = []
    original = Article.save

    def save_and_look(article, *args, **kwargs):
        seen.extend(path.name for path in (media_root() / "wp").rglob("*.png"))
        return original(article, *args, **kwargs)

    monkeypatch.setattr(Article, "save", save_and_look)
    with pytest.raises(CommandError, match="its footnotes .* cannot be read"):
        run_import(path, "--media-dir", str(uploads))
    assert seen == ["knee-hug.png"]  # it was copied before the bad post was reached
    assert not any(p.is_file() for p in (media_root() / "wp").rglob("*"))
    assert not ImportedItem.objects.exists()


def test_an_export_split_in_parts_is_imported_in_one_run(write_export, run_import, uploads):
    """wp export --max_file_size writes several files: a post's featured image may be an
    attachment of another part."""
    first = write_export(
        export([post(5, "Featured elsewhere", meta={"_thumbnail_id": "11"})]), "part1.xml"
    )
    second = write_export(
        export([attachment(11, "2012/08/knee-hug.png", alt="Knee hug"), post(6, "Second")]),
        "part2.xml",
    )
    run_import(first, second, "--media-dir", str(uploads))
    article = Article.objects.get(title="Featured elsewhere")
    assert article.featured_image.name == "wp/oldblog.example.net/2012/08/knee-hug.png"
    assert Article.objects.filter(title="Second").exists()


def test_parts_of_different_blogs_are_refused(write_export, run_import):
    first = write_export(export([post(5, "Mine")]), "mine.xml")
    other = write_export(export([post(6, "Theirs")], site="http://other.example"), "theirs.xml")
    with pytest.raises(CommandError, match="theirs.xml.*export of other.example.*run of its own"):
        run_import(first, other)
    assert not Article.objects.exists()
