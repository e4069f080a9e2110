"""Fill a .docx template with a context and write the document atomically.

Values are escaped (autoescape): without it a `&` or `<` in an institution's name would end the
text early or corrupt the document. Undefined variables are errors, so a typo in a template
stops the render instead of leaving an empty gap in an official letter.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, UndefinedError
from jinja2 import TemplateError as JinjaError

from pipeline.archive.files import atomic_write_bytes
from pipeline.errors import TemplateError

LOGO_HEIGHT = Mm(22)


def jinja_environment() -> Environment:
    """The environment templates are rendered (and checked) with."""
    return Environment(undefined=StrictUndefined, autoescape=True)


def load_template(template: Path) -> DocxTemplate:
    """Open a template, turning a missing or damaged file into a TemplateError."""
    if not template.is_file():
        raise TemplateError(f"templat tidak ditemukan: {template}")
    document = DocxTemplate(template)
    try:
        document.init_docx()
    # lxml's XMLSyntaxError is a SyntaxError: a damaged document.xml.
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, SyntaxError) as exc:
        raise TemplateError(
            f"templat {template.name} bukan berkas .docx yang utuh ({exc})"
        ) from exc
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


def _undefined_name(error: UndefinedError) -> str:
    message = error.message or ""
    found = re.search(r"'([^']+)' is undefined", message) or re.search(
        r"has no attribute '([^']+)'", message
    )
    return found.group(1) if found else message


def render_document(
    template: Path, context: Mapping[str, Any], target: Path, logo: Path | None = None
) -> None:
    """Render `template` with `context` into `target`; `logo` fills the `{{ logo }}` of the kop."""
    document = load_template(template)
    values = dict(context)
    values["logo"] = InlineImage(document, str(logo), height=LOGO_HEIGHT) if logo else ""
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
    atomic_write_bytes(target, buffer.getvalue())
