"""Word-level diff inside one changed block."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from html import escape

from lxml import etree

from oncolex.htmldiff.markup import VOID, start_tag, word_mark

# A word or a punctuation mark with the spaces after it: spaces are never
# compared on their own (half the tokens, and a re-wrapped line is no change).
# Words in one block beyond which it is not compared word by word.
MAX_WORDS = 4000
_WORD = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


_Token = tuple[
    str, tuple[str, ...], bool
]  # (text or markup, inline context, is markup)


def _tokens(element: etree._Element | None) -> list[_Token]:
    """The words, spaces and void elements of a block, each with the start tags
    of the inline elements around it."""
    tokens: list[_Token] = []
    if element is None:
        return tokens

    def text(value: str | None, context: tuple[str, ...]) -> None:
        for word in _WORD.findall(value or ""):
            tokens.append((word, context, False))

    def walk(node: etree._Element, context: tuple[str, ...]) -> None:
        text(node.text, context)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag in VOID:
                    tokens.append((start_tag(child), context, True))
                else:
                    walk(child, (*context, start_tag(child)))
            text(child.tail, context)

    walk(element, ())
    return tokens


def _keys(
    tokens: list[_Token], ids: dict[tuple[str, tuple[str, ...]], int]
) -> list[int]:
    """Each token as a small int (difflib hashes ints much faster than tuples);
    a word is compared without its trailing spaces, its context with it."""
    return [
        ids.setdefault((word.strip() or " ", context), len(ids))
        for word, context, _markup in tokens
    ]


def _tag_name(start_tag: str) -> str:
    return start_tag[1:].split(" ", 1)[0].rstrip(">")


def _write_tokens(tokens: list[tuple[_Token, str]]) -> str:
    """Serialise (token, status) pairs; status is "", "ins" or "del". The stack
    of open tags follows each token's context, with <ins>/<del> innermost, so
    the output is always well nested."""
    out: list[str] = []
    text: list[str] = []  # words waiting to be escaped in one go
    stack: tuple[str, ...] = ()
    previous_status = ""
    for (word, context, markup), status in tokens:
        wanted = (*context, f"<{status}>") if status else context
        if wanted != stack:
            out.append(escape("".join(text)))
            text = []
            common = 0
            limit = min(len(stack), len(wanted))
            while common < limit and stack[common] == wanted[common]:
                common += 1
            out.extend(f"</{_tag_name(start)}>" for start in reversed(stack[common:]))
            for start in wanted[common:]:
                out.append(start)
                if start in ("<ins>", "<del>") and status != previous_status:
                    out.append(word_mark(status))
            stack = wanted
        if markup:
            out.append(escape("".join(text)))
            text = []
            out.append(word)
        else:
            text.append(word)
        previous_status = status
    out.append(escape("".join(text)))
    out.extend(f"</{_tag_name(start)}>" for start in reversed(stack))
    return "".join(out)


def word_diff(old: etree._Element | None, new: etree._Element | None) -> str:
    """The inner HTML of `new` with the words that differ from `old` marked."""
    a, b = _tokens(old), _tokens(new)
    if len(a) > MAX_WORDS or len(b) > MAX_WORDS:
        # difflib is quadratic at worst: a block this long is shown as
        # replaced whole rather than hold the page for seconds.
        runs: list[tuple[str, list[_Token], list[_Token]]] = [("replace", a, b)]
    else:
        ids: dict[tuple[str, tuple[str, ...]], int] = {}
        matcher = SequenceMatcher(None, _keys(a, ids), _keys(b, ids), autojunk=False)
        runs = [
            (tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
        runs = _absorb_small_equal_runs(runs)
    out: list[tuple[_Token, str]] = []
    for tag, before, after in runs:
        if tag == "equal":
            out.extend((token, "") for token in after)
        else:
            out.extend(_changed_run(before, after))
    return _write_tokens(out)


def _changed_run(before: list[_Token], after: list[_Token]) -> list[tuple[_Token, str]]:
    """Removed then added words; the space after the last word stays outside
    the marks ("<del>100</del><ins>200</ins> mg", not "<ins>200 </ins>mg")."""
    space: _Token | None = None
    marked: list[tuple[_Token, str]] = []
    for tokens, status in ((before, "del"), (after, "ins")):
        if not tokens:
            continue
        *rest, (word, context, markup) = tokens
        trimmed = word.rstrip()
        if trimmed != word and not markup:
            space = (word[len(trimmed) :], context, False)
            tokens = [*rest, (trimmed, context, markup)] if trimmed else rest
        marked.extend((token, status) for token in tokens)
    if space is not None:
        marked.append((space, ""))
    return marked


def _is_filler(word: str) -> bool:
    return not word.strip() or (len(word) == 1 and not word.isalnum())


def _absorb_small_equal_runs(
    runs: list[tuple[str, list[_Token], list[_Token]]],
) -> list[tuple[str, list[_Token], list[_Token]]]:
    """A space or a comma left equal between two changes splits one change in
    two ("<del>a</del><ins>b</ins> <del>c</del><ins>d</ins>"): fold it in."""
    merged: list[tuple[str, list[_Token], list[_Token]]] = []
    for index, run in enumerate(runs):
        tag, before, after = run
        between_changes = (
            tag == "equal"
            and 0 < index < len(runs) - 1
            and all(_is_filler(token[0]) for token in after)
        )
        if between_changes or tag != "equal":
            if merged and merged[-1][0] == "change":
                _tag, old_before, old_after = merged[-1]
                merged[-1] = ("change", old_before + before, old_after + after)
            else:
                merged.append(("change", list(before), list(after)))
        else:
            merged.append(run)
    return merged
