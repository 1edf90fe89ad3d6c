"""The conversation coach's whole parse-and-analyse path on long, deterministic transcripts.

Transcripts of 10,000 and 100,000 words in Vietnamese and English are built from a fixed set of
turns cycled by a seeded random generator, so every run measures the same text. The floor is one
regular-expression word-tokenising pass over the same text, timed in the same run: the ratio to
it says how much work the coach does per word, whatever the speed of the machine.
"""

from __future__ import annotations

import random
import re
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from displace import analyze_conversation

__all__ = ["DEFAULT_RUNS", "Measurement", "build_transcript", "measure", "run"]

DEFAULT_RUNS = 7
SIZES = (10_000, 100_000)
SEED = 20240601
WORD = re.compile(r"\w+")

# Targets on the project's 2-core machine (issue 2, section 5; the floor ratio as judged in
# issue 9). The rules alone: the learned layer has its own bench (semantic_bench.py).
TARGET_10K_MS = 50.0
TARGET_FLOOR_RATIO = 25.0
TARGET_SCALING = 12.0
TARGET_PEAK_MB = 200.0

VI_TURNS = (
    "Người bán: Chào chị, em là Vy bên Công ty Dịch vụ Logistics Hoàng Gia, cảm ơn chị đã"
    " dành thời gian.",
    "Khách hàng: Chào em, hôm nay chị khá bận nên mình nói ngắn gọn nhé.",
    "Người bán: Bên em có mười hai kho trên cả nước và đã phục vụ nhiều doanh nghiệp cùng"
    " ngành với chị.",
    "Khách hàng: Bên chị đang làm với Công ty Vận tải Bình Minh gần năm năm nay rồi.",
    "Người bán: Chị thấy dịch vụ của bên đó thế nào ạ?",
    "Khách hàng: Nói chung cũng ổn, không có gì đáng kể.",
    "Người bán: Lần gần nhất bên vận chuyển ngồi cùng chị xem lại tỷ lệ giao trễ theo từng"
    " tuyến là khi nào ạ?",
    "Khách hàng: Họ chưa làm việc đó bao giờ, chị muốn có báo cáo giao trễ hằng tháng mà"
    " chưa ai gửi.",
    "Người bán: Việc giao trễ đó ảnh hưởng đến doanh thu bên chị khoảng bao nhiêu mỗi quý ạ?",
    "Khách hàng: Chắc khoảng hai trăm triệu, chưa kể khách phàn nàn.",
    "Người bán: Bên em có thể giảm 10% cước vận chuyển và miễn phí lưu kho tháng đầu tiên.",
    "Khách hàng: Để chị xem lại rồi tuần sau em gọi lại cho chị nhé.",
    "Người bán: Dạ vâng, khi nào chị tiện thì báo em.",
    "Người bán: Ai bên chị sẽ quyết định việc thay đổi đơn vị vận chuyển ạ?",
    "Khách hàng: Anh Dũng giám đốc vận hành sẽ quyết định, anh ấy cũng đang cân nhắc.",
    "Người bán: Vậy 10 giờ sáng thứ Ba ngày 12 em gặp chị và anh Dũng tại văn phòng được không ạ?",
)

EN_TURNS = (
    "Rep: Hi Jordan, this is Maya from Crestline Freight, thanks for taking the call.",
    "Customer: Sure, I have about fifteen minutes before my next meeting.",
    "Rep: We run twelve warehouses nationwide and already serve several distributors like you.",
    "Customer: We've been with Summit Haulage for about five years now.",
    "Rep: How is Summit treating you these days?",
    "Customer: Generally fine, nothing significant to complain about.",
    "Rep: When did your carrier last sit down with you to review late deliveries by route?",
    "Customer: They never have. I'd like a monthly late-delivery report and nobody sends one.",
    "Rep: What do those late deliveries cost you in a typical quarter?",
    "Customer: Probably around eighty thousand dollars, plus the complaints.",
    "Rep: We can cut your freight rate by 10% and waive storage fees for the first month.",
    "Customer: Let me review it, call me next week.",
    "Rep: Sure, no problem, whenever you're ready.",
    "Rep: Who besides you would decide on changing carriers?",
    "Customer: Our operations director, Lee, makes that call and he's open to it.",
    "Rep: Could we meet with you and Lee on Tuesday the 12th at 10 am at your office?",
)


