from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def comment_count_heading(count):
    if not count:
        return _("No comments yet")
    return ngettext("%(count)s Comment", "%(count)s Comments", count) % {"count": count}
