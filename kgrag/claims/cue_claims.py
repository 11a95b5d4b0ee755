"""Claims a sentence's relation cues state: for each cue (`kgrag.lexicon.CUES`), the phrases on its two sides.

The sentence reading (`kgrag.claims.extraction.SentenceReading`) finds the cues and, for each, the phrases it relates
(`left_phrases`, `right_phrases`: the subject by the sentence's structure, the objects as a list). This module pairs
them into claims and decides, cue by cue, what the pairing states:
- what the sentence only asks about or a trial only tests states nothing ("whether G causes X", "D is being tested
  as treatment for X"); a method characterizes nothing ("mutations were characterized by analysis of cDNA");
- a wording that is a claim only about a condition ("X includes A, B and C") needs a condition as subject
  (`_named_condition`); a list of instances ("three genes, including A and B") is no list of features;
- an everyday verb ("had", "developed") relates only two concepts the graph names, and never what people developed
  on a treatment ("patients with X treated with D developed Y");
- "without B", "and no B" deny the item; "with or without B" says neither; "to prevent X" reads `may_prevent`;
- a subject denied by its own determiner at the clause's start denies the relation ("There is no X associated with
  Y", "No X is associated with Y"; `_denied_before_cue`);
- lists pair item by item when "respectively" says so.
Every pairing becomes a claim through the reading's `triple`, which applies the end filters all claims pass.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kgrag import lexicon as lx
from kgrag.claims.entity_words import EXAMPLES, PERSON_NOUNS, SUBJECT_VERB, plural_class
from kgrag.claims.spans import Cue, Phrase
from kgrag.claims.subjects import left_phrases
from kgrag.claims.triples import Triple

if TYPE_CHECKING:
    from kgrag.claims.extraction import SentenceReading


# "the (classic) symptoms of ", "the triad of ": a part noun whose object is the condition a clause is about.
_PART_OF = re.compile(r"\b(?:" + "|".join(sorted(lx.PART_NOUNS)) + r")\s+of\s+(?:the\s+)?(?=\S)", re.I)
# Head nouns of a name that denotes a condition even when the graph lacks it ("Saint's triad", "Bobble head doll
# syndrome").
_CONDITION_HEADS = frozenset({"syndrome", "disease", "disorder", "triad", "tetrad"})
# "various symptoms, ", "several features such": a part noun that only announces the list after it.
_ANNOUNCED_PARTS = re.compile(r"\s*(?:[\w-]+\s+){0,2}(?:" + "|".join(sorted(lx.PART_NOUNS)) + r")\s*,?\s*", re.I)
# "with or " before "without": the item may or may not be there. "and no ": the item denied by its determiner.
_EITHER_WAY = re.compile(r"\bwith\s+or\s+$", re.I)
_NO_BEFORE = re.compile(r"(?:^|[\s,])(?:no|nor)\s+(?:[\w-]+\s+){0,2}$", re.I)
# "There is no chorea associated with X", "No chorea is associated with X", "There isn't any visible sign of vision
# loss associated with X": the phrase right before the cue is denied by its determiner, and with it the relation.
# (the determiner opens the clause's subject: at the sentence's or a clause's start, or after "there is")
_NO_BEFORE_LEFT = re.compile(r"(?:^\W*|[,;:]\s*|\bthere\s+(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+)"
                             r"(?:no|not\s+any)\s+(?:[\w-]+\s+){0,4}$|\bthere\s+(?:is|are|was|were|has|have|had)"
                             r"n['\u2019]t\s+(?:been\s+)?any\s+(?:[\w-]+\s+){0,4}$", re.I)
# what may stand between that phrase's mention and the cue: the rest of its noun ("HTT mutation"), auxiliaries
_REST_OF_SUBJECT = re.compile(r"(?:\s+(?!(?:that|which|who|and|or|but|in|of|with|for|to)\b)[\w-]+){0,3}\s*", re.I)
# A treatment the clause's people were on, or after: what they developed then is no feature of their disease; nor
# is what they developed after an operation ("A man operated for acute cholecystitis under methoxyflurane anesthesia
# developed postoperatively renal tubular acidosis").
_AFTER_TREATMENT = re.compile(r"\b(?:after|following|followed|while\s+on|while\s+receiving|during|throughout)\b"
                              r"[^.;]{0,60}?\b(?:treatment|therapy|administration|dosage|doses?|use|exposure|chemotherapy|"
                              r"irradiation|radiotherapy|surgery|operation)\b|\bpost-?operative(?:ly)?\b|"
                              r"\bunder\s+(?:[\w-]+\s+){0,2}an(?:a)?esthesia\b", re.I)
# a treatment the people of the clause are on: "patients receiving fluoxetine", "treated on a long-term basis with",
# "Under treatment with sulfadiazine they developed"
_TREATED_WITH = r"treated\s+(?:[\w-]+\s+){0,5}?with|receiving"  # "treated on a long-term basis with", "receiving"
_ON_TREATMENT = re.compile(rf"\b(?:{_TREATED_WITH}|under\s+treatment|(?:treatment|therapy)\s+with)\b", re.I)
# "X (PD) treated with", "X, who were receiving": a treatment said of the patients right after their disease.
_TREATED_AFTER = re.compile(r"(?:\s*\([^()]*\))?\s*,?\s*(?:(?:who|that)\s+(?:were|was|are|is|had\s+been|have\s+been)"
                            rf"\s+)?(?:{_TREATED_WITH}|on\s+(?:treatment|therapy)\s+with|taking)\b", re.I)
# "characterized by analysis of ...", "characterised by sequencing": the methods sense of the feature cue.
_CHARACTERIZED_BY = re.compile(r"characteri[sz]ed\s+by\s*$", re.I)
_METHOD_NEXT = re.compile(r"\s*(?:(?:the|an?)\s+)?(?:[\w-]+\s+)?(?:analysis|analyses|sequencing|use|measurement|"
                          r"examination|assessment|determination|detection|evaluation|screening|testing|"
                          r"immunohistochemistry|microscopy|electrophoresis|blotting|means)\b", re.I)
# "used for the diagnosis of X", "useful in distinguishing X", "used for screening for X": a use in diagnosis or
# monitoring, no treatment (a participle there is an adjective: "given for diagnosed X", "in confirmed X" still treat)
_DIAGNOSTIC_USE_NEXT = re.compile(r"\s*(?:(?:the|an?)\s+)?(?:[\w-]+\s+)?(?:diagnos|detect|screen|monitor|imaging|"
                                  r"staging|prognos|predict|distinguish|differentiat|identif|assess|evaluat|measur|"
                                  r"visuali[sz]|locali[sz]|quantif)(?!\w*ed\b)\w*\b", re.I)
# "A 72-year-old man with AF, coronary artery disease, and hyperlipidemia presented with fatigue": a person with a
# list of conditions right before the feature cue's subject
_PERSON_WITH = re.compile(r"\b(?:" + "|".join(sorted(lx.PATIENT_NOUNS | PERSON_NOUNS)) + r")\s+with\s+(?=[^.;()]*$)",
                          re.I)
# "Failure of ancrod in the treatment of X", "Lack of efficacy of D for X": a treatment that did not work
_FAILED_AGENT = re.compile(r"(?:the\s+)?(?:failure|lack\s+of\s+(?:efficacy|effect|benefit|response)|ineffectiveness|"
                           r"inefficacy)\s+of\s+(?=\S)", re.I)
# The words of prevention in a treats cue's span ("for the prevention of", "preventive treatment", "prophylaxis"),
# and a span naming both treatment and prevention, which stays treats (`_prevention_or`).
_PREVENTION = re.compile(r"\bprevent(?:ion|ive|ing|s)?\b|\bprophyla", re.I)
_TREATMENT_AND_PREVENTION = re.compile(r"\b(?:treat(?:ment|ing)?|manag(?:ement|ing))\s+(?:and|or|and/or)\s+(?:the\s+)?"
                                       r"(?:prevent|prophyla)|\b(?:prevent(?:ion|ing)?|prophylaxis)\s+(?:and|or|and/or)"
                                       r"\s+(?:the\s+)?(?:treat|manag)", re.I)
_RESPECTIVELY = re.compile(r"[\s,)]*respectively\b", re.I)
# "responsible for" as a reduced relative (`lexicon.CUES`)
_RESPONSIBLE = re.compile(r"responsible\s", re.I)
# What may stand between the gene such a relative names and it: the genetic nouns of the gene's noun phrase ("FBN1
# gene mutations responsible for", "(FBN1) gene responsible for"), or a copula and its predicate nominal ("FBN1 is
# the major gene responsible for", "was identified as the gene").
_GENETIC_GAP = re.compile(r"\)?(?:\s+(?:is|are|was|were)(?:\s+(?:\w+ly|identified\s+as|considered))*\s+(?:the|an?|one)"
                          r"(?:\s+(?!(?:of|in|for|with)\b)[\w-]+){0,2}?)?(?:\s+(?:" + "|".join(lx.GENETIC_NOUNS) +
                          r")){1,2}\s+", re.I)
_ASIDE_CLOSE = re.compile(r",\s+(?:" + "|".join(sorted(lx.PHRASE_OPENERS)) + r")\b", re.I)
# A clause subject that is only a part noun and its modifiers: "Symptoms", "Various clinical features".
_PART_ONLY = re.compile(r"(?:(?:[\w-]+)\s+){0,2}(?:" + "|".join(sorted(lx.PART_NOUNS)) + r")", re.I)


def cue_claims(reading: SentenceReading) -> list[Triple]:
    """The claims the sentence's relation cues state, cue by cue, in the order the cues stand (module docstring)."""
    cues = reading.cues()
    # "caused by mutations in three genes, including A, B and C": the "including" list names the genes, so it
    # belongs to the cue before it rather than ending that cue's objects.
    # So does the list after "manifest with various symptoms, including": the part noun only announces it.
    instances = {i for i, cue in enumerate(cues) if cue.disease_subject and (
        _lists_instances(reading, cue)
        or i > 0 and _ANNOUNCED_PARTS.fullmatch(reading.text, cues[i - 1].end, cue.start))}
    out: list[Triple] = []
    listed: list[Phrase] = []  # the previous cue's objects
    for index, cue in enumerate(cues):
        clause_start, clause_end = reading.clause_of(cue.start)
        following = next((c.start for i, c in enumerate(cues) if i > index and i not in instances), len(reading.text))
        limit = min(clause_end, following)
        if cue.predicate == "treats" and _under_study(reading, cue):
            continue  # "D is being tested as treatment for X": a trial, not a claim that D works
        if _asked(reading, cue):
            continue
        if _CHARACTERIZED_BY.search(reading.text, cue.start, cue.end) and _METHOD_NEXT.match(reading.text, cue.end):
            continue  # "mutations were characterized by analysis of cDNA": a method, not a feature
        if cue.predicate == "treats" and not cue.reverse and _DIAGNOSTIC_USE_NEXT.match(reading.text, cue.end):
            continue  # "Ultrasound is used for the diagnosis of X": a diagnostic use, no treatment
        lefts, rights = left_phrases(reading, cue), reading.right_phrases(cue, limit)
        if _RESPONSIBLE.match(reading.text, cue.start) and not cue.finite:
            # "the FMR1 gene responsible for X": the gene named in the noun phrase the relative follows; "a certain
            # gene responsible for X" names none, and a phrase further back is no subject of it
            lefts = [left for left in lefts if left.end <= cue.start and
                     _GENETIC_GAP.fullmatch(reading.text, left.end, cue.start)]
        rights, listed = _cause_of_one_item(reading, cue, lefts, rights, listed), rights
        if not lefts and cue.reverse and cue.predicate == "has_phenotype":
            # "Symptoms have been reported in X such as A and B": the part noun only announces the list that
            # follows the disease.
            lefts, rights = _announced_list(reading, cue, rights)
        # "X is not a disorder caused by G": a participle read through a denied predicate nominal is denied.
        nominal_denied = cue.participle and not cue.finite and reading.nominal_denied(cue.start)
        without = re.search(r"\bwithout\b", reading.text[cue.end:limit], re.I)
        # "..., without surgical intervention, the development of cancer": an aside closed by a comma before a
        # new phrase denies nothing after it.
        aside_end = _ASIDE_CLOSE.search(reading.text[cue.end:limit], without.end()) if without is not None \
            else None
        denied_until = cue.end + aside_end.start() if aside_end is not None else len(reading.text)
        if cue.predicate == "has_phenotype" and not cue.reverse and lefts and \
                _person_with_many(reading, clause_start, lefts[0]):
            continue  # "A man with AF, CAD and hyperlipidemia presented with fatigue": the man's, no one disease's
        for left, right in _pairs(reading, lefts, rights):
            subject, obj = (right, left) if cue.reverse else (left, right)
            if cue.everyday and (subject.mention is None or obj.mention is None):
                continue  # "Up to 30 % of patients who have undergone ...": an everyday verb, no concept
            if cue.everyday and (_AFTER_TREATMENT.search(reading.text, clause_start, clause_end) or
                                 _ON_TREATMENT.search(reading.text, clause_start, clause_end)):
                # "patients with cancer who developed renal failure while on treatment with mitomycin C",
                # "patients with Cushing's syndrome treated with ketoconazole developed hypertension": what
                # people developed on a treatment is not a feature of the disease they had
                continue
            if _finding_on_treatment(reading, cue, subject, obj):
                continue
            if cue.predicate == "treats" and cue.reverse and reading.is_drug(left):
                continue  # "Efficacy of D in patients previously treated with E": a drug is treated with nothing
            if cue.disease_subject:
                condition = _named_condition(reading, subject, cue)
                if condition is None:
                    continue
                subject = condition
            # "... without B"; "... and no B" (a determiner's denial of the item, not "lack of B", a
            # finding); "with or without B" says neither
            after_without = without is not None and cue.end + without.start() < right.start < denied_until
            if after_without and without is not None and \
                    _EITHER_WAY.search(reading.text, 0, cue.end + without.start()):
                continue
            denied = after_without or right.start >= cue.end and _NO_BEFORE.search(
                reading.text, max(cue.end, right.start - 30), right.start) is not None or \
                _denied_before_cue(reading, left, cue, clause_start)
            failed = _FAILED_AGENT.match(subject.text) if cue.predicate == "treats" and \
                subject.mention is None and not cue.reverse else None
            if failed is not None:
                # "Failure of ancrod in the treatment of X": the drug, denied
                subject = Phrase(subject.start + failed.end(), subject.end, subject.text[failed.end():], None)
                denied = not denied
            triple = reading.triple(subject, _prevention_or(reading, cue, right), obj,
                                  (cue.negated or nominal_denied) != denied)
            if triple is not None:
                out.append(triple)
    return out


