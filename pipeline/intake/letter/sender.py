"""The sending institution, from the letterhead (kop) or the signature block.

A kop names an institution from the top of its hierarchy down:
`PEMERINTAH KABUPATEN BULUNGAN / DINAS KOMUNIKASI DAN INFORMATIKA`. The sender is the lowest
line, completed with what it needs to be unambiguous: a unit gets its parent
(`Fakultas Teknik Universitas Borneo Utara`) and its region
(`Dinas Komunikasi dan Informatika Kabupaten Bulungan`); a school, a company or a name that
already says where it is stands alone (`SMK Negeri 9 Tarakan`, not its Dinas or Yayasan).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .confidence import DOUBTFUL, LIKELY, PLAUSIBLE, SURE
from .text import Line, collapse

# Kept in capitals when a capitalised kop is title-cased.
ACRONYMS = {
    "SD", "SDN", "SDIT", "SMP", "SMPN", "SMPIT", "SMA", "SMAN", "SMAIT", "SMK", "SMKN", "MI",
    "MIN", "MTS", "MTSN", "MA", "MAN", "SLB", "TK", "TKIT", "PAUD", "RA", "PT", "CV", "UD",
    "PD", "RSUD", "RS", "RSIA", "DPRD", "DPR", "DPD", "MPR", "BPS", "BPBD", "BPKAD", "BKPSDM",
    "UPTD", "UPT", "BUMN", "BUMD", "TNI", "POLRI", "KPU", "BAWASLU", "OJK", "BI", "BRI", "BNI",
    "BTN", "BSI", "PLN", "PDAM", "IAIN", "UIN", "STIE", "STMIK", "STIKES", "STT", "STAI",
    "LPPM", "BEM", "HMJ", "HIMA", "IT", "TIK", "KPP", "DJP", "ASN", "RI", "PKK", "LSM", "NGO",
    "KNPI", "HIPMI", "PMI", "PGRI", "BPJS", "BKKBN", "BNN", "BPK", "BPKP", "KUA", "MUI", "NU",
    "HMI", "PMII", "GMKI", "IMM", "KAMMI", "OSIS", "LPM", "RT", "RW", "TKJ", "RPL", "TI", "SI",
    "ICT", "IPB", "ITB", "ITS", "UGM", "UI", "DKISP", "TCC", "BMKG", "BNPB", "KPPN", "BPN",
    "ATR", "PUPR", "KOMINFO", "DISKOMINFO", "UMKM", "PPID", "KORPRI", "BAZNAS", "PWI", "AJI",
    "IDI", "PPNI", "IBI", "KADIN", "REI", "APINDO", "TBK", "PKBM", "LKP", "BLK", "RRI", "TVRI",
}  # fmt: skip
_MIXED_CASE = {"MTS": "MTs", "MTSN": "MTsN", "TBK": "Tbk", "KOMINFO": "Kominfo",
               "DISKOMINFO": "Diskominfo"}  # fmt: skip
_SMALL_WORDS = {
    "dan", "di", "ke", "dari", "untuk", "atas", "pada", "yang", "serta", "of", "and", "for", "the",
    "to", "a", "an", "at", "on", "in", "with", "bagi", "dengan", "dalam", "tentang", "oleh",
    "atau", "kepada", "terhadap", "melalui", "by", "from",
}  # fmt: skip
_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")
_VOWELS = set("AIUEOaiueo")
# Consonant pairs that begin Indonesian (and borrowed) words: `Praktik`, `Kh`, `Ny`, `Str`.
_WORD_OPENINGS = {
    "bl", "br", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "kl", "kr", "pl", "pr", "sk", "sl",
    "sm", "sn", "sp", "st", "sw", "tr", "kh", "ng", "ny", "sy", "ts", "ps", "ph", "th", "ch",
    "sh", "wh", "sr", "dh", "gh", "dz", "kw", "tw", "dw",
}  # fmt: skip


def _title_word(word: str, first: bool) -> str:
    core = word.strip("()\"'.,")
    upper = core.upper()
    if upper in _MIXED_CASE:
        return word.replace(core, _MIXED_CASE[upper])
    if upper in ACRONYMS or _ROMAN.match(upper) or any(c.isdigit() for c in core):
        return word
    if core.isalpha() and _is_acronym(core):
        return word
    if not first and core.lower() in _SMALL_WORDS:
        return word.lower()
    # `AL-AZHAR` -> `Al-Azhar`, `(PERSERO)` -> `(Persero)`
    return re.sub(r"[A-Za-z]+", lambda m: m.group().capitalize(), word.lower())


def _is_acronym(word: str) -> bool:
    """`DPRD`, `BPS`, `PPKIA`: no vowel, or an opening no Indonesian word has (`PP`, `DK`)."""
    lower = word.lower()
    if not (_VOWELS & set(word)):
        return len(word) <= 6
    opening = lower[:2]
    both_consonants = len(opening) == 2 and not (set(opening) & _VOWELS)
    return both_consonants and opening not in _WORD_OPENINGS


def title_case(name: str) -> str:
    """`SMK NEGERI 9 TARAKAN` -> `SMK Negeri 9 Tarakan`; names already in mixed case are kept."""
    letters = [c for c in name if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.7 * len(letters):
        return name
    return " ".join(_title_word(word, i == 0) for i, word in enumerate(name.split()))


# --- reading the kop ----------------------------------------------------------------------

_ADDRESS = re.compile(
    r"\b(?:jl|jln|jalan|alamat|telp|telepon|tlp|fax|faks|hp|e-?mail|website|laman|web|"
    r"kode\s*pos|kampus|gedung|gd|komplek|kompleks|ruko|po\s*box|kotak\s*pos|kel|kec)\b\.?|"
    r"^sekretariat\s*:|^rt\.?\s*\d|@|www\.|https?://|\.(?:com|id|org|net)\b|\b\d{5}\b",
    re.IGNORECASE,
)
_TAGLINE = re.compile(
    r"\b(?:terakreditasi|akreditasi|npsn|nss|nis|nds|izin|ijin|sk\s|status|motto|kabinet|slogan|"
    r"berbadan\s+hukum|ahu-|nomor\s+induk)\b|^[\"'*]",
    re.IGNORECASE,
)
_TOWN_AND_PROVINCE = re.compile(
    r",\s*(?:Kalimantan|Sulawesi|Sumatera|Sumatra|Jawa|Papua|Maluku|Nusa\s+Tenggara|Bali|Aceh|"
    r"Banten|Gorontalo|Riau|Jambi|Bengkulu|Lampung|Yogyakarta|Jakarta|Kaltara|Kaltim|Indonesia)\b"
)
_LETTER_TITLE = re.compile(r"^(?:surat|nota)\b", re.IGNORECASE)
_GOVERNMENT = re.compile(
    r"^pemerintah\s+(?:daerah\s+)?(?P<region>(?:provinsi|kabupaten|kab\.?|kota)\s+.+)$",
    re.IGNORECASE,
)
_REGION = re.compile(r"^(?:provinsi|kabupaten|kab\.|kota|kotamadya)\s+\S", re.IGNORECASE)
_NATION = re.compile(r"^(?:negara\s+)?republik\s+indonesia$", re.IGNORECASE)
_FOUNDATION = re.compile(r"^yayasan\b", re.IGNORECASE)
_SCHOOL_WORDS = (
    r"sd|sdn|sdit|smp|smpn|smpit|sma|sman|smait|smk|smkn|mi|min|mts|mtsn|ma|man|slb|tk|"
    r"tkit|paud|ra|kb|pkbm|sekolah\s+(?:dasar|menengah|luar\s+biasa)|madrasah|pondok|"
    r"pesantren|taman\s+kanak"
)
_SCHOOL = re.compile(rf"^(?:{_SCHOOL_WORDS})\b", re.IGNORECASE)
# Institutions that stand on their own and end the climb up the kop.
_TOP_WORDS = (
    r"universitas|institut|politeknik|sekolah\s+tinggi|akademi|stmik|stie|stt|stai|stkip|"
    r"stikes|iain|uin|pt|cv|kementerian|rumah\s+sakit|rsud|rs"
)
_TOP = re.compile(rf"^(?:{_TOP_WORDS})\b", re.IGNORECASE)
# Administrative areas name where they are by themselves.
_AREA = re.compile(
    r"^(?:kantor\s+|pemerintah\s+)?(?:kecamatan|kelurahan|desa|kampung|distrik)\b", re.IGNORECASE
)
# A part of a campus written above it: `HIMPUNAN MAHASISWA ... / STMIK ...`.
_SUB_UNIT = re.compile(
    r"^(?:fakultas|jurusan|program\s+studi|prodi|himpunan|badan\s+eksekutif|bem|unit\s+kegiatan|"
    r"ukm|hmj|hima|senat|dewan\s+perwakilan\s+mahasiswa|lembaga|pusat|biro|pascasarjana|"
    r"laboratorium)\b",
    re.IGNORECASE,
)
_CAMPUS = re.compile(
    r"^(?:universitas|institut|politeknik|sekolah\s+tinggi|akademi|stmik|stie|stt|stai|stkip|"
    r"stikes|iain|uin|poltek)\b",
    re.IGNORECASE,
)
# A branch names itself after its parent: `PT BANK X / KANTOR CABANG TARAKAN`.
_BRANCH = re.compile(
    r"^(?:kantor\s+)?(?:cabang|wilayah|perwakilan|area|unit|field|regional|region|site)\b",
    re.IGNORECASE,
)
# An association's board at one level: `PIMPINAN CABANG`, `DEWAN PIMPINAN DAERAH`.
_BOARD = re.compile(
    r"^(?:dewan\s+)?(?:pimpinan|pengurus)\s+(?:anak\s+)?(?:cabang|daerah|wilayah|pusat|ranting)\b",
    re.IGNORECASE,
)
_POLICE = re.compile(r"^kepolisian\b", re.IGNORECASE)
_POLICE_UNIT = re.compile(r"^(?:resor|resort|sektor)\b", re.IGNORECASE)
_REGION_IN_NAME = re.compile(r"\b(?:provinsi|kabupaten|kota|kab\.)\s+[A-Z]", re.IGNORECASE)


@dataclass(frozen=True)
class Institution:
    name: str
    confidence: float
    source: str


def _is_address(text: str) -> bool:
    """`Jl. ...`, `Telp. ...`, or a town and its province (`Tarakan, Kalimantan Utara`)."""
    return bool(_ADDRESS.search(text) or _TOWN_AND_PROVINCE.search(text))


def organisation_lines(letterhead: Sequence[Line]) -> list[str]:
    """The kop's name lines, top to bottom: up to its address, without taglines.

    A line cut in two (`DINAS KOMUNIKASI, INFORMATIKA,` / `STATISTIK DAN PERSANDIAN`) is joined.
    """
    names: list[str] = []
    for line in letterhead:
        text = line.text
        if not text:
            continue
        if _is_address(text):
            break
        if _TAGLINE.search(text) or _LETTER_TITLE.match(text) or not text[0].isupper():
            continue
        continues = names and (
            names[-1].endswith((",", "&")) or re.match(r"^(?:dan|&)\b", text, re.IGNORECASE)
        )
        if continues:
            names[-1] = f"{names[-1]} {text}"
        else:
            names.append(text)
    return names


def _acronym(name: str) -> str:
    return "".join(word[0] for word in name.split() if word.lower() not in _SMALL_WORDS).upper()


def _mentions(name: str, parent: str) -> bool:
    """`SEKRETARIAT DPRD` mentions `DEWAN PERWAKILAN RAKYAT DAERAH`; `KANTOR KEMENTERIAN
    AGAMA KOTA TARAKAN` mentions `KEMENTERIAN AGAMA`."""
    core = re.sub(r"\s+(?:republik\s+indonesia|ri)$", "", parent, flags=re.IGNORECASE)
    words = name.upper().split()
    return core.upper() in name.upper() or (len(core.split()) > 1 and _acronym(core) in words)


def _says_where(name: str, places: set[str]) -> bool:
    """The name already includes its region or town (`... Kota Tarakan`, `SMK Negeri 9 Tarakan`)."""
    words = {word.strip(",.()").lower() for word in name.split()}
    return bool(_REGION_IN_NAME.search(name)) or bool(words & places)


def _region_of(line: str) -> str | None:
    government = _GOVERNMENT.match(line)
    if government is not None:
        return government.group("region")
    return line if _REGION.match(line) else None


def compose_institution(lines: Sequence[str], places: set[str]) -> tuple[str, bool] | None:
    """The sender from the kop's name lines; True when parents or regions were added."""
    if not lines:
        return None
    kinds = ["region" if _region_of(line) or _NATION.match(line) else "unit" for line in lines]
    units = [i for i, kind in enumerate(kinds) if kind == "unit"]
    # A foundation only owns the school or campus below it.
    units = [i for i in units if not _FOUNDATION.match(lines[i])] or units
    lowest = units[-1] if units else len(lines) - 1
    name = lines[lowest]
    if _SCHOOL.match(name) or _AREA.match(name):
        return name, False
    above = lines[lowest - 1] if lowest > 0 and kinds[lowest - 1] == "unit" else None
    joined = _read_with_line_above(name, above, lines[0]) if above else None
    if joined is not None:
        return joined, True
    if above is not None and _BOARD.fullmatch(above):
        name = f"{above} {name}"  # `DEWAN PIMPINAN DAERAH / KOMITE NASIONAL PEMUDA INDONESIA`
    parts = [name]
    parts += [_region_of(line) or "" for line in lines[lowest + 1 :] if not _NATION.match(line)]
    if not (_TOP.match(name) or _says_where(" ".join(parts), places)):
        parts += _parents(lines[:lowest], " ".join(parts), places)
    composed = collapse(" ".join(parts))
    return composed, composed != name


