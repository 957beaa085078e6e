import errno

from django.http import Http404
from django.shortcuts import render
from django.views.static import serve


def csrf_failure(request, reason=""):
    """A form sent without its security token (CSRF_FAILURE_VIEW): the site's own page,
    saying what to do, instead of Django's bare one (whose inline style our CSP blocks)."""
    return render(request, "403_csrf.html", status=403)


def serve_media(request, path, document_root):
    """Uploads, when Django serves them (DJANGO_SERVE_MEDIA). A name the file system
    refuses (longer than it allows) is a file that is not there, not a server error."""
    try:
        return serve(request, path, document_root=document_root)
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:
            raise
        raise Http404("No such file.") from None
