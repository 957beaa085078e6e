"""A comment draft kept in the session across a login, so nothing typed is lost."""

SESSION_KEY = "comment_drafts"


def stash_draft(request, article, *, body, parent_id=None):
    drafts = request.session.get(SESSION_KEY, {})
    drafts[str(article.pk)] = {"body": body[:20000], "parent": parent_id}
    request.session[SESSION_KEY] = drafts


def pop_draft(request, article):
    """The draft kept for this article, removed from the session (or None)."""
    drafts = request.session.get(SESSION_KEY)
    if not drafts or str(article.pk) not in drafts:
        return None
    draft = drafts.pop(str(article.pk))
    request.session[SESSION_KEY] = drafts
    return draft


def peek_draft(request, article):
    return (request.session.get(SESSION_KEY) or {}).get(str(article.pk))
