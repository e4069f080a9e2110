"""E-mail notifications through a real SMTP server on loopback: who is told when a case starts
waiting on them, what the mail says, retries when the server is down or refuses, the daily
digest, and the service sending on its own."""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
from conftest import (
    FUTURE_DATE,
    PELAKSANA_2_NIP,
    PELAKSANA_NIP,
    CliRunner,
    Office,
    both_databases,
    copy_sample,
)
from notify_fixtures import SmtpServer, add_user, free_port, self_signed_certificate
from test_service import start_service

from pipeline.indonesian import format_datetime, format_day_date
from pipeline.notify.queue import queue_digest
from pipeline.notify.sender import send_due
from pipeline.notify.service import MailService
from pipeline.store import Store

PUBLIC_URL = "https://kunjungan.tcc.example"
DINAS = "bambang@tcc.example"
UPTD = "siti@tcc.example"
UPTD_OLD = "mantan.uptd@tcc.example"
ANDI = "andi@tcc.example"
NURUL = "nurul@tcc.example"
SEKRETARIAT = "sekretariat@tcc.example"


def mail_settings(port: int, extra: str = "") -> str:
    return (f'\n[web]\npublic_url = "{PUBLIC_URL}"\n\n[mail]\nhost = "127.0.0.1"\n'
            f'port = {port}\nsender = "kunjungan@tcc.example"\n{extra}')


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


def staff(store: Store) -> None:
    """The office's accounts: one per official, both pelaksana linked by NIP, a disabled
    former Kepala UPTD, and a secretary."""
    add_user(store, "bambang", "kepala_dinas", DINAS, full_name="Ir. Bambang Setiawan, M.T.",
             official="kepala_dinas")
    add_user(store, "siti", "kepala_uptd", UPTD, full_name="Siti Rahmah, S.Kom., M.M.",
             official="kepala_uptd")
    add_user(store, "lama", "kepala_uptd", UPTD_OLD, active=False)
    add_user(store, "andi", "pelaksana", ANDI, official=PELAKSANA_NIP)
    add_user(store, "nurul", "pelaksana", NURUL, official=PELAKSANA_2_NIP)
    add_user(store, "sekre", "sekretariat", SEKRETARIAT)


@pytest.fixture
def mail_office(office: Office, smtp: SmtpServer) -> Office:
    with office.config_path.open("a", encoding="utf-8") as config:
        config.write(mail_settings(smtp.port))
    store = office.store()
    staff(store)
    store.close()
    return office


def register(kunjungan: CliRunner, office: Office) -> int:
    result = kunjungan("ingest", str(copy_sample("sample_01_smk.pdf", office.inbox)), "--json")
    assert result.code == 0, result.err
    return int(result.json()[0]["case"]["id"])


def delivered(kunjungan: CliRunner, smtp: SmtpServer) -> list[str]:
    """Send what is queued now; the addresses it reached, in order."""
    before = len(smtp.mailbox.messages)
    sent = kunjungan("notify", "send")
    assert sent.code == 0, sent.err
    return [m["To"] for m in smtp.mailbox.messages[before:]]


@both_databases
def test_each_step_mails_whoever_the_case_now_waits_on(
    mail_office: Office, kunjungan: CliRunner, smtp: SmtpServer
) -> None:
    case = register(kunjungan, mail_office)
    assert delivered(kunjungan, smtp) == [DINAS]
    assert delivered(kunjungan, smtp) == []  # sent once, not again
    assert kunjungan("dispose", str(case), "--instruction", "Tindak lanjuti").code == 0
    assert delivered(kunjungan, smtp) == [UPTD]  # not the disabled account
    # Receiving and deciding keep the turn with the Kepala UPTD: no new mail.
    assert kunjungan("approve", str(case), "--date", FUTURE_DATE, "--time", "09:00").code == 0
    assert delivered(kunjungan, smtp) == []
    assert kunjungan("assign", str(case), "--pelaksana", PELAKSANA_NIP).code == 0
    assert delivered(kunjungan, smtp) == [ANDI]  # the appointed one, not every pelaksana
    granted = date.fromisoformat(FUTURE_DATE)
    assert (f"Tanggal kunjungan: {format_day_date(granted)} pukul 09.00 WITA"  # not the letter's
            in smtp.mailbox.to(ANDI)[0].get_content())
    assert kunjungan("checkin", str(case), "--name", "Budi").code == 0
    assert delivered(kunjungan, smtp) == []


