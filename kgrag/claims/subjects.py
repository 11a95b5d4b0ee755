"""What a relation cue's left side is about: the subject by the sentence's structure, not the nearest mention.

For each cue the sentence reading (`kgrag.claims.extraction.SentenceReading`) finds, `left_phrases` says which
phrases it is about: inside a relative clause, the phrase the clause hangs on (`_relative_antecedent`); after a
participle with no verb, the phrase just before it, or, when that is a class noun in "X is a ... disorder caused by Y",
X itself (`_head`); a verb joined by "and" or "but" shares the clause's first phrase (`_joined_subject`); a participle
right after a process, product or measure noun is that noun's, which the graph does not name
(`_about_an_unnamed_noun`); a noun cue after the clause's verb and its object is about that object ("Toxicities have
limited the use of cisplatin as a treatment for X", `_verbs_object`); otherwise the clause's own subject
(`SentenceReading.clause_subject`). The module
docstring of `kgrag.claims.extraction` lists these rules with their examples; each rule's effect on the gold set and
the held-out reads is in the README (claims section).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kgrag import lexicon as lx
from kgrag.claims.entity_words import (
    CARRIER_WORDS,
    GENE_PRODUCTS,
    PERSON_NOUNS,
    PLURAL_CLASS,
    SEQUENCE_HEADS,
    SUBJECT_VERB,
    plural_class,
)
from kgrag.claims.spans import Cue, Phrase
from kgrag.claims.terms import head_word

if TYPE_CHECKING:
    from kgrag.claims.extraction import SentenceReading


# "a type of", "a rare variant of": the phrase after them is still what the copula's subject is.
_KIND_NOUNS = frozenset({"type", "types", "form", "forms", "variant", "variants", "kind", "kinds", "subtype",
                         "subtypes", "class", "group", "one"})
# "examples of ", "a type of ", "one form of the ": what names a class as a kind of thing, right before it
_KIND_OF = re.compile(r"\b(?:examples?|types?|forms?|kinds?|subtypes?|variants?|classes)\s+of\s+(?:the\s+)?$", re.I)
# " spectrum", " (DKC) spectrum": a group noun a disease's name modifies
_GROUP_AFTER = re.compile(r"(?:\s*\([^()]{1,20}\))?\s+(?:spectrum|continuum|family|group)\b", re.I)
_COPULA_BEFORE_KIND = re.compile(r"\b(?:is|are|was|were)\s+(?:(?:an?|the|one|all|both|two|three|four|\w+ly)\s+)*$",
                                 re.I)
# "are (two) rare disorders ": a plural copula and its predicate nominal, a class noun with up to three modifiers
# ("are at risk for disorders caused by" is no predicate nominal: no preposition among the modifiers)
_PLURAL_NOMINAL_BEFORE = re.compile(r"\b(?:are|were)\s+(?:(?:\w+ly|also|both|all|two|three|four|\d+)\s+)*"
                                    r"(?:(?!(?:in|of|for|with|at|by|to|from|on|as)\b)[\w-]+\s+){0,3}?"
                                    rf"(?:{PLURAL_CLASS})\s*$", re.I)
# "... in subjects treated with D", "... among rats treated with": a phrase before a preposition and the people (or
# animals) a treatment participle describes is something found in them ("patients with X treated with D" and "X
# patients treated with D" name their disease right before; "human immunodeficiency virus type 1-infected children
# treated with": up to six words describe the people).
_OBSERVED_IN_TREATED = re.compile(r"\b(?:in|among|of|from|for|to)\s+(?:(?:the|all|those|these|[\w-]+)\s+)"
                                  r"{0,6}?(?P<people>" + "|".join(sorted(lx.PATIENT_NOUNS | {
                                      "rats", "mice", "animals", "dogs", "rabbits", "monkeys", "cats", "pigs"}))
                                  + r")\s+(?:\w+ly\s+)?$", re.I)
# " at doses ", " in the liver ": a prepositional phrase after a name, right before a relative pronoun (its object is
# what the relative clause is about)
_TRAILING_PP = re.compile(r"\s+(?:at|in|of|with|for|from|on|by|during|after)\s+"
                          r"(?:(?:the|a|an|high|low|higher|lower)\s+)?([\w-]+)\s*,?\s*$", re.I)
# "value in high-grade ": a noun and its preposition right before a phrase, which is that preposition's object
# (unless the noun carries the entity: "Mutations in the ... (", "A deficiency of ")
_GOVERNED_PHRASE = re.compile(r"\b([\w-]+)\s+(?:in|of|for|with|by|to|from|on|at|among)\s+(?:(?:the|a|an)\s+)?"
                              r"(?:[\w-]+\s+){0,4}\(?\s*$", re.I)
# "... and may ", "... and helps ", "... or ": a verb group joined to the one before it, with no subject of its own
_JOINED_VERB = re.compile(rf"\s(?:and|or)\s+(?:{lx.ADVERB}\s+)*(?:{lx.AUX}\s+)?(?:{lx.ADVERB}\s+)*"
                          r"(?:(?:helps?|seems?|appears?|tends?|serves?)\s+)?$", re.I)
# A relative opened by a preposition ("in whom", "in which", "through which"): the clause has a subject of its own
# ("of which", "of whom" sit inside a noun phrase: "GALT, impairment of which results in", "4 of whom presented")
_PREPOSITION_RELATIVE = re.compile(r"\b(?:in|for|among|by|through|from|during)\s+(whom|which)\s+", re.I)
# (a definite subject of up to three words with no preposition: "and a history of X in whom ..." coordinates noun
# phrases; and a possessive's carrier, "its deficiency", is the first subject's, `left_phrases`)
_SECOND_CLAUSE = re.compile(r"\s(?:and|or)\s+(?P<subject>(?:its|their|the|this|these|those)\s+(?!(?:[\w-]+\s+){0,2}?"
                            r"(?:of|in|with|for|to|by|from|on|at|whom|which|that)\b)(?:[\w-]+\s+){0,2}[\w-]+)\s*$",
                            re.I)
_POSSESSIVE_CARRIER = re.compile(r"(?:its|their)\s+(?:[\w-]+\s+)?(?:" + CARRIER_WORDS + r")\b", re.I)
_BUT_BEFORE = re.compile(r"(?:,\s*|\s)but\s+$", re.I)
_JOINED_PARTICIPLE = re.compile(r",\s*and\s+(?:\w+ly\s+)?$", re.I)
_BARE_PLURAL_COPULA = re.compile(r"\b(?:are|were)\s+(?:(?:not|never)\s+)?$", re.I)
# ", an antibody ", ", a recombinant humanized protein ": an appositive's article and words, right before a participle
_APPOSED_HEAD = re.compile(r",\s*(?:an?|the)\s+(?:[\w/-]+\s+){1,5}$", re.I)
# ", a few ", ", a small number of ": a share of what was counted before
_A_QUANTITY = re.compile(r",\s*an?\s+(?:few|small|large|minority|majority|number|proportion|fraction|third|quarter|"
                         r"half|percentage)\b", re.I)
_APPOSED_BARE = re.compile(r",\s*(?:[\w/-]+\s+){1,4}$")
# "causing", "leading to": a present participle opening a cue
_GERUND = re.compile(r"[a-z]+ing\b")
# ", causing", "by causing", "thus leading to": a participle said of the clause's subject (an adverbial), not of the
# noun before it
_ADVERBIAL_BEFORE = re.compile(r"(?:[,;:(]|\b(?:by|thus|thereby|therefore|hence|while|when|after|before|for|without|"
                               r"of|in|to|from|on|with|and|or|also|often|frequently|eventually|ultimately|possibly|"
                               r"potentially))\s*$", re.I)
# What may stand between the phrase a participle modifies and the participle: a closing bracket, "gene(s)",
# "mutation(s)", "variant(s)" ("mutations in the FBN1 gene causing ...")
_MODIFIED_BY_PARTICIPLE = re.compile(r"[\s)\]]*(?:(?:genes?|mutations?|variants?|deficiency|alleles?)[\s)\]]*)?")
# "versus induced ", "the induced ", "during induced ": a participle after a determiner, a comparison or a preposition
# is an adjective of the noun after it
_ADJECTIVAL_PARTICIPLE = re.compile(r"\b(?:the|a|an|versus|vs\.?|during|after|before|with|without|in|of|for)\s+$",
                                    re.I)
# The one word right before a participle ("Cisplatin induced"): an agent when it names one.
_WORD_BEFORE = re.compile(r"(?<![\w-])[A-Za-z][\w-]{2,}(?=\s+$)")
_DETERMINER_NEXT = re.compile(r"\s+(?:a|an|the|this|these|its|their|some|no|significant(?:ly)?)\b", re.I)
_NOT_AN_AGENT = lx.DETERMINERS | lx.PREPOSITIONS | lx.CONJUNCTIONS | lx.PRONOUNS | lx.RELATIVES | lx.AUXILIARIES
# "... targets for treatment of", "a target in the treatment of": what the treatment acts on, not the treatment
# (and what only bears on a treatment: "have implications for the treatment of X")
_TARGET_BEFORE = re.compile(r"\b(?:targets?|implications?|relevance|consequences|insights?|lessons)\s+"
                            r"(?:(?:for|in)\s+)?$", re.I)
# "... subjects " right before a relative "who": people named with no condition of theirs
_PEOPLE_BEFORE = re.compile(r"\b(" + "|".join(sorted(lx.PATIENT_NOUNS | PERSON_NOUNS)) + r")\s*,?\s*$", re.I)
_GENOTYPED = frozenset("carriers heterozygotes homozygotes hemizygotes".split())
_PARTICIPLE_FORM = re.compile(r"(?:\w+(?:ed|ing)|due|secondary|owing|attributable)\b", re.I)
# Nouns a participle after them modifies, and which name no entity of the graph: processes, products, measures.
_UNNAMED_HEADS = (lx.GENERIC_NOUNS - lx.PATIENT_NOUNS - lx.CLASS_NOUNS - lx.PART_NOUNS
                  - {"gene", "genes", "mutation", "mutations", "variant", "variants", "cause", "causes", "form",
                     "forms", "type", "types", "kind", "kinds", "class", "classes", "group", "groups", "phenotype",
                     "phenotypes", "factor", "factors", "treatment", "treatments", "therapy", "therapies",
                     "approach", "approaches", "option", "options", "use"}) \
    | (GENE_PRODUCTS - {"product", "products"}) | lx.ATTRIBUTE_NOUNS
_NOMINAL_BEFORE = re.compile(r"\b(?:is|are|was|were)\s+(?:(?:an?|the|one\s+of\s+the)\s+)?(?:[\w-]+\s+){0,3}$", re.I)
# A verb group's rest after its first word: adverbs, "been", and the participle ("have limited", "has been shown")
_VERB_GROUP = re.compile(rf"(?:\s+(?:{lx.ADVERB}|been|be))*(?:\s+(?P<participle>[a-z]+(?:ed|en|wn)|made|found|seen|"
                         r"given|used|done|become|begun|shown))?(?=\s)", re.I)
_COPULA = re.compile(r"\b(?:is|are|was|were|be|been)\b", re.I)
# "causing", "to treat", "leads to": a cue that is a verb form, not a noun the verb's object could govern
_VERBAL_CUE = re.compile(r"(?:[a-z]+ing|to|leads?|results?)\b", re.I)
# "impairments in processing speed in women receiving": an object with a preposition of its own (other than "of") is
# too far from the cue to be what the cue's noun is about
_PREPOSITION_INSIDE = re.compile(r"\b(?:in|for|with|by|to|at|on|from|into|among|after|during|as)\b", re.I)
_COPULA_PARTICIPLES = frozenset({"become", "been", "remained", "seemed", "proven", "proved"})
# "... as a", "... for the", "... in": a verb's complement opened by a preposition, no object of its own
_PREPOSITION_FIRST = re.compile(r"\s*(?:as|of|for|in|with|by|to|at|on|from|into|against|among|after|before|during|via|"
                                r"through|than|over)\b", re.I)
# "... than D as", "versus D as", "in combination with D": a drug compared or combined is not the one the cue names
_COMPARED = re.compile(r"\b(?:than|versus|vs\.?|compared|combination|combined|plus|with)\b", re.I)
# "its use as", "their use in": the treatment is named before, by the possessive's antecedent
_POSSESSIVE_USE = re.compile(r"\b(?:its|their)\s+(?:[\w-]+\s+)?(?:use|administration|application|usefulness|role)\b",
                             re.I)
# ", and frequent takeaway consumption showed ": a clause joined by ", and", with its own subject and verb
_A_CLAUSE_VERB = rf"(?:{lx.AUX}|showed|shows|show)"
_JOINED_CLAUSE = re.compile(rf",\s+and\s+(?=(?:[\w-]+\s+){{1,4}}?{_A_CLAUSE_VERB}\s)", re.I)
_CLAUSE_VERB = re.compile(rf"\s{_A_CLAUSE_VERB}\s", re.I)
# "without ", "in the absence of ": what comes next is absent
_ABSENT_BEFORE = re.compile(r"\b(?:without|absence\s+of|lack\s+of)\s+(?:(?:the|any|a|an)\s+)?(?:[\w-]+\s+){0,2}?$",
                            re.I)
# "... and he ", "she then ": a person opens the clause of the cue right after
# ("they" is left alone: "phosphodiesterase inhibitors ... because they cause hypotension" speaks of drugs)
_PERSON_RIGHT_BEFORE = re.compile(r"(?<![\w-])(?:[Hh]e|[Ss]he|[Ww]e|I)\s+(?:(?:then|later|also|\w+ly)\s+)?$")
# Pronouns that stand for people or things said before ("those treated with D")
_STANDING_PRONOUNS = frozenset("those these ones others".split())


def left_phrases(reading: SentenceReading, cue: Cue) -> list[Phrase]:
    """The phrases the cue's left side is about (see the module docstring)."""
    clause_start, _ = reading.clause_of(cue.start)
    clause_start = max(clause_start, reading.body_start)
    before = reading.text[clause_start:cue.start]
    # "evidence that G causes X", "studies suggest that ...": a new clause starts there
    clause_start = reading.past_complement(clause_start, cue.start)
    before = reading.text[clause_start:cue.start]
    opener = [m for m in _PREPOSITION_RELATIVE.finditer(before) if "," not in before[m.end():]]
    antecedent = re.search(r"([\w-]+)\s*$", before[:opener[-1].start()]) if opener else None
    if opener and (opener[-1].group(1).lower() == "whom" or any(
            clause_start + opener[-1].end() <= m.start < cue.start for m in reading.mentions) or
            antecedent is None or antecedent.group(1).lower() not in lx.CLASS_NOUNS):
        # "a patient ... in whom hyperkalemia was caused by D", "families with A-T in which mutation of ATM is
        # associated with ...", "a case in which transcatheter embolization was used to treat": the relative
        # clause has its own subject. (One a comma closed, "XP, in which lesions are not removed, are
        # cancer-prone", is an aside; and "a condition in which severe urogenital aberrations result in X" still
        # says X of the condition, when the clause names nothing before its verb.)
        clause_start += opener[-1].end()
        before = reading.text[clause_start:cue.start]
    if (cue.finite or not cue.participle) and clause_start > 0 and not before.strip() and \
            _BUT_BEFORE.search(reading.text, max(0, clause_start - 8), clause_start):
        # "D resulted in A but was associated with B": a verb after "but" with no subject of its own shares the
        # subject of the clause before it
        earlier_start, _ = reading.clause_of(clause_start - 1)
        return _joined_subject(reading, earlier_start, clause_start)
    # (An opening "Also, a ..." or "Yes, the ..." is no name with an appositive.)
    appositive = lx.APPOSITIVE_OPEN.match(lx.INTRODUCTORY.sub(lambda words: " " * len(words.group(0)), before))
    if appositive is not None and any(clause_start <= other.start < clause_start + appositive.end("head")
                                      for other in reading.cues()):
        appositive = None  # "G has been reported to cause X, a ... syndrome, associated with": a clause, no name
    if appositive is not None and before.rstrip().endswith(","):
        # "X, a congenital syndrome caused by G, manifests with ...", "X, a pathogen that colonizes the
        # stomach, is linked to ...": the verb after a closed appositive is X's, whatever the appositive holds.
        return reading.clause_subject(clause_start, clause_start + appositive.end("head"))
    participle_form = re.fullmatch(r"(?P<adverb>[a-z]+ly\s+)?[a-z]+ed", reading.text[cue.start:cue.end]) \
        if not cue.finite and not cue.reverse and cue.predicate == "causes" else None
    if participle_form is not None and _ADJECTIVAL_PARTICIPLE.search(before):
        # "oncogenic versus induced PD-L1 expression", "the course of experimentally induced X": an adjective; what
        # induced it is unsaid
        return []
    bare = participle_form is not None and participle_form.group("adverb") is None
    agent = _compound_agent(reading, cue) if bare else None
    if agent is not None:
        return [agent]
    relative = _relative_clause_subject(reading, cue, clause_start, before)
    if relative is not None:
        return relative
    if _about_an_unnamed_noun(reading, cue, clause_start, before):
        return []
    if cue.predicate == "treats" and not cue.finite and _TARGET_BEFORE.search(before):
        return []  # "MAIT cells may represent targets for treatment of X": a target, not what treats X
    treated = _OBSERVED_IN_TREATED.search(reading.text, clause_start, cue.start) \
        if cue.predicate == "treats" and cue.reverse and not cue.finite else None
    if treated is not None:
        # "bradycardia in subjects treated with clonidine": a finding in the treated is not what treats it; the
        # condition that names them is ("hyperkalemia in heart failure patients treated with spironolactone").
        people = treated.start("people")
        naming = [m for m in reading.mentions if treated.start() <= m.start and m.end <= people
                 and not reading.text[m.end:people].strip()]
        return [Phrase(m.start, m.end, m.text, m) for m in naming[-1:]]
    if cue.participle and not cue.finite and not re.search(rf"\b{lx.AUX}(?:\s+(?:\w+ly|not))*\s*$", before,
                                                              re.I):
        # "characterized by acute attacks of dysfunction often precipitated by drugs": a causal participle after a
        # feature modifies that feature, so look for it only past the feature's cue.
        earlier = [c for c in reading.cues() if clause_start <= c.start and c.end <= cue.start]
        if earlier and earlier[-1].participle and _JOINED_PARTICIPLE.search(before):
            # "X, characterized by A and B, and caused by mutations in G": participles joined by "and" say
            # two things of one noun, so this one is about what the earlier one is about.
            return left_phrases(reading, earlier[-1])
        after_feature = cue.predicate == "causes" and cue.reverse and bool(earlier) and \
            earlier[-1].predicate == "has_phenotype" and earlier[-1].participle and not earlier[-1].reverse
        plural = _PLURAL_NOMINAL_BEFORE.search(before) if not after_feature else None
        if plural is not None:
            # "Marfan syndrome and homocystinuria are rare disorders caused by ...": a plural predicate
            # nominal stands for every coordinated subject of its copula, not only the phrase nearest to it
            subjects = reading.clause_subject(clause_start, clause_start + plural.start())
            if subjects:
                return subjects
        nearest = reading.last_phrase(earlier[-1].end, cue.start) if after_feature else []
        nearest = nearest or reading.last_phrase(clause_start, cue.start)
        if nearest and earlier and not earlier[-1].participle and \
                nearest[-1].start < earlier[-1].start < nearest[-1].end:
            # "Doxorubicin causes significant cardiotoxicity characterized by A": a phrase reaching back across a
            # verb cue is a fragment; the participle modifies that verb's object, or nothing named
            nearest = reading.last_phrase(earlier[-1].end, cue.start)
            if not nearest:
                return []
        apposed = _APPOSED_HEAD.search(before) if nearest else None
        if apposed is not None and _A_QUANTITY.match(before, apposed.start()):
            apposed = None  # ", a few caused by mutations in G2": a share of the cases, no appositive
        if apposed is not None and nearest[-1].end <= clause_start + apposed.start() and re.sub(
                r"\([^()]*\)", "", reading.text[nearest[-1].end:clause_start + apposed.start()]).strip():
            # "..., and received exogenous estrogens, a treatment implicated in X": the appositive describes the
            # words right before its comma, which name nothing here; not an earlier phrase ("Hodgkin disease")
            return []
        joined_clause = _JOINED_CLAUSE.search(reading.text, nearest[-1].end, cue.start) if nearest else None
        if joined_clause is not None and _CLAUSE_VERB.search(reading.text, clause_start, joined_clause.start()):
            # "A showed an association with asthma symptoms, and B showed a similar association with BHR": the
            # nearest phrase is in the clause before ", and"; the cue is about the new clause's subject (only after
            # a clause with a verb of its own: "obesity, insulin resistance, and long-term treatment with VPA may be
            # associated with" is one list of subjects)
            return reading.clause_subject(joined_clause.end(), cue.start)
        absent = _ABSENT_BEFORE.search(reading.text, clause_start, nearest[-1].start) if nearest else None
        if absent is not None:
            # "QRS without preexcitation, caused by junctional escape beats": what is absent is caused by nothing;
            # the participle is about the noun before "without"
            nearest = reading.last_phrase(clause_start, absent.start())
            if not nearest:
                return []
        if nearest and cue.predicate == "causes" and cue.reverse and nearest[0].mention is not None \
                and reading.extractor.kind(nearest[0].mention.concept_ids[0]) == "Gene":
            nearest = []  # "X cases are due to G1 mutations, 5% caused by G2": G1 is no effect; X is
        if nearest:
            # "X, the most common cause of Y, is a condition characterized by A": a predicate nominal between the
            # nearest phrase and the participle, naming nothing itself, stands for the copula's subject
            nominal = lx.COPULA_NOMINAL.search(reading.text, nearest[-1].end, cue.start)
            if nominal is not None and not reading.phrases(nominal.end(), cue.start):
                subjects = reading.clause_subject(clause_start, nominal.start())
                if subjects:
                    return subjects
            return _head(reading, clause_start, nearest, participle=True)
    noun_before = re.search(r"([A-Za-z]+)\s*$", before)
    role = _ROLE_OF_IN.search(before) if _GERUND.match(reading.text, cue.start) and not cue.finite else None
    if role is not None:
        return reading.last_phrase(clause_start + role.start("agent"), clause_start + role.end("agent"))
    if _GERUND.match(reading.text, cue.start) and not cue.finite and cue.predicate in ("causes", "targets") and \
            not _ADVERBIAL_BEFORE.search(before) and noun_before is not None and \
            noun_before.group(1).lower() not in lx.CARRIER_NOUNS | SEQUENCE_HEADS:
        return _participles_noun(reading, clause_start, cue.start)
    if _PERSON_RIGHT_BEFORE.search(before):
        return []  # "Four hours of apnoea ensued and he suffered myalgia": a person's, not the apnoea's
    joined = _JOINED_VERB.search(before)
    if joined is not None and (cue.finite or not cue.participle):
        return _joined_subject(reading, clause_start, clause_start + joined.start())
    second = _SECOND_CLAUSE.search(before) if cue.finite or not cue.participle else None
    if second is not None and SUBJECT_VERB.search(" " + before[:second.start()]) and \
            not _POSSESSIVE_CARRIER.match(second.group("subject")):
        # "Type II collagen is a major component of cartilage and its breakdown is a key feature of X": after
        # a clause with its own verb, "and" and a determiner open a new clause, whose subject is the phrase
        clause_start += second.start("subject")
    acted_on = _verbs_object(reading, cue, clause_start) if not cue.finite and not cue.participle else None
    if acted_on is not None:
        return acted_on
    subjects = reading.clause_subject(clause_start, cue.start)
    part = re.match(r"(?:" + "|".join(lx.PART_NOUNS) + r")\b", reading.text[cue.start:cue.end], re.I)
    if part is not None and (not subjects or lx.PART_ANAPHOR.fullmatch(lx.INTRODUCTORY.sub(
            "", reading.text[clause_start:cue.start + part.end()].strip(" ,.;:")))):
        # "The symptoms include ...", "Its characteristic findings are ...": the cue opens with the part noun,
        # and what stands before it is a determiner and its modifiers, no subject of their own.
        anaphor = reading.anaphor(clause_start, cue.start + part.end())
        return [anaphor] if anaphor is not None else []
    return subjects


