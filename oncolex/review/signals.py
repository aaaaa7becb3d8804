"""What the review services announce, for apps that act on review transitions
(mail notifications) without the services knowing about them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent once the transaction of a transition has committed, never before, with
# `action` (an AuditAction value), `submission` and `user` (who acted).
transition_committed = Signal()
