from __future__ import annotations

from django.utils.text import slugify

# Letters that Unicode does not decompose into an ASCII base letter.
_NORDIC = str.maketrans({"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a"})


def slugify_anchor(text: str) -> str:
    """'Forekomst og årsaker' -> 'forekomst-og-arsaker' (stable, ASCII, lowercase)."""
    return slugify(text.translate(_NORDIC))[:80].strip("-")
