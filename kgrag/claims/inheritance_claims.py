"""Modes of inheritance a sentence names for its disease, written without a relation cue.

"X is an autosomal recessive disorder", "X, an autosomal dominant syndrome, ...", "X shows X-linked inheritance", and
a disease name that carries its mode ("X-linked adrenoleukodystrophy") each give a `has_mode_of_inheritance` claim.
The mode is read where the clause says it of its subject disease (its predicate nominal, an appositive, or a relative
clause after the name a cue's object ends in: "G is associated with X (XS), which is an autosomal recessive
disorder"), never of a gene, a carrier ("the mutation is an autosomal recessive trait") or a person; a clause the
sentence only asks about ("whether X is an autosomal dominant disorder") states none. A mode the graph records
completely is what the verdicts can contradict, so a misread subject here costs a false contradiction: the rules
stay narrow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kgrag import lexicon as lx
from kgrag.claims.entity_words import GENE_PRODUCTS, SUBJECT_VERB
from kgrag.claims.spans import Cue, Phrase
from kgrag.claims.terms import head_word
from kgrag.claims.triples import Triple
from kgrag.records import LinkedMention

if TYPE_CHECKING:
    from kgrag.claims.extraction import SentenceReading


# ", an (rare,) autosomal recessive", ", which is an autosomal recessive": a mode opening an appositive noun phrase
# or the predicate nominal of a relative clause, up to the mode.
_APPOSED_MODE = re.compile(r"(?:,|,?\s+(?:which|that)\s+(?:is|are|was|were)(?:\s+(?:not|never))?)\s+(?:an?|the)\s+"
                           r"(?:[\w-]+,?\s+){0,2}$", re.I)
# A class noun right after a disease's mention ("an autosomal recessive iron overload condition"): the mention only
# modifies it, so the mode is not that disease's.
_CLASS_NOUN_NEXT = re.compile(r"\s+(?:" + "|".join(sorted(lx.CLASS_NOUNS)) + r")\b", re.I)


def modes_of_inheritance(reading: SentenceReading, cues: Sequence[Cue]) -> list[Triple]:
    """A mode of inheritance the clause names for its disease: "X is an autosomal recessive disorder", "X
    shows X-linked inheritance", a disease name that includes its mode ("autosomal recessive omodysplasia")."""
    found: list[Triple] = []
    modes = [m for m in reading.mentions if m.concept_ids[0] in reading.extractor.inheritance.values()
             and reading.extractor.inheritance_id(m.text) is not None]  # a name it is read by, not "mitochondrial"
    # A mode the linker does not spell ("dominantly inherited", "autosomal-dominant") is still a mode.
    modes += [m for m in reading.extractor.inheritance_spans(reading.text)
              if not any(m.start < o.end and o.start < m.end for o in reading.mentions)]
    modes.sort(key=lambda m: m.start)
    for mode in modes:
        if any(c.predicate == "has_mode_of_inheritance" and c.start < mode.start for c in cues):
            continue  # read by the cue already
        clause_start, _ = reading.clause_of(mode.start)
        nominal = lx.COPULA_NOMINAL.search(reading.text, clause_start, mode.start)
        named = re.search(r"\b(?:inheritance|inherited|trait)$", mode.text, re.I)  # "... inheritance"
        if not (named or re.match(r"[\s,]*(?:(?:[\w/-]+|,)\s+){0,6}?(?:inheritance|inherited|trait|pattern|"
                                  r"manner|fashion|transmission|disorder|disease|condition|syndrome|form|gene)\b",
                                  reading.text[mode.end:mode.end + 80], re.I) or nominal is not None):
            continue  # "X-linked mutations", "Y-linked autoimmune acceleration": no mode of a disease
        # "X, an autosomal recessive ... syndrome": a mode inside an appositive is the mode of the name before.
        apposed = _APPOSED_MODE.search(reading.text, clause_start, mode.start)
        if apposed is None and reading.asked_at(mode.start):
            continue  # "whether X is an autosomal dominant disorder"; an appositive's mode is given
        # (an appositive's or a relative clause's name is the last phrase past the clause's last cue before it:
        # "G is associated with Bloggs syndrome (BS), which is an autosomal recessive disorder" is about the
        # syndrome, which the graph may lack)
        if apposed is not None:
            after_cue = max([clause_start, *(c.end for c in cues
                                             if clause_start <= c.start and c.end <= apposed.start())])
            subjects = reading.last_phrase(after_cue, apposed.start()) or \
                reading.last_phrase(clause_start, apposed.start())
        else:
            subjects = reading.clause_subject(clause_start, mode.start)
        following = next((m for m in reading.mentions if m.start >= mode.end and m.start - mode.end <= 1), None)
        if following is not None and reading.extractor.kind(following.concept_ids[0]) == "Disease" and \
                not _CLASS_NOUN_NEXT.match(reading.text, following.end):
            # "autosomal recessive omodysplasia" names the disease; "an autosomal recessive iron overload
            # condition" does not: there the mention only modifies the class noun.
            subjects = [Phrase(following.start, following.end, following.text, following)]
        # "X is a rare autosomal recessive disorder": the mode is said of the subject itself, so a subject the
        # graph lacks is read too; a mode further into the nominal ("a tool for somatic mutation profiles") is not.
        near = lx.COPULA_MODIFIERS.search(reading.text, clause_start, mode.start)
        said_of_subject = len(subjects) == 1 and (apposed is not None or near is not None and not any(
            w.lower() in lx.PREPOSITIONS for w in re.findall(r"[\w-]+", near.group())))
        for subject in subjects:
            disease = _inherited_condition(reading, subject, said_of_subject)
            if disease is not None:
                denied = mode.negated or (nominal is not None and reading.nominal_denied(mode.start))
                found.append(Triple(disease, "has_mode_of_inheritance", mode, denied, reading.hedged))
    for mention in reading.mentions:  # a disease name that carries its mode
        if reading.extractor.kind(mention.concept_ids[0]) != "Disease":
            continue
        moi = reading.extractor.inheritance_id(mention.text)
        if moi is not None:
            # the mode is the name's words that say it ("X-linked" of "X-linked adrenoleukodystrophy")
            said = next(iter(reading.extractor.inheritance_spans(mention.text)), None)
            start, end = (mention.start + said.start, mention.start + said.end) if said is not None \
                else (mention.start, mention.end)
            found.append(Triple(mention, "has_mode_of_inheritance",
                                LinkedMention(start, end, reading.text[start:end], (moi,), 1.0), False,
                                reading.hedged))
    return found


