"""People in a letter: names with their academic titles, phones, the contact, the signer and
the attached list of participants.

Names keep academic and religious titles (`Dr.`, `Hj.`, `S.Kom.`, `M.Pd.`) and lose
honorifics (`Bapak`, `Ibu`, `Sdr.`, `Ustadzah` ...) and positions (`Kasubbag Persidangan,`).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .confidence import CERTAIN, DOUBTFUL, LIKELY, PLAUSIBLE, PROBABLE, SURE, UNCERTAIN
from .dates import read_date_line
from .text import Line, collapse, is_sentence

# --- phones -------------------------------------------------------------------------------

_PHONE = re.compile(
    r"(?:\(\s*\+?\s*\d{2,3}\s*\)|\+\s*\d{2,3}|(?<![\d+])6[02](?=[\s.-]*[18])|\(\s*0\d{2,4}\s*\)"
    r"|(?<![\d+])0(?=\d))[\d\s().-]{6,26}"
)
_MAX_NATIONAL_DIGITS = 12
_NEXT_ENTRY = re.compile(r"\s+\d{1,2}[.)]\s.*$")
_WHOLE_MOBILE = 11
_MIN_NATIONAL_DIGITS = 7
_MIN_FOREIGN_DIGITS, _MAX_FOREIGN_DIGITS = 9, 15  # with the country code (E.164 allows 15)


INDONESIA, MALAYSIA = "+62", "+60"
_MALAYSIAN_ADDRESS = re.compile(r"\b(?:malaysia|sabah|sarawak)\b|\+\s*60\b", re.IGNORECASE)


def home_country(letterhead: str) -> str:
    """The country code of the sender's own numbers written from 0: Malaysia's when its
    letterhead is there (`Tawau, Sabah`, `+60 88-...`), else Indonesia's."""
    return MALAYSIA if _MALAYSIAN_ADDRESS.search(letterhead) else INDONESIA


def normalise_phone(text: str, country: str = INDONESIA) -> str | None:
    """`0812-5432-1098` -> `+6281254321098`, `(0556) 21 789` -> `+6255621789`; a number
    written with another country code keeps it (`+60 89-349 6418` -> `+60893496418`); one
    written from 0 takes the sender's `country`."""
    digits = re.sub(r"\D", "", text)
    foreign = text.lstrip(" (").startswith("+") and not digits.startswith("62")
    if foreign:
        return "+" + digits if _MIN_FOREIGN_DIGITS <= len(digits) <= _MAX_FOREIGN_DIGITS else None
    if _MALAYSIAN_MOBILE.fullmatch(digits):
        return "+" + digits  # `60 12-345 6789`: Malaysia's code, its plus lost (OCR drops it)
    if digits.startswith("62"):
        national = digits[2:].removeprefix("0")
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return None
    if not _MIN_NATIONAL_DIGITS <= len(national) <= _MAX_NATIONAL_DIGITS:
        return None
    country = INDONESIA if digits.startswith("62") else country
    return country + national if _dialable(national, country) else None


_MIN_INDONESIAN_MOBILE_DIGITS = 9  # 812-345-678 at the shortest
_MALAYSIAN_MOBILE = re.compile(r"601\d{8,9}")  # +60 1x-xxx xxxx: a mobile has 9 or 10 digits


def _dialable(national: str, country: str) -> bool:
    """Whether a number can be dialled: no national number starts with 0, and Indonesia's
    start with an area code (2-7, 9) or a mobile 8 and nine digits at least; a time span
    (`08.00-12.00`), a date (`01-02-2027`) or an account number is not a phone."""
    if national.startswith("0"):
        return False
    if country != INDONESIA:
        return True
    if national.startswith("8"):
        return len(national) >= _MIN_INDONESIAN_MOBILE_DIGITS
    return not national.startswith("1")


@dataclass(frozen=True)
class Phone:
    number: str  # +62...
    start: int
    end: int
    repaired: bool = False  # letters OCR read for digits were put back (`O8l2` -> `0812`)


def _trim_phone(candidate: str) -> str:
    """Cut what the greedy pattern took beyond the number: a sentence end, a closing bracket
    that no bracket of the number opened (`(0812-1111-2222) 2. Ani`), further numbers."""
    # `0812-1111-2222 2. Maria`: the next entry's number of a list is not the phone's (a
    # number of eleven digits is whole; `0812 3456 78 90.` keeps its last group)
    entry = _NEXT_ENTRY.search(candidate)
    if entry is not None and len(re.sub(r"\D", "", candidate[: entry.start()])) >= _WHOLE_MOBILE:
        candidate = candidate[: entry.start()]
    candidate = re.split(r"[.,]\s", candidate)[0]
    depth = 0
    for position, char in enumerate(candidate):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            candidate = candidate[:position]
            break
    candidate = candidate.rstrip(" .-()")
    while len(re.sub(r"\D", "", candidate)) > _MAX_NATIONAL_DIGITS + 2 and " " in candidate:
        candidate = candidate.rsplit(" ", 1)[0].rstrip(" .-()")
    return candidate


# A run of digits in which OCR read a few as letters that look like them: O/o for 0, I/l for
# 1, S for 5, B for 8, Z for 2; spaces, dots and dashes may stand between the groups.
_LOOKALIKE_RUN = re.compile(
    r"(?<![A-Za-z])[\dOoIlSBZ][\dOoIlSBZ .()-]{6,24}[\dOoIlSBZ](?![A-Za-z])"
)
_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "S": "5", "B": "8", "Z": "2"})
_MIN_TRUE_DIGITS = 7  # a phone is mostly digits: a few lookalikes among many digits
_MAX_LOOKALIKES = 2


def _with_lookalikes_as_digits(text: str) -> str:
    """`O8l2-34S6-7B90` -> `0812-3456-7890`, each letter replaced by one digit so that places
    in the text stay; a run with few true digits or many letters is left (it is a word)."""

    def repaired(match: re.Match[str]) -> str:
        run = match.group()
        letters = sum(char.isalpha() for char in run)
        digits = sum(char.isdigit() for char in run)
        if not 0 < letters <= _MAX_LOOKALIKES or digits < _MIN_TRUE_DIGITS:
            return run
        return run.translate(_LOOKALIKES)

    return _LOOKALIKE_RUN.sub(repaired, text)


