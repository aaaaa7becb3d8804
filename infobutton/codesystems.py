"""The code systems an EHR may name in `mainSearchCriteria.v.cs`, by OID.

Each OID maps to the code fields of a published article it is compared with.
Where each identifier was seen (checked when this was written):

- 2.16.840.1.113883.6.3, ICD-10 (WHO): HL7's OID for ICD-10; the open-source
  BVS-InfoButton (bireme/BVS-InfoButton, MeshConverter.scala) treats it as
  "ICD10" beside 2.16.840.1.113883.6.90.
- 2.16.840.1.113883.6.90, ICD-10-CM: MedlinePlus Connect's web service and
  application pages ("For ICD-10-CM use mainSearchCriteria.v.cs=
  2.16.840.1.113883.6.90") and the SOA guide's example payload
  (KnowledgeResponsePayload_example1.xml).
- 2.16.578.1.12.4.1.1.7110, ICD-10 as used in Norway (Volven code set 7110):
  HL7 Norway's code-system definition (HL7Norway/kodeverk,
  input/fsh/codesystems/no-kodeverk-7110-icd-10.fsh).
- 2.16.578.1.12.4.1.1.7275, Norsk klinisk prosedyrekodeverk, the one Norwegian
  procedure code set that holds NCSP, NCMP and NCRP together (Volven 7275):
  HL7 Norway's no-basis-Procedure profile (HL7Norway/basisprofiler-r4,
  StructureDefinition/no-basis-Procedure.StructureDefinition-profile.xml:
  "Codes defined by Norsk Klinisk Prosedyrekodeverk (NCMP, NCSP og NCRP)").
  The Directorate of e-health designs NCSP, NCMP and NCRP codes so they never
  collide (ehelse.no, "Norsk klinisk prosedyrekodeverk"), which is why one OID
  serves both our NCSP and our NCMP fields. We found no separate OID for NCSP
  or NCMP alone in current Norwegian FHIR profiles, so we accept none.

ICD-10-CM shares its categories with WHO ICD-10 but adds codes WHO does not
have (C7A: neuroendocrine tumours). Prefix matching (see
articles/search/codes.py) finds the shared category; a US-only category finds
nothing rather than something wrong.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodeSystem:
    oid: str
    name: str
    # PublishedArticle fields whose codes belong to this system.
    fields: tuple[str, ...]


ICD10_FIELDS = ("icd10_codes",)
PROCEDURE_FIELDS = ("ncsp_codes", "ncmp_codes")
ALL_FIELDS = ICD10_FIELDS + PROCEDURE_FIELDS

ICD10_WHO = CodeSystem("2.16.840.1.113883.6.3", "ICD-10", ICD10_FIELDS)
ICD10_CM = CodeSystem("2.16.840.1.113883.6.90", "ICD-10-CM", ICD10_FIELDS)
ICD10_NO = CodeSystem("2.16.578.1.12.4.1.1.7110", "ICD-10 (Norway)", ICD10_FIELDS)
NKPK = CodeSystem(
    "2.16.578.1.12.4.1.1.7275",
    "NCSP/NCMP (Norsk klinisk prosedyrekodeverk)",
    PROCEDURE_FIELDS,
)

BY_OID = {system.oid: system for system in (ICD10_WHO, ICD10_CM, ICD10_NO, NKPK)}

# The OID our own codes are published under, per field: entries name the
# article's codes in the system they were written in.
OID_OF_FIELD = {
    "icd10_codes": ICD10_NO.oid,
    "ncsp_codes": NKPK.oid,
    "ncmp_codes": NKPK.oid,
}


def system_for(oid: str) -> CodeSystem | None:
    """The system an OID names; FHIR-style `urn:oid:` prefixes are accepted."""
    oid = oid.strip()
    if oid.lower().startswith("urn:oid:"):
        oid = oid[len("urn:oid:") :]
    return BY_OID.get(oid)
