"""Small server-side SVG charts for the PDF appendix (WeasyPrint draws SVG natively)."""

from __future__ import annotations

from html import escape


def bar_chart_svg(
    rows: list[tuple[str, int, int]],
    *,
    width: int = 600,
    bar_height: int = 14,
    legend: tuple[str, str] = ("排查", "整改"),
) -> str:
    """Horizontal paired bars (found, rectified) per label."""
    if not rows:
        return ""
    label_w, gap = 90, 6
    top = 24
    height = top + len(rows) * (bar_height * 2 + gap) + 10
    peak = max(max(a, b) for _, a, b in rows) or 1
    scale = (width - label_w - 50) / peak
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Noto Sans CJK SC, sans-serif" font-size="10">',
        f'<rect x="{label_w}" y="4" width="10" height="10" fill="#4a6fa5"/>'
        f'<text x="{label_w + 14}" y="13">{escape(legend[0])}</text>'
        f'<rect x="{label_w + 60}" y="4" width="10" height="10" fill="#7fb77e"/>'
        f'<text x="{label_w + 74}" y="13">{escape(legend[1])}</text>',
    ]
    y = top
    for label, a, b in rows:
        parts.append(f'<text x="{label_w - 4}" y="{y + bar_height + 4}" text-anchor="end">{escape(label)}</text>')
        for value, colour, offset in ((a, "#4a6fa5", 0), (b, "#7fb77e", bar_height)):
            w = max(value * scale, 0.5)
            parts.append(
                f'<rect x="{label_w}" y="{y + offset}" width="{w:.1f}" height="{bar_height - 1}" fill="{colour}"/>'
            )
            parts.append(f'<text x="{label_w + w + 3:.1f}" y="{y + offset + bar_height - 3}">{value}</text>')
        y += bar_height * 2 + gap
    parts.append("</svg>")
    return "".join(parts)
