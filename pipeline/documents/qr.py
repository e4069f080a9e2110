"""The stamp each printed document carries, so its signed scan finds its way back.

A document's stamp names the installation, case, kind and version, plus a short verification
code: a keyed hash (HMAC) of those four, under a secret only this installation holds. The paper
shows the code for people (`7K2M-Q9XD`); the QR holds the address of the public verification
page for it (`verification_qr_text`), so anyone holding the paper can check with a phone that
it came from this office. A scan coming back finds its document by that code.

Documents printed before the verification page carried the whole stamp in the QR instead
(`payload`, `TCC1:…`); those are still read (`parse_payload`).

Both use only QR "alphanumeric" characters where they can (upper case, digits, `:/.-`), which
keeps the symbol small at the highest error correction: large modules, so the code survives a
150 dpi scan. Scheme, host and our own path are written in capitals for that (the first two
are case-blind; the web desk answers the capital path too).
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import segno

from pipeline.errors import ConfigError

PAYLOAD_PREFIX = "TCC1"
# The text of the QR on the separator sheet put between letters scanned in one batch.
SEPARATOR_PAYLOAD = f"{PAYLOAD_PREFIX}:PEMISAH"

# 32 symbols without 0/O and 1/I, which people misread when typing a code from paper.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8
INSTALLATION_LENGTH = 6
SECRET_BYTES = 32

# Two letters per kind, to keep the payload short.
KIND_CODES: Mapping[str, str] = MappingProxyType(
    {
        "lembar_disposisi": "LD",
        "rekomendasi": "RK",
        "surat_penolakan": "SP",
        "surat_tugas": "ST",
        "daftar_hadir": "DH",
        "register_buku_tamu": "RB",
    }
)
_KINDS_BY_CODE = {code: kind for kind, code in KIND_CODES.items()}

_SYMBOL = f"[{ALPHABET}]"
_INSTALLATION = re.compile(f"{_SYMBOL}{{4,12}}")
_PAYLOAD = re.compile(
    rf"{PAYLOAD_PREFIX}:(?P<installation>{_SYMBOL}{{4,12}}):(?P<case>[1-9]\d{{0,8}}):"
    rf"(?P<kind>[A-Z]{{2}}):(?P<version>[1-9]\d{{0,3}}):(?P<code>{_SYMBOL}{{{CODE_LENGTH}}})"
)

# The public verification page of a code: `<public_url>/verifikasi/<code>`.
VERIFICATION_PATH = "verifikasi"
_VERIFICATION_LINK = re.compile(
    rf"https?://\S+?/{VERIFICATION_PATH}/(?P<code>{_SYMBOL}{{4}}-?{_SYMBOL}{{4}})/?",
    re.IGNORECASE,
)

# QR rendering: error correction H (30 % of the symbol may be lost) and pixels at about
# 300 dpi of the printed size. A document's QR, the longer address of its verification page,
# takes Q (25 %; raised when the symbol has room): at H a long domain needs version 5, whose
# smaller modules a poor 150 dpi scanner lost 4 times in 40 (bench/qr.py), where Q's version
# 4 read every time. The PNG carries half the quiet zone the standard asks for (4
# modules): the QR sits in the page's blank left margin, which gives the rest.
ERROR_CORRECTION = "h"
DOCUMENT_ERROR_CORRECTION = "q"
QUIET_ZONE = 2
PNG_DPI = 300
# Where the QR is printed: the bottom-left corner of every page, inside the left margin (2.5 cm
# in every template), so it takes no room from the letter. Its modules come out 0.65 mm wide:
# 3.8 pixels in a 150 dpi scan.
QR_SIZE_MM = 21.5
# Every reader decodes all eight mask patterns. Choosing the best one means drawing and scoring
# all eight, 6-11 ms of every document; on a printed page the score's fine points do not matter.
QR_MASK = 4
# The symbol itself starts 4.3 mm from the edge (3 mm + its quiet zone): past the ~4 mm most
# printers cannot reach.
QR_LEFT_MM = 3.0
QR_BOTTOM_MM = 5.0
_MM_PER_INCH = 25.4


@dataclass(frozen=True)
class DocumentStamp:
    installation: str
    case_id: int
    kind: str
    version: int
    code: str  # `7K2M-Q9XD`


class Verdict(enum.Enum):
    VALID = "valid"
    OTHER_INSTALLATION = "other_installation"  # not ours: cannot be checked here
    FORGED = "forged"  # ours, but the code does not match the rest


def _base32(data: bytes, length: int) -> str:
    number = int.from_bytes(data, "big") >> (len(data) * 8 - 5 * length)
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(length)))


def format_code(raw: str) -> str:
    """`7K2MQ9XD` -> `7K2M-Q9XD`."""
    half = CODE_LENGTH // 2
    return f"{raw[:half]}-{raw[half:]}"


def normalise_code(typed: str) -> str:
    """A code as a person may type it (`7k2m q9xd`) in its printed form (`7K2M-Q9XD`)."""
    return format_code(re.sub(r"[^0-9A-Z]", "", typed.upper()))


def _code(secret: bytes, installation: str, case_id: int, kind: str, version: int) -> str:
    message = f"{installation}|{case_id}|{kind}|{version}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return format_code(_base32(digest[:5], CODE_LENGTH))


def stamp(secret: bytes, installation: str, case_id: int, kind: str, version: int) -> DocumentStamp:
    if kind not in KIND_CODES:
        raise ValueError(f"unknown document kind: {kind}")
    if not _INSTALLATION.fullmatch(installation):
        raise ValueError(f"bad installation id: {installation!r}")
    if case_id < 1 or version < 1:
        raise ValueError(f"case and version start at 1: {case_id}, {version}")
    code = _code(secret, installation, case_id, kind, version)
    return DocumentStamp(installation, case_id, kind, version, code)


def payload(stamp: DocumentStamp) -> str:
    """`TCC1:K7M2Q9:12:LD:2:7K2MQ9XD`: the QR's text on documents printed before the
    verification page (still read; tests make such old documents with it)."""
    return ":".join(
        (PAYLOAD_PREFIX, stamp.installation, str(stamp.case_id), KIND_CODES[stamp.kind],
         str(stamp.version), stamp.code.replace("-", ""))
    )


def verification_url(public_url: str, code: str) -> str:
    """The public page that tells whether the document with `code` is authentic."""
    return f"{public_url.rstrip('/')}/{VERIFICATION_PATH}/{code}"


def verification_qr_text(public_url: str, code: str) -> str:
    """The QR text of a document: its verification page, in capitals when that is safe (a
    `public_url` without a path of its own), so the symbol stays in alphanumeric mode."""
    base = public_url.rstrip("/")
    address = base.partition("://")[2]
    if any(mark in address for mark in "/?#"):
        return verification_url(base, code)  # a path of someone else's: kept as written
    return verification_url(base, code).upper()


def document_qr_png(public_url: str, code: str) -> bytes:
    """The QR printed on a document: the address of its verification page."""
    return qr_png(verification_qr_text(public_url, code), error=DOCUMENT_ERROR_CORRECTION)


@dataclass(frozen=True)
class VerificationLink:
    """A QR that names a verification page: the code only (the scan-back path looks its
    document up among this installation's)."""

    code: str  # `7K2M-Q9XD`


def parse_verification_link(text: str) -> VerificationLink | None:
    """The code of a verification page's address (any host: a page printed before the office
    moved its desk still names the code), or None."""
    found = _VERIFICATION_LINK.fullmatch(text.strip())
    if found is None:
        return None
    return VerificationLink(format_code(found["code"].upper().replace("-", "")))


def looks_like_ours(text: str) -> bool:
    """Whether a QR text has the form of our stamps, new or old (not whether it is genuine)."""
    return text.startswith(f"{PAYLOAD_PREFIX}:") or parse_verification_link(text) is not None


def parse_payload(text: str) -> DocumentStamp | None:
    """The stamp in a QR's text; None for anything else (other QR codes, the separator)."""
    found = _PAYLOAD.fullmatch(text.strip())
    if found is None or found["kind"] not in _KINDS_BY_CODE:
        return None
    return DocumentStamp(
        installation=found["installation"],
        case_id=int(found["case"]),
        kind=_KINDS_BY_CODE[found["kind"]],
        version=int(found["version"]),
        code=format_code(found["code"]),
    )


def check(secret: bytes, installation: str, stamp: DocumentStamp) -> Verdict:
    if stamp.installation != installation:
        return Verdict.OTHER_INSTALLATION
    expected = _code(secret, installation, stamp.case_id, stamp.kind, stamp.version)
    return Verdict.VALID if hmac.compare_digest(expected, stamp.code) else Verdict.FORGED


def qr_png(text: str, size_mm: float = QR_SIZE_MM, error: str = ERROR_CORRECTION) -> bytes:
    """A black-on-white PNG of `text` as a QR code, `size_mm` wide including its quiet zone,
    with whole pixels per module (no grey edges) at about 300 dpi; error correction `error`,
    or higher when the symbol's version has room for it."""
    from PIL import Image

    code = segno.make(text, error=error, micro=False, boost_error=True, mask=QR_MASK)
    modules = int(code.symbol_size(scale=1, border=QUIET_ZONE)[0])
    inches = size_mm / _MM_PER_INCH
    scale = max(1, round(inches * PNG_DPI / modules))
    # Drawn and written by Pillow: segno's own PNG writer, in Python, took 6 ms of the 9 a
    # document's QR cost.
    symbol = Image.new("1", (modules, modules))
    symbol.putdata([0 if dark else 1
                    for row in code.matrix_iter(scale=1, border=QUIET_ZONE) for dark in row])
    image = symbol.resize((modules * scale, modules * scale), Image.Resampling.NEAREST)
    dpi = round(scale * modules / inches)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# The installation's secret


def load_or_create_secret(path: Path) -> tuple[bytes, str]:
    """(secret, installation id) from `path`; made on first use and never replaced after.

    Losing or replacing the file makes the codes on documents already printed unverifiable,
    so a damaged file is an error rather than a reason to make a new one."""
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another process made it first: use that
            _create_exclusively(path, _new_secret_file())
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        secret = bytes.fromhex(data["secret"])
        installation = data["installation"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(_damaged(path, str(exc))) from exc
    if len(secret) != SECRET_BYTES or not (
        isinstance(installation, str) and _INSTALLATION.fullmatch(installation)
    ):
        raise ConfigError(_damaged(path, "isi tidak sah"))
    return secret, installation


def _damaged(path: Path, reason: str) -> str:
    return (
        f"berkas rahasia {path} rusak ({reason}); pulihkan dari cadangan: jangan dihapus, "
        "kode verifikasi dokumen yang sudah dicetak bergantung padanya"
    )


def _new_secret_file() -> bytes:
    content = {
        "installation": "".join(secrets.choice(ALPHABET) for _ in range(INSTALLATION_LENGTH)),
        "secret": secrets.token_bytes(SECRET_BYTES).hex(),
        "catatan": "Kunci kode verifikasi dokumen TCC. Jangan dibagikan, jangan dihapus, "
        "simpan cadangannya.",
    }
    return (json.dumps(content, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _create_exclusively(target: Path, data: bytes) -> None:
    """Write `data` to a 0600 temp file, then link it to `target` in one step.

    Like pipeline.archive.files.atomic_writer, but the file is private from the first byte and
    an existing `target` is never replaced (FileExistsError), so two processes starting at once
    cannot end up holding different secrets."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp: mode 0600
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
