"""Closing a deal (won, lost, no decision) with its reason, and reopening it: the form on the
deal page, the banner of a closed deal, and a page of their own without JavaScript.

The form works as a plain POST (errors on a page of its own, a 400); with HTMX, choosing the
outcome narrows the reasons to it and shows the loss's questions only for a loss, a refused
form answers in place and a closed deal answers with the refreshed deal.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from displace.core.limits import limit
from displace.core.outcomes import OUTCOMES, ReasonList
from displace.web import permissions
from displace.web.deals import actions
from displace.web.deals.forms import TEXT_ERRORS
from displace.web.deals.models import (
    CLOSED_STAGES,
    OPEN_STAGES,
    Closing,
    Countered,
    CounterMove,
    Deal,
    LostTo,
    Stage,
)
from displace.web.deals.outcomes import ClosingError, reasons_of
from displace.web.permissions import AnyUser
from displace.web.requests import is_htmx, signed_in

__all__ = ["CloseForm", "close", "closing_context", "reopen"]

NOT_CHOSEN = ("", "—")
LOSS_FIELDS = ("countered", "counter_move", "lost_to")


class CloseForm(forms.Form):
    """The outcome, the reason from the team's list, a note, and for a loss the counter."""

    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), widget=forms.RadioSelect,
                                choices=[(s.value, s.label) for s in CLOSED_STAGES])
    # Checked by the action, which says which outcome a reason belongs to; the menu offers them.
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=80, widget=forms.Select,
                             error_messages=TEXT_ERRORS)
    note = forms.CharField(label=gettext_lazy("Note (what happened, in your words)"),
                           required=False, max_length=limit("deal.long_text"),
                           widget=forms.Textarea(attrs={"rows": 3}), error_messages=TEXT_ERRORS)
    countered = forms.ChoiceField(label=gettext_lazy("Did the incumbent counter?"),
                                  required=False, choices=[NOT_CHOSEN, *Countered.choices])
    counter_move = forms.ChoiceField(label=gettext_lazy("How it countered"), required=False,
                                     choices=[NOT_CHOSEN, *CounterMove.choices])
    lost_to = forms.ChoiceField(label=gettext_lazy("Who won the deal"), required=False,
                                choices=[NOT_CHOSEN, *LostTo.choices])

    def __init__(self, *args: Any, reasons: ReasonList, outcome: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = (get_language() or "en")[:2]
        chosen = [outcome] if outcome in OUTCOMES else list(OUTCOMES)
        # Without JavaScript every outcome's reasons are offered, grouped; the action refuses
        # one that is not the chosen outcome's.
        groups = [(str(Stage(o).label), [(r.code, r.label(language)) for r in reasons.of(o)])
                  for o in chosen]
        choices = groups[0][1] if len(groups) == 1 else groups
        self.fields["reason"].widget.choices = [
            ("", gettext_lazy("— choose a reason —")), *choices]
        self.chosen_outcome = outcome if outcome in OUTCOMES else ""

    @property
    def asks_about_the_loss(self) -> bool:
        """Whether the loss's questions are shown: for a loss, before an outcome is chosen, and
        when one of them was answered for another outcome (its error says so)."""
        refused = self.is_bound and any(f in self.errors for f in LOSS_FIELDS)
        return self.chosen_outcome in ("", Stage.LOST) or refused


@login_required
def close(request: HttpRequest, deal_id: int) -> HttpResponse:
    """The closing form (GET, `?outcome=` narrows it), or closing the deal (POST)."""
    deal = permissions.require_deal_closer(request.user, deal_id)
    data = request.POST if request.method == "POST" else None
    # Choosing the outcome asks again (GET) with what was typed so far, which the form keeps.
    typed = {name: request.GET[name] for name in CloseForm.base_fields if name in request.GET}
    form = CloseForm(data, reasons=reasons_of(deal.team_id), initial=typed,
                     outcome=(data or request.GET).get("outcome", ""))
    if data is not None and form.is_valid():
        try:
            deal = actions.close_deal(deal, by=signed_in(request), **form.cleaned_data)
        except ClosingError as exc:
            for field, text in exc.errors.items():
                form.add_error(field if field in form.fields else None, text)
        else:
            return _done(request, deal)
    context = {"deal": deal, "close_form": form}
    if is_htmx(request):
        return render(request, "deals/closing.html#close-form", context)
    return render(request, "deals/closing.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def reopen(request: HttpRequest, deal_id: int) -> HttpResponse:
    """Open a closed deal again at the stage chosen; its closing stays in the history."""
    deal = permissions.require_deal_closer(request.user, deal_id)
    try:
        deal = actions.reopen_deal(deal, stage=request.POST.get("stage", ""),
                                   by=signed_in(request))
    except ClosingError as exc:
        messages.error(request, " ".join(exc.errors.values()))
    return _done(request, deal)


def closing_context(user: AnyUser, deal: Deal) -> dict[str, object]:
    """What the deal page shows of the deal's end: the closing in force with its reason in
    the reader's words, or the form that closes it; whether the reader may do either."""
    reasons = reasons_of(deal.team_id)
    closing = (Closing.objects.filter(deal=deal, reopened_at__isnull=True)
               .select_related("closed_by").first() if deal.stage in CLOSED_STAGES else None)
    language = (get_language() or "en")[:2]
    return {
        "can_close": permissions.can_close_deal(user, deal),
        "is_closed": deal.stage in CLOSED_STAGES,
        "closing": closing,
        "closing_reason": (reasons.label(closing.outcome, closing.reason, language)
                           if closing else ""),
        "close_form": CloseForm(reasons=reasons),
        "reopen_stages": [(s.value, s.label) for s in OPEN_STAGES],
    }


def _done(request: HttpRequest, deal: Deal) -> HttpResponse:
    """The deal again: its page, or with HTMX its refreshed workspace."""
    if not is_htmx(request):
        return HttpResponseRedirect(reverse("deal", args=[deal.pk]) + "#closing")
    from displace.web.deals.views import workspace_context  # views show this module's parts

    response = render(request, "deals/deal.html#workspace", workspace_context(request, deal))
    return reswap(retarget(response, "#workspace"), "outerHTML")
