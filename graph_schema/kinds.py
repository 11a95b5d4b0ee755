"""Node kinds: the coarse type of every concept, used for filtering and prompt verbalization."""

from enum import StrEnum


class NodeKind(StrEnum):
    """Coarse concept kinds. `Concept` is the fallback when a source gives no usable type."""

    DISEASE = "Disease"
    PHENOTYPE = "Phenotype"
    DRUG = "Drug"
    GENE = "Gene"
    CHEMICAL = "Chemical"
    ANATOMY = "Anatomy"
    PROCEDURE = "Procedure"
    CONCEPT = "Concept"