def _relative_clause_subject(reading: SentenceReading, cue: Cue, clause_start: int, before: str) -> list[Phrase] | None:
    """When the cue stands in a relative clause ("X, which is caused by Y"), what the clause is about
    (`_relative_antecedent`): relatives joined by "and" ("a disease that predisposes to A and that results from
    B") share the first one's antecedent; a participle right after a name is about that name ("..., which
    developed from acute lymphoblastic leukemia treated with high-dose methotrexate"); and "who" right after
    people names no condition ("compared with subjects who were treated with risperidone", "cancer patients who
    are carriers of HBV"; but "mutation carriers who had breast cancer" says what the carriers of a gene's
    mutation had). None outside a relative clause. `before` is the clause's text up to the cue."""
    relatives = list(lx.RELATIVE_OPEN.finditer(before))
    while len(relatives) > 1 and re.search(r"\b(?:and|or)\s*$", before[:relatives[-1].start()], re.I):
        relatives.pop()
    if not relatives:
        return None
    adjacent = next((m for m in reversed(reading.mentions) if m.end <= cue.start), None) \
        if cue.participle and cue.reverse and not cue.finite else None
    if adjacent is not None and adjacent.start >= clause_start and not reading.text[adjacent.end:cue.start].strip():
        return _head(reading, clause_start, [Phrase(adjacent.start, adjacent.end, adjacent.text, adjacent)])
    who_of = _PEOPLE_BEFORE.search(before, 0, relatives[-1].start())
    if who_of is not None and relatives[-1].group(0).strip(" ,").lower() == "who" and \
            who_of.group(1).lower() not in _GENOTYPED:
        return []
    return _relative_antecedent(reading, clause_start, clause_start + relatives[-1].start())


