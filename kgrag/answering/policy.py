"""What `ask` does with an answer once its claims are checked: the verification policy (KGRAG_VERIFY_MODE).

- `flag` (default): the answer stands; contradicted claims are marked in it.
- `revise`: an answer that contradicts the graph is rewritten once by the model, told each contradicted sentence
  and the edge it contradicts; the rewrite is checked again and the first text is kept as `original_text`.
- `abstain`: an answer that still contradicts the graph is withheld behind a fixed message; its text and claims
  stay in the Answer for inspection.
- `off`: nothing is checked.

Whatever the mode, a graph fact that a claim of the answer contradicts is never left as a citation kgrag
attributed ("X is autosomal recessive" must not be shown citing the autosomal-dominant edge that refutes it),
and an answer with nothing checkable says so. The policy is here, in one place, so the API, the CLI and the app
apply the same rules; `KGRAG.ask` only conducts (retrieve, prompt, generate, check, apply the policy).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import get_args

from kgrag.answering.graph_answers import disagreements
from kgrag.claims import Verification
from kgrag.claims.verdicts import contradicted_by
from kgrag.config import VerifyMode
from kgrag.errors import UserError
from kgrag.records import Answer, Citation, Claim, Evidence, KGFact, StageCallback, edge_text

VERIFY_MODES: tuple[VerifyMode, ...] = get_args(VerifyMode)
ABSTAIN_ANSWER = ("kgrag withheld this answer: it contradicts the knowledge graph on {claims}. The claims and the "
                  "edges they contradict are listed with it; consult the cited sources.")
NOT_GROUNDED_NOTICE = ("not grounded: nothing in this answer could be checked (it cites no evidence and makes no "
                       "claim the graph can check); read it as the model's own words")

Check = Callable[[str], Verification]
"""Checks a text's claims against the graph (with the evidence offered to the model for the citation check)."""
Revise = Callable[[Answer, Sequence[str]], Answer]
"""Asks the model once more, given the answer and one line per contradiction; the revised Answer."""


def verify_mode(value: str) -> VerifyMode:
    """`value` as a verification mode, or a UserError naming the modes."""
    for mode in VERIFY_MODES:
        if value == mode:
            return mode
    raise UserError(f"unknown verification mode {value!r}; use one of {', '.join(VERIFY_MODES)}")


@dataclass(frozen=True, slots=True)
class VerificationPolicy:
    """Applies one verification mode to an answer (module docstring)."""

    mode: VerifyMode = "flag"

    def __post_init__(self) -> None:
        verify_mode(self.mode)

    @property
    def checks(self) -> bool:
        return self.mode != "off"

    @property
    def streams(self) -> bool:
        """Whether the model's text may be shown as it is written: not when it may be withheld."""
        return self.mode != "abstain"

    def apply(self, answer: Answer, offered: Mapping[str, Evidence], check: Check, revise: Revise,
              on_stage: StageCallback | None = None) -> Answer:
        """The answer with its claims and verdicts, revised or withheld as the mode says."""
        if not self.checks:
            return answer
        if on_stage is not None:
            on_stage("verifying")
        checked = check(answer.text)
        original = None
        contradicted = [c for c in checked.claims if c.verdict == "contradicted"]
        if contradicted and self.mode == "revise":
            if on_stage is not None:
                on_stage("revising")
            original = answer.text
            answer = revise(answer, [_contradiction(c) for c in contradicted])
            checked = check(answer.text)
            contradicted = [c for c in checked.claims if c.verdict == "contradicted"]
        if contradicted and self.mode == "abstain":
            original = answer.text
            answer = replace(answer, text=ABSTAIN_ANSWER.format(claims=_count(len(contradicted))), choice=None,
                             notices=answer.notices + ("withheld: the answer contradicted the graph; its claims "
                                                       "and their evidence are kept",))
        grounding = (NOT_GROUNDED_NOTICE,) if checked.groundedness is None and not any(
            c.method == "model" for c in answer.citations) else ()
        disagreeing = tuple(disagreements(answer.graph_answer, checked.claims, answer.choice))
        return replace(answer, claims=checked.claims, groundedness=checked.groundedness, original_text=original,
                       notices=answer.notices + grounding + checked.notes + disagreeing,
                       citations=not_contradicting(answer.citations, checked.claims, offered))


def revision_notice(contradictions: Sequence[str]) -> str:
    """The notice a revised answer carries: how many claims of the first answer the graph contradicted."""
    return f"revised once: the first answer contradicted the graph on {_count(len(contradictions))}"


def not_contradicting(citations: Sequence[Citation], claims: Sequence[Claim], offered: Mapping[str, Evidence]
                      ) -> tuple[Citation, ...]:
    """Citations kgrag attributed, less every graph fact that a claim of the answer contradicts (the claim shows
    that edge as its contradiction). The model's own markers stay; the claim's citation check names the
    conflict."""
    def refutes(citation: Citation) -> bool:
        item = offered.get(citation.id)
        return isinstance(item, KGFact) and any(contradicted_by(claim, item.relation) for claim in claims)
    return tuple(c for c in citations if c.method == "model" or not refutes(c))


def _contradiction(claim: Claim) -> str:
    """One line for the revision prompt: the sentence and the edge it contradicts, in words."""
    edge = claim.evidence[0]
    names = claim.names
    fact = edge_text(edge, names.get(edge.subject, edge.subject), names.get(edge.object, edge.object))
    return f'"{claim.sentence}" contradicts: {fact} (source: {edge.source} {edge.source_release})'.replace(" )", ")")


def _count(n: int) -> str:
    return "1 claim" if n == 1 else f"{n} claims"
