from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts import suspensions
from articles.extensions import render_article_page
from articles.models import Article

from . import confirm, preview
from .conf import conf
from .drafts import stash_draft
from .forms import CommentEditForm, CommentForm, FlagForm
from .models import Comment
from .moderation import CommentRefused
from .screening import RequestContext
from .services import can_edit, comment_create, comment_delete, comment_edit, comment_flag
from .sorting import query_string, reader_sort
from .threads import (
    REPLY_PARAMETER,
    build_thread,
    page_number_for,
    split_threads,
)

# A class on the message after a comment is saved: comments.js then forgets the draft it
# kept in the browser (published or held alike).
POSTED = "comment-posted"


def _respond_url(article, parent_id=None):
    query = f"?{urlencode({REPLY_PARAMETER: parent_id})}" if parent_id else ""
    return f"{article.get_absolute_url()}{query}#respond"


def _csrf_failure(request):
    """Django's CSRF check, run by hand (see post_comment)."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})


def _sent_from_another_site(request):
    """True when the browser says the form came from another site. The anonymous step has
    no CSRF token to check (see post_comment), but browsers name the sending origin on
    every cross-site POST (Origin; else Referer): without this check, any site could put
    a draft of its own in a visitor's comment box."""
    origin = request.headers.get("Origin")
    if origin is not None:
        own = f"{request.scheme}://{request.get_host()}"
        return origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS
    referer = request.headers.get("Referer")
    return bool(referer) and not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@csrf_exempt
@require_POST
def post_comment(request, slug):
    """Post a comment. Logged-in readers get Django's usual CSRF check. A reader who is not
    logged in only has their draft kept in their own session and is sent to log in; the
    form they used may come from a cached page carrying another visitor's CSRF token, and
    nothing is posted on their behalf, so that step needs no token."""
    if request.user.is_authenticated and (refusal := _csrf_failure(request)) is not None:
        return refusal
    if not request.user.is_authenticated and _sent_from_another_site(request):
        return import_string(settings.CSRF_FAILURE_VIEW)(request, reason="another site")
    article = get_object_or_404(Article.objects.on_site(), slug=slug)
    form = CommentForm(request.POST)
    parent_id = request.POST.get("parent") or None
    if preview.wants_preview(request):  # shown above the box; nothing saved
        return preview.article_page(request, article, form)
    if not request.user.is_authenticated:
        # Keep what they typed across the login (or a session that expired meanwhile).
        stash_draft(request, article, body=request.POST.get("body", ""), parent_id=parent_id)
        messages.info(request, _("Log in to post your comment. We have kept what you wrote."))
        return redirect_to_login(_respond_url(article, parent_id))
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
            if parent is None:
                form.add_error(None, _("The comment you are replying to is not available."))
        if not form.errors and confirm.wants_to_edit(request):  # back from the confirm page
            return render_article_page(request, slug, states={"comments": form})
        check = None if form.errors else confirm.check_posted(request, form.cleaned_data["body"])
        if check is not None and check.needs_confirming:  # red flags, privacy: ask first
            return confirm.new_comment_page(request, article=article, form=form, check=check)
        if not form.errors:
            try:
                comment = comment_create(
                    article=article,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    parent=parent,
                    notify_replies=form.cleaned_data["notify_replies"],
                    context=RequestContext.from_request(request),
                )
            except CommentRefused as refusal:
                form.add_error(refusal.field, refusal.message)
            else:
                # `comment-posted` tells comments.js to forget the browser's draft.
                if comment.status == Comment.Status.APPROVED:
                    messages.success(request, _("Your comment is posted."), extra_tags=POSTED)
                elif comment.status == Comment.Status.PENDING:
                    messages.info(
                        request,
                        _(
                            "Thanks! Your comment is awaiting moderation; only you can see "
                            "it until a moderator approves it."
                        ),
                        extra_tags=POSTED,
                    )
                else:
                    messages.info(
                        request, _("Thanks, your comment was received."), extra_tags=POSTED
                    )
                return redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
    # Show the article again with the form as the reader left it, and the reason.
    return render_article_page(request, slug, states={"comments": form}, status=400)


def _own_comment(request, pk):
    comment = get_object_or_404(Comment.objects.on_live_articles(), pk=pk)
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    if comment.author_id != request.user.pk:
        raise PermissionDenied(_("You can only change your own comments."))
    return comment, None


