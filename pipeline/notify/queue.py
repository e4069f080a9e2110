"""Queueing mail: when a case starts waiting on someone, and the daily digest.

`WaitingNotifier.step_recorded` runs inside the transaction of the step that made the case
wait (the engine calls it after each event it records), so the mail and the step commit
together or not at all. Sending is someone else's job (`pipeline.notify.sender`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime

from pipeline.config import Config
from pipeline.notify.compose import OverdueStep, asked_of, concerns, digest_mail, waiting_mail
from pipeline.store import Store, Transaction
from pipeline.store.mailqueue import Recipient
from pipeline.workflow.sop import Sop
from pipeline.workflow.views import CaseView

log = logging.getLogger(__name__)


class WaitingNotifier:
    """Queues one mail per account a case starts waiting on."""

    def __init__(self, config: Config, sop: Sop, store: Store) -> None:
        self.config = config
        self.sop = sop
        self.store = store

    def step_recorded(self, conn: Transaction, case_id: int, state_from: str | None,
                      state_to: str, event_id: int) -> int:
        """After an event: mail the accounts of each role whose turn it has just become (a
        role already waited on before the step was told then). Returns the mails queued."""
        before = {a.role for a in self.sop.next_steps(state_from)} if state_from else set()
        roles = [r for r in dict.fromkeys(a.role for a in self.sop.next_steps(state_to))
                 if r not in before]
        recipients = [user for role in roles for user in self.store.recipients(role)]
        if not recipients:
            return 0
        # Read inside the transaction: the case as this step leaves it. Its waiting needs
        # neither documents nor signed copies.
        view = CaseView(self.store.case(case_id), (), (), self.sop, self.config)
        queued = 0
        for user in recipients:
            if concerns(user, view.case, self.config):
                draft = waiting_mail(user, view.case, view.waiting, self.sop, self.config,
                                     event_id)
                queued += self.store.queue_notification(conn, draft, datetime.now(UTC))
        return queued


def overdue_for_each(config: Config, sop: Sop, store: Store, users: Sequence[Recipient],
                     now: datetime) -> dict[Recipient, list[OverdueStep]]:
    """For each of `users` with any, the steps waiting on them past their time standard at
    `now`."""
    open_states = [s.name for s in sop.states.values() if not s.final]
    late = []
    for case in store.cases_in_states(open_states):
        waiting = CaseView(case, (), (), sop, config).waiting
        if waiting.overdue(now):
            late.append((case, waiting))
    out: dict[Recipient, list[OverdueStep]] = {}
    for user in users:
        mine = [OverdueStep(case, asked_of(sop, case.state, user.role), waiting)
                for case, waiting in late
                if user.role in waiting.roles and concerns(user, case, config)]
        if mine:
            out[user] = mine
    return out


def queue_digest(config: Config, sop: Sop, store: Store, now: datetime) -> int:
    """Queue today's digest for every account with overdue steps; an account already sent
    today's is passed by (the dedupe key holds the date). Returns the mails queued."""
    day: date = now.astimezone(config.timezone).date()
    overdue = overdue_for_each(config, sop, store, store.recipients(), now)
    queued = 0
    with store.transaction() as conn:
        for user, steps in overdue.items():
            draft = digest_mail(user, steps, day, now, config)
            queued += store.queue_notification(conn, draft, datetime.now(UTC))
    log.info("digest of %s: %d mail(s) queued", day.isoformat(), queued)
    return queued
