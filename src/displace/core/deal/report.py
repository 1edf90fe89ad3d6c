"""Rendering an assessment as text (Rich), JSON or a self-contained HTML page."""

from __future__ import annotations

import html
import io
import json
from typing import Literal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from displace.core.deal.assess import Assessment

__all__ = ["FORMATS", "render_assessment"]

Format = Literal["text", "json", "html"]
FORMATS: tuple[Format, ...] = ("text", "json", "html")

_LABELS: dict[str, tuple[str, str]] = {
    "ready": ("READY to propose", "SẴN SÀNG đề xuất"),
    "not_ready": ("NOT READY to propose", "CHƯA SẴN SÀNG đề xuất"),
    "probability": ("Win probability", "Xác suất thắng"),
    "interval": ("range", "khoảng"),
    "why": ("Why this number", "Vì sao có con số này"),
    "offer": ("Offer items", "Các mục đề nghị"),
    "claims": ("Claims", "Lời giới thiệu"),
    "gaps": ("Gaps", "Khoảng trống"),
    "counter": ("The incumbent's counter-move", "Phản đòn của nhà cung cấp hiện tại"),
    "risks": ("Risks", "Rủi ro"),
    "questions": ("Ask next", "Câu hỏi tiếp theo"),
    "confidence": ("Confidence check", "Đối chiếu mức tự tin"),
    "item": ("Item", "Mục"),
    "class": ("Class", "Phân loại"),
    "reason": ("Reason", "Lý do"),
    "missing": ("missing", "còn thiếu"),
    "listen": ("listen for", "lắng nghe"),
    "none": ("none", "không có"),
    "vs": ("vs", "và"),
    "parity": ("parity", "ngang bằng"),
    "matchable": ("matchable", "đối thủ đáp ứng được"),
    "differentiator": ("differentiator", "khác biệt"),
    "assumed": ("assumed", "giả định"),
    "stated": ("stated", "khách hàng đã nói"),
    "quantified": ("quantified", "đã đo lường"),
    "owned": ("owned", "có người chịu trách nhiệm"),
    "score": ("score", "điểm"),
    "high": ("high", "cao"),
    "medium": ("medium", "vừa"),
    "low": ("low", "thấp"),
}


def _t(key: str, lang: str) -> str:
    pair = _LABELS[key]
    return pair[1] if lang == "vi" else pair[0]


def render_assessment(assessment: Assessment, fmt: str = "text", *, width: int = 100) -> str:
    """The assessment as text, json or html."""
    if fmt == "json":
        return json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return _html(assessment)
    return _text(assessment, width)


def _pct(p: float) -> str:
    return "< 1 %" if 0 < p < 0.005 else f"{round(p * 100)} %"


def _text(a: Assessment, width: int) -> str:
    lang, deal = a.lang, a.deal
    console = Console(
        file=io.StringIO(), width=width, record=True, force_terminal=False, color_system=None
    )
    console.print(Text(f"{deal.title}", style="bold"))
    console.print(
        f"{deal.our_side.organisation} {_t('vs', lang)} {deal.incumbent.name} "
        f"— {deal.prospect.name}"
    )
    verdict = _t("ready" if a.ready else "not_ready", lang)
    console.print(Text(verdict, style="bold green" if a.ready else "bold red"))
    for reason in a.verdict_reasons:
        console.print(f"  • {reason}")
    low, high = a.interval
    console.print(
        Text(
            f"\n{_t('probability', lang)}: {_pct(a.win_probability)} "
            f"({_t('interval', lang)} {_pct(low)}–{_pct(high)})",
            style="bold",
        )
    )
    console.print(Text(_t("why", lang), style="bold"))
    for r in a.probability_reasons:
        mark = "·" if abs(r.effect) < 0.05 else {"up": "+", "down": "−", "none": "·"}[r.direction]
        console.print(f"  {mark} {r.text}")
    for key, items in (("offer", a.offer_items), ("claims", a.claims)):
        if items:
            table = Table(title=_t(key, lang), title_justify="left", show_lines=False)
            for col in ("item", "class", "reason"):
                table.add_column(_t(col, lang))
            for i in items:
                table.add_row(i.text, _t(i.classification, lang), i.reason)
            console.print(table)
    console.print(Text(_t("gaps", lang), style="bold"))
    if not a.gaps:
        console.print(f"  {_t('none', lang)}")
    for g in a.gaps:
        console.print(
            f"  • {g.gap.summary} [{_t(g.status, lang)}, {_t('score', lang)} {g.score:.2f}]",
            markup=False,
        )
        for m in g.missing:
            console.print(f"      {_t('missing', lang)}: {m}")
    console.print(Text(_t("counter", lang), style="bold"))
    console.print(f"  {a.counter_move.summary}")
    console.print(Text(_t("risks", lang), style="bold"))
    for risk in a.risks:
        console.print(f"  [{_t(risk.severity, lang)}] {risk.text}", markup=False)
    console.print(Text(_t("questions", lang), style="bold"))
    for n, q in enumerate(a.next_questions, 1):
        console.print(f"  {n}. {q.question.ask.get(lang, '')}")
        console.print(f"     ({q.question.service.get(lang, '')})")
        console.print(f"     {_t('listen', lang)}: {q.question.listen_for.get(lang, '')}")
        for why in q.why:
            console.print(f"     → {why}")
    console.print(Text(_t("confidence", lang), style="bold"))
    console.print(f"  {a.confidence_gap.text}")
    return console.export_text()