def _person_with_many(reading: SentenceReading, clause_start: int, left: Phrase) -> bool:
    """Whether the feature cue's subject is one of several conditions a person has ("A man with HIV, atrial
    fibrillation and hyperlipidemia presented with fatigue", "a girl with Turner syndrome and Graves' disease who
    presented with ..."): another named condition joined to it after the person's "with". One condition ("a man with
    X presented with Y") is the case's disease, and keeps the claim."""
    people = list(_PERSON_WITH.finditer(reading.text, clause_start, left.start))
    if not people:
        return False
    return any(people[-1].end() <= m.start and m.end <= left.start and
               re.search(r",|\band\b|\bor\b", reading.text[m.end:left.start]) for m in reading.mentions)


def _denied_before_cue(reading: SentenceReading, left: Phrase, cue: Cue, clause_start: int) -> bool:
    """Whether the phrase before the cue is denied by a determiner of its own ("There is no chorea associated
    with X", "No chorea is associated with X"): only the subject the cue follows, with its determiner opening the
    clause, so a "no" elsewhere ("Patients with no history of X had Y") denies nothing."""
    if left.end > cue.start or not _REST_OF_SUBJECT.fullmatch(reading.text, left.end, cue.start):
        return False
    return _NO_BEFORE_LEFT.search(reading.text, max(clause_start, left.start - 45), left.start) is not None


