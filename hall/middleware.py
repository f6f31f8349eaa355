"""Request-wide behaviour of the hall's pages: the interface language and the error pages."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user picked English with the header's switch.

    Django's LocaleMiddleware follows the browser's Accept-Language; a hall's pages must not
    turn English because a clerk's browser (or an applicant's phone) happens to prefer it.
    The choice made with the switch is kept in the language cookie (set by `set_language`).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class HallErrorPagesMiddleware:
    """The hall's own 403 and 404 pages, in the user's language, with a way back — also when
    DEBUG is on (`make run`), where Django would show its technical pages.

    A view that raises Http404 or PermissionDenied gets the hall's page (process_exception runs
    before Django's DEBUG handler); an address that matches no URL (no view ran) too. A page a
    view renders with a 404 of its own (e.g. "查询码不正确") is left as it is, and API paths keep
    their JSON answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        unmatched = response.status_code == 404 and getattr(request, "resolver_match", None) is None
        if unmatched and not getattr(response, "hall_error_page", False) and not _is_api(request):
            return page_not_found(request)
        return response

    def process_exception(self, request, exception):
        if _is_api(request):
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return permission_denied(request, exception)
        return None


def _is_api(request):
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    response = render(request, "404.html", status=404)
    response.hall_error_page = True
    return response


def permission_denied(request, exception=None):
    response = render(request, "403.html", status=403)
    response.hall_error_page = True
    return response
