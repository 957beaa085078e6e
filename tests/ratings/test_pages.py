"""What readers see: the rating block on the article page, the line on each card, the
"Top rated" list, the JSON-LD, and what it costs in queries."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Category, Tag
from ratings.models import RatingSummary
from ratings.services import thumb_cast, vote_cast

pytestmark = pytest.mark.django_db

# 27 votes, 197 stars: 7.3 out of 10, as on the original page.
ORIGINAL_STARS = [8, 10, 7, 9, 10, 6, 8, 3, 10, 9, 8, 5, 10, 7, 8, 1, 9, 10, 6, 8, 4, 10, 9, 7, 8]
ORIGINAL_STARS += [5, 2]
ORIGINAL_THUMBS = [1, 1, 1, 1, 1, 1, -1, -1]


def page_of(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def rating_block(html):
    match = re.search(r'<section class="ratings wrap" id="rating".*?</section>', html, re.S)
    assert match, "the page has no rating block"
    return match.group(0)


def text(html):
    """The text a reader sees: tags dropped, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def jsonld_of(html):
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def original(article, cast_votes):
    cast_votes(article, stars=ORIGINAL_STARS, thumbs=ORIGINAL_THUMBS)
    return article


def test_rating_block_shows_the_originals_figures(client, original):
    block = rating_block(page_of(client, original))
    assert "Rating: 7.3/10 (27 votes cast)" in block
    assert "Rating: +4 (from 8 votes)" in block
    assert "Easing sciatica, 7.3 out of 10 based on 27 ratings" in block
    # The row of stars is filled to the tenth: 7.3 of 10 stars is 73% of the row.
    assert '<svg width="73%" height="100%">' in block


def test_distribution_is_a_table_screen_readers_read_as_text(client, original):
    block = rating_block(page_of(client, original))
    spread = re.search(r'<table class="ratings__spread">.*?</table>', block, re.S).group(0)
    assert "Spread of the 27 votes cast here" in spread
    rows = re.findall(r'<th scope="row">(.*?)</th>.*?ratings__bar-count">(.*?)<', spread, re.S)
    assert rows == [
        ("10 stars:", "6 votes"),
        ("9 stars:", "4 votes"),
        ("8 stars:", "6 votes"),
        ("7 stars:", "3 votes"),
        ("6 stars:", "2 votes"),
        ("5 stars:", "2 votes"),
        ("4 stars:", "1 vote"),
        ("3 stars:", "1 vote"),
        ("2 stars:", "1 vote"),
        ("1 star:", "1 vote"),
    ]
    # Bars are drawn with SVG attributes (the CSP forbids style attributes), hidden from
    # screen readers, who read the counts instead: 6 of 27 is 22%.
    assert '<rect width="22" height="8"' in spread
    assert spread.count('aria-hidden="true"') == 10


def test_no_votes_yet_says_so_and_never_shows_zero_out_of_ten(client, article):
    html = page_of(client, article)
    block = rating_block(html)
    assert "No star ratings yet." in block and "No thumbs votes yet." in block
    assert "0/10" not in block and "0.0" not in block and "out of 10 based on" not in block
    assert "ratings__spread" not in block
    assert "aggregateRating" not in jsonld_of(html)


def test_plurals_for_a_single_vote(client, article, cast_votes):
    cast_votes(article, stars=[9], thumbs=[-1])
    block = rating_block(page_of(client, article))
    assert "Rating: 9.0/10 (1 vote cast)" in block
    assert "Rating: -1 (from 1 vote)" in block
    assert "Easing sciatica, 9.0 out of 10 based on 1 rating<" in block
    assert "Spread of the 1 vote cast here" in block
    assert "1 star:" in block and "1 stars" not in block and "1 votes" not in block


def test_thumbs_score_of_zero_has_no_sign(client, article, cast_votes):
    cast_votes(article, thumbs=[1, -1])
    assert "Rating: 0 (from 2 votes)" in rating_block(page_of(client, article))