def _asked(reading: SentenceReading, cue: Cue) -> bool:
    """Whether the cue states the relation a question or an aim asks about ("whether G contributes to X", "To
    investigate the association of X with Y"). A passive participle there still describes a noun the question
    takes as given ("whether the rigidity caused by alfentanil ...", "To compare ... stenosis due to OPLL"), as
    a compound does ("VPA-associated oxidative stress", read by `phrase_forms.agent_modifiers`)."""
    return not (cue.reverse and cue.participle) and reading.asked_at(cue.start)


def _named_condition(reading: SentenceReading, subject: Phrase, cue: Cue) -> Phrase | None:
    """The subject of a wording that is a claim only about a condition ("X includes A, B and C"): a linked
    disease; the object of a part noun ("the symptoms of endolymphatic hydrops include", "the classic triad of
    abdominal aortic aneurysm rupture includes"), read as the whole phrase when a linked mention is only part
    of it (the aneurysm is not its rupture, plain hydrops is not endolymphatic hydrops); or, for a condition the
    graph lacks, a name headed by a condition noun ("Saint's triad includes"). None: not a condition, or a list
    of instances ("three genes, including A and B")."""
    part_of = next((m for m in _PART_OF.finditer(reading.text, 0, subject.start + 1)
                    if re.fullmatch(r"(?:[\w'-]+\s+){0,4}", reading.text[m.end():subject.start])), None)
    if part_of is None and _lists_instances(reading, cue):
        return None
    if subject.mention is None:
        inner = _PART_OF.match(subject.text) or re.match(r"(?:[\w'-]+\s+){1,3}?" + _PART_OF.pattern,
                                                        subject.text, re.I)
        if inner is not None:  # an unlinked phrase that opens with its part noun: "classic triad of X"
            rest = subject.text[inner.end():]
            return Phrase(subject.start + inner.end(), subject.end, rest, None) if rest else None
        head = re.findall(r"[\w-]+", re.sub(r"\s*\([^()]*\)\s*$", "", subject.text))
        named = bool(head) and head[-1].lower() in _CONDITION_HEADS and subject.text[:1].isupper() \
            and SUBJECT_VERB.search(" " + subject.text) is None  # "SATB2 cause a syndrome" is a clause
        return subject if part_of is not None or named else None
    disease = reading.extractor.kind(subject.mention.concept_ids[0]) == "Disease"
    if part_of is None:
        return subject if disease else None
    item_end = subject.end
    if subject.words:
        found = reading.text.find(subject.words, max(0, subject.end - len(subject.words)))
        item_end = max(item_end, found + len(subject.words)) if found >= 0 else item_end
    whole = re.sub(r"\s*\([^()]*\)?\s*$", "", reading.text[part_of.end():item_end]).strip(" ,")
    if whole.casefold() != subject.mention.text.casefold():
        return Phrase(part_of.end(), part_of.end() + len(whole), whole, None)
    return subject  # a condition the graph holds as a disease or only as a phenotype term


