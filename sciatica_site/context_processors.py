from django.conf import settings
from django.utils import timezone


def site(request):
    """Site-wide values for the layout: the name, and the year for the copyright line."""
    return {
        "site_name": settings.SITE_NAME,
        "site_description": settings.SITE_DESCRIPTION,
        "current_year": timezone.localdate().year,
    }
