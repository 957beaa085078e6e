"""The "Preview" button of the comment box and of the edit page.

A preview is the form posted with `preview=1` (a second submit button): the page comes
back with the text as it will show (comments.markup, the sanitiser and all) above the
form, and the text still in the box. Nothing is saved, screened, or sent; there is no
confirm step (comments.confirm): that comes when the reader posts. Without JavaScript it
is a plain form post, like everything else in the comment box.

A visitor who is not logged in may preview too (it saves nothing); their text is also kept
as the draft that comes back after logging in, as "Log in and post" does.

With JavaScript (comments/static/comments/preview.js) the same post is sent in the
background and only the preview comes back (JSON), shown in place without reloading.
"""

from dataclasses import dataclass

from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from articles.extensions import render_article_page

from . import markup
from .drafts import stash_draft
from .forms import CommentEditForm, CommentForm
from .models import Comment
from .moderation import CommentRefused
from .services import check_body

PREVIEW_FIELD = "preview"


@dataclass(frozen=True)
class Previewed:
    """The comment section's state after a preview (comments.page.read_section): the
    posted form, and the HTML its text becomes ("" when the text was refused)."""

    form: CommentForm
    html: str


def wants_preview(request) -> bool:
    """The reader pressed "Preview" rather than "Post"."""
    return request.method == "POST" and bool(request.POST.get(PREVIEW_FIELD))


def render_preview(form, *, body_format=Comment.BodyFormat.MARKDOWN) -> str:
    """The HTML the form's text would become, or "" with the reason on the form (empty,
    too long), as posting would say it."""
    if not form.is_valid():
        return ""
    try:
        body = check_body(form.cleaned_data["body"])
    except CommentRefused as refusal:
        form.add_error(refusal.field, refusal.message)
        return ""
    return markup.render_body(body, body_format)


def article_page(request, article, form: CommentForm):
    """The article page again, the preview above the comment box (comments:post)."""
    html = render_preview(form)
    if not request.user.is_authenticated:
        stash_draft(
            request,
            article,
            body=request.POST.get("body", ""),
            parent_id=request.POST.get("parent") or None,
        )
    if _from_script(request):
        return _fragment(request, html, level=3)
    status = 200 if html else 400
    return render_article_page(
        request, article.slug, states={"comments": Previewed(form, html)}, status=status
    )


def edit_page(request, *, comment: Comment, form: CommentEditForm):
    """The edit page again, the preview above the box (comments:edit), by the comment's
    own rules (an older comment keeps its HTML rules)."""
    html = render_preview(form, body_format=comment.body_format)
    if _from_script(request):
        return _fragment(request, html, level=2)
    context = {"form": form, "comment": comment, "preview_html": html}
    return render(request, "comments/edit.html", context, status=200 if html else 400)


def _from_script(request) -> bool:
    """Sent by comments/static/comments/preview.js, which shows the preview in place."""
    return request.headers.get("X-Requested-With") == "fetch"


def _fragment(request, html, *, level):
    """The preview alone, for the script to put above the box. A refused text (empty, too
    long) gets no preview: the script then sends the form as a page does, to show why."""
    if not html:  # (200: the browser would log a 400 to fetch as an error)
        return JsonResponse({"preview": ""})
    fragment = render_to_string(
        "comments/preview.html", {"html": html, "level": level}, request=request
    )
    return JsonResponse({"preview": fragment.strip()})
