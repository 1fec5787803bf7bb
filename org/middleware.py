"""The portal speaks Simplified Chinese unless the user picks English.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a clerk
on an English-language Windows would get an English portal without asking for
it. Only the language switch (its cookie) changes the language here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class IgnoreBrowserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
