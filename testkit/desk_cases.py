"""Many cases in a store at once, for the desk's benchmark: written through the store's own
write methods in a few large transactions (a registration each through intake would take
hours), marked published and cleared so that a service started on them has nothing to catch up.

States are mixed as in an office after a year or two: most cases closed, some on every step.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from pipeline.archive.outbox import case_folder_name
from pipeline.case import Assignment, Decision, Disposition, LetterFields
from pipeline.config import Config
from pipeline.store.db import Store, Transaction

# The path each state is reached by, from registration; the share of cases left in it.
PATHS: dict[str, tuple[tuple[str, ...], float]] = {
    "perlu_diperiksa": (("register_for_review",), 0.02),
    "terdaftar": (("register",), 0.03),
    "didisposisi": (("register", "dispose"), 0.02),
    "ditindaklanjuti": (("register", "dispose", "receive"), 0.01),
    "disetujui": (("register", "dispose", "receive", "approve"), 0.02),
    "ditugaskan": (("register", "dispose", "receive", "approve", "assign"), 0.03),
    "berlangsung": (("register", "dispose", "receive", "approve", "assign", "checkin"), 0.01),
    "ditolak": (("register", "dispose", "receive", "reject"), 0.06),
    "dibatalkan": (("register", "cancel"), 0.02),
    "selesai": (("register", "dispose", "receive", "approve", "assign", "checkin", "checkout",
                 "finish"), 0.78),
}
SENDERS = ("SMK Negeri {n} Tarakan", "SMA Negeri {n} Tarakan", "Universitas Borneo Tarakan",
           "Dinas Pendidikan Kabupaten Bulungan", "PT Pelabuhan Tarakan {n}",
           "SD Negeri {n} Tarakan", "Politeknik Negeri Tarakan", "Kecamatan Tarakan Barat")
_STATE_AFTER = {"register": "terdaftar", "register_for_review": "perlu_diperiksa",
                "dispose": "didisposisi", "receive": "ditindaklanjuti", "approve": "disetujui",
                "reject": "ditolak", "assign": "ditugaskan", "checkin": "berlangsung",
                "checkout": "berlangsung", "finish": "selesai", "cancel": "dibatalkan"}
BATCH = 500


def fill_store(store: Store, config: Config, count: int, seed: int = 10) -> None:
    """Add `count` cases received over the past year up to now, in several transactions."""
    rng = random.Random(seed)
    now = datetime.now(config.timezone).replace(microsecond=0)
    states = list(PATHS)
    weights = [PATHS[s][1] for s in states]
    done = 0
    while done < count:
        with store.transaction() as conn:
            for _ in range(min(BATCH, count - done)):
                state = rng.choices(states, weights)[0]
                # open cases are recent; closed ones spread over the year
                days = rng.uniform(0, 3) if state not in ("selesai", "ditolak", "dibatalkan") \
                    else rng.uniform(3, 365)
                _add_case(store, conn, config, rng, PATHS[state][0], now - timedelta(days=days))
                done += 1


def _add_case(store: Store, conn: Transaction, config: Config, rng: random.Random,
              path: tuple[str, ...], received: datetime) -> None:
    year = received.year
    seq = store.next_number(conn, "agenda", year)
    agenda = config.numbering.agenda.format(seq=seq, year=year, month=received.month,
                                            month_roman="I")
    sender = rng.choice(SENDERS).format(n=rng.randint(1, 20))
    visit = (received + timedelta(days=rng.randint(3, 20))).date()
    fields = LetterFields(
        nomor_surat=f"421.5/{rng.randint(1, 999):03d}/SMK/{year}",
        tanggal_surat=received.date() - timedelta(days=2), perihal="Permohonan Kunjungan",
        instansi_pengirim=sender, penandatangan="Drs. Budi Santoso",
        tanggal_kunjungan=visit, waktu_kunjungan=time(9, 0), jumlah_peserta=rng.randint(5, 40),
        kontak_nama="Rina", kontak_telepon="+6281234567890")
    readings = {name: {"confidence": 0.95, "source": f"{name}: {value}"}
                for name, value in fields.to_json().items() if value}
    digest = hashlib.sha256(f"{year}/{agenda}/{rng.random()}".encode()).hexdigest()
    case_id = store.insert_case(
        conn, year=year, nomor_agenda=agenda, state=_STATE_AFTER[path[0]], fields=fields,
        readings=readings, received_at=received,
        folder=case_folder_name(year, agenda, sender), original_name="surat.pdf",
        source_path=Path(f"/nonexistent/{digest}.pdf"), sha256=digest, archive_sha256=None,
        review_notes=(), possible_duplicate_of=None, read_method="text")
    at = received
    for step, action in enumerate(path):
        at += timedelta(minutes=rng.randint(1, 30) if step else 0)
        state_from = _STATE_AFTER[path[step - 1]] if step else None
        changes = _changes(config, action, at, visit, rng)
        store.update_case(conn, case_id, at, state=_STATE_AFTER[action], **changes)
        store.insert_event(conn, case_id=case_id, action=action, state_from=state_from,
                           state_to=_STATE_AFTER[action], actor="bench", at=at,
                           details={"role": "bench"})
        if action in ("checkin", "checkout"):
            _guest(store, conn, case_id, action, at)
    store.mark_inbox_cleared(conn, case_id)
    store.mark_published(conn, case_id, store.case_version(case_id))


def _changes(config: Config, action: str, at: datetime, visit: date,
             rng: random.Random) -> dict[str, object]:
    if action == "dispose":
        return {"disposition": Disposition("kepala_uptd", "Tindak lanjuti", "biasa", at, "bench")}
    if action in ("approve", "reject"):
        granted = action == "approve"
        return {"decision": Decision(granted, at, "bench", "000.1.5/001/UPTD-TCC/I/2026",
                                     visit if granted else None, time(9, 0) if granted else None,
                                     None if granted else "Jadwal penuh")}
    if action == "assign" and config.pelaksana:
        escort = rng.choice(config.pelaksana)
        return {"assignment": Assignment("800.1.11.1/001/UPTD-TCC/I/2026", at, "bench",
                                         (escort,))}
    return {}


def _guest(store: Store, conn: Transaction, case_id: int, action: str, at: datetime) -> None:
    if action == "checkin":
        store.insert_guest(conn, case_id, "Tamu Kunjungan", "Instansi Tamu", "+628111", at)
    else:
        store.check_out_guest(conn, case_id, "Tamu Kunjungan", at)