# "the (potential) role of mutant PAX6 in ", "the contribution of G in ": a noun whose agent a gerund after "in" is
# said of ("the role of mutant PAX6 in causing aniridia")
_ROLE_OF_IN = re.compile(r"\b(?:role|roles|involvement|contribution|importance)\s+of\s+(?P<agent>[^,;()]{1,60}?)"
                         r"\s+in\s+$", re.I)


def _participles_noun(reading: SentenceReading, clause_start: int, participle: int) -> list[Phrase]:
    """"other diseases causing foot pain, like ...", "mutations in the FBN1 gene causing X": a present participle
    right after a noun modifies that noun (the clause's subject, "Pain was not explained by ...", is not its
    agent): the phrase right before it; an appositive's name ("Ipilimumab, an antibody targeting P"); a
    predicate nominal's subject ("FH is an autosomal dominant metabolic disorder resulting in Y"); or nothing."""
    before = reading.text[clause_start:participle]
    apposed = _APPOSED_HEAD.search(before)
    if apposed is None:
        # (or with no article, right after a drug or a concept, when the words after the comma name neither:
        # "inclisiran, siRNA silencer targeting PCSK9", not "imatinib, dasatinib targeting ABL1" nor "in two
        # large-scale, multicenter trials leading to")
        bare = _APPOSED_BARE.search(before)
        named = reading.last_phrase(clause_start, clause_start + bare.start()) if bare is not None else []
        if bare is not None and named and not reading.text[named[-1].end:clause_start + bare.start()].strip() and \
                (named[-1].mention is not None or reading.is_drug(named[-1])) and \
                not any(p.mention is not None or reading.is_drug(p)
                        for p in reading.phrases(clause_start + bare.start() + 1, participle)):
            return named
    if apposed is not None:
        return reading.last_phrase(clause_start, clause_start + apposed.start())
    nearest = reading.last_phrase(clause_start, participle)
    if nearest and _MODIFIED_BY_PARTICIPLE.fullmatch(reading.text, nearest[-1].end, participle):
        return _head(reading, clause_start, nearest)
    copula = lx.COPULA_NOMINAL.search(reading.text, clause_start, participle)
    if copula is not None and not _clause_between(reading, copula.start(), participle):
        return reading.clause_subject(clause_start, copula.start())
    return []


