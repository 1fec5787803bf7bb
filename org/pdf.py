"""PDF rendering with WeasyPrint, shared by every app that issues documents.

Fonts, per role (body 仿宋, title 小标宋, 一、 headings 黑体, （一） headings 楷体), first found wins:

1. a licensed file dropped into ``settings.PDF_FONT_DIR`` under one of the names a bureau's copy usually
   has (``仿宋_GB2312.ttf``, ``simfang.ttf``, ``FangSong_GB2312.ttf`` …; see ``FONT_ROLES``), matched
   case-insensitively;
2. a face installed on the system under one of the usual family names (``仿宋_GB2312``, ``FangSong`` …),
   used only if it covers every hanzi of GB 2312 (6,763): a face that lacks some, such as the free
   traditional-Chinese cwTeX 仿宋 (fonts-cwtex-fs lacks 90 of the 276 distinct characters of the demo
   summary), would mix two faces within one line, so it is left out;
3. the Noto CJK / AR PL UKai faces the setup installs (a song face for the body: no free face covers
   simplified Chinese in fangsong).

AR PL UKai draws its hanzi about 10% smaller within the em than Noto Serif CJK (ink height 0.83 em
against 0.91 em), so when it stands in for 楷体 it is set 1.1 em with −1/11 em tracking: the same
visible size as the body and the same 1-character advance.

Justification: WeasyPrint 70 justifies a line by widening its spaces only, and Chinese text has none,
so ``text-align: justify`` left the right edge ragged. While ``render_pdf`` runs, a line that holds CJK
text is justified between characters instead (CSS ``text-justify: inter-character``, which WeasyPrint
does not parse): the line's free width is shared out as letter-spacing between its characters. Line
breaking itself is Pango's (Unicode line breaking, which already keeps 。，、；：”） from starting a
line and “（ from ending one; WeasyPrint ignores ``line-break: strict``).
"""

from __future__ import annotations

import contextvars
import re
import subprocess
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string


@dataclass(frozen=True)
class FontRole:
    family: str  # the name our @font-face gives a dropped file
    files: tuple[str, ...]  # file names (without extension) a bureau's copy usually has, preferred first
    system: tuple[str, ...]  # family names the face has when installed on the system
    fallback: str  # what the setup installs


FONT_EXTENSIONS = (".ttf", ".otf")

FONT_ROLES: dict[str, FontRole] = {
    "body": FontRole(
        "SP FangSong",
        ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "simfang", "STFangsong", "STFANGSO", "fangsong"),
        ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "cwTeXFangSong"),
        '"Noto Serif CJK SC", "Noto Serif CJK", serif',
    ),
    "title": FontRole(
        "SP XiaoBiaoSong",
        (
            "方正小标宋简体",
            "方正小标宋_GBK",
            "FZXBSJW",
            "FZXBSJW--GB1-0",
            "FZXBSK",
            "FZXiaoBiaoSong-B05S",
            "xiaobiaosong",
        ),
        ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05"),
        '"Noto Serif CJK SC", "Noto Serif CJK", serif',
    ),
    "hei": FontRole(
        "SP HeiTi",
        ("黑体", "SimHei", "黑体_GB2312", "heiti"),
        ("黑体", "SimHei", "STHeiti"),
        '"Noto Sans CJK SC", "Noto Sans CJK", sans-serif',
    ),
    "kai": FontRole(
        "SP KaiTi",
        ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "simkai", "STKaiti", "STKAITI", "kaiti"),
        ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti"),
        '"AR PL UKai CN", "Noto Serif CJK SC", serif',
    ),
}

# AR PL UKai's hanzi are 0.83 em tall against Noto Serif CJK's 0.91 em (mean ink height of 安全生产责任压紧实).
UKAI = "AR PL UKai CN"
UKAI_SCALE = 1.1


def dropped_font(font_dir: Path, role: FontRole) -> Path | None:
    """The role's file in font_dir, by the usual names in order of preference, ignoring case."""
    try:
        present = {p.name.lower(): p for p in font_dir.iterdir() if p.is_file()}
    except OSError:
        return None
    for stem in role.files:
        for ext in FONT_EXTENSIONS:
            if (path := present.get(f"{stem}{ext}".lower())) is not None:
                return path
    return None


