"""The confirm step before a comment, reply or edit is saved (the rules: comments.checks).

The page shows the urgent-care message (red-flag symptoms) and the parts of the text that
may identify someone (privacy), and offers two buttons in one form: "Edit my comment"
(the text goes back into the comment box, the article page shown again from the posted
form: nothing is kept on the server meanwhile, not even in the session) and "Post
anyway" (the same text with the token of comments.checks.confirmation_token: the normal
post follows, screening and all).
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import pgettext

from medical.safety import urgent_care

from .checks import CONFIRM_FIELD, SEEN_FIELD, check_before_saving

EDIT_FIELD = "edit"


def wants_to_edit(request):
    """The reader chose "Edit my comment" on the confirm page."""
    return bool(request.POST.get(EDIT_FIELD))


def check_posted(request, body):
    """comments.checks.check_before_saving for the posted text, with what the form sent
    back (the confirm page's token, the parts the page showed inline)."""
    return check_before_saving(
        body, confirm=request.POST.get(CONFIRM_FIELD), seen=request.POST.get(SEEN_FIELD)
    )


def _page(request, check, *, action, edit_action, hidden, article, what):
    context = {
        "check": check,
        "urgent": urgent_care() if check.red_flags else None,
        "action": action,
        "edit_action": edit_action,
        "hidden": [("body", check.body), *hidden, (CONFIRM_FIELD, check.token)],
        "edit_field": EDIT_FIELD,
        "article": article,
        "what": what,
    }
    return render(request, "comments/confirm.html", context)


def new_comment_page(request, *, article, form, check):
    """The confirm page for a comment or reply (comments:post)."""
    action = reverse("comments:post", kwargs={"slug": article.slug})
    hidden = []
    if form.cleaned_data.get("parent"):
        hidden.append(("parent", str(form.cleaned_data["parent"])))
    if form.cleaned_data.get("notify_replies"):
        hidden.append(("notify_replies", "on"))
    # Nouns put into the page's sentences ("Your reply may show who you are").
    if form.cleaned_data.get("parent"):
        what = pgettext("what the reader is posting", "reply")
    else:
        what = pgettext("what the reader is posting", "comment")
    return _page(
        request,
        check,
        action=action,
        edit_action=f"{action}#respond",
        hidden=hidden,
        article=article,
        what=what,
    )


def edit_page(request, *, comment, check):
    """The confirm page for an edit of a comment (comments:edit)."""
    action = reverse("comments:edit", kwargs={"pk": comment.pk})
    return _page(
        request,
        check,
        action=action,
        edit_action=action,
        hidden=[],
        article=comment.article,
        what=pgettext("what the reader is posting", "comment"),
    )