def find_phones(text: str, country: str = INDONESIA) -> list[Phone]:
    phones: list[Phone] = []
    repaired_text = _with_lookalikes_as_digits(text)
    for match in _PHONE.finditer(repaired_text):
        candidate = _trim_phone(match.group())
        number = normalise_phone(candidate, country)
        if number is not None:
            end = match.start() + len(candidate)
            repaired = repaired_text[match.start() : end] != text[match.start() : end]
            phones.append(Phone(number, match.start(), end, repaired))
    return phones


# --- names --------------------------------------------------------------------------------

_HONORIFICS = {
    "bapak", "bpk", "bp", "pak", "ibu", "bu", "sdr", "sdri", "sdra", "saudara", "saudari",
    "ustadz", "ustaz", "ustadzah", "ustazah", "ust", "usth", "ustd", "tuan", "tn", "nyonya",
    "ny", "nona", "nn", "mr", "mrs", "ms", "mas", "mbak", "mba", "kak", "kakak", "akhi",
    "ukhti", "yth", "bapak/ibu", "miss", "encik", "cik", "puan", "pn",
    # police and military ranks stand before a name as an honorific does
    "bripda", "briptu", "brigpol", "brigadir", "bripka", "aipda", "aiptu", "ipda", "iptu", "akp",
    "kompol", "akbp", "kombes", "prada", "pratu", "praka", "kopda", "koptu", "serda", "sertu",
    "serka", "serma", "pelda", "peltu", "letda", "lettu", "kapten", "mayor", "letkol", "kolonel",
}  # fmt: skip
_LEADING_TITLES = {
    "prof", "dr", "drs", "dra", "ir", "h", "hj", "drg", "kh", "k.h", "ns", "apt", "ust",
}  # fmt: skip
_PLAIN_TITLES = {
    "se", "st", "sh", "mh", "mm", "mt", "ma", "msi", "mpd", "spd", "skom", "mkom", "skm", "sip",
    "sap", "map", "mba", "msc", "bsc", "ba", "phd", "ak", "ca", "cpa", "amd", "ns", "apt",
    "sked", "skep", "sst", "ssos", "ssi", "shi", "sag", "mag", "spdi", "lc", "meng", "mkes",
    "skes", "sfarm", "stp", "sp", "mp", "msn", "mpa", "mtp", "ssn", "sei", "sth", "sds",
}  # fmt: skip
# `S.Kom.`, `M.Pd`, `S.Pd.I`, `S.Tr.Stat.`, `A.Md`, `Ph.D.`: dotted abbreviations.
_DOTTED_TITLE = re.compile(r"^(?:[A-Z][A-Za-z]{0,5}\.){1,4}(?:[A-Za-z]{1,5}\.?)?$")
_HYPHENED_TITLE = re.compile(r"^[A-Z]-[A-Z][a-z]{1,4}\.?$")  # `M-Si`: OCR read the dot as `-`
_HYPHEN_IN_TITLE = re.compile(r"(?<=, [A-Z])-(?=[A-Z][a-z]{1,4}\b)")
ORGANISATION_WORDS = {
    "pt", "cv", "ud", "tbk", "persero", "dinas", "badan", "kantor", "sekolah", "universitas",
    "institut", "politeknik", "akademi", "fakultas", "jurusan", "prodi", "program", "studi",
    "yayasan", "lembaga", "organisasi", "ikatan", "himpunan", "persatuan", "perkumpulan",
    "komunitas", "forum", "asosiasi", "koperasi", "karang", "taruna", "kelurahan", "kecamatan",
    "desa", "kabupaten", "kota", "provinsi", "pemerintah", "sekretariat", "dprd", "rsud",
    "rumah", "sakit", "puskesmas", "klinik", "smk", "sma", "smp", "sd", "mts", "madrasah",
    "pondok", "pesantren", "masjid", "gereja", "kementerian", "direktorat", "bagian", "bidang",
    "seksi", "unit", "uptd", "upt", "cabang", "wilayah", "perwakilan", "tim", "panitia",
    "kelompok", "gerakan", "club", "klub", "komisi", "dewan", "majelis", "balai", "pusat",
    "stasiun", "kepolisian", "polres", "polsek", "bank", "hotel", "kampus", "kelas", "siswa",
    "mahasiswa", "peserta", "bem", "osis", "pkk", "republik", "indonesia", "negeri",
    "tarakan", "command", "center", "statistik", "kominfo", "sdit", "smkn", "sman", "smpn",
    "sdn", "bps", "lsm", "ngo", "foundation", "company", "group", "corporation", "inc", "ltd",
    "majlis", "jabatan", "perbandaran", "bhd",
}  # fmt: skip
POSITION_WORDS = {
    "kepala", "ketua", "wakil", "sekretaris", "bendahara", "direktur", "dekan", "rektor",
    "manajer", "manager", "camat", "lurah", "bupati", "walikota", "wali", "gubernur",
    "koordinator", "pimpinan", "komandan", "kapolres", "kasubbag", "kasubag", "kabag", "kasi",
    "kasie", "kabid", "kaur", "staf", "staff", "humas", "plt", "plh", "pj", "general", "head",
    "director", "chairman", "principal", "presiden", "president", "pengasuh", "mudir",
    "penanggung", "pembina", "penata", "pengatur", "juru", "guru", "dosen", "hormat", "kami",
    "saya", "mengetahui", "menyetujui", "tembusan", "lampiran", "daftar", "nip", "nik", "ttd",
    "demikian", "terima", "salam", "wassalam", "jabatan", "operator", "admin", "sekda",
    "inspektur", "kadis", "kaban", "an", "ub", "kasubid", "kasubdit", "kasat", "danramil",
    "dandim", "kapolsek", "kades", "superintendent", "supervisor", "officer",
    # roles in a list of participants, whose column OCR may run into the name
    "anggota", "pendamping", "pengelola", "pelaksana", "analis", "statistisi",
    # Malay and English offices, in letters from across the border and from companies
    "pengarah", "setiausaha", "dipertua", "jurutera", "pegawai", "executive", "chief",
}  # fmt: skip
# Words that end a name: what follows is a phone, an ID or running text.
_NAME_STOP_WORDS = {
    "hp", "wa", "telp", "telepon", "tlp", "telpon", "no", "nomor", "nip", "nik", "nidn", "nrp",
    "email", "e-mail", "whatsapp", "handphone", "ponsel", "hubungi", "selaku", "sebagai",
    "kontak", "cp", "contact", "person", "narahubung", "nama", "mobile", "phone", "tel", "fax",
    "kegiatan", "acara", "panitia", "kelas",
}  # fmt: skip
_NAME_PARTICLES = {"bin", "binti", "van", "der", "de", "al", "el", "da", "la"}
_TOKEN = re.compile(r"[^\s,()/]+|[,()/]")


