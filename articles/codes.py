"""Clinical code systems: the formats we accept and how codes are normalised.

ICD-10 is the WHO version used in Norway (a letter, two digits, optionally a dot
and one or two more characters: C17, C25.4); NCSP codes are three letters and two
digits (JLC30); NCMP codes are four letters and two digits (WBOC03).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

ICD10 = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$")
NCSP = re.compile(r"^[A-Z]{3}[0-9]{2}$")
NCMP = re.compile(r"^[A-Z]{4}[0-9]{2}$")

_SEPARATORS = re.compile(r"[\s,;]+")


def split_codes(raw: str) -> list[str]:
    """'c17.0, C25.4 ;jlc30' -> ['C17.0', 'C25.4', 'JLC30'], duplicates dropped."""
    seen: dict[str, None] = {}
    for code in _SEPARATORS.split(raw.strip().upper()):
        if code:
            seen.setdefault(code, None)
    return list(seen)


def normalise_code_query(raw: str) -> str:
    """A code as readers type it ('c 17.', 'jl') -> comparable form ('C17', 'JL')."""
    return re.sub(r"[\s.]", "", raw.upper())


class CodeListValidator:
    """Validates a list of codes in one text field; names every code it refuses."""

    pattern: re.Pattern[str]
    system: str
    example: str

    def __call__(self, value: str) -> None:
        bad = [code for code in split_codes(value) if not self.pattern.match(code)]
        if bad:
            raise ValidationError(
                _("Not valid %(system)s codes: %(codes)s (expected e.g. %(example)s)."),
                code="invalid_code",
                params={
                    "system": self.system,
                    "codes": ", ".join(bad),
                    "example": self.example,
                },
            )

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))


@deconstructible
class ICD10Validator(CodeListValidator):
    pattern, system, example = ICD10, "ICD-10", "C17, C25.4"


@deconstructible
class NCSPValidator(CodeListValidator):
    pattern, system, example = NCSP, "NCSP", "JLC30"


@deconstructible
class NCMPValidator(CodeListValidator):
    pattern, system, example = NCMP, "NCMP", "WBOC03"
