"""A new deal, and the deal's parts edited with forms: opened in place with HTMX, or as a page.

Every form works without JavaScript (a plain POST, then a redirect); with HTMX a section opens
under its heading, a saved one answers with the refreshed deal, and an offer item or claim is
classified as the rep types it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from displace.core.errors import DealFileError
from displace.core.limits import limit
from displace.web import permissions
from displace.web.deals import actions, sections
from displace.web.deals.classifying import classify_entries, classify_text
from displace.web.deals.forms import (
    ContactForm,
    DealForm,
    EntryForm,
    IncumbentForm,
    NewDealForm,
    ProspectForm,
    VisionForm,
    core_error_text,
    put_core_error,
)
from displace.web.deals.models import Deal
from displace.web.requests import is_htmx, signed_in

__all__ = ["classify", "edit_entry", "edit_section", "new_deal", "remove_entry"]

# How a schema error on a new deal finds its field.
NEW_DEAL_FIELDS = {"prospect.name": "prospect", "prospect.industry": "industry",
                   "incumbent.name": "new_incumbent", "incumbent.tenure_years": "tenure_years"}


@dataclass(frozen=True)
class Single:
    """A part edited with one form."""

    form: type[DealForm]
    initial: Callable[[Mapping[str, Any]], dict[str, Any]]
    save: Callable[..., Deal]


SINGLE = {
    "prospect": Single(ProspectForm, sections.prospect_initial, actions.update_prospect),
    "incumbent": Single(IncumbentForm, sections.incumbent_initial, actions.update_incumbent),
    "vision": Single(VisionForm, sections.vision_initial, actions.update_vision),
}
ENTRY_FORMS: dict[str, type[DealForm]] = {
    "contacts": ContactForm, "offer": EntryForm, "claims": EntryForm}


@login_required
def new_deal(request: HttpRequest) -> HttpResponse:
    """The essentials of a new deal; it opens on its page, where the rest is edited."""
    user = signed_in(request)
    profile = permissions.profile_of(user)
    form = NewDealForm(request.POST or None, team_id=profile.team_id if profile else None)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in (
            "title", "prospect", "industry", "tenure_years", "value", "currency",
            "expected_close", "stage")}
        try:
            deal = actions.create_deal(owner=user, incumbent=form.cleaned_data["incumbent_name"],
                                       language=_language(), **values)
        except DealFileError as exc:
            put_core_error(form, exc, NEW_DEAL_FIELDS)
        else:
            return HttpResponseRedirect(reverse("deal", args=[deal.pk]))
    return render(request, "deals/new.html", {"form": form})


@login_required
def edit_section(request: HttpRequest, deal_id: int, section: str) -> HttpResponse:
    """The prospect, the incumbent or the vision: its form (GET) or saving it (POST); for the
    contacts, the offer and the claims, their list and a new entry."""
    deal = permissions.require_deal_editor(request.user, deal_id)
    if section in ENTRY_FORMS:
        return _entry_post(request, deal, section, None) if request.method == "POST" else (
            _list_page(request, deal, section))
    spec = SINGLE.get(section) or _no_such_section()
    form = _single_form(spec, deal, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            deal = spec.save(deal, form.cleaned_data, by=signed_in(request))
        except DealFileError as exc:
            put_core_error(form, exc)
        else:
            return _saved(request, deal)
    return _section_page(request, deal, section, {"form": form})


@login_required
@require_POST
def edit_entry(request: HttpRequest, deal_id: int, section: str, index: int) -> HttpResponse:
    """Change one contact, offer item or claim."""
    deal = permissions.require_deal_editor(request.user, deal_id)
    if section not in ENTRY_FORMS:
        _no_such_section()
    return _entry_post(request, deal, section, index)


@login_required
@require_POST
def remove_entry(request: HttpRequest, deal_id: int, section: str, index: int) -> HttpResponse:
    """Remove one contact, offer item or claim."""
    deal = permissions.require_deal_editor(request.user, deal_id)
    if section not in ENTRY_FORMS:
        _no_such_section()
    try:
        deal = actions.remove_entry(deal, section, index, by=signed_in(request))
    except DealFileError as exc:
        return _list_page(request, deal, section, problem=core_error_text(exc))
    return _list_saved(request, deal, section)


@login_required
@require_GET
def classify(request: HttpRequest, deal_id: int) -> HttpResponse:
    """How the typed offer item or claim reads against this incumbent, and why (a fragment)."""
    deal = permissions.visible_deal(request.user, deal_id)
    text = _field(request, "text").strip()
    most = limit("deal.text")
    context: dict[str, Any] = {"text": text, "limit": most}
    if text and len(text) <= most:
        context["item"] = classify_text(deal.core, text, _language(),
                                        _field(request, "capability")[:120])
    return render(request, "deals/sections.html#classification", context)


def _entry_post(request: HttpRequest, deal: Deal, section: str, index: int | None
                ) -> HttpResponse:
    prefix = None if index is None else f"e{index}"
    form = ENTRY_FORMS[section](request.POST, core=deal.core, prefix=prefix)
    if form.is_valid():
        try:
            deal = actions.save_entry(deal, section, index, form.cleaned_data,
                                      by=signed_in(request))
        except DealFileError as exc:
            put_core_error(form, exc)
        else:
            return _list_saved(request, deal, section)
    return _list_page(request, deal, section, failed=(index, form))


def _single_form(spec: Single, deal: Deal, data: Any) -> forms.Form:
    extra: dict[str, Any] = {"core": deal.core}
    if spec.form is IncumbentForm:
        extra["team_id"] = deal.team_id
    return spec.form(data, initial=spec.initial(deal.core), **extra)


def _list_page(request: HttpRequest, deal: Deal, section: str,
               failed: tuple[int | None, DealForm] | None = None, problem: str = "",
               ) -> HttpResponse:
    form_class = ENTRY_FORMS[section]
    found = sections.entries(deal.core, section)
    rows = [(i, form_class(initial=e, core=deal.core, prefix=f"e{i}")) for i, e in
            enumerate(found)]
    add = form_class(core=deal.core)
    if failed is not None:
        index, bad = failed
        if index is None:
            add = bad
        else:
            rows = [(i, bad if i == index else f) for i, f in rows]
    verdicts = (classify_entries(deal.core, found, _language())
                if section != "contacts" and found else [])
    return _section_page(request, deal, section, {
        "rows": [(i, f, verdicts[i] if verdicts else None) for i, f in rows],
        "add_form": add, "section": section, "problem": problem})


def _section_page(request: HttpRequest, deal: Deal, section: str,
                  context: dict[str, Any]) -> HttpResponse:
    context = {**context, "deal": deal, "core": deal.core, "section": section}
    template = "deals/sections.html"
    # A refused form is a 400 as a page; HTMX swaps only a 200 in, so it gets one.
    failed = (_has_errors(context) or bool(context.get("problem"))) and not is_htmx(request)
    partial = "entries" if "rows" in context else "single"
    return render(request, f"{template}#{partial}" if is_htmx(request) else template, context,
                  status=400 if failed else 200)


def _has_errors(context: Mapping[str, Any]) -> bool:
    found = [context.get("form"), context.get("add_form")]
    found += [row[1] for row in context.get("rows", [])]
    return any(isinstance(f, forms.Form) and f.is_bound and f.errors for f in found)


def _saved(request: HttpRequest, deal: Deal) -> HttpResponse:
    if not is_htmx(request):
        return HttpResponseRedirect(reverse("deal", args=[deal.pk]))
    from displace.web.deals.views import workspace_context

    response = render(request, "deals/deal.html#workspace", workspace_context(request, deal))
    return reswap(retarget(response, "#workspace"), "outerHTML")


def _list_saved(request: HttpRequest, deal: Deal, section: str) -> HttpResponse:
    if is_htmx(request):
        return _list_page(request, deal, section)
    return HttpResponseRedirect(reverse("deal-section", args=[deal.pk, section]))


def _field(request: HttpRequest, name: str) -> str:
    # The entry forms of a list are prefixed (`e2-text`): the one field the request names.
    for key in request.GET:
        if key == name or key.endswith(f"-{name}"):
            return str(request.GET.get(key, ""))
    return ""


def _language() -> str:
    return (translation.get_language() or "en")[:2]


def _no_such_section() -> Any:
    raise Http404("No such part of a deal.")
