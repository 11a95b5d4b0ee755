"""`KGRAG`: the small facade pipeline authors use. `retrieve()` returns ranked, numbered evidence; `ask()` adds
the prompt, the model's answer, its resolved citations and its claims checked against the graph.

    from kgrag import KGRAG
    with KGRAG.from_settings() as kg:
        answer = kg.ask("What are the clinical features of Marfan syndrome?")
        print(answer.text, [c.id for c in answer.citations])

Opening is cheap: the graph store connects, but the dictionary linker (built from every concept name), the
passage index and the model all load on first use, so `retrieve()` never pays for the LLM.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, Generic, TypeVar, overload

from kgrag.answering.citing import attribute, parse_choice, resolve_citations
from kgrag.answering.graph_answers import GraphAnswerer
from kgrag.answering.injection import clean_text
from kgrag.answering.planner import Planner, RetrievalSettings, missing_knowledge
from kgrag.answering.policy import VerificationPolicy, revision_notice, verify_mode
from kgrag.answering.prompting import Prompt, build_prompt, load_revision_template, load_template, revision_messages
from kgrag.answering.question import parse_question
from kgrag.claims import Verification, Verifier
from kgrag.claims.dense_ends import DenseEnds
from kgrag.claims.llm import LLMClaimExtractor
from kgrag.config import Settings, VerifyMode, load_settings
from kgrag.diagnosis import Diagnoser, Differential, NoPhenotypeModelError, PhenotypeModel, read_phenopacket
from kgrag.errors import UserError
from kgrag.graph import GraphStore, open_graph_store
from kgrag.limits import Deadline, Stopwatch
from kgrag.linking.concept_index import ConceptIndex, graph_fingerprint
from kgrag.linking.dense import DenseLinker, HybridLinker
from kgrag.linking.dictionary import DictionaryLinker, Linker
from kgrag.llm import LLM, Completion, GenerationSettings, Message, open_llm
from kgrag.records import (
    Answer,
    Evidence,
    KGFact,
    LinkedConcept,
    LinkedMention,
    ParsedQuestion,
    PassageEvidence,
    Retrieval,
    StageCallback,
    evidence_by_id,
)
from kgrag.storage import Closing
from kgrag.text.embeddings import Embedder
from kgrag.text.passage_index import PassageIndex, configured_embedder

log = logging.getLogger("kgrag")
NO_EVIDENCE_ANSWER = ("No graph evidence was found for this question: none of its terms matched a concept in the "
                      "knowledge graph and no indexed passage was close enough to it. kgrag does not answer "
                      "without evidence; rephrase with the medical terms involved, or load more sources.")
NO_GRAPH_NOTICE = "No concept in the question matched the knowledge graph; this answer uses no graph evidence."
_T = TypeVar("_T")


class _component(Generic[_T]):  # noqa: N801 - used like functools.cached_property
    """A component built on first use, exactly once even when many threads ask at the same moment (16
    concurrent `ask` calls on a cold facade); functools.cached_property stopped locking in Python 3.12. The
    lock is reentrant because components build on one another (the linker uses the passage index's embedder)."""

    def __init__(self, build: Callable[[Any], _T]) -> None:
        self.build = build
        self.name = build.__name__
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, owner: None, kind: type | None = None) -> _component[_T]: ...

    @overload
    def __get__(self, owner: KGRAG, kind: type | None = None) -> _T: ...

    def __get__(self, owner: KGRAG | None, kind: type | None = None) -> _T | _component[_T]:
        if owner is None:
            return self
        with owner._build_lock:
            if self.name not in owner._components:
                owner._components[self.name] = self.build(owner)
            value: _T = owner._components[self.name]
            return value


