"""Middleware that refuses what no database column can hold before any view sees it.

PostgreSQL stores no NUL character in text or JSON ("\\u0000 cannot be converted to text"), so a
form field, a query parameter or a JSON body carrying one would end in a 500 there (and be
stored on SQLite, to break later). A transcript file is not checked here: the reader refuses
control characters itself with a message naming the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

__all__ = ["refuse_nul_characters"]


def refuse_nul_characters(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: a 400 for a request whose fields or JSON body hold a NUL character."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            message = _("The request holds a NUL character (\\0), which no text can contain.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return get_response(request)

    return middleware


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.get_full_path() or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    try:
        if request.content_type == "application/json":
            body = request.body
            return b"\x00" in body or (b"\\u0000" in body and _json_has_nul(body))
        return any("\x00" in value for values in request.POST.lists() for value in values[1])
    except RequestDataTooBig:
        return False  # the view answers 413 itself, reading the body again


def _json_has_nul(body: bytes) -> bool:
    # "\\u0000" in the raw body may be a backslash written as text: only a decoded NUL counts.
    try:
        stack: list[object] = [json.loads(body)]
    except (ValueError, RecursionError):
        return False  # not JSON: the API answers that itself
    while stack:
        item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
