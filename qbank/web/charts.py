"""Small server-rendered SVG charts (score histogram, option choices by score group): no script,
no inline style, so they pass the strict CSP; colours come from classes in qbank.css."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def _svg(width: int, height: int, label: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>{"".join(body)}</svg>'
    )


def histogram_svg(histogram: dict[str, Any], label: str, width: int = 560, height: int = 180) -> Markup:
    """Bars of candidates per score band, with the band edges under them."""
    counts = histogram.get("counts") or []
    edges = histogram.get("edges") or []
    if not counts:
        return Markup("")
    top, left, bottom = 12, 30, 26
    plot_w, plot_h = width - left - 6, height - top - bottom
    peak = max(counts) or 1
    bar_w = plot_w / len(counts)
    body = [f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - 6}" y2="{top + plot_h}"/>',
            f'<text class="tick" x="{left - 4}" y="{top + 8}" text-anchor="end">{peak}</text>']
    for i, c in enumerate(counts):
        h = plot_h * c / peak
        x = left + i * bar_w
        edge = f"{edges[i]:g}–{edges[i + 1]:g}" if i + 1 < len(edges) else ""
        body.append(f'<rect class="bar" x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{max(bar_w - 2, 1):.1f}" height="{h:.1f}">'
                    f"<title>{escape(edge)}: {c}</title></rect>")
        if i % max(1, len(counts) // 10) == 0 and i < len(edges):
            body.append(f'<text class="tick" x="{x:.1f}" y="{height - 8}">{edges[i]:g}</text>')
    if edges:
        body.append(f'<text class="tick" x="{width - 6}" y="{height - 8}" text-anchor="end">{edges[-1]:g}</text>')
    return _svg(width, height, label, body)


def options_svg(options: dict[str, Any], label: str, upper_name: str, lower_name: str, width: int = 300, height: int = 130) -> Markup:
    """Share choosing each option in the upper and lower 27 % groups; the key's label is marked."""
    labels = list(options.get("labels") or [])
    upper, lower = list(options.get("upper") or []), list(options.get("lower") or [])
    if not labels:
        return Markup("")
    # Omitted/invalid only when someone is in them: they crowd the chart otherwise.
    shown = [i for i, lb in enumerate(labels) if len(lb) == 1 or (upper[i] if i < len(upper) else 0) or (lower[i] if i < len(lower) else 0)]
    top, bottom, left = 14, 22, 4
    plot_h = height - top - bottom
    group_w = (width - left - 4) / max(len(shown), 1)
    bar_w = group_w * 0.36
    body = [f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}"/>']
    for slot, i in enumerate(shown):
        x = left + slot * group_w + group_w * 0.12
        for k, (series, cls, name) in enumerate(((upper, "upper", upper_name), (lower, "lower", lower_name))):
            share = series[i] if i < len(series) else 0.0
            h = plot_h * share
            body.append(f'<rect class="bar {cls}" x="{x + k * bar_w:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 1:.1f}" '
                        f'height="{h:.1f}"><title>{escape(labels[i])} · {escape(name)}: {share:.0%}</title></rect>')
        is_key = labels[i] == options.get("key")
        text = escape({"omitted": "–", "invalid": "×"}.get(labels[i], labels[i]))  # tooltips carry the full name
        body.append(f'<text class="tick{" key" if is_key else ""}" x="{x + bar_w:.1f}" y="{height - 6}" text-anchor="middle">'
                    f'{text}{"*" if is_key else ""}</text>')
    return _svg(width, height, label, body)
