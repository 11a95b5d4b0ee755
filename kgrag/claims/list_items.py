"""List reading: the items a span of a sentence lists, each one a claim end.

`phrases` reads the words between two positions of a sentence (`kgrag.claims.extraction.SentenceReading`: the list
after a cue, a clause's subject, ...) as list items, split at commas, "and" and "or" (`lexicon.ITEM_SPLIT`) outside a
linked name. An item is the concept mentions in it or, when it mentions none, its words as an entity the graph lacks
("pre-sacral mass"), if they name one (`entity_words.names_an_entity` and the term test); "it" or "this disease" in
it is the entity given as context (`SentenceReading.anaphor`). What shapes an item:
- a carrier or a patient noun stands for what it carries or has ("a partial deficiency in X", "patients with X"),
  but a carrier of an organ, or a change in an everyday function, is the finding itself ("abnormalities of the
  heart", "alteration in taste");
- a finding head "of" or "in" an organ distributes over the organs listed after it ("abnormalities of the heart,
  kidneys and eyes" reads "abnormalities of the kidneys"); an organ coordinated with a place ("predominant on the face
  and neck") is the place's, no item, and so is an everyday word or "other ..." after an organ ("changes in brain and
  behavior", "pain in the tongue or other oral mucous membrane");
- a modifier before "and" or "or" shares the next item's head ("acute and chronic pancreatitis", "a deep and durable
  response") and is no item of its own;
- an appositive after a comma that names a category ("X, a paediatric neurodegenerative disease") is an is_a claim of
  its own, no item, and so is one naming a drug's class ("temsirolimus, a mTOR inhibitor"); a described noun and
  the name after one comma ("a lysosomal enzyme, galactosylceramidase") are one entity, named by the second;
- a finding named before "in" a disease is the item ("eye-tracking abnormality in schizophrenia"; "hypotension in
  severe heart failure", unless the condition names people: "in an APL patient treated with");
  a gene modifying the name after it ("FBN1-related Marfan syndrome"), a class right before a disease's name, a
  disease right before its finding ("Parkinson's disease psychosis") and a name restated in brackets give no second
  item; an unlinked item drops what follows its name (a trailing "of"/"in" phrase, a population, a time);
- an item names nothing when it is a lessening after a causative verb (which empties the whole list), a finding ruled
  out or denied in general, no change in a finding, an outcome measured in a disease's patients, kinds counted or
  quantified before their examples, an amount ("a plethora of"), a reference back left unresolved, the text speaking
  of itself, a phrase of when or where, an aim's verb phrase, or a bare carrier ("the mutant allele").

List reading is one job of the sentence reading, which keeps `SentenceReading.phrases` as the method every reader
calls and delegates here; these functions take the reading as their first argument and use its text, mentions,
extractor and the helpers it shares with the rest of the reading (`organ`, `within_name`, `anaphor`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from kgrag import lexicon as lx
from kgrag.claims.entity_words import (
    CARRIER_WORDS,
    EXAMPLES,
    NAMED_GROUPS,
    PERSON_NOUNS,
    QUANTIFIERS,
    QUANTIFIERS_WORDS,
    class_head,
    names_an_entity,
    organism_named,
    trimmed,
)
from kgrag.claims.spans import Phrase
from kgrag.claims.terms import head_word, is_everyday_english
from kgrag.records import LinkedMention

if TYPE_CHECKING:
    from kgrag.claims.extraction import SentenceReading

# The nouns a drug's class is named by ("kinase inhibitors", "a mTOR inhibitor", "anti-CD20 antibodies")
_DRUG_CLASS_NOUN = r"(?:inhibitors?|antagonists?|antibod(?:y|ies)|agonists?|blockers?)"
# "tyrosine kinase inhibitors sorafenib", "PD-1 antibody camrelizumab (": a drug class and the drug's name after it
_CLASS_THEN_DRUG = re.compile(r"(?:[\w/-]+\s+){0,5}?" + _DRUG_CLASS_NOUN
                              + r"\s+(?P<drug>[A-Za-z][\w-]{3,})(?:\s*\([^()]*\)?)?", re.I)
# A lessening adjective right before the name it lessens ("resulting in decreased proteinuria")
_LESSENED = re.compile(r"\s*(?:(?:a|an|the)\s+)?(?:(?:significantly|markedly|further)\s+)?(?:decreased|reduced|lower|"
                       r"less|diminished|fewer)\s+", re.I)
# A lessening of what follows, and a causative verb before it: "resulted in a greater reduction in X", "led to an
# improvement of X", "was associated with slower progression of X" say the agent lessened X, not that it caused X.
_LESS_OF = re.compile(r"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}?(?:reductions?|decreases?|declines?|improvements?|"
                      r"relief|resolution|remission|regression|lowering|alleviation|amelioration|"
                      # "was associated with slower progression of brain atrophy"
                      r"(?:slow(?:er|ed|ing)?|reduced|delayed|less|decreased|lower)\s+(?:rates?\s+of\s+)?progression)"
                      r"\s+(?:in|of)\b", re.I)
# "to produce significant changes in composite outcomes of proptosis": a change of a named finding, either way, is no
# cause of it ("life-long changes in brain" still names an effect: the organ is no finding)
_CHANGE_OF = re.compile(r"\s*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}?(?:changes|alterations|differences)\s+(?:in|of)\s+"
                        r"(?:[\w-]+\s+){0,3}?", re.I)
_CAUSATIVE_BEFORE = re.compile(r"\b(?:result(?:s|ed|ing)?\s+in|le(?:d|ads?|ading)\s+to|produc(?:e|es|ed|ing)|"
                               r"caus(?:e|es|ed|ing)|induc(?:e|es|ed|ing)|associated\s+with)\s*$", re.I)
# "a paediatric neurodegenerative disease ...": an item that opens with an article and reaches a class noun.
# (or "one of the": "X, one of the major neurodegenerative disorders"; or a drug's class: "temsirolimus, a mTOR
# inhibitor")
_APPOSITIVE_CATEGORY = re.compile(r"\s*(?:an?|one\s+of\s+the)\s+(?:[\w/-]+\s+){0,7}?(?:"
                                  + "|".join(sorted(lx.CLASS_NOUNS)) + "|" + _DRUG_CLASS_NOUN + r")\b", re.I)
_APPOSED_NAME = re.compile(r"\s*(?:a|an|the)\s", re.I)
# The name in such an apposition: one to four words, none of them a determiner or an auxiliary (", is being
# evaluated", ", an international registry" are no names), and no example (", particularly depression").
_NAME_AFTER_COMMA = re.compile(r"(?!(?:particularly|especially|notably|mainly|mostly|primarily|namely|e\.g)\b)"
                               r"(?:(?!(?:" + "|".join(sorted(lx.DETERMINERS | lx.AUXILIARIES | lx.RELATIVES))
                               + r")\b)[\w()/'-]+\s*){1,4}", re.I)
# An article and one lower-case word before "and": a modifier sharing the next item's head ("a deep and durable")
_ARTICLE_AND_MODIFIER = re.compile(r"\s*(?:a|an|the)\s+(?-i:[a-z][\w-]*)\s*", re.I)
# "... on the face and ": a place (a preposition and an organ) right before the "and" a list is split at.
_ENDS_AT_ORGAN = re.compile(r"\b(?:on|in|of|at|over|around|involving)\s+(?:the\s+)?(?P<organ>[\w'-]+(?:\s+[\w'-]+)?)"
                            r"\s+(?:and|or)\s+$", re.I)
# A finding noun and "of" or "in" opening a list of organs: "abnormalities of the ", "progressive ossification of ",
# "cysts in the ".
_FINDING_OF = re.compile(r"\s*(?:(?:the|a|an)\s+)?(?P<head>(?:[\w-]+\s+){0,2}?(?:abnormalit(?:y|ies)|malformations?|"
                         r"anomal(?:y|ies)|defects?|ossification|calcification|involvement|dysplasia|hypoplasia|"
                         r"contractures?|fractures?|atrophy|hypertrophy|deformit(?:y|ies)|"
                         r"aplasia|agenesis|inflammation|enlargement|lesions?|tumou?rs?|cancers?|carcinomas?|cysts?)"
                         r"\s+(?:of|in)\s+"
                         r"(?:the\s+)?)", re.I)
# "the triad of ", "abnormalities of the ": a carrier opening an item, before the words it carries
_CARRIER_OPENING = re.compile(r"^(?:[\w-]+\s+)?(?:" + CARRIER_WORDS + r")\s+(?:of|in)\s+(?:the\s+)?", re.I)
MAX_ITEM_WORDS = 8  # a list item longer than this is a clause, not a more specific name
# "caused no significant change in the hyperactivity": no effect on a finding, which states no relation to it
# (or nothing after it: "no consistent change was observed in patients with migraine")
_NO_CHANGE_IN = re.compile(r"(?:no|without)\s+(?:[\w-]+\s+)?(?:changes?|differences?|effects?|increases?|decreases?|"
                           r"reductions?)(?:\s+(?:in|on|of)\b|\s*$)", re.I)
# An item that rules its finding out ("and absence of significant ventricular arrhythmias"); a finding named with
# its absence ("total absence of iris", "Absent radius") is one phrase, which this leaves alone.
_ABSENCE_OF = re.compile(r"(?:(?:and|or)\s+)?(?:(?:the|an)\s+)?absence\s+of\s+"
                         r"(?:(?:any|significant|clinically|overt|apparent|evident)\s+){0,2}", re.I)
# An outcome measured in a disease's patients, before the disease's name: "lower survival in", "poor prognosis of";
# a tumour's invasion ("correlated with invasion of the tumor"); a time measured to it ("shorter time from onset to
# headache peak", "the time to relapse"). (A recurrence or relapse of a condition is the condition.)
_OUTCOME_OF = re.compile(r"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,3}?(?:(?:survival|prognosis|outcomes?|mortality|"
                         r"morbidity|invasion)\s+(?:in|of|among|for)|(?:time|duration|interval|latency)\s+"
                         r"(?:from\s+(?:[\w-]+\s+){1,3})?to)\s+(?:[\w-]+\s+){0,5}$", re.I)
# "controversy regarding the ", "the debate about ": a discussion about what it names, which is no claim end.
_DISCUSSION_OF = re.compile(r"(?:(?:a|an|the|some|much|considerable|ongoing)\s+)?(?:controvers(?:y|ies)|debates?|"
                            r"disagreements?|uncertaint(?:y|ies)|confusion|speculation|discussions?)\s+(?:regarding|"
                            r"about|over|concerning|surrounding|on|as\s+to)\s+", re.I)
# "various types of", "several forms of": kinds counted, not named, before the examples that name them.
_COUNTED_KINDS = re.compile(r"(?:(?:a|an|the)\s+)?(?:" + "|".join(sorted(QUANTIFIERS_WORDS)) + r")\s+(?:\w+\s+)?"
                            r"(?:types?|forms?|kinds?|classes|subtypes?)\s+of\s", re.I)
# "several autoimmune disorders", "other cancers": a quantified class, whose examples may follow.
_QUANTIFIED = re.compile(r"(?:" + "|".join(sorted(QUANTIFIERS_WORDS)) + r")\s", re.I)
# "These sequences", "this system": a bare noun after a demonstrative refers back to what was named before it ("these
# antiepileptic drugs" still names a class); so does anything a possessive opens ("Its prolonged use").
_DEMONSTRATIVE_ONLY = re.compile(r"[\s,]*(?:and\s+|or\s+)?(?:in\s+|of\s+|with\s+)?(?:these|those|this|that|such)\s+",
                                 re.I)
_DEMONSTRATIVE = re.compile(r"(?:this|these|those)\s+[\w-]+\s*$|(?:its|their)\s", re.I)
# An amount of what follows "of", no finding of its own ("a plethora of cancers")
_AMOUNT_NOUNS = frozenset("plethora multitude myriad array variety range spectrum host".split())
_USE_OF = re.compile(r"^(?:(?:the|a|an)\s+)?(?:[\w-]+\s+)?(?:use|administration|co-?administration)\s+of\s+", re.I)
# The text speaking of itself: "This article summarizes ...", "In this review, we ...", "The present study shows ..."
_THE_TEXT_ITSELF = re.compile(r"(?:this|the\s+present|the\s+current|our)\s+(?:article|review|paper|report|chapter|"
                              r"manuscript|letter|commentary|editorial|study|work|survey|research)\b", re.I)
_CASE_OF = re.compile(r"^(?:(?:an?|the)\s+)?(?:\w+\s+)?cases?\s+of\s+", re.I)
# "no other apparent abnormality", "without any further symptoms": a finding denied in general, which names none.
_NONE_OF_A_KIND = re.compile(r"[\s,]*(?:(?:with|and|or)\s+)?(?:no|without)\s+(?:(?:any|other|further|additional|"
                             r"apparent|obvious|associated|significant|major|clinical)\s+)*(?:abnormalit(?:y|ies)|anomal(?:y|ies)|symptoms?|"
                             r"signs?|findings?|features?|problems?|complications?|defects?|malformations?)\b", re.I)
# A preposition of time or place opening an unlinked item ("on day 1", "at birth", "during pregnancy")
_WHEN_OR_WHERE = re.compile(r"\s*(?:on|at|upon|during|after|before|since|until|within|throughout|via|through)\s",
                            re.I)
# A carrier noun with only a variant's status words before it ("mutant allele", "the same mutation")
_BARE_CARRIER = re.compile(r"(?:(?:mutant|mutated|same|novel|new|causative|pathogenic|germline|somatic|heterozygous|"
                           r"homozygous|de\s+novo|missense|nonsense|truncating|frameshift|wild-type)\s+)*(?:" +
                           CARRIER_WORDS + r")", re.I)
# "a partial deficiency in ", "mutations of ": an item's carrier, up to two words in, and its preposition
_CARRIER_AT = re.compile(r"^(?:\w+\s+){0,2}?(" + CARRIER_WORDS + r")\s+(?:in|of|at)\s+", re.I)
# A demonstrative inside a phrase ("the activity of this enzyme"): a reference back, unresolved
_DEMONSTRATIVE_INSIDE = re.compile(r"(?:^|\s)(?:this|these|those)\s+[\w-]+", re.I)
# Carrier nouns that name a change: of an everyday function they are the finding ("alteration in taste").
_CHANGE_NOUNS = frozenset("alteration alterations change changes abnormality abnormalities defect defects dysfunction "
                          "dysregulation".split())
# "eye-tracking abnormality in ", "a reduced response among ": a finding's words before the disease it was seen in
_SEEN_DURING = re.compile(r"\s*(?P<finding>[^,;()]*?[A-Za-z][^,;()]*?)\s+during\s+(?:(?:the|an?)\s+)?", re.I)
_SEEN_IN = re.compile(r"\s*(?P<finding>[^,;()]*?[A-Za-z][^,;()]*?)\s+(?:in|among)\s+(?:the\s+)?", re.I)
# " in severe ", " during an acute ": what stands between a finding and the condition it was seen in
_SEEN_AT = re.compile(r"\s+(?:in|during)\s+(?:(?:the|an?|severe|advanced|chronic|acute|early|late|mild|moderate)\s+)?",
                      re.I)
# " patient treated with": the condition names people, whose treatment may follow
_PEOPLE_NEXT = re.compile(r"\s+(?:" + "|".join(sorted(lx.PATIENT_NOUNS | {"patient", "case", "cases"})) + r")\b", re.I)
# "distinct from textbook ", "other than ", "unlike ": what follows is set apart from what the item names
_SET_APART = re.compile(r"\b(?:(?:distinct|different|distinguishable|separate)\s+from|other\s+than|rather\s+than|"
                        r"unlike|other\s+(?:[\w-]+\s+){1,4}than)\s+(?:[\w-]+\s+){0,2}$", re.I)
# "the recognition of", "the identification of": the act of finding something out
_FINDING_ACT = re.compile(r"(?:the\s+)?(?:recognition|identification|discovery|detection|isolation|cloning)\s+of\b",
                          re.I)
# A trailing phrase about who or where that is no part of a name: " in patients", " of the family".
_TRAILING_OF = re.compile(r"\s+(in|of|for|with|from|by|to|on|at|among|than)\s+(?:patients|the\s+\w+|those)\b", re.I)
# A trailing "in/among <who>" says in whom, not what: "POI in this family", "Btk deficiency in lyn-/- mice".
_WHO = sorted(lx.PATIENT_NOUNS | {"family", "mice", "mouse", "rats", "animals", "humans", "proband", "patient"})
_POPULATION = re.compile(r"\s+(?:in|among)\s+(?:(?:this|these|the|a|an|all|most|some|many|our)\s+)?"
                         r"(?:[\w/+-]+\s+){0,2}?(?:" + "|".join(_WHO) + r")\b", re.I)


def phrases(reading: SentenceReading, start: int, end: int) -> list[Phrase]:
    """The list items between `start` and `end`: mentions, or the words of an unlinked entity."""
    splits = [piece for piece in lx.ITEM_SPLIT.finditer(reading.text, start, end) if not reading.within_name(piece)]
    # "D resulted in a greater reduction in the number of oral ulcers", "resulting in a dramatic reduction in
    # plasma concentrations of A, B and C": a lessening after a causative verb opens the list and holds every item
    # of it; the agent lessened them, caused none
    first_item = trimmed(reading.text[start:splits[0].start() if splits else end])
    if _FINDING_ACT.match(first_item):
        return []  # "led to the recognition of two new point mutations (A and B)": finding them out, causing none
    first_mention = next((m for m in reading.mentions if start <= m.start < end), None)
    lessened = first_mention is not None and (
        _LESSENED.fullmatch(reading.text, start, first_mention.start) is not None or
        _CHANGE_OF.fullmatch(reading.text, start, first_mention.start) is not None and
        reading.extractor.kind(first_mention.concept_ids[0]) in ("Phenotype", "Disease"))
    if (_LESS_OF.match(first_item) or lessened) and \
            _CAUSATIVE_BEFORE.search(reading.text, max(0, start - 40), start):
        # (so does a lessening adjective before a name it is no part of: "ameliorated glomerulosclerosis resulting
        # in decreased proteinuria"; "Decreased renal function", one HPO name, is a finding)
        return []
    out: list[Phrase] = []
    cursor = start
    after_comma = False
    appositive_end = start
    of_head: re.Match[str] | None = None  # "abnormalities of the " opening an item, for the organs after it
    in_chain = False  # whether the item before is that opening or an organ it distributed over
    for piece in [*splits, None]:
        item_end = piece.start() if piece is not None else end
        # "X, a paediatric neurodegenerative disease caused by ...", "X, an autosomal-dominant frontonasal and
        # limb malformation syndrome": an appositive names X's category (an is_a claim of its own), not one or
        # more items of the list.
        apposed = _APPOSITIVE_CATEGORY.match(reading.text, cursor, end) if after_comma and out else None
        if apposed is not None:
            appositive_end = apposed.end()
        if cursor >= appositive_end and not _shared_head(reading, cursor, item_end, piece, end) and not (
                piece is not None and piece.group(0).strip().lower() == "and" and
                _ARTICLE_AND_MODIFIER.fullmatch(reading.text, cursor, item_end) and
                not any(cursor <= m.start < item_end for m in reading.mentions)):
            # ("a deep and durable response": one word between an article and "and" modifies the next item's
            # head; it is no item of its own)
            items = _item(reading, cursor, item_end)
            opening = _FINDING_OF.match(reading.text, cursor, item_end)
            organ_only = reading.organ(reading.text[cursor:item_end])
            place = _ENDS_AT_ORGAN.search(reading.text, start, cursor) if organ_only and not in_chain else None
            if place is not None and reading.organ(place.group("organ")):
                # "lymphatic malformation predominant on the face and neck": the organ after "and" is the
                # place's, coordinated with "face"; no item of the list ("capillary malformation of the lip and
                # neck" distributes its finding head instead)
                items = []
            elif _after_an_organ(reading, start, cursor, item_end):
                items = []
            elif opening is not None:  # the list's latest finding head ("..., and cysts in the kidney, ...")
                of_head = opening
            elif of_head is not None and organ_only:
                items = [_distributed(reading, of_head.group("head"), item) for item in items]
            in_chain = opening is not None or of_head is not None and organ_only
            # ("The inner ear is the body part that is associated with X", "into the renal vein and vena cava": an
            # organ named with its article, or after one that is, with no finding head distributed to it, is a place
            # and names no claim end; a bare "salivation" in a list of symptoms is a finding, though HPO names it as
            # a body part is named)
            out.extend(item for item in items if not _named_as_place(reading, item, start, cursor, item_end))
        if piece is not None:
            cursor = piece.end()
            after_comma = piece.group(0).strip() == ","
    if len(splits) == 1 and splits[0].group(0).strip() == "," and _APPOSED_NAME.match(reading.text, start) and \
            _NAME_AFTER_COMMA.fullmatch(reading.text[splits[0].end():end].strip(" .;:")) and \
            all(class_head(m.text) for m in reading.mentions if start <= m.start and m.end <= splits[0].start()):
        # "the same bacteria, Helicobacter pylori", "a lysosomal enzyme, galactosylceramidase", "the severe
        # autoimmune disease, Aicardi-Goutieres syndrome": a described noun (a class, at most) and the name
        # after one comma, with no "and", are one entity, named by the second.
        return [p for p in out if p.start >= splits[0].end()]
    return out


def _named_as_place(reading: SentenceReading, item: Phrase, start: int, cursor: int, item_end: int) -> bool:
    """Whether an unlinked item is only an organ written with its article, or after a coordinated one that has it
    (see the call in `phrases`)."""
    return item.mention is None and reading.organ(item.text) and bool(
        re.match(r"the\s", reading.text[cursor:item_end].strip(), re.I)
        or re.search(r"\bthe\s+[\w-]+(?:\s+[\w-]+)?\s+(?:and|or)\s+$", reading.text[start:cursor], re.I))


def _after_an_organ(reading: SentenceReading, start: int, cursor: int, item_end: int) -> bool:
    """"changes in brain and behavior", "changes in the liver and memory": one everyday word the graph does not name,
    or "other" and the words after it, after "and" or "or" right behind an organ, is coordinated with the organ
    inside its phrase, no item of its own (a named finding stays one: "abnormalities of the heart and fever")."""
    word = reading.text[cursor:item_end].strip(" ,.;:")
    if any(cursor <= m.start < item_end for m in reading.mentions):
        return False
    # ("pain in the tongue or other oral mucous membrane": "other" says the words after it are more places)
    if not re.fullmatch(r"other(?:\s+[a-z-]+){1,3}", word) and (
            not re.fullmatch(r"[a-z]+", word) or not is_everyday_english(word) or reading.organ(word)):
        return False
    place = _ENDS_AT_ORGAN.search(reading.text, start, cursor)
    return place is not None and reading.organ(place.group("organ"))


def _distributed(reading: SentenceReading, head: str, item: Phrase) -> Phrase:
    """"abnormalities of the heart, kidneys and eyes": a later item that is only an organ the graph names
    takes the first item's finding head, "abnormalities of the kidneys", so it is read as the finding it is;
    a finding of its own ("asymmetry") stays as written."""
    if item.mention is not None or not reading.organ(item.text):
        return item
    return replace(item, text=f"{head}{item.text}")


# An adjective of a place or kind ("ovarian", "renal", "gastric", "cardiac", "pulmonary"), lower-case
_SHARED_ADJECTIVE = re.compile(r"[a-z]{3,}(?:ian|al|ic|ac|ary|ar|ous)")


def _shared_head(reading: SentenceReading, start: int, end: int, split: re.Match[str] | None, limit: int) -> bool:
    """"unresectable or metastatic melanoma", "acute and chronic pancreatitis": one word before "and"/"or" and
    a modifier before the next item's linked name modifies that name too; alone it names nothing. So does an
    everyday word before a phrase of two or more words ("intermediate or endpoint markers")."""
    # (past a carrier that opens the item: "the triad of persistent or recurrent orofacial edema")
    words = _CARRIER_OPENING.sub("", lx.LEADING.sub("", lx.PATIENTS_WITH.sub(
        "", reading.text[start:end].strip(" ,.()[]\"'"))))
    if split is None or split.group(0).strip().lower() not in ("and", "or", "and/or") or \
            len(re.findall(r"[\w-]+", words)) != 1 or any(m.start >= start and m.end <= end for m in reading.mentions):
        return False
    following = next((m for m in reading.mentions if split.end() <= m.start < limit), None)
    gap = reading.text[split.end():following.start] if following is not None else ""
    if following is not None and re.fullmatch(r"[\w-]+\s+", gap) is not None:
        return True
    # ("ovarian and early-onset breast cancer": an adjective before "and" and a name of two words or more right
    # after it; the name's head is shared)
    if following is not None and not gap and len(following.text.split()) >= 2 and \
            _SHARED_ADJECTIVE.fullmatch(words.strip()) is not None:
        return True
    # ("persistent or recurrent orofacial edema": a second modifier may stand before the name, when the word
    # before "or" is an everyday one; "diazepam and broad complex tachycardia" are two items)
    lone = re.sub(r"[^\w-]", "", words)
    if following is not None and re.fullmatch(r"[\w-]+\s+[a-z][\w-]*\s+", gap) is not None and \
            lone.islower() and not reading.extractor.is_technical(lone):
        return True
    # "intermediate or endpoint markers of X": an everyday adjective before "or" shares the next item's head
    # noun; alone it names nothing the graph or a reader could check.
    word = reading.text[start:end].strip(" ,.()[]\"'")
    after = re.match(r"\s*([\w-]+)\s+[\w-]+", reading.text[split.end():limit])
    return after is not None and word.isalpha() and word.islower() and not reading.extractor.is_technical(word) \
        and after.group(1).lower() not in lx.DETERMINERS


def _item(reading: SentenceReading, start: int, end: int) -> list[Phrase]:
    inside = [m for m in reading.mentions if m.start >= start and m.end <= end]
    # "FBN1-related Marfan syndrome": the gene modifies the name after it (a claim of its own, see
    # `phrase_forms.gene_modifiers`); the item is the disease.
    inside = [m for index, m in enumerate(inside) if index + 1 == len(inside)
              or not lx.GENE_MODIFIER.fullmatch(reading.text[m.end:inside[index + 1].start])]
    words = trimmed(reading.text[start:end])
    if _NO_CHANGE_IN.match(words):
        return []
    if inside and _ABSENCE_OF.fullmatch(reading.text[start:inside[0].start].strip(" ,") + " "):
        return []  # "secondary to X and absence of significant arrhythmias": a finding ruled out, no end
    if inside and _OUTCOME_OF.match(reading.text[start:inside[0].start].strip() + " "):
        return []  # "correlates with lower survival in NSCLC patients": an outcome of the disease, not the disease
    if inside and _DISCUSSION_OF.match(reading.text[start:inside[0].start].strip() + " "):
        return []  # "due to controversy regarding the localization of BRCA1 proteins": a debate about it, not it
    if inside and (_COUNTED_KINDS.match(words) or _QUANTIFIED.match(words)) and EXAMPLES.match(reading.text, end):
        # "various types of cancer such as glioblastoma ...", "several autoimmune disorders, including SLE": the
        # examples are the claim ends
        return []
    if len(inside) == 1 and inside[0].text.lower() in lx.CLASS_NOUNS and \
            _DEMONSTRATIVE_ONLY.fullmatch(reading.text[start:inside[0].start]):
        return []  # "the method showed better results in these tumours": the tumours named before, unresolved
    if inside and lx.PATIENTS_WITH.match(words):  # "patients with X": X, whatever else the item names
        inside = inside[:1]
    # "phenotypes distinct from textbook aniridia", "causes other than X": what is set apart is no item
    inside = [m for m in inside if not _SET_APART.search(reading.text, start, m.start)]
    if not inside and any(start <= m.start < end for m in reading.mentions):
        return []
    # "multiple pterygium syndrome (MPS)": the abbreviation after a phrase is not its head.
    tail = re.findall(r"[\w-]+", re.sub(r"\s*\([^()]*\)?\s*$", "", reading.text[inside[-1].end:end])) \
        if inside else []
    if len(inside) == 1 and tail and tail[0].lower() in ("gene", "genes") and \
            reading.extractor.kind(inside[0].concept_ids[0]) in ("Disease", "Phenotype") and \
            reading.extractor.inheritance_id(inside[0].text) is None:
        return []  # "WT1, the Wilms tumor gene": a gene named by its disease, no disease (`disease_genes`)
    if inside and not (tail and tail[-1].lower() in lx.CLASS_NOUNS):
        seen_in = _finding_seen_in(reading, start, inside)
        if seen_in is not None:
            return [seen_in]
        if len(inside) == 1:
            whole = lx.LEADING.sub("", re.sub(r"\s*\([^()]*\)?\s*$", "", words)).strip()
            longer = len(whole) > len(inside[0].text) and inside[0].text.casefold() in whole.casefold()
            more = whole if longer and len(whole.split()) <= MAX_ITEM_WORDS else ""
            return [Phrase(inside[0].start, inside[0].end, inside[0].text, inside[0], more)]
        symbol = inside[-1]
        if re.search(r"\(\s*$", reading.text[inside[-2].end:symbol.start]) and \
                not re.search(r",|\band\b|\bor\b", reading.text[inside[0].end:symbol.start]) and \
                reading.extractor.kind(symbol.concept_ids[0]) == "Gene":
            # "WAS protein family member 1 (WASF1)": the symbol in brackets names the gene the words before it
            # spell out; a symbol inside those words ("WAS") is part of the name, not a second gene.
            return [Phrase(symbol.start, symbol.end, symbol.text, symbol)]
        # "arthrogryposis (joint contractures)", "Lynch syndrome (hereditary nonpolyposis colorectal cancer;
        # HNPCC)": a name in a bracket opened right after another, with nothing listed in it, restates it
        inside = [m for index, m in enumerate(inside) if not index or not (
            re.fullmatch(r"\s*\([^(),]*", reading.text[inside[index - 1].end:m.start])
            and re.match(r"[^(),]*\)", reading.text[m.end:end])
            and not re.search(r"\band\b|\bor\b", reading.text[inside[index - 1].end:end].split(")")[0]))]
        # "a plethora of cancers": an amount names no finding (HPO's *Plethora* is a flushed face)
        inside = [m for m in inside if not (m.text.lower() in _AMOUNT_NOUNS and
                                            re.match(r"\s+of\s", reading.text[m.end:end]))]
        # "the neurodevelopmental disorder Rett syndrome": a class right before a disease's name is its category
        # (`category_claims`), no item of its own
        inside = [m for index, m in enumerate(inside) if not (
            index + 1 < len(inside) and not reading.text[m.end:inside[index + 1].start].strip()
            and class_head(m.text) and reading.extractor.kind(inside[index + 1].concept_ids[0]) == "Disease")]
        # "Parkinson's disease psychosis", "Huntington disease chorea": a disease right before a finding, with
        # nothing between them, says whose finding it is; the finding is the item, not a second one
        inside = [m for index, m in enumerate(inside) if not (
            index + 1 < len(inside) and not reading.text[m.end:inside[index + 1].start].strip()
            and reading.extractor.kind(m.concept_ids[0]) == "Disease"
            and reading.extractor.kind(inside[index + 1].concept_ids[0]) == "Phenotype")]
        # "milrinone-induced hypotension in severe heart failure": a finding named before "in" or "during" a
        # condition is the item; the condition only says where it was seen (as for a finding the graph lacks,
        # `_finding_seen_in`)
        inside = [m for index, m in enumerate(inside) if not (
            index and reading.extractor.kind(inside[index - 1].concept_ids[0]) == "Phenotype"
            and reading.extractor.kind(m.concept_ids[0]) in ("Disease", "Phenotype")
            and _SEEN_AT.fullmatch(reading.text, inside[index - 1].end, m.start)
            and not _PEOPLE_NEXT.match(reading.text, m.end))]
        return [Phrase(m.start, m.end, m.text, m) for m in inside]
    # No mention, or mentions that only modify a class noun ("an autosomal recessive disorder", "a limb
    # malformation syndrome"): the item is the phrase as written, or what "it" / "this disease" refers to.
    words = _USE_OF.sub("", words)  # "the use of these drugs": the drugs, named or referred to
    if not inside:
        anaphor = reading.anaphor(start, end)
        if anaphor is not None:
            return [anaphor]
        if _DEMONSTRATIVE.match(words):
            return []  # "These sequences are involved in cancer": a reference back, unresolved, names nothing
        if _THE_TEXT_ITSELF.match(words):
            return []  # "This article summarizes the milestones ... for the treatment of X": the text, no agent
    words = _CASE_OF.sub("", lx.PATIENTS_WITH.sub("", words))  # "A case of rhombencephalitis": the condition
    if _NONE_OF_A_KIND.match(words):
        return []
    words = re.sub(r"^no\s+", "", words, flags=re.I)  # "No TSG101 defects were found": denied by the clause
    counted = re.match(r"(?:(?:a|an|the|and|or)\s+)*(\w+)", words, re.I)
    if counted and counted.group(1).lower() in QUANTIFIERS and head_word(words).lower() in \
            lx.PART_NOUNS - NAMED_GROUPS:
        return []  # "other skeletal manifestations", "a single clinical manifestation": counted, not named
    words = lx.LEADING.sub("", words)
    if _WHEN_OR_WHERE.match(words):
        return []  # "on day 1", "on chromosome 4p16": a phrase that says when or where names no entity
    if lx.ASKING_VERB.match(words):
        return []  # "To investigate mutation origin and ... due to BRCA1": the aim's verb phrase, no entity
    if _BARE_CARRIER.fullmatch(words.strip(" .,;")):
        return []  # "the mutant allele is associated with ...": a variant of what was named before, no name
    carrier = _CARRIER_AT.match(words)
    rest = words[carrier.end():].strip(" .,;") if carrier else ""
    if _DEMONSTRATIVE_INSIDE.search(rest):
        return []  # "A partial deficiency in the activity of this enzyme": what it carries is unresolved
    if carrier and carrier.group(1).lower() not in lx.LOSS_NOUNS and not reading.organ(rest) and not (
            carrier.group(1).lower() in _CHANGE_NOUNS and re.fullmatch(r"[A-Za-z]+", rest)
            and rest.lower() not in lx.PART_NOUNS | lx.GENERIC_NOUNS and not reading.extractor.is_technical(rest)):
        # (a carrier of an organ is the finding itself: "abnormalities of the heart"; so is a change in an everyday
        # function: "alteration in taste", not "taste")
        words = words[carrier.end():]
        words = lx.LEADING.sub("", words)
    organism = organism_named(words)  # "viruses in the family Paramyxoviridae" keeps its family
    words = organism if organism is not None else _without_adjuncts(reading, words)
    words = re.sub(r"^(?:to|of|in|with|by|for)\s+", "", words, flags=re.I)
    if words.count("(") > words.count(")"):  # "Tocilizumab (TCZ" cut at the list's comma: keep the name
        words = words[:words.rfind("(")].strip()
    named_drug = _CLASS_THEN_DRUG.fullmatch(words)
    if named_drug is not None and reading.is_drug(Phrase(0, 0, named_drug.group("drug"), None)):
        # "the tyrosine kinase inhibitors sorafenib", "the PARP inhibitor niraparib": the drug is the item, its
        # class only describes it
        words = named_drug.group("drug")
    if _DEMONSTRATIVE_INSIDE.search(words):
        return []  # "involvement in this gene deletion syndrome": what it is about is named before, unresolved
    if not names_an_entity(words) or not (organism is not None or reading.extractor.names_a_term(words)):
        return []
    offset = reading.text.find(words, start)
    return [Phrase(offset, offset + len(words), words, None)]


def _finding_seen_in(reading: SentenceReading, start: int, inside: list[LinkedMention]) -> Phrase | None:
    """"eye-tracking abnormality in schizophrenia": a finding the graph lacks, named before "in" a disease, is
    the item; the disease only says where it was seen. So is one named before "during" a disease or a finding
    ("skeletal muscle contractions during cardiac arrhythmias"): the second only says when. (A carrier's "mutations
    in G", a patient noun's "patients with X" and an organ are read elsewhere.)"""
    if len(inside) != 1:
        return None
    before = _SEEN_DURING.fullmatch(reading.text, start, inside[0].start)
    if before is None and reading.extractor.kind(inside[0].concept_ids[0]) == "Disease":
        before = _SEEN_IN.fullmatch(reading.text, start, inside[0].start)
    if before is None:
        return None
    words = lx.LEADING.sub("", before.group("finding").strip(" ,.;:()"))
    head = head_word(words).lower()
    # (a change with its modifiers names a finding, "eye-tracking abnormality"; "abnormalities in X" alone, or a
    # variant, "somatic mutations in X", does not)
    carrier = head in lx.CARRIER_NOUNS and (head not in _CHANGE_NOUNS or len(words.split()) == 1)
    if not words or carrier or head in lx.PATIENT_NOUNS | PERSON_NOUNS or lx.PATIENTS_WITH.match(words) \
            or not names_an_entity(words) or not reading.extractor.names_a_term(words):
        return None
    offset = reading.text.find(words, start)
    return Phrase(offset, offset + len(words), words, None)


def _without_adjuncts(reading: SentenceReading, words: str) -> str:
    """An unlinked item without what follows its name: a trailing "of"/"in" phrase ("... in the family", but
    "abnormalities of the heart"), a population ("POI in this family", "... in lyn-/- mice") or a time
    ("vincristine between 1984 (and 1990)")."""
    trailing = _TRAILING_OF.search(words)
    if trailing is not None and not (trailing.group(1).lower() in ("of", "in") and
                                     reading.organ(words[trailing.end(1):])):
        words = words[:trailing.start()].strip()
    words = _POPULATION.split(words, maxsplit=1)[0].strip()
    return lx.TIME_ADJUNCT.split(words, maxsplit=1)[0].strip()
