"""Results per month as a small inline SVG bar chart, drawn on the server (no script, no fetch)."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

WIDTH = 600
HEIGHT = 80
LABEL = 14


def _months_between(first: str, last: str) -> list[str]:
    """Every `YYYY-MM` from `first` to `last`, inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months: list[str] = []
    while (year, month) <= end and len(months) < 1200:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def svg(counts: dict[str, int], link: Callable[[str], str]) -> Markup:
    """Bars of `counts` ({"2024-05": 12}), empty months included; each bar links to `link(month)`."""
    valid = sorted(m for m in counts if len(m) == 7 and m[:4].isdigit() and m[5:7].isdigit() and m[4] == "-")
    if not valid:
        return Markup("")
    months = _months_between(valid[0], valid[-1])
    top = max(counts[m] for m in valid)
    step = WIDTH / len(months)
    bars: list[str] = []
    for index, month in enumerate(months):
        count = counts.get(month, 0)
        x = index * step
        if month.endswith("-01") or index == 0:
            bars.append(f'<text x="{x:.1f}" y="{HEIGHT - 2}" font-size="11" fill="#555">{month[:4]}</text>')
        if not count:
            continue
        height = max(1.0, (HEIGHT - LABEL - 2) * count / top)
        y = HEIGHT - LABEL - height
        bars.append(
            f'<a href="{escape(link(month))}"><rect x="{x:.1f}" y="{y:.1f}" width="{max(step - 1, 1):.1f}" '
            f'height="{height:.1f}" fill="#3b6ea8"><title>{escape(month)}: {count:,}</title></rect></a>'
        )
    return Markup(
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none" role="img" '
        f'aria-label="results per month">{"".join(bars)}</svg>'
    )
