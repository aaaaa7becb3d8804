"""The tamper-evident record: published versions and audit events, each sealed
with a SHA-256 that chains to the record before it.

There is one chain per sealed model (`articles.publishedarticle`,
`epidemiology.publisheddataset`, `articles.publishedcancertype`,
`oncolex.auditevent`, ...), in primary-key order. `ChainHead` holds each
chain's last hash and length; appending locks it, so concurrent approvals line
up and the chain never forks.

Canonical form of a record (what is hashed), version 1:

* a JSON object with the key ``"model"`` (the app label and model name, e.g.
  ``"articles.publishedarticle"``) and one key per concrete field, named by its
  column attribute (``article_id``, ``number``, ...), except the seal itself
  (``previous_hash``, ``content_hash``) and the fields the model lists in
  ``chain_mutable_fields`` (a published version's ``is_current`` and
  ``unpublished_at``: unpublishing is recorded as an audit event instead);
* fields whose value is empty or false (null, ``false``, ``0``, ``""``, ``[]``,
  ``{}``) are left out, so a field added later with such a default does not
  change old records' hashes (a changed value still changes the hash);
* values as JSON: datetimes in UTC as ISO 8601 with microseconds
  (``2026-01-15T10:30:00.000000+00:00``), dates as ``YYYY-MM-DD``, decimals
  as strings, JSON fields as stored;
* keys sorted, no whitespace (separators ``,`` and ``:``), UTF-8, non-ASCII
  characters unescaped.

``content_hash = sha256(previous_hash + "\\n" + canonical form)`` in hex, with
``previous_hash`` the hash of the chain's previous record, or 64 zeros for the
first. `verify` recomputes every record and names the first that differs.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

GENESIS = "0" * 64
SEAL_FIELDS = ("previous_hash", "content_hash")


def chain_name(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def canonical(record: models.Model) -> bytes:
    """The record's content in the canonical form described above."""
    mutable = set(getattr(record, "chain_mutable_fields", ()))
    data: dict[str, Any] = {"model": chain_name(type(record))}
    for field in record._meta.concrete_fields:
        if field.attname in SEAL_FIELDS or field.name in mutable:
            continue
        value = field.value_from_object(record)
        if not value:
            continue
        data[field.attname] = _plain(value)
    return json.dumps(
        data,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    ).encode()


def digest(previous_hash: str, record: models.Model) -> str:
    return hashlib.sha256(
        previous_hash.encode() + b"\n" + canonical(record)
    ).hexdigest()


def lock(model: type[models.Model]) -> Any:
    """Hold the chain's head until the transaction ends. Take it before writing
    a record that will be appended, so records get their primary keys in chain
    order even when two approvals run at once."""
    from oncolex.review.models import ChainHead

    head, _ = ChainHead.objects.select_for_update().get_or_create(
        name=chain_name(model), defaults={"hash": GENESIS, "length": 0}
    )
    return head


def append(record: models.Model) -> None:
    """Save `record` if it is new, then seal it as its chain's newest link.

    The record is read back first, so the hash is of what the database holds
    (dates, JSON) and not of the Python values that went in.
    """
    with transaction.atomic():
        head = lock(type(record))
        if record.pk is None:
            record.save()
        model = type(record)
        stored = model._base_manager.get(pk=record.pk)
        content_hash = digest(head.hash, stored)
        model._base_manager.filter(pk=record.pk).update(
            previous_hash=head.hash, content_hash=content_hash
        )
        record.previous_hash = head.hash
        record.content_hash = content_hash
        head.hash = content_hash
        head.length += 1
        head.save(update_fields=["hash", "length"])


def seal_audit_event(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    """post_save of AuditEvent: every event is sealed as it is written, by
    whichever code writes it. (Published versions are sealed by the approval,
    once their stored page is complete.)"""
    if created and not instance.content_hash:
        append(instance)


def sealed_models() -> list[type[models.Model]]:
    """Every installed model that carries a seal."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if all(
            any(f.name == name for f in model._meta.concrete_fields)
            for name in SEAL_FIELDS
        )
    ]


@dataclass
class Break:
    """The first record of a chain that does not match."""

    chain: str
    record: models.Model | None
    reason: str

    def __str__(self) -> str:
        if self.record is None:
            return f"{self.chain}: {self.reason}"
        return f"{self.chain} #{self.record.pk} ({self.record}): {self.reason}"


def _records(model: type[models.Model]) -> Iterator[models.Model]:
    return model._base_manager.order_by("pk").iterator(chunk_size=500)


def verify_chain(model: type[models.Model]) -> tuple[int, Break | None]:
    """Walk one chain; return how many records matched and the first break."""
    from oncolex.review.models import ChainHead

    name = chain_name(model)
    running = GENESIS
    count = 0
    for record in _records(model):
        if record.previous_hash != running:
            return count, Break(
                name,
                record,
                "it does not follow the record before it "
                "(a record was removed, inserted or reordered)",
            )
        if record.content_hash != digest(running, record):
            return count, Break(
                name, record, "its content does not match its hash (altered)"
            )
        running = record.content_hash
        count += 1
    head = ChainHead.objects.filter(name=name).first()
    head_hash, head_length = (head.hash, head.length) if head else (GENESIS, 0)
    if (head_hash, head_length) != (running, count):
        return count, Break(
            name,
            None,
            f"the chain should end after {head_length} records with "
            f"{head_hash[:12]}, but ends after {count} with {running[:12]} "
            "(records were removed from its end)",
        )
    return count, None


def reseal_all(model: type[models.Model], head_model: Any) -> None:
    """Seal every record of `model` in order, from scratch: for the data
    migration that seals rows written before seals existed. `model` and
    `head_model` may be historical models."""
    running = GENESIS
    count = 0
    for record in model._base_manager.order_by("pk").iterator(chunk_size=500):
        record.chain_mutable_fields = ("is_current", "unpublished_at")
        content_hash = digest(running, record)
        model._base_manager.filter(pk=record.pk).update(
            previous_hash=running, content_hash=content_hash
        )
        running = content_hash
        count += 1
    head_model.objects.update_or_create(
        name=model._meta.label_lower, defaults={"hash": running, "length": count}
    )
