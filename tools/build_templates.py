"""Build the .docx templates with python-docx: the six of a case and the monthly register.

    .venv/bin/python tools/build_templates.py [FOLDER]     (default: templates/)

The generated templates are a starting point that office staff may edit in Word; running this
again overwrites such edits. Layout follows Indonesian tata naskah dinas practice: kop with a
double rule, A4, Arial, signature block on the right, tables with explicit column widths (fixed
layout, so LibreOffice and Word wrap them the same way).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import _Footer
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# Run as a script from a checkout: make the repository's package importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.archive.files import atomic_write_bytes
from pipeline.documents.kinds import DOCUMENT_KINDS
from pipeline.documents.monthly import MONTHLY_REGISTER_TEMPLATE
from pipeline.documents.qr import QR_LEFT_MM, QR_SIZE_MM

FONT = "Arial"
LEFT = WD_ALIGN_PARAGRAPH.LEFT
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
# The left margin is 2.5 cm everywhere: the QR sits in its bottom corner (see stamp_footer).
LEFT_MARGIN = 2.5
PORTRAIT_WIDTH = 16.5  # cm of text on A4 portrait with 2.5 cm left and 2 cm right margins
LANDSCAPE_WIDTH = 25.2  # cm of text on A4 landscape with 2.5 cm left and 2 cm right margins
BODY_INDENT = 1.25  # first-line indent of letter paragraphs, cm
HEADER_FILL = "D9D9D9"

Container = DocxDocument | _Cell


# ---------------------------------------------------------------------------------------------
# Low-level helpers


# Parts python-docx's default document carries that a template does not need: a thumbnail of
# an empty page (file browsers would show it as the template's preview) and Word 2010's second
# copy of the styles.
_UNNEEDED_PARTS = (
    "relationships/metadata/thumbnail",
    "relationships/stylesWithEffects",
)


def _drop_unneeded_parts(document: DocxDocument) -> None:
    for rels in (document.part.package.rels, document.part.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.endswith(_UNNEEDED_PARTS):
                del rels[rel_id]


def new_document(title: str, *, landscape: bool = False, size: float = 12) -> DocxDocument:
    document = Document()
    _drop_unneeded_parts(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(1.2), Cm(1.5)
    section.left_margin = Cm(LEFT_MARGIN)
    section.right_margin = Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(size)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "id-ID")
    normal.element.get_or_add_rPr().append(language)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    properties = document.core_properties
    properties.title = title
    properties.author = "UPTD Tarakan Command Center"
    properties.comments = "Templat tcc-kunjungan; variabel: lihat docs/templates.md"
    return document


def _fresh(cell: _Cell) -> Paragraph | None:
    """The empty paragraph every new cell has, until something is written into it.

    Every paragraph these helpers write gets paragraph properties, so a paragraph without
    them is the untouched one."""
    paragraphs: list[Paragraph] = cell.paragraphs
    first = paragraphs[0]
    if len(paragraphs) == 1 and first._p.pPr is None and not first.runs:
        return first
    return None


def add_run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    font: str | None = None,
) -> Run:
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    run.underline = underline or None
    if size:
        run.font.size = Pt(size)
    if font:
        run.font.name = font
    if "{{" in text or "{%" in text:
        # Word's spell checker splits misspelt words such as `nomor_surat` into runs of their
        # own; keeping it out of the tags keeps them in one piece when staff edit the file.
        run._r.get_or_add_rPr().append(OxmlElement("w:noProof"))
    return run


def para(
    container: Container | _Footer,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH = LEFT,
    before: float = 0,
    after: float = 0,
    left: float | None = None,
    first: float | None = None,
    tabs: Sequence[tuple[float, WD_TAB_ALIGNMENT, WD_TAB_LEADER]] = (),
    keep_next: bool = False,
    line: float | None = None,
) -> Paragraph:
    """One paragraph with one run; indents and tab positions in cm, spacing in pt."""
    fresh = _fresh(container) if isinstance(container, _Cell) else None
    paragraph = fresh or container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if left is not None:
        fmt.left_indent = Cm(left)
    if first is not None:
        fmt.first_line_indent = Cm(first)
    if line is not None:
        fmt.line_spacing = line
    for position, alignment, leader in tabs:
        fmt.tab_stops.add_tab_stop(Cm(position), alignment, leader)
    if keep_next:
        fmt.keep_with_next = True
    if text:
        add_run(paragraph, text, bold=bold, italic=italic, underline=underline, size=size)
    return paragraph


def spacer(container: Container, points: float) -> Paragraph:
    """An empty paragraph exactly `points` high (an empty line would take a full 12 pt)."""
    paragraph = para(container)
    paragraph.paragraph_format.line_spacing = Pt(points)
    return paragraph


def tab(position: float, align: WD_TAB_ALIGNMENT = WD_TAB_ALIGNMENT.LEFT) -> tuple[
    float, WD_TAB_ALIGNMENT, WD_TAB_LEADER
]:
    return (position, align, WD_TAB_LEADER.SPACES)


def dotted_line(container: Container, width: float, *, size: float | None = None) -> Paragraph:
    """A ruled line to write on by hand: a right tab with a dot leader across the width.

    The zero-width space after the tab is there because LibreOffice draws no leader for a tab
    that ends a paragraph inside a table cell."""
    paragraph = para(
        container, before=9, tabs=[(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)]
    )
    add_run(paragraph, "\t\u200b", size=size)
    return paragraph


def _set_child(parent: object, tag: str, **attributes: str) -> None:
    element = parent.find(qn(tag))  # type: ignore[attr-defined]
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)  # type: ignore[attr-defined]
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)


def table(
    container: Container,
    widths: Sequence[float],
    rows: int,
    *,
    borders: bool,
) -> Table:
    """A fixed-layout table: every column and every cell gets its width (cm).

    Borderless tables (layout only) get no cell padding, so their text lines up with the
    paragraphs around them."""
    width_total = sum(widths)
    grid = container.add_table(rows=rows, cols=len(widths))
    if borders:
        grid.style = "Table Grid"
    grid.autofit = False
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER if borders else WD_TABLE_ALIGNMENT.LEFT
    properties = grid._tbl.tblPr
    _set_child(properties, "w:tblW", w=str(int(Cm(width_total).twips)), type="dxa")
    if not borders:
        margins = OxmlElement("w:tblCellMar")
        for side, value in (("left", "0"), ("right", "57")):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:w"), value)
            edge.set(qn("w:type"), "dxa")
            margins.append(edge)
        properties.append(margins)
        _set_child(properties, "w:tblInd", w="0", type="dxa")
    for index, width in enumerate(widths):
        grid.columns[index].width = Cm(width)
        for cell in grid.columns[index].cells:
            cell.width = Cm(width)
    return grid


def merge(row: _Row, first: int, last: int, widths: Sequence[float]) -> _Cell:
    cell: _Cell = row.cells[first].merge(row.cells[last])
    cell.width = Cm(sum(widths[first : last + 1]))
    return cell


def add_row(grid: Table) -> _Row:
    row: _Row = grid.add_row()  # type: ignore[no-untyped-call]  # python-docx leaves it untyped
    return row


def row_height(row: _Row, height: float) -> None:
    row.height = Cm(height)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def keep_row_together(row: _Row) -> None:
    _set_child(row._tr.get_or_add_trPr(), "w:cantSplit")


def header_row(grid: Table, row: _Row, labels: Sequence[str], *, size: float) -> None:
    """Bold centred labels on grey, repeated at the top of every page the table runs onto."""
    _set_child(row._tr.get_or_add_trPr(), "w:tblHeader")
    for cell, label in zip(row.cells, labels, strict=True):
        para(cell, label, bold=True, size=size, align=CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _set_child(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=HEADER_FILL)


def loop_row(grid: Table, tag: str, *, size: float) -> None:
    """A row holding only a docxtpl `{%tr ... %}` tag; the render removes the row itself."""
    row = add_row(grid)
    para(row.cells[0], tag, size=size)


def bottom_rule(paragraph: Paragraph) -> None:
    """The kop's rule: a thick line over a thin one, as on printed government letterheads."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "thickThinSmallGap"), ("sz", "24"), ("space", "1"),
                        ("color", "000000")):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


