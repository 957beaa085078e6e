"""What the ratings app holds about a person (accounts/personal_data.py)."""

from . import services
from .models import StarVote, ThumbVote


def export(user) -> dict:
    return {
        "star_votes": [
            {"article": v.article.title, "stars": v.score, "given_at": v.updated_at.isoformat()}
            for v in StarVote.objects.filter(user=user).select_related("article").order_by("pk")
        ],
        "thumbs": [
            {
                "article": v.article.title,
                "thumb": v.get_value_display(),
                "given_at": v.updated_at.isoformat(),
            }
            for v in ThumbVote.objects.filter(user=user).select_related("article").order_by("pk")
        ],
    }


def erase(user, *, keep_comments: bool) -> None:
    """Withdraw each vote through the services, so that the totals shown stay exact."""
    for vote in StarVote.objects.filter(user=user).select_related("article"):
        services.vote_withdraw(user=user, article=vote.article)
    for vote in ThumbVote.objects.filter(user=user).select_related("article"):
        services.thumb_withdraw(user=user, article=vote.article)