def test_rating_block_sits_between_the_picture_guide_and_the_second_share_bar(
    client, original, make_step
):
    make_step(original, 1)
    html = page_of(client, original)
    positions = [
        html.index('id="picture-guide"'),
        html.index('id="rating"'),
        html.index('aria-label="Share and enjoy"'),
    ]
    assert positions == sorted(positions)


def test_anonymous_reader_sees_the_blocks_and_a_login_link_back_to_the_block(client, original):
    block = rating_block(page_of(client, original))
    assert "Rating: 7.3/10 (27 votes cast)" in block
    assert (
        f'<a href="/accounts/login/?next=/articles/{original.slug}/%23rating">Log in to rate</a>'
        in block
    )
    assert "<form" not in block and 'name="score"' not in block


def test_logged_in_reader_gets_ten_labelled_radios_and_thumbs(client, original, reader):
    client.force_login(reader)
    block = rating_block(page_of(client, original))
    assert "Log in to rate" not in block
    form = re.search(r'<form[^>]*action="/ratings/easing-sciatica/stars/".*?</form>', block, re.S)
    assert form and 'method="post"' in form.group(0)
    radios = re.findall(
        r'<label class="star-picker__star"><input type="radio" name="score" value="(\d+)" '
        r'required>.*?<span class="visually-hidden">(.*?)</span></label>',
        form.group(0),
    )
    assert radios == [(str(n), f"{n} out of 10") for n in range(1, 11)]
    assert "<legend" in form.group(0) and "Your rating, from 1 to 10 stars" in form.group(0)
    assert "Save my rating" in form.group(0)
    assert 'name="value" value="up"' in block and 'name="value" value="down"' in block
    assert "Withdraw my" not in block


def test_reader_sees_their_own_votes_and_can_withdraw_them(client, original, reader):
    vote_cast(user=reader, article=original, score=6)
    thumb_cast(user=reader, article=original, value=1)
    client.force_login(reader)
    block = rating_block(page_of(client, original))
    assert "Your rating: 6 out of 10." in block
    assert re.findall(r'value="(\d+)" required checked', block) == ["6"]
    assert "Change my rating" in block
    assert (
        "Withdraw my star rating" in block
        and 'action="/ratings/easing-sciatica/stars/withdraw/"' in block
    )
    assert "Your vote: thumbs up." in block
    assert 'Thumbs up<span class="visually-hidden"> (your vote)</span>' in block
    assert "Withdraw my thumbs vote" in block


def test_draft_preview_shows_the_block_without_voting(client, staff, make_article):
    draft = make_article(title="Draft", status=Article.Status.DRAFT)
    client.force_login(staff)
    block = rating_block(page_of(client, draft))
    assert "Readers can rate this article once it is published." in block
    assert "<form" not in block and "Log in to rate" not in block


def test_the_block_keeps_to_the_content_security_policy(client, original, reader):
    client.force_login(reader)
    html = page_of(client, original)
    block = rating_block(html)
    assert " style=" not in block and "<style" not in block and "<script" not in block
    assert re.search(r'<script src="/static/ratings/ratings\.js" defer></script>', html)
    assert html.count('href="/static/ratings/ratings.css"') == 1
    assert "Content-Security-Policy" in client.get(original.get_absolute_url()).headers


def test_imported_votes_count_together_with_live_ones(client, article, cast_votes):
    cast_votes(article, stars=[10, 6])
    RatingSummary.objects.filter(article=article).update(imported_count=25, imported_sum=181)
    html = page_of(client, article)
    block = rating_block(html)
    assert "Rating: 7.3/10 (27 votes cast)" in block
    assert "(the 25 from the old site have no breakdown)" in block
    assert jsonld_of(html)["aggregateRating"]["ratingCount"] == 27


def test_json_ld_nests_aggregate_rating_in_the_article(client, original):
    data = jsonld_of(page_of(client, original))
    assert data["@type"] == "Article"
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 7.3,
        "ratingCount": 27,
        "bestRating": 10,
        "worstRating": 1,
    }
    assert "Product" not in json.dumps(data) and "Recipe" not in json.dumps(data)