# ---------------------------------------------------------------------------------------------
# Building blocks shared by the documents


def kop(document: DocxDocument, width: float, *, with_unit: bool = True) -> None:
    """Letterhead: logo cell, centred lines, a blank cell as wide as the logo's, then the double
    rule. The blank cell keeps the lines centred on the page's axis, logo or not."""
    logo_width = 2.4
    grid = table(document, [logo_width, width - 2 * logo_width, logo_width], 1, borders=False)
    logo_cell, text_cell, _ = grid.rows[0].cells
    logo_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    text_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    para(logo_cell, "{{ logo }}", align=CENTER)
    para(text_cell, "{{ kop_pemerintah }}", size=12, align=CENTER)
    para(text_cell, "{{ kop_dinas }}", bold=True, size=13, align=CENTER)
    if with_unit:
        para(text_cell, "{{ kop_unit }}", bold=True, size=14, align=CENTER)
    para(text_cell, "{{ kop_alamat }} Telepon {{ kop_telepon }}", size=9, align=CENTER)
    para(text_cell, "Pos-el: {{ kop_email }}  Laman: {{ kop_laman }}", size=9, align=CENTER)
    bottom_rule(spacer(document, 2))
    spacer(document, 10)


def fields_table(
    container: Container,
    rows: Sequence[tuple[str, str]],
    *,
    label_width: float,
    width: float,
    indent: float = 0,
    size: float | None = None,
) -> Table:
    """`Label : value` lines as a borderless table, so long values wrap under themselves."""
    widths = [label_width, 0.5, width - label_width - 0.5 - indent]
    if indent:
        widths.insert(0, indent)
    grid = table(container, widths, len(rows), borders=False)
    offset = 1 if indent else 0
    for row, (label, value) in zip(grid.rows, rows, strict=True):
        cells = row.cells
        para(cells[offset], label, size=size)
        para(cells[offset + 1], ":", size=size)
        para(cells[offset + 2], value, size=size)
    return grid


def letter_heading(document: DocxDocument, hal: str) -> None:
    """Nomor/Sifat/Lampiran/Hal on the left, place and date on the Nomor line at the right."""
    widths = [2.3, 0.5, 7.7, 6.0]
    grid = table(document, widths, 4, borders=False)
    lines = (
        ("Nomor", "{{ nomor_surat_keluar }}"),
        ("Sifat", "Biasa"),
        ("Lampiran", "-"),
        ("Hal", hal),
    )
    for row, (label, value) in zip(grid.rows, lines, strict=True):
        para(row.cells[0], label)
        para(row.cells[1], ":")
        para(row.cells[2], value, bold=label == "Hal")
    para(grid.rows[0].cells[3], "{{ kota }}, {{ tanggal_dokumen }}", align=RIGHT)
    para(document, "Yth. {{ kepada }}", before=12, left=0.9, first=-0.9)
    para(document, "di")
    para(document, "{{ kepada_di }}", left=1.0, after=12)


