"""The briefing's charts as PNG images, drawn by matplotlib (Agg, no display) with a Chinese font.

The font is Debian's Noto Sans CJK (`apt install fonts-noto-cjk`: /usr/share/fonts/opentype/noto/
NotoSansCJK-Regular.ttc), or any other CJK font matplotlib's font manager knows. Without one, the
briefing is still written, without charts, and says why (`ChartsUnavailable.reason`): a chart whose Chinese
labels came out as empty boxes would be worse than none."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

FONT_FILES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
)
FONT_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei")
NO_FONT = "未找到中文字体（请安装 fonts-noto-cjk），简报未附图表"
NO_MATPLOTLIB = "未安装 matplotlib，简报未附图表"

GREEN = "#2f8f5b"
RED = "#c0392b"
GREY = "#8a949e"

# matplotlib's pyplot state is global: one chart at a time per process.
_LOCK = threading.Lock()


class ChartsUnavailable(RuntimeError):
    """No chart can be drawn here; `reason` says why, in Chinese, for the briefing and the command."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Chart:
    """One chart: its caption and its PNG bytes."""

    title: str
    png: bytes


@lru_cache(maxsize=1)
def font_name() -> str:
    """The name of a CJK font matplotlib can use (registering Debian's Noto file when present)."""
    try:
        from matplotlib import font_manager
    except ImportError as error:
        raise ChartsUnavailable(NO_MATPLOTLIB) from error
    for path in FONT_FILES:
        if path.exists():
            font_manager.fontManager.addfont(str(path))
            return str(font_manager.FontProperties(fname=str(path)).get_name())
    available = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in FONT_FAMILIES:
        if family in available:
            return family
    raise ChartsUnavailable(NO_FONT)


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return buffer.getvalue()


def bars(title: str, labels: Sequence[str], values: Sequence[Decimal], *, unit: str = "%") -> Chart:
    """A horizontal bar per label (增速 or 完成进度 in percent): green above zero, red below, the value at
    the bar's end. Raises ChartsUnavailable without matplotlib or a Chinese font."""
    name = font_name()
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure as MplFigure

    with _LOCK:
        figure = MplFigure(figsize=(6.4, 0.5 + 0.42 * max(len(labels), 1)))
        axes = figure.add_subplot()
        numbers = [float(value) for value in values]
        positions = list(range(len(labels)))
        colours = [GREEN if number > 0 else RED if number < 0 else GREY for number in numbers]
        axes.barh(positions, numbers, color=colours, height=0.6)
        axes.set_yticks(positions, labels=list(labels), fontfamily=name, fontsize=9)
        axes.invert_yaxis()
        axes.axvline(0, color="#333333", linewidth=0.8)
        axes.set_title(title, fontfamily=name, fontsize=11)
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(axis="x", labelsize=8)
        for position, number in zip(positions, numbers, strict=True):
            axes.annotate(
                f"{number:.1f}{unit}",
                (number, position),
                xytext=(4 if number >= 0 else -4, 0),
                textcoords="offset points",
                ha="left" if number >= 0 else "right",
                va="center",
                fontsize=8,
                fontfamily=name,
            )
        axes.margins(x=0.18)
        return Chart(title=title, png=_png(figure))
