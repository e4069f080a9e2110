"""Fill a .docx template with a context and write the document atomically.

Values are escaped (autoescape): without it a `&` or `<` in an institution's name would end the
text early or corrupt the document. Undefined variables are errors, so a typo in a template
stops the render instead of leaving an empty gap in an official letter.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part, PartFactory
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, Template, UndefinedError, nodes
from jinja2 import TemplateError as JinjaError

from pipeline.archive.files import atomic_write_bytes
from pipeline.documents.qr import QR_BOTTOM_MM, QR_LEFT_MM, QR_SIZE_MM
from pipeline.errors import TemplateError

LOGO_HEIGHT = Mm(22)


class _CompileOnceEnvironment(Environment):
    """docxtpl compiles the XML of every part of a template at every render (about 13 ms a
    document, a quarter of the time a letter takes). That XML does not change between renders
    of the same template, so compiled templates are kept by their source text."""

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True)
        self._compiled: dict[str, Template] = {}

    def from_string(
        self,
        source: str | nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[Template] | None = None,
    ) -> Template:
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            if len(self._compiled) >= _COMPILED_LIMIT:
                self._compiled.clear()  # templates edited many times over a long run
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


_COMPILED_LIMIT = 256
_ENVIRONMENT = _CompileOnceEnvironment()


class _PatchOnceTemplate(DocxTemplate):  # type: ignore[misc]
    """Before every render docxtpl rewrites a part's XML with some forty regular expressions
    (joining runs Word split inside `{{ }}`, about 13 ms a document). The result depends on
    that XML alone (the method reads no state), so it is kept by its source text, like the
    compiled templates: a template edited in Word has other XML and is patched anew."""

    def patch_xml(self, src_xml: str) -> str:
        patched = _PATCHED.get(src_xml)
        if patched is None:
            if len(_PATCHED) >= _COMPILED_LIMIT:
                _PATCHED.clear()
            patched = _PATCHED[src_xml] = super().patch_xml(src_xml)
        return patched


_PATCHED: dict[str, str] = {}


def jinja_environment() -> Environment:
    """The environment templates are rendered (and checked) with: escaping on, undefined
    variables an error, compiled parts kept between renders."""
    return _ENVIRONMENT


# Parts a render never reads. python-docx parses them into XML trees on opening and writes the
# trees out again on saving; Word's styles alone are some 350 kB, which made opening and saving
# a template about half of a document's time. Held as bytes, they are copied as they are.
_UNREAD_PART_TYPES = frozenset({
    CONTENT_TYPE.WML_STYLES, CONTENT_TYPE.WML_NUMBERING, CONTENT_TYPE.WML_SETTINGS,
})
_opening_to_render = threading.local()  # set while load_template opens a template


def _unread_parts_as_bytes(content_type: str, _reltype: str) -> type[Part] | None:
    """python-docx's part class selector: plain bytes for the parts a render never reads, only
    while load_template opens a template (elsewhere, such as tests reading a document back,
    python-docx's own classes)."""
    if getattr(_opening_to_render, "active", False) and content_type in _UNREAD_PART_TYPES:
        return Part
    return None


PartFactory.part_class_selector = _unread_parts_as_bytes


def load_template(template: Path) -> DocxTemplate:
    """Open a template, turning a missing or damaged file into a TemplateError."""
    if not template.is_file():
        raise TemplateError(f"templat tidak ditemukan: {template}")
    document = _PatchOnceTemplate(template)
    _opening_to_render.active = True
    try:
        document.init_docx()
    # lxml's XMLSyntaxError is a SyntaxError: a damaged document.xml.
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, SyntaxError) as exc:
        raise TemplateError(
            f"templat {template.name} bukan berkas .docx yang utuh ({exc})"
        ) from exc
    finally:
        _opening_to_render.active = False
    _repair_core_properties_link(document)
    return document


def _repair_core_properties_link(document: DocxTemplate) -> None:
    """Accept the core-properties link as LibreOffice writes it.

    LibreOffice writes the relationship type as `.../officedocument/2006/relationships/metadata/
    core-properties`, not the `.../package/2006/...` python-docx looks for. python-docx then adds
    a second `docProps/core.xml` when saving, and the document becomes a zip with two entries of
    one name, which Word may refuse to open."""
    wanted = RELATIONSHIP_TYPE.CORE_PROPERTIES
    for relationship in document.docx.part.package.rels.values():
        if relationship.reltype != wanted and relationship.reltype.endswith(
            "/metadata/core-properties"
        ):
            relationship._reltype = wanted