def body(document: DocxDocument, text: str, *, before: float = 0, after: float = 8) -> Paragraph:
    return para(document, text, align=JUSTIFY, first=BODY_INDENT, before=before, after=after,
                line=1.1)


def numbered(
    container: Container,
    number: str,
    text: str,
    *,
    left: float,
    hang: float = 0.7,
    size: float | None = None,
    line: float = 1.15,
) -> Paragraph:
    """`1.` at `left - hang`, text wrapping under itself at `left` (no Word numbering, which
    staff would have to restart by hand)."""
    return para(
        container, f"{number}\t{text}", align=JUSTIFY, left=left, first=-hang, after=3,
        tabs=[tab(left)], line=line, size=size,
    )


def signer_lines(
    cell: _Cell,
    role: str,
    *,
    left: float,
    heading: Sequence[str] = (),
    size: float | None = None,
) -> None:
    """Signer centred in the column from `left` to the cell's edge: heading lines, `<jabatan>,`,
    room to sign, name, rank, NIP."""
    for line in heading:
        para(cell, line, align=CENTER, size=size, left=left)
    para(cell, f"{{{{ {role}_jabatan }}}},", align=CENTER, size=size, left=left, after=44)
    para(cell, f"{{{{ {role}_nama }}}}", bold=True, underline=True, align=CENTER, size=size,
         left=left)
    para(cell, f"{{{{ {role}_pangkat }}}}", align=CENTER, size=size, left=left)
    para(cell, f"NIP. {{{{ {role}_nip }}}}", align=CENTER, size=size, left=left)


def closing_block(
    document: DocxDocument,
    width: float,
    closing: str,
    role: str,
    *,
    heading: Sequence[str] = (),
    block: float = 8.0,
    size: float | None = None,
    with_tembusan: bool = True,
    before: float = 0,
) -> _Cell:
    """The closing sentence, the signature block and the tembusan in one table row that may
    not split: on a full page they move to the next one together, so a signature never stands
    alone on a page nor far from the sentence it signs (keep-with-next is not honoured the
    same way by Word and LibreOffice; an unsplittable row is)."""
    grid = table(document, [width], 1, borders=False)
    keep_row_together(grid.rows[0])
    cell: _Cell = grid.rows[0].cells[0]
    if closing:
        para(cell, closing, align=JUSTIFY, first=BODY_INDENT, before=before, after=8,
             line=1.1, size=size)
    signer_lines(cell, role, left=width - block, heading=heading, size=size)
    if with_tembusan:
        tembusan(cell)
    return cell


def tembusan(container: Container, *, size: float = 10) -> None:
    para(container, "Tembusan:", size=size, before=8)
    numbered(container, "1.", "Yth. {{ kepala_dinas_jabatan }} (sebagai laporan);", left=0.6,
             hang=0.6, size=size)
    numbered(container, "2.", "Arsip.", left=0.6, hang=0.6, size=size)


def stamp_footer(document: DocxDocument, title: str, leaves_office: bool) -> None:
    """Every page's footer: the document's QR and its verification code.

    The QR (the address of the public verification page) lets a reader check the document
    and a signed scan that comes back through the inbox find it; on every page, so a batch of
    pages scanned together splits into documents. render_document fixes `{{ qr }}` to the
    bottom-left corner of the page, inside the left margin; the two small lines fit in the
    bottom margin, so the footer takes no room from the letter and never meets its signature
    block or tembusan. A letter that leaves the office tells its reader where to check it;
    an internal sheet also tells staff to scan it back signed."""
    section = document.sections[0]
    assert (section.left_margin or 0) >= Cm((QR_LEFT_MM + QR_SIZE_MM) / 10), "QR needs the margin"
    section.footer_distance = Cm(0.5)
    footer = section.footer
    first = footer.paragraphs[0]
    first.paragraph_format.left_indent = Cm(0.2)  # more quiet zone beside the QR
    add_run(first, "{{ qr }}")
    add_run(first, "Kode verifikasi: {{ kode_verifikasi }}", bold=True, size=8)
    add_run(first, f"  ·  Nomor agenda {{{{ nomor_agenda }}}}  ·  {title}  ·  Halaman ",
            size=7.5)
    page_field(first, "PAGE", size=7.5)
    add_run(first, " dari ", size=7.5)
    page_field(first, "NUMPAGES", size=7.5)
    if leaves_office:
        para(footer, "Periksa keaslian dokumen ini di {{ alamat_verifikasi }} atau pindai kode "
             "QR di pojok kiri bawah dengan ponsel.", size=7, left=0.2)
    else:
        para(footer, "Periksa keaslian: {{ alamat_verifikasi }}  ·  Pindai lembar bertanda "
             "tangan beserta kode QR di pojok kiri bawah ini.", size=7, left=0.2)


def page_field(paragraph: Paragraph, name: str, *, size: float) -> None:
    """A Word field (`PAGE`, `NUMPAGES`) that Word and LibreOffice fill in when they lay out."""
    for kind, instruction in (("begin", None), (None, f" {name} "), ("separate", None),
                              (None, "1"), ("end", None)):
        run = add_run(paragraph, "", size=size)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif instruction == "1":
            run.text = "1"
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = instruction
            run._r.append(code)


