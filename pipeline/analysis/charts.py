"""Charts of the dataset with matplotlib, Thai labels drawn in a TLWG Thai font (never boxes).

Used by the notebook (PNG files) and the HTML report (inline SVG whose text stays text, so the
browser draws it with the same fonts as the page).
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

# Thai fonts of Debian's fonts-thai-tlwg (scripts/system-deps.sh), then Noto, most readable first.
THAI_FONTS = ("Laksaman", "Garuda", "Loma", "Norasi", "Kinnari", "Umpush", "Noto Sans Thai")
FONT_DIRS = (Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/share/fonts/opentype/tlwg"),
             Path("/usr/share/fonts/truetype/noto"))  # fmt: skip
COLORS = ("#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#718096")


class ThaiFontMissing(RuntimeError):
    """No Thai font is installed: charts would show boxes instead of Thai letters."""


@cache
def thai_font() -> str:
    """The family name of an installed Thai font, registered with matplotlib and made the default."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in THAI_FONTS:
        if name not in names:  # matplotlib's cache may predate the font's install: add its files
            stem = name.replace(" ", "")
            for folder in FONT_DIRS:
                for path in sorted(folder.glob(f"{stem}*.[ot]tf")) if folder.is_dir() else []:
                    font_manager.fontManager.addfont(str(path))
            names = {f.name for f in font_manager.fontManager.ttflist}
        if name in names:
            matplotlib.rcParams["font.family"] = [name]
            matplotlib.rcParams["svg.fonttype"] = "none"  # SVG text stays text
            matplotlib.rcParams["axes.unicode_minus"] = False
            return name
    raise ThaiFontMissing(
        "no Thai font found (install fonts-thai-tlwg: scripts/system-deps.sh run); "
        f"looked for {', '.join(THAI_FONTS)}"
    )


def font_file(name: str | None = None) -> Path:
    """The font file matplotlib draws the Thai font from."""
    prop = font_manager.FontProperties(family=name or thai_font())
    return Path(font_manager.findfont(prop, fallback_to_default=False))


def _baht(v: float, _pos=None) -> str:
    if abs(v) >= 1e6:
        return f"{v / 1e6:,.1f} ล้าน"
    return f"{v:,.0f}"


def barh(labels: list[str], values: list[float], title: str, xlabel: str = "บาท"):
    """A horizontal bar chart, largest at the top, values written at the bars' ends."""
    thai_font()
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(labels) + 1.4))
    order = sorted(range(len(values)), key=lambda i: values[i])
    ax.barh([labels[i] for i in order], [values[i] for i in order], color=COLORS[0])
    for y, i in enumerate(order):
        ax.text(values[i], y, " " + _baht(values[i]), va="center", fontsize=9)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_formatter(FuncFormatter(_baht))
    ax.margins(x=0.18)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def stacked(
    frame: pd.DataFrame,
    label: str,
    part: str,
    value: str,
    title: str,
    unit: str = "บาท",
    part_name=lambda p: f"ปี {p}",
    colors: dict | None = None,
):
    """One bar per ``label``, split into ``part`` (a project's money year by year; a document's
    totals reconciled or not), parts in the legend under the chart."""
    thai_font()
    table = frame.pivot_table(index=label, columns=part, values=value, aggfunc="sum", fill_value=0)
    fig, ax = plt.subplots(figsize=(9, (0.6 if len(table) <= 20 else 0.3) * len(table) + 2.2))
    left = pd.Series(0.0, index=table.index)
    for k, col in enumerate(table.columns):
        color = (colors or {}).get(col, COLORS[k % len(COLORS)])
        ax.barh(table.index, table[col], left=left, label=part_name(col), color=color)
        left += table[col]
    ax.set_title(title)
    ax.set_xlabel(unit)
    if unit == "บาท":
        ax.xaxis.set_major_formatter(FuncFormatter(_baht))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=max(1, len(table.columns)), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def save(fig, path: Path) -> Path:
    """Write the figure (PNG, or SVG by the suffix) and close it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def svg(fig) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog), closed after."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]


def short(label: str, limit: int = 48) -> str:
    """A long Thai project name cut for an axis label (never between a letter and its marks)."""
    if len(label) <= limit:
        return label
    cut = limit - 1
    while cut < len(label) and unicodedata.category(label[cut]) == "Mn":
        cut += 1
    return label[:cut] + "…"
