"""Markdown -> safe HTML, done once at approval time.

Two walls: markdown-it (CommonMark) with raw HTML off and only allow-listed link
schemes, then nh3 (the Rust `ammonia` sanitiser) with an allow-list of tags and
attributes. Internal `article:` links and `[n]` citations are resolved here;
whatever cannot be resolved stays as plain text and is reported to the editor.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from articles.slugs import slugify_anchor

# (slug, anchor or "") -> (url, note) where note marks e.g. another language;
# None when the target is not published or has no such anchor.
LinkResolver = Callable[[str, str], "tuple[str, str] | None"]

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "article", "figure"})
FIGURE_SCHEME = "figure:"
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_CITATION = re.compile(r"\[(\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*)\]")

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup",
    "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    # `rel` only as _mark_external_links sets it: editors write no raw HTML.
    "a": {"href", "title", "class", "rel"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "th": {"scope"},
    "ol": {"start"},
    "span": {"class"},
}


class FigureHooks(Protocol):
    """How `figure:KEY` resolves (figures/blocks.py implements it): a picture
    on a line of its own becomes the figure block, a link becomes "Figure N"."""

    def number(self, key: str) -> int | None: ...

    def anchor(self, key: str) -> str: ...

    def label(self, key: str) -> str: ...

    def block(self, key: str) -> str | None:
        """The trusted <figure> HTML, or None if the article has no such key."""

    def text(self, key: str) -> str:
        """What search should find of the figure: its caption and alt text."""


@dataclass
class RenderedBody:
    html: str
    text: str
    anchors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _validate_link(url: str) -> bool:
    url = url.strip()
    match = _SCHEME.match(url)
    if match:
        return match.group(1).lower() in ALLOWED_SCHEMES
    # No scheme: only in-page anchors. Paths and protocol-relative URLs would
    # let an editor point readers anywhere without the review seeing a scheme.
    return url.startswith("#")


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False})
    md.enable("table")
    # Keep backslash escapes and entities as their own tokens, so `\[1\]` is
    # literal text and not a citation; _rewrite_inline turns them into text.
    md.disable("text_join")
    md.validateLink = _validate_link
    return md


_MD = _parser()


def _citation_tokens(
    text: str, reference_count: int, problems: list[str]
) -> list[Token] | None:
    """Split a text token into text and links to `#ref-N`; None if no citation."""
    if "[" not in text:
        return None
    out: list[Token] = []
    cursor = 0
    for match in _CITATION.finditer(text):
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        missing = [n for n in numbers if not 1 <= n <= reference_count]
        if missing:
            problems.append(
                f"Citation {match.group(0)} points at no reference "
                f"(the article has {reference_count})."
            )
            continue
        before = text[cursor : match.start()]
        if before:
            out.append(_text(before))
        out.append(_text("["))
        parts = re.split(r"(\d+)", match.group(1))
        for part in parts:
            if part.isdigit():
                link = Token("link_open", "a", 1)
                # int() so that `[01]` points at #ref-1, which exists. Nothing
                # else: a page has hundreds of citations (see _mark_external_links).
                link.attrs = {"href": f"#ref-{int(part)}"}
                out.extend([link, _text(part), Token("link_close", "a", -1)])
            elif part:
                out.append(_text(part))
        out.append(_text("]"))
        cursor = match.end()
    if not out:
        return None
    if cursor < len(text):
        out.append(_text(text[cursor:]))
    return out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _rewrite_inline(
    children: list[Token],
    *,
    reference_count: int,
    resolve_link: LinkResolver,
    problems: list[str],
    figures: FigureHooks | None = None,
) -> list[Token]:
    out: list[Token] = []
    dropped_depth = 0  # unresolved internal links: keep their text, drop the <a>
    link_depth = 0
    replacing_label = False  # inside a figure cross-reference: "Figure N" only
    for token in children:
        if replacing_label and token.type != "link_close":
            continue
        if token.type == "image":
            out.extend(_inline_image(token, in_link=link_depth > 0, problems=problems))
            continue
        if token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            if href.lower().startswith(FIGURE_SCHEME):
                label = _figure_reference(token, href, figures, problems)
                if label is None:
                    dropped_depth += 1
                    continue
                link_depth += 1
                out.extend([token, label])
                replacing_label = True
                continue
            if href.lower().startswith("article:"):
                # markdown-it percent-encodes the destination; the resolver
                # compares slugs and anchors as the editor typed them.
                slug, _, anchor = unquote(href[len("article:") :]).partition("#")
                resolved = resolve_link(slug, anchor)
                if resolved is None:
                    problems.append(f"Link to {href} has no published target.")
                    dropped_depth += 1
                    continue
                url, note = resolved
                token.attrs["href"] = url
                if note:
                    token.attrs["title"] = note
            link_depth += 1
            out.append(token)
        elif token.type == "link_close":
            replacing_label = False
            if dropped_depth and link_depth == 0:
                dropped_depth -= 1
                continue
            link_depth -= 1
            out.append(token)
        elif token.type == "text" and link_depth == 0:
            replaced = _citation_tokens(token.content, reference_count, problems)
            out.extend(replaced if replaced is not None else [token])
        elif token.type == "text_special":
            out.append(_text(token.content))
        else:
            out.append(token)
    return out


def _figure_reference(
    token: Token, href: str, figures: FigureHooks | None, problems: list[str]
) -> Token | None:
    """Point a `figure:KEY` link at the figure; return its "Figure N" text, or
    None (reported) when the article has no such figure."""
    key = unquote(href[len(FIGURE_SCHEME) :])
    if figures is None or figures.number(key) is None:
        problems.append(f"Link to {href} has no figure in this article.")
        return None
    token.attrs["href"] = f"#{figures.anchor(key)}"
    token.attrs["class"] = "figure-ref"
    return _text(figures.label(key))


def _inline_image(token: Token, *, in_link: bool, problems: list[str]) -> list[Token]:
    """A picture inside running text. Only figures show pictures, and they
    stand on a line of their own; anything else stays a link to the picture,
    as the text read before images were part of Markdown here."""
    src = str(token.attrs.get("src", ""))
    alt = token.content
    if src.lower().startswith(FIGURE_SCHEME):
        problems.append(
            f"Figure {unquote(src[len(FIGURE_SCHEME) :])} must stand on a line of "
            "its own to be shown."
        )
        return [_text(alt)]
    if in_link or not src.lower().startswith(("http:", "https:")):
        return [_text(alt)]
    link = Token("link_open", "a", 1)
    link.attrs = {"href": src}
    return [_text("!"), link, _text(alt), Token("link_close", "a", -1)]


def _placed_key(tokens: list[Token], index: int) -> str | None:
    """The key of `![…](figure:KEY)` if the paragraph at `index` is only that."""
    if index + 2 >= len(tokens) or tokens[index + 1].type != "inline":
        return None
    children = [
        child
        for child in tokens[index + 1].children or []
        if child.type not in ("softbreak", "hardbreak")
        and not (child.type == "text" and not child.content.strip())
    ]
    if len(children) != 1 or children[0].type != "image":
        return None
    src = str(children[0].attrs.get("src", ""))
    if not src.lower().startswith(FIGURE_SCHEME):
        return None
    return unquote(src[len(FIGURE_SCHEME) :])


def figure_keys(body: str) -> list[str]:
    """Keys of the figures a body places, in order (for numbering)."""
    tokens = _MD.parse(body)
    keys = (
        _placed_key(tokens, i)
        for i, token in enumerate(tokens)
        if token.type == "paragraph_open"
    )
    return [key for key in keys if key is not None]


def _place_figures(
    tokens: list[Token], figures: FigureHooks | None, problems: list[str]
) -> dict[str, tuple[str, str]]:
    """Turn each paragraph that places a figure into a marker paragraph; return
    marker -> (key, figure HTML). The markers carry a random nonce, so text an editor
    typed can never be mistaken for one and replaced with markup."""
    nonce = secrets.token_hex(8)
    blocks: dict[str, tuple[str, str]] = {}
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open":
            continue
        key = _placed_key(tokens, index)
        if key is None:
            continue
        html = figures.block(key) if figures is not None else None
        marker = f"oncolex-figure-{nonce}-{len(blocks)}"
        if html is None:
            problems.append(f"Figure {key} is not attached to this article.")
            html = ""
        tokens[index + 1].children = [_text(marker)]
        blocks[marker] = (key, html)
    return blocks


def render_body(
    body: str,
    *,
    anchor_prefix: str,
    reference_count: int,
    resolve_link: LinkResolver,
    taken_anchors: set[str] | None = None,
    figures: FigureHooks | None = None,
) -> RenderedBody:
    """Render one section body. Headings inside it become h3-h6 with stable ids;
    `figure:` references become figures and "Figure N" links via `figures`."""
    problems: list[str] = []
    anchors: list[str] = []
    taken = taken_anchors if taken_anchors is not None else set()
    # The section itself carries this id; a heading must never repeat it.
    taken.add(anchor_prefix)
    suffixes: dict[str, int] = {}
    tokens = _MD.parse(body)
    figure_blocks = _place_figures(tokens, figures, problems)
    text_parts: list[str] = []
    for index, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close"):
            # The section heading is an h2: body headings sit below it.
            level = min(6, int(token.tag[1]) + 2)
            token.tag = f"h{level}"
            if token.type == "heading_open":
                title = _plain_text(tokens[index + 1].children or [])
                anchor = _unique(
                    f"{anchor_prefix}-{slugify_anchor(title)}", taken, suffixes
                )
                token.attrs["id"] = anchor
                anchors.append(anchor)
        elif token.type == "th_open":
            token.attrs["scope"] = "col"
        elif token.type in ("fence", "code_block"):
            text_parts.append(token.content)
        elif token.type == "inline" and token.children is not None:
            token.children = _rewrite_inline(
                token.children,
                reference_count=reference_count,
                resolve_link=resolve_link,
                problems=problems,
                figures=figures,
            )
            plain = _plain_text(token.children)
            if plain in figure_blocks:
                key, html = figure_blocks[plain]
                if html and figures is not None:
                    text_parts.append(figures.text(key))
            else:
                text_parts.append(plain)
    _mark_external_links(tokens)
    html = _insert_figures(
        sanitise(_MD.renderer.render(tokens, _MD.options, {})), figure_blocks
    )
    return RenderedBody(
        html=html,
        text="\n".join(text_parts),
        anchors=anchors,
        problems=problems,
    )


EXTERNAL_LINK_REL = "noopener noreferrer"


def _mark_external_links(tokens: list[Token]) -> None:
    """Links that leave the site send no referrer and get no handle on this
    page. Links within it (citations, sections, other articles) need neither:
    leaving the attribute off them keeps a 40-section page under its budget."""
    for token in tokens:
        for child in token.children or []:
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if href.lower().startswith(("http:", "https:")):
                child.attrs["rel"] = EXTERNAL_LINK_REL


# Until December 2026 every link carried the rel of external links, and
# citations a class no stylesheet used. Stored pages keep the bytes that were
# approved; a diff reads them as today's markup, so that comparing an old
# version with a new one shows what changed in the text, not in attributes.
_LEGACY_CITATION = re.compile(r'(<a href="#ref-\d+") class="citation"')
_LEGACY_REL = re.compile(
    r'(<a href="(?!https?:)[^"]*"[^>]*?) rel="' + EXTERNAL_LINK_REL + '"'
)


def as_current_markup(stored_html: str) -> str:
    """Stored section HTML as render_body writes it now (see above)."""
    return _LEGACY_REL.sub(r"\1", _LEGACY_CITATION.sub(r"\1", stored_html))


def _insert_figures(html: str, blocks: dict[str, tuple[str, str]]) -> str:
    for marker, (_key, block) in blocks.items():
        # Trusted markup made by the figures app from escaped fields, added
        # after sanitising because nh3 would rightly strip <picture>/<video>.
        html = html.replace(f"<p>{marker}</p>", block)
    return html


def _plain_text(children: list[Token]) -> str:
    """What a reader sees of an inline run: no markup, no link targets."""
    parts: list[str] = []
    for token in children:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def _unique(anchor: str, taken: set[str], suffixes: dict[str, int]) -> str:
    # A heading of only punctuation slugifies to nothing and leaves "prefix-".
    base = anchor.strip("-") or "section"
    candidate, n = base, suffixes.get(base, 2)
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    # Remembered so that many equal headings do not rescan from -2 each time.
    suffixes[base] = n
    taken.add(candidate)
    return candidate


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,  # _mark_external_links
        strip_comments=True,
    )