def gb2312_hanzi() -> set[int]:
    """The 6,763 hanzi of GB 2312 (rows 16–87)."""
    chars = set()
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((row, cell)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return chars


@lru_cache(maxsize=1)
def system_families() -> dict[str, list[tuple[str, int]]]:
    """Installed family name → its (file, index) faces, from fontconfig; empty without fc-list."""
    try:
        out = subprocess.run(
            ["fc-list", "-f", r"%{family}\t%{file}\t%{index}\n"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    families: dict[str, list[tuple[str, int]]] = {}
    for line in out.splitlines():
        names, _, rest = line.partition("\t")
        file, _, index = rest.partition("\t")
        for name in names.split(","):
            families.setdefault(name.strip(), []).append((file, int(index or 0)))
    return families


@cache
def covers_gb2312(family: str) -> bool:
    """Whether an installed face of the family maps every GB 2312 hanzi (so no line mixes in another face)."""
    from fontTools.ttLib import TTFont

    needed = gb2312_hanzi()
    for file, index in system_families().get(family, []):
        try:
            cmap = TTFont(file, fontNumber=index, lazy=True).getBestCmap() or {}
        except Exception:  # noqa: BLE001, S112 - an unreadable font file is one we don't use
            continue
        if needed <= cmap.keys():
            return True
    return False


def system_font(role: FontRole) -> str | None:
    installed = system_families()
    return next((name for name in role.system if name in installed and covers_gb2312(name)), None)


def font_stacks(font_dir: Path | None = None) -> dict[str, tuple[str, Path | None]]:
    """role → (CSS font-family stack, dropped file or None)."""
    font_dir = Path(font_dir or settings.PDF_FONT_DIR)
    stacks: dict[str, tuple[str, Path | None]] = {}
    for name, role in FONT_ROLES.items():
        path = dropped_font(font_dir, role)
        if path is not None:
            stacks[name] = (f'"{role.family}", {role.fallback}', path)
        elif (family := system_font(role)) is not None:
            stacks[name] = (f'"{family}", {role.fallback}', None)
        else:
            stacks[name] = (role.fallback, None)
    return stacks


def font_css(font_dir: Path | None = None) -> str:
    """@font-face rules for the licensed fonts present, and one CSS variable per role.

    ``--font-kai-size`` and ``--font-kai-tracking`` scale AR PL UKai up to the body's visible size when
    it stands in for 楷体 (1em and 0 otherwise)."""
    faces, variables = [], []
    stacks = font_stacks(font_dir)
    for name, (stack, path) in stacks.items():
        if path is not None:
            faces.append(f'@font-face {{ font-family: "{FONT_ROLES[name].family}"; src: url("{path.as_uri()}"); }}')
        variables.append(f"--font-{name}: {stack};")
    ukai = stacks["kai"][0].startswith(f'"{UKAI}"') and UKAI in system_families()
    scale = UKAI_SCALE if ukai else 1
    variables.append(f"--font-kai-size: {scale}em; --font-kai-tracking: {(1 - scale) / scale:.4f}em;")
    return "\n".join(faces) + "\n:root { " + " ".join(variables) + " }"


# --- inter-character justification -------------------------------------------------------------------------

_CJK = re.compile(
    "[\u2e80-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019"
    "\u2014\u2026\U00020000-\U0003ffff]"
)
_inter_character = contextvars.ContextVar("inter_character_justification", default=False)


def _install_inter_character_justification() -> None:
    """Wrap WeasyPrint's ``justify_line``: while ``_inter_character`` is set, a line holding CJK text gets
    its free width as letter-spacing between characters; any other line (or outside render_pdf) is
    justified by WeasyPrint as before."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.text.line_break import create_layout, line_size

    original = inline.justify_line
    if getattr(original, "inter_character", False):
        return

    def units(box) -> tuple[int, bool]:  # noqa: ANN001
        """Characters (atomic inlines count one) on the line, and whether any is CJK."""
        if isinstance(box, boxes.TextBox):
            return len(box.text), bool(_CJK.search(box.text))
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            n, cjk = 0, False
            for child in box.children:
                if child.is_in_normal_flow():
                    c_n, c_cjk = units(child)
                    n, cjk = n + c_n, cjk or c_cjk
            return n, cjk
        return 1, False

    def spread(context, box, spacing: float, x_advance: float) -> float:  # noqa: ANN001
        """Shift the box by x_advance and widen it; return the x_advance for what follows."""
        if isinstance(box, boxes.TextBox):
            box.position_x += x_advance
            if not box.text:
                return x_advance
            # Like WeasyPrint's own widths, the box's width ends with one letter-spacing after its last
            # character: that is the gap before the next box (and is left over at the line's end).
            style = box.style.copy()  # text boxes share their parent's style
            tracking = style["letter_spacing"]
            style["letter_spacing"] = (0 if tracking == "normal" else tracking) + spacing
            layout = create_layout(
                box.text, style, context, max_width=None, justification_spacing=box.justification_spacing
            )
            added = line_size(layout.get_first_line()[0], style)[0] - box.width
            layout.deactivate()
            box.style, box.pango_layout = style, layout
            box.width += added
            return x_advance + added
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            box.position_x += x_advance
            before = x_advance
            for child in box.children:
                if child.is_in_normal_flow():
                    x_advance = spread(context, child, spacing, x_advance)
            box.width += x_advance - before
            return x_advance
        box.translate(x_advance, 0)
        return x_advance + spacing

    def justify_line(context, line, extra_width):  # noqa: ANN001, ANN202
        if _inter_character.get():
            n, cjk = units(line)
            if cjk and n > 1:
                spread(context, line, extra_width / (n - 1), 0)
                return
        original(context, line, extra_width)

    justify_line.inter_character = True  # type: ignore[attr-defined]  # marks the wrapper: installed once
    inline.justify_line = justify_line


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # heavy import, only where a PDF is made

    _install_inter_character_justification()
    html = render_to_string(template_name, {**context, "font_css": font_css()})
    token = _inter_character.set(True)
    try:
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    finally:
        _inter_character.reset(token)