def _relative_antecedent(reading: SentenceReading, clause_start: int, head_end: int) -> list[Phrase]:
    """What a relative clause opening at `head_end` is about: the phrase right before it (the object of the
    clause's last cue when the graph lacks it), or, for a predicate nominal's class phrase, the copula's subject;
    nothing when a prepositional phrase stands between ("chorea at doses that ...")."""
    phrase_before = re.split(r"[,;:(]", reading.text[clause_start:head_end].rstrip(" ,"))[-1]
    if not SUBJECT_VERB.search(" " + phrase_before) and \
            head_word(lx.LEADING.sub("", phrase_before.strip())).lower() in lx.ATTRIBUTE_NOUNS:
        return []  # "higher levels of p19/nm23, which are associated with X": the levels, which name nothing
    head = reading.last_phrase(clause_start, head_end)
    trailing = _TRAILING_PP.match(reading.text, head[-1].end, head_end) if head else None
    if trailing is not None and trailing.group(1).lower() not in lx.PATIENT_NOUNS:
        return []  # "chorea at doses that did not cause X": the relative is about the doses, which name nothing
    last_cue = next((c for c in reversed(reading.cues()) if clause_start <= c.start and c.end <= head_end), None)
    if last_cue is not None and (not head or head[-1].end <= last_cue.start):
        # "... associated with genital tract infection, which is caused by V": the object of the clause's
        # last cue, right before the relative, is what the relative clause is about (a phrase the graph
        # lacks too, and not a name further back)
        latest = reading.object_list(last_cue.end, head_end)[-1:]
        if not latest or not re.fullmatch(r"[\s,)\]]*", reading.text[latest[0].end:head_end]) or \
                re.search(r"\s(?:of|in|at|on|with|for|from|by|to)\s", latest[0].text, re.I):
            # ("convulsions at doses that ...": the relative may be about the doses; an object that names nothing
            # is still what it is about; and never a name before the cue: "contractions during arrhythmias may be
            # caused by excess of lignocaine which causes collapse" says nothing of the arrhythmias)
            return []
        head = latest
    words = re.findall(r"[\w-]+", reading.text[clause_start:head_end])
    # A class phrase ("a rare disorder that ...") stands for the copula's subject; a name that ends in a
    # class noun ("Huntington disease, which ...") is itself what the clause is about.
    named = bool(head) and head[0].mention is not None and not re.sub(
        r"\([^()]*\)", "", reading.text[head[0].end:head_end]).strip(" ,")
    kind_of = _KIND_OF.search(reading.text, clause_start, head[0].start) \
        if named and head[0].text.lower() in lx.CLASS_NOUNS else None
    copula = _COPULA_BEFORE_KIND.search(reading.text, clause_start, kind_of.start()) if kind_of is not None else None
    if copula is not None:
        # "A, B and C are examples of cancers that are associated with Y": the class a copula's subjects are kinds
        # of stands for those subjects
        subjects = reading.clause_subject(clause_start, copula.start())
        if subjects:
            return subjects
    nominal = not head or (words and words[-1].lower() in lx.CLASS_NOUNS and not named)
    copula = lx.COPULA_LIST.search(reading.text, clause_start, head_end) if nominal else None
    if copula is not None and not (head and _clause_between(reading, copula.start(), head[0].start)):
        # "X is a rare, autosomal recessive disorder that is inherited ...": about X
        return reading.clause_subject(clause_start, copula.start())
    return _head(reading, clause_start, head)