_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}
.verdict{font-weight:bold;padding:.4rem .8rem;display:inline-block;border-radius:.3rem}
.ready{background:#d8f3dc}.not-ready{background:#ffd6d6}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;text-align:left}
.high{color:#a40000}.medium{color:#8a5a00}.low{color:#555}
.up::before{content:"+ "}.down::before{content:"− "}
"""


def _html(a: Assessment) -> str:
    lang, e = a.lang, html.escape
    deal = a.deal
    parts = [
        f'<!doctype html><html lang="{e(lang)}"><head><meta charset="utf-8">',
        f"<title>{e(deal.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(deal.title)}</h1>",
        f"<p>{e(deal.our_side.organisation)} {_t('vs', lang)} {e(deal.incumbent.name)} — "
        f"{e(deal.prospect.name)}</p>",
        f'<p class="verdict {"ready" if a.ready else "not-ready"}">'
        f"{e(_t('ready' if a.ready else 'not_ready', lang))}</p>",
        _ul(a.verdict_reasons),
        f"<h2>{e(_t('probability', lang))}: {_pct(a.win_probability)} "
        f"({e(_t('interval', lang))} {_pct(a.interval[0])}–{_pct(a.interval[1])})</h2>",
        "<ul>"
        + "".join(f'<li class="{r.direction}">{e(r.text)}</li>' for r in a.probability_reasons)
        + "</ul>",
    ]
    for key, items in (("offer", a.offer_items), ("claims", a.claims)):
        if items:
            rows = "".join(
                f"<tr><td>{e(i.text)}</td><td>{e(_t(i.classification, lang))}</td>"
                f"<td>{e(i.reason)}</td></tr>"
                for i in items
            )
            parts.append(
                f"<h2>{e(_t(key, lang))}</h2><table><tr><th>{e(_t('item', lang))}</th>"
                f"<th>{e(_t('class', lang))}</th><th>{e(_t('reason', lang))}</th></tr>"
                f"{rows}</table>"
            )
    parts.append(f"<h2>{e(_t('gaps', lang))}</h2><ul>")
    for g in a.gaps:
        parts.append(
            f"<li>{e(g.gap.summary)} ({e(_t(g.status, lang))}, {g.score:.2f}){_ul(g.missing)}</li>"
        )
    parts.append("</ul>")
    parts.append(f"<h2>{e(_t('counter', lang))}</h2><p>{e(a.counter_move.summary)}</p>")
    parts.append(
        f"<h2>{e(_t('risks', lang))}</h2><ol>"
        + "".join(f'<li class="{e(r.severity)}">{e(r.text)}</li>' for r in a.risks)
        + "</ol>"
    )
    parts.append(f"<h2>{e(_t('questions', lang))}</h2><ol>")
    for q in a.next_questions:
        parts.append(
            f"<li><strong>{e(q.question.ask.get(lang, ''))}</strong><br>"
            f"<small>{e(q.question.service.get(lang, ''))}</small><br>"
            f"{e(_t('listen', lang))}: {e(q.question.listen_for.get(lang, ''))}"
            f"{_ul(q.why)}</li>"
        )
    parts.append("</ol>")
    parts.append(f"<h2>{e(_t('confidence', lang))}</h2><p>{e(a.confidence_gap.text)}</p>")
    parts.append("</body></html>\n")
    return "".join(parts)


def _ul(items: tuple[str, ...] | list[str]) -> str:
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
