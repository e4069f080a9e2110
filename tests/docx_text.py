"""Read a .docx back as people see it: every paragraph and table cell, in order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.table import Table


def _table_text(table: Table) -> Iterator[str]:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                yield paragraph.text
            for inner in cell.tables:
                yield from _table_text(inner)


def docx_text(path: Path) -> str:
    document = Document(str(path))
    parts: list[str] = []
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            parts += list(_table_text(Table(child, document)))
    return "\n".join(parts)