def _bare(token: str) -> str:
    return token.lower().strip(".:;")


def is_title(token: str) -> bool:
    bare = token.rstrip(".,;")
    if not bare:
        return False
    dotted = bool(_DOTTED_TITLE.match(token)) and "." in bare
    hyphened = bool(_HYPHENED_TITLE.match(token))
    return dotted or hyphened or bare.replace(".", "").lower() in _PLAIN_TITLES


def _is_leading_title(token: str) -> bool:
    return token.endswith(".") and _bare(token) in _LEADING_TITLES


def _is_name_word(token: str) -> bool:
    """A capitalised word (`Rahmawati`, `SUMIATI`), an initial or `Moh.`; not a title."""
    bare = _bare(token)
    if bare in _NAME_STOP_WORDS or bare in _HONORIFICS or bare in _OFFICIAL_WORDS:
        return False
    if re.fullmatch(r"[A-Z][a-z]{0,3}\.", token):
        return True
    return bool(re.fullmatch(r"[A-Z][A-Za-z'-]*", token)) and not is_title(token)


_OFFICIAL_WORDS = ORGANISATION_WORDS | POSITION_WORDS


_MAX_NAME_WORDS = 7


@dataclass(frozen=True)
class Name:
    text: str  # the name with its titles, as written
    start: int  # where it begins in the text it was read from

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def read_name(text: str, start: int = 0) -> Name | None:
    """The person's name beginning at `start`: leading titles, name words, trailing titles.

    A word naming an office ends the name: `Ir. Stefanus Rante Allo Kepala BPS`.
    """
    tokens = list(_TOKEN.finditer(text, start))
    position = 0
    while position < len(tokens) and _is_leading_title(tokens[position].group()):
        position += 1
    words = 0
    end: int | None = None
    while position < len(tokens) and words < _MAX_NAME_WORDS:
        token = tokens[position].group()
        if _is_name_word(token) or (token in _NAME_PARTICLES and words):
            end = tokens[position].end()
            words += 1
            position += 1
        elif token.endswith((".", ";", ":")) and _is_name_word(token[:-1]):
            # `... Budi Santoso.`, `Budi Santoso; nomor ...` (OCR: `:`): the stop ends the
            # sentence or the part, not the name
            return Name(text[tokens[0].start() : tokens[position].end() - 1], tokens[0].start())
        else:
            break
    if end is None or tokens[position - 1].group() in _NAME_PARTICLES:
        return None
    while position < len(tokens):
        token = tokens[position].group()
        if token == "," and position + 1 < len(tokens) and is_title(tokens[position + 1].group()):
            position += 1
        elif not is_title(token):
            break
        end = tokens[position].end()
        position += 1
    written = _HYPHEN_IN_TITLE.sub(".", text[tokens[0].start() : end])
    return Name(written, tokens[0].start())


def _after_leading_honorifics(text: str) -> int:
    """Where `text` continues after honorifics or ranks it starts with (`AKBP ADI SAPUTRA`)."""
    end = 0
    for match in _TOKEN.finditer(text):
        if _bare(match.group()) not in _HONORIFICS:
            break
        end = match.end()
    return len(text) - len(text[end:].lstrip())


def _after_last_honorific(segment: str) -> int | None:
    found = None
    for match in _TOKEN.finditer(segment):
        if _bare(match.group()) in _HONORIFICS:
            found = match.end()
    return found


def person_in(segment: str) -> Name | None:
    """The person a short phrase names: after its last honorific, else its first words that
    are a name and not a position (`Kasubbag Persidangan, Hendrik Wijaya, S.H.`)."""
    after_honorific = _after_last_honorific(segment)
    if after_honorific is not None:
        name = read_name(segment, after_honorific)
        if name is not None:
            return name
    for start in _name_starts(segment):
        name = read_name(segment, start)
        if name is not None:
            return name
    return None


def _name_starts(segment: str) -> list[int]:
    """Where a name may begin: capitalised words of the comma parts that name no office
    (`Kasubbag Umum, Budi`) first, then words after a position (`Ketua Kelas Budi`), then
    words before one (`Budi di telepon kantor`)."""
    plain: list[int] = []
    after_office: list[int] = []
    before_office: list[int] = []
    for part in re.finditer(r"[^,]+", segment):
        words = list(re.finditer(r"\S+", part.group()))
        starts = [part.start() + word.start() for word in words if word.group()[0].isupper()]
        official = [word for word in words if _bare(word.group()) in _OFFICIAL_WORDS]
        if official:
            last = part.start() + official[-1].end()
            first = part.start() + official[0].start()
            after_office += [start for start in starts if start >= last]
            before_office += [start for start in starts if start < first]
        else:
            plain += starts
    return plain + after_office + before_office


# OCR merges `rn` into `m` (`Kumiawan`) and, less often, splits `m` into `rn`.
_MERGED, _SPLIT = "m", "rn"


def _spellings(word: str) -> set[str]:
    """`Kumiawan` -> {`Kurniawan`}: the word with one `m` read for `rn`, or one `rn` for `m`."""
    found = {word[:at] + _SPLIT + word[at + 1 :] for at in range(len(word)) if word[at] == _MERGED}
    found |= {
        word[:at] + _MERGED + word[at + 2 :]
        for at in range(len(word) - 1)
        if word.startswith(_SPLIT, at)
    }
    return found


def spelled_elsewhere(name: str, text: str) -> str:
    """The name with each word as `text` spells it most often, among the spellings OCR
    confuses (`rn`/`m`); a tie goes to `rn`, the letters OCR merges more often than it splits."""
    counts: dict[str, int] = {}
    for word in re.findall(r"[A-Za-z]+", text):
        counts[word] = counts.get(word, 0) + 1

    def best(match: re.Match[str]) -> str:
        word = match.group()
        written = [spelling for spelling in sorted(_spellings(word)) if counts.get(spelling)]
        return max(
            [word, *written],
            key=lambda spelling: (counts.get(spelling, 0), spelling.count(_SPLIT)),
        )

    return re.sub(r"[A-Za-z]+", best, name)


# --- the contact --------------------------------------------------------------------------