def _joined_subject(reading: SentenceReading, clause_start: int, joint: int) -> list[Phrase]:
    """"M2-like TAMs hold a prognostic value in gliomas and may contribute to Y", "P improves A and helps to
    prevent B": a verb joined to an earlier one by "and" (at `joint`) shares its subject, the clause's first
    phrase: an earlier cue's subject, or the first phrase when no preposition governs it; otherwise where that
    subject ends is unknown, and nothing is said of the nearest phrase."""
    earlier = [c for c in reading.cues() if clause_start <= c.start and c.end <= joint and not c.participle]
    if earlier:
        return left_phrases(reading, earlier[0])
    first = reading.clause_subject(clause_start, joint)
    governed = _GOVERNED_PHRASE.search(reading.text, clause_start, first[0].start) if first else None
    if not first or governed is not None and governed.group(1).lower() not in lx.CARRIER_NOUNS:
        return []  # "TAMs hold a value in gliomas and may ...": a preposition's object is no subject
    return first


def _compound_agent(reading: SentenceReading, cue: Cue) -> Phrase | None:
    """"miR-140-5p protected against Cisplatin induced oxidative stress", "a patient who developed ANCA positive
    carbimazole induced vasculitis": the one word a bare participle right before its noun follows, a drug's or a
    rare word the graph lacks and no part of a name, induced it, not the clause's first phrase nor a relative's
    antecedent. (With a determiner after it, "... in the ventral medulla caused a potent hypotension", the
    participle is the clause's verb, whose subject comes first.)"""
    if _DETERMINER_NEXT.match(reading.text, cue.end):
        return None
    agent = _WORD_BEFORE.search(reading.text, 0, cue.start)
    if agent is None or not reading.extractor.is_technical(agent.group(0)) or \
            agent.group(0).lower() in _NOT_AN_AGENT or \
            any(m.start < cue.start and agent.start() < m.end for m in reading.mentions):
        return None
    return Phrase(agent.start(), agent.end(), agent.group(0), None)


