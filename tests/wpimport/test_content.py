"""WordPress's stored text to this site's HTML: line breaks, block elements, shortcodes."""

import pytest

from wpimport.content import Attachment, ContentConverter, parse_attributes, wpautop


def convert(text, **kwargs):
    return ContentConverter(**kwargs).convert(text)


def test_blank_lines_make_paragraphs_and_single_breaks_make_br():
    assert wpautop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n"


def test_block_elements_are_left_alone():
    html = wpautop("Intro\n<h2>Heading</h2>\nText\n<ul>\n<li>A</li>\n<li>B</li>\n</ul>")
    assert html == (
        "<p>Intro</p>\n<h2>Heading</h2>\n<p>Text</p>\n<ul>\n<li>A</li>\n<li>B</li>\n</ul>\n"
    )


def test_preformatted_text_keeps_its_line_breaks():
    html = wpautop("Code:\n\n<pre>a = 1\n\nb = 2</pre>\n\nAfter")
    assert "<pre>a = 1\n\nb = 2</pre>" in html
    assert "<p>After</p>" in html


def test_blockquote_gets_its_paragraph_inside():
    assert wpautop("<blockquote>Said\nonce</blockquote>") == (
        "<blockquote><p>Said<br />\nonce</p></blockquote>\n"
    )


def test_newlines_inside_a_tag_do_not_become_breaks():
    html = wpautop('<a\nhref="https://example.org/">link</a> text')
    assert html == '<p><a\nhref="https://example.org/">link</a> text</p>\n'


def test_caption_becomes_a_figure_with_a_caption():
    html = convert(
        'Before\n\n[caption id="attachment_5" align="alignright" width="300"]'
        '<a href="/big.jpg"><img src="/small.jpg" alt="A" /></a> Lie flat[/caption]\n\nAfter'
    ).html
    assert html == (
        "<p>Before</p>\n"
        '<figure class="wp-caption alignright"><a href="/big.jpg"><img src="/small.jpg" '
        'alt="A" /></a><figcaption>Lie flat</figcaption></figure>\n'
        "<p>After</p>"
    )


def test_old_caption_attribute_form_is_understood():
    html = convert('[caption caption="Old style" align="weird"]<img src="/a.jpg">[/caption]').html
    assert html == (
        '<figure class="wp-caption"><img src="/a.jpg"><figcaption>Old style</figcaption></figure>'
    )


@pytest.mark.parametrize(
    ("text", "expected", "removed"),
    [
        (
            'Call us: [contact-form-7 id="4" title="Contact"]',
            "<p>Call us: </p>",
            {"contact-form-7": 1},
        ),
        ("[toggle]Hidden answer[/toggle]", "<p>Hidden answer</p>", {"toggle": 1}),
        ("A quote [sic] stays.", "<p>A quote [sic] stays.</p>", {}),
        ("Rate it:\n[ratings]", "<p>Rate it:</p>", {"ratings": 1}),
        ("Shown as typed: [[caption]]", "<p>Shown as typed: [caption]</p>", {}),
        ("Footnote[1] and [2].", "<p>Footnote[1] and [2].</p>", {}),
        ("[spacer/]Text", "<p>Text</p>", {"spacer": 1}),
    ],
)
def test_shortcodes_of_missing_plugins(text, expected, removed):
    result = convert(text)
    assert result.html == expected
    assert dict(result.removed_shortcodes) == removed


def test_embeds_and_bare_urls_become_links():
    html = convert(
        "[embed]https://video.example.com/v/1[/embed]\n\nhttps://video.example.com/v/2\n\n"
        '[audio mp3="https://example.org/talk.mp3"][/audio]'
    ).html
    assert '<a href="https://video.example.com/v/1">https://video.example.com/v/1</a>' in html
    assert (
        '<p><a href="https://video.example.com/v/2">https://video.example.com/v/2</a></p>' in html
    )
    assert '<a href="https://example.org/talk.mp3">' in html


def test_more_marker_goes_and_block_editor_content_is_kept_as_it_is():
    assert convert("Teaser\n<!--more-->\nRest").html == "<p>Teaser</p>\n<p>Rest</p>"
    blocks = "<!-- wp:paragraph -->\n<p>Made with blocks</p>\n<!-- /wp:paragraph -->"
    assert convert(blocks).html == blocks


def test_gallery_without_ids_uses_the_posts_attachments_in_order():
    attachments = {
        "7": Attachment(wp_id="7", url="/b.png", alt="B", menu_order=2),
        "6": Attachment(wp_id="6", url="/a.png", caption="A & co", menu_order=1),
    }
    result = ContentConverter(attachments=attachments, children={"5": ["6", "7"]}).convert(
        "[gallery]", post_id="5"
    )
    assert result.html == (
        '<figure class="wp-gallery-item"><img src="/a.png" alt="A &amp; co">'
        "<figcaption>A &amp; co</figcaption></figure>\n"
        '<figure class="wp-gallery-item"><img src="/b.png" alt="B"></figure>'
    )


def test_gallery_reports_attachments_missing_from_the_export():
    assert convert('[gallery ids="1,2"]').missing_attachments == ["1", "2"]


def test_shortcode_attributes_are_parsed_like_wordpress():
    assert parse_attributes(' id="4" title=\'Say "hi"\' size=large  bare "quoted"') == {
        "id": "4",
        "title": 'Say "hi"',
        "size": "large",
        "0": "bare",
        "1": "quoted",
    }


@pytest.mark.parametrize(
    ("content", "link"),
    [
        (
            '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc123","type":"video"} -->\n'
            '<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">\n'
            "https://www.youtube.com/watch?v=abc123\n</div></figure>\n<!-- /wp:embed -->",
            "https://www.youtube.com/watch?v=abc123",
        ),
        (
            '<p>Watch:</p><iframe width="560" height="315" '
            'src="https://www.youtube.com/embed/abc123" allowfullscreen></iframe>',
            "https://www.youtube.com/embed/abc123",
        ),
        (
            '<!-- wp:video --><figure class="wp-block-video"><video controls '
            'src="https://cdn.example.org/stretch.mp4"></video></figure><!-- /wp:video -->',
            "https://cdn.example.org/stretch.mp4",
        ),
        (
            '<audio controls><source src="https://cdn.example.org/breathe.mp3" '
            'type="audio/mpeg"></audio>',
            "https://cdn.example.org/breathe.mp3",
        ),
    ],
)
def test_embedded_players_become_links(content, link):
    conversion = convert(content)
    assert f'<a href="{link}">{link}</a>' in conversion.html
    assert "<iframe" not in conversion.html and "<video" not in conversion.html
    assert conversion.players == 1
