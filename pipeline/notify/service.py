"""The service's mail thread: sends queued mail and queues the daily digest, beside the
watcher (`kunjungan run`). It has a store of its own, and nothing it meets (a mail server down,
a busy database) reaches the intake: it logs and tries again at the next pass."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, date, datetime

from pipeline.config import Config
from pipeline.errors import KunjunganError
from pipeline.notify.queue import queue_digest
from pipeline.notify.sender import send_due
from pipeline.store import Store
from pipeline.workflow.sop import Sop

log = logging.getLogger(__name__)

PASS_SECONDS = 2.0
STOP_WAIT_SECONDS = 2.0


class MailService:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="mail", daemon=True)
        self.digest_day: date | None = None  # the last day whose digest was queued
        self.told_unsent = False

    def start(self) -> MailService:
        self.thread.start()
        return self

    def stop(self) -> None:
        """A send in progress is left to finish on its own (the thread is a daemon); a mail
        it had claimed is tried again by the next service after the claim lapses."""
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=STOP_WAIT_SECONDS)

    def _run(self) -> None:
        from pipeline.workflow.engine import VOCABULARY
        from pipeline.workflow.sop import load_sop

        sop = load_sop(VOCABULARY)
        store = Store(self.config.database.url, self.config.database.busy_timeout_seconds)
        try:
            while not self.stopping.is_set():
                try:
                    self.run_pass(sop, store, datetime.now(UTC))
                except KunjunganError as exc:  # e.g. the database busy: next pass
                    log.warning("mail pass: %s", exc.message)
                except Exception:  # mail must never take the service down with it
                    log.exception("mail pass failed")
                self.stopping.wait(PASS_SECONDS)
        finally:
            store.close()

    def run_pass(self, sop: Sop, store: Store, now: datetime) -> None:
        mail = self.config.mail
        local = now.astimezone(self.config.timezone)
        if local.time() >= mail.digest_time and self.digest_day != local.date():
            queue_digest(self.config, sop, store, now)
            self.digest_day = local.date()
        if mail.enabled:
            send_due(store, mail, now)
        elif not self.told_unsent:
            log.info("[mail] host is not set: notifications stay queued, unsent")
            self.told_unsent = True
