from django.shortcuts import get_object_or_404, render

from articles import extensions
from articles.models import Article
from articles.views import paginate

from .models import Reviewer, ReviewPolicy


def reviewer_detail(request, slug):
    """A reviewer's public profile, with the published articles they last reviewed."""
    reviewer = get_object_or_404(Reviewer, slug=slug)
    reviewed = Article.objects.published().posts().filter(medical_review__reviewer=reviewer)
    page = paginate(request, extensions.extend_queryset(reviewed.for_listing()))
    context = {
        "reviewer": reviewer,
        "interval_months": ReviewPolicy.current().interval_months,
        "page_obj": page,
        "articles": page.object_list,
        "card_panels": extensions.card_templates(),
    }
    return render(request, "medical/reviewer_detail.html", context)
