"""Imported titles keep their text, never their markup."""

import pytest

from wpimport.content import plain_title


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("WA559 <img/src=x onerror=alert(1)>", "WA559"),
        ("WA559 <img/src=`%00` onerror=this.onerror=confirm(1)", "WA559"),  # left open
        ("<b>Bold</b> move", "Bold move"),
        ("<script>alert(1)</script>Stretches", "Stretches"),
        ('<a href="javascript:alert(1)">Click</a> here', "Click here"),
        ("Hips<!-- note --> and knees", "Hips and knees"),
        ("Line one<br />line two", "Line one line two"),
        ("<p>Sit</p><p>Stand</p>", "Sit Stand"),
    ],
)
def test_markup_goes_and_its_text_stays(title, text):
    assert plain_title(title) == text


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("a < b and c > d", "a < b and c > d"),
        ("I <3 walking", "I <3 walking"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("&#8220;Sciatica&#8221; &ndash; a guide", "“Sciatica” – a guide"),
        ("Q&A: sitting", "Q&A: sitting"),
        ("&lt;3 weeks of pain", "<3 weeks of pain"),
    ],
)
def test_text_that_only_looks_like_markup_is_kept(title, text):
    assert plain_title(title) == text


@pytest.mark.parametrize(
    "title",
    [
        "WA559 &lt;img src=x onerror=alert(1)&gt;",
        "&lt;&lt;b&gt;script&gt;alert(1)",
        "<<img>img src=x onerror=alert(1)>",
    ],
)
def test_escaped_markup_does_not_come_back_as_a_tag(title):
    assert "<" not in plain_title(title)
    assert "onerror" not in plain_title(title)


def test_a_title_is_one_line_of_text():
    assert plain_title("  Back\n\tpain\x01 relief  ") == "Back pain relief"


@pytest.mark.parametrize("title", ["", None, "   ", "<img src=x>"])
def test_nothing_left_is_an_empty_title(title):
    assert plain_title(title) == ""
