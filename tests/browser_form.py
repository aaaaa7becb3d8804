"""Post an admin form back the way a browser does: every field the page holds,
with its shown value, textareas with CRLF line endings, the management forms
and the untouched inlines included. Tests then change only what a user would."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.diff_pages import parse_strictly


def form_data(content: bytes, form_id: str) -> dict[str, str | list[str]]:
    root = parse_strictly(content)
    form = next(f for f in root.iter("form") if f.get("id") == form_id)
    data: dict[str, str | list[str]] = {}
    for element in form.iter():
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "input":
            _input(element, name, data)
        elif element.tag == "textarea":
            # Browsers send textareas with CRLF line breaks.
            data[name] = (element.text or "").replace("\n", "\r\n")
        elif element.tag == "select":
            chosen = [
                option.get("value", "".join(option.itertext()))
                for option in element.iter("option")
                if option.get("selected") is not None
            ]
            if element.get("multiple") is not None:
                data[name] = chosen
            else:
                data[name] = chosen[0] if chosen else ""
    return data


def _input(element: ET.Element, name: str, data: dict) -> None:
    kind = element.get("type", "text")
    if kind in ("submit", "button", "image", "file", "reset"):
        return
    if kind in ("checkbox", "radio") and element.get("checked") is None:
        return
    data[name] = element.get("value", "on" if kind == "checkbox" else "")
