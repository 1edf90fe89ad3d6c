"""What an import would do, before anything is stored: the preview and the job's own plan.

The core reads the file and maps its rows (displace.core.crm); here each good row gets its
owner among the team's people and the deal it updates, if any, and becomes a deal file that
is validated now, so that storing it cannot fail on a row. Every problem is a RowError with
its line, field and value, in the reader's language.

Who may import what: an admin into any team, a manager into their own, the owner column naming
each deal's rep (matched by e-mail, else by username or full name, among the team's active
people). A rep imports only their own deals: a row whose owner column names someone else, or
whose CRM record is already a colleague's deal, is refused rather than taken over, since taking
it would put a colleague's deal in the wrong pipeline and block the colleague's own re-import
(the CRM id is unique per team).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.utils import translation
from django.utils.translation import gettext as _

from displace.core.crm import CrmRow, RowError, fold_name, load_preset, map_rows, read_table
from displace.core.deal.catalogue import list_industries
from displace.core.deal.dealfile import deal_from_dict
from displace.core.deal.model import Deal as CoreDeal
from displace.core.errors import DisplaceError
from displace.web import permissions
from displace.web.accounts.models import Team
from displace.web.deals.models import INCUMBENT_NOT_RECORDED, Deal
from displace.web.library.actions import library_dirs

__all__ = ["NO_INDUSTRY", "Choices", "Plan", "PlannedRow", "deal_key", "known_industries",
           "plan_import", "team_people"]

# The industry of a deal whose row names none the catalogues know, unless the importer chose
# one: the catalogue of any other industry (general B2B), against which the deal is assessed
# until someone sets its own on the deal page.
NO_INDUSTRY = "other"


@dataclass(frozen=True)
class Choices:
    """What the person chose on the upload form and the preview."""

    crm: str
    columns: Mapping[str, str] = field(default_factory=dict)  # field -> header
    stages: Mapping[str, str] = field(default_factory=dict)  # CRM stage -> Displace stage
    default_owner: User | None = None  # rows naming nobody on the team go to them
    industry: str = ""  # a catalogue id for rows naming no known industry
    currency: str = ""  # VND or USD for rows naming no currency


@dataclass(frozen=True)
class PlannedRow:
    """A good row: the deal it becomes (new) or updates, and its owner."""

    row: CrmRow
    owner: User | None  # None: an update that keeps the deal's owner
    deal_id: int | None  # None: a new deal
    core: CoreDeal | None  # the new deal's deal file; None for an update


@dataclass(frozen=True)
class Plan:
    """The preview: what the file's rows become, and what is wrong with the others."""

    choices: Choices
    team: Team
    file_name: str
    headers: tuple[str, ...]
    columns: Mapping[str, str | None]  # field -> header used
    stages: Mapping[str, str | None]  # CRM stage -> Displace stage
    rows: tuple[PlannedRow, ...]  # the good rows
    errors: tuple[RowError, ...]  # sorted by line
    total: int  # rows in the file

    @property
    def new(self) -> int:
        """Good rows that become new deals."""
        return sum(1 for r in self.rows if r.deal_id is None)

    @property
    def updated(self) -> int:
        """Good rows that update a deal imported before."""
        return len(self.rows) - self.new

    @property
    def bad_rows(self) -> int:
        """Rows with at least one error (the header's own problems not counted)."""
        return len({e.line for e in self.errors if e.line > 1})


def plan_import(content: bytes, file_name: str, choices: Choices, *, team: Team,
                by: User | None, language: str = "en") -> Plan:
    """Read, map and check a CRM export for `team` as `by` would import it (None: the command
    line, which may give deals to anyone on the team); stores nothing.

    InputError (a DisplaceError) when the file as a whole cannot be read.
    """
    preset = load_preset(choices.crm, language=language)
    table = read_table(content, file_name, language=language)
    mapped = map_rows(table, preset, columns=dict(choices.columns) or None,
                      stages=dict(choices.stages) or None, language=language)
    with translation.override(language):
        checker = _RowChecker(choices, team, by, language)
        planned: list[PlannedRow] = []
        errors = list(mapped.errors)
        for row in mapped.rows:
            found = checker.check(row)
            if isinstance(found, PlannedRow):
                planned.append(found)
            else:
                errors.extend(found)
    return Plan(choices=choices, team=team, file_name=file_name, headers=table.headers,
                columns=mapped.columns, stages=mapped.stages, rows=tuple(planned),
                errors=tuple(sorted(errors, key=lambda e: e.line)), total=mapped.total)