def _inherited_condition(reading: SentenceReading, subject: Phrase,
                         said_of_subject: bool) -> LinkedMention | str | None:
    """What a mode of inheritance the clause names is the mode of: a linked disease; or, since the clause says
    the subject is an inherited condition ("Omodysplasia is a rare autosomal recessive disorder", "Familial
    hypercholesterolemia is an autosomal dominant disorder"), a condition the graph holds no disease for, by
    its words: a term the graph lacks, or a name the graph holds only as a phenotype term (a mode is a
    disease's, so the verdict is `unlinked`, not a missing edge of the phenotype). Never a gene, a carrier
    ("the mutation") or a person; and only where the mode is `said_of_subject` (the predicate nominal or an
    appositive names it, not a phrase further into the clause)."""
    if subject.mention is not None:
        kind = reading.extractor.kind(subject.mention.concept_ids[0])
        return subject.mention if kind == "Disease" else subject.text if kind == "Phenotype" and \
            said_of_subject else None
    if not said_of_subject:
        return None
    verbs = list(SUBJECT_VERB.finditer(" " + subject.text))
    # "Mutations in G cause Bloggs syndrome, an autosomal dominant disorder": the phrase before the appositive
    # may run over the verb; the name is what follows it.
    words = re.sub(r"^(?:the|an?)\s+", "", subject.text[verbs[-1].end() - 1:].strip(), flags=re.I) if verbs \
        else subject.text
    head = head_word(words).lower()
    if head in lx.CARRIER_NOUNS or head in lx.PATIENT_NOUNS or head in GENE_PRODUCTS or head in ("gene", "genes"):
        return None
    return words if words and reading.extractor.names_a_term(words) else None
