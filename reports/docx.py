"""The summary as a Word file (GB/T 9704-2012 layout) for clerks who finish it in WPS or Word.

The parts, the annex rows and their display come from ``summary_context``, as the PDF's do, so
the two files cannot say different things. Fonts are named, not embedded: WPS ships 仿宋_GB2312,
楷体_GB2312 and 方正小标宋简体; each name also carries an ``altName`` Windows has (仿宋, 楷体 …).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any, cast

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from reports.exporters import TEXT
from reports.figures import ReportScope
from reports.models import Level, SummaryReport
from reports.pdf import summary_context

# GB/T 9704 fonts, and the face Windows has under another name (fontTable altName).
FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
ALT_NAMES = {FANGSONG: "仿宋", KAITI: "楷体", XIAOBIAOSONG: "宋体"}
LATIN = "Times New Roman"  # digits and Latin letters, as is common practice beside 仿宋

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(10.5)  # 五号, as the PDF's annex table
# 225 mm text block ÷ 22 lines.
LINE_PITCH = Pt(28.9)

# What follows an element in w:pPr (ECMA-376 fixes the order; Word calls a file out of order corrupt).
AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
AFTER_AUTOSPACE = (
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    *AFTER_OUTLINE,
)

STYLE_TITLE, STYLE_PART, STYLE_SECTION, STYLE_SIGNATURE = "公文标题", "一级标题", "二级标题", "落款"
STYLE_ANNEX_TITLE, STYLE_TABLE_TITLE, STYLE_CELL = "附件标题", "表格标题", "表格文字"


def _fonts(style_or_run: Any, east_asia: str, latin: str = LATIN) -> None:
    """Name the font for every script; theme attributes would win over the names in Word, so drop them."""
    rfonts = style_or_run.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        rfonts.set(qn(attr), name)


def _first_line_indent(style: ParagraphStyle, chars: int) -> None:
    """Indent in characters (w:firstLineChars, what Word writes for 首行缩进 2 字符), and in points for others."""
    style.paragraph_format.first_line_indent = Pt(style.font.size.pt * chars)
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def _flush_left(paragraph: Paragraph) -> None:
    """No first-line indent, overriding the style's in both units (firstLineChars wins over firstLine)."""
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")


def _paragraph_style(
    doc: DocumentObject,
    name: str,
    *,
    font: str,
    size: Length,
    line: Length | None = LINE_PITCH,
    indent_chars: int = 0,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    outline_level: int | None = None,
) -> ParagraphStyle:
    style = cast(ParagraphStyle, doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH))  # a paragraph style, asked for
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    _fonts(style, font)
    style.font.size = size
    fmt = style.paragraph_format
    fmt.alignment = align
    if line is not None:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, line
    # Even "no indent" is written in both units: Word would otherwise keep Normal's 2 characters.
    _first_line_indent(style, indent_chars)
    if outline_level is not None:
        # Shows the headings in Word's and WPS's navigation pane.
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(outline_level))
        style.element.get_or_add_pPr().insert_element_before(outline, *AFTER_OUTLINE)
    return style