def team_people(team: Team) -> list[User]:
    """The team's active people, who can own its deals."""
    return list(User.objects.filter(profile__team=team, is_active=True).order_by("username"))


def known_industries() -> list[str]:
    """The catalogue industries (shipped and the library's)."""
    return list(list_industries(library_dirs()))


class _RowChecker:
    """Gives a mapped row its owner and deal, or the reasons it cannot be stored."""

    def __init__(self, choices: Choices, team: Team, by: User | None, language: str) -> None:
        self.choices, self.team, self.language = choices, team, language
        self.by = by
        self.for_others = by is None or permissions.can_import_for_others(by)
        self.people = _people_index(team_people(team))
        self.industries = set(known_industries())
        self.existing: dict[str, tuple[int, int]] = {}  # key -> (deal id, owner id)
        rows = Deal.objects.filter(team=team, crm_source=choices.crm).values_list(
            "pk", "crm_id", "title", "owner_id")
        for pk, crm_id, title, owner_id in rows:
            self.existing.setdefault(deal_key(crm_id, title), (pk, owner_id))

    def check(self, row: CrmRow) -> PlannedRow | list[RowError]:
        # The core has checked the values, and that no record is in the file twice.
        errors: list[RowError] = []
        existing = self.existing.get(deal_key(row.crm_id, row.name))
        owner = self._owner(row, existing, errors)
        if errors:
            return errors
        if existing is not None:
            return PlannedRow(row, owner, existing[0], None)
        assert owner is not None  # _owner names an error for a new row without one
        try:
            core = deal_from_dict(self._deal_file(row, owner), source=_("line %(line)s")
                                  % {"line": row.line})
        except DisplaceError as exc:
            return [RowError(row.line, "", row.name, exc.in_language(self.language))]
        return PlannedRow(row, owner, None, core)

    def _owner(self, row: CrmRow, existing: tuple[int, int] | None,
               errors: list[RowError]) -> User | None:
        named = self.people.get(_fold(row.owner)) if row.owner else None
        if self.by is not None and not self.for_others:
            if row.owner and (named is None or named.pk != self.by.pk):
                errors.append(RowError(row.line, "owner", row.owner, _(
                    "This deal belongs to someone else: a rep imports only their own deals. "
                    "Leave it out, or ask your manager to import it.")))
            elif existing is not None and existing[1] != self.by.pk:
                errors.append(RowError(row.line, "crm_id", row.crm_id or row.name, _(
                    "This deal is already in Displace as a colleague's: a rep updates only "
                    "their own deals.")))
            return self.by
        if named is not None:
            return named
        if existing is not None and not row.owner:
            return None  # the deal keeps its owner
        if self.choices.default_owner is not None:
            return self.choices.default_owner
        if row.owner:
            errors.append(RowError(row.line, "owner", row.owner, _(
                "Nobody on team %(team)s has this e-mail address, username or name: add them, "
                "correct the file, or choose a default owner.") % {"team": self.team.name}))
        else:
            errors.append(RowError(row.line, "owner", "", _(
                "No owner: fill the owner column, or choose a default owner.")))
        return None

    def _deal_file(self, row: CrmRow, owner: User) -> dict[str, Any]:
        industry = row.industry if row.industry in self.industries else (
            self.choices.industry or NO_INDUSTRY)
        return {
            "schema": "displace.deal/1",
            "title": row.name,
            "language": self.language if self.language in ("en", "vi") else "en",
            "stage": row.stage,
            "prospect": {"name": row.company or row.name, "industry": industry},
            "our_side": {"organisation": self.team.name,
                         "rep": owner.get_full_name() or owner.get_username()},
            "incumbent": {"name": row.incumbent or INCUMBENT_NOT_RECORDED},
        }


def deal_key(crm_id: str, name: str) -> str:
    """How a row finds the deal it updates: by its CRM id, or by name in a file without ids
    (compared as the core compares them)."""
    return f"id:{crm_id}" if crm_id else f"name:{fold_name(name)}"


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _people_index(people: Iterable[User]) -> dict[str, User]:
    """E-mail, username and full name (folded) -> the person; the first claim wins."""
    index: dict[str, User] = {}
    for kind in ("email", "username", "full_name"):
        for user in people:
            value = user.get_full_name() if kind == "full_name" else getattr(user, kind)
            if value:
                index.setdefault(_fold(value), user)
    return index

