"""HTML for the app's answer view: claims coloured by verdict, evidence escaped.

Everything that came from a model, a passage or the graph goes through `html.escape` before it is wrapped in
markup, so an abstract containing "<script>" or a crafted concept name is shown as text, never run.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from kgrag.records import Answer, Claim, GraphAnswer

VERDICT_COLOURS = {"supported": "#1b7f3b", "contradicted": "#c62828", "not_in_kg": "#b26a00", "unlinked": "#6b6b6b"}
VERDICT_LABELS = {"supported": "supported by the graph", "contradicted": "contradicts the graph",
                  "not_in_kg": "not in the graph", "unlinked": "could not be linked"}
# When a sentence makes several claims, the most serious verdict colours it.
_SEVERITY = ("contradicted", "not_in_kg", "unlinked", "supported")


def sentence_verdicts(answer: Answer) -> dict[tuple[int, int], str]:
    """(start, end) of each sentence with claims -> the verdict that colours it."""
    spans: dict[tuple[int, int], list[str]] = {}
    for claim in answer.claims:
        spans.setdefault((claim.start, claim.end), []).append(claim.verdict)
    return {span: min(verdicts, key=_SEVERITY.index) for span, verdicts in spans.items()}


def highlighted_answer(answer: Answer) -> str:
    """The answer as HTML: each sentence with claims underlined in its verdict's colour, with a tooltip."""
    text = answer.text
    pieces: list[str] = []
    cursor = 0
    for (start, end), verdict in sorted(sentence_verdicts(answer).items()):
        if start < cursor or end > len(text):
            continue
        pieces.append(escape(text[cursor:start]))
        colour = VERDICT_COLOURS[verdict]
        style = f"border-bottom: 3px solid {colour}; padding-bottom: 1px"
        pieces.append(f'<span class="kgrag-claim kgrag-{verdict}" title="{VERDICT_LABELS[verdict]}" '
                      f'style="{style}">{escape(text[start:end])}</span>')
        cursor = end
    pieces.append(escape(text[cursor:]))
    return "".join(pieces).replace("\n", "<br>")


def claim_line(claim: Claim) -> str:
    """One claim as HTML: verdict badge, the triple in words, and why."""
    colour = VERDICT_COLOURS[claim.verdict]
    subject = claim.subject.name or claim.subject.text
    obj = claim.object.name or claim.object.text
    relation = f"{'NOT ' if claim.negated else ''}{claim.predicate.replace('_', ' ')}"
    badge = (f'<span class="kgrag-verdict" style="background:{colour};color:white;border-radius:4px;'
             f'padding:1px 6px">{escape(claim.verdict)}</span>')
    return f"{badge} {escape(subject)} — {escape(relation)} → {escape(obj)} <small>({escape(claim.reason)})</small>"


def legend() -> str:
    return " · ".join(f'<span style="border-bottom:3px solid {colour}">{escape(VERDICT_LABELS[verdict])}</span>'
                      for verdict, colour in VERDICT_COLOURS.items())


VIS_NETWORK = Path(__file__).with_name("static") / "vis-network.min.js"  # vis-network 9.1.9, vendored (MIT)


def subgraph_html(answer: Answer, max_edges: int = 60, height: int = 420) -> str:
    """A self-contained page with an interactive (drag, zoom, hover) vis-network view of the facts offered to the
    model, linked concepts highlighted. The library is inlined from the package: nothing is fetched at run time.
    The graph data is JSON inside a script element, with "</" escaped so no name can close the element."""
    linked = {c.id for c in answer.linked_concepts}
    nodes: dict[str, dict[str, str]] = {}
    edges = []
    for fact in answer.facts[:max_edges]:
        relation = fact.relation
        for node, name in ((relation.subject, fact.subject_name), (relation.object, fact.object_name)):
            nodes[node] = {"id": node, "label": name, "title": node,
                           "color": "#d7ecff" if node in linked else "#f4f4f4"}
        label = relation.predicate.replace("_", " ") + (" (NOT)" if relation.negated else "")
        edges.append({"from": relation.subject, "to": relation.object, "label": f"{label} [{fact.id}]",
                      "arrows": "to", "title": f"{fact.source}"})
    data = json.dumps({"nodes": list(nodes.values()), "edges": edges}).replace("</", "<\\/")
    script = VIS_NETWORK.read_text(encoding="utf-8")
    return (f'<div id="graph" style="height:{height - 20}px;border:1px solid #ddd"></div>'
            f"<script>{script}</script>"
            f'<script type="application/json" id="data">{data}</script>'
            "<script>const d = JSON.parse(document.getElementById('data').textContent);"
            "const box = document.getElementById('graph');"
            "const net = new vis.Network(box, {nodes: new vis.DataSet(d.nodes), "
            "edges: new vis.DataSet(d.edges)}, {nodes: {shape: 'box', font: {size: 13}}, "
            "edges: {font: {size: 10, align: 'middle'}, smooth: {type: 'dynamic'}}, "
            "physics: {stabilization: {iterations: 150}}, interaction: {hover: true}});"
            # The frame may be laid out while its expander is closed (zero width): fit again when it is sized.
            "net.once('stabilizationIterationsDone', () => net.fit());"
            "new ResizeObserver(() => { net.redraw(); net.fit(); }).observe(box);</script>")


GRAPH_ANSWER_TITLES = {"differential": "Differential from the graph's phenotype annotations",
                       "features": "Features the graph records", "genes": "Genes the graph records",
                       "inheritance": "Mode of inheritance the graph records",
                       "shared_genes": "Genes the graph records for both",
                       "treatments": "Treatments the graph records",
                       "contraindications": "Contraindications the graph records"}


def graph_answer_html(graph: GraphAnswer) -> str:
    """The graph answer as an escaped box: its title, its cited text and its sources."""
    title = GRAPH_ANSWER_TITLES[graph.kind]
    sources = ", ".join(graph.sources) or "the loaded graph"
    choice = f"<br><small>Graph evidence favours option {escape(graph.choice)}.</small>" if graph.choice else ""
    return (f'<div class="kgrag-graph-answer" style="border-left:4px solid #1f5fa8;padding:6px 10px;'
            f'margin-bottom:8px;background:rgba(31,95,168,0.06)"><b>{escape(title)}</b> '
            f'<small>(built from the graph alone, without the model · {escape(sources)})</small><br>'
            f'{escape(graph.text)}{choice}</div>')
