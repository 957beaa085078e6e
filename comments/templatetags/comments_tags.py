from urllib.parse import quote

from django import template
from django.urls import reverse

from articles import page_cache

from ..conf import conf
from ..drafts import peek_draft, pop_draft
from ..forms import CommentForm
from ..models import Comment, CommentThread
from ..moderation import comments_closed
from ..rendering import render_thread
from ..services import can_delete, can_edit
from ..threads import build_thread, page_of_threads

register = template.Library()


@register.inclusion_tag("comments/article_panel_body.html", takes_context=True)
def comments_panel(context, article):
    """Everything the comment section needs, in two queries: the thread (with authors)
    and the thread's open/closed switch (joined already when the article page used
    comments.queries.with_thread)."""
    request = context["request"]
    user = request.user
    comments = Comment.objects.visible_to(user).for_article(article).thread_rows()
    asked_page = request.GET.get("cpage")
    thread, comment_page = page_of_threads(
        build_thread(comments), per_page=conf.THREADS_PER_PAGE, number=asked_page
    )
    if asked_page is not None and asked_page != str(comment_page.number if comment_page else 1):
        page_cache.keep_out_of_cache(request)  # not the page asked for: not kept
    public_count = sum(
        1 for c in comments if c.status == Comment.Status.APPROVED and not c.is_deleted
    )
    try:
        thread_row = article.comment_thread
    except CommentThread.DoesNotExist:
        thread_row = None
    closed = comments_closed(article, thread=thread_row or _OPEN)

    reply_to = None
    form = getattr(request, "comment_form", None)
    draft_notice = False
    if form is None:
        if user.is_authenticated:
            draft = pop_draft(request, article)
        else:
            draft = peek_draft(request, article)
        initial = {}
        if draft:
            initial = {"body": draft["body"], "parent": draft.get("parent")}
            draft_notice = user.is_authenticated
        requested_parent = request.GET.get("replytocom")
        if requested_parent and requested_parent.isascii() and requested_parent.isdigit():
            initial["parent"] = int(requested_parent)
        form = CommentForm(initial=initial)
        parent_id = initial.get("parent")
    else:
        parent_id = form.data.get("parent")
    if parent_id:
        reply_to = next((c for c in comments if str(c.pk) == str(parent_id)), None)
        if reply_to is None and not form.is_bound:
            form = CommentForm(initial={**form.initial, "parent": None})
    if request.GET.get("replytocom") and reply_to is None:
        page_cache.keep_out_of_cache(request)  # no such comment to reply to: not kept

    now_editable = {
        c.pk: (can_edit(comment=c, user=user), can_delete(comment=c, user=user))
        for c in comments
        if user.is_authenticated and c.author_id == user.pk
    }
    for node in thread:
        node.can_edit, node.can_delete = now_editable.get(node.comment.pk, (False, False))

    next_url = f"{article.get_absolute_url()}#respond"
    return {
        "article": article,
        "thread_html": render_thread(thread, user=user, closed=closed),
        "count": public_count,
        "comment_page": comment_page,
        "closed": closed,
        "form": form,
        "reply_to": reply_to,
        "draft_notice": draft_notice,
        "user": user,
        "request": request,
        "csp_nonce": context.get("csp_nonce"),
        "post_url": reverse("comments:post", kwargs={"slug": article.slug}),
        # "#" encoded (%23): raw, the browser takes it as the fragment of the login page
        # and the reader lands at the top of the article instead of back at the form.
        "login_url": f"{reverse('account_login')}?next={quote(next_url, safe='/')}",
        "signup_url": f"{reverse('account_signup')}?next={quote(next_url, safe='/')}",
        "max_length": conf.MAX_LENGTH,
    }


class _OpenThread:
    is_closed = False


_OPEN = _OpenThread()


@register.filter
def comment_count_heading(count):
    if not count:
        return "No comments yet"
    return f"{count} Comment{'s' if count != 1 else ''}"
