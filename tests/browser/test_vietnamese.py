"""Every main page in Vietnamese, for a Vietnamese team whose deals and calls are in Vietnamese,
has no English word left in what it shows.

The English vocabulary is the interface's own: the words (four letters or more) of the
catalogue's msgids and of the core's English messages (data/i18n), less the words the
Vietnamese translations use too (Displace, CSV, WebVTT...) and a short allow-list. File names,
addresses and rule ids are identifiers, not words, and are left out; an id shown raw
(`decision-maker`, `commercial-insurance`) is a failure of its own. The team, its deals, its
call and its follow-up are made by the test, so that any English on a page is the interface's.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import playwright.sync_api as playwright_api  # installed with the project: never skipped
import pytest

from tests.browser.conftest import REPO, serving
from tests.browser.test_story import Walk

pytestmark = [pytest.mark.browser]

PO = REPO / "src" / "displace" / "web" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
CORE_TABLES = REPO / "src" / "displace" / "data" / "i18n"
PASSWORD = "mat-khau-thu-nghiem-7"
# Words the Vietnamese interface uses on purpose: product and format names, units.
ALLOWED = frozenset({"displace", "hubspot", "salesforce", "pipedrive", "brier", "email"})
# Identifiers, not words: addresses, e-mails, file names, rule ids (vi:gap-question.last-time),
# commands (displace import-team).
IDENTIFIER = re.compile(r"\S*\w[./:@_]\w\S*|\bdisplace [a-z]+(?:-[a-z]+)*")
RAW_ID = re.compile(r"(?<![\w-])[a-z][a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])")
WORD = re.compile(r"[^\W\d_]+")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sd]|\{\{.*?\}\}|\{[^{}]*\}|<[^>]+>|&\w+;")
VISIBLE_TEXT = """() => {
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    const attributes = [...document.querySelectorAll('[placeholder], [title], [aria-label], [alt]')]
        .flatMap(e => ['placeholder', 'title', 'aria-label', 'alt'].map(a => e.getAttribute(a)))
        .filter(Boolean);
    return [document.title, document.body.innerText, ...attributes].join('\\n');
}"""

DEAL_FILE = """\
schema = "displace.deal/1"
title = "Thép Phú Mỹ: chuyển tài khoản thanh toán doanh nghiệp"
language = "vi"
stage = "gap"
rep_confidence = 0.6

[prospect]
name = "Công ty Thép Phú Mỹ"
industry = "sme-banking"
currency = "VND"

[[prospect.contacts]]
name = "Anh Dũng"
title = "Kế toán trưởng"
decision_role = "decision-maker"

[our_side]
organisation = "Ngân hàng Sông Tiền"
rep = "Minh"
capabilities = ["cash-flow-forecasting"]

[incumbent]
name = "Ngân hàng Đại Phát"
tenure_years = 8
origin = "Mở tài khoản khi xây nhà máy đầu tiên"
delivers = ["online-banking"]

[[gaps]]
id = "dong-tien"
summary = "Không ai rà soát dòng tiền cùng công ty mỗi quý"
capability = "cash-flow-forecasting"

[gaps.evidence]
stated_by = "Anh Dũng"
quote = "Tám năm nay chưa ai bên ngân hàng ngồi xem dòng tiền với tôi."

[vision]
what = "Một buổi rà soát dòng tiền mỗi quý"
who = "Kế toán trưởng và giám đốc"
when = "Từ quý sau"

[decision]
maker = "Anh Dũng"
willing = "yes"

[[offer]]
id = "phi"
text = "Miễn phí chuyển khoản trong năm đầu"
capability = "fee-reduction"
"""

CALL = """\
Người bán: Chào anh Dũng, em là Minh bên Ngân hàng Sông Tiền. Cảm ơn anh đã dành thời gian.
Khách hàng: Chào em, anh có khoảng hai mươi phút.
Người bán: Ngân hàng em thành lập từ năm 1995 và có hơn 100 chi nhánh trên cả nước.
Khách hàng: Ừ, anh có nghe.
Người bán: Anh thấy ngân hàng hiện tại phục vụ thế nào ạ?
Khách hàng: Nói chung là ổn. Nhưng tám năm nay chưa ai bên ngân hàng ngồi xem dòng tiền với tôi.
Người bán: Bên em có thể miễn phí chuyển khoản trong năm đầu cho anh.
Khách hàng: Để anh xem lại đã, mấy hôm nữa em gọi lại nhé.
Người bán: Dạ vâng, khi nào anh tiện thì báo em ạ.
"""

# The team, its people and its deal, made through the app's own actions before it starts.
SEED = textwrap.dedent(f"""
    from displace.web.bootstrap import start_django
    start_django()
    from displace.core.deal.dealfile import parse_deal
    from displace.web.accounts.actions import create_user
    from displace.web.deals.actions import import_deal
    team = "Khối doanh nghiệp phía Nam"
    create_user("hoa", {PASSWORD!r}, role="manager", team=team, language="vi",
                full_name="Trần Hoa")
    minh = create_user("minh", {PASSWORD!r}, role="rep", team=team, language="vi",
                       full_name="Lê Minh")
    create_user("quantri", {PASSWORD!r}, role="admin", language="vi", full_name="Quản Trị")
    import_deal(parse_deal({DEAL_FILE!r}, source="thep-phu-my.toml"), owner=minh,
                value=2_500_000_000, currency="VND")