# A floating picture in front of the text, wrapping nothing, anchored to the page.
_ANCHOR_ATTRIBUTES = {
    "distT": "0", "distB": "0", "distL": "0", "distR": "0", "simplePos": "0",
    "relativeHeight": "1", "behindDoc": "0", "locked": "1", "layoutInCell": "0",
    "allowOverlap": "1",
}


class PageCornerPicture:
    """A picture fixed at the bottom-left corner of the page, for `{{ qr }}` in the footer.

    Floating (a DrawingML anchor, no text wrap) rather than inline: an inline picture would make
    the footer as tall as the QR, and the letter would lose that height on every page. At the
    corner it lies in the left margin, where a letter never puts anything."""

    def __init__(self, document: DocxTemplate, png: bytes) -> None:
        self.document = document
        self.png = png

    def __html__(self) -> str:
        # docxtpl renders into the text of a run: close it, add the drawing's run, reopen.
        return (f"</w:t></w:r><w:r><w:drawing>{self._anchor()}</w:drawing></w:r>"
                '<w:r><w:t xml:space="preserve">')

    __str__ = __html__

    def _anchor(self) -> str:
        """python-docx's inline picture turned into an anchor: same picture, fixed position."""
        part = self.document.current_rendering_part
        drawing = part.new_pic_inline(io.BytesIO(self.png), Mm(QR_SIZE_MM), None)
        page_height = self.document.docx.sections[0].page_height
        top = page_height - Mm(QR_BOTTOM_MM) - int(drawing.extent.cy)
        drawing.tag = qn("wp:anchor")
        for name, value in _ANCHOR_ATTRIBUTES.items():
            drawing.set(name, value)
        before = parse_xml(
            f"<wp:x {nsdecls('wp')}><wp:simplePos x='0' y='0'/>"
            f"<wp:positionH relativeFrom='page'><wp:posOffset>{int(Mm(QR_LEFT_MM))}"
            "</wp:posOffset></wp:positionH>"
            f"<wp:positionV relativeFrom='page'><wp:posOffset>{top}</wp:posOffset>"
            "</wp:positionV></wp:x>"
        )
        after = parse_xml(f"<wp:x {nsdecls('wp')}><wp:effectExtent l='0' t='0' r='0' b='0'/>"
                          "<wp:wrapNone/></wp:x>")
        for child in list(before):
            drawing.extent.addprevious(child)
        for child in reversed(list(after)):
            drawing.extent.addnext(child)
        xml: str = drawing.xml
        return xml


def _undefined_name(error: UndefinedError) -> str:
    message = error.message or ""
    found = re.search(r"'([^']+)' is undefined", message) or re.search(
        r"has no attribute '([^']+)'", message
    )
    return found.group(1) if found else message


def render_document(
    template: Path,
    context: Mapping[str, Any],
    target: Path,
    logo: Path | None = None,
    qr_png: bytes | None = None,
    sync_dir: bool = True,
) -> None:
    """Render `template` with `context` into `target`; `logo` fills the `{{ logo }}` of the kop,
    `qr_png` (pipeline.documents.qr.qr_png) the `{{ qr }}` of the footer. `sync_dir=False`:
    the caller syncs the folder once for all it writes there."""
    document = load_template(template)
    values = dict(context)
    values["logo"] = InlineImage(document, str(logo), height=LOGO_HEIGHT) if logo else ""
    values["qr"] = PageCornerPicture(document, qr_png) if qr_png else ""
    try:
        document.render(values, jinja_env=jinja_environment(), autoescape=True)
    except UndefinedError as exc:
        raise TemplateError(
            f"templat {template.name} memakai variabel yang tidak dikenal: {_undefined_name(exc)}"
        ) from exc
    except JinjaError as exc:
        raise TemplateError(f"templat {template.name} rusak: {exc.message}") from exc
    except (UnrecognizedImageError, OSError) as exc:
        raise TemplateError(f"logo kop tidak dapat dipakai ({logo}): {exc}") from exc
    buffer = io.BytesIO()
    document.save(buffer)
    atomic_write_bytes(target, buffer.getvalue(), sync_dir)