def _drop_unused_styles(document: DocxDocument) -> None:
    """Keep the styles the template uses (with those they are based on or lead to) and the
    defaults: python-docx's default document brings 164, 350 kB, that every generated
    document would carry and every render would zip again."""
    parts = [
        part.element for part in document.part.package.iter_parts()
        if part.content_type.endswith(("document.main+xml", ".header+xml", ".footer+xml"))
    ]
    wanted = {
        value for root in parts
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle")
        for value in root.xpath(f".//{tag}/@w:val")
    }
    styles = {style.get(qn("w:styleId")): style
              for style in document.styles.element.findall(qn("w:style"))}
    wanted |= {name for name, style in styles.items() if style.get(qn("w:default")) == "1"}
    waiting = list(wanted)
    while waiting:  # what a kept style is based on, links to or is followed by
        style = styles.get(waiting.pop())
        if style is None:
            continue
        for tag in ("w:basedOn", "w:link", "w:next"):
            linked = style.find(qn(tag))
            if linked is not None and linked.get(qn("w:val")) not in wanted:
                wanted.add(linked.get(qn("w:val")))
                waiting.append(linked.get(qn("w:val")))
    for name, style in styles.items():
        if name not in wanted:
            document.styles.element.remove(style)


def save(document: DocxDocument, target: Path) -> None:
    _drop_unused_styles(document)
    buffer = io.BytesIO()
    document.save(buffer)
    atomic_write_bytes(target, buffer.getvalue())
    target.chmod(0o644)  # the atomic writer's temp file is private; templates are shared


# ---------------------------------------------------------------------------------------------
# The six documents


def lembar_disposisi() -> DocxDocument:
    width = PORTRAIT_WIDTH
    document = new_document("Lembar Disposisi", size=11)
    kop(document, width, with_unit=False)
    para(document, "LEMBAR DISPOSISI", bold=True, size=14, align=CENTER, after=8)

    # Label, colon and value in columns of their own on each half: a long letter number wraps
    # inside its column, beside its colon, instead of jumping under the label.
    widths = [2.9, 0.35, 5.0, 3.2, 0.35, 4.7]
    halves = ((0, 2), (3, 5))
    grid = table(document, widths, 9, borders=True)
    _unborder_inner(grid, widths)

    def field(row: _Row, half: int, label: str, value: str) -> None:
        first, _ = halves[half]
        para(row.cells[first], label, before=2, after=2)
        para(row.cells[first + 1], ":", before=2, after=2)
        para(row.cells[first + 2], value, before=2, after=2)

    pairs = (
        (("Surat dari", "{{ instansi_pengirim }}"), ("Diterima Tanggal", "{{ tanggal_diterima }}")),
        (("Nomor Surat", "{{ nomor_surat }}"), ("Nomor Agenda", "{{ nomor_agenda }}")),
        (("Tanggal Surat", "{{ tanggal_surat }}"),
         ("Kunjungan", "{{ tanggal_kunjungan }}, {{ waktu_kunjungan }}")),
        (("Lampiran", "{{ lampiran }}"), ("Batas Waktu", "{{ batas_waktu }}")),
    )
    for row, (left_field, right_field) in zip(grid.rows, pairs, strict=False):
        field(row, 0, *left_field)
        field(row, 1, *right_field)

    sifat_cell = merge(grid.rows[4], 2, 5, widths)
    para(grid.rows[4].cells[0], "Sifat", before=2, after=2)
    para(grid.rows[4].cells[1], ":", before=2, after=2)
    sifat = para(sifat_cell, before=2, after=2, tabs=[tab(x) for x in (3.6, 6.6, 9.3)])
    for index, (box, label) in enumerate((
        ("kotak_sangat_segera", "Sangat Segera"),
        ("kotak_segera", "Segera"),
        ("kotak_rahasia", "Rahasia"),
        ("kotak_biasa", "Biasa"),
    )):
        if index:
            add_run(sifat, "\t")
        # Arial has no ballot box; name a font that has one so Word need not guess.
        add_run(sifat, f"{{{{ {box} }}}}", size=12, font="Segoe UI Symbol")
        add_run(sifat, f" {label}")
    para(grid.rows[5].cells[0], "Perihal", before=2, after=2)
    para(grid.rows[5].cells[1], ":", before=2, after=2)
    para(merge(grid.rows[5], 2, 5, widths), "{{ perihal }}", before=2, after=2)

    # Who it goes to, and the office's usual instructions, ticked by hand.
    to_cell = merge(grid.rows[6], 0, 2, widths)
    ask_cell = merge(grid.rows[6], 3, 5, widths)
    para(to_cell, "Diteruskan kepada:", bold=True, before=3)
    para(to_cell, "{%p if sudah_didisposisi %}")
    para(to_cell, "{{ diteruskan_kepada }}", before=4, after=4, line=1.15)
    para(to_cell, "{%p else %}")
    for line in ("{{ kepala_uptd_jabatan }}", "." * 40, "." * 40):
        para(to_cell, f"{BOX}  {line}", before=3)
    para(to_cell, "{%p endif %}")
    para(ask_cell, "Dengan hormat harap:", bold=True, before=3)
    for line in INSTRUCTIONS:
        para(ask_cell, f"{BOX}  {line}", before=1)
    spacer(ask_cell, 4)

    what = merge(grid.rows[7], 0, 5, widths)
    para(what, "Isi Disposisi:", bold=True, before=3)
    para(what, "{%p if sudah_didisposisi %}")
    para(what, "{{ isi_disposisi }}", before=4, after=6, line=1.15)
    para(what, "{%p else %}")
    for _ in range(4):
        dotted_line(what, width - 0.45)
    para(what, "{%p endif %}")
    spacer(what, 4)

    notes = merge(grid.rows[8], 0, 2, widths)
    signer = merge(grid.rows[8], 3, 5, widths)
    para(notes, "Diterima untuk tindak lanjut:", bold=True, before=3)
    receipt = table(notes, [2.2, 0.35, 5.1], 2, borders=False)
    for row, label in zip(receipt.rows, ("Tanggal", "Paraf"), strict=True):
        para(row.cells[0], label, before=8)
        para(row.cells[1], ":", before=8)
    para(receipt.rows[0].cells[2], "{%p if tanggal_terima_uptd != '-' %}")
    para(receipt.rows[0].cells[2], "{{ tanggal_terima_uptd }}", before=8)
    para(receipt.rows[0].cells[2], "{%p else %}")
    dotted_line(receipt.rows[0].cells[2], 4.9)
    para(receipt.rows[0].cells[2], "{%p endif %}")
    dotted_line(receipt.rows[1].cells[2], 4.9)
    para(notes, "{{ kepala_uptd_jabatan }}", size=9, before=3, after=4)
    date_line = (
        "{{ kota }}, {% if sudah_didisposisi %}{{ tanggal_disposisi }}"
        "{% else %}.........................{% endif %}"
    )
    para(signer, date_line, align=CENTER, before=3)
    para(signer, "{{ kepala_dinas_jabatan }},", align=CENTER, after=40)
    para(signer, "{{ kepala_dinas_nama }}", bold=True, underline=True, align=CENTER)
    para(signer, "{{ kepala_dinas_pangkat }}", align=CENTER)
    para(signer, "NIP. {{ kepala_dinas_nip }}", align=CENTER, after=4)
    for row in grid.rows:
        keep_row_together(row)
    return document