""")


@dataclass
class Reading:
    """The round of the Vietnamese pages; what is wrong is gathered, not stopped at."""

    walk: Walk
    problems: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)

    @property
    def page(self) -> playwright_api.Page:
        return self.walk.page

    def visit(self, name: str, path: str, *, status: int = 200) -> None:
        """Open `path` and read it."""
        response = self.page.goto(self.walk.base + path.lstrip("/"))
        assert response is not None and response.status == status, f"{name}: {path}"
        self.read(name)

    def read(self, name: str) -> None:
        """Note the English words and raw ids on the page as it is now."""
        self.seen.append(name)
        self.page.wait_for_load_state("load")
        assert self.page.locator("html").get_attribute("lang") == "vi", name
        text = self.page.evaluate(VISIBLE_TEXT)
        english, ids = english_words(text), raw_ids(text)
        if english or ids:
            self.problems.append(f"{name} ({self.page.url}): English {english}, raw ids {ids}\n"
                                 + textwrap.indent(text, "    | "))


@cache
def english_vocabulary() -> frozenset[str]:
    """English words of the interface that its Vietnamese never uses."""
    english: set[str] = set()
    vietnamese: set[str] = set()
    for ids, translations in [*_catalogue(), *_core_tables()]:
        english |= {w for text in ids for w in _words(text) if len(w) >= 4 and w.isascii()}
        vietnamese |= {w for text in translations for w in _words(text)}
    return frozenset(english - vietnamese - ALLOWED)


def english_words(text: str) -> list[str]:
    """The vocabulary's words in `text`, once each, as written."""
    vocabulary = english_vocabulary()
    found = WORD.findall(IDENTIFIER.sub(" ", text))
    return sorted({w for w in found if w.lower() in vocabulary})


def raw_ids(text: str) -> list[str]:
    """Ids shown as they are stored (decision-maker, sme-banking) rather than in words."""
    return sorted(set(RAW_ID.findall(IDENTIFIER.sub(" ", text))))


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(IDENTIFIER.sub(" ", PLACEHOLDER.sub(" ", text)))}


def _catalogue() -> list[tuple[list[str], list[str]]]:
    """(msgid and msgid_plural, msgstrs) of each entry of the Vietnamese catalogue."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        parts: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            keyword = re.match(r"^(msgid(?:_plural)?|msgstr(?:\[\d\])?) (\".*\")$", line)
            if keyword:
                current = keyword.group(1)
                parts[current] = ast.literal_eval(keyword.group(2))
            elif line.startswith('"') and current:
                parts[current] += ast.literal_eval(line)
        if parts.get("msgid"):
            entries.append(([parts["msgid"], parts.get("msgid_plural", "")],
                            [v for k, v in parts.items() if k.startswith("msgstr")]))
    return entries


def _core_tables() -> list[tuple[list[str], list[str]]]:
    """(English, Vietnamese) of each message of the core's tables (data/i18n/*.toml)."""
    def entries(table: dict[str, object]) -> Iterator[tuple[list[str], list[str]]]:
        for value in table.values():
            if isinstance(value, dict) and isinstance(value.get("en"), str):
                yield [value["en"]], [str(value.get("vi", ""))]
            elif isinstance(value, dict):
                yield from entries(value)

    return [entry for file in sorted(CORE_TABLES.glob("*.toml"))
            for entry in entries(tomllib.loads(file.read_text(encoding="utf-8")))]


