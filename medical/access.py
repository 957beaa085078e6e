"""Who works on which articles in the back office."""


def sees_all_articles(user):
    """Editors and reviewers work on every article; authors on their own."""
    return user.has_perm("articles.edit_others_articles") or may_decide(user)


def may_decide(user):
    """Whether the user may approve or send back a review (the Reviewers role)."""
    return user.has_perm("medical.decide_reviewrequest")
