"""Claims: an answer's statements read as triples and checked against the graph.

- (sentences come from `kgrag.text.sentences`, the splitter citations use too);
- `triples`: the `Triple` record extractors produce;
- `cue_lexicon`: the cue-lexicon extractor (the baseline of `kgrag eval claims`);
- `llm`: claims proposed by the answering model as JSON, validated and re-linked;
- `extraction`: the prose extractor (`ProseExtractor`) and the sentence reading behind it (cues, clauses, phrases);
- `list_items`: the list items a span of a sentence names (mentions, or an unlinked entity's words);
- `subjects`: what a relation cue's left side is about; `cue_claims`: the claims relation cues state;
- `inheritance_claims`, `category_claims`, `phrase_forms`: the claims a phrase's form states without a cue;
- `entity_words`, `spans`: whether words name an entity; the cue and phrase records the readers share;
- `reading`: relations read as the graph records them (`kgrag.lexicon` holds the words all of them read with);
- `aliases`: short forms and names a text defines once and uses later;
- `terms`: whether an end the graph lacks names an entity (its head word is a term);
- `variant_ends`, `dense_ends`: unlinked ends read by a learned synonym swap, then by the concept-name vectors;
- `verdicts`: the `Verifier`, which links, extracts and judges each claim against the graph;
- `gene_modes`: a disease's modes of inheritance read through its few genes, where its source records none.
"""

from kgrag.claims.triples import Triple
from kgrag.claims.verdicts import MAX_CLAIMS, Verification, Verifier

__all__ = ["MAX_CLAIMS", "Triple", "Verification", "Verifier"]