def _about_an_unnamed_noun(reading: SentenceReading, cue: Cue, clause_start: int, before: str) -> bool:
    """"the basic mechanisms underlying X", "one of the four enzymes involved in Y", "the risk associated with
    Z": a participle right after a process, product or measure noun modifies that noun, which the graph does not
    name; the clause's subject is not what it is about. (A feature's participle, "a disorder of melanocyte
    development characterized by", most often attaches higher up: not read so; nor a predicate nominal's head,
    which stands for the subject: "D is a recombinant protein approved"; nor a noun a named condition
    modifies: "an APL patient treated with ATRA".) `before` is the clause's text up to the cue."""
    modified = re.search(r"(?<![\w-])([A-Za-z]+)\s+$", before)
    if cue.predicate == "treats" and modified is not None and modified.group(1).lower() in _STANDING_PRONOUNS:
        # "control dogs and those treated with doxorubicin": who was treated, unnamed ("cases due to X or those
        # due to Y" stand for the noun before, which the participle is about)
        return True
    if not _PARTICIPLE_FORM.match(reading.text, cue.start) or cue.predicate == "has_phenotype" or \
            modified is None or modified.group(1).lower() not in _UNNAMED_HEADS:
        return False
    noun_start, noun_end = clause_start + modified.start(1), clause_start + modified.end(1)
    return not any(m.start <= noun_start < m.end for m in reading.mentions) and \
        not _NOMINAL_BEFORE.search(before, 0, modified.start(1)) and \
        not any(p.end >= noun_end for p in reading.phrases(clause_start, cue.start)) and \
        not _modifies_noun(reading, clause_start, noun_start)


