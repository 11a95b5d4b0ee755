"""Categories a sentence says its subject belongs to: `is_a` claims.

A category said of X by a copula or an appositive ("X is a congenital malformation syndrome", "X, a congenital
heterotopic ossification syndrome, ...", "the neurodevelopmental disorder Rett syndrome") is the longest phrase a class
noun heads, with a modifier that is more than descriptive or an "of" phrase after it ("a disorder of the inner ear").
"X is a rare genetic disorder" or "a little known disease" only describes X and is no claim; a class phrase that lists
what X comprises ("a rare syndrome of A, B and C") gives X's features (`has_phenotype`) instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kgrag import lexicon as lx
from kgrag.claims.entity_words import (
    NUMBER_WORDS,
    PLURAL_CLASS,
    QUANTIFIERS,
    class_head,
    in_brackets,
    is_adjective,
    narrower_words,
    proper_name,
)
from kgrag.claims.reading import modifies_a_head
from kgrag.claims.spans import Phrase
from kgrag.claims.triples import Triple
from kgrag.records import LinkedMention

if TYPE_CHECKING:
    from kgrag.claims.extraction import SentenceReading


# What opens a category said of a subject: a copula and an article ("is a", "is not an", "is one of the"), the
# article of an appositive (", a congenital heterotopic ossification syndrome", ", one of the major ..."), or a
# plural class with no article ("X are neurodegenerative diseases"; the class noun within six content words, so
# "are found in patients with disorders" opens none).
_CATEGORY_OPEN = re.compile(r"\b(?P<copula>is|are|was|were)\s+(?P<denied>(?:not|never)\s+)?(?:an?|one\s+of\s+the|"
                            r"a\s+group\s+of)\s+|,\s+(?:an?|one\s+of\s+the)\s+(?=[\w-]+)|"
                            r"\b(?P<plural>are|were)\s+(?P<denied_plural>(?:not|never)\s+)?(?=(?:(?!(?:in|of|with|by|to|for|"
                            r"from|and|or|as|at|on|the|a|an|not)\b)[\w/-]+\s+){0,5}(?:" + PLURAL_CLASS + r")\b)", re.I)
# A word of a category phrase ("neurodegenerative", "inflammatory/autoimmune").
_CATEGORY_WORD = re.compile(r"[\w/-]+")
# what may follow a category the graph names: punctuation, a relative, a participle, a preposition (not a noun)
_CATEGORY_ENDS = re.compile(r"\s*(?:[,.;:)]|$)|\s+(?:that|which|who|whose|with|in|of|characteri[sz]ed|caused|due|"
                            r"described|associated|resulting|affecting|involving|leading|marked|defined|presenting)\b",
                            re.I)
# A short bracketed aside inside a category ("a congenital heterotopic ossification (HO) syndrome"), blanked.
_SHORT_ASIDE = re.compile(r"\s\([^()]{1,12}\)(?=\s)")
# Words before a class noun that say how it is inherited, how penetrant, how related or which in a ranking, without
# a mode the graph names ("a dominant disorder", "a high-penetrance disease", "allelic disorders", "the first
# conditions"): they name no class.
_NO_CLASS_WORDS = frozenset("dominant recessive codominant semidominant semi-dominant autosomal penetrant "
                            "high-penetrance highly allelic first".split())
_MAX_CATEGORY_WORDS = 7  # modifiers and the class noun: a longer run is a clause
# Words that end a category phrase's run of modifiers: it is a phrase, not a clause.
_NOT_IN_CATEGORY = lx.PREPOSITIONS | lx.DETERMINERS | lx.AUXILIARIES | lx.RELATIVES | (lx.CONJUNCTIONS - {"and", "or"})
# "a rare syndrome of ", "the triad of ": a class noun whose "of" list names features.
_FEATURES_OF = re.compile(r"(?:[\w-]+,?\s+){0,4}?(?:(?:syndrome|triad|tetrad|constellation|combination)\s+of|"
                          r"(?:syndrome|triad|tetrad|disorder|condition)\s+(?:comprising|consisting\s+of))\s+"
                          r"(?!(?:unknown|uncertain|unclear|undetermined)\b)", re.I)
# Where a feature list after "of" ends: a relative clause, a participle's clause or a verb of its own.
_LIST_STOP = re.compile(r"\s(?:that|which|who|whose|is|are|was|were|can|may|has|have|caused|characterized|"
                        r"characterised)\b", re.I)
# "... disorder of the inner ear", "... disorder of neural crest cells": the "of" phrase that makes a class specific.
_OF_WORD = r"(?!(?:which|that|who|and|or|in|with|by|for|from|to|as)\b)(?![\w-]+(?:ing|ed)\b)[\w-]+"
# ("a disorder of unknown origin", "of uncertain aetiology": how little is known of it, no narrower class)
_OF_PHRASE = re.compile(rf"\s+of\s+(?!(?:unknown|uncertain|unclear|undetermined|obscure)\b)(?:the\s+)?"
                        rf"(?:{_OF_WORD}\s+){{0,3}}{_OF_WORD}", re.I)


def categories(reading: SentenceReading) -> list[Triple]:
    """"X is a congenital malformation syndrome", "X, a congenital heterotopic ossification syndrome, ...", "X is
    a disorder of the inner ear": a category (the longest phrase headed by a class noun, with a modifier that is
    not only descriptive or an "of" phrase after it) said of X, by a copula or an appositive, is an is_a claim;
    "X is a rare genetic disorder" describes, and is none."""
    found: list[Triple] = []
    # Short asides ("(HO)") are blanked, so "a congenital heterotopic ossification (HO) syndrome" is one run.
    unaside = _SHORT_ASIDE.sub(lambda aside: " " * len(aside.group(0)), reading.text)
    for opening in _CATEGORY_OPEN.finditer(reading.text):
        # (a category the graph names without a class noun only after a copula: after a comma, ", a malignant
        # melanoma, an oligodendroglioma" is as often a list as an appositive)
        category = _category(reading, opening.end(), unaside,
                                  named=bool(opening.group("copula") or opening.group("plural")))
        # "X is a rare hereditary syndrome comprising A, B and C": the class phrase is descriptive only, but
        # what it comprises are X's features
        features_of = _FEATURES_OF.match(reading.text, opening.end()) if category is None else \
            _FEATURES_OF.search(reading.text, category[0], category[1] + 1)
        if category is None and features_of is None:
            continue
        if (opening.group("copula") or opening.group("plural")) and reading.asked_at(opening.start()):
            continue  # "We asked whether X is a connective tissue disorder"
        clause_start, _ = reading.clause_of(opening.start())
        if opening.group("copula") or opening.group("plural"):
            # ("X indicates that NMS and SS are spectrum disorders": the clause after "indicates that" has its own
            # subject)
            clause_start = reading.past_complement(clause_start, opening.start())
            subjects = reading.clause_subject(clause_start, opening.start())
        else:  # an appositive: the name right before its comma (and before an aside such as "(HD; OMIM 143100)")
            named_end = opening.start()
            if reading.text[:named_end].rstrip().endswith(")"):
                named_end = max(reading.text.rfind("(", 0, named_end), 0)
                clause_start, _ = reading.clause_of(named_end)
            subjects = [p for p in reading.last_phrase(clause_start, named_end)
                        if not reading.text[p.end:named_end].strip(" )")]
        features = _features_of(reading, subjects, features_of.end()) if features_of is not None else []
        if features or category is None:  # "X is a rare syndrome of facial nerve palsy, facial edema, and ..."
            found += features
            continue
        obj = _category_end(reading, *category)
        for subject in subjects:
            if reading.is_inheritance(subject):
                continue  # a mode of inheritance is no member of a class
            if subject.mention is None and not isinstance(obj, LinkedMention) and not proper_name(subject.text):
                continue  # two phrases the graph lacks: only a name written as one ("Human toxocariasis")
            if subject.mention is not None and isinstance(obj, LinkedMention) and \
                    set(subject.mention.concept_ids) & set(obj.concept_ids):
                continue
            denied = opening.group("denied") is not None or opening.group("denied_plural") is not None
            # ("Endolymphatic hydrops is a disorder of the inner ear": the member is the name the words say,
            # not the *Hydrops* it ends in)
            member = subject.words if subject.mention is not None and \
                narrower_words(subject.words, subject.mention.text) else subject.end_value
            found.append(Triple(member, "is_a", obj, denied, reading.hedged))
    return found + _named_after_class(reading, unaside)


def _features_of(reading: SentenceReading, subjects: list[Phrase], start: int) -> list[Triple]:
    """"X is a rare syndrome of A, B, and C", "X is a triad of A, B and C": the "of" list names X's features, not
    the category X belongs to, when it names phenotype terms (a "tumor syndrome of the viscera" names places);
    the list ends at its clause's relative or verb."""
    _, clause_end = reading.clause_of(start)
    stop = _LIST_STOP.search(reading.text, start, clause_end)
    features = [p for p in reading.phrases(start, stop.start() if stop else clause_end)
                if p.mention is not None and reading.extractor.kind(p.mention.concept_ids[0]) == "Phenotype"]
    # (a subject the graph lacks, when written as a name: "The Currarino triad is a syndrome comprising ...")
    return [triple for subject in subjects if subject.mention is not None or proper_name(subject.text)
            for feature in features
            if (triple := reading.triple(subject, "has_phenotype", feature, False)) is not None]