@require_http_methods(["GET", "POST"])
def edit_comment(request, pk):
    comment, login = _own_comment(request, pk)
    if login:
        return login
    if request.method != "POST":
        suspensions.check(request.user)  # a suspended reader is told why (403)
    if not can_edit(comment=comment, user=request.user):
        if request.method != "POST":
            raise PermissionDenied(
                _("The time for editing this comment has passed. You can still delete it.")
            )
        # The window closed while they were typing: give the text back with the reason.
        form = CommentEditForm(request.POST)
        form.is_valid()
        form.add_error(
            None,
            _(
                "The time for editing this comment has passed, so it is unchanged. What you "
                "typed is below: copy it to post it as a new comment. You can still delete "
                "the old one."
            ),
        )
        context = {"form": form, "comment": comment, "too_late": True}
        return render(request, "comments/edit.html", context, status=403)
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if preview.wants_preview(request):  # shown above the box; nothing saved
        return preview.edit_page(request, comment=comment, form=form)
    editing_again = request.method == "POST" and confirm.wants_to_edit(request)
    if request.method == "POST" and form.is_valid() and not editing_again:
        check = confirm.check_posted(request, form.cleaned_data["body"])
        if check.needs_confirming:  # red flags, privacy: ask first
            return confirm.edit_page(request, comment=comment, check=check)
        try:
            comment = comment_edit(
                comment=comment, user=request.user, body=form.cleaned_data["body"]
            )
        except CommentRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            if comment.status == Comment.Status.APPROVED:
                messages.success(request, _("Your comment is updated."))
            else:
                messages.info(
                    request,
                    _(
                        "Your comment is updated. A moderator will look at it before it "
                        "shows again; only you can see it meanwhile."
                    ),
                )
            return redirect(f"{comment.article.get_absolute_url()}#{comment.anchor}")
    status = 400 if request.method == "POST" and not editing_again else 200
    return render(request, "comments/edit.html", {"form": form, "comment": comment}, status=status)


@require_http_methods(["GET", "POST"])
def delete_comment(request, pk):
    comment, login = _own_comment(request, pk)
    if login:
        return login
    if comment.is_deleted:
        raise PermissionDenied(_("This comment is already deleted."))
    if request.method == "POST":
        gone = comment_delete(comment=comment, user=request.user)
        messages.success(
            request,
            _("Your comment is deleted.")
            if gone
            else _(
                "Your comment is deleted. Replies to it stay, under “This comment was deleted”."
            ),
        )
        return redirect(f"{comment.article.get_absolute_url()}#comments")
    return render(request, "comments/delete.html", {"comment": comment})


def permalink(request, pk):
    """/comments/<id>/ → the comment's place on its article page, on the right comment
    page when the thread is split into pages."""
    comment = get_object_or_404(Comment.objects.visible_to(request.user).on_live_articles(), pk=pk)
    visible = list(
        Comment.objects.visible_to(request.user)
        .for_article(comment.article)
        .order_by("created_at", "pk")
        .values_list("pk", "parent_id", "created_at", "helpful_count")
    )
    # In the reader's order of threads (comments.sorting), which the page keeps.
    sort = reader_sort(request)[0]
    nodes = build_thread([_Row(*row) for row in visible], sort=sort)
    roots = [node.comment.pk for node in nodes if node.depth == 1]
    root = next(
        (node_root for node_root, thread in _roots_by_member(nodes) if comment.pk in thread),
        comment.pk,
    )
    number = page_number_for(roots, root, per_page=conf.THREADS_PER_PAGE)
    query = query_string(sort, page=number if number > 1 else None).rstrip("?")
    return redirect(f"{comment.article.get_absolute_url()}{query}#{comment.anchor}")


class _Row:
    """A comment reduced to what threading needs."""

    def __init__(self, pk, parent_id, created_at=None, helpful_count=0):
        self.pk, self.parent_id = pk, parent_id
        self.created_at, self.helpful_count = created_at, helpful_count


def _roots_by_member(nodes):
    for thread in split_threads(nodes):
        yield thread[0].comment.pk, {node.comment.pk for node in thread}


@require_http_methods(["GET", "POST"])
def flag_comment(request, pk):
    """Report a comment to the moderators (readers with an account, once each)."""
    comment = get_object_or_404(
        Comment.objects.public().on_live_articles().select_related("author"),
        pk=pk,
        is_deleted=False,
    )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    suspension = suspensions.current(request.user)
    if suspension is not None and request.method != "POST":
        raise suspensions.Suspended(suspension)
    form = FlagForm(request.POST or None)
    status = 200
    if suspension is not None:  # refused, the note they typed kept on the form
        form.is_valid()
        form.add_error(None, suspensions.explain(suspension))
        status = 403
    elif request.method == "POST":
        if form.is_valid():
            try:
                comment_flag(
                    comment=comment,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except CommentRefused as refusal:
                messages.info(request, refusal.message)
            else:
                messages.success(request, _("Thank you. A moderator will look at this comment."))
            return redirect(f"{comment.article.get_absolute_url()}#comments")
        status = 400
    return render(request, "comments/flag.html", {"form": form, "comment": comment}, status=status)
