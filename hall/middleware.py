"""Request-wide behaviour of the hall's pages: the interface language and the error pages."""

from django.conf import settings
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


ERROR_TEMPLATES = {403: "403.html", 404: "404.html"}


class HallErrorPagesMiddleware:
    """The hall's own 403 and 404 pages, in the user's language, with a way back — also when
    DEBUG is on (`make run`), where Django would show its technical pages. API paths keep their
    JSON answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        template = ERROR_TEMPLATES.get(response.status_code)
        if template is None or getattr(response, "hall_error_page", False) or request.path.startswith("/api/"):
            return response
        if "html" not in response.get("Content-Type", "text/html"):
            return response
        page = render(request, template, status=response.status_code)
        page.hall_error_page = True
        return page


def page_not_found(request, exception=None):
    response = render(request, "404.html", status=404)
    response.hall_error_page = True
    return response


def permission_denied(request, exception=None):
    response = render(request, "403.html", status=403)
    response.hall_error_page = True
    return response