def _named_after_class(reading: SentenceReading, unaside: str) -> list[Triple]:
    """"cause the severe autoimmune disease, Aicardi-Goutieres syndrome (AGS)": a category before a comma and
    the disease named right after it (and nothing more in its clause) is that disease's category; so is a
    definite category right before the name, with no comma ("the neurodevelopmental disorder Rett syndrome")."""
    found: list[Triple] = []
    for mention in reading.mentions:
        if reading.extractor.kind(mention.concept_ids[0]) != "Disease":
            continue
        if unaside[:mention.start].rstrip().endswith(","):
            before = re.match(r".*\b(?:the|a|an)\s+([^,;()]+?),\s*$", unaside[:mention.start], re.I | re.S)
            rest = reading.text[mention.end:reading.clause_of(mention.start)[1]]  # only an aside may follow the name
            if before is None or not re.fullmatch(r"\s*(?:\([^()]*\))?\s*[.;]?\s*", rest):
                continue
        else:
            before = re.match(r".*\bthe\s+([^,;()]+?)\s+$", unaside[:mention.start], re.I | re.S)
            if before is None or not class_head(before.group(1)) or in_brackets(reading.text, mention.start) or \
                    any(m.end == before.end(1) for m in reading.mentions if m is not mention and
                        reading.extractor.kind(m.concept_ids[0]) == "Disease"):
                continue  # (a short form in brackets after a disease's name names that disease, no member)
        category = _category(reading, before.start(1), unaside[:mention.start])  # (the name is no part of it)
        if category is None or category[1] != before.end(1):
            continue
        obj = _category_end(reading, *category)
        if isinstance(obj, LinkedMention) and set(obj.concept_ids) & set(mention.concept_ids):
            continue
        found.append(Triple(mention, "is_a", obj, False, reading.hedged))
    return found


