from django import template

register = template.Library()


@register.filter
def comment_count_heading(count):
    if not count:
        return "No comments yet"
    return f"{count} Comment{'s' if count != 1 else ''}"
