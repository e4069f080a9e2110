"""The desk's session key: made once beside the configuration like the stamps' secret
(`paths.secret`), private (0600), never in the outbox nor in git (`*.secret`)."""

from __future__ import annotations

import secrets
from contextlib import suppress
from pathlib import Path

from pipeline.config import Config
from pipeline.documents.qr import _create_exclusively
from pipeline.errors import ConfigError

KEY_BYTES = 32


def session_key_path(config: Config) -> Path:
    """`kunjungan.secret` → `kunjungan.web.secret`, in the same folder."""
    secret = config.paths.secret
    return secret.with_name(f"{secret.stem}.web{secret.suffix or '.secret'}")


def load_or_create_session_key(path: Path) -> bytes:
    """The key that signs desk sessions and CSRF tokens. Losing it only logs everyone out, so
    a damaged file is reported (never silently replaced: it may be a mistake worth seeing)."""
    if not path.exists():
        with suppress(FileExistsError):  # another process made it first: use that one
            _create_exclusively(path, (secrets.token_hex(KEY_BYTES) + "\n").encode())
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"kunci sesi web {path} tidak dapat dibaca ({exc}); hapus berkas itu "
                          "agar dibuat baru (semua pengguna harus masuk lagi)") from exc
    if len(key) != KEY_BYTES:
        raise ConfigError(f"kunci sesi web {path} rusak; hapus berkas itu agar dibuat baru "
                          "(semua pengguna harus masuk lagi)")
    return key
