"""CURIE rules: which prefixes kgrag knows, their local-id patterns, and prefix normalization.

Sources spell the same namespace differently (`SNOMEDCT_US:`, `MSH:`, `ORPHANET:`); every id
that enters the graph goes through `normalize_curie` so one concept has one spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class InvalidCurieError(ValueError):
    """An identifier is not a CURIE kgrag can store (bad prefix or local id)."""


@dataclass(frozen=True, slots=True)
class CuriePrefix:
    prefix: str
    pattern: re.Pattern[str]
    example: str
    description: str


def _p(prefix: str, local: str, example: str, description: str) -> CuriePrefix:
    return CuriePrefix(prefix, re.compile(rf"^{re.escape(prefix)}:{local}$"), example, description)


CURIE_PREFIXES: dict[str, CuriePrefix] = {
    p.prefix: p
    for p in (
        _p("HP", r"\d{7}", "HP:0001250", "Human Phenotype Ontology term"),
        _p("UMLS", r"C\d{7}", "UMLS:C0011849", "UMLS Metathesaurus concept (CUI)"),
        _p("OMIM", r"(?:PS)?\d{6}", "OMIM:154700", "OMIM entry or phenotypic series"),
        _p("ORPHA", r"\d+", "ORPHA:558", "Orphanet disorder"),
        _p("DECIPHER", r"\d+", "DECIPHER:18", "DECIPHER syndrome"),
        _p("DRUGBANK", r"DB\d{5}", "DRUGBANK:DB00331", "DrugBank drug"),
        _p("NCBIGene", r"\d+", "NCBIGene:3630", "NCBI (Entrez) gene"),
        _p("MESH", r"[A-Z]\d{6,9}", "MESH:D003920", "MeSH descriptor or supplementary concept"),
        _p("SNOMEDCT", r"\d{6,18}", "SNOMEDCT:73211009", "SNOMED CT concept"),
        _p("MONDO", r"\d{7}", "MONDO:0005015", "Mondo disease"),
        _p("DOID", r"\d+", "DOID:9351", "Disease Ontology term"),
        _p("NCIT", r"C\d+", "NCIT:C2985", "NCI Thesaurus concept"),
        _p("HGNC", r"\d+", "HGNC:6091", "HGNC gene"),
        _p("CHEBI", r"\d+", "CHEBI:5931", "ChEBI chemical"),
        _p("RXNORM", r"\d+", "RXNORM:6809", "RxNorm concept"),
        _p("ATC", r"[A-Z]\d{2}[A-Z]{0,2}\d{0,2}", "ATC:A10BA02", "ATC classification code"),
        _p("UNII", r"[A-Z0-9]{10}", "UNII:R16CO5Y76E", "FDA Unique Ingredient Identifier"),
        _p("CAS", r"\d{2,7}-\d{2}-\d", "CAS:50-78-2", "CAS Registry Number"),
        _p("INCHIKEY", r"[A-Z]{14}-[A-Z]{10}-[A-Z]", "INCHIKEY:BSYNRYMUTXBXSQ-UHFFFAOYSA-N", "Standard InChIKey"),
    )
}

# Other spellings seen in source files -> canonical prefix.
_PREFIX_ALIASES: dict[str, str] = {
    "SNOMEDCT_US": "SNOMEDCT",
    "SNOMED_CT": "SNOMEDCT",
    "SCTID": "SNOMEDCT",
    "MSH": "MESH",
    "MeSH": "MESH",
    "ORPHANET": "ORPHA",
    "Orphanet": "ORPHA",
    "NCBIGENE": "NCBIGene",
    "ENTREZ": "NCBIGene",
    "NCI": "NCIT",
    "DrugBank": "DRUGBANK",
    "DB": "DRUGBANK",
    "UMLS_CUI": "UMLS",
    "HPO": "HP",
    "MIM": "OMIM",
    "ORDO": "ORPHA",
}
# A prefix with its release date appended ("SNOMEDCT_US_2025_09_01", as the Disease Ontology writes SNOMED CT).
_VERSIONED_PREFIX = re.compile(r"^([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z]+)*)_\d{4}_\d{2}_\d{2}$")

_BY_UPPER = {known.upper(): known for known in CURIE_PREFIXES}  # case-insensitive lookup, one dict probe

# Any other prefix still has to look like a CURIE to be stored (e.g. `Fyler:4017`).
_GENERIC = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*:[^\s:][^\s]*$")


def normalize_curie(value: str) -> str:
    """Return the canonical spelling of a CURIE, raising `InvalidCurieError` if it is not one.

    Known prefixes are checked against their local-id pattern; unknown prefixes only need
    the generic `PREFIX:local` shape.
    """
    text = value.strip()
    prefix, sep, local = text.partition(":")
    if not sep or not prefix or not local:
        raise InvalidCurieError(f"not a CURIE (expected PREFIX:id): {value!r}")
    if versioned := _VERSIONED_PREFIX.match(prefix):
        prefix = versioned.group(1)
    prefix = _PREFIX_ALIASES.get(prefix, prefix)
    prefix = _BY_UPPER.get(prefix.upper(), prefix)
    curie = f"{prefix}:{local.strip()}"
    rule = CURIE_PREFIXES.get(prefix)
    if rule is not None:
        if not rule.pattern.match(curie):
            raise InvalidCurieError(f"malformed {prefix} id {value!r} (expected like {rule.example})")
    elif not _GENERIC.match(curie):
        raise InvalidCurieError(f"not a CURIE (expected PREFIX:id): {value!r}")
    return curie


def is_valid_curie(value: str) -> bool:
    try:
        normalize_curie(value)
    except InvalidCurieError:
        return False
    return True


def curie_prefix(curie: str) -> str:
    return curie.partition(":")[0]
