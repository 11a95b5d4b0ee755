"""Claims: an answer's statements read as triples and checked against the graph.

- `sentences`: the text's sentences with their offsets;
- `triples`: the `Triple` record extractors produce;
- `cue_lexicon`: the cue-lexicon extractor (the baseline of `kgrag eval claims`);
- `llm`: claims proposed by the answering model as JSON, validated and re-linked;
- `extraction`, `lexicon`, `reading`: the prose extractor, its words, and relations read as the graph records them;
- `aliases`: short forms and names a text defines once and uses later;
- `terms`: whether an end the graph lacks names an entity (its head word is a term);
- `dense_ends`: unlinked ends read by the concept-name vectors;
- `verdicts`: the `Verifier`, which links, extracts and judges each claim against the graph.
"""

from kgrag.claims.sentences import sentences
from kgrag.claims.triples import Triple
from kgrag.claims.verdicts import MAX_CLAIMS, Verification, Verifier

__all__ = ["MAX_CLAIMS", "Triple", "Verification", "Verifier", "sentences"]
