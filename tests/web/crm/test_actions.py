"""Importing a CRM's deals: preview, good rows, re-import, races, stage maps, owners, scope."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractUser, User
from django.db import IntegrityError, transaction

from displace.core.deal.dealfile import deal_from_dict
from displace.web.accounts.models import Team
from displace.web.crm import actions
from displace.web.crm.models import CrmImport, ImportState
from displace.web.crm.planning import Choices, plan_import
from displace.web.deals.actions import add_gap, import_deal
from displace.web.deals.models import INCUMBENT_NOT_RECORDED, Deal, EvidenceChange
from tests.web.conftest import core_deal_dict
from tests.web.crm.conftest import GOOD, WITH_ERRORS, hubspot_csv

People = dict[str, AbstractUser]


def _user(people: People, name: str) -> User:
    return User.objects.get(pk=people[name].pk)


def _north() -> Team:
    return Team.objects.get(name="North")


def _import(people: People, content: bytes, *, by: str = "maria", good_rows: bool = False,
            **choices: object) -> CrmImport:
    found = actions.create_import(by=_user(people, by), team=_north(), crm="hubspot",
                                  file_name="deals.csv", content=content)
    if choices:
        found = actions.update_choices(found, by=_user(people, by), **choices)  # type: ignore[arg-type]
    return actions.start_import(found, by=_user(people, by), good_rows=good_rows)


def test_it_previews_a_file_with_errors_and_stores_nothing(emails: People) -> None:
    found = actions.create_import(by=_user(emails, "maria"), team=_north(), crm="hubspot",
                                  file_name="deals.csv", content=WITH_ERRORS)
    plan = actions.plan_of(found)
    assert (plan.total, plan.new, plan.updated, plan.bad_rows) == (3, 1, 0, 2)
    assert {(e.line, e.field) for e in plan.errors} >= {(3, "amount"), (4, "owner")}
    with pytest.raises(actions.ImportRefused, match="nothing was stored"):
        actions.start_import(found, by=_user(emails, "maria"))
    assert not Deal.objects.exists()
    assert CrmImport.objects.get(pk=found.pk).state == ImportState.PREVIEW


def test_it_imports_the_good_rows_when_asked(emails: People) -> None:
    found = _import(emails, WITH_ERRORS, good_rows=True, industry="commercial-insurance")
    assert (found.state, found.created, found.updated, found.skipped) == ("done", 1, 0, 2)
    deal = Deal.objects.get()
    assert (deal.crm_source, deal.crm_id, deal.title) == ("hubspot", "101", "Cold-chain insurance")
    assert deal.value == Decimal("12500.00") and deal.owner.username == "alice"
    assert deal.team == _north() and deal.prospect == "Lan Anh Logistics"
    assert deal.incumbent is not None and deal.incumbent.name == "Northern Insurance"
    assert deal.win_probability is not None  # assessed after the import (inline in tests)


def test_a_deal_without_a_known_industry_is_assessed_as_general_b2b(emails: People) -> None:
    _import(emails, GOOD)
    deal = Deal.objects.get(crm_id="101")
    assert deal.industry == "other" and deal.win_probability is not None


def test_it_matches_owners_by_email(emails: People) -> None:
    _import(emails, GOOD)
    owners = dict(Deal.objects.values_list("crm_id", "owner__username"))
    assert owners == {"101": "alice", "102": "bob"}


def test_it_matches_an_owner_written_as_a_name(emails: People) -> None:
    User.objects.filter(username="bob").update(first_name="Bob", last_name="Tran")
    content = hubspot_csv("7,Fleet,100,Closed Won,2026-11-30,Bob  Tran,Hoa Sen,")
    _import(emails, content)
    assert Deal.objects.get().owner.username == "bob"


def test_it_gives_rows_naming_nobody_to_the_default_owner(emails: People) -> None:
    found = _import(emails, WITH_ERRORS, good_rows=True,
                    default_owner=_user(emails, "bob"))
    assert found.created == 2  # line 4's unknown owner goes to bob; line 3 stays an error
    assert Deal.objects.get(crm_id="103").owner.username == "bob"


def test_it_updates_on_reimport_and_never_duplicates(emails: People) -> None:
    _import(emails, GOOD)
    first = Deal.objects.get(crm_id="101")
    add_gap(first, "Nobody reviews their cold-chain claims", by=_user(emails, "alice"))
    changed = hubspot_csv(
        "101,Cold-chain insurance (renewal),\"15,000.50\",Contract Sent,2027-02-01,"
        "bob@north.example,Lan Anh Logistics JSC,",
        "102,Payroll banking,\"40,000\",Qualified To Buy,2027-01-15,bob@north.example,"
        "Minh Phat Printing,",
    )
    found = _import(emails, changed)
    assert (found.created, found.updated) == (0, 1)  # 102 says what it said: unchanged
    assert Deal.objects.count() == 2
    deal = Deal.objects.get(crm_id="101")
    assert (deal.title, deal.stage, deal.value) == ("Cold-chain insurance (renewal)",
                                                    "proposal", Decimal("15000.50"))
    assert deal.owner.username == "bob" and deal.prospect == "Lan Anh Logistics JSC"
    assert deal.incumbent is not None and deal.incumbent.name == "Northern Insurance"  # kept
    assert [g.title for g in deal.gaps.all()] == ["Nobody reviews their cold-chain claims"]
    change = EvidenceChange.objects.filter(deal=deal, what="crm").get()
    assert change.before["stage"] == "discovery" and change.after["stage"] == "proposal"


def test_a_reimport_that_names_another_incumbent_replaces_it(emails: People) -> None:
    _import(emails, GOOD)
    _import(emails, hubspot_csv("102,Payroll banking,\"40,000\",Qualified To Buy,2027-01-15,"
                                "bob@north.example,Minh Phat Printing,Eastern Bank"))
    deal = Deal.objects.get(crm_id="102")
    assert deal.incumbent is not None and deal.incumbent.name == "Eastern Bank"
    assert deal.core["incumbent"] == {"name": "Eastern Bank"}


def test_a_row_without_incumbent_records_it_as_not_recorded(emails: People) -> None:
    _import(emails, GOOD)
    deal = Deal.objects.get(crm_id="102")
    assert deal.incumbent is None and deal.core["incumbent"]["name"] == INCUMBENT_NOT_RECORDED


def test_it_keeps_one_deal_per_record_when_another_import_stores_it_first(
    emails: People,
) -> None:
    plan = plan_import(GOOD, "deals.csv", Choices("hubspot"), team=_north(),
                       by=_user(emails, "maria"))
    assert plan.new == 2
    # Meanwhile another import stores record 101.
    other = plan_import(hubspot_csv(GOOD.decode("utf-8-sig").splitlines()[1]), "deals.csv",
                        Choices("hubspot"), team=_north(), by=_user(emails, "maria"))
    actions.store_plan(other, by=_user(emails, "maria"))
    stored = actions.store_plan(plan, by=_user(emails, "maria"))
    assert (stored.created, stored.updated + stored.unchanged) == (1, 1)
    assert Deal.objects.filter(crm_id="101").count() == 1


def test_a_record_stored_between_the_look_and_the_write_is_updated_not_doubled(
    emails: People, monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = plan_import(GOOD, "deals.csv", Choices("hubspot"), team=_north(),
                       by=_user(emails, "maria"))
    _import(emails, GOOD)  # another import stores both records after this one's preview
    real = actions._existing
    looks: list[int] = []

    def blind_first(plan: object) -> dict[str, int]:
        # The first look misses the deals, as when another import commits right after it.
        looks.append(1)
        return {} if len(looks) == 1 else real(plan)  # type: ignore[arg-type]

    monkeypatch.setattr(actions, "_existing", blind_first)
    stored = actions.store_plan(plan, by=_user(emails, "maria"))
    assert len(looks) == 2 and stored.created == 0  # the constraint refused, then a re-look
    assert Deal.objects.count() == 2


def test_the_database_refuses_a_second_deal_for_the_same_record(emails: People) -> None:
    core = deal_from_dict(core_deal_dict())
    import_deal(core, owner=_user(emails, "alice"), crm_source="hubspot", crm_id="9")
    with pytest.raises(IntegrityError), transaction.atomic():
        import_deal(core, owner=_user(emails, "bob"), crm_source="hubspot", crm_id="9")
    # The same id from another CRM, or another team, is another record.
    import_deal(core, owner=_user(emails, "alice"), crm_source="salesforce", crm_id="9")
    import_deal(core, owner=_user(emails, "charlie"), crm_source="hubspot", crm_id="9")
    assert Deal.objects.count() == 3


def test_it_applies_a_changed_stage_map(emails: People) -> None:
    _import(emails, GOOD, stages={"Appointment Scheduled": "gap"})
    assert Deal.objects.get(crm_id="101").stage == "gap"


def test_an_unknown_stage_is_an_error_until_it_is_mapped(emails: People) -> None:
    content = hubspot_csv("5,Fleet,100,Negotiation,2026-11-30,alice@north.example,Hoa Sen,")
    found = actions.create_import(by=_user(emails, "maria"), team=_north(), crm="hubspot",
                                  file_name="deals.csv", content=content)
    plan = actions.plan_of(found)
    assert plan.stages == {"Negotiation": None} and plan.errors[0].field == "stage"
    actions.update_choices(found, by=_user(emails, "maria"), stages={"Negotiation": "vision"})
    assert actions.plan_of(found).errors == ()
    actions.start_import(found, by=_user(emails, "maria"))
    assert Deal.objects.get().stage == "vision"


def test_a_changed_column_is_read(emails: People) -> None:
    _import(emails, GOOD, columns={"company": "Incumbent", "incumbent": ""})
    deal = Deal.objects.get(crm_id="101")
    assert deal.prospect == "Northern Insurance" and deal.incumbent is None


def test_a_column_the_file_does_not_have_is_refused_and_not_kept(emails: People) -> None:
    from displace.core.errors import InputError

    found = actions.create_import(by=_user(emails, "maria"), team=_north(), crm="hubspot",
                                  file_name="deals.csv", content=GOOD)
    with pytest.raises(InputError, match="Budget"):
        actions.update_choices(found, by=_user(emails, "maria"), columns={"amount": "Budget"})
    assert CrmImport.objects.get(pk=found.pk).columns == {}
    assert actions.plan_of(found).new == 2


def test_a_rep_imports_their_own_deals_and_not_another_owners(emails: People) -> None:
    found = actions.create_import(by=_user(emails, "alice"), team=_north(), crm="hubspot",
                                  file_name="deals.csv", content=GOOD)
    plan = actions.plan_of(found)
    assert [(e.line, e.field) for e in plan.errors] == [(3, "owner")]
    assert "a rep imports only their own deals" in plan.errors[0].message
    actions.start_import(found, by=_user(emails, "alice"), good_rows=True)
    assert list(Deal.objects.values_list("crm_id", "owner__username")) == [("101", "alice")]


def test_a_rep_cannot_update_a_colleagues_deal(emails: People) -> None:
    _import(emails, GOOD)  # 102 is bob's
    content = hubspot_csv("102,Payroll banking,1,Closed Won,2027-01-15,,Minh Phat Printing,")
    found = actions.create_import(by=_user(emails, "alice"), team=_north(), crm="hubspot",
                                  file_name="deals.csv", content=content)
    errors = actions.plan_of(found).errors
    assert [(e.line, e.field) for e in errors] == [(2, "crm_id")]
    assert Deal.objects.get(crm_id="102").stage == "gap"


def test_a_rep_cannot_import_into_another_team_or_for_someone_else(emails: People) -> None:
    south = Team.objects.get(name="South")
    with pytest.raises(actions.ImportRefused, match="team South"):
        actions.create_import(by=_user(emails, "alice"), team=south, crm="hubspot",
                              file_name="deals.csv", content=GOOD)
    with pytest.raises(actions.ImportRefused, match="for themselves"):
        actions.create_import(by=_user(emails, "alice"), team=_north(), crm="hubspot",
                              file_name="deals.csv", content=GOOD,
                              default_owner=_user(emails, "bob"))


def test_a_manager_cannot_give_deals_to_someone_off_the_team(emails: People) -> None:
    with pytest.raises(actions.ImportRefused, match="not on team North"):
        actions.create_import(by=_user(emails, "maria"), team=_north(), crm="hubspot",
                              file_name="deals.csv", content=GOOD,
                              default_owner=_user(emails, "charlie"))


def test_an_admin_imports_into_any_team(emails: People) -> None:
    south = Team.objects.get(name="South")
    content = hubspot_csv("1,Fleet,100,Closed Won,2026-11-30,charlie@north.example,Hoa Sen,")
    found = actions.create_import(by=_user(emails, "ada"), team=south, crm="hubspot",
                                  file_name="deals.csv", content=content)
    actions.start_import(found, by=_user(emails, "ada"))
    deal = Deal.objects.get()
    assert deal.team == south and deal.owner.username == "charlie"


def test_a_failing_job_stores_nothing_and_says_why(
    emails: People, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from displace.web.deals import actions as deal_actions

    real = deal_actions.import_deals

    def failing(*args: object, **kwargs: object) -> list[Deal]:
        real(*args, **kwargs)  # type: ignore[arg-type]  (the deals are written, then...)
        raise RuntimeError("disk full")

    monkeypatch.setattr(deal_actions, "import_deals", failing)
    _import(emails, GOOD)  # the job's own record keeps the traceback; the import says why
    found = CrmImport.objects.get()
    assert found.state == ImportState.FAILED
    assert "internal error (RuntimeError)" in found.error and "no deal was stored" in found.error
    assert not Deal.objects.exists()


def test_a_file_that_changed_into_errors_fails_with_the_reason(
    emails: People, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from displace.web import jobs

    monkeypatch.setattr(jobs, "enqueue", lambda *args, **kwargs: None)  # a worker is busy
    found = actions.create_import(by=_user(emails, "maria"), team=_north(), crm="hubspot",
                                  file_name="deals.csv", content=GOOD)
    actions.start_import(found, by=_user(emails, "maria"))
    # Bob leaves the team after the import was started and before the job runs.
    User.objects.filter(username="bob").update(is_active=False)
    assert actions.run_import(found.pk) == "failed"
    found.refresh_from_db()
    assert found.state == ImportState.FAILED and "nothing was stored" in found.error
    assert not Deal.objects.exists()


def test_it_reads_a_file_as_excel_writes_it_in_vietnamese(emails: People) -> None:
    text = ("sep=;\r\nRecord ID;Deal Name;Amount;Deal Stage;Close Date;Deal owner\r\n"
            "8;Bảo hiểm kho lạnh;1.250.000.000,50;Closed Won;31/12/2026;alice@north.example\r\n")
    found = _import(emails, text.encode("utf-8-sig"), currency="VND")
    assert found.created == 1
    deal = Deal.objects.get()
    assert (deal.value, deal.currency, deal.title) == (Decimal("1250000000.50"), "VND",
                                                       "Bảo hiểm kho lạnh")
    assert str(deal.expected_close) == "2026-12-31"
