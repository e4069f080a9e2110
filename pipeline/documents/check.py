"""Check the .docx templates before anything is rendered with them.

Office staff edit the templates in Word. What goes wrong there: a variable name mistyped, Word
turning `"` into `“` inside a tag, a tag broken over two paragraphs, a tag whose pieces docxtpl
cannot put back together (for example when Track Changes left deleted text inside it), an
`{% if %}` without its `{% endif %}`. Each becomes a one-line Indonesian problem.

Word's spell checker also cuts tags into several runs; docxtpl joins those again when it
renders, so a tag that is merely spread over runs is not reported.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from docx.oxml.parser import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, meta, nodes

from pipeline.documents.context import ROW_FIELDS, template_variables
from pipeline.documents.kinds import DOCUMENT_KINDS
from pipeline.documents.monthly import (
    MONTHLY_REGISTER_KEY,
    MONTHLY_REGISTER_TEMPLATE,
    MONTHLY_ROW_FIELDS,
    MONTHLY_VARIABLES,
)
from pipeline.documents.render import jinja_environment, load_template
from pipeline.errors import TemplateError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PART_TYPES = {
    "document.main+xml": "",
    "header+xml": "kepala halaman: ",
    "footer+xml": "kaki halaman: ",
    "footnotes+xml": "catatan kaki: ",
}
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_DELIMITER = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_CURLY = "“”‘’"
# docxtpl's own tags, rewritten into XML attributes; they never appear as tags after patching.
_DOCXTPL_SPECIAL = re.compile(r"^(colspan|cellbg|vm|hm)\b")


@dataclass(frozen=True)
class TemplateReport:
    kind: str
    path: Path
    variables: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_templates(templates_dir: Path) -> list[TemplateReport]:
    """One report per document kind, in SOP order, then the monthly register's."""
    return [
        *(check_template(kind.key, templates_dir / kind.template)
          for kind in DOCUMENT_KINDS.values()),
        check_template(MONTHLY_REGISTER_KEY, templates_dir / MONTHLY_REGISTER_TEMPLATE),
    ]


def _known_variables(kind: str) -> frozenset[str]:
    return MONTHLY_VARIABLES if kind == MONTHLY_REGISTER_KEY else template_variables(kind)


def check_template(kind: str, path: Path) -> TemplateReport:
    if not path.is_file():
        return TemplateReport(kind, path, (), (f"berkas templat tidak ada: {path}",))
    try:
        template = load_template(path)
    except TemplateError as exc:
        return TemplateReport(kind, path, (), (exc.message,))
    used: set[str] = set()
    problems: list[str] = []
    for where, root in _parts(template):
        part_used, part_problems = _check_part(kind, template, root)
        used |= part_used
        problems.extend(where + problem for problem in part_problems)
    return TemplateReport(kind, path, tuple(sorted(used)), tuple(dict.fromkeys(problems)))


def _parts(template: DocxTemplate) -> Iterator[tuple[str, BaseOxmlElement]]:
    """(label, root element) of every part docxtpl renders: body, headers, footers, footnotes.

    Parsed with python-docx's parser, as docxtpl does, so both see the same XML."""
    for part in template.docx.part.package.iter_parts():
        for suffix, label in _PART_TYPES.items():
            if part.content_type.endswith(suffix):
                yield label, parse_xml(part.blob)


def _check_part(
    kind: str, template: DocxTemplate, root: BaseOxmlElement
) -> tuple[set[str], list[str]]:
    problems = _visible_problems(root)
    patched: str = template.patch_xml(template.xml_to_string(root))
    problems += _unseen_tags(root, patched)
    # docxtpl renders with one paragraph per line; do the same so error lines mean something.
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
    environment = jinja_environment()
    try:
        tree = environment.parse(source)
    except TemplateSyntaxError as exc:
        near = _plain(source.splitlines()[exc.lineno - 1]) if exc.lineno else ""
        return set(), [*problems, f"sintaks Jinja tidak valid: {exc.message} (dekat «{near}»)"]
    used = set(meta.find_undeclared_variables(tree)) - set(environment.globals)
    known = _known_variables(kind)
    for name in sorted(used - known):
        guess = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f" (maksudnya {guess[0]}?)" if guess else ""
        problems.append(f"variabel tidak dikenal: {name}{hint}")
    problems += _row_field_problems(tree, known)
    return used, problems


