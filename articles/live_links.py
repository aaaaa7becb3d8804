"""Links between published articles stay honest after publication.

Internal links are resolved when a version is approved, but their targets can
be unpublished or lose an anchor later. The page checks its links against what
is live now (one query, shared with the translation lookup) and shows the text
of a dead link without the link: readers never follow a link into a 410 or a
missing section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from articles.models import PublishedArticle

# The exact form the publishing resolver writes (nh3 normalises the markup).
_INTERNAL_LINK = re.compile(
    r'<a href="/(?P<language>en|nb)/articles/(?P<slug>[a-z0-9-]+)/'
    r'(?:#(?P<anchor>[^"]*))?"[^>]*>(?P<text>.*?)</a>',
    re.DOTALL,
)


def linked_slugs(html: str) -> set[str]:
    if "/articles/" not in html:
        return set()
    return {match.group("slug") for match in _INTERNAL_LINK.finditer(html)}


def unlink_dead_links(html: str, live: Iterable[PublishedArticle]) -> str:
    anchors = {(v.language, v.slug): set(v.anchors) for v in live}

    def keep_or_unlink(match: re.Match[str]) -> str:
        target = anchors.get((match.group("language"), match.group("slug")))
        anchor = match.group("anchor")
        if target is None or (anchor and anchor not in target):
            return match.group("text")
        return match.group(0)

    return _INTERNAL_LINK.sub(keep_or_unlink, html)
