"""Charts as inline SVG: readable without JavaScript, printable, with a text alternative.

Each chart is a stacked bar chart (one bar per year, one colour per series) with a <title>
and <desc> for screen readers and a tooltip (<title>) on every bar segment; the report puts
the same figures in a table beside it.
"""
from __future__ import annotations

from html import escape

# Colours that keep 3:1 contrast against the white page (WCAG non-text contrast), told apart
# by people with the common colour-vision deficiencies (Okabe and Ito's palette, darkened).
PALETTE = ("#0b5fa5", "#c75b00", "#007a5e", "#a8327a", "#6b5a00", "#4b3fa0", "#8c2d19", "#5f5f5f")

WIDTH, PLOT_HEIGHT = 720, 206
LEFT, RIGHT, TOP, AXIS = 70, 16, 16, 30
LEGEND_ROW = 18


def _nice_top(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _legend(series) -> list[tuple[int, int, str]]:
    """Where each series' legend entry goes: (x, row, label), wrapped into rows."""
    out, x, row = [], LEFT, 0
    for name, _values in series:
        label = name if len(name) <= 28 else name[:27] + "…"
        width = 22 + 7 * len(label)
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, row = LEFT, row + 1
        out.append((x, row, label))
        x += width + 12
    return out


def stacked_bars(chart_id: str, title: str, categories: list[str], series: list[tuple[str, list[float]]],
                 fmt=lambda v: f"{v:g}", unit: str = "", describe: str = "Summa per år") -> str:
    """SVG markup of a stacked bar chart: `categories` along the x axis (years), each series
    a list of values, one per category; `describe` leads the text alternative."""
    if not categories or not series:
        return ""
    if len(series) > len(PALETTE):
        raise ValueError(f"{len(series)} series, {len(PALETTE)} colours")
    legend = _legend(series)
    height = TOP + PLOT_HEIGHT + AXIS + LEGEND_ROW * (legend[-1][1] + 1) + 6
    totals = [sum(values[i] for _name, values in series) for i in range(len(categories))]
    top = _nice_top(max(totals))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, PLOT_HEIGHT
    band = plot_w / len(categories)
    bar_w = max(2.0, min(48.0, band * 0.7))
    parts = [f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(_describe(describe, categories, totals, fmt, unit))}</desc>']
    for k in range(5):   # grid lines and the y axis's figures
        value = top * k / 4
        y = TOP + plot_h - plot_h * k / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{escape(fmt(value))}</text>')
    for i, category in enumerate(categories):
        x = LEFT + band * i + (band - bar_w) / 2
        y = TOP + plot_h
        for s, (name, values) in enumerate(series):
            value = values[i]
            if value <= 0:
                continue
            h = plot_h * value / top
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{PALETTE[s]}"><title>{escape(f"{category}, {name}: {fmt(value)} {unit}".strip())}'
                         f'</title></rect>')
        if len(categories) <= 24 or i % max(1, len(categories) // 12) == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" '
                         f'class="axis">{escape(category)}</text>')
    for s, (x, row, label) in enumerate(legend):
        y = TOP + plot_h + AXIS + LEGEND_ROW * row + 12
        parts.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{PALETTE[s]}"/>'
                     f'<text x="{x + 16}" y="{y}" class="legend">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _describe(lead, categories, totals, fmt, unit) -> str:
    pairs = [f"{c}: {fmt(t)} {unit}".strip() for c, t in zip(categories, totals, strict=True) if t]
    return f"{lead}. " + "; ".join(pairs[:40]) + ("; …" if len(pairs) > 40 else "")
