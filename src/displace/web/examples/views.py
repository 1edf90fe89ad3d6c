"""Teach the coach from the pages: 'Not right' on a finding, a turn's words, confirm, remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from displace.core.errors import DisplaceError
from displace.web import permissions
from displace.web.conversations.models import Conversation
from displace.web.examples import actions
from displace.web.examples.models import Example, Status
from displace.web.formatting import error_text
from displace.web.requests import is_htmx, signed_in


@login_required
@require_POST
def mark_wrong(request: HttpRequest, finding_id: int) -> HttpResponse:
    """The finding is not right here; optionally, what it should have been."""
    finding = permissions.visible_finding(request.user, finding_id)
    try:
        taught = actions.mark_finding_wrong(finding, by=signed_in(request),
                                            should_be=request.POST.get("should_be", ""))
    except DisplaceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _thanks(taught))
    return _back_to_turn(finding.conversation_id, finding.turn)


@login_required
@require_http_methods(["GET", "POST"])
def teach(request: HttpRequest, conversation_id: int, turn: int) -> HttpResponse:
    """These words of the turn are an example of a behaviour. GET: the form, asked for when a
    reader wants it (an hour's call would carry one per turn): in place (htmx) or as a page."""
    conversation = permissions.visible_conversation(request.user, conversation_id)
    if request.method == "GET":
        return _teach_form(request, conversation, turn)
    try:
        start, end = actions.words_in_turn(conversation, turn, request.POST.get("words", ""))
        example = actions.teach_sentence(conversation, turn, start, end,
                                         request.POST.get("behaviour", ""),
                                         by=signed_in(request))
    except DisplaceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _thanks([example]))
    return _back_to_turn(conversation.pk, turn)


@login_required
@require_POST
def confirm(request: HttpRequest, example_id: int) -> HttpResponse:
    """The team's manager or an admin confirms a suggestion."""
    example = permissions.require_example_confirmer(request.user, example_id)
    actions.confirm_example(example, by=signed_in(request))
    messages.success(request, _("Confirmed: the coach follows this example from now on, and "
                                "the team's conversations are being read again."))
    return HttpResponseRedirect(reverse("library") + "#examples")


@login_required
@require_POST
def remove(request: HttpRequest, example_id: int) -> HttpResponse:
    """An admin removes an example."""
    example = permissions.require_example_remover(request.user, example_id)
    actions.remove_example(example, by=signed_in(request))
    messages.success(request, _("Removed: the coach no longer follows this example."))
    return HttpResponseRedirect(reverse("library") + "#examples")


def _thanks(taught: list[Example]) -> str:
    if all(e.status == Status.CONFIRMED for e in taught):
        return _("Thank you: the coach has learned this. The team's conversations are being "
                 "read again.")
    return _("Thank you: your example waits in the Library for your manager to confirm it.")


def _teach_form(request: HttpRequest, conversation: Conversation, turn: int) -> HttpResponse:
    if not 0 <= turn < len(conversation.turns):
        raise Http404("No such turn.")
    context = {"conversation": conversation, "turn": conversation.turns[turn]}
    template = "examples/teach.html"
    return render(request, f"{template}#form" if is_htmx(request) else template, context)


def _back_to_turn(conversation_id: int, turn: int) -> HttpResponse:
    url = reverse("conversation", args=[conversation_id])
    return HttpResponseRedirect(f"{url}#turn-{turn}")
