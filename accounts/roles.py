"""The back-office roles, as groups with permissions. Created by a data migration
(accounts/migrations/0002_roles.py) calling `sync_roles`; a later migration that changes
ROLES calls it again (0005_reviewers_role.py, 0007_moderators_suspensions.py).
`manage.py grant_role` puts a person in a role."""

AUTHORS = "Authors"
EDITORS = "Editors"
MODERATORS = "Moderators"
REVIEWERS = "Reviewers"

_AUTHOR_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_guidestep",
    "articles.change_guidestep",
    "articles.delete_guidestep",
    "articles.view_guidestep",
    # The media library of images for the text: upload, describe, pick.
    "articles.add_articleimage",
    "articles.change_articleimage",
    "articles.view_articleimage",
    "articles.view_category",
    "articles.view_tag",
    "articles.add_tag",
    # Medical review: their articles' sources and review states; asking for a review.
    "medical.view_medicalarticle",
    "medical.change_medicalarticle",
    "medical.add_source",
    "medical.change_source",
    "medical.delete_source",
    "medical.view_source",
    "medical.add_reviewrequest",
    "medical.view_reviewrequest",
    "medical.view_reviewer",
]

ROLES = {
    AUTHORS: _AUTHOR_PERMISSIONS,
    EDITORS: _AUTHOR_PERMISSIONS
    + [
        "articles.edit_others_articles",
        "articles.delete_article",
        "articles.add_category",
        "articles.change_category",
        "articles.delete_category",
        "articles.change_tag",
        "articles.delete_tag",
        "accounts.view_user",
        "comments.change_commentthread",
        "comments.view_commentthread",
        "comments.view_screeningphrase",
        "comments.add_screeningphrase",
        "comments.change_screeningphrase",
        "comments.delete_screeningphrase",
        "medical.add_reviewer",
        "medical.change_reviewer",
        "medical.view_reviewpolicy",
        "medical.change_reviewpolicy",
        "medical.view_urgentcare",
        "medical.add_urgentcare",
        "medical.change_urgentcare",
        "medical.view_helpbox",
        "medical.add_helpbox",
        "medical.change_helpbox",
        "medical.delete_helpbox",
    ],
    MODERATORS: [
        "articles.view_article",
        "accounts.view_user",
        "comments.view_comment",
        "comments.moderate_comment",
        "comments.view_flag",
        # Suspensions: added, changed (the reason) and lifted, never deleted (history).
        "accounts.view_suspension",
        "accounts.add_suspension",
        "accounts.change_suspension",
        "comments.view_screeningphrase",
        "comments.add_screeningphrase",
        "comments.change_screeningphrase",
        "comments.delete_screeningphrase",
        "comments.view_moderationevent",
        "comments.view_notification",
        "comments.view_commentthread",
        "comments.change_commentthread",
    ],
    # Clinicians: the review queue, approving or sending back; every article's review
    # state and sources (read only); their own profile.
    REVIEWERS: [
        "articles.view_article",
        "medical.view_medicalarticle",
        "medical.view_source",
        "medical.view_reviewrequest",
        "medical.decide_reviewrequest",
        "medical.view_reviewer",
        "medical.change_reviewer",
    ],
}


def sync_roles(group_model, permission_model):
    """Create the groups and give each exactly its permissions (names that do not exist
    are ignored, so this also runs in migrations before later apps exist)."""
    for name, codes in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.extend(
                permission_model.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(permissions)
