"""Citations in the body: [1] made a link to source 1, with an id its source links back to;
everything else in the body exactly as the sanitiser left it."""

import pytest

from medical.citations import link_citations
from sciatica_site.sanitizer import clean_article_html

LINK = (
    '<a class="cite__link" id="cite-{n}-{k}" href="#source-{n}">'
    '<span class="visually-hidden">source </span>{n}</a>'
)


def link(n, k=1):
    return LINK.format(n=n, k=k)


def test_a_number_in_brackets_becomes_a_link_to_its_source():
    html, counts = link_citations("<p>Walk daily [2].</p>", {1, 2})
    assert html == f'<p>Walk daily <sup class="cite">[{link(2)}]</sup>.</p>'
    assert counts == {2: 1}


def test_several_sources_at_once_and_each_citation_gets_its_own_id():
    html, counts = link_citations("<p>One [1, 2]. Two [1,2]. Three [1].</p>", {1, 2})
    assert f"[{link(1)}, {link(2)}]" in html
    assert f"[{link(1, 2)}, {link(2, 2)}]" in html
    assert f"[{link(1, 3)}]" in html
    assert counts == {1: 3, 2: 2}


def test_inside_sup_the_author_typed_no_second_sup_is_added():
    html, _ = link_citations("<p>Rest less<sup>[1]</sup>.</p>", {1})
    assert html == f"<p>Rest less<sup>[{link(1)}]</sup>.</p>"


@pytest.mark.parametrize(
    "body",
    [
        "<p>Only six sources [7].</p>",
        "<p>In [2024] and [1, 9].</p>",
        "<p>A list [a] or [ 1 ]</p>",
        '<p>See <a href="https://example.org/">the study [1]</a>.</p>',
        "<pre><code>items[1]</code></pre>",
        "<p>Type <kbd>[1]</kbd> in the box.</p>",
    ],
)
def test_brackets_that_are_not_citations_of_a_source_stay_as_they_were(body):
    assert link_citations(body, set(range(1, 7)))[0] == body


def test_without_sources_nothing_changes():
    body = '<p id="source-1">Text [1].</p>'
    assert link_citations(body, set()) == (body, {})


def test_the_bodys_own_ids_that_would_clash_with_the_sources_are_dropped():
    body = clean_article_html(
        '<h2 id="sources">My list</h2><p id="source-1">A</p><p id="cite-1-1">B [1]</p>'
        '<p id="keep-me">C</p>'
    )
    html, _ = link_citations(body, {1})
    assert 'id="sources"' not in html and 'id="source-1"' not in html
    assert html.count('id="cite-1-1"') == 1  # the one made here
    assert 'id="keep-me"' in html


def test_escaped_text_and_attributes_holding_brackets_and_angles_are_left_alone():
    body = clean_article_html(
        '<p><abbr title="a > b [1]">NICE</abbr> 5 &lt; 6 &amp; [1]<script>alert(1)</script></p>'
    )
    assert '<abbr title="a > b [1]">' in body  # the sanitiser keeps ">" in an attribute
    html, counts = link_citations(body, {1})
    cited = f'<sup class="cite">[{link(1)}]</sup>'
    assert html == f'<p><abbr title="a > b [1]">NICE</abbr> 5 &lt; 6 &amp; {cited}</p>'
    assert counts == {1: 1}
