"""The import pages (upload, preview, progress) and the export download."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from displace.core.crm import load_preset, map_rows, read_table
from displace.web.accounts.models import Team
from displace.web.crm import progress
from displace.web.crm.models import CrmImport, ImportState
from displace.web.deals.models import Deal
from tests.web.crm.conftest import GOOD, WITH_ERRORS

People = dict[str, AbstractUser]
Login = Callable[[str], Client]


def _upload(client: Client, content: bytes, crm: str = "hubspot", **fields: str) -> str:
    response = client.post(reverse("crm-upload"), {
        "file": SimpleUploadedFile("deals.csv", content, content_type="text/csv"),
        "crm": crm, "industry": "", "currency": "USD", **fields})
    assert response.status_code == 302, response.content.decode()
    return str(response["Location"])


def test_a_manager_previews_a_file_with_errors_and_nothing_is_stored(
    emails: People, login: Login,
) -> None:
    client = login("maria")
    page = client.get(_upload(client, WITH_ERRORS)).content.decode()
    assert "3 rows: 1 new deals, 0 updates, 2 errors in 2 rows." in page
    assert '<td class="num">3</td><td>amount</td><td>lots</td>' in page
    assert "Nobody on team North has this e-mail address" in page
    assert "<button disabled>Import</button>" in page
    assert 'name="good_rows" value="1">Import the 1 good rows</button>' in page
    assert 'Appointment Scheduled" selected' not in page  # the stage table has a select each
    assert '<option value="discovery" selected>Discovery</option>' in page
    assert not Deal.objects.exists()


def test_it_refuses_to_import_a_file_with_errors_without_the_choice(
    emails: People, login: Login,
) -> None:
    client = login("maria")
    url = _upload(client, WITH_ERRORS)
    page = client.post(url + "start/", follow=True).content.decode()
    assert "nothing was stored" in page and not Deal.objects.exists()


def test_a_manager_imports_the_good_rows_and_sees_what_happened(
    emails: People, login: Login,
) -> None:
    client = login("maria")
    url = _upload(client, WITH_ERRORS)
    page = client.post(url + "start/", {"good_rows": "1"}, follow=True).content.decode()
    assert "Imported. New deals: 1; deals updated: 0." in page
    assert "Rows with errors left out: 2." in page
    assert Deal.objects.get().crm_id == "101"


def test_a_changed_stage_map_is_previewed_then_applied(emails: People, login: Login) -> None:
    client = login("maria")
    url = _upload(client, GOOD)
    found = CrmImport.objects.get()
    post = {"crm-stage-0": "Appointment Scheduled", "stage-0": "vision",
            "crm-stage-1": "Qualified To Buy", "stage-1": "gap", "currency": "USD"}
    fragment = client.post(url + "choices/", post, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('\n<div id="preview">')  # the preview alone, for HTMX
    assert '<option value="vision" selected>Vision</option>' in fragment
    assert CrmImport.objects.get(pk=found.pk).stages["Appointment Scheduled"] == "vision"
    client.post(url + "start/")
    assert Deal.objects.get(crm_id="101").stage == "vision"


@pytest.mark.django_db(transaction=True)  # PostgreSQL writes the count on its own connection
def test_the_progress_fragment_shows_rows_done_of_total(
    emails: People, login: Login, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from displace.web import jobs

    monkeypatch.setattr(jobs, "job_stalled", lambda job_id: False)  # a worker is on it
    client = login("maria")
    _upload(client, GOOD)
    found = CrmImport.objects.get()
    CrmImport.objects.filter(pk=found.pk).update(state=ImportState.RUNNING, total=10)
    progress.write(found.pk, 4)
    try:
        fragment = client.get(reverse("crm-state", args=[found.pk]),
                              HTTP_HX_REQUEST="true").content.decode()
    finally:
        progress.clear(found.pk)
    assert '<progress max="10" value="4">' in fragment
    assert "4 of 10 rows" in fragment and 'hx-trigger="every 1s"' in fragment
    assert "Reload" in fragment
    plain = client.get(reverse("crm-state", args=[found.pk]))
    assert plain.status_code == 302  # without HTMX: the page


def test_an_import_whose_worker_stopped_can_be_started_again(
    emails: People, login: Login,
) -> None:
    client = login("maria")
    url = _upload(client, GOOD)
    CrmImport.objects.update(state=ImportState.RUNNING, total=2, task_id="lost")
    page = client.get(url).content.decode()
    assert "This import stopped without finishing" in page and "hx-trigger" not in page
    page = client.post(url + "start/", follow=True).content.decode()
    assert "Imported. New deals: 2; deals updated: 0." in page
    assert Deal.objects.count() == 2


def test_a_failed_import_shows_its_reason_and_stops_polling(
    emails: People, login: Login,
) -> None:
    client = login("maria")
    url = _upload(client, GOOD)
    CrmImport.objects.update(state=ImportState.FAILED, error="The disk is full.")
    page = client.get(url).content.decode()
    assert "The import failed; no deal was stored." in page and "The disk is full." in page
    assert "hx-trigger" not in page


def test_an_import_is_out_of_sight_for_people_outside_its_team(
    emails: People, login: Login,
) -> None:
    url = _upload(login("alice"), GOOD)
    for name, status in (("charlie", 404), ("sam", 404), ("bob", 404), ("maria", 200),
                         ("ada", 200)):
        assert login(name).get(url).status_code == status, name


def test_only_the_uploader_starts_an_import(emails: People, login: Login) -> None:
    url = _upload(login("alice"), GOOD)
    page = login("maria").post(url + "start/", follow=True).content.decode()
    assert "Only the person who uploaded the file" in page
    assert not Deal.objects.exists()


def test_an_unreadable_file_is_refused_on_upload_with_its_name(
    emails: People, login: Login,
) -> None:
    response = login("maria").post(reverse("crm-upload"), {
        "file": SimpleUploadedFile("deals.xlsx", b"PK\x03\x04rest"), "crm": "hubspot"})
    assert response.status_code == 400
    assert "deals.xlsx" in response.content.decode()
    assert not CrmImport.objects.exists()


def test_the_pipeline_and_manager_view_link_to_import_and_export(
    emails: People, login: Login,
) -> None:
    client = login("maria")
    for url in (reverse("pipeline"), reverse("manager")):
        page = client.get(url).content.decode()
        assert "Import deals from a CRM" in page and "Export for a CRM" in page
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    page = client.get(reverse("pipeline")).content.decode()
    assert "Nhập thương vụ từ CRM" in page and "Xuất cho CRM" in page


def test_the_export_round_trips_through_the_core_reader(emails: People, login: Login) -> None:
    client = login("maria")
    client.post(_upload(client, GOOD, industry="commercial-insurance") + "start/")
    response = client.get(reverse("crm-export") + "?crm=hubspot")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="displace-deals-hubspot-' in response["Content-Disposition"]
    table = read_table(response.content, "export.csv")
    mapped = map_rows(table, load_preset("hubspot"))
    assert mapped.errors == ()
    rows = {r.crm_id: r for r in mapped.rows}
    assert set(rows) == {"101", "102"}
    assert (rows["101"].name, rows["101"].amount, rows["101"].stage) == (
        "Cold-chain insurance", Decimal("12500.00"), "discovery")
    assert rows["102"].stage == "gap" and rows["101"].owner == "alice@north.example"
    assert "Displace win probability" in table.headers
    deal = Deal.objects.get(crm_id="101")
    cells = dict(zip(table.headers, next(c for _, c in table.rows if c[0] == "101"),
                     strict=True))
    assert cells["Displace incumbent"] == "Northern Insurance"
    assert deal.win_probability is not None and cells["Displace win probability"]


def test_the_export_holds_only_the_deals_a_person_sees(emails: People, login: Login) -> None:
    client = login("maria")
    client.post(_upload(client, GOOD) + "start/")
    alice = login("alice").get(reverse("crm-export") + "?crm=generic").content.decode()
    charlie = login("charlie").get(reverse("crm-export") + "?crm=generic").content.decode()
    assert "Cold-chain insurance" in alice and "Payroll banking" not in alice
    assert "Cold-chain insurance" not in charlie


def test_the_export_page_offers_each_crm(emails: People, login: Login) -> None:
    page = login("ada").get(reverse("crm-export")).content.decode()
    for label in ("HubSpot", "Salesforce", "Pipedrive"):
        assert label in page
    assert all(team.name in page for team in Team.objects.all())


def test_a_deal_without_incumbent_shows_it_as_not_recorded_in_vietnamese(
    emails: People, login: Login,
) -> None:
    client = login("maria")
    client.post(_upload(client, GOOD) + "start/")
    client = login("bob")
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    page = client.get(reverse("deal", args=[Deal.objects.get(crm_id="102").pk]))
    assert "(chưa ghi nhận)" in page.content.decode()


def test_whatever_the_preview_form_posts_no_page_answers_a_server_error(
    emails: People, login: Login,
) -> None:
    import os

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    client = login("maria")
    url = _upload(client, GOOD)
    text = st.one_of(st.text(max_size=40), st.sampled_from(["", "x" * 500, "Deal Name", "won"]))
    form = st.fixed_dictionaries({}, optional={
        "column-name": text, "column-amount": text, "crm-stage-0": text, "stage-0": text,
        "default_owner": text, "industry": text, "currency": text})
    examples = int(os.environ.get("DISPLACE_FUZZ_EXAMPLES", "8"))

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=form)
    def post(data: dict[str, str]) -> None:
        assert client.post(url + "choices/", data).status_code < 500
        assert client.post(url + "choices/", data, HTTP_HX_REQUEST="true").status_code < 500
        assert client.get(url).status_code == 200

    post()


def test_the_upload_form_names_crms_and_industries_in_the_readers_language(
    emails: People, login: Login
) -> None:
    client = login("alice")
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    page = client.get(reverse("crm-upload")).content.decode()
    assert "CRM khác hoặc bảng tính" in page and "Other CRM or spreadsheet" not in page
    assert '<option value="sme-banking">Ngân hàng cho doanh nghiệp vừa và nhỏ</option>' in page
    assert ">sme-banking<" not in page
    client.post(reverse("language"), {"language": "en", "next": "/"})
    assert "Other CRM or spreadsheet" in client.get(reverse("crm-upload")).content.decode()
