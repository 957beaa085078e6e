"""Writing small WordPress exports (WXR 1.2) for the tests: `export(items=[post(...)])`."""

from xml.sax.saxutils import escape

SITE = "http://oldblog.example.net"
HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
    xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:wfw="http://wellformedweb.org/CommentAPI/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
  <title>Old Back Care Notes</title>
  <link>{site}</link>
  <language>en-GB</language>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{site}</wp:base_site_url>
  <wp:base_blog_url>{site}</wp:base_blog_url>
"""
FOOTER = "</channel>\n</rss>\n"


def cdata(text) -> str:
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author(login="maren", email="maren@example.org", name="Maren Holt", wp_id=1, **names):
    return (
        f"<wp:author><wp:author_id>{wp_id}</wp:author_id>"
        f"<wp:author_login>{cdata(login)}</wp:author_login>"
        f"<wp:author_email>{cdata(email)}</wp:author_email>"
        f"<wp:author_display_name>{cdata(name)}</wp:author_display_name>"
        f"<wp:author_first_name>{cdata(names.get('first', ''))}</wp:author_first_name>"
        f"<wp:author_last_name>{cdata(names.get('last', ''))}</wp:author_last_name>"
        "</wp:author>\n"
    )


def category(slug, name, term_id, description=""):
    return (
        f"<wp:category><wp:term_id>{term_id}</wp:term_id>"
        f"<wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
        f"<wp:category_parent></wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name>"
        f"<wp:category_description>{cdata(description)}</wp:category_description>"
        "</wp:category>\n"
    )


def tag(slug, name, term_id):
    return (
        f"<wp:tag><wp:term_id>{term_id}</wp:term_id><wp:tag_slug>{cdata(slug)}</wp:tag_slug>"
        f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
    )


def comment(
    wp_id,
    content,
    *,
    parent=0,
    approved="1",
    comment_type="",
    name="A Reader",
    email="reader@example.com",
    url="",
    date_gmt=None,
    user_id=0,
):
    date_gmt = date_gmt or f"2012-09-01 {wp_id % 24:02d}:{wp_id % 60:02d}:00"
    return (
        "<wp:comment>"
        f"<wp:comment_id>{wp_id}</wp:comment_id>"
        f"<wp:comment_author>{cdata(name)}</wp:comment_author>"
        f"<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>"
        f"<wp:comment_author_url>{escape(url)}</wp:comment_author_url>"
        f"<wp:comment_date>{cdata(date_gmt)}</wp:comment_date>"
        f"<wp:comment_date_gmt>{cdata(date_gmt)}</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata(content)}</wp:comment_content>"
        f"<wp:comment_approved>{cdata(approved)}</wp:comment_approved>"
        f"<wp:comment_type>{cdata(comment_type)}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent>"
        f"<wp:comment_user_id>{user_id}</wp:comment_user_id>"
        "</wp:comment>\n"
    )


def post(
    wp_id,
    title,
    content="Some text.",
    *,
    slug=None,
    status="publish",
    date_gmt="2012-08-26 12:39:00",
    modified_gmt="",
    creator="maren",
    excerpt="",
    categories=(),
    tags=(),
    meta=None,
    comments=(),
    post_type="post",
    password="",
    comment_status="open",
    attachment_url="",
    parent=0,
    link="",
):
    slug = slug if slug is not None else f"post-{wp_id}"
    terms = "".join(
        f'<category domain="category" nicename="{s}">{cdata(n)}</category>' for s, n in categories
    ) + "".join(
        f'<category domain="post_tag" nicename="{s}">{cdata(n)}</category>' for s, n in tags
    )
    metas = "".join(
        f"<wp:postmeta><wp:meta_key>{cdata(k)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(v)}</wp:meta_value></wp:postmeta>"
        for k, v in (meta or {}).items()
    )
    return (
        "<item>\n"
        f"  <title>{escape(title)}</title>\n"
        + (f"  <link>{escape(link)}</link>\n" if link else "")
        + f"  <dc:creator>{cdata(creator)}</dc:creator>\n"
        f"  <content:encoded>{cdata(content)}</content:encoded>\n"
        f"  <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>\n"
        f"  <wp:post_id>{wp_id}</wp:post_id>\n"
        f"  <wp:post_date>{cdata(date_gmt)}</wp:post_date>\n"
        f"  <wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt>\n"
        f"  <wp:post_modified_gmt>{cdata(modified_gmt)}</wp:post_modified_gmt>\n"
        f"  <wp:comment_status>{cdata(comment_status)}</wp:comment_status>\n"
        f"  <wp:post_name>{cdata(slug)}</wp:post_name>\n"
        f"  <wp:status>{cdata(status)}</wp:status>\n"
        f"  <wp:post_parent>{parent}</wp:post_parent>\n"
        f"  <wp:post_type>{cdata(post_type)}</wp:post_type>\n"
        f"  <wp:post_password>{cdata(password)}</wp:post_password>\n"
        + (
            f"  <wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>\n"
            if attachment_url
            else ""
        )
        + f"  {terms}{metas}\n"
        + "".join(comments)
        + "</item>\n"
    )


def page(wp_id, title, content="Some text.", *, parent=0, slug=None, **fields):
    """A WordPress page: its permalink is its parents' slugs then its own."""
    return post(wp_id, title, content, post_type="page", parent=parent, slug=slug, **fields)


def attachment(wp_id, path, *, parent=0, alt="", caption="", link=""):
    return post(
        wp_id,
        path.rsplit("/", 1)[-1],
        "",
        slug=f"attachment-{wp_id}",
        status="inherit",
        post_type="attachment",
        attachment_url=f"{SITE}/wp-content/uploads/{path}",
        excerpt=caption,
        parent=parent,
        link=link,
        meta={"_wp_attached_file": path, "_wp_attachment_image_alt": alt},
    )


def export(items=(), *, authors=None, terms=(), version="1.2", site=SITE) -> str:
    authors = [author()] if authors is None else authors
    return (
        HEADER.format(version=version, site=site)
        + "".join(authors)
        + "".join(terms)
        + "".join(items)
        + FOOTER
    )
