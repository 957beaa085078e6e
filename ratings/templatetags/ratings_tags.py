import math

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from ..queries import summary_of, top_rated

register = template.Library()


def _number(value):
    """SVG number text: 2.3, -0.4 as -.4, 7.0 as 7."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _star_path(count=10, size=20, outer=9.6, inner=3.9):
    """One SVG path drawing `count` five-pointed stars in a row, each `size` wide. Written
    with relative moves, so each star after the first costs a few dozen characters."""
    points = []
    for corner in range(10):
        radius = outer if corner % 2 == 0 else inner
        angle = math.radians(-90 + corner * 36)
        points.append(
            (
                round(radius * math.cos(angle), 1),
                round(size / 2 + 0.6 + radius * math.sin(angle), 1),
            )
        )
    steps = "l" + " ".join(
        f"{_number(x2 - x1)} {_number(y2 - y1)}"
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False)
    )
    first = f"M{_number(size / 2)} {_number(points[0][1])}{steps}z"
    return first + f"m{size} 0{steps}z" * (count - 1)


STARS_PATH = _star_path()
ONE_STAR_PATH = _star_path(count=1)
SIZES = {"small": (100, 10), "large": (180, 18)}


@register.simple_tag
def star_meter(percent, size="small"):
    """A row of ten stars filled to `percent` (73 for 7.3/10), drawn with SVG attributes
    only (the CSP allows no style attributes). Decorative: the text beside it says the
    rating."""
    width, height = SIZES.get(size, SIZES["small"])
    percent = max(0, min(100, int(percent or 0)))
    return format_html(
        '<svg class="stars stars--{size}" viewBox="0 0 200 21" width="{width}" '
        'height="{height}" aria-hidden="true" focusable="false">'
        '<path class="stars__empty" fill="#dfe5e1" stroke="#8a96a3" stroke-width="0.8" '
        'd="{path}"/>'
        '<svg width="{percent}%" height="100%"><path class="stars__full" fill="#b7791f" '
        'stroke="#8a5a12" stroke-width="0.8" d="{path}"/></svg></svg>',
        size=size,
        width=width,
        height=height,
        percent=percent,
        path=STARS_PATH,
    )


@register.simple_tag
def star_icon():
    """One star for the rating picker; CSS colours it by state."""
    return format_html(
        '<svg class="star-picker__icon" viewBox="0 0 20 21" width="28" height="28" '
        'aria-hidden="true" focusable="false"><path d="{}"/></svg>',
        ONE_STAR_PATH,
    )


@register.simple_tag(takes_context=True)
def ratings_stylesheet(context):
    """The ratings stylesheet, once per page however many cards ask for it."""
    request = context.get("request")
    if request is not None:
        if getattr(request, "_ratings_stylesheet_linked", False):
            return ""
        request._ratings_stylesheet_linked = True
    return format_html('<link rel="stylesheet" href="{}">', static("ratings/ratings.css"))


@register.simple_tag
def top_rated_articles():
    """{% top_rated_articles as top %}: the home page's "Top rated" list, one query."""
    return list(top_rated())


@register.filter
def rating_summary(article):
    """{{ article|rating_summary }}: its totals, empty when nobody has voted yet."""
    return summary_of(article)


@register.filter
def signed(number):
    """+4, 0, -2: the thumbs score with its sign."""
    number = int(number or 0)
    return f"+{number}" if number > 0 else str(number)