def _prevention_or(reading: SentenceReading, cue: Cue, right: Phrase) -> str:
    """The cue's predicate; but a treats cue whose words up to its disease say prevention ("indicated for the
    prevention of X", "to prevent X", "for the preventive treatment of X") reads "may_prevent": preventing X is no
    treatment of it ("the treatment and prevention of X" names both, and stays treats)."""
    if cue.predicate != "treats" or right.start < cue.start:
        return cue.predicate
    span = reading.text[cue.start:right.start]
    return "may_prevent" if _PREVENTION.search(span) and not _TREATMENT_AND_PREVENTION.search(
        reading.text, max(0, cue.start - 20), right.start) else cue.predicate


def _cause_of_one_item(reading: SentenceReading, cue: Cue, lefts: list[Phrase], rights: list[Phrase],
                       listed: list[Phrase]) -> list[Phrase]:
    """"The symptoms include blurred vision, weight loss due to lack of appetite, dry skin and hair loss": a cause
    given for one item of the previous cue's list is that item's alone; the items after the next comma go on the
    outer list, and are no causes of it."""
    if not (cue.reverse and cue.predicate == "causes" and len(lefts) == 1 and
            any(item.start == lefts[0].start for item in listed[1:])):
        return rights
    comma = reading.text.find(",", cue.end, rights[-1].start) if rights else -1
    return rights if comma < 0 else [right for right in rights if right.end <= comma]