def _paragraph_texts(root: BaseOxmlElement) -> Iterator[tuple[BaseOxmlElement, str]]:
    """Each paragraph with its text as Word shows it (the w:t elements joined)."""
    texts: dict[BaseOxmlElement, list[str]] = {}
    for t in root.iter(f"{_W}t"):
        paragraph = next(t.iterancestors(f"{_W}p"), None)
        if paragraph is not None:
            texts.setdefault(paragraph, []).append(t.text or "")
    for paragraph, parts in texts.items():
        yield paragraph, "".join(parts)


def _visible_problems(root: BaseOxmlElement) -> list[str]:
    problems = []
    for paragraph, text in _paragraph_texts(root):
        for tag in _TAG.findall(text):
            if any(quote in tag for quote in _CURLY):
                problems.append(
                    f"tanda kutip lengkung di dalam tag {tag}: ketik ulang dengan kutip lurus "
                    "(\" atau ')"
                )
            if re.match(r"\{%-?\s*(tr|tc)\s", tag) and next(
                paragraph.iterancestors(f"{_W}tc"), None
            ) is None:
                problems.append(f"tag {tag} hanya boleh berada di dalam sel tabel")
        leftover = _TAG.sub("", text)
        if _DELIMITER.search(leftover):
            problems.append(f"tag terpotong atau terpecah ke paragraf lain: «{_shorten(text)}»")
    return problems


def _unseen_tags(root: BaseOxmlElement, patched: str) -> list[str]:
    """Tags a person sees in Word that docxtpl cannot read after joining runs."""
    seen = Counter(_normalise(tag) for tag in _TAG.findall(patched))
    problems = []
    for _, text in _paragraph_texts(root):
        for tag in _TAG.findall(text):
            key = _normalise(tag)
            if _DOCXTPL_SPECIAL.match(key):
                continue
            if seen[key] > 0:
                seen[key] -= 1
            else:
                problems.append(
                    f"tag {tag} tidak terbaca karena terpecah oleh isi lain di dalam berkas "
                    "(misalnya lacak perubahan); hapus lalu ketik ulang tag itu"
                )
    return problems


def _normalise(tag: str) -> str:
    """A tag's content as docxtpl leaves it: no `tr`/`p`/`r` prefix, straight quotes,
    single spaces, no whitespace-control dashes."""
    inner = tag[2:-2].strip("-+ \t\n")
    inner = re.sub(r"^(tr|tc|p|r)\s+", "", inner)
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        inner = inner.replace(curly, straight)
    return tag[:2] + " ".join(inner.split())


def _row_field_problems(tree: nodes.Template, known: frozenset[str]) -> list[str]:
    """`{{ p.namaa }}` inside `{% for p in pelaksana %}`: a key the rows do not have."""
    problems = []
    for loop in tree.find_all(nodes.For):
        if not (isinstance(loop.iter, nodes.Name) and isinstance(loop.target, nodes.Name)):
            continue
        fields = {**ROW_FIELDS, **MONTHLY_ROW_FIELDS}.get(loop.iter.name)
        if fields is None or loop.iter.name not in known:
            continue
        for access in loop.find_all(nodes.Getattr):
            target = access.node
            if (
                isinstance(target, nodes.Name)
                and target.name == loop.target.name
                and access.attr not in fields
            ):
                problems.append(
                    f"kolom tidak dikenal: {target.name}.{access.attr} (kolom "
                    f"{loop.iter.name}: {', '.join(sorted(fields))})"
                )
    return problems


def _plain(xml_line: str) -> str:
    return _shorten(re.sub(r"<[^>]+>", "", xml_line))


def _shorten(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
