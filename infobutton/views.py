from __future__ import annotations

import json

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from infobutton.answers import answers
from infobutton.request import (
    ATOM,
    CACHED_PARAMETERS,
    HTML,
    JSON,
    BadRequest,
    language_of,
    parse,
)
from infobutton.responses import error_response, knowledge_response, to_atom
from oncolex.page_cache import cache_public_page

CONTENT_TYPES = {
    ATOM: "application/atom+xml; charset=utf-8",
    JSON: "application/json",
}


def _serialised(data: dict, response_type: str, *, status: int = 200) -> HttpResponse:
    if response_type == ATOM:
        body = to_atom(data)
    else:
        body = json.dumps(data, ensure_ascii=False)
    return HttpResponse(body, content_type=CONTENT_TYPES[response_type], status=status)


def _bad_request(request: HttpRequest, problem: BadRequest) -> HttpResponse:
    language = language_of(request.GET)
    if problem.response_type == HTML:
        with translation.override(language):
            response = render(
                request, "infobutton/error.html", {"problem": problem}, status=400
            )
    else:
        data = error_response(
            message=problem.message,
            code=problem.code,
            language=language,
            http_request=request,
        )
        response = _serialised(data, problem.response_type, status=400)
    response["Content-Language"] = language
    return response


@require_safe
@cache_public_page(params=CACHED_PARAMETERS)
def infobutton(request: HttpRequest) -> HttpResponse:
    """HL7 Infobutton knowledge request (URL-based): the published articles for
    the request's codes, as a redirect or a chooser page, Atom or JSON."""
    try:
        knowledge_request = parse(request.GET)
    except BadRequest as problem:
        return _bad_request(request, problem)
    found = answers(knowledge_request)
    if knowledge_request.response_type == HTML:
        if len(found) == 1:
            # Not permanent: tomorrow a second article may answer this code.
            return HttpResponseRedirect(found[0].version.get_absolute_url())
        with translation.override(knowledge_request.language):
            response = render(
                request,
                "infobutton/chooser.html",
                {"knowledge_request": knowledge_request, "answers": found},
            )
    else:
        data = knowledge_response(knowledge_request, found, request)
        response = _serialised(data, knowledge_request.response_type)
    response["Content-Language"] = knowledge_request.language
    return response
