"""What changed in an article's figures between two revisions, for the approver:
each figure as a <figure> block with its thumbnail, old beside new."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from figures.blocks import media_url

# The fields a reader sees, in the order the approver reads them.
COMPARED = {
    "image": _("image file"),
    "decorative": _("decorative"),
    "alt_en": _("alt text (English)"),
    "alt_nb": _("alt text (Bokmål)"),
    "caption_en": _("caption (English)"),
    "caption_nb": _("caption (Bokmål)"),
    "credit": _("creator / credit"),
    "licence": _("licence"),
    "source_url": _("source URL"),
    "clinical_photograph": _("clinical photograph"),
    "consent_confirmed": _("consent is on file"),
    "video": _("video"),
    "captions_en": _("captions (English, WebVTT)"),
    "captions_nb": _("captions (Bokmål, WebVTT)"),
}


def _card(figure: dict[str, Any] | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {
        "thumbnail": media_url(str(figure["thumbnail"])),
        "alt": figure["alt_en"],
        "fields": [(label, figure.get(name, "")) for name, label in COMPARED.items()],
    }


def figure_changes(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    changes = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key), new.get(key)
        if before is None:
            status = "added"
        elif after is None:
            status = "removed"
        else:
            changed = [
                str(label)
                for name, label in COMPARED.items()
                if before.get(name) != after.get(name)
            ]
            status = "changed" if changed else "unchanged"
        changes.append(
            {
                "key": key,
                "status": status,
                "changed_fields": changed if status == "changed" else [],
                "old": _card(before) if status in ("removed", "changed") else None,
                "new": _card(after) if status != "unchanged" else None,
            }
        )
    return changes


def figure_diff_html(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]
) -> SafeString:
    if not old and not new:
        return mark_safe("")
    # A template with autoescaping: every field is escaped.
    return mark_safe(
        render_to_string(
            "figures/_figure_diff.html", {"changes": figure_changes(old, new)}
        )
    )