def _category_end(reading: SentenceReading, start: int, end: int) -> LinkedMention | str:
    """A category phrase as a claim end: the linked name that ends it ("a neurodegenerative disease"), or its
    words."""
    inside = [m for m in reading.mentions if m.start >= start and m.end <= end]
    words = reading.text[start:end]
    return inside[-1] if inside and inside[-1].end == end and not narrower_words(words, inside[-1].text) \
        else words


_DISEASE_GENE_NEXT = re.compile(rf"[\s-]+(?:(?:{lx.GENE_COMPOUND_KINDS})\s+)?genes?\b", re.I)


def _category(reading: SentenceReading, start: int, unaside: str, named: bool = False) -> tuple[int, int] | None:
    """The span of a category phrase opening at `start` (read in `unaside`, the text with short asides blanked):
    up to six modifiers and a class noun (the longest such run), then an optional "of (the) ..." phrase of up to
    four words; None when the class noun has only descriptive modifiers ("a rare genetic disorder") or only a mode
    of inheritance, or no class noun heads it (unless `named`: then a term the graph names may head it,
    `_named_category`)."""
    words = list(_CATEGORY_WORD.finditer(unaside, start))
    run: list[re.Match[str]] = []
    for word in words[:_MAX_CATEGORY_WORDS]:
        gap = unaside[run[-1].end():word.start()] if run else unaside[start:word.start()]
        comma = "," in gap
        if not re.fullmatch(r",?\s+|\s*", gap) or (comma and run and not is_adjective(run[-1].group(0))) or \
                word.group(0).lower() in _NOT_IN_CATEGORY:
            break  # a comma only between adjectives ("a rare, autosomal recessive disorder"), never after a noun
        if run and run[-1].group(0).lower() in lx.CLASS_NOUNS and word.group(0).lower().endswith("ing"):
            break  # "a syndrome comprising anorectal malformation": a participle after a class noun opens a clause
        run.append(word)
    heads = [i for i, word in enumerate(run) if word.group(0).lower() in lx.CLASS_NOUNS]
    if not heads:
        return _named_category(reading, start, run) if named else None
    if modifies_a_head(unaside, run[heads[-1]].end()) or _DISEASE_GENE_NEXT.match(unaside, run[heads[-1]].end()):
        # a class noun that modifies another noun ("a tumour suppressor gene"); a disease naming a gene ("a Marfan
        # syndrome risk gene", `phrase_forms.disease_genes`) is no category of the gene
        return None
    run = run[:heads[-1] + 1]
    phrase_end = run[-1].end()
    of_phrase = _OF_PHRASE.match(reading.text, phrase_end)
    # A count or a quantifier ("2 human diseases", "several rare disorders") sizes a group, names no class.
    if run[0].group(0).isdigit() or run[0].group(0).lower() in QUANTIFIERS | NUMBER_WORDS:
        return None
    mode = reading.extractor.inheritance_id(reading.text[run[0].start():phrase_end])
    # (an adverb only grades the words after it, "a poorly explained clinical entity"; but a mode's adverb,
    # "autosomal dominantly inherited", is one of the mode's words, counted below)
    modifiers = [w.group(0).lower() for w in run[:-1] if w.group(0).lower() not in lx.DESCRIPTIVE | {"and", "or"}
                 and (mode or not w.group(0).lower().endswith("ly"))]
    if mode is None:  # "a recessive disorder", "allelic disorders", "one of the first conditions": no class named
        modifiers = [w for w in modifiers if w not in _NO_CLASS_WORDS]
    if of_phrase is not None:
        return run[0].start(), of_phrase.end()
    if not modifiers or mode and len(modifiers) <= 2:
        return None
    return run[0].start(), phrase_end


def _named_category(reading: SentenceReading, start: int, run: list[re.Match[str]]) -> tuple[int, int] | None:
    """A category the graph names with no class noun ("is an immunodeficiency caused by", "is a constant visual
    disturbance described as"): a linked disease or phenotype term that ends a word of the run and that the
    phrase ends with (a clause, a relative, a participle or punctuation follows, not another noun)."""
    ends = {word.end() for word in run}
    named = next((m for m in reading.mentions if start <= m.start and m.end in ends
                  and reading.extractor.kind(m.concept_ids[0]) in ("Disease", "Phenotype")
                  and _CATEGORY_ENDS.match(reading.text, m.end)), None)
    if named is None:
        return None
    first = run[0].group(0)
    if first.isdigit() or first.lower() in QUANTIFIERS | NUMBER_WORDS:
        return None  # "two diseases": a count, no class
    return run[0].start(), named.end