_CONTACT_CUE = re.compile(
    r"\b(?:narahubung|nara\s+hubung|contact\s*person|cp|kontak\s+person|kontak|"
    r"(?:meng)?hubungi|konfirmasi\s+(?:kepada|ke|melalui)|penanggung\s*jawab|koordinator)\b",
    re.IGNORECASE,
)
# Words that say a number in the same sentence is someone to call, in any of the letters'
# languages: asking to contact, reach or confirm, the roles of a contact, a number's kind.
_CALL_WORDS = re.compile(
    r"\b(?:narahubung|nara\s+hubung|contact|kontak|cp|pic|person\s+in\s+charge|liaison|"
    r"(?:di|meng|ber)?hubungi|dihubungi|hubungan|reach(?:ed)?|call|konfirmasi|confirm|"
    r"koordinasi|koordinator|coordinator|penanggung\s*jawab|in\s+charge|informasi|"
    r"information|maklumat|pertanyaan|enquir\w*|inquir\w*|dikabarkan|disampaikan|"
    r"ditanyakan|hp|wa|whatsapp|telp|telepon|telpon|tlp|tel|phone|mobile|ponsel|handphone|"
    r"talian|nombor|nomor|no)\b",
    re.IGNORECASE,
)
# Words that name the contact or ask to call one, not just a number's kind (`HP`, `No.`).
_ASKS_TO_CALL = re.compile(
    r"\b(?:contact|liaison|pic|person\s+in\s+charge|(?:di|meng)?hubungi|talian)\b", re.IGNORECASE
)
_PHONE_CUE = re.compile(
    r"\b(?:hp|telp|telepon|tlp|telpon|wa|whatsapp|ponsel|handphone|no\.?\s*hp)\b", re.IGNORECASE
)
_FAX_BEFORE = re.compile(r"\b(?:fax|faks|faksimile|facsimile)\b\W*$", re.IGNORECASE)
_CONTACT_WINDOW = 220
_AFTER_PHONE = re.compile(
    r"^\s*[)\]]?\s*(?:[-–(/,]|\ba\.?\s?n\.?|\ba/n\b|\batas\s+nama)\s*"
    r"(?:a\.?\s?n\.?|a/n|atas\s+nama)?\s*"
)
# A name in brackets or `a.n.` right after the number is its holder's, whatever stands before.
_HOLDER_AFTER = re.compile(r"\(|\ba\.?\s?n\b|\ba/n\b|\batas\s+nama", re.IGNORECASE)
# A full stop and a capital end a sentence unless the stop ends an abbreviation (`No.`,
# `Telp.`, `Sdr.`, a title, an initial).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_ABBREVIATIONS = {"no", "telp", "tel", "tlp", "hp", "jl", "jln", "a.n", "an", "dll", "dsb", "u.p"}
# Between a name and its number stand only a few words (`di nomor`, `, HP/WA`, `yang dapat
# dihubungi pada nomor`); further apart the tie is loose.
_TIGHT_GAP = 48
_STAFF_NUMBER = re.compile(r"\b(?:NIP|NIK|NRP|NIDN)\b[.:]?\s*[\d\s]+", re.IGNORECASE)
_MIN_LOOSE_NAME_WORDS = 2
# `Budi selaku Staf Tata Usaha`, `sebagai Ketua Panitia`, `Jabatan : Staf Tata Usaha`: the
# words after these name a role, not a person.
_ROLE_BEFORE = re.compile(
    r"\b(?:selaku|sebagai|jabatan\s*:|position\s*:|designation\s*:)\s*(?:[\w.]+\s+){0,3}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Contact:
    name: Name | None
    phone: Phone | None
    excerpt: str
    name_confidence: float
    phone_confidence: float


def _name_after_phone(window: str, phone: Phone) -> Name | None:
    """`CP: 0812-3456-7890 (Budi Santoso)` or `... a.n. Budi`."""
    rest = window[phone.end :]
    lead = _AFTER_PHONE.match(rest)
    if lead is None:
        return None
    return read_name(rest, lead.end() + _after_leading_honorifics(rest[lead.end() :]))


def _contact_in_window(window: str) -> tuple[Name | None, Phone | None]:
    phones = find_phones(window)
    phone = phones[0] if phones else None
    segment = window[: phone.start] if phone else re.split(r"[.;](?:\s|$)", window)[0]
    # `Narahubung : Nama : Budi No. HP : 0812...`: the name is in one of the labelled parts.
    parts = reversed(segment.split(":"))
    name = next((found for part in parts if (found := person_in(part)) is not None), None)
    if name is None and phone is not None:
        name = _name_after_phone(window, phone)
    return name, phone


def _sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """The sentence of running text holding `position`."""
    start, end = 0, len(text)
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].rsplit(maxsplit=1)
        word = before[-1].lstrip("([") if before else ""
        if _bare(word) in _ABBREVIATIONS | _HONORIFICS | _LEADING_TITLES or is_title(word):
            continue
        if re.fullmatch(r"[A-Z]\.|\d{1,2}\.", word):  # an initial; a list entry's number
            continue
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            end = match.start()
            break
    return max(start, position - _CONTACT_WINDOW), min(end, position + _CONTACT_WINDOW)


def _common_words(text: str) -> set[str]:
    """Words the letter also writes in lower case: a capital makes them start a sentence,
    not a name (`Untuk`, `Guru`, `Segala`)."""
    return {word for word in re.findall(r"\b[a-z][a-z'-]+\b", text)}


def _names_before(
    clause: str, offset: int, common: set[str], foreign: set[str], after_cue: bool
) -> list[Name]:
    """People named in `clause` (which starts at `offset` of the text): after an honorific any
    name, else two name words or more (or a name with a degree, or one word after a contact cue
    close to the number) that do not start with a common word and are not words of the
    letterhead. A lone word is taken only when nothing else is."""
    names: list[Name] = []
    lone: list[Name] = []
    honorific_ends = [
        match.end() for match in _TOKEN.finditer(clause) if _bare(match.group()) in _HONORIFICS
    ]
    for end in honorific_ends:
        name = read_name(clause, end)
        if name is not None:
            names.append(replace(name, start=name.start + offset))
    for match in re.finditer(r"(?<![\w.])[A-Z][\w'.-]*", clause):
        if any(name.start <= match.start() + offset < name.end for name in names):
            continue
        name = read_name(clause, match.start())
        if name is None or name.start != match.start() or _names_a_role(clause[: name.start]):
            continue
        words = [word for word in name.text.split() if _is_name_word(word.rstrip(","))]
        if not words or words[0].lower() in common or words[0].lower() in foreign:
            continue
        if any(word.lower() in foreign for word in words):
            continue
        found = replace(name, start=name.start + offset)
        if len(words) >= _MIN_LOOSE_NAME_WORDS or name.text.rstrip(".") != " ".join(words):
            names.append(found)
        elif (
            after_cue and not words[0].isupper() and len(clause) - found.end + offset <= _TIGHT_GAP
        ):
            # `Narahubung: Andi (0853...)`, `silakan menghubungi Andi di 0853...`: one word
            # (not an acronym) after a contact cue, close to the number
            lone.append(found)
    return names or lone