BOX = "☐"
# The instructions of the printed pemda form (FORMATS.md, Lembar Disposisi (a) and (c)).
INSTRUCTIONS = (
    "Tanggapan dan saran",
    "Proses lebih lanjut",
    "Koordinasikan/konfirmasikan",
    "Wakili/hadiri",
    "Untuk diketahui",
    "Arsip/file",
)


def _unborder_inner(grid: Table, widths: Sequence[float]) -> None:
    """No vertical rules between a label, its colon and its value (only between the halves)."""
    for row in grid.rows:
        for index, cell in enumerate(row.cells):
            if index in (0, 1, 3, 4):
                borders = OxmlElement("w:tcBorders")
                edge = OxmlElement("w:right")
                edge.set(qn("w:val"), "nil")
                borders.append(edge)
                cell._tc.get_or_add_tcPr().append(borders)
            if index in (1, 2, 4, 5):
                _set_child(cell._tc.get_or_add_tcPr(), "w:tcMar")
                margin = cell._tc.get_or_add_tcPr().find(qn("w:tcMar"))
                edge = OxmlElement("w:left")
                edge.set(qn("w:w"), "0")
                edge.set(qn("w:type"), "dxa")
                margin.append(edge)


def rekomendasi() -> DocxDocument:
    width = PORTRAIT_WIDTH
    document = new_document("Rekomendasi Kunjungan")
    kop(document, width)
    letter_heading(document, "Rekomendasi Kunjungan")
    body(
        document,
        "Menindaklanjuti surat Saudara Nomor {{ nomor_surat }} tanggal {{ tanggal_surat }} "
        "perihal {{ perihal }}, dengan ini kami sampaikan bahwa pada prinsipnya kami menyetujui "
        "kunjungan {{ instansi_pengirim }} ke {{ tempat_kunjungan }}"
        "{% if jadwal_diubah %} dengan penyesuaian jadwal (Saudara mengajukan "
        "{{ jadwal_diminta }}){% endif %}, yang akan dilaksanakan pada:",
        after=4,
    )
    fields_table(
        document,
        (
            ("Hari/Tanggal", "{{ tanggal_kunjungan }}"),
            ("Pukul", "{{ waktu_kunjungan }} s.d. selesai"),
            ("Tempat", "{{ tempat_kunjungan }}"),
            ("Jumlah Peserta", "{{ jumlah_peserta }}"),
        ),
        label_width=3.6,
        width=width,
        indent=BODY_INDENT,
    )
    body(document, "Sehubungan dengan hal tersebut, mohon perhatian Saudara terhadap hal-hal "
                   "berikut:", before=6, after=3)
    conditions = (
        "Rombongan hadir paling lambat 15 (lima belas) menit sebelum waktu kunjungan dengan "
        "membawa surat ini dan kartu identitas (KTP, kartu pelajar/mahasiswa, atau kartu "
        "pegawai);",
        "Jumlah peserta paling banyak {{ jumlah_peserta }} sesuai permohonan;",
        "Setiap peserta mengisi Daftar Hadir/Buku Tamu serta mematuhi tata tertib dan arahan "
        "petugas selama berada di {{ tempat_kunjungan }};",
        "{% if pelaksana %}Petugas kami, {{ nama_pendamping }}, akan mendampingi rombongan "
        "selama kunjungan.{% else %}Petugas kami akan menghubungi narahubung Saudara, "
        "{{ kontak_nama }} ({{ kontak_telepon }}), untuk koordinasi lebih lanjut.{% endif %}",
    )
    for number, condition in enumerate(conditions, start=1):
        numbered(document, f"{number}.", condition, left=BODY_INDENT + 0.7, line=1.0)
    spacer(document, 4)
    closing_block(document, width, "Demikian disampaikan, atas perhatian dan kerja sama "
                  "Saudara diucapkan terima kasih.", "kepala_uptd")
    return document