def _pairs(reading: SentenceReading, lefts: list[Phrase], rights: list[Phrase]) -> list[tuple[Phrase, Phrase]]:
    """Every left phrase with every right one; but "A and B cause X and Y, respectively" pairs them in order
    (A with X, B with Y), the last items of the longer list with the shorter ("... cause similar conditions, X and
    Y, respectively"): crossing them reads "A causes Y", which the graph then contradicts."""
    if len(lefts) < 2 or len(rights) < 2 or not _RESPECTIVELY.match(reading.text, rights[-1].end):
        return [(left, right) for left in lefts for right in rights]
    count = min(len(lefts), len(rights))
    return list(zip(lefts[-count:], rights[-count:], strict=True))


def _finding_on_treatment(reading: SentenceReading, cue: Cue, subject: Phrase, obj: Phrase) -> bool:
    """"Valvular heart abnormalities have been reported in patients with Parkinson's disease (PD) treated with
    pergolide": a finding said of patients whose disease is followed by their treatment is the treatment's, not
    a feature of that disease, by any feature cue (a gene's association with the disease is not a finding)."""
    if cue.predicate not in ("has_phenotype", "associated_with"):
        return False
    treated = [p for p in (subject, obj) if _TREATED_AFTER.match(reading.text, p.end)]
    return bool(treated) and not any(p.mention is not None and reading.extractor.kind(p.mention.concept_ids[0])
                                     in ("Gene", "Drug", "Chemical") for p in (subject, obj))