def _set_up_styles(doc: DocumentObject) -> None:
    # Document defaults name the fonts too, so nothing falls back to the template's theme (Calibri / 宋体).
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts"))
    rfonts.attrib.clear()
    rfonts.set(qn("w:ascii"), LATIN)
    rfonts.set(qn("w:hAnsi"), LATIN)
    rfonts.set(qn("w:eastAsia"), FANGSONG)
    rfonts.set(qn("w:cs"), LATIN)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")

    normal = cast(ParagraphStyle, doc.styles["Normal"])  # Word's default paragraph style
    _fonts(normal, FANGSONG)
    normal_lang = OxmlElement("w:lang")
    normal_lang.set(qn("w:val"), "en-US")
    normal_lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().insert_element_before(normal_lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    normal.font.size = BODY_SIZE
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _first_line_indent(normal, 2)
    # No extra gap between Chinese and digits ("6 月 30 日"): the PDF has none, and the gaps
    # push the 22 × 28 grid out of line.
    ppr = normal.element.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        off = OxmlElement(tag)
        off.set(qn("w:val"), "0")
        ppr.insert_element_before(off, *AFTER_AUTOSPACE)

    title = _paragraph_style(
        doc,
        STYLE_TITLE,
        font=XIAOBIAOSONG,
        size=TITLE_SIZE,
        line=Pt(33),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        outline_level=None,
    )
    title.paragraph_format.space_after = LINE_PITCH  # one blank line below the title
    part = _paragraph_style(doc, STYLE_PART, font=HEITI, size=BODY_SIZE, indent_chars=2, outline_level=0)
    part.paragraph_format.keep_with_next = True
    section = doc.styles.add_style(STYLE_SECTION, WD_STYLE_TYPE.CHARACTER)
    section.quick_style = True
    _fonts(section, KAITI)
    section.font.size = BODY_SIZE
    signature = _paragraph_style(doc, STYLE_SIGNATURE, font=FANGSONG, size=BODY_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.right_indent = Pt(BODY_SIZE.pt * 4)  # GB/T 9704: the date four characters in
    _paragraph_style(
        doc, STYLE_ANNEX_TITLE, font=XIAOBIAOSONG, size=Pt(18), line=Pt(33), align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _paragraph_style(
        doc, STYLE_TABLE_TITLE, font=FANGSONG, size=PAGE_NUMBER_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER
    ).paragraph_format.space_after = Pt(8)
    _paragraph_style(doc, STYLE_CELL, font=FANGSONG, size=TABLE_SIZE, line=Pt(15.75), align=WD_ALIGN_PARAGRAPH.RIGHT)


def _font_table(doc: DocumentObject) -> None:
    """Tell Word which installed face stands in for a GB/T 9704 name it lacks (Windows has 仿宋, not 仿宋_GB2312)."""
    part = next(p for p in doc.part.package.parts if p.partname == "/word/fontTable.xml")
    root = parse_xml(part.blob)
    for name in (FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI):
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        if name in ALT_NAMES:
            alt = OxmlElement("w:altName")
            alt.set(qn("w:val"), ALT_NAMES[name])
            font.append(alt)
        # 86 = GB2312 character set.
        for tag, value in (
            ("w:charset", "86"),
            ("w:family", "swiss" if name == HEITI else "modern"),
            ("w:pitch", "variable"),
        ):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            font.append(el)
        root.append(font)
    # fontTable.xml is a plain part in python-docx: replace its bytes.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number(paragraph: Paragraph) -> None:
    """ "— 7 —": a PAGE field between em dashes, 4号 宋体."""

    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        _fonts(r, SONGTI, latin=SONGTI)
        r.font.size = PAGE_NUMBER_SIZE
        return r

    run("— ")
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
        elif instr == " PAGE ":
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = instr
            r._r.append(text)
        else:
            r.text = instr
    run(" —")


def _footers(doc: DocumentObject) -> None:
    """Odd pages right-aligned, even pages left-aligned, one character in from the text block's edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        fmt = p.paragraph_format
        fmt.alignment = align
        _flush_left(p)
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.SINGLE, None
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = PAGE_NUMBER_SIZE
        else:
            fmt.left_indent = PAGE_NUMBER_SIZE
        _page_number(p)


def _page_setup(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The page number's dashes sit 7 mm below the text block (GB/T 9704 7.5): the 4号 line's
    # bottom about 25 mm above the paper's edge.
    section.footer_distance = Mm(25)


def _cell(table: Table, row: int, col: int, text: str, *, header: bool = False, total: bool = False) -> None:
    cell = table.cell(row, col)
    p = cell.paragraphs[0]
    p.style = STYLE_CELL
    if header:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif col == 0:
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    r = p.add_run(text)
    if header or total:
        _fonts(r, HEITI)


def _borders(table: Table) -> None:
    """0.5 pt single lines on every edge, set on the table itself so no style can drop them."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for attr, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(attr), value)
        borders.append(el)
    tbl_pr.insert_element_before(
        borders,
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    )


def _annex_table(doc: DocumentObject, context: dict[str, Any]) -> Table:
    columns = context["table"].columns
    rows = [*context["rows"], context["total"]]
    table = doc.add_table(rows=1 + len(rows), cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    header = table.rows[0]
    # Repeat the header row on each page the table runs to; keep a row on one page.
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for col, (name, _) in enumerate(columns):
        _cell(table, 0, col, name, header=True)
    for index, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            _cell(table, index, col, value, total=index == len(rows))
    # 156 mm text block: the name column wider, the figures sharing the rest.
    first = Mm(26) if columns[0][1] == TEXT else Mm(156 / len(columns))
    rest = int((Mm(156) - first) / (len(columns) - 1))
    for row in table.rows:
        for col, cell in enumerate(row.cells):
            cell.width = first if col == 0 else rest
    return table


def render_summary_docx(report: SummaryReport, scope: ReportScope) -> bytes:
    context = summary_context(report, scope)
    doc = Document()
    _page_setup(doc)
    _set_up_styles(doc)
    _font_table(doc)
    _footers(doc)
    core = doc.core_properties
    core.title, core.author, core.last_modified_by = report.title, report.issuer, report.issuer
    core.comments, core.subject, core.language = "", "", "zh-CN"

    doc.add_paragraph(report.title, style=STYLE_TITLE)
    for part in context["parts"]:
        if part.level == Level.PART:
            doc.add_paragraph(f"{part.numeral}{part.heading}", style=STYLE_PART)
        for index, text in enumerate(part.paragraphs):
            p = doc.add_paragraph()
            if part.level == Level.SECTION and index == 0:
                # （一） runs into its first paragraph in 楷体, as the PDF prints it.
                p.add_run(f"{part.numeral}{part.heading}。", style=STYLE_SECTION)
            p.add_run(text)
    # The signature never starts a page alone: the last paragraph, the blank lines and the
    # attachment note between them all keep with the next.
    tail = [doc.paragraphs[-1], doc.add_paragraph(), doc.add_paragraph("附件：主要数据表"), doc.add_paragraph()]
    issuer = doc.add_paragraph(report.issuer, style=STYLE_SIGNATURE)
    date = report.signed_on
    doc.add_paragraph(f"{date.year}年{date.month}月{date.day}日", style=STYLE_SIGNATURE)
    for p in [*tail, issuer]:
        p.paragraph_format.keep_with_next = True

    annex = doc.add_paragraph("附件", style=STYLE_PART)
    annex.paragraph_format.page_break_before = True
    _flush_left(annex)
    doc.add_paragraph("主要数据表", style=STYLE_ANNEX_TITLE)
    doc.add_paragraph(f"{context['table'].title}（{context['period_text']}）", style=STYLE_TABLE_TITLE)
    _annex_table(doc, context)

    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