def surat_penolakan() -> DocxDocument:
    width = PORTRAIT_WIDTH
    document = new_document("Surat Penolakan Kunjungan")
    kop(document, width)
    letter_heading(document, "Jawaban Permohonan Kunjungan")
    body(
        document,
        "Menindaklanjuti surat Saudara Nomor {{ nomor_surat }} tanggal {{ tanggal_surat }} "
        "perihal {{ perihal }}, dengan hormat kami sampaikan bahwa kami belum dapat memenuhi "
        "permohonan kunjungan {{ instansi_pengirim }} ke {{ tempat_kunjungan }}"
        "{% if ada_tanggal_kunjungan %} pada {{ tanggal_kunjungan }}{% endif %}, dengan "
        "alasan {{ alasan_penolakan }}.",
    )
    body(
        document,
        "Kami mohon maaf atas hal tersebut. Saudara dapat mengajukan kembali permohonan "
        "kunjungan untuk hari dan tanggal lain; untuk menyesuaikan jadwal, Saudara dapat "
        "menghubungi kami melalui telepon {{ kop_telepon }} atau pos-el {{ kop_email }}.",
        after=0,
    )
    spacer(document, 8)
    closing_block(document, width, "Demikian disampaikan, atas perhatian dan pengertian "
                  "Saudara diucapkan terima kasih.", "kepala_uptd")
    return document


def surat_tugas() -> DocxDocument:
    width = PORTRAIT_WIDTH
    # 11 pt and single-spaced lists: three escorts and the whole foot fit on one page.
    document = new_document("Surat Tugas", size=11)
    kop(document, width)
    para(document, "SURAT TUGAS", bold=True, underline=True, size=14, align=CENTER)
    para(document, "Nomor: {{ nomor_surat_tugas }}", align=CENTER, after=10)

    label, colon = 2.3, 0.5
    text_width = width - label - colon
    basis = table(document, [label, colon, text_width], 1, borders=False)
    para(basis.rows[0].cells[0], "Dasar")
    para(basis.rows[0].cells[1], ":")
    for number, line in enumerate((
        "Surat {{ instansi_pengirim }} Nomor {{ nomor_surat }} tanggal {{ tanggal_surat }} "
        "perihal {{ perihal }};",
        "Disposisi {{ kepala_dinas_jabatan }} tanggal {{ tanggal_disposisi }} pada Lembar "
        "Disposisi Nomor Agenda {{ nomor_agenda }};",
        "Surat Rekomendasi Kunjungan {{ kepala_uptd_jabatan }} Nomor {{ nomor_surat_keluar }} "
        "tanggal {{ tanggal_surat_keluar }}.",
    ), start=1):
        numbered(basis.rows[0].cells[2], f"{number}.", line, left=0.7, line=1.0)

    para(document, "MENUGASKAN:", bold=True, align=CENTER, before=8, after=6)
    para(document, "Kepada\t:", tabs=[tab(label)], after=4, keep_next=True)
    widths = [0.9, 4.4, 4.6, 3.0, 3.6]
    size = 10
    staff = table(document, widths, 2, borders=True)
    header_row(staff, staff.rows[0], ("No", "Nama", "NIP", "Pangkat/Golongan", "Jabatan"),
               size=size)
    para(staff.rows[1].cells[0], "{%tr for p in pelaksana %}", size=size)
    data = add_row(staff)
    keep_row_together(data)
    for cell, value, align in zip(
        data.cells,
        ("{{ p.no }}", "{{ p.nama }}", "{{ p.nip }}", "{{ p.pangkat }}", "{{ p.jabatan }}"),
        (CENTER, LEFT, LEFT, LEFT, LEFT),
        strict=True,
    ):
        para(cell, value, size=size, align=align, before=1, after=1)
    loop_row(staff, "{%tr endfor %}", size=size)
    for row in staff.rows:
        for cell, cell_width in zip(row.cells, widths, strict=True):
            cell.width = Cm(cell_width)

    spacer(document, 8)
    task = table(document, [label, colon, text_width], 1, borders=False)
    para(task.rows[0].cells[0], "Untuk")
    para(task.rows[0].cells[1], ":")
    numbered(
        task.rows[0].cells[2], "1.",
        "Mendampingi kunjungan {{ instansi_pengirim }} ke {{ tempat_kunjungan }} pada hari "
        "{{ tanggal_kunjungan }} pukul {{ waktu_kunjungan }} s.d. selesai;", left=0.7, line=1.0,
    )
    numbered(
        task.rows[0].cells[2], "2.",
        "Memastikan setiap peserta mengisi Daftar Hadir/Buku Tamu beserta jam masuk dan jam "
        "keluar;", left=0.7, line=1.0,
    )
    numbered(
        task.rows[0].cells[2], "3.",
        "Melaporkan hasil pelaksanaan tugas kepada {{ kepala_uptd_jabatan }}.", left=0.7, line=1.0,
    )
    spacer(document, 6)
    closing_block(
        document, width, "Demikian surat tugas ini dibuat untuk dilaksanakan dengan penuh "
        "tanggung jawab.", "kepala_uptd",
        heading=("Ditetapkan di {{ kota }}", "pada tanggal {{ tanggal_dokumen }}"),
    )
    return document


# Rows at the end of a list kept on the page of what follows them (the signatures).
KEPT_ROWS = 3