def test_the_mail_says_in_indonesian_what_is_asked_by_when_with_the_link(
    mail_office: Office, kunjungan: CliRunner, smtp: SmtpServer
) -> None:
    case = register(kunjungan, mail_office)
    assert kunjungan("dispose", str(case), "--instruction", "Tindak lanjuti").code == 0
    delivered(kunjungan, smtp)
    (to_dinas,) = smtp.mailbox.to(DINAS)
    (to_uptd,) = smtp.mailbox.to(UPTD)
    assert to_dinas["From"] == "kunjungan@tcc.example"
    assert to_dinas["Subject"] == ("[Kunjungan TCC] Menunggu Anda: disposisi, agenda 0001/2026,"
                                   " SMK Negeri 9 Tarakan")
    body = to_dinas.get_content()
    registered = mail_office.workflow().store.case(case).received_at
    due = (registered + timedelta(minutes=5)).astimezone(mail_office.config.timezone)
    for line in (
        "Yth. Ir. Bambang Setiawan, M.T.,",
        "Nomor agenda     : 0001/2026",
        "Instansi         : SMK Negeri 9 Tarakan",
        "Perihal          : Permohonan Kunjungan",
        "Nomor surat      : 421.5/214/SMKN9/XI/2026",
        "Tanggal kunjungan: Kamis, 12 November 2026 pukul 09.00 WITA",
        "Status           : terdaftar",
        "Yang diminta     : langkah 2: disposisi",
        f"Standar waktu    : 5 menit, yaitu sampai {format_datetime(due)}",
        f"Buka kasus: {PUBLIC_URL}/kasus/{case}",
    ):
        assert line in body, (line, body)
    uptd = to_uptd.get_content()
    assert "Yth. Siti Rahmah, S.Kom., M.M.," in uptd
    assert "Status           : didisposisi" in uptd
    assert ("Yang diminta     : langkah 3: terima disposisi untuk tindak lanjut; langkah 4: "
            "setujui kunjungan atau tolak kunjungan") in uptd


def test_a_server_down_or_refusing_is_tried_again_later_and_the_action_stands(
    office: Office, kunjungan: CliRunner
) -> None:
    port = free_port()  # nobody listens here yet
    with office.config_path.open("a", encoding="utf-8") as config:
        config.write(mail_settings(port))
    store = office.store()
    staff(store)
    case = register(kunjungan, office)
    assert store.case(case).state == "terdaftar"

    down = kunjungan("notify", "send")
    assert down.code == 1
    assert down.err.startswith("galat: 1 e-mail belum terkirim (ConnectionRefusedError")
    (queued,) = store.notifications(unsent_only=True)
    assert queued.attempts == 1 and "ConnectionRefused" in (queued.last_error or "")
    mail = office.config.mail
    now = datetime.now(UTC)
    # Not due again at once: the back-off holds it a minute.
    assert send_due(store, mail, now).sent + send_due(store, mail, now).failed == 0

    server = SmtpServer(port).start()
    try:
        server.mailbox.refusal = "451 4.3.0 Mailbox sementara tidak tersedia"
        refused = send_due(store, mail, now + timedelta(minutes=1))
        assert (refused.sent, refused.failed) == (0, 1)
        (queued,) = store.notifications(unsent_only=True)
        assert queued.attempts == 2 and queued.last_error == (
            "451 4.3.0 Mailbox sementara tidak tersedia")
        assert queued.next_attempt_at == now + timedelta(minutes=3)  # 1 + 2 minutes

        server.mailbox.refusal = None
        assert send_due(store, mail, now + timedelta(minutes=2)).sent == 0  # still waiting
        assert send_due(store, mail, now + timedelta(minutes=3)).sent == 1
        assert [m["To"] for m in server.mailbox.messages] == [DINAS]
        assert store.notifications(unsent_only=True) == []
        listed = kunjungan("notify", "list", "--all")
        assert "terkirim" in listed.out and DINAS in listed.out
    finally:
        server.stop()
        store.close()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_the_sender_logs_in_with_the_password_from_the_environment(
    office: Office, kunjungan: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = SmtpServer(login=("kunjungan", "rahasia-tcc")).start()
    try:
        with office.config_path.open("a", encoding="utf-8") as config:
            config.write(mail_settings(server.port, 'username = "kunjungan"\n'
                                                    'password_env = "TCC_SMTP_PASSWORD"\n'))
        store = office.store()
        staff(store)
        register(kunjungan, office)
        monkeypatch.delenv("TCC_SMTP_PASSWORD", raising=False)
        unset = kunjungan("notify", "send")
        assert unset.code == 3
        assert unset.err == ("galat: mail.password_env: variabel lingkungan TCC_SMTP_PASSWORD "
                             "(kata sandi kunjungan) belum diisi; e-mail tetap dalam antrean\n")
        assert server.mailbox.messages == []

        monkeypatch.setenv("TCC_SMTP_PASSWORD", "rahasia-tcc")
        # The server takes mail only after the login (530 otherwise).
        assert send_due(store, office.config.mail,
                        datetime.now(UTC) + timedelta(minutes=1)).sent == 1
        assert [m["To"] for m in server.mailbox.messages] == [DINAS]
        store.close()
    finally:
        server.stop()


def test_the_sender_uses_starttls_when_set(
    office: Office, kunjungan: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    certificate, key = self_signed_certificate(office.root)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))  # the client trusts it, and checks it
    server = SmtpServer(tls=(certificate, key)).start()  # refuses mail before STARTTLS
    try:
        with office.config_path.open("a", encoding="utf-8") as config:
            config.write(mail_settings(server.port, "starttls = true\n"))
        store = office.store()
        staff(store)
        store.close()
        register(kunjungan, office)
        assert kunjungan("notify", "send").out == "1 e-mail terkirim.\n"
        assert [m["To"] for m in server.mailbox.messages] == [DINAS]
    finally:
        server.stop()


