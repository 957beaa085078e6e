"""Old WordPress addresses answered with a permanent redirect (wpimport.addresses).

Like django.contrib.redirects' RedirectFallbackMiddleware, an address is looked up only
when the site has nothing there (a 404): a working page is never shadowed, and other
requests cost nothing. The exception is WordPress's query forms on the root (/?p=123,
/?page_id=7, /?attachment_id=9), which the home page would otherwise answer: those are
looked up before the view. Goes near the end of MIDDLEWARE (after AuthenticationMiddleware:
a draft's old address leads staff to it, and nobody else)."""

from django.http import HttpResponsePermanentRedirect

from .addresses import is_query_form, redirect_target

_READS = ("GET", "HEAD")


def old_wordpress_addresses(get_response):
    def middleware(request):
        if request.method in _READS and is_query_form(request):
            target = redirect_target(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        response = get_response(request)
        if response.status_code == 404 and request.method in _READS:
            target = redirect_target(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        return response

    return middleware
