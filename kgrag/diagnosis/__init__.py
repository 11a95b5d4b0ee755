"""Phenotype-driven differential diagnosis over the graph's HPO annotations.

`phenotype_model` reads the hierarchy and the disease annotations once; `scoring` ranks every disease for a
patient's terms (the Phenomizer baseline and the product's scorer); `differential` resolves findings and
builds candidates with their evidence; `phenopacket` reads GA4GH Phenopacket v2 cases. `KGRAG.diagnose` and
`kgrag ddx` are the entry points; `kgrag eval ddx` measures it.
"""

from kgrag.diagnosis.differential import Diagnoser, NoFindingsError
from kgrag.diagnosis.phenopacket import PhenopacketCase, iter_phenopackets, parse_phenopacket, read_phenopacket
from kgrag.diagnosis.phenotype_model import NoPhenotypeModelError, PhenotypeModel
from kgrag.diagnosis.scoring import AnnotationScorer, PhenomizerScorer, Scorer
from kgrag.records import AbsentMatch, Candidate, Differential, Finding, TermMatch

__all__ = [
    "AbsentMatch", "AnnotationScorer", "Candidate", "Diagnoser", "Differential", "Finding", "NoFindingsError",
    "NoPhenotypeModelError", "PhenomizerScorer", "PhenopacketCase", "PhenotypeModel", "Scorer", "TermMatch",
    "iter_phenopackets", "parse_phenopacket", "read_phenopacket",
]