def _modifies_noun(reading: SentenceReading, clause_start: int, noun: int) -> bool:
    """Whether the nearest phrase before the noun at `noun` is that noun's modifier ("an APL patient treated
    with ATRA", "a hepatitis C virus infected patient treated with telaprevir"): at most three words and no
    preposition or determiner between them; then the participle is about that phrase after all."""
    nearest = reading.last_phrase(clause_start, noun)
    if not nearest or nearest[-1].end > noun:
        return False
    words = re.findall(r"[A-Za-z]+", reading.text[nearest[-1].end:noun])
    return len(words) <= 3 and not any(w.lower() in lx.PREPOSITIONS | lx.DETERMINERS for w in words)


def _head(reading: SentenceReading, clause_start: int, phrases: list[Phrase], participle: bool = False) -> list[Phrase]:
    """A predicate nominal stands for the copula's subject: "X is a rare disorder caused by Y" is about X, "D is
    a monoclonal antibody that binds P" about D. A `participle` right after the condition a treats cue names
    describes that condition ("D is a drug used for the treatment of chorea caused by X"); a relative there stays
    about the subject ("D is an antibody indicated for the prevention of migraine that binds CGRP")."""
    if len(phrases) == 1 and phrases[0].mention is None:
        # "X, a congenital syndrome caused by G": an appositive class phrase stands for the name before it.
        apposed = re.search(r",\s*(?:an?|the)\s+$", reading.text[clause_start:phrases[0].start], re.I)
        words = re.findall(r"[\w-]+", re.sub(r"\s*\([^()]*\)", "", phrases[0].text))
        if apposed is not None and words and words[-1].lower() in lx.CLASS_NOUNS:
            named = reading.last_phrase(clause_start, clause_start + apposed.start())
            if named:
                return named
    if len(phrases) == 1:
        copula = lx.COPULA_NOMINAL.search(reading.text, clause_start, phrases[0].start) or \
            lx.COPULA_MODIFIERS.search(reading.text, clause_start, phrases[0].start)  # "is an X, progressive "
        if copula is None and plural_class(phrases[0].text):
            # "Synucleinopathies are neurodegenerative diseases characterised by ...": a plural class needs
            # no article.
            copula = _BARE_PLURAL_COPULA.search(reading.text, clause_start, phrases[0].start)
        # "G is the most common cause of X, which results in Y", "D is a candidate against X that is
        # characterized by Y": a disease X, the object of a preposition, is what the relative clause is about,
        # not the copula's subject ("C is a formulation of A and B, which is approved for ..." stays about C).
        governed = re.search(r"\b(\w+)\s+(?:of|for|in|with|against)\b",
                             reading.text[copula.start():phrases[0].start], re.I) if copula is not None else None
        # ("a telomere disorder in the dyskeratosis congenita (DKC) spectrum characterized by A": the disease only
        # names the spectrum, a group the nominal belongs to; what is characterized is still the copula's subject)
        about_disease = phrases[0].mention is not None and \
            reading.extractor.kind(phrases[0].mention.concept_ids[0]) == "Disease" and \
            not _GROUP_AFTER.match(reading.text, phrases[0].end)
        # "D is a drug indicated for the treatment of A associated with X": a condition a treats cue names
        # between the copula and the phrase is that cue's object, which the participle after it describes; so is a
        # feature ("X is a disorder characterized by cardinal features of A due to B": B causes A, not X). (After
        # a cause, "X is a syndrome caused by mutations in G and characterized by A", the phrase is no such object.)
        cue_object = participle and copula is not None and any(
            copula.start() < c.start and c.end <= phrases[0].start and c.predicate in (
                "treats", "may_prevent", "has_phenotype") for c in reading.cues())
        if copula is not None and copula.end() >= phrases[0].start - 1 and not cue_object and (
                governed is None or governed.group(1).lower() in _KIND_NOUNS or not about_disease) and \
                not _clause_between(reading, copula.start(), phrases[0].start):
            subjects = reading.clause_subject(clause_start, copula.start())
            # (a copula whose subject is no phrase, "It is a rare lung disorder characterized by A" with "It"
            # unresolved: a class is said of something unnamed, and is no subject itself; "This is a case of
            # hypotension treated with D" still names what D treats)
            if subjects or _names_a_class(phrases[0]):
                return subjects
    return phrases


