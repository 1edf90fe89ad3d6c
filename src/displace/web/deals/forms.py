"""The forms a rep fills for a deal: bounded by the limits table, errors in the reader's language.

The forms check what a form can (lengths, numbers, choices); the actions then validate the
whole deal with the deal-file schema, and `put_core_error` puts what it refuses on the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from displace.core.deal.catalogue import list_industries
from displace.core.errors import DealFileError, DisplaceError
from displace.core.limits import limit
from displace.web.bounds import checked_amount
from displace.web.competitors.models import Competitor
from displace.web.deals.classifying import capability_choices, catalogue_for
from displace.web.deals.models import Stage
from displace.web.formatting import error_text, format_count

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "ContactForm",
    "DealForm",
    "EntryForm",
    "IncumbentForm",
    "NewDealForm",
    "ProspectForm",
    "VisionForm",
    "core_error_text",
    "put_core_error",
]

OTHER_INDUSTRY = "other"
DECISION_ROLES = (
    ("unknown", gettext_lazy("unknown")),
    ("decision-maker", gettext_lazy("decision-maker")),
    ("influencer", gettext_lazy("influencer")),
    ("user", gettext_lazy("user")),
    ("gatekeeper", gettext_lazy("gatekeeper")),
)
MATCH_SPEEDS = (
    ("typical", gettext_lazy("typical")),
    ("fast", gettext_lazy("fast")),
    ("slow", gettext_lazy("slow")),
)
CURRENCIES = (("VND", "VND"), ("USD", "USD"))
TEXT_ERRORS = {
    "required": gettext_lazy("This field is required."),
    "max_length": gettext_lazy("At most %(limit_value)d characters (found %(show_value)d)."),
}
NUMBER_ERRORS = {
    "required": gettext_lazy("This field is required."),
    "invalid": gettext_lazy("Expected a number."),
    "min_value": gettext_lazy("Expected a number of at least %(limit_value)s."),
    "max_value": gettext_lazy("Expected a number of at most %(limit_value)s."),
}


def _text(label: StrOrPromise, limit_name: str = "deal.short_text", *, required: bool = False,
          most: int | None = None, long: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 3}) if long else None
    return forms.CharField(label=label, required=required, widget=widget,
                           max_length=most or limit(limit_name), error_messages=TEXT_ERRORS)


def _number(label: StrOrPromise, limit_name: str) -> forms.FloatField:
    return forms.FloatField(label=label, required=False, min_value=0,
                            max_value=limit(limit_name), error_messages=NUMBER_ERRORS)


def industry_choices(current: str = "") -> list[tuple[str, str]]:
    """The industries with a catalogue, by name in the reader's language; "other" once, last."""
    from displace.web.library.actions import library_dirs

    # "other" has a catalogue of its own (general B2B): listed once, as the last choice.
    found = [(i, industry_name(i)) for i in list_industries(library_dirs()) if i != OTHER_INDUSTRY]
    if current and current not in {i for i, _ in found} | {OTHER_INDUSTRY}:
        found.append((current, current))  # a deal file's own industry stays choosable
    return [*found, (OTHER_INDUSTRY, industry_name(OTHER_INDUSTRY))]


def industry_name(industry: str) -> str:
    """The industry's name in the reader's language: its catalogue's, else its id."""
    name = catalogue_for(industry).name.get((get_language() or "en")[:2])
    if name:
        return name
    return str(_("Other")) if industry == OTHER_INDUSTRY else industry


