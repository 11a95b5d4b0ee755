"""Claims of real prose: relation cues with their arguments chosen by the sentence's structure.

For each relation cue (`kgrag.lexicon`) the extractor finds the phrases the cue relates:
- **objects**: the phrase list after the cue, up to where the list ends (another clause, a relative clause, a
  phrase about who or when; a relative clause on a class noun, "a syndrome that embraces A and manifests B"; one
  comma before "and" with no list before it, which joins two clauses). Each list item gives one claim; an item is
  the concept mentions in it, or, when it mentions none, its words as an entity the graph lacks ("pre-sacral
  mass"), if they name one: an item made only of generic nouns, pronouns or numbers ("patients", "these effects")
  is a fragment and gives no claim;
- **the subject**: by structure, not by nearness. Inside a relative clause ("X, which is caused by Y") it is the
  phrase the clause hangs on; after a participle with no verb ("a disorder caused by Y") it is the phrase just
  before, or, when that is a class noun in "X is a ... disorder caused by Y", X itself; otherwise it is the
  clause's own subject, its first phrase once introductory words and a leading prepositional phrase are passed
  (and a clause opened by a word of showing, "suggesting that", has its own). A noun cue after the clause's verb
  and its object is about the object ("have limited the use of cisplatin as a treatment for X"); a clause joined by
  ", and" after one with its own verb has its own subject, and a person right before a cue ("and he suffered") is
  no earlier phrase's; an appositive describes only the words right before its comma.
  "Mutations in G", "patients with X" and "the features of X" stand for G and X. A participle right after a
  process, product or measure noun ("the mechanisms underlying X", "a patient treated with D") is that noun's,
  which the graph does not name, so it gives no claim; phrases after an appositive's comma and article ("D, a
  ... antibody, a B-cell survival factor, was licensed") describe the subject and are no subjects of their own.
  A relative right after the object of the clause's last cue is about that object, one after a prepositional
  phrase about the preposition's object; a verb joined by "and" shares the clause's first phrase (or, with no verb
  read before the "and", says nothing of the nearest phrase); a present participle right after a noun ("other
  diseases causing X") is that noun's; a bare participle before its noun takes the drug's or rare word before it
  as agent ("Cisplatin induced oxidative stress"); a relative "who" after people names no condition of theirs;
- a **pronoun** or "this disease" stands for the entity given as context (the previous sentence's subject, or the
  question's concept) and is never a claim end on its own; a class noun ("the disease") only ever for a disease;
  after a fronted subordinate clause ("Although X is rare, it ...") a pronoun continues that clause's subject when
  it is a disease and is unresolved otherwise;
- **negation** is read in the cue's own verb group ("is not caused by", "cannot cause", "has not been
  described", "failed to"), never from "not limited to", "not only", "not the sole cause", or a "No," opening a
  yes/no answer;
- **hedging** ("may", "suggest", "rarely") marks the claim uncertain;
- what the sentence only **asks** about or sets out to study ("whether G causes X", "To investigate the association
  of X with Y") states no relation, and an **everyday verb** ("has", "showed", "developed") relates only two concepts
  the graph names: a study's prose says it of cohorts, nights and scores ("the second night showed ...").

Why not medspacy's ConText for negation: ConText flags *entities* ("no fever"). A claim needs the *relation*
denied ("is not caused by"). On real answers, entity flags denied true relations: "No," opening an answer, or
"(not CTG)" written beside a gene. So the linker keeps NegEx-style entity flags for retrieval, and claims read
negation from the cue's verb group. Dev-set numbers: `benchmarks/bench_claims.py`, in the README.

A wording that is a claim only about a condition ("X includes A, B and C") needs X to be one: a linked disease, the
object of a part noun ("the symptoms of X include", read as the whole phrase when a mention is only part of it), or
a name headed by a condition noun ("Saint's triad"). A category said of X by a copula or an appositive is an is_a
claim: the longest phrase a class noun heads, with a modifier that is more than descriptive or an "of" phrase ("a
congenital malformation syndrome", ", a congenital heterotopic ossification (HO) syndrome,", "a disorder of the
inner ear"). An end headed by a process or attribute noun ("worse prognosis", "actin polymerization") names no
entity. Each rule's effect on the gold set, and on held-out sentences, is in the README (claims section).

A mode of inheritance is read wherever the clause names one for its subject disease: "X is an autosomal
recessive disorder", "X shows X-linked inheritance", "autosomal recessive omodysplasia"; a gene written as a
disease's modifier is its cause ("FBN1-related Marfan syndrome").

Where each part lives: this module reads the sentence's structure (`SentenceReading`: cues, clauses, list items, a
clause's subject, anaphora) and builds every claim through one filter (`SentenceReading.triple`); `list_items` reads
a span's list items (the claim ends); `subjects` says what a cue's left side is about; `cue_claims` pairs the
phrases each relation cue relates; `inheritance_claims`, `category_claims` and `phrase_forms` read the claims a
phrase's form states without a cue (a mode, a category, a compound, a therapy "for" a disease, ...); `entity_words`
decides whether words name an entity at all; `spans` holds the cue and phrase records they share.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, replace

from kgrag import lexicon as lx
from kgrag.claims import list_items
from kgrag.claims.category_claims import categories
from kgrag.claims.cue_claims import cue_claims
from kgrag.claims.entity_words import (
    GENE_PRODUCTS,
    NUMBER_WORDS,
    SEQUENCE_HEADS,
    SUBJECT_VERB,
    drug_class_head,
    in_brackets,
    in_closed_aside,
    names_an_entity,
    narrower_words,
    without_section_label,
)
from kgrag.claims.inheritance_claims import modes_of_inheritance
from kgrag.claims.list_items import MAX_ITEM_WORDS
from kgrag.claims.phrase_forms import (
    agent_modifiers,
    colon_lists,
    disease_genes,
    gene_modifiers,
    inverted_copula,
    nominal_targets,
    spelled_features,
    therapies_for,
)
from kgrag.claims.reading import is_drug_name, is_mode
from kgrag.claims.spans import Cue, Phrase
from kgrag.claims.terms import TermTest, head_word, is_organism_name
from kgrag.claims.triples import Triple
from kgrag.linking.dictionary import folded_word
from kgrag.normalize import normalize_name
from kgrag.records import LinkedMention
from kgrag.text.spelled_names import SpelledName, spelled_names

# A noun heading a clause's subject before a preposition and the first mention ("radiotherapy for X").
_HEAD_BEFORE = re.compile(r"\s*(?:(?:the|a|an)\s+)?((?:[\w-]+\s+){0,3}?(?P<head>[A-Za-z][\w-]*))\s+"
                          r"(?:for|against|after|versus|vs)\s+(?:(?:the|a|an)\s+)?$", re.I)
# "Conventional treatment of ", "the management of ": an act done to the condition named next, which is its object.
_ACTION_OF = re.compile(r"\s*(?:(?:the|a|an)\s+)?((?:[\w-]+\s+)?(?P<head>treatment|therapy|management|diagnosis|"
                        r"screening|prevention|prophylaxis|surgery|resection|imaging|surveillance|monitoring))\s+of\s+"
                        r"(?:(?:the|a|an)\s+)?$", re.I)
# A word that names a function rather than a body part ("salivation", "hearing"), though the graph keys it as an organ
_FUNCTION_WORD = re.compile(r"(?:ion|ing|ity|ment|ence|ance)$", re.I)
# A therapy's head noun, which with a modifier names it ("Chronic pulsatile levodopa therapy for PD leads to ...").
# "a syndrome that embraces ", "disorders that affect ": a class noun and a relative clause with its own verb
_CLASS_THEN_RELATIVE = re.compile(r"\b(?:" + "|".join(sorted(lx.CLASS_NOUNS)) + r")(?P<relative>\s+that\s+"
                                  r"(?!(?:is|are|was|were)\s)(?-i:[a-z]+(?:s|ed))\s)", re.I)
_THERAPY_HEADS = frozenset("therapy therapies treatment treatments regimen regimens".split())
_NOT_A_HEAD = lx.GENERIC_NOUNS | lx.CARRIER_NOUNS | lx.PATIENT_NOUNS | lx.PART_NOUNS | lx.DETERMINERS
_CITATION = re.compile(r"\[(?:[KP]\d+(?:\s*,\s*)?)+\]", re.I)
Kind = Callable[[str], str | None]
"""A concept id -> its kind ("Disease", "Phenotype", "Gene", ...), or None when unknown."""


@dataclass(frozen=True, slots=True)
class _SpelledCondition:
    """A condition whose name spells out its features (`kgrag.text.spelled_names`): the condition, the features as
    claim ends, and the span the rest of the reading leaves blank (None when the name's mention holds the list)."""

    condition: Phrase
    features: list[Phrase]
    blanked: tuple[int, int] | None


class ProseExtractor:
    """Reads one sentence's linked mentions into triples (the `SentenceExtractor` the Verifier calls).

    `kind` says what a concept is (the subject of a mode of inheritance must be a disease); `inheritance` maps
    the normalized names of the graph's modes of inheritance ("autosomal dominant") to their ids, so a mode named
    inside a longer phrase is read too; `terms` decides whether a phrase the graph lacks names an entity (its
    head word is a term) or is a fragment of the sentence."""

    def __init__(self, kind: Kind, inheritance: Mapping[str, str], terms: TermTest | None = None,
                 modes: Set[str] = frozenset(), organs: Set[str] = frozenset()) -> None:
        """`inheritance`: the names a mode is read by (name -> id); `modes`: every mode's id, also of a mode no
        name of which is read ("mitochondrial" links to HPO's mitochondrial inheritance, but "a mitochondrial
        protein" states no mode), so that no mode is ever read as a cause or a feature; `organs`: body parts as
        the linker keys them (`DictionaryLinker.organs`), which a finding "of" one distributes over ("abnormalities
        of the heart, kidneys and eyes")."""
        self.kind = kind
        self.organs = frozenset(organs)
        self.terms = terms
        self.inheritance = dict(sorted(inheritance.items(), key=lambda item: -len(item[0])))
        self.modes = frozenset(modes) | frozenset(self.inheritance.values())
        # "autosomal dominant" is also written "autosomal-dominant".
        self._mode_ids = {_mode_key(name): mode for name, mode in self.inheritance.items()}
        self._inheritance_pattern = (re.compile(r"\b(?:" + "|".join(
            r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", name)) for name in self.inheritance)
            + r")\b", re.I) if self.inheritance else None)

    def __call__(self, sentence: str, mentions: Sequence[LinkedMention], antecedent: LinkedMention | None = None,
                 disease: LinkedMention | None = None) -> list[Triple]:
        reading = SentenceReading(sentence, list(mentions), antecedent, disease, self)
        return reading.triples()

    def is_technical(self, word: str) -> bool:
        """Whether one word is a symbol, a drug's name or a rare word (`TermTest.is_technical`); every word is
        without a term test."""
        return self.terms is None or self.terms.is_technical(word)

    def names_a_term(self, phrase: str) -> bool:
        """Whether an unlinked phrase names an entity by its head word (`kgrag.claims.terms`); every phrase
        passes without a term test."""
        return self.terms is None or self.terms.names_a_term(phrase)

    def inheritance_id(self, text: str) -> str | None:
        """The mode of inheritance `text` names ("autosomal recessive", "X-linked"), if any."""
        if self._inheritance_pattern is None:
            return None
        match = self._inheritance_pattern.search(text)
        return self._mode_ids[_mode_key(match.group(0))] if match else None

    def inheritance_spans(self, text: str) -> list[LinkedMention]:
        """Every mode of inheritance `text` names, as mentions of the mode ("dominantly inherited")."""
        if self._inheritance_pattern is None:
            return []
        return [LinkedMention(m.start(), m.end(), m.group(0),
                              (self._mode_ids[_mode_key(m.group(0))],), 1.0)
                for m in self._inheritance_pattern.finditer(text)]


class SentenceReading:
    """One sentence read for its claims: its text (citations, asides and spelled-out lists blanked, offsets kept), its
    mentions, its relation cues and clauses, the list items between two positions (`phrases`, `object_list`,
    `right_phrases`) and a clause's subject (`clause_subject`; what a cue's left side is about is `subjects`'s).
    `triples` asks `cue_claims` for the claims the cues state and the form readers (`inheritance_claims`,
    `category_claims`, `phrase_forms`) for those a phrase's form states; all of them build a claim with `triple`,
    which applies the end filters every claim passes."""

    def __init__(self, text: str, mentions: list[LinkedMention], antecedent: LinkedMention | None,
                 disease: LinkedMention | None, extractor: ProseExtractor) -> None:
        # Citation markers ("[K1]", "[P2, K3]") are not words of the sentence: blanked, so offsets stay valid.
        # So are asides such as ", but are not limited to," and an alias (the name before it is the entity).
        self.text = _CITATION.sub(lambda marker: " " * len(marker.group(0)), text)
        self.text = lx.NOT_LIMITED_ASIDE.sub(lambda aside: " " * len(aside.group(0)), self.text)
        self.text = lx.ALIAS_ASIDE.sub(lambda aside: " " * len(aside.group(0)), self.text)  # "X, also known as Y,"
        self.text = without_section_label(self.text)  # "BACKGROUND:  Mutations of ..."
        self.extractor = extractor
        self.text = self._without_or_alias(self.text, mentions)  # "Canavan disease, or spongy degeneration of ..., is"
        # "DOOR syndrome (deafness, onycho-osteodystrophy, and mental retardation)": the features a condition's
        # name spells out are the name's, read by `phrase_forms.spelled_features`, not items of the clause around it.
        self._all_mentions = sorted(mentions, key=lambda m: m.start)
        names = spelled_names(self.text)  # read once: the conditions they name, and the names the graph lacks
        self.spelled = self._spelled_conditions(names, self._all_mentions)
        for spelled in self.spelled:
            if spelled.blanked is not None:
                start, end = spelled.blanked
                self.text = self.text[:start] + " " * (end - start) + self.text[end:]
        unnamed = self._unlinked_spelled_names(names, self._all_mentions)
        for start, opening, closing in unnamed:  # "Severe dermatitis, ... (SAM) syndrome" -> "SAM syndrome"
            # the short form moves one place right, over its ")": offsets stay valid, one space before the head
            self.text = self.text[:start] + " " * (opening + 2 - start) + self.text[opening + 1:closing] + \
                self.text[closing + 1:]
        self.mentions = sorted((m for m in mentions if self.text[m.start:m.end].strip() and not any(
            start <= m.start < closing or m.start < start < m.end for start, _, closing in unnamed)),
            key=lambda m: m.start)
        self.antecedent = antecedent
        self.disease = disease
        body = len(self.text) - len(self.text.lstrip())  # past a blanked section label
        opener = lx.INTRODUCTORY.match(self.text[body:])
        self.body_start = body + opener.end() if opener else 0  # "Yes, ..." / "No, ..." never negate what follows
        self.breaks = [0, *(b.end() for b in lx.CLAUSE_BREAK.finditer(self.text)
                            if not self.within_name(b) and not in_brackets(self.text, b.start())), len(text)]
        # "Although ACE inhibitor therapy reduces mortality in patients with CHF, it may also cause ...": the comma
        # that closes a fronted subordinate clause opens the main clause, which has its own subject
        subordinate = _SUBORDINATE_OPENING.match(self.text, self.body_start)
        comma = next((c for c in _COMMA.finditer(self.text, subordinate.end() + 1)
                      if c.start() <= subordinate.end() + _MAX_SUBORDINATE_CHARS
                      and not self.within_name(c) and not in_brackets(self.text, c.start())), None) \
            if subordinate is not None else None
        # (where the subordinate clause runs, for what a pronoun opening the main clause refers to)
        self.subordinate: tuple[int, int, int] | None = None
        if subordinate is not None and comma is not None:
            self.subordinate = (subordinate.end(), comma.start(), comma.end())
            self.breaks = sorted({*self.breaks, comma.end()})
        self.hedged = bool(lx.HEDGE.search(text))
        self.questions = self._open_questions()  # "To assess whether G causes X."
        self._cues: list[Cue] | None = None

    # -- cues ---------------------------------------------------------------------------------------------------

    def cues(self) -> list[Cue]:
        """The sentence's relation cues, the longest at each place, read once (phrase choice asks for them too)."""
        if self._cues is None:
            self._cues = self._find_cues()
        return self._cues

    def _find_cues(self) -> list[Cue]:
        found: list[Cue] = []
        for cue in lx.CUES:
            for match in cue.pattern.finditer(self.text):
                start, end = match.span()
                if start < self.body_start or self._inside_mention(start, end) or \
                        _NOT_ENOUGH.search(self.text, max(0, start - _NOT_ENOUGH_REACH), start):
                    continue  # "is insufficient to cause X" neither states nor denies that it causes X
                if self._inside_spelled_name(start, end):
                    continue  # "... Disorders Associated with Streptococcal Infections (PANDAS)": part of a name
                if start > 1 and self.text[start - 1] == "-" and (self.text[start - 2].isalnum() or
                                                                   self.text[start - 2] in ")]") and \
                        match.group(0).split()[0].lower() not in lx.PREPOSITIONS:
                    continue  # "p53-induced transcript", "disease-causing", "all-cause mortality": half a compound
                if re.match(r"caus", match.group(0), re.I) and \
                        _CAUSE_NOUN_BEFORE.search(self.text, max(0, start - 24), start) and \
                        (not re.match(r"\s+(?:of|for)\b", self.text[end:]) or
                         _INQUIRY_BEFORE.search(self.text, max(0, start - 60), start)):
                    # "purpura can have many causes, including ...": the noun, not the verb ("a cause of X" still
                    # names the relation, unless it is what is sought: "for distinguishing the cause of X")
                    continue
                if self.text[end:end + 1] == "-" and self.text[end + 1:end + 2].isalnum():
                    continue  # "a cause-and-effect relationship", "a leads-to link": the first half of a compound
                group = match.group(0)
                if _NOT_ALWAYS.search(group) or _NOT_ALWAYS_BEFORE.search(self.text, max(0, start - 30), start):
                    continue  # "does not necessarily result in X": it may or may not; neither stated nor denied
                negated = bool(lx.NEGATION.search(group)) and not lx.NOT_A_NEGATION.search(group)
                finite = bool(re.match(rf"(?:{lx.AUX}|cannot)\b", group, re.I))
                found.append(Cue(start, end, cue.predicate, cue.reverse, cue.participle, negated, finite,
                                  cue.disease_subject, cue.everyday))
        found.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept: list[Cue] = []
        for candidate in found:  # the longest cue at each place; no overlaps
            if not any(candidate.start < other.end and other.start < candidate.end for other in kept):
                kept.append(candidate)
        return sorted(kept, key=lambda c: c.start)

    def _inside_spelled_name(self, start: int, end: int) -> bool:
        """A title-case cue inside the long form of a bracketed short form: "Pediatric Autoimmune Neuropsychiatric
        Disorders Associated with Streptococcal Infections (PANDAS)". The capitalized words around the cue, up to
        the bracket, are a name the short form abbreviates (its first letter is the run's, and it has no more letters
        than the run has capitalized words); a title's real verb ("An LMNB1 Duplication Caused Adult-Onset ...
        Leukodystrophy in Chinese Family") has no short form closing the run."""
        if not self.text[start:start + 1].isupper():
            return False
        after = _TITLE_RUN_TO_SHORT.match(self.text, end)
        before = _TITLE_RUN_BEFORE.search(self.text, 0, start)
        if after is None or before is None:
            return False
        capitals = re.findall(r"\b[A-Z]", self.text[before.start():after.start("short") - 1])
        short = after.group("short")
        return short[0] == capitals[0] and sum(ch.isupper() for ch in short) <= len(capitals)

    def _inside_mention(self, start: int, end: int) -> bool:
        """A cue word inside a concept's name ("Tumor necrosis factor receptor-associated periodic syndrome") is
        part of the name."""
        return any(m.start <= start and end <= m.end for m in self.mentions)

    # -- phrases ------------------------------------------------------------------------------------------------

    def clause_of(self, position: int) -> tuple[int, int]:
        start = max(b for b in self.breaks if b <= position)
        end = min(b for b in self.breaks if b > position)
        return start, end

    def phrases(self, start: int, end: int) -> list[Phrase]:
        """The list items between `start` and `end`: mentions, or the words of an unlinked entity
        (`list_items.phrases`)."""
        return list_items.phrases(self, start, end)

    def organ(self, words: str) -> bool:
        """Whether the words ("the kidneys", "Achilles tendons") are only an organ of the graph's
        (`DictionaryLinker.organs`, keyed as names are: only the last word singular, so "Achilles" stays)."""
        written = [w for w in re.findall(r"[\w'-]+", words) if w.lower() != "the"]
        folded = [normalize_name(w) for w in written[:-1]] + [folded_word(w) for w in written[-1:]]
        return " ".join(folded) in self.extractor.organs

    def within_name(self, boundary: re.Match[str]) -> bool:
        """A comma or "and" inside a linked name ("Cystinosis, nephropathic", "Epilepsy, focal, with speech
        disorder and with or without mental retardation") is part of the name, not a phrase boundary."""
        return any(m.start < boundary.start() and boundary.end() <= m.end for m in self.mentions)


    def clause_subject(self, clause_start: int, limit: int) -> list[Phrase]:
        """The clause's first phrase, past introductory words and a leading prepositional phrase."""
        segment = self.text[clause_start:limit]
        skip = len(segment) - len(segment.lstrip())  # blanks: a section label, a citation marker
        for pattern in (lx.INTRODUCTORY, lx.INITIAL_PHRASE, lx.INTRODUCTORY):
            match = pattern.match(segment[skip:])
            if match:
                skip += match.end()
        start = clause_start + skip
        head = re.match(r"\s*(?:(?:the|a|an|these|those|most|many|some|all|both)\s+)?(?:(?:\w+\s+){0,2}?("
                        + "|".join(lx.PATIENT_NOUNS | lx.PART_NOUNS | lx.CARRIER_NOUNS)
                        + r")\s+(?:with|of|in|at)\s+)", self.text[start:limit], re.I)
        if head and not (head.group(1).lower() in lx.LOSS_NOUNS and not self._mentions_in(start + head.end(), limit)):
            # (but "The loss of dopaminergic neurons underlies X": a loss of what the graph lacks is the entity)
            start += head.end()
        verb = self.clause_verb(start, limit)
        end = verb.start() if verb else limit
        aside = _AS_ASIDE.search(self.text, start, end)
        if aside is not None:  # "X, as found in other chronic lung diseases, may contribute to ...": about X
            end = aside.start()
        use = lx.DRUG_USE.match(self.text, start, end)
        if use is not None:  # "The addition of axitinib to gemcitabine does not ...": the drug is the subject
            start = use.end()
            beside = re.search(r"\s(?:to|with|plus|in|for|on|versus|vs\.?|and)\s", self.text[start:end], re.I)
            end = start + beside.start() if beside else end
        subjects = self.phrases(start, end)
        anaphor = self.anaphor(start, end)
        if anaphor is not None:
            return [anaphor]
        if not subjects:
            return []
        first = subjects[0]
        head = (_HEAD_BEFORE.match(self.text, start, first.start) or _ACTION_OF.match(self.text, start, first.start)) \
            if first.mention is not None else None
        if head is not None and head.group("head").lower() in lx.ATTRIBUTE_NOUNS:
            return []  # "The response for EGFR-TKIs was associated with ...": a measure of the drug, no entity
        if head is not None and (head.re is _ACTION_OF or head.group("head").lower() not in _NOT_A_HEAD or (
                head.group("head").lower() in _THERAPY_HEADS and len(head.group(1).split()) > 1)):
            # "Radiotherapy for prostate cancer is associated with ...", "Conventional treatment of SLE is associated
            # with ...": the subject is the radiotherapy or the treatment, an entity the graph lacks, not the cancer
            # it is given for.
            return [Phrase(head.start(1), first.end, self.text[head.start(1):first.end].strip(), None)]
        # "A and B are caused by ...": coordinated subjects; "X of Y" keeps only X.
        # A participle or relative between them ("G, encoding the endosomal P protein, ...") makes the later
        # phrase a modifier's, not a coordinated subject.
        # A name inside a bracket opened after the first ("The Schwartz-Jampel syndrome (SJS; chondrodystrophic
        # myotonia; ...)") is another name of it, no second subject.
        coordinated = [p for p in subjects if not re.search(r"\b(?:of|in|with|from|for|by|which|that|who|"
                                                             r"\w{3,}ing|\w{3,}ed)\b",
                                                             self.text[first.end:p.start], re.I)
                       and not (first.mention is not None and in_closed_aside(self.text, p.start, end)
                                and not in_closed_aside(self.text, first.start, end))]
        if len(subjects) > 1 and not re.search(r"\b(?:and|or|nor|but\s+not)\b|&", self.text[start:end], re.I):
            if re.search(r",\s+(?:an?|the)\s", self.text[first.end:subjects[1].start], re.I) and \
                    not lx.RELATIVE_OPEN.search(self.text, start, end):
                # "Belimumab, a ... antibody against BLyS, a B-cell survival factor, was licensed": phrases after an
                # appositive's comma and article describe the first, and are no subjects of their own (a relative
                # clause in the span, "X, a registry to study Y which is ...", is about the noun before it)
                return [first]
            if first.mention is None and subjects[1].mention is not None:
                # "Mutations in the solute carrier family 9, subfamily A member 6 (SLC9A6) gene cause ...": words and
                # a name after a comma, with no "and" or "or" in the subject, are one entity (a name with a comma in
                # it, or an apposition), and the linked name says which.
                return [subjects[1]]
        return coordinated or [first]

    def clause_verb(self, start: int, limit: int) -> re.Match[str] | None:
        """The first verb between the positions (`entity_words.SUBJECT_VERB`), never a word of a linked name ("WAS",
        the gene, is no "was")."""
        return next((v for v in SUBJECT_VERB.finditer(self.text, start, limit)
                     if not any(m.start <= v.start() + 1 < m.end for m in self.mentions)), None)

    def past_complement(self, start: int, end: int) -> int:
        """Where a clause opened by a word of saying or showing starts ("evidence that", "suggesting that"): past the
        last one between the positions, or `start` when there is none."""
        complement = list(lx.COMPLEMENT.finditer(self.text, start, end))
        return complement[-1].end() if complement else start

    def last_phrase(self, start: int, end: int) -> list[Phrase]:
        found = self.phrases(start, end)
        # (a name inside a bracket is an aside about the name before it: "The Schwartz-Jampel syndrome (SJS;
        # chondrodystrophic myotonia; ...) is a condition defined by" is about the syndrome)
        found = [p for p in found if not in_closed_aside(self.text, p.start, end)] or found
        if not found:
            anaphor = self.anaphor(start, end)
            return [anaphor] if anaphor is not None else []
        return [found[-1]]

    def anaphor(self, start: int, end: int) -> Phrase | None:
        words = lx.INTRODUCTORY.sub("", self.text[start:end].strip(" ,.;:"))
        part = None
        match = lx.ANAPHOR.fullmatch(words)
        if match is None:
            match = part = lx.PART_ANAPHOR.fullmatch(words)
        if match is None:
            return None
        # "It" and "this disease" in an answer are most often the disease asked about; "it" falls back to the
        # previous sentence's subject (or the question's first concept) when no disease was named. "The symptoms"
        # are only ever a disease's.
        referent = self.disease if self.disease is not None or part is not None else self.antecedent
        offset = self.text.find(match.group(0), start)
        if self.subordinate is not None and part is None and offset >= self.subordinate[2]:
            # "Although X is rare, it is caused by ...": a pronoun opening the main clause continues the subordinate
            # clause's subject, when that is a disease; any other subject leaves it unresolved ("Although ACE
            # inhibitor therapy reduces mortality in patients with CHF, it may also cause ...")
            subjects = self.clause_subject(self.subordinate[0], self.subordinate[1])
            first = subjects[0].mention if subjects else None
            opening = self.text[self.subordinate[0]:first.start] if first is not None else ""
            # (the subject opens the clause: "Although the rare X is ...", not "... in patients with X")
            if first is None or self.extractor.kind(first.concept_ids[0]) != "Disease" or \
                    len(opening.split()) > 3:
                return None
            referent = first
        if referent is None:
            return None
        if referent is self.antecedent and match.group(0).lower() != "it" and \
                self.extractor.kind(referent.concept_ids[0]) != "Disease":
            # "the disease may cause infertility" after "... a bacterial infection called Uterine Leukaemia": a class
            # noun refers to a disease, and no disease was named; the previous sentence's finding is not it
            return None
        if match.group(0).lower() == "it" and (self._nearer_antecedent(offset) or lx.EXPLETIVE_IT.match(
                self.text, offset + len(match.group(0)))):
            return None  # ("it is unknown whether ...", "it is likely that ...": an expletive, no reference)
        return Phrase(offset, offset + len(match.group(0)), match.group(0),
                      replace(referent, text=match.group(0), start=offset, end=offset + len(match.group(0)),
                              negated=False, uncertain=False))

    def _nearer_antecedent(self, anaphor: int) -> bool:
        """Whether an earlier clause of the sentence has a noun phrase of its own and names no disease ("when this
        mutation and the V289 polymorphism were introduced into the same allele, it had decreased activity"): "it"
        then most likely refers to that phrase, so the antecedent is not clear enough to resolve. "This condition"
        names its class, and keeps the disease."""
        before = self.text[self.body_start:anaphor]
        if not _DETERMINED_NOUN.search(before):
            return False
        return not any(m.end <= anaphor and self.extractor.kind(m.concept_ids[0]) == "Disease" for m in self.mentions)

    def right_phrases(self, cue: Cue, limit: int) -> list[Phrase]:
        return self.object_list(cue.end, limit)

    def object_list(self, start: int, limit: int) -> list[Phrase]:
        """The phrase list from `start`, up to where it ends (`lx.OBJECT_STOP`, outside a linked name) or `limit`."""
        stop = next((m for m in lx.OBJECT_STOP.finditer(self.text, start, limit) if not self.within_name(m)), None)
        end = stop.start() if stop else limit
        complement = next((m for m in lx.COMPLEMENT.finditer(self.text, start, end)), None)
        if complement is not None:  # "in association with the use of antidepressants indicates that ...": a clause
            end = complement.start()
        described = _CLASS_THEN_RELATIVE.search(self.text, start, end)
        if described is not None:
            # "result in an autosomal recessive syndrome that embraces A and manifests B": a relative clause on a
            # class noun says what the class is like, no more items of the cue's list
            end = described.start("relative")
        if stop is not None and stop.group("verb"):
            # "... and HDAC8 and one proband was found to ...": the words after the list's last "and" or comma are
            # the new clause's subject when they open with a determiner, number or pronoun and name nothing the
            # graph holds ("A and B are common" and "... fenoldopam and theophylline, was examined" keep B).
            # "... leads to massive accumulation and is always fatal": a coordinator right before the verb joins
            # the verbs, not the objects.
            bare = re.search(r"(?:,|\s+(?:and|or))\s*$", self.text[start:end])
            if bare is not None:
                end = start + bare.start()
            because = re.search(r",\s+as\s+(?!well\b)", self.text[start:end], re.I)
            if because is not None:  # "..., as SD is a common side effect of SSRIs": a reason clause of its own
                end = start + because.start()
            commas = list(re.finditer(r",\s*", self.text[start:end]))
            if len(commas) == 1 and re.match(r"(?:and|or)\s", self.text[start + commas[0].end():end]):
                # "caused by A in excess of B, and bisphosphonates, are used to ...": one comma before "and", with no
                # list before it, joins two clauses; the words after it are the new clause's subject
                end = start + commas[0].start()
            joint = list(re.finditer(r",\s*|\s+(?:and|or)\s+", self.text[start:end]))
            last = re.match(r"([\w-]+)\s+([\w-]+)?", self.text[start + joint[-1].end():end]) if joint else None
            if last is not None and (
                    last.group(1).lower() in _CLAUSE_OPENERS and
                    not any(start + joint[-1].end() <= m.start and m.end <= end for m in self.mentions) or
                    # "... and in one case hypocalcemia was observed": a fronted adjunct opens the new clause
                    last.group(1).lower() in lx.PREPOSITIONS and (last.group(2) or "").lower() in _CLAUSE_OPENERS):
                end = start + joint[-1].start()
        following = next((c for c in self.cues() if c.start == end and (c.finite or not c.participle)), None)
        last_comma = list(re.finditer(r",\s*", self.text[start:end]))
        if following is not None and last_comma and \
                not re.search(r"\b(?:and|or)\b", self.text[start + last_comma[-1].end():end], re.I):
            # "associated with Behcet's syndrome, apremilast resulted in ...": the phrase right before the next verb,
            # after a comma, is that verb's subject, not an item of this list
            end = start + last_comma[-1].start()
        return self.phrases(start, end)

    # -- triples ------------------------------------------------------------------------------------------------

    def triples(self) -> list[Triple]:
        """Every claim of the sentence: those its relation cues state (`cue_claims`), then those a phrase's
        form states (the form readers), without the findings an agent induced (`_without_induced_features`)."""
        cues = self.cues()
        out = cue_claims(self)
        out.extend(modes_of_inheritance(self, cues))
        out.extend(spelled_features(self))
        out.extend(therapies_for(self))
        out.extend(colon_lists(self))
        out.extend(gene_modifiers(self))
        out.extend(disease_genes(self))
        compounds = agent_modifiers(self)
        out.extend(compounds)
        out.extend(inverted_copula(self))
        out.extend(nominal_targets(self))
        out.extend(categories(self))
        return _unique(self._without_induced_features(out, compounds))

    def _without_induced_features(self, triples: list[Triple], compounds: list[Triple]) -> list[Triple]:
        """"Levodopa-induced dyskinesias have been reported in Parkinson's disease", "neutropenia caused by
        quetiapine in a patient with hepatocellular carcinoma": a finding the sentence says a drug (or an agent
        named in an "-induced" compound) caused is that agent's effect, not a feature of the disease the patients
        had, so no has_phenotype claim of another subject keeps it."""
        agents = {t.key[0] for t in compounds if t.predicate != "associated_with"}
        induced = {t.key[2] for t in triples if t.predicate in ("causes", "causes_adverse_effect") and not t.negated
                   and (t.key[0] in agents or self._drug_end(t.subject))}
        return [t for t in triples if not (t.predicate == "has_phenotype" and t.key[2] in induced)]

    def _drug_end(self, end: LinkedMention | str) -> bool:
        """A claim end that names a drug: a drug or chemical concept, or a name the graph lacks with an INN stem."""
        if isinstance(end, LinkedMention):
            return self.extractor.kind(end.concept_ids[0]) in ("Drug", "Chemical")
        return is_drug_name(end)

    def _open_questions(self) -> list[tuple[int, int]]:
        """The spans of the propositions the text only asks about or sets out to study, each from the word that
        opens it (`lexicon.OPEN_QUESTION`: "whether", "to assess if", an aim's "To investigate") to the end of its
        clause: "It is unknown whether G causes X" and "To investigate the association of X with Y" state no
        relation, while the clause before "whether" ("Mutations in G cause X, but whether ...") still does."""
        spans: list[tuple[int, int]] = []
        for opening in lx.OPEN_QUESTION.finditer(self.text):
            if spans and opening.start() < spans[-1][1]:
                continue  # inside the question before it
            spans.append((opening.start(), self.clause_of(opening.start())[1]))
        return spans


    def asked_at(self, position: int) -> bool:
        """Whether `position` lies in a proposition the sentence asks about (`_open_questions`): a copula there
        ("whether X is an autosomal dominant disorder") states no category, mode or feature either."""
        return any(start <= position < end for start, end in self.questions)


    def _without_or_alias(self, text: str, mentions: Sequence[LinkedMention]) -> str:
        """"Canavan disease, or spongy degeneration of the brain, is a severe leukodystrophy", "Globoid cell
        leukodystrophy (GLD), or Krabbe disease, is ...": a subject, a second name between ", or" and a comma, and
        the clause's verb name one disease twice, not two subjects. The name the graph holds as a disease stays
        (the first when both or neither do); the other is blanked with the "or" and commas, like an "also known as"
        aside."""
        match = _OR_ALIAS.match(text)
        if match is None:
            return text

        def disease_in(start: int, end: int) -> bool:
            return any(start <= m.start and m.end <= end and self.extractor.kind(m.concept_ids[0]) == "Disease"
                       for m in mentions)

        first, second = match.span("first"), match.span("second")
        if disease_in(*second) and not disease_in(*first):  # keep the second name: blank the first and ", or"
            blanked = [(first[0], second[0]), (second[1], match.end("comma"))]
        else:  # keep the first name: blank ", or <second>,"
            blanked = [(first[1], match.end("comma"))]
        for start, end in blanked:
            text = text[:start] + " " * (end - start) + text[end:]
        return text

    def _spelled_conditions(self, names: list[SpelledName], mentions: list[LinkedMention]) -> list[_SpelledCondition]:
        """Each condition whose name's short form the text spells out by its features (`spelled_names`), with the
        features as claim ends and the span to blank for the rest of the reading (the bracketed list after the
        name, or the list before a bracketed short form the linker did not take into the name's mention).

        The condition is the linked disease the short form belongs to ("DOOR syndrome", the "(MELAS)" after its
        long form), or the disease the name is another name of ("X, also known as the SBLA cancer syndrome (...)").
        A name the graph lacks gives no claim: its features could only be checked against nothing."""
        found: list[_SpelledCondition] = []
        for name in names:
            short_start, short_end = name.short_span
            owner = _short_form_owner(name, mentions)
            if owner is not None and self.extractor.kind(owner.concept_ids[0]) != "Disease":
                continue  # "wasting (SAM) syndrome" read as the phenotype term: not this name
            if owner is None and lx.ALSO_NAMED_BEFORE.search(self.text, 0, short_start):
                # the disease named last before it, in the same clause
                owner = next((m for m in reversed(mentions) if m.end <= short_start
                              and self.extractor.kind(m.concept_ids[0]) == "Disease"), None)
                if owner is not None and re.search(r"[;:]", self.text[owner.end:short_start]):
                    owner = None
            if owner is None:
                continue
            long_start, long_end = name.long_span
            if long_start > short_end:  # the list in brackets after the name
                opening = self.text.rfind("(", short_end, long_start)
                blanked: tuple[int, int] | None = (opening, self.text.index(")", long_end) + 1)
            else:  # the list before the bracketed short form, unless the name's mention holds it
                blanked = None if owner.start <= long_start else (long_start, long_end)
            condition = Phrase(owner.start, owner.end, owner.text, owner)
            head = _NAMED_FINDING.match(self.text, short_end)
            features = [feature for start, end in name.features
                        for feature in self._feature(start, end, owner, head.group(1) if head else None)]
            found.append(_SpelledCondition(condition, features, blanked))
        return found

    def _unlinked_spelled_names(self, names: list[SpelledName], mentions: list[LinkedMention]
                                ) -> list[tuple[int, int, int]]:
        """Spelled-out names before their bracketed short form that no disease mention holds ("Severe dermatitis,
        multiple allergies and metabolic wasting (SAM) syndrome", a name the graph lacks): (start of the list, its
        "(", its ")"). The list's features are the name's words, not findings of the clause: read one by one, they
        became ends of the clause's relations ("DSG1 causes allergies", "allergies is a recently recognized
        syndrome"). The reading keeps the short form as the name (an unlinked end), and no mention inside it.
        Read after `_spelled_conditions` blanked the lists it took: a blank list is a condition's."""
        found: list[tuple[int, int, int]] = []
        for name in names:
            short_start, short_end = name.short_span
            long_start, long_end = name.long_span
            if long_end > short_start or not self.text[long_start:long_end].strip():
                continue  # the list in brackets after the name, or one a condition took (`_spelled_conditions`)
            owner = _short_form_owner(name, mentions)
            if owner is not None and self.extractor.kind(owner.concept_ids[0]) == "Disease":
                continue
            opening, closing = short_start - 1, short_end
            if self.text[opening:opening + 1] == "(" and self.text[closing:closing + 1] == ")":
                found.append((long_start, opening, closing))
        return found

    def _feature(self, start: int, end: int, owner: LinkedMention, finding: str | None) -> list[Phrase]:
        """A spelled-out feature as a claim end: the mentions in it, or its words when they name a term. An organ
        alone takes the finding noun of the name ("SBLA cancer syndrome (..., breast, ...)": breast cancer)."""
        inside = [m for m in self._mentions_in(start, end) if m is not owner
                  and self.extractor.kind(m.concept_ids[0]) in ("Phenotype", "Disease")]
        words = self.text[start:end]
        if len(inside) == 1:
            more = words if inside[0].text != words and len(words.split()) <= MAX_ITEM_WORDS else ""
            return [Phrase(inside[0].start, inside[0].end, inside[0].text, inside[0], more)]
        if inside:
            return [Phrase(m.start, m.end, m.text, m) for m in inside]
        if self.organ(words):
            return [Phrase(start, end, f"{words} {finding}", None)] if finding else []
        return [Phrase(start, end, words, None)] if names_an_entity(words) and \
            self.extractor.names_a_term(words) else []

    def _mentions_in(self, start: int, end: int) -> list[LinkedMention]:
        """The mentions within `start`..`end`, also those a blanked spelled-out list held."""
        return [m for m in self._all_mentions if start <= m.start and m.end <= end]


    def triple(self, subject: Phrase, predicate: str, obj: Phrase, negated: bool) -> Triple | None:
        if predicate == lx.RAISES_RISK:  # a drug's raised risk is its adverse effect; anything else's an association
            # (a drug class's too: "the most commonly used HIV protease inhibitor")
            drug_class = subject.mention is None and drug_class_head(head_word(subject.text))
            predicate = "causes_adverse_effect" if self.is_drug(subject) or drug_class else "associated_with"
        if any(self._symbol_as_condition(p) for p in (subject, obj)):
            return None
        if predicate != "targets" and any(self._drug_class(p) for p in (subject, obj)):
            return None  # "ramipril, an ACE inhibitor": a drug class named by its target, not the gene
        if subject.mention is None and obj.mention is None and not (
                predicate in lx.DRUG_PREDICATES and is_drug_name(subject.text)
                or predicate == "causes" and is_organism_name(subject.text)):
            return None  # two unlinked phrases: too often not entities, unless one is a named drug or pathogen
        if subject.mention is not None and obj.mention is not None and \
                set(subject.mention.concept_ids) & set(obj.mention.concept_ids):
            return None  # "EPP (erythropoietic protoporphyria)": one concept twice
        if predicate != "has_mode_of_inheritance" and any(self.is_inheritance(p) for p in (subject, obj)):
            return None  # a mode is only ever the object of its own relation (read by `inheritance_claims`)
        if predicate == "causes" and obj.mention is not None and \
                self.extractor.kind(obj.mention.concept_ids[0]) == "Gene":
            return None  # nothing in kgrag's vocabulary causes a gene: the phrases were misread
        if predicate == "has_phenotype" and obj.mention is None and head_word(obj.text).lower() in _GENETIC_CHANGES:
            return None  # "Single point mutations were also found in G6PD Metaponto": a change, no feature
        if predicate == "causes" and obj.mention is None and head_word(obj.text).lower() in GENE_PRODUCTS:
            return None  # "the mutated allele produces an inactive protein": a gene product, no effect of the graph's
        if predicate in ("causes", "has_phenotype") and obj.mention is None and (
                drug_class_head(head_word(obj.text)) or len(obj.text.split()) == 1 and self.is_drug(obj)):
            return None  # "led to the development of its oral tyrosine kinase inhibitor": a drug is no effect
        if obj.mention is None and (head_word(obj.text).lower() in SEQUENCE_HEADS or _HGVS.fullmatch(obj.text)):
            # "results in a serine-to-leucine substitution", "is associated with RFLP haplotype 3", "namely a
            # missense mutation in exon 2 (c.19G>A, p.Val7Met)": a change in a sequence, nothing it causes
            return None
        if obj.mention is None and self.organ(obj.text) and (
                predicate in ("treats", "may_prevent", "causes", "causes_adverse_effect") or
                predicate == "has_phenotype" and not _FUNCTION_WORD.search(obj.text.strip())):
            # "used for treatment of sensitive areas such as the face", "characterized by contractures of the elbows,
            # Achilles tendons and spine": a body site, no condition (a function the graph names as an organ,
            # "salivation", "vision", is written for its change in a list of features)
            return None
        if predicate in ("treats", "may_prevent") and subject.mention is not None and \
                self.extractor.kind(subject.mention.concept_ids[0]) in ("Disease", "Phenotype", "Gene"):
            # a disease or a finding treats nothing: "efficacy in depression ... treatment of X" misread; nor does a
            # gene: it is the target a drug acts on ("efficacy against ALK proteins to treat NSCLC", "the target
            # for therapy against parasitic diseases"), the drug's name is elsewhere
            return None
        if predicate in ("treats", "may_prevent", "causes_adverse_effect") and obj.mention is not None and \
                self.extractor.kind(obj.mention.concept_ids[0]) == "Gene":
            return None  # "a treatment for ERBB2/HER2-positive breast cancer" treats the cancer, not the gene
        if predicate == "has_phenotype" and obj.mention is not None and subject.mention is not None and \
                self.extractor.kind(obj.mention.concept_ids[0]) == "Gene" and \
                self.extractor.kind(subject.mention.concept_ids[0]) == "Phenotype":
            # "WT1 mutations have been reported in acute myeloid leukemia": a gene found in a condition HPO names as
            # a phenotype is associated with it (the verdicts read a gene's phenotype annotation)
            subject, predicate, obj = obj, "associated_with", subject
        if predicate == "has_phenotype" and obj.mention is not None and \
                self.extractor.kind(obj.mention.concept_ids[0]) == "Gene" and not (
                    subject.mention is not None and self.extractor.kind(subject.mention.concept_ids[0]) == "Disease"):
            return None  # a gene is no feature: "SASP is characterized by IL1B", "... are found in common foods"
        if predicate == "targets" and not self.drug_targeting(subject, obj):
            return None  # "targets" relates a drug to a gene product; "SATB1 targets promoters" is no such claim
        flags = [p.mention for p in (subject, obj) if p.mention is not None]
        moi = self.extractor.inheritance_id(obj.text) if obj.mention is None else None
        end: LinkedMention | str = obj.end_value
        if predicate == "is_a" and obj.mention is not None and narrower_words(obj.words, obj.mention.text):
            # "a type of malignant mesothelial cancer": the class the words name is narrower than *Cancer*, which
            # they only end in; a near miss stays the words (a descriptive word, "a rare cancer", changes nothing)
            end = obj.words
        if moi is not None and subject.mention is not None and \
                self.extractor.kind(subject.mention.concept_ids[0]) == "Gene":
            return None  # "FBN1 causes the autosomal dominant ... disorder": a gene has no mode of inheritance
        if moi is not None:  # "inherited in an autosomal dominant manner": the mode, as the graph names it
            end = LinkedMention(obj.start, obj.end, obj.text, (moi,), 1.0)
            predicate = "has_mode_of_inheritance"
        elif predicate == "has_mode_of_inheritance" and (obj.mention is None or not self.is_inheritance(obj)):
            return None
        # The linker's NegEx flags are about an entity ("no fever"), not a relation: a "No," opening an answer or
        # "(not CTG)" beside a gene must not deny "HTT causes Huntington disease". Relation negation is read from
        # the cue's verb group, "without", and a clause-level denial ("there is no evidence that").
        denied = negated or self._denied(subject, obj) or (
            predicate in ("treats", "may_prevent") and self._no_agent_works(obj))
        start: LinkedMention | str = subject.end_value
        if denied:
            # "no agent has been effective for advanced biliary tract cancer": what is denied of the narrower
            # thing the words name is not denied of *Cancer*, the name they end in (the graph would contradict
            # the denial with any cancer the agent treats); the end stays the words, as written
            start = _as_written(subject)
            end = _as_written(obj) if end is obj.mention else end
        return Triple(start, predicate, end, denied, self.hedged or any(m.uncertain for m in flags),
                      object_words=obj.words if isinstance(end, LinkedMention) and end is obj.mention else "")


    def _symbol_as_condition(self, phrase: Phrase) -> bool:
        """"Patients with a history of ACD": what people have is a condition, so a gene symbol there is the short
        form of one the linker could not tell (a gene is had as its mutations: "patients with BRCA1 mutations")."""
        if phrase.mention is None or self.extractor.kind(phrase.mention.concept_ids[0]) != "Gene":
            return False
        return bool(_HAVING.search(self.text, 0, phrase.start)) and not _GENETIC_NEXT.match(self.text, phrase.end)

    def _drug_class(self, phrase: Phrase) -> bool:
        """A gene named before a drug-class noun ("an ACE inhibitor", "EGFR antagonists") names the drug class."""
        return phrase.mention is not None and lx.TARGET_NOUN.match(self.text[phrase.end:]) is not None and \
            self.extractor.kind(phrase.mention.concept_ids[0]) == "Gene"

    def is_drug(self, phrase: Phrase) -> bool:
        """A drug or chemical concept, or an unlinked name with an INN stem (`_drug_end`)."""
        return self._drug_end(phrase.end_value)

    def drug_targeting(self, subject: Phrase, obj: Phrase) -> bool:
        """A drug (a drug or chemical concept, or a name with an INN stem) and what it acts on, which is not a
        disease or a feature ("targets migraine" is a use, not a target), an effect something induced ("did not
        inhibit FBN1-induced head twitch"), another drug ("anti-CD20 antibodies (rituximab, ocrelizumab), and agents
        targeting BAFF (belimumab)") or cells and what they do ("inhibited the growth of NCI-N87 cells")."""
        target = self.extractor.kind(obj.mention.concept_ids[0]) if obj.mention is not None else None
        if obj.mention is None and (len(obj.text.split()) == 1 and self.is_drug(obj) or
                                    head_word(obj.text).lower() in _NO_TARGET_HEADS):
            return False
        if _INDUCED_EFFECT.search(obj.text) or _INDUCED_EFFECT.match(self.text, obj.end):
            return False
        return self.is_drug(subject) and target not in ("Disease", "Phenotype")

    def _denied(self, subject: Phrase, obj: Phrase) -> bool:
        """A clause-level denial ("there is no evidence that") before both ends, or an end set against another by
        "but not" ("mutations in A, but not in B, are present in X": B's relation is denied)."""
        clause_start, _ = self.clause_of(min(subject.start, obj.start))
        if any(_SET_AGAINST.search(self.text, max(0, p.start - 24), p.start) for p in (subject, obj)):
            return True
        # (from the clause's start: "No patient with X had Y" opens with its denial, not with an answer's "No,")
        return bool(lx.CLAUSE_DENIAL.search(self.text, clause_start, max(subject.start, obj.start)))

    def _no_agent_works(self, obj: Phrase) -> bool:
        """"Despite trials with erlotinib, cetuximab and sorafenib, no agent has shown to be effective for X": a
        clause opening with "no agent" (drug, treatment) denies that the drugs named before treat X."""
        clause_start, _ = self.clause_of(obj.start)
        return _NO_AGENT.search(self.text, clause_start, obj.start) is not None


    def nominal_denied(self, position: int) -> bool:
        """Whether `position` lies in a denied predicate nominal of its clause ("is not an autosomal ...")."""
        clause_start, _ = self.clause_of(position)
        return lx.DENIED_NOMINAL.search(self.text, max(clause_start, self.body_start), position) is not None

    def is_inheritance(self, phrase: Phrase) -> bool:
        """A mode of inheritance, or HPO's root of them ("a pattern of inheritance" names no feature)."""
        return phrase.mention is not None and is_mode(phrase.mention.concept_ids[0], self.extractor.modes)


# "X, or Y, is ...": a sentence-opening name, an alternative name after ", or", and the clause's verb
_OR_ALIAS = re.compile(r"\s*(?P<first>[^,;:]{3,80}?),\s+or\s+(?P<second>[^,;:]{3,60}?)(?P<comma>,)\s+(?=(?:is|are|was|"
                       r"were|has|have|had|results?|resulted|remains?|represents?|affects?|manifests?)\b)")
# the finding noun between a short form and its head noun: "SBLA cancer syndrome", "a cancer family syndrome"
_NAMED_FINDING = re.compile(r"\s+(cancers?|tumou?rs?|neoplasms?|carcinomas?)\s+(?:syndromes?|family)\b", re.I)
_NOT_ENOUGH_REACH = 40  # characters before a cue that "not sufficient on its own to " can take
_NOT_ENOUGH = re.compile(r"\b(?:insufficient|not\s+sufficient|not\s+enough)\s+(?:on\s+its\s+own\s+)?to\s+$", re.I)
_COMMA = re.compile(r",\s")
_MAX_SUBORDINATE_CHARS = 250  # a fronted subordinate clause ends at its first comma, this far at most
_SUBORDINATE_OPENING = re.compile(r"\s*(?:although|though|whereas|while|because|since|when|if)\s+", re.I)
_SET_AGAINST = re.compile(r"\bbut\s+not\s+(?:(?:in|of|with|by|for|from)\s+)?(?:(?:the|an?)\s+)?$", re.I)
# "did not inhibit 5-hydroxytryptophan-induced head twitch", "blocked LPS-evoked release": an effect an agent
# induced, which a drug acting on it does not name as its target.
_INDUCED_EFFECT = re.compile(r"(?<=\w)-(?:induced|evoked|stimulated|triggered|provoked|elicited)\s", re.I)
# What a drug acts on is a gene product: cells, tissues and what they do are where or how it acts.
_NO_TARGET_HEADS = frozenset("cells cell lines line growth proliferation migration invasion activity tissue tissues "
                             "tumors tumours".split())
# A variant in HGVS notation ("c.19G>A", "p.Val7Met", "p.(Y650Sfs*22)"): a sequence change, not what it causes.
_HGVS = re.compile(r"(?:[cgmnpr]\.\(?[\w*>_+-]+\)?|[A-Z]\d+[A-Z])$")
# "can have many causes", "the causes of": "cause" after a determiner or quantifier is the noun, not the verb.
_CAUSE_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|its|their|many|several|other|common|possible|known|main|various|"
                                r"multiple|potential|major|frequent|rare|underlying|leading|most|different)\s+$", re.I)
# "distinguishing the cause of", "to determine the causes of", "search for a cause of": a cause sought, none named
_INQUIRY_BEFORE = re.compile(r"\b(?:determin|identif|find|establish|investigat|understand|elucidat|clarif|explor|"
                             r"examin|distinguish|assess|evaluat|search|seek|look|unravel|uncover|discover|ascertain|"
                             r"pinpoint)\w*\s+(?:for\s+)?(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,2}?$", re.I)
_NO_AGENT = re.compile(r"(?:^|(?<=[,;:]\s))\W*no\s+(?:\w+\s+)?(?:agent|agents|drug|drugs|treatment|treatments|therapy|"
                       r"therapies)\s+(?:has|have|had|was|were|is|are)\b", re.I)
_NOT_ALWAYS_WORDS = r"\b(?:not|n't)\s+(?:necessarily|always|invariably)"
_NOT_ALWAYS = re.compile(_NOT_ALWAYS_WORDS + r"\b", re.I)  # inside a cue's verb group
_NOT_ALWAYS_BEFORE = re.compile(_NOT_ALWAYS_WORDS + r"\s+$", re.I)  # right before a bare cue ("do not always cause")


def _short_form_owner(name: SpelledName, mentions: list[LinkedMention]) -> LinkedMention | None:
    """The mention that holds a spelled-out name's short form ("WHIM) syndrome" around "WHIM"), if any."""
    short_start, short_end = name.short_span
    return next((m for m in mentions if m.start <= short_start and short_end <= m.end), None)


# The heads of a phrase naming a genetic change, which no condition has as its feature.
_GENETIC_CHANGES = frozenset({"mutation", "mutations", "variant", "variants", "deletion", "deletions", "duplication",
                              "duplications", "polymorphism", "polymorphisms", "substitution", "substitutions"})


def _as_written(phrase: Phrase) -> LinkedMention | str:
    """A claim end as its words when they name something narrower than the linked name they end in
    (`narrower_words`: "biliary tract cancer" around "cancer"), else as linked."""
    if phrase.mention is not None and narrower_words(phrase.words, phrase.mention.text):
        return phrase.words
    return phrase.end_value


def _mode_key(name: str) -> str:
    """A mode's name with case, spaces and hyphens folded: "Autosomal-dominant" -> "autosomal dominant"."""
    return re.sub(r"[\s-]+", " ", name.lower())


# "patients with (a history of) ", "children diagnosed with ": what follows is a condition they have.
_HAVING = re.compile(r"\b(?:" + "|".join(sorted(lx.PATIENT_NOUNS | {"patient"})) + r")\s+(?:with|diagnosed\s+with|"
                     r"suffering\s+from)\s+(?:(?:a|an)\s+)?(?:(?:personal|family|prior|previous)\s+)?"
                     r"(?:history\s+of\s+)?$", re.I)
_GENETIC_NEXT = re.compile(r"[\s-]*(?:gene|genes|mutations?|mutated|variants?|alleles?|deletions?|duplications?|"
                           r"polymorphisms?|expansions?|repeats?|carriers?|positive|negative|deficiency|loss|"
                           r"defects?)\b", re.I)


# ", as found in Y," / ", as seen in Y,": a comparison set off after the subject, never a subject of its own.
_AS_ASIDE = re.compile(r",\s+as\s+(?:\w+ly\s+)?(?:\w+ed|seen|shown|found|known|noted|given|written)\b", re.I)


# The capitalized words (and the small words of a title) after a title-case cue, up to a bracketed short form; and
# the capitalized run right before the cue
_TITLE_RUN_TO_SHORT = re.compile(r"(?:\s+(?:[A-Z][\w-]*|of|and|with|to|by|in|the|for))*\s+\((?P<short>[A-Z][A-Za-z0-9-]"
                                 r"{1,9})\)")
_TITLE_RUN_BEFORE = re.compile(r"(?:[A-Z][\w-]*\s+)+$")


_DETERMINED_NOUN = re.compile(r"\b(?:the|this|these|those|that|a|an|its|their)\s+[a-z][\w-]*", re.I)
# The words a new clause's subject opens with ("one proband was found", "in one case X was observed").
_CLAUSE_OPENERS = lx.DETERMINERS | lx.PRONOUNS | NUMBER_WORDS | {"one"}


def _each_conjunct(triple: Triple) -> list[Triple]:
    """"BRCA1 predisposes to breast and ovarian cancer": a claim about names coordinated over one head is a claim
    about each of them (`LinkedMention.conjuncts`), judged on its own."""
    def ends(end: LinkedMention | str) -> tuple[LinkedMention | str, ...]:
        return end.each_conjunct() if isinstance(end, LinkedMention) else (end,)
    return [replace(triple, subject=subject, object=obj) for subject in ends(triple.subject)
            for obj in ends(triple.object)]


def _unique(triples: Sequence[Triple]) -> list[Triple]:
    seen: set[tuple[str, str, str, bool]] = set()
    out = []
    for triple in (one for each in triples for one in _each_conjunct(each)):
        if triple.key not in seen:
            seen.add(triple.key)
            out.append(triple)
    return out
