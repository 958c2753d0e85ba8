"""Small inline SVG charts for the HTML report: no script, no external resource, readable when printed.

Each function returns one ``<svg>`` element as text; every label is escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

FONT = "font-family:inherit;font-size:12px"
INK, MUTED, GRID = "#1f2933", "#616e7c", "#e4e7eb"
ACCENT = "#2f6fdf"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    """0..1 for a rate; None when there is nothing to show (no counted episode)."""
    note: str = ""


def rate_bars(bars: list[Bar], *, width: int = 520, color: str = ACCENT) -> str:
    """Horizontal bars of rates (0-100 %), one per row, each with its value and a note (e.g. ``n=12``)."""
    label_w, value_w, row_h = 150, 96, 26
    plot_w = width - label_w - value_w
    height = row_h * len(bars) + 24
    parts = [_svg_open(width, height)]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = label_w + tick * plot_w
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 20}" stroke="{GRID}"/>')
        parts.append(_text(x, height - 6, f"{tick:.0%}", anchor="middle", fill=MUTED))
    for i, bar in enumerate(bars):
        y = i * row_h + 4
        parts.append(_text(label_w - 8, y + 14, _clip(bar.label, 22), anchor="end"))
        parts.append(f'<rect x="{label_w}" y="{y}" width="{plot_w}" height="18" fill="#f5f7fa" rx="3"/>')
        if bar.value is not None:
            w = max(1.5, bar.value * plot_w)
            parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="18" fill="{color}" rx="3"/>')
        shown = "-" if bar.value is None else f"{bar.value:.0%}"
        parts.append(_text(label_w + plot_w + 8, y + 14, f"{shown}  {bar.note}".strip(), fill=INK))
    parts.append("</svg>")
    return "".join(parts)


def rate_columns(bars: list[Bar], *, width: int = 1060) -> str:
    """Vertical bars of rates (0-100 %), side by side, labelled under each and valued above each."""
    height, left, bottom, top = 170, 40, 24, 18
    if not bars:
        return _empty(width, "no data")
    plot_w, plot_h = width - left - 10, height - bottom - top
    slot = plot_w / len(bars)
    bar_w = min(56.0, slot * 0.7)
    parts = [_svg_open(width, height)]
    for tick in (0.0, 0.5, 1.0):
        y = top + plot_h * (1 - tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(_text(left - 6, y + 4, f"{tick:.0%}", anchor="end", fill=MUTED))
    for i, bar in enumerate(bars):
        middle = left + (i + 0.5) * slot
        value = bar.value or 0.0
        h = max(1.5, value * plot_h) if bar.value is not None else 0.0
        parts.append(
            f'<rect x="{middle - bar_w / 2:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
            f'fill="{ACCENT}" rx="2"><title>{escape(bar.label)}: {value:.1%}</title></rect>'
        )
        if len(bars) <= 12:
            parts.append(_text(middle, top + plot_h - h - 5, f"{value:.0%}", anchor="middle", fill=INK))
        parts.append(_text(middle, height - 6, bar.label, anchor="middle", fill=MUTED))
    parts.append("</svg>")
    return "".join(parts)


def histogram(values: list[float], *, bins: int = 12, width: int = 520, unit: str = "", integer: bool = False) -> str:
    """Vertical bars counting values per bin, with the bin edges on the x axis."""
    height, left, bottom, top = 190, 36, 34, 10
    if not values:
        return _empty(width, "no data")
    edges = _edges(values, bins, integer)
    counts = [0] * (len(edges) - 1)
    for v in values:
        counts[min(len(counts) - 1, max(0, _bin(edges, v)))] += 1
    most = max(counts) or 1
    plot_w, plot_h = width - left - 10, height - bottom - top
    bar_w = plot_w / len(counts)
    parts = [_svg_open(width, height)]
    for frac in (0.5, 1.0):
        y = top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(_text(left - 6, y + 4, str(round(most * frac)), anchor="end", fill=MUTED))
    for i, count in enumerate(counts):
        h = plot_h * count / most
        x = left + i * bar_w
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{max(1.0, bar_w - 2):.1f}" '
            f'height="{h:.1f}" fill="{ACCENT}" rx="2"><title>{count}</title></rect>'
        )
    parts.extend(_x_labels(edges, integer, unit, left, bar_w, height - bottom + 16))
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="{MUTED}"/>')
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar(parts_in: list[tuple[str, int, str]], *, width: int = 1060) -> str:
    """One horizontal bar split by category, with a legend below: ``[(label, count, color), ...]``."""
    total = sum(count for _, count, _ in parts_in)
    if not total:
        return _empty(width, "no episodes")
    height = 62
    parts = [_svg_open(width, height)]
    x = 0.0
    for label, count, color in parts_in:
        w = width * count / total
        if w > 0:
            parts.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="22" fill="{color}">'
                f"<title>{escape(label)}: {count}</title></rect>"
            )
        x += w
    lx = 0.0
    for label, count, color in parts_in:
        if not count:
            continue
        parts.append(f'<rect x="{lx:.1f}" y="36" width="11" height="11" fill="{color}" rx="2"/>')
        caption = f"{label} {count} ({count / total:.0%})"
        parts.append(_text(lx + 16, 46, caption))
        lx += 22 + 6.6 * len(caption)
    parts.append("</svg>")
    return "".join(parts)


def _x_labels(edges: list[float], integer: bool, unit: str, left: float, bar_w: float, y: float) -> list[str]:
    """Bin edges under the bars; for whole numbers, each bin's value (or range) under its middle."""
    labels = []
    step = max(1, math.ceil(len(edges) / 8))
    if integer:
        for i in range(0, len(edges) - 1, step):
            low, high = int(edges[i]), int(edges[i + 1]) - 1
            text = str(low) if high <= low else f"{low}-{high}"
            labels.append(_text(left + (i + 0.5) * bar_w, y, text + unit, anchor="middle", fill=MUTED))
        return labels
    for i in range(0, len(edges), step):
        labels.append(_text(left + i * bar_w, y, _fmt(edges[i], integer) + unit, anchor="middle", fill=MUTED))
    return labels


def _edges(values: list[float], bins: int, integer: bool) -> list[float]:
    low, high = min(values), max(values)
    if integer:  # counts: from 0, at least 8 values wide, so one value is not one wall-to-wall bar
        low = min(0.0, low)
        high = max(high, low + 7)
        span = int(high) - int(low) + 1
        step = max(1, math.ceil(span / bins))
        return [float(int(low) + i * step) for i in range(math.ceil(span / step) + 1)]
    if high <= low:
        high = low + 1e-9 if low == 0 else low * 1.0001 + 1e-9
    width = (high - low) / bins
    return [low + i * width for i in range(bins + 1)]


def _bin(edges: list[float], value: float) -> int:
    for i in range(len(edges) - 1):
        if value < edges[i + 1]:
            return i
    return len(edges) - 2


def _fmt(value: float, integer: bool) -> str:
    if integer:
        return str(int(value))
    if value >= 100:
        return f"{value:.0f}"
    if value >= 1:
        return f"{value:.1f}"
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _svg_open(width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px;{FONT}" role="img">'
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _empty(width: int, message: str) -> str:
    return _svg_open(width, 40) + _text(width / 2, 24, message, anchor="middle", fill=MUTED) + "</svg>"