_BRACKET_OPEN = re.compile(r"\((?P<first>[A-Za-z.]+)(?:\s+[\w.]+){0,3}\s+$")


def _names_a_role(before: str) -> bool:
    """Whether capitalised words after `before` name a role: after `selaku`, `sebagai` or a
    `Jabatan :` label, or in brackets that open with an office (`Budi (Staf Tata Usaha)`)."""
    if _ROLE_BEFORE.search(before):
        return True
    bracket = _BRACKET_OPEN.search(before)
    return bracket is not None and _bare(bracket.group("first")) in _OFFICIAL_WORDS


@dataclass(frozen=True)
class _Candidate:
    phone: Phone
    name: Name | None
    cued: bool  # the sentence asks to call (`hubungi`, `contact`, `HP`, `Narahubung` ...)
    tight: bool  # the name stands right beside the number
    sentence: str

    @property
    def names_the_contact(self) -> bool:
        """The sentence names a contact or asks to call one (a table's `No. HP` does not)."""
        return bool(_CONTACT_CUE.search(self.sentence) or _ASKS_TO_CALL.search(self.sentence))

    @property
    def rank(self) -> tuple[bool, bool, bool, bool]:
        named = self.name is not None and (self.tight or self.cued)
        return (named, self.names_the_contact, self.cued, self.tight)


def _clause_start(text: str, start: int, phone: Phone) -> tuple[int, bool]:
    """Where the name of the number's person may begin: after the last contact cue or staff
    number before it (`Budi NIP. 1975... CP: 0812`: Budi is the signer, not the contact); and
    whether a contact cue starts it."""
    after_cue = False
    for mark in _CONTACT_CUE.finditer(text, start, phone.start):
        start, after_cue = mark.end(), True
    for mark in _STAFF_NUMBER.finditer(text, start, phone.start):
        start, after_cue = mark.end(), False
    return start, after_cue


def _candidate(text: str, phone: Phone, common: set[str], foreign: set[str]) -> _Candidate:
    start, end = _sentence_bounds(text, phone.start)
    sentence = text[start:end]
    clause_start, after_cue = _clause_start(text, start, phone)
    rest = text[phone.end : max(end, phone.end)]
    after = _name_after_phone(text[: max(end, phone.end)], phone)
    if after is not None:
        after = replace(after, start=after.start + phone.end)
        lead = rest[: after.start - phone.end]
        if _HOLDER_AFTER.search(lead):
            return _Candidate(phone, after, bool(_CALL_WORDS.search(sentence)), True, sentence)
    before = _names_before(
        text[clause_start : phone.start], clause_start, common, foreign, after_cue
    )
    if not before and after_cue:
        # `kami menunjuk Sdr. Budi sebagai narahubung (HP 0812...)`: the name before the cue.
        staff = [mark.end() for mark in _STAFF_NUMBER.finditer(text, start, phone.start)]
        start = max([start, *staff])
        before = _names_before(text[start : phone.start], start, common, foreign, False)
    nearest = max(before, key=lambda name: name.start) if before else None
    cued = bool(_CALL_WORDS.search(sentence))
    if after is not None and (nearest is None or phone.start - nearest.end > _TIGHT_GAP):
        return _Candidate(phone, after, cued, True, sentence)
    if nearest is None:
        return _Candidate(phone, None, cued, False, sentence)
    tight = phone.start - nearest.end <= _TIGHT_GAP
    return _Candidate(phone, nearest, cued, tight, sentence)


def find_contact(text: str, letterhead: str = "", *, named: bool = False) -> Contact | None:
    """The visitors' contact: a person's name and a phone number in one sentence, whatever the
    words around them; the letterhead's own numbers and fax numbers are not a contact's.

    The tie decides the confidence: a name beside its number in a sentence that asks to call
    (`hubungi`, `contact`, `HP`, `Narahubung`) is sure; beside it without such words, or in
    the same sentence further apart, less so; a number with no name is uncertain. `named`: only
    a sentence that names a contact or asks to call one counts (an attached list of
    participants may give every one's phone).
    """
    country = home_country(letterhead)
    office = {phone.number for phone in find_phones(letterhead, country)}
    foreign = {word.lower() for word in re.findall(r"[A-Za-z]+", letterhead)}
    common = _common_words(text)
    candidates = [
        candidate
        for phone in find_phones(text, country)
        if phone.number not in office and not _FAX_BEFORE.search(text[: phone.start])
        # a number with no person and no word asking to call may be anything
        if (candidate := _candidate(text, phone, common, foreign)).name or candidate.cued
        if candidate.names_the_contact or not named
    ]
    if candidates:
        best = max(candidates, key=lambda candidate: candidate.rank)  # the first of the best
        if best.name is not None and best.cued:
            name_confidence = SURE if best.tight else PLAUSIBLE
        elif best.name is not None:
            name_confidence = LIKELY if best.tight else UNCERTAIN
        else:
            name_confidence = UNCERTAIN
        if best.cued:
            phone_confidence = CERTAIN if best.name is not None else LIKELY
        else:
            phone_confidence = LIKELY if best.name is not None and best.tight else UNCERTAIN
        if best.phone.repaired:
            phone_confidence = min(phone_confidence, LIKELY)  # a digit put back may be another
        return Contact(
            best.name, best.phone, best.sentence.strip(), name_confidence, phone_confidence
        )
    for cue in _CONTACT_CUE.finditer(text):
        # `Narahubung: Budi Santoso` without a number: the name alone.
        window = text[cue.end() : cue.end() + _CONTACT_WINDOW]
        window = re.split(r"\b(?:Demikian|Atas perhatian|Besar harapan)\b", window)[0]
        name, _ = _contact_in_window(window)
        if name is not None:
            excerpt = text[cue.start() : cue.end() + len(window)].strip()
            return Contact(name, None, excerpt, SURE, UNCERTAIN)
    return None