@pytest.mark.django_db(transaction=True)  # votes retire cached pages on commit
def test_json_ld_rating_value_has_one_decimal(client, article, cast_votes):
    cast_votes(article, stars=[7, 8, 8])
    html = page_of(client, article)
    assert '"ratingValue": 7.7' in html
    cast_votes(article, stars=[5])
    assert '"ratingValue": 7.0' in page_of(client, article)


@pytest.mark.django_db(transaction=True)  # votes retire cached pages on commit
def test_anonymous_readers_see_a_vote_at_once_despite_the_page_cache(
    client, article, cast_votes, make_reader
):
    cast_votes(article, stars=[8])
    assert "Rating: 8.0/10 (1 vote cast)" in page_of(client, article)
    assert "Rating: 8.0/10 (1 vote cast)" in page_of(client, article)  # from the cache
    vote_cast(user=make_reader(), article=article, score=6)
    assert "Rating: 7.0/10 (2 votes cast)" in page_of(client, article)
    thumb_cast(user=make_reader(), article=article, value=1)
    assert "Rating: +1 (from 1 vote)" in page_of(client, article)


def test_json_ld_rating_can_be_turned_off(client, original, settings):
    settings.RATINGS_JSONLD = False
    html = page_of(client, original)
    assert "aggregateRating" not in jsonld_of(html)
    assert "Rating: 7.3/10 (27 votes cast)" in rating_block(html)


# Cards and lists


def test_cards_show_average_and_vote_count(client, original, make_article, author):
    make_article(title="Unrated guide")
    category = Category.objects.create(name="Guides", slug="guides")
    tag = Tag.objects.create(name="sciatica", slug="sciatica")
    original.categories.add(category)
    original.tags.add(tag)
    for url in ["/", "/category/guides/", "/tag/sciatica/", f"/authors/{author.username}/"]:
        html = client.get(url).content.decode()
        assert "Rating: 7.3/10 (27 votes cast)" in html, url
        assert html.count('href="/static/ratings/ratings.css"') == 1, url
    home = client.get("/").content.decode()
    assert "Not rated yet" in home


@pytest.mark.django_db(transaction=True)  # votes retire cached pages on commit
def test_cards_and_top_rated_follow_votes_despite_the_page_cache(
    client, article, cast_votes, make_article
):
    other = make_article(title="Walking", slug="walking")
    cast_votes(article, stars=[8])
    cast_votes(other, stars=[6])
    assert "Rating: 8.0/10 (1 vote cast)" in client.get("/").content.decode()
    cast_votes(other, stars=[10, 10, 10])
    cast_votes(article, stars=[4])
    home = client.get("/").content.decode()
    assert "Rating: 6.0/10 (2 votes cast)" in home
    assert "Rating: 9.0/10 (4 votes cast)" in home
    assert top_rated_titles(client) == ["Walking", "Easing sciatica"]


def test_card_plural_for_one_vote(client, article, cast_votes):
    cast_votes(article, stars=[4])
    assert "Rating: 4.0/10 (1 vote cast)" in client.get("/").content.decode()


# Top rated


def top_rated_titles(client):
    html = client.get("/").content.decode()
    section = re.search(r'<section class="top-rated".*?</section>', html, re.S)
    if not section:
        return None
    return re.findall(r'<li class="top-rated__item"><a href="[^"]+">(.*?)</a>', section.group(0))


def test_one_ten_star_vote_does_not_top_an_article_many_rated_well(
    client, original, make_article, cast_votes
):
    lucky = make_article(title="One lucky vote")
    cast_votes(lucky, stars=[10])
    assert top_rated_titles(client) == ["Easing sciatica", "One lucky vote"]


def test_top_rated_ranks_by_damped_average(client, make_article, cast_votes, settings):
    settings.RATINGS_TOP_PRIOR_WEIGHT = 10
    settings.RATINGS_TOP_PRIOR_MEAN = 5.5
    many_good = make_article(title="Many good")  # 20 x 9: (55 + 180) / 30 = 7.83
    few_perfect = make_article(title="Few perfect")  # 3 x 10: (55 + 30) / 13 = 6.54
    many_poor = make_article(title="Many poor")  # 30 x 3: (55 + 90) / 40 = 3.63
    make_article(title="Nobody voted")
    cast_votes(many_good, stars=[9] * 20)
    cast_votes(few_perfect, stars=[10] * 3)
    cast_votes(many_poor, stars=[3] * 30)
    assert top_rated_titles(client) == ["Many good", "Few perfect", "Many poor"]