class DealForm(forms.Form):
    """A form about one deal: its choices (the catalogue's capabilities) come from the deal."""

    def __init__(self, *args: Any, core: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.core = core


class NewDealForm(forms.Form):
    """The essentials of a new deal; the rest is edited on the deal page."""

    title = _text(gettext_lazy("Title"), required=True)
    prospect = _text(gettext_lazy("Prospect"), required=True)
    industry = forms.ChoiceField(label=gettext_lazy("Industry"))
    incumbent = forms.ModelChoiceField(
        label=gettext_lazy("Incumbent"), queryset=Competitor.objects.none(), required=False,
        empty_label=gettext_lazy("— a new one, named below —"))
    new_incumbent = _text(gettext_lazy("New incumbent"), most=160)
    tenure_years = _number(gettext_lazy("Tenure with the incumbent (years)"), "deal.tenure_years")
    value = forms.CharField(label=gettext_lazy("Value"), required=False, max_length=40,
                            error_messages=TEXT_ERRORS)
    currency = forms.ChoiceField(label=gettext_lazy("Currency"), choices=CURRENCIES)
    expected_close = forms.DateField(label=gettext_lazy("Expected close"), required=False,
                                     error_messages={"invalid": gettext_lazy(
                                         "Expected a date such as 2026-12-31.")})
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), choices=Stage.choices)

    def __init__(self, *args: Any, team_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the rep's own team's profiles: another team's are not theirs to pick.
        field = self.fields["incumbent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (Competitor.objects.filter(team_id=team_id) if team_id is not None
                          else Competitor.objects.filter(team__isnull=True))
        self.fields["industry"].choices = industry_choices()  # type: ignore[attr-defined]

    def clean_value(self) -> object:
        text = str(self.cleaned_data.get("value") or "").strip()
        try:
            return checked_amount(text or "0", _("value"))
        except DisplaceError as exc:
            raise forms.ValidationError(error_text(exc)) from None

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        picked, typed = data.get("incumbent"), data.get("new_incumbent", "")
        if picked is None and not typed and "new_incumbent" not in self.errors:
            self.add_error("new_incumbent", _("Pick the incumbent or type its name."))
        data["incumbent_name"] = picked.name if picked is not None else typed
        return data


class ProspectForm(DealForm):
    """Who the prospect is: name, industry, size and revenue."""

    name = _text(gettext_lazy("Name"), required=True)
    industry = forms.ChoiceField(label=gettext_lazy("Industry"))
    size = _text(gettext_lazy("Size"))
    revenue_last_year = _number(gettext_lazy("Revenue last year"), "deal.revenue")
    revenue_expected = _number(gettext_lazy("Revenue expected"), "deal.revenue")
    currency = _text(gettext_lazy("Currency of these amounts"), most=8)

    def __init__(self, *args: Any, core: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, core=core, **kwargs)
        self.fields["industry"].choices = industry_choices(  # type: ignore[attr-defined]
            core["prospect"]["industry"])


class IncumbentForm(DealForm):
    """The supplier serving the prospect now: which one, since when, what it delivers."""

    competitor = forms.ModelChoiceField(
        label=gettext_lazy("Incumbent"), queryset=Competitor.objects.none(), required=False,
        empty_label=gettext_lazy("— a new one, named below —"))
    new_name = _text(gettext_lazy("New incumbent"), most=160)
    tenure_years = _number(gettext_lazy("Tenure (years)"), "deal.tenure_years")
    origin = _text(gettext_lazy("How the relationship began"), "deal.long_text", long=True)
    match_speed = forms.ChoiceField(label=gettext_lazy("How fast it matches an offer"),
                                    choices=MATCH_SPEEDS)
    delivers = forms.MultipleChoiceField(label=gettext_lazy("What it delivers to this prospect"),
                                         required=False, widget=forms.CheckboxSelectMultiple)
    delivers_text = _text(gettext_lazy("Anything else it delivers, in your words (one a line)"),
                          "deal.long_text", long=True)
    counter_history = _text(gettext_lazy("Counter-moves seen before (one a line)"),
                            "deal.long_text", long=True)

    def __init__(self, *args: Any, core: Mapping[str, Any], team_id: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, core=core, **kwargs)
        field = self.fields["competitor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (Competitor.objects.filter(team_id=team_id) if team_id is not None
                          else Competitor.objects.filter(team__isnull=True))
        self.industry = str(core["prospect"]["industry"])
        self.fields["delivers"].choices = capability_choices(  # type: ignore[attr-defined]
            self.industry, get_language() or "en")
        if not self.is_bound:
            name = str(core["incumbent"]["name"])
            self.initial["competitor"] = field.queryset.filter(name__iexact=name).first()
            if self.initial["competitor"] is None:
                self.initial["new_name"] = name

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        picked = data.get("competitor")
        data["name"] = picked.name if picked is not None else data.get("new_name", "")
        if not data["name"] and "new_name" not in self.errors:
            self.add_error("new_name", _("Pick the incumbent or type its name."))
        delivers = list(data.get("delivers") or [])
        catalogue = catalogue_for(self.industry)
        for line in str(data.get("delivers_text", "")).splitlines():
            if not line.strip():
                continue
            found = catalogue.match(line)
            if not found:
                self.add_error("delivers_text", _(
                    "“%(line)s” is not in the catalogue of this industry: tick the nearest "
                    "capability above, or write it as the catalogue names it.") % {"line": line})
            delivers += [cap.id for cap, _start, _end in found if cap.id not in delivers]
        data["delivers"] = delivers
        lines = [x.strip() for x in str(data.get("counter_history", "")).splitlines()]
        data["counter_history"] = [x for x in lines if x]
        return data


class EntryForm(DealForm):
    """An offer item or a claim: its words, and the capability when the rep names it."""

    text = _text(gettext_lazy("Text"), "deal.text", required=True)
    capability = forms.ChoiceField(label=gettext_lazy("Capability"), required=False)

    def __init__(self, *args: Any, core: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, core=core, **kwargs)
        choices = capability_choices(str(core["prospect"]["industry"]), get_language() or "en")
        self.fields["capability"].choices = [  # type: ignore[attr-defined]
            ("", _("— recognised from the words —")), *choices]


class ContactForm(DealForm):
    """A person at the prospect and their part in the decision to change supplier."""

    name = _text(gettext_lazy("Name"), required=True)
    title = _text(gettext_lazy("Job title"))
    decision_role = forms.ChoiceField(label=gettext_lazy("Part in the decision"),
                                      choices=DECISION_ROLES)


class VisionForm(DealForm):
    """The prospect's concrete picture of the remedy, in their terms."""

    what = _text(gettext_lazy("What they want"), "deal.text")
    how = _text(gettext_lazy("How it would work"), "deal.text")
    who = _text(gettext_lazy("Who would use it"), "deal.text")
    when = _text(gettext_lazy("When they need it"), "deal.text")
    where = _text(gettext_lazy("Where"), "deal.text")
    why = _text(gettext_lazy("Why it matters to them"), "deal.text")


def core_error_text(exc: DealFileError) -> str:
    """What the deal-file schema refused, in the reader's language (English as a last resort)."""
    expected: Any = exc.expected
    check = exc.check
    if check in ("required", "minLength"):
        return _("This field is required.")
    if check == "maxLength":
        return _("At most %(limit)s characters.") % {"limit": _count(expected)}
    if check == "maxItems":
        return _("At most %(limit)s entries.") % {"limit": _count(expected)}
    if check in ("enum", "const"):
        return _("Expected one of: %(choices)s.") % {"choices": ", ".join(map(str, expected))}
    if check == "minimum":
        return _("Expected a number of at least %(limit_value)s.") % {"limit_value": expected}
    if check == "maximum":
        return _("Expected a number of at most %(limit_value)s.") % {"limit_value": expected}
    if check == "pattern":
        return _("Expected a lower-case id with dashes, such as “credit-line”.")
    if check == "contact":
        return _("A gap or the decision names someone who is not a contact of the prospect "
                 "(%(names)s): change them first.") % {"names": ", ".join(expected or [])}
    if check == "unique":
        return _("This is already in the list.")
    return error_text(exc)


def put_core_error(form: forms.Form, exc: DealFileError,
                   aliases: Mapping[str, str] | None = None) -> None:
    """Show what the schema refused on the form's field for it, else above the form."""
    path = exc.key_path
    field = (aliases or {}).get(path) or _last_key(path)
    form.add_error(field if field in form.fields else None, core_error_text(exc))


def _last_key(path: str) -> str:
    # `offer[2].text` → text; `incumbent.delivers[0]` → delivers
    last = path.rsplit(".", 1)[-1]
    return last.split("[", 1)[0]


def _count(value: object) -> str:
    return format_count(int(value) if isinstance(value, int | float) else 0,
                        get_language() or "en")