def _names_a_class(phrase: Phrase) -> bool:
    """Whether the phrase's head is a class noun ("a rare lung disorder"), not a named condition."""
    words = re.findall(r"[\w-]+", re.sub(r"\s*\([^()]*\)", "", phrase.text))
    return bool(words) and words[-1].lower() in lx.CLASS_NOUNS


def _clause_between(reading: SentenceReading, copula: int, phrase: int) -> bool:
    """Whether a relative clause opens between a copula and a phrase after it ("X is a complication of Y that
    involves Z associated with W, which is caused by V"): W is then in that clause, no part of the copula's
    predicate nominal, and a relative clause after W is about W, not X. (A participle, "X is a disorder
    characterized by A, which leads to B", keeps the nominal's reading.)"""
    return bool(re.search(r"\b(?:that|which|who)\b", reading.text[copula:phrase], re.I))


def _verbs_object(reading: SentenceReading, cue: Cue, clause_start: int) -> list[Phrase] | None:
    """What a noun cue after the clause's verb is about: the verb's object, not its subject ("Toxicities have limited
    the use of cisplatin as a treatment for X" treats with cisplatin; "... have limited its use as a treatment for
    X", with a possessive, names no treatment here). None when the cue is the clause's own predicate: after a copula
    ("X is a treatment for"), a passive or a preposition ("X was approved as a treatment for", "X is used for the
    treatment of"), or a verb object that names nothing ("X offers a new therapy for")."""
    if _VERBAL_CUE.match(reading.text, cue.start):
        return None
    verb = reading.clause_verb(clause_start, cue.start)
    if verb is None:
        return None
    group = _VERB_GROUP.match(reading.text, verb.end(), cue.start)
    if group is None or (group.group("participle") is None and _COPULA.search(reading.text, verb.start(),
                                                                               group.end())) or \
            (group.group("participle") or "").lower() in _COPULA_PARTICIPLES:
        return None
    stretch = reading.text[group.end():cue.start]
    if not stretch.strip() or _PREPOSITION_FIRST.match(stretch) or _COMPARED.search(stretch) or \
            _PREPOSITION_INSIDE.search(stretch):
        return None
    if _POSSESSIVE_USE.search(stretch):
        return []
    objects = reading.clause_subject(group.end(), cue.start)
    return objects or None