def test_prior_mean_can_be_the_site_wide_mean(client, make_article, cast_votes, settings):
    settings.CACHING_PAGE_SECONDS = 0  # the settings change between two requests
    settings.RATINGS_TOP_PRIOR_MEAN = None
    settings.RATINGS_TOP_PRIOR_WEIGHT = 10
    # Site mean: (8 x 8 + 1 x 9 + 10 x 4) / 19 = 5.95.
    # Steady: (59.5 + 64) / 18 = 6.86. One nine: (59.5 + 9) / 11 = 6.23. Low: 5.40.
    steady, one_nine, low = (make_article(title=t) for t in ("Steady", "One nine", "Low"))
    cast_votes(steady, stars=[8] * 8)
    cast_votes(one_nine, stars=[9])
    cast_votes(low, stars=[4] * 10)
    assert top_rated_titles(client) == ["Steady", "One nine", "Low"]
    settings.RATINGS_TOP_PRIOR_MEAN = 9.5  # a generous prior lifts the single vote
    assert top_rated_titles(client)[0] == "One nine"


def test_top_rated_leaves_out_unpublished_and_is_on_the_first_page_only(
    client, make_article, cast_votes, settings
):
    settings.ARTICLES_PER_PAGE = 1
    live = make_article(title="Live")
    cast_votes(live, stars=[8])
    later = make_article(title="Later")
    cast_votes(later, stars=[9])
    Article.objects.filter(pk=later.pk).update(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1)
    )
    make_article(title="Second")
    assert top_rated_titles(client) == ["Live"]
    assert "Top rated" not in client.get("/?page=2").content.decode()


def test_top_rated_is_left_out_while_nothing_is_rated(client, make_article):
    make_article()
    assert top_rated_titles(client) is None


def test_top_rated_length_is_a_setting(client, make_article, cast_votes, settings):
    settings.RATINGS_TOP_COUNT = 2
    for number in range(4):
        cast_votes(make_article(title=f"Rated {number}"), stars=[5 + number])
    assert top_rated_titles(client) == ["Rated 3", "Rated 2"]


# Query counts


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "reader"])
def test_article_page_queries_do_not_grow_with_votes(
    client, article, cast_votes, reader, logged_in, settings
):
    settings.CACHING_PAGE_SECONDS = 0  # count what rendering the page costs
    settings.CACHING_FRAGMENT_SECONDS = 0
    if logged_in:
        client.force_login(reader)
        vote_cast(user=reader, article=article, score=5)
        thumb_cast(user=reader, article=article, value=1)
    cast_votes(article, stars=[7], thumbs=[1])
    few = count_queries(client, article.get_absolute_url())
    cast_votes(article, stars=[n % 10 + 1 for n in range(50)], thumbs=[1, -1] * 10)
    many = count_queries(client, article.get_absolute_url())
    assert many == few
    # The article page's own 5 (article, story count, steps, categories, tags: the spread
    # comes with the totals), the review byline and sources, "When to get help now",
    # "Read next", the thread, "Did this help?", and for a reader their votes (one query),
    # whether they are suspended (one look-up for all the panels) and what they follow on
    # the article, besides the session and user.
    assert many == (5 + 3 + 1 + 1 + 1 + 1 + 1 + 1 + 2 if logged_in else 5 + 3 + 1 + 1 + 1)


def test_lists_do_not_grow_with_rated_articles(client, make_article, cast_votes, settings):
    settings.CACHING_PAGE_SECONDS = 0  # count what rendering the page costs
    cast_votes(make_article(), stars=[6])
    few = count_queries(client, "/")
    for number in range(12):
        cast_votes(make_article(title=f"More {number}"), stars=[number % 10 + 1], thumbs=[1])
    assert count_queries(client, "/") == few
    assert count_queries(client, "/authors/maren/") == count_queries(client, "/authors/maren/")
