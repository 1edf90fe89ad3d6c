"""/api/deals/import, /api/deals/imports/{id}, /api/deals/export."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.files.uploadedfile import SimpleUploadedFile

from displace.core.crm import load_preset, map_rows, read_table
from displace.web.accounts.models import Team
from displace.web.crm.models import CrmImport
from displace.web.deals.models import Deal
from tests.web.api.conftest import json_of
from tests.web.conftest import ApiClient
from tests.web.crm.conftest import GOOD, WITH_ERRORS, give_emails

People = dict[str, AbstractUser]


@pytest.fixture
def emails(people: People) -> People:
    """The personas, each with an e-mail address."""
    return give_emails(people)


def _post(api: ApiClient, who: str, content: bytes, **fields: object) -> object:
    return api(who).post("/api/deals/import", {
        "file": SimpleUploadedFile("deals.csv", content, content_type="text/csv"),
        "crm": "hubspot", **fields})


def test_a_dry_run_answers_the_preview_and_stores_nothing(api: ApiClient, emails: People) -> None:
    response = _post(api, "maria", WITH_ERRORS, dry_run="true")
    assert response.status_code == 200  # type: ignore[attr-defined]
    preview = json_of(response)
    assert (preview["total"], preview["new"], preview["error_rows"]) == (3, 1, 2)
    assert preview["columns"]["name"] == "Deal Name"
    assert preview["stages"]["Closed Won"] == "won"
    assert {(e["line"], e["field"]) for e in preview["errors"]} == {(3, "amount"), (4, "owner")}
    assert preview["rows"][0]["owner"] == "alice" and preview["rows"][0]["deal_id"] is None
    assert not Deal.objects.exists() and not CrmImport.objects.exists()


def test_a_file_with_errors_is_refused_with_its_preview(api: ApiClient, emails: People) -> None:
    response = _post(api, "maria", WITH_ERRORS)
    assert response.status_code == 400  # type: ignore[attr-defined]
    body = json_of(response)
    assert "nothing was stored" in body["detail"] and body["preview"]["error_rows"] == 2
    assert not Deal.objects.exists()


def test_an_import_of_the_good_rows_is_queued_and_followed(
    api: ApiClient, emails: People,
) -> None:
    response = _post(api, "maria", WITH_ERRORS, good_rows="true",
                     stages=json.dumps({"Appointment Scheduled": "gap"}))
    assert response.status_code == 202  # type: ignore[attr-defined]
    started = json_of(response)
    assert started["state"] == "done"  # jobs run inline in tests
    followed = json_of(api("maria").get(f"/api/deals/imports/{started['id']}"))
    assert (followed["created"], followed["skipped"], followed["done"], followed["total"]) == (
        1, 2, 1, 1)
    assert Deal.objects.get().stage == "gap"
    assert api("charlie").get(f"/api/deals/imports/{started['id']}").status_code == 404


def test_a_default_owner_and_a_team_are_named_by_username_and_id(
    api: ApiClient, emails: People,
) -> None:
    north = Team.objects.get(name="North")
    response = _post(api, "ada", WITH_ERRORS, good_rows="true", team=str(north.pk),
                     default_owner="bob")
    assert json_of(response)["created"] == 2
    assert Deal.objects.get(crm_id="103").owner.username == "bob"
    refused = _post(api, "ada", GOOD, team=str(north.pk), default_owner="charlie")
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "charlie" in json_of(refused)["detail"]


def test_bad_choices_are_refused_with_a_reason(api: ApiClient, emails: People) -> None:
    for fields, expected in (({"stages": "[1]"}, "stages: expected a JSON object"),
                             ({"stages": json.dumps({"Closed Won": "victory"})}, "victory"),
                             ({"industry": "mining"}, "Industry mining")):
        response = _post(api, "maria", GOOD, **fields)
        assert response.status_code == 400, fields  # type: ignore[attr-defined]
        assert expected in json_of(response)["detail"]
    assert _post(api, "maria", GOOD, crm="excel").status_code == 422  # type: ignore[attr-defined]
    assert not Deal.objects.exists()


def test_the_export_is_the_crms_import_file(api: ApiClient, emails: People) -> None:
    _post(api, "maria", GOOD)
    response = api("maria").get("/api/deals/export?crm=hubspot")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    mapped = map_rows(read_table(response.content, "export.csv"), load_preset("hubspot"))
    assert sorted(r.crm_id for r in mapped.rows) == ["101", "102"]
    assert api("charlie").get("/api/deals/export?crm=hubspot").content.count(b"\r\n") == 1
    assert api("maria").get("/api/deals/export?crm=excel").status_code == 422
