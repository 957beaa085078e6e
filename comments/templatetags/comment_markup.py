"""{% formatting_help %}: the examples of what a comment may contain, under the box."""

from django import template
from django.utils.safestring import mark_safe

from comments import markup

register = template.Library()


@register.inclusion_tag("comments/formatting_help.html")
def formatting_help():
    return {
        "examples": [
            # `shown` is the sanitiser's output (comments.markup.render_markdown).
            (what, typed, mark_safe(shown))  # noqa: S308
            for what, typed, shown in markup.examples()
        ]
    }