class KGRAG(Closing):
    def __init__(self, settings: Settings, *, store: GraphStore | None = None, llm: LLM | None = None,
                 passages: PassageIndex | None = None, linker: Linker | None = None) -> None:
        """Components passed in are used as they are (and not closed by `close()`); the rest come from
        `settings` when first needed."""
        self.settings = settings
        self._owned: list[Any] = []
        self._components: dict[str, Any] = {}
        self._build_lock = threading.RLock()
        if store is None:
            store = open_graph_store(settings)
            self._owned.append(store)
        self.store = store
        self._llm = llm
        self._passages = passages
        self._linker = linker
        # What the linker's dense fallback is doing; a hint in answers when it could have helped.
        self.dense_linking = "given by the caller" if linker is not None else "not loaded yet"
        self._dense_embedder: Embedder | None = None
        self._warm: set[str] = set()  # what `warm` has loaded: "planner", "search", "llm"
        self._coverage: tuple[str, frozenset[str]] = ("", frozenset())  # graph fingerprint -> predicates it has
        self._no_phenotype_model = False

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **overrides: Any) -> KGRAG:
        """`KGRAG.from_settings(data_dir="...", llm_backend="openai", ...)`: environment, kgrag.toml, overrides."""
        if settings is None:
            settings = load_settings(**overrides)
        elif overrides:  # validated like any other settings
            settings = load_settings(**{**settings.model_dump(), **overrides})
        return cls(settings)

    # -- components, loaded on first use -----------------------------------------------------------------------

    @_component
    def linker(self) -> Linker | None:
        """Dictionary linking over every concept name, with the dense fallback when `kgrag index concepts` has
        embedded the current graph's names with the current model."""
        if self._linker is not None:
            return self._linker
        dictionary = DictionaryLinker.from_concepts(self.store.iter_concepts())
        if not dictionary.size:
            return None
        return HybridLinker(dictionary, self._dense_linker(dictionary.vocabulary()))

    def _dense_linker(self, vocabulary: tuple[frozenset[str], frozenset[str]]) -> DenseLinker | None:
        if self.settings.dense_link_threshold >= 1:
            self.dense_linking = "switched off (KGRAG_DENSE_LINK_THRESHOLD=1)"
            return None
        embedder = self.passages.embedder if self.passages is not None else configured_embedder(self.settings)
        directory = self.settings.concept_index_dir
        index = ConceptIndex.load(directory, embedder.signature, graph_fingerprint(self.store))
        if index is None:
            self.dense_linking = ("stale: the graph or the embedding model changed; run `kgrag index concepts`"
                                  if ConceptIndex.state(directory) else
                                  "not built: run `kgrag index concepts` to link terms the dictionary misses")
            return None
        self.dense_linking = "on"
        self._dense_embedder = embedder
        return DenseLinker(index, embedder, self.settings.dense_link_threshold, vocabulary)

    @_component
    def passages(self) -> PassageIndex | None:
        if self._passages is not None:
            return self._passages
        if not self.settings.passages_path.exists():
            return None
        index = PassageIndex.open(self.settings)
        self._owned.append(index)
        return index

    @_component
    def llm(self) -> LLM:
        return self._llm if self._llm is not None else open_llm(self.settings)

    @_component
    def verifier(self) -> Verifier:
        # Claims are linked by the dictionary alone: on the claims gold set the dense fallback added 6% recall
        # but cost verdict accuracy (0.98 -> 0.95) and 20x the time per sentence (2 -> 45 ms), and a wrong link
        # turns into a confident wrong verdict. The dense fallback stays for questions and retrieval.
        linker = self.linker.dictionary if isinstance(self.linker, HybridLinker) else self.linker
        extractor = (LLMClaimExtractor(self.llm, linker) if self.settings.claim_extraction == "llm"
                     else None)
        verifier = Verifier(self.store, linker, extractor)
        dense = self.linker.dense if isinstance(self.linker, HybridLinker) else None
        threshold = self.settings.claim_dense_link_threshold
        if dense is not None and threshold < 1:  # an unlinked claim end, read by the concept vectors
            verifier.dense_ends = DenseEnds(dense.index, dense.embedder, verifier.kind_of, threshold)
        return verifier

    def question_context(self, question: str) -> list[LinkedMention]:
        """The concepts a question names, as the context its answer's "it" and "this disease" refer to."""
        if not question.strip() or self.linker is None:
            return []
        return list(self.linker.link(parse_question(question, None, self.settings.max_question_chars).text))

    def verify(self, text: str, evidence: Mapping[str, Evidence] | None = None,
               context: Sequence[LinkedMention] = ()) -> Verification:
        """Claims of any text as triples, each checked against the graph (see `kgrag.claims`), for at most
        KGRAG_VERIFY_TIMEOUT_S; a text longer than KGRAG_MAX_VERIFY_CHARS is refused (UserError)."""
        if len(text) > self.settings.max_verify_chars:
            raise UserError(f"the text has {len(text):,} characters; the limit is "
                            f"{self.settings.max_verify_chars:,} (KGRAG_MAX_VERIFY_CHARS)")
        return self._checked(text, evidence, context)

    def _checked(self, text: str, evidence: Mapping[str, Evidence] | None,
                 context: Sequence[LinkedMention]) -> Verification:
        deadline = Deadline(self.settings.verify_timeout_s, "KGRAG_VERIFY_TIMEOUT_S", "claim checking")
        return self.verifier.verify(text, evidence, context, deadline)

    @_component
    def diagnoser(self) -> Diagnoser:
        """The phenotype model read once from the graph (HPO hierarchy and disease annotations), with the
        linker for findings written as free text."""
        model = PhenotypeModel.from_store(self.store)
        releases = [r for r in self.store.releases() if r.source == "HPO"]
        return Diagnoser(model, linker=self.linker, releases=releases)

    def diagnose(self, observed: Sequence[str] = (), excluded: Sequence[str] = (), *,
                 phenopacket: str | None = None, limit: int = 10) -> Differential:
        """Ranked diseases for observed and excluded findings (HPO ids, term names or free text) and/or the
        phenotypic features of a GA4GH Phenopacket v2 JSON file, each with its evidence (`kgrag.diagnosis`)."""
        observed, excluded = list(observed), list(excluded)
        if phenopacket is not None:
            case = read_phenopacket(phenopacket)
            observed += case.observed
            excluded += case.excluded
        return self.diagnoser.diagnose(observed, excluded, limit=limit)

    @_component
    def planner(self) -> Planner:
        return Planner(self.store, self.linker, self.passages, RetrievalSettings.from_settings(self.settings),
                       GraphAnswerer(self.store, self._diagnoser_if_any))

    def _diagnoser_if_any(self) -> Diagnoser | None:
        """The diagnoser, or None when the graph has no HPO annotations (remembered: the check reads the graph)."""
        if self._no_phenotype_model:
            return None
        try:
            return self.diagnoser
        except NoPhenotypeModelError:
            self._no_phenotype_model = True
            return None

    # -- the API ------------------------------------------------------------------------------------------------

    def warm(self, *, passages: bool = True, llm: bool = True, diagnosis: bool = False) -> float:
        """Load what questions need, once: the linker over every concept name, the passage index with its
        embedding model and search indexes (`passages`), the answering model (`llm`) and, with `diagnosis`, the
        phenotype model a question listing findings needs (seconds to read; otherwise read by the first such
        question, outside its time limit). Seconds spent.

        The app calls this when it starts; `retrieve` and `ask` call it before any stage clock starts, so a
        time limit never counts model loading (eight processes loading at once on two cores take a minute)."""
        clock = time.perf_counter()
        # The answering model loads on a thread beside the graph and index work: reading weights and building
        # the linker and BM25 wait on different things, so the cold start is the longer of the two, not the sum.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kgrag-warm") as pool:
            model = pool.submit(self.llm.load) if llm and "llm" not in self._warm else None
            index = self.planner.passages  # builds the linker (and its dense fallback), opens the passage index
            self._warm.add("planner")
            if passages and "search" not in self._warm:
                if index is not None:
                    index.load()
                self._warm.add("search")
            if self._dense_embedder is not None:
                self._dense_embedder.load()
            if diagnosis:
                self._diagnoser_if_any()
            if model is not None:
                model.result()  # the model's own error, if loading failed
                self._warm.add("llm")
        return time.perf_counter() - clock

    def _warmed(self, passages: bool, llm: bool, on_stage: StageCallback | None, watch: Stopwatch) -> None:
        """`warm` before the clocks start, reported as the "loading" stage and timed as `load_models`."""
        needed = {"planner"} | ({"search"} if passages else set()) | ({"llm"} if llm else set())
        if needed <= self._warm:
            return
        if on_stage is not None:
            on_stage("loading")
        watch.record("load_models", round(self.warm(passages=passages, llm=llm) * 1000, 3))

    def retrieve(self, question: str, options: Mapping[str, str] | None = None, *, use_kg: bool = True,
                 use_passages: bool = True, hops: int | None = None, on_stage: StageCallback | None = None,
                 watch: Stopwatch | None = None) -> Retrieval:
        """Linked concepts, ranked graph facts `[K#]` and passages `[P#]`, and the plan; no model call. `hops`
        overrides KGRAG_RETRIEVAL_HOPS for this question; `on_stage` hears "linking" and "retrieving"; `watch`
        records the stage timings (a new one when not given)."""
        parsed = parse_question(question, options, self.settings.max_question_chars)
        log.info("question received: %s", parsed.text if self.settings.log_questions
                 else f"({len(parsed.text)} characters; KGRAG_LOG_QUESTIONS=1 logs the text)")
        watch = watch if watch is not None else Stopwatch()
        self._warmed(use_passages, False, on_stage, watch)
        return self.planner.retrieve(parsed, use_kg=use_kg, use_passages=use_passages, hops=hops,
                                     on_stage=on_stage, watch=watch)

    def ask(self, question: str, options: Mapping[str, str] | None = None, *, use_kg: bool = True,
            use_passages: bool = True, on_token: Callable[[str], None] | None = None,
            on_stage: StageCallback | None = None, verify: VerifyMode | None = None,
            hops: int | None = None) -> Answer:
        """Answer from the retrieved evidence and check its claims against the graph.

        `on_token` receives the first text as the model writes it; `on_stage` hears each stage as it starts
        ("loading", "linking", "retrieving", "generating", "verifying", "revising"). `verify` (default
        `KGRAG_VERIFY_MODE`, "flag") is the verification policy (`kgrag.answering.policy`): "flag" marks
        contradicted claims, "revise" asks the model once to rewrite an answer that contradicts the graph,
        "abstain" withholds such an answer behind a fixed message, "off" skips checking. The answer's notices say
        what a reader must know: no graph evidence, an answer cut at the token limit, a kind of knowledge no
        loaded source provides, nothing in it checkable.
        """
        policy = VerificationPolicy(verify_mode(verify or self.settings.verify_mode))
        watch = Stopwatch()
        self._warmed(use_passages, True, on_stage, watch)
        retrieval = self.retrieve(question, options, use_kg=use_kg, use_passages=use_passages, hops=hops,
                                  on_stage=on_stage, watch=watch)
        notices = self._retrieval_notices(retrieval, use_kg)
        if not retrieval.plan.use_kg and not retrieval.plan.use_passages:
            if on_token is not None:
                on_token(NO_EVIDENCE_ANSWER)
            return self._finished(self._answer(retrieval, NO_EVIDENCE_ANSWER, watch, notices, model="(not called)",
                                               prompt_version=load_template().version, facts=(), passages=()),
                                  watch)
        notices += self._coverage_notices(retrieval.question)
        with watch.time("prompt"):
            budget = self.settings.prompt_tokens - 16  # chat-template tokens around the two messages
            prompt = build_prompt(retrieval.question, retrieval.facts, retrieval.passages, budget,
                                  self.llm.count_tokens)
        notices += _instruction_notices(prompt)
        if on_stage is not None:
            on_stage("generating")
        completion = self._generate(prompt.messages, on_token, watch, "generate")
        answer = self._answer(retrieval, completion.text, watch, notices + self._stop_notices(completion),
                              model=self.llm.name, prompt_version=prompt.version, facts=prompt.facts,
                              passages=prompt.passages)
        offered = evidence_by_id(prompt.facts, prompt.passages)
        context = _question_mentions(retrieval)

        def check(text: str) -> Verification:
            with watch.time("verify"):  # the model's own text: bounded by KGRAG_MAX_NEW_TOKENS, not the verify cap
                return self._checked(text, offered, context)

        def revise(first: Answer, contradictions: Sequence[str]) -> Answer:
            messages = revision_messages(prompt.messages, first.text, contradictions)
            revised = self._generate(messages, None, watch, "revise")
            return self._answer(retrieval, revised.text, watch,
                                [*notices, revision_notice(contradictions), *self._stop_notices(revised)],
                                model=self.llm.name,
                                prompt_version=f"{prompt.version}+{load_revision_template().version}",
                                facts=prompt.facts, passages=prompt.passages)

        return self._finished(policy.apply(answer, offered, check, revise, on_stage), watch)

    def _finished(self, answer: Answer, watch: Stopwatch) -> Answer:
        """The answer with the question's timings, "total" from the stopwatch's start."""
        watch.timings["total"] = round((time.perf_counter() - watch.started) * 1000, 3)
        return replace(answer, timings=dict(watch.timings))

    def _stop_notices(self, completion: Completion) -> list[str]:
        """Why a reader should know the answer may be incomplete: the model was stopped, not finished."""
        if completion.stop == "max_tokens":
            return [f"the model stopped at the token limit (KGRAG_MAX_NEW_TOKENS={self.settings.max_new_tokens}): "
                    "the answer is cut short and may end mid-sentence"]
        if completion.stop == "time_limit":
            return [f"the model was stopped at KGRAG_GENERATE_TIMEOUT_S={self.settings.generate_timeout_s:g} s: "
                    "the answer is cut short and may end mid-sentence"]
        return []

    def _coverage_notices(self, question: ParsedQuestion) -> list[str]:
        """A notice for each kind of knowledge the question asks for that no loaded source records (a treatment
        question on a graph without treatment edges), so an invented drug is not read as a graph answer."""
        fingerprint = graph_fingerprint(self.store)
        with self._build_lock:
            if self._coverage[0] != fingerprint:
                self._coverage = (fingerprint, frozenset(self.store.stats().by_predicate))
            present = self._coverage[1]
        return missing_knowledge(question.text, present)

    def _retrieval_notices(self, retrieval: Retrieval, use_kg: bool) -> list[str]:
        if use_kg and self.linker is None:
            return ["the knowledge graph is empty: load a source first, e.g. `kgrag ingest hpo`"]
        if retrieval.linked:
            return []
        notices = [NO_GRAPH_NOTICE]
        if self.dense_linking.startswith(("not built", "stale")):
            notices.append(f"dense linking is {self.dense_linking}")
        return notices

    def _generate(self, messages: Sequence[Message], on_token: Callable[[str], None] | None, watch: Stopwatch,
                  stage: str) -> Completion:
        """The model's reply, cleaned like any untrusted text (escapes and control characters removed, streamed
        pieces included), timed as `stage`."""
        generation = GenerationSettings(max_new_tokens=self.settings.max_new_tokens,
                                        timeout_s=self.settings.generate_timeout_s)
        forward = None if on_token is None else (lambda piece: on_token(clean_text(piece)))
        with watch.time(stage):
            completion = self.llm.complete(messages, generation, forward)
        return replace(completion, text=clean_text(completion.text).strip())

    def _answer(self, retrieval: Retrieval, text: str, watch: Stopwatch, notices: list[str], *, model: str,
                prompt_version: str, facts: tuple[KGFact, ...], passages: tuple[PassageEvidence, ...]) -> Answer:
        offered = evidence_by_id(facts, passages)
        citations, unknown = resolve_citations(text, offered)
        if unknown:
            notices.append(f"the model cited evidence that was never offered ({', '.join(unknown)}); "
                           "those markers point at nothing")
        if not citations and offered:
            citations = attribute(text, list(offered.values()))
        return Answer(
            question=retrieval.question.text, text=text, form=retrieval.question.form,
            choice=parse_choice(text, retrieval.question), citations=tuple(citations),
            linked_concepts=retrieval.linked, plan=retrieval.plan, facts=facts, passages=passages,
            subgraph=retrieval.subgraph, model=model, prompt_version=prompt_version,
            kg_releases=tuple(self.store.releases()), timings=dict(watch.timings), notices=tuple(notices),
            unknown_citations=tuple(unknown), graph_answer=retrieval.graph_answer,
            differential=retrieval.differential)

    # -- lifecycle ----------------------------------------------------------------------------------------------

    def close(self) -> None:
        for component in reversed(self._owned):
            component.close()
        self._owned.clear()


def _instruction_notices(prompt: Prompt) -> list[str]:
    """One notice per evidence line the prompt marked as reading like an instruction (kgrag.answering.injection)."""
    offered: list[KGFact | PassageEvidence] = [*prompt.facts, *prompt.passages]
    sources = {item.id: item.source for item in offered}
    return [f"{evidence_id} ({sources[evidence_id]}) contains text that reads like an instruction to the model "
            f"(\"{phrase[:80]}\"); it was given to the model as quoted evidence, not as an instruction. "
            "Check the answer against the other evidence." for evidence_id, phrase in prompt.instructions.items()]


def _question_mentions(retrieval: Retrieval) -> list[LinkedMention]:
    """The question's linked concepts (one id each), as the context its answer's claims refer to."""
    spans: dict[tuple[int, int], list[LinkedConcept]] = {}
    for concept in retrieval.linked:
        if concept.where == "question":
            spans.setdefault((concept.start, concept.end), []).append(concept)
    return [LinkedMention(start, end, found[0].mention, tuple(c.id for c in found), found[0].score)
            for (start, end), found in spans.items()]
