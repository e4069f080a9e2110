"""What OCR needs of this machine, and what a reading leaves behind.

`ocr_available` probes Tesseract (with its Indonesian and English data), Ghostscript and
OCRmyPDF once and says what is missing and the command that installs it; `doctor` prints it and
a scan that cannot be read names it in its note. A reading (`ocr.recognise`) leaves its hOCR
and plan in a folder, finished by RECOGNITION_FILE; the OCRmyPDF plugin (`recognised`) answers
the archive copy from it. Both sides import these names from here, so neither imports the other.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

LANGUAGES = ("ind", "eng")
# What each program or language comes in, on Debian.
DEBIAN_PROGRAMS = {"tesseract": "tesseract-ocr", "gs": "ghostscript"}
DEBIAN_LANGUAGES = {"ind": "tesseract-ocr-ind", "eng": "tesseract-ocr-eng"}
PYTHON_PACKAGE = "ocrmypdf"
_PROBE_SECONDS = 10.0
RECOGNITION_FILE = "recognition.json"  # written last: the folder is complete


@dataclass(frozen=True)
class OcrStatus:
    available: bool
    tesseract_version: str | None
    ocrmypdf_version: str | None
    ghostscript_version: str | None
    languages: tuple[str, ...]
    missing: tuple[str, ...]  # Debian packages (or the Python package) to install
    install_hint: str  # the command that installs what is missing


def ocr_available() -> OcrStatus:
    """What OCR needs and what of it is missing; probed once per PATH and tessdata folder."""
    return _probe(os.environ.get("PATH", ""), os.environ.get("TESSDATA_PREFIX", ""))


def ocr_probed_again() -> OcrStatus:
    """`ocr_available` probed anew: a program was found missing since the last probe."""
    _probe.cache_clear()
    return ocr_available()


@functools.lru_cache(maxsize=4)
def _probe(path_env: str, tessdata: str) -> OcrStatus:
    del tessdata  # part of the cache key only: it changes which languages Tesseract has
    tesseract = shutil.which("tesseract", path=path_env)
    ghostscript = shutil.which("gs", path=path_env)
    languages = _tesseract_languages(tesseract) if tesseract else ()
    # In install order; without Tesseract its languages cannot be listed: missing as well.
    missing = [
        *([] if tesseract else [DEBIAN_PROGRAMS["tesseract"]]),
        *(DEBIAN_LANGUAGES[lang] for lang in LANGUAGES if lang not in languages),
        *([] if ghostscript else [DEBIAN_PROGRAMS["gs"]]),
    ]
    ocrmypdf_version = _package_version(PYTHON_PACKAGE)
    hint = _install_hint(missing, python_missing=ocrmypdf_version is None)
    if ocrmypdf_version is None:
        missing.append(f"{PYTHON_PACKAGE} (pip)")
    return OcrStatus(
        available=not missing,
        tesseract_version=_first_word_after(_run(tesseract, "--version"), "tesseract"),
        ocrmypdf_version=ocrmypdf_version,
        ghostscript_version=_run(ghostscript, "--version").strip() or None,
        languages=languages,
        missing=tuple(missing),
        install_hint=hint,
    )


def _install_hint(debian_missing: Sequence[str], python_missing: bool) -> str:
    packages = debian_missing or [
        DEBIAN_PROGRAMS["tesseract"], *DEBIAN_LANGUAGES.values(), DEBIAN_PROGRAMS["gs"]
    ]
    hint = f"sudo apt-get install {' '.join(packages)}"
    return f'{hint} && pip install "{PYTHON_PACKAGE}>=17"' if python_missing else hint


def _run(program: str | None, *args: str) -> str:
    if program is None:
        return ""
    try:
        done = subprocess.run(
            [program, *args], capture_output=True, text=True, timeout=_PROBE_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("cannot run %s: %s", program, exc)
        return ""
    return done.stdout + done.stderr


def _first_word_after(output: str, word: str) -> str | None:
    found = re.search(rf"^{word}\s+v?(\S+)", output, re.MULTILINE | re.IGNORECASE)
    return found.group(1) if found else None


def _tesseract_languages(tesseract: str) -> tuple[str, ...]:
    lines = _run(tesseract, "--list-langs").splitlines()
    return tuple(line.strip() for line in lines[1:] if re.fullmatch(r"\s*[\w-]+\s*", line))


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None
