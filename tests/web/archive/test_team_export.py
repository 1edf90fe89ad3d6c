"""A team's export and its import into a fresh workspace: everything the team owns comes back;
people arrive inactive without a password unless they are there already; a team that has data
is never written into; and only the team's manager or an admin may download the export."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from displace.web.accounts.models import Team
from displace.web.archive.actions import import_team
from displace.web.archive.bundle import ArchiveError, write_archive_file
from displace.web.archive.team_export import write_team_export
from displace.web.archive.team_format import TEAM_FORMAT
from displace.web.conversations.models import Conversation
from displace.web.deals.actions import add_comment
from displace.web.deals.models import Deal
from tests.web.archive.conftest import rewrite_archive
from tests.web.archive.test_backup import fill_workspace

TEAM = "Business banking"
IDS = ("deals", "conversations", "findings", "follow_ups", "comments", "history", "examples")
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
    first = export(TEAM, tmp_path / "first.zip")
    empty_workspace()
    summary = import_team(first)
    second = export(TEAM, tmp_path / "second.zip")
    original = contents(first)
    for person in original["users"]:
        if person["role"] == "admin":  # an archive never makes an admin
            person["role"] = "rep"
    assert contents(second) == original
    assert {k: len(original[k]) for k in ("deals", "conversations", "follow_ups")} == {
        "deals": 4, "conversations": 4, "follow_ups": 2}
    assert original["findings"] and original["comments"] and original["examples"]
    assert any(d["gap_findings"] for d in original["deals"])
    assert [(d["crm_source"], d["crm_id"]) for d in original["deals"]
            if d["crm_id"]] == [("hubspot", "9000001")]  # a CRM import keeps updating it
    assert summary.created_users == ["admin", "bill", "lan", "ruth"]
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
    assert manifest["counts"]["deals"] == 4
    assert set(manifest["members"]) == set(names) - {"manifest.json"}
    assert 'schema = "displace.deal/1"' in deal_file
    assert sum(n.startswith("conversations/") for n in names) == 4


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
