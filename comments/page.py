"""The comment section of an article page: what comments adds there (comments/apps.py).

`read_section` is the panel's read function, called by the article view for each reader;
it does the request's part (takes the reader's saved draft out of the session) and hands
the rest to `comment_section`, which only reads and returns a plain `CommentSection` for
comments/article_panel.html to show.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse

from .conf import conf
from .drafts import peek_draft, pop_draft
from .forms import CommentForm
from .models import Comment, CommentThread
from .moderation import comments_closed
from .rendering import render_thread
from .services import can_delete, can_edit
from .threads import PAGE_PARAMETER, REPLY_PARAMETER, build_thread, page_of_threads

QUERY_PARAMETERS = (PAGE_PARAMETER, REPLY_PARAMETER)


@dataclass(frozen=True)
class CommentSection:
    """Everything the comment section shows for one article and one reader."""

    article: object
    thread_html: str
    count: int
    comment_page: object
    closed: bool
    form: CommentForm
    reply_to: object
    draft_notice: bool
    user: object
    post_url: str
    login_url: str
    signup_url: str
    max_length: int
    # False when the page was not rendered as asked (a comment page past the end, a reply
    # to no comment): served, but not kept in the page cache.
    storable: bool = True
    page_parameter: str = PAGE_PARAMETER


class _OpenThread:
    is_closed = False


_OPEN = _OpenThread()


def read_section(request, article, form=None):
    """The panel's read function: `form` is the state a refused post hands over (the
    reader's text and the reason), else the reader's saved draft fills the form."""
    draft = None
    if form is None:
        # A logged-in reader gets the draft back once (it is theirs now); a visitor keeps
        # it in the session until they log in.
        draft = (
            pop_draft(request, article)
            if request.user.is_authenticated
            else peek_draft(request, article)
        )
    return comment_section(
        article=article,
        user=request.user,
        page=request.GET.get(PAGE_PARAMETER),
        reply_to_id=request.GET.get(REPLY_PARAMETER),
        draft=draft,
        form=form,
    )


def comment_section(*, article, user, page=None, reply_to_id=None, draft=None, form=None):
    """The comment section, in two queries: the thread (with authors) and the thread's
    open/closed switch (joined already when the article came through the extension's
    queryset)."""
    comments = Comment.objects.visible_to(user).for_article(article).thread_rows()
    thread, comment_page = page_of_threads(
        build_thread(comments), per_page=conf.THREADS_PER_PAGE, number=page
    )
    storable = page is None or page == str(comment_page.number if comment_page else 1)
    public_count = sum(
        1 for c in comments if c.status == Comment.Status.APPROVED and not c.is_deleted
    )
    try:
        thread_row = article.comment_thread
    except CommentThread.DoesNotExist:
        thread_row = None
    closed = comments_closed(article, thread=thread_row or _OPEN)

    draft_notice = False
    if form is None:
        initial = {}
        if draft:
            initial = {"body": draft["body"], "parent": draft.get("parent")}
            draft_notice = user.is_authenticated
        if reply_to_id and reply_to_id.isascii() and reply_to_id.isdigit():
            initial["parent"] = int(reply_to_id)
        form = CommentForm(initial=initial)
        parent_id = initial.get("parent")
    else:
        parent_id = form.data.get("parent")
    reply_to = None
    if parent_id:
        reply_to = next((c for c in comments if str(c.pk) == str(parent_id)), None)
        if reply_to is None and not form.is_bound:
            form = CommentForm(initial={**form.initial, "parent": None})
    if reply_to_id and reply_to is None:
        storable = False

    now_editable = {
        c.pk: (can_edit(comment=c, user=user), can_delete(comment=c, user=user))
        for c in comments
        if user.is_authenticated and c.author_id == user.pk
    }
    for node in thread:
        node.can_edit, node.can_delete = now_editable.get(node.comment.pk, (False, False))

    next_url = f"{article.get_absolute_url()}#respond"
    # "#" encoded (%23): raw, the browser takes it as the fragment of the login page and
    # the reader lands at the top of the article instead of back at the form.
    next_query = f"?next={quote(next_url, safe='/')}"
    return CommentSection(
        article=article,
        thread_html=render_thread(thread, user=user, closed=closed),
        count=public_count,
        comment_page=comment_page,
        closed=closed,
        form=form,
        reply_to=reply_to,
        draft_notice=draft_notice,
        user=user,
        post_url=reverse("comments:post", kwargs={"slug": article.slug}),
        login_url=f"{reverse('account_login')}{next_query}",
        signup_url=f"{reverse('account_signup')}{next_query}",
        max_length=conf.MAX_LENGTH,
        storable=storable,
    )
