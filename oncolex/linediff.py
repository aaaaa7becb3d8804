"""A line-by-line diff of two texts (the Markdown editors write), with the
unchanged stretches folded to a few lines of context, as `diff -u` does."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

CONTEXT = 3


@dataclass(frozen=True)
class Line:
    # "same", "added", "removed", or "skipped" (that many unchanged lines).
    status: str
    old_number: int | None
    new_number: int | None
    text: str
    skipped: int = 0

    @property
    def marker(self) -> str:
        return {"added": "+", "removed": "-", "same": " "}.get(self.status, "…")


def line_diff(old: str, new: str, *, context: int = CONTEXT) -> list[Line]:
    a, b = old.splitlines(), new.splitlines()
    lines: list[Line] = []
    # Blank lines are everywhere in Markdown: anchoring matches on them makes
    # difflib slow and the result worse, so they only fill in between.
    matcher = SequenceMatcher(_blank, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines.extend(_folded(a, i1, i2, j1, context=context))
            continue
        lines.extend(Line("removed", i + 1, None, a[i]) for i in range(i1, i2))
        lines.extend(Line("added", None, j + 1, b[j]) for j in range(j1, j2))
    if all(line.status in ("same", "skipped") for line in lines):
        return []
    return lines


def _blank(line: str) -> bool:
    return not line.strip()


def _folded(a: list[str], i1: int, i2: int, j1: int, *, context: int) -> list[Line]:
    same = [Line("same", i + 1, j1 + (i - i1) + 1, a[i]) for i in range(i1, i2)]
    if len(same) <= 2 * context + 1:
        return same
    head, tail = same[:context], same[-context:]
    hidden = len(same) - 2 * context
    return [*head, Line("skipped", None, None, "", skipped=hidden), *tail]
