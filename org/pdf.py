"""PDF rendering with WeasyPrint, shared by every app that issues documents.

Fonts: licensed faces dropped into ``settings.PDF_FONT_DIR`` come first
(仿宋_GB2312, 方正小标宋 …), then the Noto CJK / AR PL UKai faces the setup installs.
Pages set ``lang="zh-CN"`` so a serif stack resolves to a Chinese serif face.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

# role → (file in PDF_FONT_DIR, family name we give it, fallback families installed by the setup)
FONT_ROLES: dict[str, tuple[str, str, str]] = {
    "body": ("fangsong.ttf", "SP FangSong", '"Noto Serif CJK SC", "Noto Serif CJK", serif'),
    "title": ("xiaobiaosong.ttf", "SP XiaoBiaoSong", '"Noto Serif CJK SC", "Noto Serif CJK", serif'),
    "hei": ("heiti.ttf", "SP HeiTi", '"Noto Sans CJK SC", "Noto Sans CJK", sans-serif'),
    "kai": ("kaiti.ttf", "SP KaiTi", '"AR PL UKai CN", "Noto Serif CJK SC", serif'),
}


def font_css(font_dir: Path | None = None) -> str:
    """@font-face rules for the licensed fonts present, and one CSS variable per role."""
    font_dir = Path(font_dir or settings.PDF_FONT_DIR)
    faces, variables = [], []
    for role, (filename, family, fallback) in FONT_ROLES.items():
        path = font_dir / filename
        stack = fallback
        if path.is_file():
            faces.append(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); }}')
            stack = f'"{family}", {fallback}'
        variables.append(f"--font-{role}: {stack};")
    return "\n".join(faces) + "\n:root { " + " ".join(variables) + " }"


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # heavy import, only where a PDF is made

    html = render_to_string(template_name, {**context, "font_css": font_css()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