# --- the signer ---------------------------------------------------------------------------

_NOT_A_SIGNATURE_LINE = re.compile(
    r"^[(\[]?\s*(?:ttd|t\.t\.d|dto|cap|stempel|materai|meterai|tanda\s*tangan|tte)\b[^A-Z]*$"
    r"|ditandatangani\s+secara\s+elektronik|^\$\{|^\[.*\]$"
    r"|^(?:NIP|NIK|NRP|NIDN|NIPY|NIY|NUPTK|NBM|NIPPPK|NPP|NIPK)\b"
    r"|^(?:Pembina|Penata|Pengatur|Juru)\b|\((?:[I1l|]{1,3}|[I1l|]V)\s*/\s*[a-e]\)",
    re.IGNORECASE,
)
_END_OF_SIGNATURES = re.compile(r"^(?:tembusan|catatan|nb|cc|c\.c)\b", re.IGNORECASE)
_WITNESS = re.compile(r"^(?:mengetahui|menyetujui|disetujui|diketahui)\b", re.IGNORECASE)
_ROLE_START = re.compile(
    r"^(?:a\.?\s?n\.?|u\.?\s?b\.?|plt\.?|plh\.?|pj\.?|hormat\s+(?:kami|saya)|salam)\b",
    re.IGNORECASE,
)
_DECORATION = re.compile(r"^[\s(_\[]+|[\s)_\]]+$")
# `ttd. Budi Santoso`, `Budi Santoso (Ketua)`: a signature mark before, a role after.
_SIGNATURE_MARK = re.compile(r"^(?:ttd|t\.t\.d|dto)\b\.?\s*", re.IGNORECASE)
_ROLE_AFTER = re.compile(r"(?<=\S)\s*\([^()]*\)$")
_TRAILING_ID = re.compile(r"\s+(?:NIP|NIK|NRP|NIDN)[.,]?\s*[:.]?\s*[\d\s]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Signer:
    name: str
    confidence: float
    excerpt: str
    run_together: bool = False  # perhaps two side-by-side names whose gap was lost
    title: str | None = None  # the office the signer signs as: `Kepala Sekolah`, `Dekan`
    title_below: bool = False  # the office is written under the name, not above it


# Words that close a letter above the signer's office; they are no office themselves.
_CLOSING_PHRASE = re.compile(
    r"^(?:hormat\s+(?:kami|saya)|yang\s+benar|saya\s+yang\s+menjalankan\s+amanah|"
    r"sincerely|yours\s+(?:faithfully|sincerely|truly)|(?:best\s+|kind\s+)?regards|"
    r"salam\b|wassalam\w*|a\.?\s?n\.?\s|u\.?\s?b\.?\s)",
    re.IGNORECASE,
)
_TITLE_LINES_BELOW = 2


def _names_office(item: str) -> bool:
    """`Yang Dipertua`, `Majlis Perbandaran Tawau`, `Operations Director`: an office or a body,
    though its capitalised words read like a name."""
    return any(
        _bare(word) in POSITION_WORDS or _bare(word) in ORGANISATION_WORDS
        for word in _TRAILING_ID.sub("", item).split()
    )


# `Ketua Panitia, Mengetahui`: the other column's witness word, run in when OCR lost the gap.
_WITNESS_BESIDE = re.compile(r"[\s,]+(?:mengetahui|menyetujui|disetujui|diketahui)\b.*$", re.I)


def _office_title(lines: Sequence[str]) -> str | None:
    """The office from a signer's title lines, without closing words and `a.n. ...` lines."""
    kept = [
        _WITNESS_BESIDE.sub("", line).rstrip(" ,")
        for line in lines
        if not _CLOSING_PHRASE.match(line)
    ]
    title = " ".join(line for line in kept if line)
    return title or None


@dataclass
class _TitleGroup:
    lines: list[str] = field(default_factory=list)
    witness: bool = False  # a `Mengetahui,` block: someone approving, not the sender's signer


def _full_name(item: str) -> Name | None:
    """`item` is a person's name and nothing else (titles allowed, decoration stripped)."""
    cleaned = _ROLE_AFTER.sub("", _TRAILING_ID.sub("", _SIGNATURE_MARK.sub("", item.strip())))
    cleaned = _DECORATION.sub("", cleaned).rstrip(" ,;")
    cleaned = cleaned[_after_leading_honorifics(cleaned) :]
    name = read_name(cleaned)
    if name is None or name.start > 0:
        return None
    return name if len(cleaned) - name.end <= 1 else None


def _is_role(item: str) -> bool:
    first = _bare(item.split()[0]) if item.split() else ""
    return (
        bool(_ROLE_START.match(item) or _CLOSING_PHRASE.match(item))
        or first in POSITION_WORDS
        or item.endswith(",")
    )


def _side_by_side_names(item: str) -> list[str]:
    """`Rina Marlina, S.Pd Yusuf Kurniadi, S.Kom`: two signers' names whose gap was lost."""
    first = read_name(item)
    if first is None or first.start > 0 or _full_name(item) is not None:
        return [item]
    second = _full_name(item[first.end :])
    return [first.text, second.text] if second is not None else [item]


def _signature_items(lines: Sequence[Line]) -> list[str]:
    items: list[str] = []
    for line in lines:
        if _END_OF_SIGNATURES.match(line.text):
            break
        if not line.text or is_sentence(line) or read_date_line(line.text):
            continue
        for column in line.columns:
            if not _NOT_A_SIGNATURE_LINE.search(column):
                items.extend(_side_by_side_names(column))
    return items


_RUN_TOGETHER_WORDS = 4


def _side_by_side_roles(item: str) -> bool:
    """`Ketua Panitia, Sekretaris,`: two titles on one line, the gap between them lost."""
    return len([role for role in item.split(",") if role.strip() and _is_role(role.strip())]) > 1


def _run_together(name: str, under_side_by_side_roles: bool) -> bool:
    """One long untitled name under titles side by side: probably two names run together."""
    return under_side_by_side_roles and len(name.split(",")[0].split()) >= _RUN_TOGETHER_WORDS


def first_of_run_together(names: str, text: str) -> str | None:
    """`Kevin Tanoto Grace Natalia` under `Ketua, Sekretaris,`: the first signer's name, when
    the letter names one of the two elsewhere (`Narahubung: Kevin Tanoto`); else None."""
    words = names.split(",")[0].split()
    best: tuple[int, str] | None = None
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        for part in (first, second):
            core = " ".join(word for word in part.split() if not _is_leading_title(word))
            named = re.search(rf"(?<![\w.]){re.escape(core)}(?![\w])", text)
            if named and len(core.split()) > 1 and (best is None or len(core) > best[0]):
                best = len(core), first
    return None if best is None else best[1]


def find_signer(lines: Sequence[Line]) -> Signer | None:
    """The name under the closing title; titles and names of side-by-side signers pair in order,
    and a `Mengetahui` signer is passed over for the letter's own signer."""
    pending: deque[_TitleGroup] = deque()
    current: _TitleGroup | None = None
    witness_next = False
    signed: list[tuple[_TitleGroup | None, str, bool]] = []  # group, name, run together
    below: dict[str, list[str]] = {}  # offices written under each name
    titled_below: set[str] = set()  # names with their position under them: `Lilis / Manajer SDM`
    side_by_side = False  # titles side by side on one line since the last name
    items = _signature_items(lines)
    for position, item in enumerate(items):
        if _WITNESS.match(item):
            witness_next = True
            continue
        is_office = _names_office(item) or _CLOSING_PHRASE.match(item) is not None
        name = None if is_office else _full_name(item)
        if name is not None:
            below[name.text] = _offices_below(items[position + 1 :])
            if current is not None:
                pending.append(current)
                current = None
            group = pending.popleft() if pending else None
            signed.append((group, name.text, _run_together(name.text, side_by_side)))
            side_by_side = False
            if position + 1 < len(items) and _is_role(items[position + 1]):
                titled_below.add(name.text)
        elif _is_role(item):
            side_by_side = side_by_side or _side_by_side_roles(item)
            if current is None:
                current = _TitleGroup(witness=witness_next)
                witness_next = False
            current.lines.append(item)
            if item.endswith(","):
                pending.append(current)
                current = None
    for group, name_text, run_together in signed:
        if group is not None and not group.witness:
            excerpt = "\n".join([*group.lines, name_text])
            if run_together:
                return Signer(name_text, DOUBTFUL, excerpt, run_together=True)
            return _with_title(Signer(name_text, SURE, excerpt), group.lines, below[name_text])
    for _, name_text, _ in signed:
        if name_text in titled_below or below[name_text]:
            return _with_title(Signer(name_text, PROBABLE, name_text), [], below[name_text])
    # A name with no title over or under it, or only a witness's: a guess.
    return Signer(signed[0][1], DOUBTFUL, signed[0][1]) if signed else None


def _offices_below(items: Sequence[str]) -> list[str]:
    """The office lines right under a signer's name (`Lilis Handayani / Manajer SDM`)."""
    offices: list[str] = []
    for item in items[:_TITLE_LINES_BELOW]:
        if item.endswith(",") or _WITNESS.match(item) or not _names_office(item):
            break
        offices.append(item)
    return offices


def _with_title(signer: Signer, above: Sequence[str], under: Sequence[str]) -> Signer:
    title = _office_title(above)
    if title is not None:
        return replace(signer, title=title)
    title = _office_title(under)
    return signer if title is None else replace(signer, title=title, title_below=True)


# --- the attached list of participants ----------------------------------------------------

_LIST_HEADING = re.compile(
    r"\b(?:daftar\s+(?:nama\s+)?(?:peserta|rombongan|anggota|delegasi|tamu|nama|pegawai|siswa|"
    r"mahasiswa)|nama[- ]nama\s+(?:peserta|rombongan|anggota|delegasi)|"
    r"(?:peserta|rombongan|anggota)\s+(?:kunjungan\s+)?(?:adalah\s+)?sebagai\s+berikut|"
    # a sentence that introduces the list: `peserta kunjungan berjumlah 9 orang, yaitu:`
    r"\b(?:peserta|rombongan|anggota|participants|delegation)\b[^.:]*:\s*$)",
    re.IGNORECASE,
)
_LIST_ENTRY = re.compile(r"^[\s|]*(?P<number>\d{1,3})\s*[.)|]?\s+(?P<rest>\S.*)$")
# A table's number cell on a line of its own (a text layer gives each cell its own line).
_NUMBER_CELL = re.compile(r"^[\s|]*(?P<number>\d{1,3})\s*[.)|]?[\s|]*$")
_COLUMN = re.compile(r"\s{3,}|\s*\|\s*")
_TABLE_HEADER = re.compile(r"^(?:no\.?\s+)?nama\b|^no\.?$", re.IGNORECASE)
_LINES_BETWEEN_ENTRIES = 2
_POSITION_SUFFIX = re.compile(r"\s+[-–—]\s+.*$|\s+\(.*\)$")


# A school class in the next column, its gap lost: `Dian Arifin X AKL 2`, `Budi XII TKJ`,
# OCR's `Dian Arifin XAKL` (taken off names written in mixed case only).
_CLASS_SUFFIX = re.compile(r"\s+(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\s*[A-Z]{2,5}\b.*$")


def _participant_name(rest: str) -> str | None:
    """`Maria Goreti Tandi, S.ST - Statistisi Ahli Muda` -> `Maria Goreti Tandi, S.ST`."""
    first_column = _COLUMN.split(rest.strip(" |"))[0]
    if any(char.islower() for char in first_column):
        first_column = _CLASS_SUFFIX.sub("", first_column)
    entry = _TRAILING_ID.sub("", _POSITION_SUFFIX.sub("", first_column)).strip(" ,;")
    name = read_name(entry)
    return name.text if name is not None and name.start == 0 else None


def _numbered_names(lines: Sequence[Line]) -> list[str]:
    """Entries `1. ...`, `2. ...` starting within a few lines (a table header may come first);
    a line or two between entries (an NIP, a blank) is passed over. Every entry must be a
    person: a numbered list of other things is no list of participants."""
    names: list[str] = []
    skipped = 0
    rests: list[str] = []  # each entry's text after its number: the name and other columns
    numbered: int | None = None  # a number cell waiting for its name on the next line
    for position, line in enumerate(lines):
        entry = _LIST_ENTRY.match(line.raw)
        cell = _NUMBER_CELL.match(line.raw)
        if cell is not None and int(cell.group("number")) == len(names) + 1:
            numbered = int(cell.group("number"))
            continue
        if numbered is not None and line.text:
            entry = _LIST_ENTRY.match(f"{numbered} {line.raw.strip()}")
            numbered = None
        expected = len(names) + 1
        if line.text and (entry is None or int(entry.group("number")) != expected):
            # A number OCR misread: by one character inside a list, or any short mark
            # when the next entry follows it; or lost, its stop left (`. Made Huda`).
            loose = _entry_follows(lines[position:], expected + 1)
            if names or loose:
                entry = _misread_entry(line.raw, expected, loose=loose) or entry
            lost = _LOST_NUMBER.match(line.raw)
            if lost is not None and (names or _lost_number_follows(lines[position:])):
                entry = _LIST_ENTRY.match(f"{expected} {lost.group('rest')}")
        if entry is not None and int(entry.group("number")) == len(names) + 1:
            name = _participant_name(entry.group("rest"))
            if name is None:
                return []
            names.append(name)
            rests.append(collapse(entry.group("rest")))
            skipped = 0
        elif line.text and not (not names and _TABLE_HEADER.match(line.text)):
            skipped += 1
            if skipped > _LINES_BETWEEN_ENTRIES:
                break
    return _without_column_tails(names, rests)


_MISREAD_NUMBER = re.compile(r"^[\s|]*(?P<number>[^\s.)|]{1,3})\s*[.)|]?\s+(?P<rest>\S.*)$")


# An entry whose number OCR lost, leaving its stop or nothing but a mark: `. Made Huda`.
_LOST_NUMBER = re.compile(r"^[\s|]*[.,:;·•*-]\s*(?P<rest>[A-Z].*)$")


def _lost_number_follows(lines: Sequence[Line]) -> bool:
    """The next written line after the first also lost its number: a list, not a stray mark."""
    following = [line for line in lines[1:] if line.text][:1]
    return bool(following) and _LOST_NUMBER.match(following[0].raw) is not None


def _misread_entry(raw: str, expected: int, *, loose: bool) -> re.Match[str] | None:
    """An entry whose number OCR misread: by one character (`a7` or `21` for 27), or, when
    `loose` (the next entry follows), any mark as long or one longer (`ZL` for 27, `a` or `af`
    for 1). Read as the expected entry; the caller still requires its rest to be a name."""
    match = _MISREAD_NUMBER.match(raw)
    wanted = str(expected)
    if match is None:
        return None
    if loose and len(match.group("number")) == len(wanted) + 1:
        return _LIST_ENTRY.match(f"{wanted} {match.group('rest')}")
    if len(match.group("number")) != len(wanted):
        return None
    differ = sum(a != b for a, b in zip(match.group("number"), wanted, strict=True))
    one_digit_off = differ == 1 and any(char.isdigit() for char in match.group("number"))
    if not (one_digit_off or loose):
        return None
    return _LIST_ENTRY.match(f"{wanted} {match.group('rest')}")


def _entry_follows(lines: Sequence[Line], number: int) -> bool:
    """The next written line after the first is entry `number` of a numbered list."""
    following = [line for line in lines[1:] if line.text][:1]
    entry = _LIST_ENTRY.match(following[0].raw) if following else None
    return entry is not None and entry.group("number") == str(number)


def _without_column_tails(names: list[str], rests: list[str]) -> list[str]:
    """Names without the next column that OCR ran into them (`Sri Nugroho Pranata Komputer`):
    what follows a name that ends clearly (`Kristina Huda, S.E. Pranata Komputer`) in one row
    is the column's value, and is cut where it ends another row's name."""
    tails = {
        rest[len(name) :].strip(" -–|")
        for name, rest in zip(names, rests, strict=True)
        if rest.startswith(name) and len(rest) > len(name)
    }
    tails.discard("")
    cut: list[str] = []
    for name in names:
        tail = next((tail for tail in tails if name.endswith(f" {tail}")), None)
        if tail and len(name.split()) > len(tail.split()) + 1:  # a name keeps two words
            name = name[: -len(tail) - 1]
        cut.append(name)
    return cut


_NAMES_BEFORE_COLUMN = 6  # lines OCR may set before a column of names: numbers, `Nama`


def _column_of_names(lines: Sequence[Line]) -> list[str]:
    """A table OCR read column by column: the numbers, then a block of names one per line,
    then the positions. The names are the run of lines that are each one person's name."""
    names: list[str] = []
    before = 0
    for line in lines:
        if not line.text:
            continue
        name = _full_name(line.text)
        # One word alone may be a misread column of numbers (`ONOUSWUN`), not a name.
        if name is not None and len(name.text.split()) > 1 and not _names_office(line.text):
            names.append(name.text)
            continue
        before += 1
        if len(names) > 1 or before > _NAMES_BEFORE_COLUMN:
            break
        names = []  # one line alone that reads as a name (`ODNDUBWNEH GZ`) is no column
    return names if len(names) > 1 else []


def find_participants(lines: Sequence[Line]) -> tuple[str, ...]:
    """Names from a numbered list under a `DAFTAR PESERTA` heading (entries numbered 1, 2, ...),
    or from a column of names when OCR read the table column by column."""
    for position, line in enumerate(lines):
        # `Nama-nama peserta sebagaimana daftar terlampir.` points to the list; it is no heading.
        pointer = line.text.endswith(".") or "terlampir" in line.text.lower()
        if _LIST_HEADING.search(line.text) and not pointer:
            following = lines[position + 1 :]
            names = _numbered_names(following)
            if not names:
                names = _column_of_names(following)
                names += _continued_column(following, names)
            if names:
                return tuple(names)
    return ()


_SHORT_CELL = 3  # a number cell as OCR reads it: `41`, `Ha` for 44


def _continued_column(lines: Sequence[Line], names: list[str]) -> list[str]:
    """The rest of a column of names on the next page: after the last name, the numbers of
    the entries that go on (from the next one, each a short cell), then their names."""
    if not names:
        return []
    last = [line.index for line in lines if line.text == names[-1]]
    if not last:
        return []
    after = [line for line in lines if line.index > last[-1]]
    start = next((at for at, line in enumerate(after) if line.text == str(len(names) + 1)), None)
    if start is None:
        return []
    rest = after[start:]
    while rest and len(rest[0].text) <= _SHORT_CELL:
        rest = rest[1:]
    return _column_of_names(rest)
