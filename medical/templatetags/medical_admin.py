from django import template

from articles.models import Article

from ..access import sees_all_articles
from ..models import ReviewRequest
from ..queries import overdue_reviews, with_review_state

register = template.Library()

OVERDUE_SHOWN = 10


@register.inclusion_tag("medical/admin/index_summary.html", takes_context=True)
def medical_review_summary(context):
    """Medical review on the admin index: how many articles wait for a reviewer, how many
    were edited since their review, and the reviews overdue (the longest first). For those
    who see the review states; an author sees their own articles'. Three queries."""
    user = context["request"].user
    if not user.has_perm("medical.view_medicalarticle"):
        return {"summary": None}
    articles, requests, overdue = (
        Article.objects.all(),
        ReviewRequest.objects.all(),
        overdue_reviews(),
    )
    if not sees_all_articles(user):
        articles = articles.filter(author=user)
        requests = requests.filter(article__author=user)
        overdue = overdue.filter(article__author=user)
    overdue = list(overdue[: OVERDUE_SHOWN + 1])
    return {
        "summary": {
            "waiting": requests.filter(status=ReviewRequest.Status.WAITING).count(),
            "updated": with_review_state(articles).filter(updated_since_review=True).count(),
            "overdue": overdue[:OVERDUE_SHOWN],
            "more_overdue": len(overdue) > OVERDUE_SHOWN,
        }
    }
