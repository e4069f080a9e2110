"""E-mail notifications: a mail queued in the transaction of each step that makes a case wait
on someone (`queue`), composed in Indonesian (`compose`), sent over SMTP with retries apart
from the actions (`sender`, run by the service's mail thread in `service`), and a daily digest
of overdue steps."""