@dataclass(frozen=True)
class Measurement:
    """Figures for one transcript: the coach's median time, the floor's, and peak memory."""

    lang: str
    words: int
    size_bytes: int
    median_s: float
    floor_s: float
    peak_bytes: int

    @property
    def mb_per_s(self) -> float:
        return self.size_bytes / 1e6 / self.median_s

    @property
    def floor_ratio(self) -> float:
        return self.median_s / self.floor_s


def build_transcript(lang: str, words: int, seed: int = SEED) -> str:
    """A labelled transcript of at least `words` words, the same for the same arguments."""
    turns = VI_TURNS if lang == "vi" else EN_TURNS
    rng = random.Random(f"{seed}-{lang}-{words}")
    lines: list[str] = []
    count = 0
    while count < words:
        # Whole passes in a shuffled order keep every behaviour present in every stretch of text.
        order = list(turns)
        rng.shuffle(order)
        for line in order:
            lines.append(line)
            count += len(WORD.findall(line))
            if count >= words:
                break
    return "\n".join(lines) + "\n"


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _peak_bytes(text: str) -> int:
    tracemalloc.start()
    analyze_conversation(text, learned=None)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def measure(lang: str, runs: int) -> list[Measurement]:
    """Time the parse-and-analyse path and the floor at every size of one language.

    Run by run, the sizes and the floor take turns: a slow spell of the machine then slows
    both sides of each ratio instead of one.
    """
    texts = {words: build_transcript(lang, words) for words in SIZES}
    # warm-up: rule packs are compiled once per process
    analyze_conversation(texts[SIZES[0]], learned=None)
    coach: dict[int, list[float]] = {words: [] for words in SIZES}
    floor: dict[int, list[float]] = {words: [] for words in SIZES}
    for _ in range(runs):
        for words, text in texts.items():
            coach[words].append(
                _seconds(lambda text=text: analyze_conversation(text, learned=None)))
            floor[words].append(_seconds(lambda text=text: WORD.findall(text)))
    return [
        Measurement(lang, words, len(text.encode("utf-8")), statistics.median(coach[words]),
                    statistics.median(floor[words]), _peak_bytes(text))
        for words, text in texts.items()
    ]


def run(runs: int = DEFAULT_RUNS) -> list[Measurement]:
    """Measure both languages at both sizes and print the figures and the targets."""
    results = [m for lang in ("vi", "en") for m in measure(lang, runs)]
    console = Console()
    console.print(_figures(results))
    console.print(_targets(results))
    return results


def _figures(results: list[Measurement]) -> Table:
    table = Table(title="conversation coach: parse and analyse", title_justify="left")
    for heading in ("lang", "words", "size MB", "median ms", "MB/s", "floor ms",
                    "× floor", "peak MB"):
        table.add_column(heading, justify="right")
    for m in results:
        table.add_row(m.lang, f"{m.words:,}", f"{m.size_bytes / 1e6:.2f}",
                      f"{m.median_s * 1000:.1f}", f"{m.mb_per_s:.2f}",
                      f"{m.floor_s * 1000:.2f}", f"{m.floor_ratio:.1f}",
                      f"{m.peak_bytes / 1e6:.1f}")
    return table


def _targets(results: list[Measurement]) -> Table:
    table = Table(title="targets", title_justify="left")
    for heading in ("lang", "target", "measured", "result"):
        table.add_column(heading)
    for lang in ("vi", "en"):
        small, large = (next(m for m in results if m.lang == lang and m.words == w)
                        for w in SIZES)
        worst_ratio = max(small.floor_ratio, large.floor_ratio)
        checks = (
            (f"10k words < {TARGET_10K_MS:.0f} ms", small.median_s * 1000, TARGET_10K_MS, "ms"),
            (f"× floor < {TARGET_FLOOR_RATIO:.0f}", worst_ratio, TARGET_FLOOR_RATIO, ""),
            (f"100k/10k < {TARGET_SCALING:.0f}", large.median_s / small.median_s,
             TARGET_SCALING, ""),
            (f"peak at 100k < {TARGET_PEAK_MB:.0f} MB", large.peak_bytes / 1e6,
             TARGET_PEAK_MB, "MB"),
        )
        for label, value, limit, unit in checks:
            verdict = "[green]PASS[/green]" if value < limit else "[red]MISS[/red]"
            table.add_row(lang, label, f"{value:.1f} {unit}".strip(), verdict)
    return table
