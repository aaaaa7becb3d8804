"""Background work, queued with Django's tasks framework and run by the
database worker (`manage.py db_worker`). Never called inside a request."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from oncolex import dates
from workspace import digest, notifications
from workspace.models import Mail, MailState

logger = logging.getLogger("workspace.mail")


@task
def mail_transition(*, action: str, submission_id: int, actor_id: int) -> int:
    """Write the mails for one review transition and queue each for sending."""
    with transaction.atomic():
        mails = notifications.transition_mails(
            action=action, submission_id=submission_id, actor_id=actor_id
        )
        queue_sending(mails)
    return len(mails)


@task
def mail_weekly_digest() -> int:
    """The weekly digest of overdue and soon-due reviews, per medical editor."""
    with transaction.atomic():
        mails = digest.digest_mails(today=dates.today())
        queue_sending(mails)
    return len(mails)


def queue_sending(mails: list[Mail]) -> None:
    # The queue is a table in the same database: the sends are queued in the
    # transaction that writes the mails, so there is never one without the other.
    for mail in mails:
        send_mail.enqueue(mail_id=mail.pk)


@task
def send_mail(*, mail_id: int) -> str:
    """Send one mail. A failure is logged and kept on the row; the send is
    tried again later, up to ONCOLEX_MAIL_ATTEMPTS times, then marked failed
    (and listed in the admin) rather than dropped."""
    mail = Mail.objects.select_related("recipient").get(pk=mail_id)
    if mail.state != MailState.QUEUED:
        return mail.state
    message = EmailMultiAlternatives(
        subject=mail.subject, body=mail.body_text, to=[mail.to]
    )
    message.attach_alternative(mail.body_html, "text/html")
    mail.attempts += 1
    try:
        message.send()
    except Exception as error:  # any failure is retried, and kept on the row
        mail.last_error = f"{type(error).__name__}: {error}"[:2000]
        if mail.attempts < settings.ONCOLEX_MAIL_ATTEMPTS:
            delay = settings.ONCOLEX_MAIL_RETRY_SECONDS * 2 ** (mail.attempts - 1)
            logger.warning(
                "Mail %s to %s failed (attempt %s), retrying in %ss: %s",
                mail.pk, mail.to, mail.attempts, delay, mail.last_error,
            )  # fmt: skip
            mail.save(update_fields=["attempts", "last_error"])
            send_mail.using(
                run_after=timezone.now() + datetime.timedelta(seconds=delay)
            ).enqueue(mail_id=mail.pk)
        else:
            logger.error(
                "Mail %s to %s failed for good after %s attempts: %s",
                mail.pk, mail.to, mail.attempts, mail.last_error,
            )  # fmt: skip
            mail.state = MailState.FAILED
            mail.save(update_fields=["attempts", "last_error", "state"])
        return mail.state
    mail.state = MailState.SENT
    mail.sent_at = timezone.now()
    mail.save(update_fields=["attempts", "state", "sent_at"])
    logger.info("Mail %s (%s) sent to %s", mail.pk, mail.kind, mail.to)
    return mail.state
