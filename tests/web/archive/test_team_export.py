"""A team's export and its import into a fresh workspace: everything the team owns comes back;
people arrive inactive without a password unless they are there already; a team that has data
is never written into; and only the team's manager or an admin may download the export."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from displace.core.outcomes.reasons import shipped_reasons_text
from displace.web.accounts.models import Team
from displace.web.archive.actions import import_team
from displace.web.archive.bundle import ArchiveError, write_archive_file
from displace.web.archive.team_export import write_team_export
from displace.web.archive.team_format import (
    TEAM_FORMAT,
    ClosingRecord,
    OutcomeName,
    StageName,
)
from displace.web.conversations.models import Conversation
from displace.web.deals.actions import (
    add_comment,
    close_deal,
    reopen_deal,
    save_outcome_reasons,
    touch,
)
from displace.web.deals.models import (
    CLOSED_STAGES,
    Closing,
    Countered,
    CounterMove,
    Deal,
    LostTo,
    OutcomeReasons,
    Stage,
    StageSnapshot,
)
from displace.web.followups.actions import add_follow_up, complete_follow_up
from displace.web.followups.models import FollowUp
from displace.web.forecast.actions import accept_version, roll_back
from displace.web.forecast.models import WeightsChange, WeightsVersion
from displace.web.forecast.weights import team_weights
from tests.web.archive.conftest import rewrite_archive
from tests.web.archive.test_backup import fill_workspace

TEAM = "Business banking"
IDS = ("deals", "conversations", "findings", "follow_ups", "comments", "history", "examples",
       "closings", "snapshots", "weights_history")
REFERENCES = {"deal": "deals", "conversation": "conversations", "finding": "findings"}


def export(team: str, path: Path) -> Path:
    write_archive_file(path, lambda writer: write_team_export(Team.objects.get(name=team),
                                                              writer))
    return path


def contents(path: Path) -> dict[str, Any]:
    """The archive's records, with each id replaced by its rank among its kind's ids (an
    import keeps their order, not their values) and deal files and transcripts inlined."""
    with zipfile.ZipFile(path) as archive:
        kinds = {name.removesuffix(".json"): json.loads(archive.read(name))
                 for name in archive.namelist() if "/" not in name and name != "manifest.json"}
        rank = {kind: {row["id"]: i for i, row in enumerate(sorted(
            kinds[kind], key=lambda row: row["id"]))} for kind in IDS}
        for kind in IDS:
            for row in kinds[kind]:
                row["id"] = rank[kind][row["id"]]
                for field, target in REFERENCES.items():
                    if row.get(field) is not None:
                        row[field] = rank[target][row[field]]
                for field in ("deal_file", "transcript"):
                    if field in row:
                        row[field] = archive.read(row[field]).decode("utf-8")
                if "gap_findings" in row:
                    row["gap_findings"] = {k: rank["findings"][v]
                                           for k, v in row["gap_findings"].items()}
    return kinds


@pytest.mark.django_db(transaction=True)
def test_a_team_exported_and_imported_into_a_fresh_workspace_keeps_every_record(
    data_dir: Path, empty_workspace: Callable[[], None], tmp_path: Path
) -> None:
    fill_workspace()
    deal = Deal.objects.order_by("pk").first()
    assert deal is not None
    add_comment(deal, "An admin's note names the admin too.", by=User.objects.get(username="admin"))
    Deal.objects.filter(pk=deal.pk).update(crm_source="hubspot", crm_id="9000001")
    held = {"deals": Deal.objects.filter(team__name=TEAM).count(),
            "conversations": Conversation.objects.filter(deal__team__name=TEAM).count(),
            "follow_ups": FollowUp.objects.filter(deal__team__name=TEAM).count()}
    people = sorted(User.objects.values_list("username", flat=True))
    first = export(TEAM, tmp_path / "first.zip")
    empty_workspace()
    summary = import_team(first)
    second = export(TEAM, tmp_path / "second.zip")
    original = contents(first)
    for person in original["users"]:
        if person["role"] == "admin":  # an archive never makes an admin
            person["role"] = "rep"
    assert contents(second) == original
    assert {k: len(original[k]) for k in ("deals", "conversations", "follow_ups")} == held
    # Each imported conversation carries its deal's team (the manager view's hot-spots).
    pairs = {(c.team_id, c.deal.team_id) for c in Conversation.objects.select_related("deal")}
    assert pairs == {(Team.objects.get(name=TEAM).pk,) * 2}
    assert held["deals"] >= 60 and held["conversations"] and held["follow_ups"]
    assert original["findings"] and original["comments"] and original["examples"]
    assert any(d["gap_findings"] for d in original["deals"])
    assert [(d["crm_source"], d["crm_id"]) for d in original["deals"]
            if d["crm_id"]] == [("hubspot", "9000001")]  # a CRM import keeps updating it
    assert summary.created_users == people
    for person in User.objects.all():
        assert not person.is_active and not person.has_usable_password()
    assert User.objects.get(username="admin").profile.role == "rep"  # never an admin
    assert User.objects.get(username="ruth").profile.team.name == TEAM  # type: ignore[union-attr]


@pytest.mark.django_db(transaction=True)
def test_an_export_names_its_format_and_counts_and_holds_open_formats(
    data_dir: Path, tmp_path: Path
) -> None:
    fill_workspace()
    with zipfile.ZipFile(export(TEAM, tmp_path / "team.zip")) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = archive.namelist()
        deal_file = archive.read(next(n for n in names if n.startswith("deals/"))).decode()
    assert manifest["format"] == TEAM_FORMAT and manifest["team"] == TEAM
    assert manifest["counts"]["deals"] == Deal.objects.filter(team__name=TEAM).count() >= 60
    assert set(manifest["members"]) == set(names) - {"manifest.json"}
    assert 'schema = "displace.deal/1"' in deal_file
    assert sum(n.startswith("conversations/") for n in names) == Conversation.objects.filter(
        deal__team__name=TEAM).count() > 0


def test_people_already_here_are_matched_by_username_and_left_as_they_were(
    people: dict[str, Any], alices_call: Conversation, tmp_path: Path
) -> None:
    archive = export("North", tmp_path / "north.zip")
    summary = import_team(archive, team_name="North again")
    assert summary.created_users == [] and "alice" in summary.matched_users
    copy = Deal.objects.get(team__name="North again")
    assert copy.owner == people["alice"] and copy.title == alices_call.deal.title
    assert User.objects.get(username="alice").profile.team.name == "North"  # type: ignore[union-attr]
    assert copy.conversations.get().findings.count() == alices_call.findings.count() > 0


def test_it_refuses_a_team_that_already_has_deals_and_stores_nothing(
    alices_deal: Deal, tmp_path: Path
) -> None:
    archive = export("North", tmp_path / "north.zip")
    with pytest.raises(ArchiveError, match="team 'North' already has deals"):
        import_team(archive)
    assert Deal.objects.count() == 1


def test_a_damaged_export_is_refused_and_nothing_is_stored(
    alices_call: Conversation, tmp_path: Path
) -> None:
    archive = export("North", tmp_path / "north.zip")
    rewrite_archive(archive, lambda members: members.update(
        {"deals.json": members["deals.json"].replace(b'"stage"', b'"stag"')}),
        fix_checksums=False)
    with pytest.raises(ArchiveError, match=r"deals\.json is damaged"):
        import_team(archive, team_name="Copy")
    assert not Team.objects.filter(name="Copy").exists()


def test_a_record_that_breaks_the_format_is_named_with_its_field(
    alices_call: Conversation, tmp_path: Path
) -> None:
    archive = export("North", tmp_path / "north.zip")
    rewrite_archive(archive, lambda members: members.update(
        {"follow_ups.json": b'[{"id": 1, "deal": 1, "title": "Call", "due": "soon"}]'}))
    with pytest.raises(ArchiveError, match=r"follow_ups.json: \[0\].due: Input should be"):
        import_team(archive, team_name="Copy")
    assert Deal.objects.count() == 1


def test_a_conversation_whose_deal_is_missing_stops_the_import(
    alices_call: Conversation, tmp_path: Path
) -> None:
    archive = export("North", tmp_path / "north.zip")
    rewrite_archive(archive, lambda members: members.update({"deals.json": b"[]"}))
    with pytest.raises(ArchiveError, match=r"conversations.json: record \d+: deal \d+ is not"):
        import_team(archive, team_name="Copy")
    assert Deal.objects.count() == 1


def test_the_teams_manager_downloads_its_export(
    login: Callable[[str], Client], alices_call: Conversation
) -> None:
    client = login("maria")
    page = client.get(reverse("team-exports")).content.decode()
    north = Team.objects.get(name="North")
    assert reverse("team-export", args=[north.pk]) in page and "South" not in page
    response = client.get(reverse("team-export", args=[north.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="displace-team-north')
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert json.loads(archive.read("manifest.json"))["counts"]["conversations"] == 1


def test_no_one_else_downloads_a_teams_export(
    login: Callable[[str], Client], alices_call: Conversation, people: dict[str, Any]
) -> None:
    north = Team.objects.get(name="North")
    assert login("sam").get(reverse("team-export", args=[north.pk])).status_code == 404
    assert login("alice").get(reverse("team-export", args=[north.pk])).status_code == 404
    assert login("alice").get(reverse("team-exports")).status_code == 403
    admin_page = login("ada").get(reverse("team-exports")).content.decode()
    assert "North" in admin_page and "South" in admin_page


# -- The records of #13: closings, stage snapshots, the team's reasons, its weights versions --

LATER = ("closings.json", "snapshots.json", "outcome_reasons.json", "weights_versions.json",
         "weights_history.json")


@pytest.fixture
def closed_north(people: dict[str, Any], alices_deal: Deal) -> Deal:
    """Alice's deal lost (the incumbent matched the price), reopened, then won; North with its
    own reasons and two weights versions, the second rolled back so the first is in use."""
    alice, maria, ada = people["alice"], people["maria"], people["ada"]
    north = Team.objects.get(name="North")
    save_outcome_reasons(north, shipped_reasons_text().replace(
        'en = "A gap the incumbent could not close"', 'en = "Their gap, our fix"'), by=ada)
    for number, gaps in ((1, 1.4), (2, 0.7)):
        version = WeightsVersion.objects.create(
            team=north, number=number, multipliers={"gaps": gaps, "offer": 1.1},
            scores={"n": 60, "log_loss": [0.61, 0.58]}, created_by=maria)
        WeightsChange.objects.create(team=north, version=version, action="proposed", by=maria)
        accept_version(version, by=ada)  # the open deal is assessed again with it
    roll_back(north, by=ada)
    deal = Deal.objects.get(pk=alices_deal.pk)
    close_deal(deal, "lost", reason="incumbent-matched-price", note="They cut 20%.",
               countered="yes", counter_move="matched_price", lost_to="incumbent", by=alice)
    reopen_deal(deal, stage="proposal", by=maria)
    close_deal(deal, "won", reason="gap-incumbent-could-not-close", by=alice)
    touch(deal)  # active since it closed: its closed_at is not its last activity
    return Deal.objects.get(pk=alices_deal.pk)


def _rows(model: type[Any], *also: str, **where: Any) -> list[dict[str, Any]]:
    """Every field of the rows but their own and their deal's or team's ids."""
    ids = ("id", "deal_id", "team_id", "version_id")
    fields = [f.attname for f in model._meta.concrete_fields if f.attname not in ids]
    return list(model.objects.filter(**where).order_by("pk").values(*fields, *also))


def test_a_deal_closed_reopened_and_closed_again_comes_back_with_every_closing_and_snapshot(
    closed_north: Deal, people: dict[str, Any], tmp_path: Path
) -> None:
    archive = export("North", tmp_path / "north.zip")
    summary = import_team(archive, team_name="North again")
    copy = Deal.objects.get(team__name="North again")
    original = _rows(Closing, deal=closed_north)
    assert [(c["outcome"], c["reopened_at"] is None) for c in original] == [
        ("lost", False), ("won", True)]
    assert original[0]["counter_move"] == "matched_price" and original[0]["note"]
    assert _rows(Closing, deal=copy) == original
    snapshots = _rows(StageSnapshot, deal=closed_north)
    assert [s["stage"] for s in snapshots] == ["discovery", "lost", "proposal", "won"]
    assert [s["weights_version"] for s in snapshots] == [0, 1, 1, 1]  # v1 in use since
    assert snapshots[0]["terms"] and snapshots[0]["win_probability"] is not None
    assert _rows(StageSnapshot, deal=copy) == snapshots
    assert copy.closed_at == closed_north.closed_at == original[1]["closed_at"]
    assert copy.last_activity == closed_north.last_activity > closed_north.closed_at
    assert (summary.counts["closings"], summary.counts["snapshots"]) == (2, 4)


def test_the_teams_reasons_and_weights_versions_come_back_and_its_accepted_weights_stay_in_use(
    closed_north: Deal, tmp_path: Path
) -> None:
    archive = export("North", tmp_path / "north.zip")
    import_team(archive, team_name="North again")
    north, again = (Team.objects.get(name=n) for n in ("North", "North again"))
    assert _rows(OutcomeReasons, team=again) == _rows(OutcomeReasons, team=north)
    assert "Their gap, our fix" in OutcomeReasons.objects.get(team=again).content
    assert _rows(WeightsVersion, team=again) == _rows(WeightsVersion, team=north)
    assert len(_rows(WeightsVersion, team=again)) == 2
    history = _rows(WeightsChange, "version__number", team=north)
    assert [(h["action"], h["version__number"]) for h in history] == [
        ("proposed", 1), ("accepted", 1), ("proposed", 2), ("accepted", 2), ("rolled_back", 2)]
    assert _rows(WeightsChange, "version__number", team=again) == history
    assert team_weights(again.pk) == team_weights(north.pk) == ({"gaps": 1.4, "offer": 1.1}, 1)


def test_an_archive_from_before_closings_imports_its_closed_deals_as_the_migration_closed_them(
    closed_north: Deal, tmp_path: Path
) -> None:
    archive = export("North", tmp_path / "north.zip")

    def as_before(members: dict[str, bytes]) -> None:
        for name in LATER:
            del members[name]
        deals = json.loads(members["deals.json"])
        for deal in deals:
            del deal["closed_at"]
        members["deals.json"] = json.dumps(deals).encode()

    rewrite_archive(archive, as_before)
    summary = import_team(archive, team_name="North before")
    copy = Deal.objects.get(team__name="North before")
    assert copy.stage == "won" and copy.closed_at == copy.last_activity
    assert list(Closing.objects.filter(deal=copy).values_list(
        "outcome", "reason", "closed_at", "reopened_at")) == [
        ("won", "not-recorded", copy.last_activity, None)]
    assert not StageSnapshot.objects.filter(deal=copy).exists()
    again = Team.objects.get(name="North before")
    assert not OutcomeReasons.objects.filter(team=again).exists()
    assert not WeightsVersion.objects.filter(team=again).exists()
    assert team_weights(again.pk) == ({}, 0)
    assert (summary.counts["closings"], summary.counts["snapshots"]) == (1, 0)


def test_an_open_deal_from_an_archive_before_closings_stays_open_without_a_closing(
    alices_deal: Deal, tmp_path: Path
) -> None:
    archive = export("North", tmp_path / "north.zip")

    def as_before(members: dict[str, bytes]) -> None:
        for name in LATER:
            del members[name]

    rewrite_archive(archive, as_before)
    import_team(archive, team_name="North before")
    copy = Deal.objects.get(team__name="North before")
    assert copy.stage == alices_deal.stage == "discovery" and copy.closed_at is None
    assert not Closing.objects.filter(deal=copy).exists()


def _edited(member: str, change: Callable[[list[dict[str, Any]]], None]
            ) -> Callable[[dict[str, bytes]], None]:
    def edit(members: dict[str, bytes]) -> None:
        records = json.loads(members[member])
        change(records)
        members[member] = json.dumps(records).encode()
    return edit


def _set(field: str, value: Any, index: int | None = None) -> Callable[[list[Any]], None]:
    def change(records: list[dict[str, Any]]) -> None:
        for record in records if index is None else [records[index]]:
            record[field] = value
    return change


@pytest.mark.parametrize(("member", "change", "message"), [
    ("closings.json", _set("deal", 999999), r"closings\.json: record \d+: deal 999999 is not"),
    ("closings.json", _set("outcome", "maybe", 0), r"closings\.json: \[0\]\.outcome: Input"),
    ("closings.json", _set("reopened_at", None), r"closings\.json: record \d+: deal \d+ has "
                                                  "another closing in force"),
    ("closings.json", _set("closed_by", "nobody", 0), r"closings\.json: record \d+: closed_by "
                                                      "'nobody' is not in the archive"),
    ("snapshots.json", _set("weights_version", -1, 1), r"snapshots\.json: \[1\]\."
                                                        "weights_version: Input should be"),
    ("outcome_reasons.json", _set("content", "schema = 'x'"),
     r"outcome_reasons\.json: \[0\]\.content"),
    ("weights_versions.json", _set("number", 1), r"weights_versions\.json: two records have "
                                                 "the number 1"),
    ("weights_history.json", _set("version", 7, 0), r"weights_history\.json: record \d+: "
                                                    "version 7 is not in the archive"),
])
def test_a_closing_snapshot_reasons_or_weights_record_that_is_wrong_is_named_and_nothing_stored(
    closed_north: Deal, tmp_path: Path, member: str, change: Callable[[list[Any]], None],
    message: str
) -> None:
    archive = export("North", tmp_path / "north.zip")
    rewrite_archive(archive, _edited(member, change))
    with pytest.raises(ArchiveError, match=message):
        import_team(archive, team_name="Copy")
    assert not Team.objects.filter(name="Copy").exists()
    assert Deal.objects.count() == 1 and WeightsVersion.objects.count() == 2


def test_a_closing_in_force_on_a_deal_the_archive_has_open_is_refused(
    closed_north: Deal, tmp_path: Path
) -> None:
    archive = export("North", tmp_path / "north.zip")

    def reopened(members: dict[str, bytes]) -> None:
        name = f"deals/{closed_north.pk}.toml"
        members[name] = members[name].replace(b'stage = "won"', b'stage = "proposal"')

    rewrite_archive(archive, reopened)
    with pytest.raises(ArchiveError, match=r"closings\.json: record \d+: reopened_at: empty, "
                                           r"but deal \d+ is open \(proposal\)"):
        import_team(archive, team_name="Copy")
    assert not Team.objects.filter(name="Copy").exists()


def test_a_team_that_already_has_weights_versions_is_not_written_into(
    closed_north: Deal, tmp_path: Path
) -> None:
    archive = export("North", tmp_path / "north.zip")
    Deal.objects.all().delete()
    with pytest.raises(ArchiveError, match="already has deals, examples or weights versions"):
        import_team(archive)
    assert WeightsVersion.objects.count() == 2 and not Deal.objects.exists()


def test_the_formats_stages_and_closing_choices_are_the_models() -> None:
    assert set(get_args(StageName)) == set(Stage.values)
    assert set(get_args(OutcomeName)) == set(CLOSED_STAGES)
    fields = ClosingRecord.model_fields
    for name, choices in (("countered", Countered), ("counter_move", CounterMove),
                          ("lost_to", LostTo)):
        assert set(get_args(fields[name].annotation)) == {"", *choices.values}


def test_follow_ups_keep_who_added_and_closed_them_through_an_export(
    people: dict[str, Any], alices_deal: Deal, tmp_path: Path
) -> None:
    added = add_follow_up(alices_deal, "Send the pricing", date(2027, 1, 5), by=people["maria"])
    complete_follow_up(added, by=people["bob"])
    add_follow_up(alices_deal, "Book the demo", date(2027, 1, 9), by=people["alice"])
    FollowUp.objects.create(deal=alices_deal, title="From before", due=date(2027, 1, 2),
                            assignee=people["alice"])  # as a follow-up before #12 reads
    archive = export("North", tmp_path / "north.zip")
    with zipfile.ZipFile(archive) as opened:
        records = {r["title"]: r for r in json.loads(opened.read("follow_ups.json"))}
    assert (records["Send the pricing"]["created_by"], records["Send the pricing"]["done_by"]) == (
        "maria", "bob")
    assert (records["From before"]["created_by"], records["From before"]["done_by"]) == (
        None, None)
    import_team(archive, team_name="North again")
    copies = {f.title: f for f in FollowUp.objects.filter(deal__team__name="North again")}
    assert copies["Send the pricing"].created_by == people["maria"]
    assert copies["Send the pricing"].done_by == people["bob"]
    assert copies["Book the demo"].created_by == people["alice"]
    assert copies["Book the demo"].done_by is None
    assert copies["From before"].created_by is None


def test_an_archive_from_before_follow_ups_kept_their_people_still_imports(
    people: dict[str, Any], alices_deal: Deal, tmp_path: Path
) -> None:
    add_follow_up(alices_deal, "Send the pricing", date(2027, 1, 5), by=people["maria"])
    archive = export("North", tmp_path / "north.zip")

    def older(members: dict[str, bytes]) -> None:
        rows = json.loads(members["follow_ups.json"])
        for row in rows:
            del row["created_by"], row["done_by"]
        members["follow_ups.json"] = json.dumps(rows).encode()

    rewrite_archive(archive, older)
    import_team(archive, team_name="North again")
    copy = FollowUp.objects.get(deal__team__name="North again")
    assert copy.title == "Send the pricing" and copy.created_by is None and copy.done_by is None


def test_a_follow_up_naming_someone_not_in_the_archive_stops_the_import(
    people: dict[str, Any], alices_deal: Deal, tmp_path: Path
) -> None:
    add_follow_up(alices_deal, "Send the pricing", date(2027, 1, 5), by=people["maria"])
    archive = export("North", tmp_path / "north.zip")
    rewrite_archive(archive, lambda members: members.update({"follow_ups.json": members[
        "follow_ups.json"].replace(b'"created_by":"maria"', b'"created_by":"nobody"')}))
    with pytest.raises(ArchiveError,
                       match=r"follow_ups.json: record \d+: created_by 'nobody' is not"):
        import_team(archive, team_name="Copy")
    assert not Team.objects.filter(name="Copy").exists()