def test_a_mail_is_queued_with_its_step_or_not_at_all(
    mail_office: Office, kunjungan: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk lost mid-transaction")

    # The registration fails after its mail was queued: both roll back.
    monkeypatch.setattr(Store, "add_document", staticmethod(broken))
    result = kunjungan("ingest", str(copy_sample("sample_01_smk.pdf", mail_office.inbox)))
    assert result.code != 0
    store = mail_office.store()
    assert store.cases() == [] and store.notifications() == []
    monkeypatch.undo()
    register(kunjungan, mail_office)
    assert [m.recipient for m in store.notifications()] == [DINAS]
    store.close()


def test_the_digest_lists_each_users_overdue_steps_once_a_day(
    mail_office: Office, kunjungan: CliRunner, smtp: SmtpServer
) -> None:
    first = register(kunjungan, mail_office)
    second = kunjungan("ingest", str(copy_sample("sample_02_universitas.pdf",
                                                   mail_office.inbox)), "--json")
    assert second.code == 0
    assert kunjungan("dispose", str(first), "--instruction", "Tindak lanjuti").code == 0
    # Nothing is late yet: each step's standard is minutes away.
    assert "tidak ada e-mail baru" in kunjungan("notify", "digest").out
    workflow = mail_office.workflow()
    store = workflow.store
    assert len(store.notifications()) == 3  # the mails of the three steps only

    later = datetime.now(UTC) + timedelta(hours=3)
    assert queue_digest(workflow.config, workflow.sop, store, later) == 2
    assert queue_digest(workflow.config, workflow.sop, store, later + timedelta(hours=1)) == 0
    delivered(kunjungan, smtp)
    (to_dinas,) = [m for m in smtp.mailbox.to(DINAS) if "Ringkasan" in m["Subject"]]
    (to_uptd,) = [m for m in smtp.mailbox.to(UPTD) if "Ringkasan" in m["Subject"]]
    assert "1 langkah melewati standar waktu" in to_dinas["Subject"]
    dinas = to_dinas.get_content()
    assert "Agenda 0002/2026, Fakultas Teknik Universitas Borneo Utara" in dinas
    assert "Yang diminta : langkah 2: disposisi" in dinas
    assert "(3 jam; standar 5 menit)" in dinas
    assert f"{PUBLIC_URL}/kasus/2" in dinas and "SMK Negeri 9" not in dinas
    assert "Agenda 0001/2026, SMK Negeri 9 Tarakan" in to_uptd.get_content()
    assert not [m for m in smtp.mailbox.messages if m["To"] in (ANDI, NURUL, SEKRETARIAT)]

    # The next day brings the next digest.
    assert queue_digest(workflow.config, workflow.sop, store, later + timedelta(days=1)) == 2
    store.close()


def test_the_service_sends_mail_on_its_own(office: Office, smtp: SmtpServer,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUNJUNGAN_PDF", "0")  # no PDF renditions: not what is tested here
    with office.config_path.open("a", encoding="utf-8") as config:
        config.write(mail_settings(smtp.port))
    store = office.store()
    staff(store)
    store.close()
    process = start_service(office)
    try:
        copy_sample("sample_01_smk.pdf", office.inbox)
        smtp.mailbox.wait(lambda: len(smtp.mailbox.to(DINAS)) == 1)
        assert f"{PUBLIC_URL}/kasus/1" in smtp.mailbox.to(DINAS)[0].get_content()
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "sent 1 mail(s)" in err


def test_the_mail_thread_queues_the_digest_at_its_time_and_keeps_mail_without_a_host(
    office: Office, kunjungan: CliRunner, caplog: pytest.LogCaptureFixture
) -> None:
    with office.config_path.open("a", encoding="utf-8") as config:
        config.write('\n[mail]\ndigest_time = "07:30"\n')  # no host: nothing is sent
    store = office.store()
    staff(store)
    register(kunjungan, office)
    workflow = office.workflow()
    thread = MailService(workflow.config)
    zone = workflow.config.timezone
    tomorrow = datetime.now(zone).date() + timedelta(days=1)
    early = datetime.combine(tomorrow, time(7, 29), zone)
    caplog.set_level(logging.INFO, logger="pipeline.notify")
    thread.run_pass(workflow.sop, store, early)
    thread.run_pass(workflow.sop, store, early)
    assert [m.subject.split(":")[0] for m in store.notifications()] == [
        "[Kunjungan TCC] Menunggu Anda"]
    thread.run_pass(workflow.sop, store, early + timedelta(minutes=1))
    thread.run_pass(workflow.sop, store, early + timedelta(hours=3))
    digests = [m for m in store.notifications() if m.dedupe_key.startswith("digest:")]
    assert [m.dedupe_key for m in digests] == [f"digest:{tomorrow.isoformat()}:bambang"]
    assert all(m.sent_at is None and m.attempts == 0 for m in store.notifications())
    unsent = [r.message for r in caplog.records if "stay queued" in r.message]
    assert unsent == ["[mail] host is not set: notifications stay queued, unsent"]
    store.close()