def _announced_list(reading: SentenceReading, cue: Cue, rights: list[Phrase]) -> tuple[list[Phrase], list[Phrase]]:
    """(features, [the disease]) when the cue's left side is only a part noun ("Various symptoms") and the
    phrase after the cue is followed by "such as" or "including" and the features; ([], rights) otherwise."""
    clause_start, _ = reading.clause_of(cue.start)
    if not rights or not _PART_ONLY.fullmatch(reading.text[clause_start:cue.start].strip(" ,")):
        return [], rights
    marker = EXAMPLES.match(reading.text, rights[0].end)
    if marker is None:
        return [], rights
    return [r for r in rights[1:] if r.start >= marker.end()], rights[:1]


def _lists_instances(reading: SentenceReading, cue: Cue) -> bool:
    """"... caused by mutations in three genes, including A, B and C": the list names kinds of the noun before
    the cue (genes, disorders), not features of the disease; "symptoms including A" does name features, and
    "a disorder, consisting of A and B" its parts, never its kinds."""
    if not re.search(r"\binclud", reading.text[cue.start:cue.end], re.I):
        return False
    if any(not reading.text[m.end:cue.start].strip(" ,") and not plural_class(m.text)
           for m in reading.mentions if m.end <= cue.start):
        return False  # "Marfan syndrome includes ...": the word before is the disease's own name, not a class
    before = re.findall(r"[\w-]+", reading.text[max(0, cue.start - 40):cue.start])
    word = before[-1].lower() if before else ""
    return word in lx.GENERIC_NOUNS and word not in lx.PART_NOUNS and not re.search(
        r"\b(?:features|symptoms|signs|manifestations|findings)\b", reading.text[cue.start:cue.end], re.I)


def _under_study(reading: SentenceReading, cue: Cue) -> bool:
    """Whether the cue's clause says the use is being studied rather than that it works."""
    clause_start, _ = reading.clause_of(cue.start)
    return lx.UNDER_STUDY.search(reading.text, clause_start, cue.end) is not None
