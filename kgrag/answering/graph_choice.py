"""Multiple choice answered from graph evidence alone: the graph-only scorer of `kgrag eval mirage --mode graph`
and `kgrag eval kgqa`.

The option the graph answer singles out wins (the one option in a gene list, the best-ranked disease option of
a differential; `kgrag.answering.graph_answers`). Otherwise each option scores the summed rank scores of the
retrieved facts that touch one of its concepts, and the best option wins when it is strictly best; with no
evidence for any option, or a tie, the scorer abstains (`choice` None) instead of guessing, so its accuracy
counts only what the graph knows.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgrag.records import Retrieval


@dataclass(frozen=True, slots=True)
class GraphChoice:
    choice: str | None
    how: str  # "graph answer", "facts", or why it abstained
    scores: dict[str, float]


def graph_choice(retrieval: Retrieval) -> GraphChoice:
    """The option the retrieved graph evidence favours (module docstring); retrieval must have seen the options."""
    letters = list(retrieval.question.options)
    concepts = {letter: {c.id for c in retrieval.linked if c.where == f"option {letter}"} for letter in letters}
    scores = {letter: 0.0 for letter in letters}
    for fact in retrieval.facts:
        for letter, ids in concepts.items():
            if fact.relation.subject in ids or fact.relation.object in ids:
                scores[letter] += fact.score
    if retrieval.graph_answer is not None and retrieval.graph_answer.choice in scores:
        return GraphChoice(retrieval.graph_answer.choice, "graph answer", scores)
    if not letters:
        return GraphChoice(None, "not multiple choice", scores)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if ranked[0][1] <= 0:
        return GraphChoice(None, "no graph evidence for any option", scores)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return GraphChoice(None, "a tie between options", scores)
    return GraphChoice(ranked[0][0], "facts", scores)
