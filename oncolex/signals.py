"""Signals other apps listen to without the review machinery knowing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that publishes or unpublishes something, after
# the publication generation moved (oncolex.page_cache.invalidate_public_pages):
# whatever holds copies of public pages drops them before the change commits.
public_pages_changing = Signal()