@pytest.fixture
def vietnamese_team() -> Iterator[str]:
    """The base URL of `displace serve` over a fresh SQLite workspace holding one Vietnamese
    team: Hoa (manager), Minh (rep) and his deal, and an admin, all reading Vietnamese."""
    with tempfile.TemporaryDirectory(prefix="displace-vietnamese-",
                                     ignore_cleanup_errors=True) as data_dir:
        env = {k: v for k, v in os.environ.items()
               if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
        env["DISPLACE_DATA_DIR"] = data_dir
        subprocess.run([sys.executable, "-c", SEED], cwd=REPO, env=env, check=True,
                       capture_output=True)
        with serving(data_dir) as base:
            yield base


def test_the_vocabulary_holds_the_interfaces_english_and_not_its_vietnamese() -> None:
    vocabulary = english_vocabulary()
    assert {"pipeline", "conversation", "upload", "willing"} <= vocabulary
    assert not {"displace", "webvtt", "thương"} & vocabulary
    assert english_words("Danh sách thương vụ · Pipeline · calls.csv · vi:gap-question.last-time") \
        == ["Pipeline"]
    assert raw_ids("Anh Dũng, decision-maker · e-mail · thep-phu-my.toml · displace import-team") \
        == ["decision-maker"]


def test_every_main_page_in_vietnamese_is_free_of_english(
    vietnamese_team: str, page: playwright_api.Page, tmp_path: Path
) -> None:
    walk = Walk(page, vietnamese_team, "vi", tmp_path)
    reading = Reading(walk)
    page.goto(walk.base + "login/")
    walk.use_language()
    reading.read("sign-in")

    walk.sign_in("minh", PASSWORD)
    reading.visit("pipeline", "/")
    deal_path = page.locator("#deal-rows a[href^='/deals/']").first.get_attribute("href") or ""
    reading.visit("pipeline-board", "/?view=board")
    _upload_a_call(reading, deal_path)
    conversation_path = page.url.removeprefix(walk.base.rstrip("/"))
    reading.visit("deal", deal_path)
    page.locator("#follow-ups input[name=title]").fill("Gọi lại anh Dũng về buổi rà soát")
    page.locator("#follow-ups input[name=due]").fill("2030-03-14")
    page.locator("#follow-ups button").click()
    page.wait_for_load_state()
    reading.read("deal-with-follow-up")
    competitor_path = page.locator(".party.incumbent a").first.get_attribute("href") or ""
    reading.visit("conversation", conversation_path)
    reading.visit("follow-ups", "/follow-ups/")
    reading.visit("competitors", "/competitors/")
    reading.visit("competitor", competitor_path)
    reading.visit("library", "/library/")
    reading.visit("account", "/account/")
    reading.visit("new-deal", "/deals/new/")
    reading.visit("import", "/deals/import/")
    reading.visit("crm-import", "/deals/crm/import/")
    reading.visit("crm-export", "/deals/crm/export/")
    reading.visit("closing", deal_path + "close/?outcome=lost")
    reading.visit("forbidden", "/manager/", status=403)
    reading.visit("not-found", "/deals/999999/", status=404)
    walk.sign_out()

    walk.sign_in("hoa", PASSWORD)
    reading.visit("manager-view", "/manager/")
    reading.visit("calibration", "/forecast/calibration/")
    reading.visit("team-pipeline", "/")
    reading.visit("team-export", "/teams/export/")
    walk.sign_out()

    walk.sign_in("quantri", PASSWORD)
    reading.visit("people", "/people/")
    reading.visit("weights", "/forecast/weights/")
    reading.visit("outcome-reasons", "/deals/reasons/")

    assert reading.problems == [], "\n\n".join(reading.problems)
    assert len(reading.seen) == 27


def _upload_a_call(reading: Reading, deal_path: str) -> None:
    """Paste text that holds no conversation (refused in Vietnamese, the text kept), then the
    call; wait for the coach's findings."""
    page = reading.page
    reading.visit("upload", deal_path + "conversations/new/")
    not_a_call = "Ghi chú: gọi lại sau.\nKhông có gì thêm."
    page.locator("textarea[name=text]").fill(not_a_call)
    page.locator("main form button").click()
    page.wait_for_load_state()
    error = page.locator("ul.messages li").first
    playwright_api.expect(error).to_contain_text("không tìm thấy cuộc trò chuyện")
    assert "--input-format" not in page.content()
    playwright_api.expect(page.locator("textarea[name=text]")).to_have_value(not_a_call)
    reading.read("upload-refused")
    page.locator("input[name=title]").fill("Gặp anh Dũng lần đầu")
    page.locator("textarea[name=text]").fill(CALL)
    page.locator("main form button").click()
    page.wait_for_load_state()
    playwright_api.expect(page.locator("#transcript mark.finding").first).to_be_visible(
        timeout=120_000)
