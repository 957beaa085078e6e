"""The comment section of an article page: what comments adds there (comments/apps.py).

`read_section` is the panel's read function, called by the article view for each reader;
it does the request's part (takes the reader's saved draft out of the session) and hands
the rest to `comment_section`, which only reads and returns a plain `CommentSection` for
comments/article_panel.html to show.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.middleware.csrf import get_token
from django.urls import reverse

from accounts import suspensions

from .conf import conf
from .drafts import peek_draft, pop_draft
from .following import follow_state
from .forms import CommentForm
from .models import Comment, CommentThread
from .moderation import comments_closed
from .preview import Previewed
from .queries import answer_links, thread_trust
from .rendering import render_thread
from .services import can_delete, can_edit
from .sorting import SORT_PARAMETER, Sort, default_sort, query_string, reader_sort
from .threads import PAGE_PARAMETER, REPLY_PARAMETER, build_thread, page_of_threads

QUERY_PARAMETERS = (PAGE_PARAMETER, REPLY_PARAMETER, SORT_PARAMETER)


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
    # Set when the reader is suspended: shown in place of the form (suspensions.explain).
    suspended_message: str = ""
    # "Answers from our team": the pinned answers (comments.queries.AnswerLink).
    answers: tuple = ()
    # The order of the threads (comments.sorting) and the choices of the sort form.
    sort: str = ""
    sort_choices: tuple = tuple(Sort.choices)
    sort_parameter: str = SORT_PARAMETER
    # Top-level threads shown to this reader (the sort form shows from two on).
    thread_count: int = 0
    # The follow buttons (comments.following.FollowState), for a logged-in reader.
    follow: object = None
    # What the reader's text will look like, after "Preview" (comments/preview.py).
    preview_html: str = ""

    @property
    def previous_page_query(self) -> str:
        return query_string(self.sort, page=self.comment_page.previous_page_number())

    @property
    def next_page_query(self) -> str:
        return query_string(self.sort, page=self.comment_page.next_page_number())


class _OpenThread:
    is_closed = False


_OPEN = _OpenThread()


def read_section(request, article, form=None):
    """The panel's read function: `form` is the state a refused post hands over (the
    reader's text and the reason) or a preview (comments.preview.Previewed), else the
    reader's saved draft fills the form."""
    draft = None
    preview_html = ""
    if isinstance(form, Previewed):
        form, preview_html = form.form, form.html
    if form is None:
        # A logged-in reader gets the draft back once (it is theirs now); a visitor keeps
        # it in the session until they log in.
        draft = (
            pop_draft(request, article)
            if request.user.is_authenticated
            else peek_draft(request, article)
        )
    sort, sort_as_asked = reader_sort(request)
    return comment_section(
        article=article,
        user=request.user,
        sort=sort,
        sort_as_asked=sort_as_asked,
        page=request.GET.get(PAGE_PARAMETER),
        reply_to_id=request.GET.get(REPLY_PARAMETER),
        draft=draft,
        form=form,
        suspension=suspensions.of_request(request),
        csrf_token=get_token(request) if request.user.is_authenticated else None,
        preview_html=preview_html,
    )


def comment_section(
    *,
    article,
    user,
    sort=None,
    sort_as_asked=True,
    page=None,
    reply_to_id=None,
    draft=None,
    form=None,
    suspension=None,
    csrf_token=None,
    preview_html="",
):
    """The comment section, in two queries: the thread (with authors) and the thread's
    open/closed switch (joined already when the article came through the extension's
    queryset). A suspended reader (`suspension`, accounts.suspensions) is shown why in
    place of the form, and no Reply, Edit or Report; they can still delete their own
    comments, and a refused post's text stays on the page for them to copy."""
    sort = sort or default_sort()
    comments = Comment.objects.visible_to(user).for_article(article).thread_rows(voter=user)
    # Badges and pinned answers: one more query, whatever the thread's length.
    trust = thread_trust(article=article, comments=comments, user=user)
    flat = build_thread(comments, answers=trust.answers, sort=sort)
    thread_count = sum(1 for node in flat if node.depth == 1)
    thread, comment_page = page_of_threads(flat, per_page=conf.THREADS_PER_PAGE, number=page)
    storable = sort_as_asked and (
        page is None or page == str(comment_page.number if comment_page else 1)
    )
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
        c.pk: (
            suspension is None and can_edit(comment=c, user=user),
            can_delete(comment=c, user=user),
        )
        for c in comments
        if user.is_authenticated and c.author_id == user.pk
    }
    for node in thread:
        node.can_edit, node.can_delete = now_editable.get(node.comment.pk, (False, False))

    follow = follow_state(article=article, user=user, csrf_token=csrf_token)
    next_url = f"{article.get_absolute_url()}#respond"
    # "#" encoded (%23): raw, the browser takes it as the fragment of the login page and
    # the reader lands at the top of the article instead of back at the form.
    next_query = f"?next={quote(next_url, safe='/')}"
    return CommentSection(
        article=article,
        thread_html=render_thread(
            thread,
            user=user,
            closed=closed,
            can_take_part=suspension is None,
            badges=trust.badges,
            csrf_token=csrf_token if trust.may_pin and suspension is None else None,
            vote_token=csrf_token if suspension is None else None,
            followed=follow.threads if follow else None,
            follow_token=follow.csrf_token if follow else "",
        ),
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
        # A suspended reader's page is their own (never kept, whatever the cache's rules).
        storable=storable and suspension is None,
        suspended_message=suspensions.explain(suspension) if suspension else "",
        answers=tuple(
            answer_links(trust, comments, shown_ids={node.comment.pk for node in thread})
        ),
        sort=sort,
        thread_count=thread_count,
        follow=follow,
        preview_html=preview_html,
    )
