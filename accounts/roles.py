"""The back-office roles, as groups with permissions. Created by a data migration
(accounts/migrations/0002_roles.py) calling `sync_roles`; a later migration that changes
ROLES calls it again. `manage.py grant_role` puts a person in a role."""

AUTHORS = "Authors"
EDITORS = "Editors"
MODERATORS = "Moderators"

_AUTHOR_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_guidestep",
    "articles.change_guidestep",
    "articles.delete_guidestep",
    "articles.view_guidestep",
    "articles.view_category",
    "articles.view_tag",
    "articles.add_tag",
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
    ],
    MODERATORS: [
        "articles.view_article",
        "accounts.view_user",
        "comments.view_comment",
        "comments.moderate_comment",
        "comments.view_flag",
        "comments.view_ban",
        "comments.add_ban",
        "comments.change_ban",
        "comments.delete_ban",
        "comments.view_moderationevent",
        "comments.view_notification",
        "comments.view_commentthread",
        "comments.change_commentthread",
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