def _attendance_table(
    document: DocxDocument,
    widths: Sequence[float],
    labels: Sequence[str],
    loop: tuple[str, str],
    cells: Sequence[tuple[str, WD_ALIGN_PARAGRAPH]],
    *,
    size: float,
    height: float,
    empty: tuple[str, str] | None = None,
) -> _Cell:
    """A ruled list with a repeated header row, and its foot: one unruled cell across the
    last row for the closing line and the signatures, returned to be filled. `loop` is (row
    name, list): the list's last KEPT_ROWS rows are kept with the foot, so a page break before
    the signatures takes some rows along and the signatures never stand alone on a page. The
    foot is a row of the same table because a table right after another merges with it, and a
    paragraph between them would break the chain of keep-with-next in LibreOffice. `empty` is
    (condition, text): a row across the table saying so when the list is empty."""
    name, items = loop
    grid = table(document, widths, 1, borders=True)
    header_row(grid, grid.rows[0], labels, size=size)
    for rows, keep in ((f"{items}[:-{KEPT_ROWS}]", False), (f"{items}[-{KEPT_ROWS}:]", True)):
        loop_row(grid, f"{{%tr for {name} in {rows} %}}", size=size)
        data = add_row(grid)
        row_height(data, height)
        keep_row_together(data)
        for cell, (value, align) in zip(data.cells, cells, strict=True):
            para(cell, value, size=size, align=align, before=2, after=2, keep_next=keep)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        loop_row(grid, "{%tr endfor %}", size=size)
    for row in grid.rows:
        for cell, cell_width in zip(row.cells, widths, strict=True):
            cell.width = Cm(cell_width)
    if empty is not None:
        condition, words = empty
        loop_row(grid, f"{{%tr if {condition} %}}", size=size)
        row = add_row(grid)
        row_height(row, height)
        para(merge(row, 0, len(widths) - 1, widths), words, italic=True, size=size,
             align=CENTER, before=4, after=4, keep_next=True)
        loop_row(grid, "{%tr endif %}", size=size)
    foot_row = add_row(grid)
    keep_row_together(foot_row)
    foot = merge(foot_row, 0, len(widths) - 1, widths)
    borders = OxmlElement("w:tcBorders")
    for side in ("left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    foot._tc.get_or_add_tcPr().append(borders)
    margins = OxmlElement("w:tcMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    foot._tc.get_or_add_tcPr().append(margins)
    return foot


def _info_columns(
    document: DocxDocument, width: float, columns: Sequence[Sequence[tuple[str, str]]]
) -> None:
    """Two side-by-side `Label : value` columns, to keep landscape pages short."""
    half = width / 2
    label = 3.6
    grid = table(document, [label, 0.5, half - label - 0.5] * 2, max(map(len, columns)),
                 borders=False)
    for offset, lines in zip((0, 3), columns, strict=True):
        for row, (name, value) in zip(grid.rows, lines, strict=False):
            para(row.cells[offset], name)
            para(row.cells[offset + 1], ":")
            para(row.cells[offset + 2], value)


def daftar_hadir() -> DocxDocument:
    width = LANDSCAPE_WIDTH
    size = 11
    document = new_document("Daftar Hadir / Buku Tamu", landscape=True, size=size)
    kop(document, width)
    para(document, "DAFTAR HADIR / BUKU TAMU KUNJUNGAN", bold=True, size=13, align=CENTER,
         after=8)
    _info_columns(
        document,
        width,
        (
            (("Instansi", "{{ instansi_pengirim }}"),
             ("Surat Permohonan", "Nomor {{ nomor_surat }} tanggal {{ tanggal_surat }}"),
             ("Hari/Tanggal", "{{ tanggal_kunjungan }}"),
             ("Pukul", "{{ waktu_kunjungan }}")),
            (("Tempat", "{{ tempat_kunjungan }}"),
             ("Surat Tugas", "Nomor {{ nomor_surat_tugas }}"),
             ("Pendamping", "{{ nama_pendamping }}"),
             ("Jumlah Peserta", "{{ jumlah_peserta }}")),
        ),
    )
    spacer(document, 8)
    cell = _attendance_table(
        document,
        [1.1, 5.9, 5.6, 3.6, 2.2, 2.2, 4.6],
        ("No", "Nama", "Instansi/Jabatan", "No. HP", "Jam Masuk", "Jam Keluar",
         "Tanda Tangan"),
        ("r", "peserta"),
        (("{{ r.no }}", CENTER), ("{{ r.nama }}", LEFT), ("", LEFT), ("", LEFT),
         ("", CENTER), ("", CENTER), ("", LEFT)),
        size=size,
        height=0.9,
    )
    # Two signatures side by side: the escort who kept the sheet, the head who knows of it.
    para(cell, "Jumlah peserta yang hadir: ........ orang.", before=6, after=8)
    block = 9.0
    para(cell, "{{ kota }}, {% if ada_tanggal_kunjungan %}{{ tanggal_pelaksanaan }}"
         "{% else %}.........................{% endif %}", align=CENTER, left=width - block)
    inner = table(cell, [block, width - 2 * block, block], 1, borders=False)
    left, _, right = inner.rows[0].cells
    para(left, "Pendamping,", align=CENTER)
    para(left, "", after=50)
    para(left, "{{ nama_pendamping }}", bold=True, underline=True, align=CENTER)
    signer_lines(right, "kepala_uptd", left=0, heading=("Mengetahui,",), size=None)
    return document


def register_buku_tamu() -> DocxDocument:
    width = LANDSCAPE_WIDTH
    size = 11
    document = new_document("Register Buku Tamu", landscape=True, size=size)
    kop(document, width)
    para(document, "REGISTER BUKU TAMU KUNJUNGAN", bold=True, size=13, align=CENTER, after=8)
    _info_columns(
        document,
        width,
        (
            (
                ("Nomor Agenda", "{{ nomor_agenda }}"),
                ("Surat Permohonan", "Nomor {{ nomor_surat }} tanggal {{ tanggal_surat }}"),
                ("Perihal", "{{ perihal }}"),
                ("Surat Rekomendasi", "Nomor {{ nomor_surat_keluar }}"),
                ("Surat Tugas", "Nomor {{ nomor_surat_tugas }}"),
            ),
            (
                ("Instansi", "{{ instansi_pengirim }}"),
                ("Jadwal Diizinkan", "{{ tanggal_kunjungan }}, pukul {{ waktu_kunjungan }}"),
                ("Tempat", "{{ tempat_kunjungan }}"),
                ("Pendamping", "{{ nama_pendamping }}"),
                ("Jumlah Peserta", "{{ jumlah_peserta }} (permohonan)"),
            ),
        ),
    )
    spacer(document, 8)
    foot = _attendance_table(
        document,
        [1.0, 5.4, 5.0, 3.4, 3.4, 1.9, 1.9, 3.2],
        ("No", "Nama", "Instansi", "No. HP", "Tanggal Datang", "Jam Masuk", "Jam Keluar",
         "Durasi"),
        ("t", "tamu"),
        (("{{ t.no }}", CENTER), ("{{ t.nama }}", LEFT), ("{{ t.instansi }}", LEFT),
         ("{{ t.telepon }}", LEFT), ("{{ t.tanggal }}", CENTER), ("{{ t.jam_masuk }}", CENTER),
         ("{{ t.jam_keluar }}", CENTER), ("{{ t.durasi }}", CENTER)),
        size=size,
        height=0.7,
    )
    para(foot, "Jumlah tamu tercatat: {{ jumlah_tamu }}. Jam dalam {{ zona_waktu }}."
         "{% if catatan_tamu %} {{ catatan_tamu }}{% endif %}", before=4, after=12)
    signer_lines(foot, "kepala_uptd", left=width - 9.0,
                 heading=("{{ kota }}, {{ tanggal_dokumen }}",))
    return document


def register_buku_tamu_bulanan() -> DocxDocument:
    """The month's guest book for the archive: every guest of the month, one row each; no
    phone numbers (personal data), signed by the Kepala UPTD TCC as knowing of it."""
    width = LANDSCAPE_WIDTH
    size = 10
    document = new_document("Register Buku Tamu Bulanan", landscape=True, size=11)
    kop(document, width)
    para(document, "REGISTER BUKU TAMU", bold=True, size=13, align=CENTER)
    para(document, "Bulan {{ bulan }}", bold=True, size=12, align=CENTER, after=8)
    foot = _attendance_table(
        document,
        [0.9, 3.6, 4.3, 4.4, 4.7, 1.8, 1.8, 3.7],
        ("No", "Tanggal", "Nama Tamu", "Instansi", "Keperluan / Nomor Agenda",
         "Jam Masuk ({{ zona_waktu }})", "Jam Keluar ({{ zona_waktu }})", "Pelaksana"),
        ("r", "register"),
        (("{{ r.no }}", CENTER), ("{{ r.tanggal }}", LEFT), ("{{ r.nama }}", LEFT),
         ("{{ r.instansi }}", LEFT), ("{{ r.keperluan }}\nAgenda {{ r.nomor_agenda }}", LEFT),
         ("{{ r.jam_masuk }}", CENTER), ("{{ r.jam_keluar }}", CENTER),
         ("{{ r.pelaksana }}", LEFT)),
        size=size,
        height=0.7,
        empty=("not ada_tamu", "Tidak ada kunjungan yang tercatat pada bulan {{ bulan }}."),
    )
    para(foot, "Jumlah tamu tercatat: {% if ada_tamu %}{{ jumlah_tamu }} dari "
         "{{ jumlah_kunjungan }}{% else %}nihil{% endif %}.{% if bulan_berjalan %} Bulan "
         "{{ bulan }} belum berakhir: register ini memuat tamu sampai tanggal "
         "{{ tanggal_dokumen }}.{% endif %}", before=4, after=12)
    signer_lines(foot, "kepala_uptd", left=width - 9.0,
                 heading=("{{ kota }}, {{ tanggal_dokumen }}", "Mengetahui,"))
    return document


def page_footer(document: DocxDocument, title: str) -> None:
    """The footer of a document that belongs to no case: its title and the page, no QR."""
    section = document.sections[0]
    section.footer_distance = Cm(0.5)
    first = section.footer.paragraphs[0]
    add_run(first, f"{title}  ·  Halaman ", size=7.5)
    page_field(first, "PAGE", size=7.5)
    add_run(first, " dari ", size=7.5)
    page_field(first, "NUMPAGES", size=7.5)


BUILDERS = {
    "lembar_disposisi": lembar_disposisi,
    "rekomendasi": rekomendasi,
    "surat_penolakan": surat_penolakan,
    "surat_tugas": surat_tugas,
    "daftar_hadir": daftar_hadir,
    "register_buku_tamu": register_buku_tamu,
}


def build_all(folder: Path) -> list[Path]:
    written = []
    for key, kind in DOCUMENT_KINDS.items():
        target = folder / kind.template
        document = BUILDERS[key]()
        stamp_footer(document, kind.title, kind.leaves_office)
        save(document, target)
        written.append(target)
    monthly = register_buku_tamu_bulanan()
    page_footer(monthly, "Register Buku Tamu {{ bulan }}")
    target = folder / MONTHLY_REGISTER_TEMPLATE
    save(monthly, target)
    written.append(target)
    return written


def main(argv: Sequence[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "templates"
    for path in build_all(folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
