from django.conf import settings
from django.utils import timezone, translation


def language_tag():
    """The active language as a BCP 47 tag for <html lang>: "en-gb" → "en-GB"."""
    return translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE).replace(
        "_", "-"
    )


def site(request):
    """Site-wide values for the layout: the name, the year for the copyright line, and the
    active language as a BCP 47 tag for <html lang> ("en-gb" → "en-GB")."""
    return {
        "language_tag": language_tag(),
        "site_name": settings.SITE_NAME,
        "site_description": settings.SITE_DESCRIPTION,
        "current_year": timezone.localdate().year,
    }