def _read_with_line_above(name: str, above: str, top: str) -> str | None:
    """Kop lines that only make a name together with the line above them."""
    if _CAMPUS.match(name) and _SUB_UNIT.match(above):
        return f"{above} {name}"  # `HIMPUNAN MAHASISWA ... / STMIK ...`
    if _BRANCH.match(name):
        return f"{above} {name}"  # `PT BANK X / KANTOR CABANG TARAKAN`
    board = _BOARD.match(name)
    if board is not None:
        # `IKATAN PELAJAR NU / PIMPINAN CABANG KOTA TARAKAN` -> `Pimpinan Cabang Ikatan ...`
        return f"{board.group()} {above}{name[board.end() :]}"
    if _POLICE_UNIT.match(name) and _POLICE.match(top):
        return f"Kepolisian {name}"  # `KEPOLISIAN ... / DAERAH ... / RESOR TARAKAN`
    return None


def _parents(above: Sequence[str], name: str, places: set[str]) -> list[str]:
    """Climb the kop from just above the unit until the name is unambiguous."""
    parents: list[str] = []
    for line in reversed(above):
        if _NATION.match(line) or _FOUNDATION.match(line):
            continue
        region = _region_of(line)
        if region is not None:
            parents.append(region)
            break
        if _mentions(name, line):
            continue
        parents.append(re.sub(r"\s+republik\s+indonesia$", "", line, flags=re.IGNORECASE))
        name = f"{name} {line}"
        if _TOP.match(line) or _says_where(line, places):
            break
    return parents


