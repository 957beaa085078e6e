"""{% privacy_checks %}: what the inline privacy hints need (comments/static/comments/
checks.js): its stylesheet, the detectors' patterns as JSON data (not a script the CSP
would refuse) and the script itself. Placed once on a page with a comment box."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, json_script

from comments.checks import patterns_for_browser

register = template.Library()


@register.simple_tag
def privacy_checks():
    return format_html(
        '<link rel="stylesheet" href="{}">{}<script src="{}" defer></script>',
        static("comments/checks.css"),
        json_script(patterns_for_browser(), "privacy-patterns"),
        static("comments/checks.js"),
    )
