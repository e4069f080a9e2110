from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kunjungan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_only_paths_works_and_people_are_marked_placeholders(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[paths]\ninbox = "masuk"\n'))
    assert config.paths.inbox == tmp_path / "masuk"
    assert config.paths.outbox == tmp_path / "outbox"
    assert config.paths.database == tmp_path / "outbox" / "kunjungan.sqlite3"
    assert config.officials["kepala_dinas"].name == "[Nama Kepala Dinas]"
    assert config.officials["kepala_uptd"].nip.startswith("[")
    assert config.timezone.key == "Asia/Makassar"
    assert config.zone_label == "WITA"
    assert config.pelaksana == ()
    assert config.intake.worker_memory_mb == 2048
    assert config.web.trusted_proxies == 0  # X-Forwarded-For ignored unless a proxy is named


def test_repository_config_loads() -> None:
    config = load_config(Path(__file__).resolve().parents[1] / "kunjungan.toml")
    assert config.office.city == "Tarakan"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[paths]\ninbox = 3\n', "paths.inbox"),
        ('[paths]\ninboks = "x"\n', "paths.inboks"),
        ('[officials.kepala_dinas]\nnip = "123"\n', "officials.kepala_dinas.nip"),
        ('[[pelaksana]]\nname = "A"\nnip = "199203152019031008"\nrank = "III/a"\n',
         "pelaksana[0].position"),
        ('[numbering]\nagenda = "{nomor}"\n', "numbering.agenda"),
        ('[time]\nzone = "Mars/Olympus"\n', "time.zone"),
        ('[intake]\nworkers = 0\n', "intake.workers"),
        ('[intake]\nworker_memory_mb = 100\n', "intake.worker_memory_mb"),
        ('[office]\nlogo = "tidak-ada.png"\n', "office.logo"),
        ('[web]\ntrusted_proxies = -1\n', "web.trusted_proxies"),
        ('[web]\ntrusted_proxies = true\n', "web.trusted_proxies"),
        ('[web]\npublic_requests_per_minute = 0\n', "web.public_requests_per_minute"),
        ("[bogus]\n", "bogus"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text))
    assert error.value.message.startswith(key)
    assert "\n" not in error.value.message


def test_invalid_toml_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, "[paths\n"))
    assert "TOML" in error.value.message


def test_environment_variable_selects_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, '[office]\ncity = "Nunukan"\n')
    monkeypatch.setenv("KUNJUNGAN_CONFIG", str(path))
    assert load_config().office.city == "Nunukan"


def test_duplicate_pelaksana_nip_refused(tmp_path: Path) -> None:
    entry = '[[pelaksana]]\nname = "A"\nnip = "199203152019031008"\nrank = "r"\nposition = "p"\n'
    with pytest.raises(ConfigError, match="lebih dari sekali"):
        load_config(write(tmp_path, entry + entry))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[paths]\ninbox = "outbox/masuk"\n', "paths.inbox"),
        ('[paths]\noutbox = "inbox/arsip"\n', "paths.inbox"),
        ('[paths]\ndatabase = "inbox/db.sqlite3"\n', "paths.database"),
        ('[paths]\nsecret = "outbox/kunci"\n', "paths.secret"),
        ('[numbering]\nsurat_tugas = "800/UPTD-TCC/{year}"\n', "numbering.surat_tugas"),
        ('[numbering]\nagenda = "{seq[0]}"\n', "numbering.agenda"),
    ],
)
def test_folders_kept_apart_and_numbers_that_count(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text))
    assert error.value.message.startswith(key)


def test_database_url_chooses_the_store_and_wins_over_paths_database(tmp_path: Path) -> None:
    default = load_config(write(tmp_path, '[paths]\ndatabase = "data/lama.sqlite3"\n'))
    assert default.database.url == f"sqlite:///{tmp_path / 'data' / 'lama.sqlite3'}"
    sqlite = load_config(write(tmp_path, '[paths]\ndatabase = "data/lama.sqlite3"\n'
                               '[database]\nurl = "sqlite:///db/baru.sqlite3"\n'))
    assert sqlite.paths.database == tmp_path / "db" / "baru.sqlite3"
    assert sqlite.database.url == f"sqlite:///{tmp_path / 'db' / 'baru.sqlite3'}"
    postgresql = "postgresql://kunjungan@db.kantor/kunjungan"
    shared = load_config(write(tmp_path, f'[database]\nurl = "{postgresql}"\n'))
    assert shared.database.url == postgresql
    with pytest.raises(ConfigError, match=r"^database\.url: harus sqlite:///"):
        load_config(write(tmp_path, '[database]\nurl = "mysql://x@y/z"\n'))