_PLACE_IN_ADDRESS = re.compile(r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s*(?:\d{5}|,|$)")
_STREET_WORDS = {"jl", "jalan", "no", "gedung", "kampus", "raya", "lt", "blok", "gg", "rt", "rw"}


def places_in(letterhead: Sequence[Line]) -> set[str]:
    """Town names from the kop's address (`..., Tarakan 77111`), lower case."""
    places: set[str] = set()
    for line in letterhead:
        if _is_address(line.text):
            for match in _PLACE_IN_ADDRESS.finditer(line.text):
                places.update(
                    word.lower()
                    for word in match.group(1).split()
                    if word.lower() not in _STREET_WORDS
                )
    return places


def institution_from_letterhead(letterhead: Sequence[Line]) -> Institution | None:
    lines = organisation_lines(letterhead)
    composed = compose_institution([title_case(line) for line in lines], places_in(letterhead))
    if composed is None:
        return None
    name, completed = composed
    # One clear line is certain; a name assembled from several lines is an inference.
    confidence = LIKELY if completed or len(lines) > 2 else SURE
    return Institution(name, confidence, " / ".join(lines))


# --- from the signature block -------------------------------------------------------------

_ROLE_PREFIX = re.compile(
    r"^(?:(?:a\.?\s?n\.?|u\.?\s?b\.?|plt\.?|plh\.?|pj\.?)\s+)?"
    r"(?:(?:kepala|ketua(?:\s+umum)?|direktur(?:\s+utama)?|pimpinan|dekan|rektor|manajer|"
    r"manager|sekretaris|koordinator|pengasuh|general\s+manager|branch\s+manager)\s+)",
    re.IGNORECASE,
)


# How an institution's name begins, when it is named in a title or a sentence.
_INSTITUTION_HEAD = re.compile(
    rf"(?:{_SCHOOL_WORDS}|{_TOP_WORDS}|dinas|badan|kantor|sekretariat|bagian|"
    r"uptd|upt|puskesmas|karang\s+taruna|lembaga|komunitas|himpunan|ikatan|organisasi|"
    r"perkumpulan|forum|asosiasi|koperasi|kelompok|kelurahan|kecamatan|desa|rt|rw|"
    r"(?-i:[A-Z]{2,6})(?=\s+[A-Z0-9]))\b",
    re.IGNORECASE,
)
_NAME_GOES_ON = re.compile(r"\s+(?:dan\s+)?(?:[A-Z0-9][\w.'-]*)")
# The office the letters are sent to: named in many letters, never the sender.
_ADDRESSEE_OFFICE = re.compile(
    r"persandian|command\s+center|dkisp|kominfo\s+statistik|tcc\b", re.IGNORECASE
)
_MAX_NAME_WORDS = 7


def _named_institution(text: str, start: int) -> str | None:
    """The institution named from `start`: its head word and the capitalised words after it."""
    head = _INSTITUTION_HEAD.match(text, start)
    if head is None:
        return None
    end = head.end()
    for _ in range(_MAX_NAME_WORDS):
        word = _NAME_GOES_ON.match(text, end)
        if word is None:
            break
        end = word.end()
    name = text[start:end].rstrip(".,")
    if end == head.end() or _ADDRESSEE_OFFICE.search(name):
        return None  # a bare `Sekolah`, or the Command Center itself
    return title_case(name)


def institution_from_signature(lines: Sequence[Line]) -> Institution | None:
    """`Kepala SMP Negeri 2 Tarakan,` -> `SMP Negeri 2 Tarakan`; or the organisation line
    under `Hormat kami,` (`PT Mitra Data Nusantara`)."""
    for line in lines:
        text = line.text.rstrip(",")
        role = _ROLE_PREFIX.match(text)
        name = _named_institution(text, role.end() if role else 0)
        if name is not None and (role or _TOP.match(text) or _SCHOOL.match(text)):
            return Institution(name, PLAUSIBLE, line.text)
    return None


_SENDER_MENTION = re.compile(
    r"\bkami(?:\s*,)?\s+(?:dari\s+|selaku\s+|para\s+|pengurus\s+|siswa(?:/i)?\s+|"
    r"mahasiswa\s+|pegawai\s+|karyawan\s+|anggota\s+)*",
    re.IGNORECASE,
)


def institution_in_text(text: str) -> Institution | None:
    """A guess from running text: `kami dari SMA Negeri 1 Tarakan ...`."""
    for mention in _SENDER_MENTION.finditer(text):
        name = _named_institution(text, mention.end())
        if name is not None:
            return Institution(name, DOUBTFUL, text[mention.start() : mention.end() + len(name)])
    return None


def shortens(short: str, full: str) -> bool:
    """`LKP Citra Mandiri` shortens `Lembaga Kursus dan Pelatihan Komputer Citra Mandiri
    Borneo`: an acronym of the full name's first words, then some of its other words. An
    acronym of the same name (`FKUB Kota Tarakan`) only spells it short: it shortens nothing."""
    first, *rest = short.split() or [""]
    words = full.split()
    if not (2 <= len(first) <= 6 and first.isupper()) or first in words:
        return False
    lowered = {word.lower() for word in words}
    for length in range(2, len(words) + 1):
        if _initials(words[:length]) == first:
            left_out = len(words) - length > len(rest)
            return left_out and all(word.lower() in lowered for word in rest)
    return False


# --- the signer's office --------------------------------------------------------------------

# Words that say what kind of body a title speaks of, not which one: `Kepala Sekolah`.
_KIND_OF_BODY = {
    "sekolah", "madrasah", "dinas", "badan", "kantor", "lembaga", "yayasan", "himpunan",
    "cabang", "mahasiswa", "fakultas", "jurusan", "perusahaan", "organisasi", "komunitas",
}  # fmt: skip


def _initials(words: Sequence[str]) -> str:
    return "".join(word[0] for word in words if word.lower() not in _SMALL_WORDS).upper()


def office_title(title: str, institution: str | None) -> tuple[str, bool]:
    """The signer's office as a reply addresses it, and whether the institution was added:
    `Kepala SMK Negeri 9 Tarakan` as written; `Kepala Sekolah` -> `Kepala SMK Negeri 9
    Tarakan`; `Dekan` -> `Dekan Fakultas Teknik ...`; `General Manager` -> `General Manager
    PT ...`; `Kepala Pelaksana BPBD` -> `Kepala Pelaksana BPBD Kabupaten Nunukan`."""
    title = collapse(title_case(title)).rstrip(" ,.")
    if institution is None or institution.lower() in title.lower():
        return title, False
    words = title.split()
    role_end = 0
    while role_end < len(words) and words[role_end].lower().strip(".,") in _ROLE_WORDS:
        role_end += 1
    role, rest = " ".join(words[:role_end]), words[role_end:]
    if not rest or words[-1].lower() in _ROLE_WORDS:
        return f"{title} {institution}", True
    named = " ".join(rest)
    if institution.lower().startswith(named.lower()):
        return f"{role} {institution}".strip(), True
    if len(rest) == 1 and rest[0].lower() in _KIND_OF_BODY:
        if rest[0].lower() in institution.lower().split():
            return f"{title} {institution}", True
        return f"{role} {institution}".strip(), True
    # `BPBD` for `Badan Penanggulangan Bencana Daerah Kabupaten Nunukan`: the place is added.
    body = institution.split()
    for length in range(len(body), 1, -1):
        if _initials(body[:length]) == named.replace(" ", "").upper():
            place = " ".join(body[length:])
            return (f"{title} {place}".strip(), bool(place))
    return title, False


_ROLE_WORDS = {
    "kepala", "ketua", "wakil", "sekretaris", "bendahara", "direktur", "dekan", "rektor",
    "manajer", "manager", "pimpinan", "pemimpin", "presiden", "president", "koordinator",
    "general", "director", "head", "chairman", "chief", "executive", "officer", "umum",
    "pelaksana", "plt", "plh", "pj", "lurah", "camat", "mudir", "pengasuh", "pembina",
    "pengarah", "setiausaha", "branch", "utama", "harian", "pengurus",
}  # fmt: skip
