from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent without its security token (CSRF_FAILURE_VIEW): the site's own page,
    saying what to do, instead of Django's bare one (whose inline style our CSP blocks)."""
    return render(request, "403_csrf.html", status=403)
