"""What the "Did this help?" app holds about a person (accounts/personal_data.py)."""

from . import services
from .models import Answer


def export(user) -> dict:
    return {
        "did_this_help_answers": [
            {
                "article": a.article.title,
                "step": a.step.position if a.step_id else None,
                "answer": a.get_choice_display(),
                "given_at": a.updated_at.isoformat(),
            }
            for a in Answer.objects.filter(user=user)
            .select_related("article", "step")
            .order_by("pk")
        ]
    }


def erase(user, *, keep_comments: bool) -> None:
    """Withdraw each answer through the services, so that the totals stay exact."""
    for answer in Answer.objects.filter(user=user).select_related("article", "step"):
        services.answer_withdraw(user=user, article=answer.article, step=answer.step)
