"""Claims a phrase's own form states, with no relation cue between its ends.

- a gene written as a disease's modifier is its cause ("FBN1-related Marfan syndrome");
- a gene a compound names by a disease is associated with it ("the breast cancer susceptibility gene BRCA1");
- an agent hyphen-joined to what it induces states that relation ("cisplatin-induced nephrotoxicity");
- a therapy named before "for" and a disease treats it ("radiotherapy for Hodgkin disease is associated with ...");
- a colon after a clause naming a disease's features opens the list of them;
- a condition has the features its name spells out ("DOOR syndrome (deafness, onycho-osteodystrophy, ...)");
- a clause opened by a relation noun names the relation its copula completes ("The most common cause of X is Y");
- the gene products before a drug-class noun are what the drug targets ("D is a dual FLT3/AXL inhibitor").
Each reads the sentence through `kgrag.claims.extraction.SentenceReading` and builds its claims with the reading's
`triple`, so the same end filters apply as to claims read from relation cues.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from kgrag import lexicon as lx
from kgrag.claims.entity_words import TOKEN, names_an_entity
from kgrag.claims.reading import is_drug_name
from kgrag.claims.spans import Phrase
from kgrag.claims.triples import Triple
from kgrag.records import LinkedMention

if TYPE_CHECKING:
    from kgrag.claims.extraction import SentenceReading


_PART_REACH = 4  # words at most between a colon list's part noun and the disease it belongs to
# a therapy named by a bare noun phrase (up to two words before its head) and "for" the disease or its patients
_THERAPY_FOR = re.compile(r"(?<![\w-])(?P<therapy>(?:(?!(?:the|a|an|this|that|these|its|their|his|her|of|for|with|"
                          r"and|or|in|to|by|on|as|after|before|following|receiving|undergoing|prior|previous|standard|"
                          r"effective|novel|new|promising|appropriate)\b|[\w-]+ed\b)[\w-]+\s+)"
                          r"{0,2}(?:\w*therap(?:y|ies)|surgery|\w+ectomy|transplantation|irradiation|radiation))\s+for"
                          r"\s+(?:(?:the\s+)?(?:patients|people|children|adults|women|men)\s+with\s+)?(?:the\s+)?",
                          re.I)
# an article or determiner right before the therapy: a predicate nominal or appositive ("the standard chemotherapy")
_THERAPY_BEFORE = re.compile(r"\b(?:the|a|an|this|that|these|its|their|as|of)\s+(?:[\w-]+\s+){0,2}$", re.I)
# A drug-class noun ("antagonist", "inverse agonist/antagonist"), and what opens the nominal it heads after a drug's
# name: a copula or an appositive comma, then "a"/"an" (`_unlinked_targets`).
_TARGET_CLASS = re.compile(r"(?<![\w-])(?:inverse\s+)?(?:inhibitor|antagonist|agonist|blocker|antibody|modulator|"
                           r"activator)s?\b", re.I)
_TARGET_OPENING = re.compile(r"(?:\s*\([^()]*\))?(?:\s*,\s*|\s+(?:is|are|was|were)\s+(?:not\s+)?)an?\s+", re.I)
_ISOTYPE = re.compile(r"\b(?:immunoglobulin\s+[GAMDE]\d?(?:\s*\(Ig[GAMDE]\d?\))?|Ig[GAMDE]\d?[a-z]?)(?![\w-])")
_TARGET_WORDS = 6  # a target's name; a longer run between the article and the class noun is a clause
_NOT_IN_TARGET = frozenset("that which who whose as by with for to in on at from is are was were be been acts act "
                           "used".split())
# Words of a drug's nominal that describe the drug, not its target: novelty, selectivity, potency, the form of an
# antibody, a route. The target is what is left between them ("a new Anti lingo 1 monoclonal antibody": lingo 1).
_TARGET_DESCRIPTOR = re.compile(
    r"(?:\w+ly|\w+able|\w+ed|new|novel|small|molecule|multi-?target(?:ed)?|multi-?kinase|pan-?|first|first-in-class|dual|triple|selective|non-?selective|specific|potent|oral|reversible|"
    r"irreversible|competitive|non-?competitive|allosteric|partial|full|long-acting|short-acting|small-molecule|"
    r"(?:first|second|third|next)-generation|investigational|experimental|recombinant|humani[sz]ed|human|chimeric|"
    r"monoclonal|bispecific|neutrali[sz]ing|blocking|inverse|direct|indirect|covalent|synthetic|injectable|"
    r"subcutaneous|intravenous|topical|peripherally|centrally|acting|mixed|anti-?|and|or|[\w-]+,)", re.I)
# "D is a (novel, dual) ", "D, a selective ": the predicate nominal or appositive a drug class is said in.
_TARGET_NOMINAL = re.compile(r"(?:\s*\([^()]*\))?(?:\s*,\s*|\s+(?:is|are|was|were)\s+(?:not\s+)?)(?:an?|the)\s+"
                             r"(?:[\w/-]+,?\s+){0,4}", re.I)
# A denial right before an agent's compound ("no cisplatin-induced nephrotoxicity"): the relation is denied.
_DENIED_NOUN = re.compile(r"\b(?:no|without|absence\s+of|absent|free\s+of|lack\s+of|neither|nor)\s+"
                          r"(?:[\w-]+\s+){0,2}$", re.I)
# A verb's denial before the compound ("did not potentiate morphine-induced constipation"): the clause's, not the
# compound's.
_VERB_DENIAL = re.compile(r"\b(?:not|n't|never|cannot)\b", re.I)
# "cisplatin-induced ", "statin-associated ": an agent's word, a hyphen and its relation before what it relates to.
_AGENT_MODIFIER = re.compile(r"(?<![\w-])(?P<agent>[A-Za-z][A-Za-z0-9]{2,})-(?P<relation>induced|caused|triggered|"
                             r"associated|related)\s+", re.I)
# A word before an agent that makes it the end of a longer name: "hepatitis C virus-", "Epstein-Barr virus-".
_NAME_GOES_ON = re.compile(r"(?:\b[A-Za-z0-9]|\b\w*[A-Z0-9]\w*[A-Z0-9][\w-]*|"
                           r"(?<=\w\s)[A-Z][a-z]+(?:-[A-Z][a-z]+)*)\s+$")
# "The (most common) cause of ", "A cardinal feature of ", "The most mutated gene in ", "The gene responsible for ":
# a noun that names a relation, opening a clause whose copula gives its other end (`inverted_copula`).
_INVERTED_OPENER = re.compile(r"\b(?:the|a|an|one\s+of\s+the|its|their)\s+(?:(?!(?:of|in|for|with|to|by|and|or|"
                              r"from|on|at)\b)[\w-]+\s+){0,3}?(?P<noun>causes?|"
                              r"features?|signs?|symptoms?|manifestations?|hallmarks?|characteristics?|genes?|"
                              r"treatments?|therap(?:y|ies))\s+"
                              r"(?P<gene_link>responsible\s+for\s+|mutated\s+in\s+)?(?:(?:of|in|for)\s+)?", re.I)
_COPULA_AFTER = re.compile(r"\s(?:is|are|was|were)(?P<denied>\s+(?:not|never))?(?:\s+(?:considered|thought|believed|"
                           r"found|shown|known)\s+to\s+be)?\s+", re.I)
_NO_COMPLEMENT = re.compile(r"(?:\w+ly\s+)?(?:similar|identical|comparable|related|different|distinct|like|unlike|"
                            r"those|that|unknown|unclear|uncertain|variable|diverse|heterogeneous)\b", re.I)
# What a treatment is when the words name no drug: a therapy, an operation, a transplant.
_THERAPY_WORD = re.compile(r"therap|treatment|surgery|surgical|\w+ectomy\b|transplant|irradiation|radiation", re.I)
MAX_INVERTED_WORDS = 8  # words between the opening noun and its copula: more is a clause, not the noun's object
# "with", "plus", "and" between a drug and a drug class: the class is another treatment, not the drug's own class
_PARTNER_BETWEEN = re.compile(r"\b(?:with|plus|and|or|versus|vs)\b", re.I)


def spelled_features(reading: SentenceReading) -> list[Triple]:
    """A condition has the features its name spells out (`_spelled_conditions`)."""
    found: list[Triple] = []
    for spelled in reading.spelled:
        for feature in spelled.features:
            triple = reading.triple(spelled.condition, "has_phenotype", feature, False)
            if triple is not None:
                found.append(triple)
    return found


def therapies_for(reading: SentenceReading) -> list[Triple]:
    """"Radiotherapy for Hodgkin disease is associated with ...", "cranial irradiation for leukemia": a therapy
    named by a bare noun phrase before "for" and the disease (or the people with it) treats that disease, whatever
    the clause then says of the therapy. A therapy after an article ("the standard chemotherapy for X", "an
    add-on therapy for X") is a predicate nominal or an appositive, read with its copula by the cues."""
    found: list[Triple] = []
    for match in _THERAPY_FOR.finditer(reading.text):
        if _THERAPY_BEFORE.search(reading.text, 0, match.start()) or reading.asked_at(match.start()):
            continue
        disease = next((m for m in reading.mentions if m.start == match.end()), None)
        if disease is None or reading.extractor.kind(disease.concept_ids[0]) not in ("Disease", "Phenotype"):
            continue
        therapy = Phrase(match.start(), match.end("therapy"), match.group("therapy"), None)
        if not names_an_entity(therapy.text):
            continue  # "therapy" alone: which therapy, the clause says elsewhere
        triple = reading.triple(therapy, "treats", Phrase(disease.start, disease.end, disease.text, disease), False)
        if triple is not None:
            found.append(triple)
    return found


def colon_lists(reading: SentenceReading) -> list[Triple]:
    """"Three primary symptoms associated with Triple A syndrome: A, B and C": a clause naming a disease's
    features, then a colon, then the list of them."""
    found: list[Triple] = []
    for colon in re.finditer(r":\s", reading.text):
        clause_start, _ = reading.clause_of(colon.start())
        before = reading.text[clause_start:colon.start()]
        parts = list(re.finditer(r"\b(?:" + "|".join(lx.PART_NOUNS) + r")\b", before, re.I))
        if not parts:
            continue
        diseases = [m for m in reading.mentions if clause_start <= m.start and m.end <= colon.start()
                    and reading.extractor.kind(m.concept_ids[0]) == "Disease"]
        part_start, part_end = clause_start + parts[-1].start(), clause_start + parts[-1].end()
        # (the disease and the part noun in one phrase, "symptoms associated with Triple A syndrome:", "the
        # features of X:", or the disease the clause's subject, "X is characterized by a triad of symptoms:";
        # not "women with breast cancer receiving D ... and the following pretreatment characteristics:", whose
        # list is the women's)
        subject = reading.clause_subject(clause_start, part_start)
        diseases = [m for m in diseases if len(re.findall(
            r"[\w-]+", reading.text[min(m.end, part_end):max(m.start, part_start)])) <= _PART_REACH
            or subject and subject[0].mention is m]
        if not diseases:
            continue
        _, end = reading.clause_of(colon.end())
        stop = lx.OBJECT_STOP.search(reading.text, colon.end(), end)
        for item in reading.phrases(colon.end(), stop.start() if stop else end):
            triple = reading.triple(Phrase(diseases[-1].start, diseases[-1].end, diseases[-1].text, diseases[-1]),
                                  "has_phenotype", item, False)
            if triple is not None:
                found.append(triple)
    return found


def gene_modifiers(reading: SentenceReading) -> list[Triple]:
    """"FBN1-related Marfan syndrome", "BRCA1-associated breast cancer": a gene named as the disease's
    modifier is its cause (a gene-disease claim)."""
    found: list[Triple] = []
    for gene, disease in zip(reading.mentions, reading.mentions[1:], strict=False):
        if reading.extractor.kind(gene.concept_ids[0]) != "Gene" or \
                reading.extractor.kind(disease.concept_ids[0]) != "Disease":
            continue
        modifier = lx.GENE_MODIFIER.fullmatch(reading.text[gene.end:disease.start])
        if modifier and "positive" not in modifier.group(0).lower():
            # "HER2-positive breast cancer" names a tumour's marker, not the cancer's cause.
            found.append(Triple(gene, "causes", disease, False, reading.hedged))
    return found


# "... susceptibility gene", "-predisposing gene", " risk genes", " candidate gene": the compound that names a gene by
# the disease written right before it ("the breast cancer susceptibility gene BRCA1", "schizophrenia risk genes")
_DISEASE_GENE = re.compile(rf"(?:\s+|-)(?:(?P<kind>{lx.GENE_COMPOUND_KINDS})\s+)?(?P<noun>genes?)\b"
                           r"(?:\s+\d{1,2}\b)?", re.I)
# ", the " right before a disease named as a gene's: an appositive of the gene before it ("WT1, the Wilms tumor gene")
_APPOSED_GENE = re.compile(r"\s*(?:\([^()]*\)\s*)?,\s+(?:the|a)\s+$", re.I)
# what joins the genes of a list the compound names ("genes, BRCA1 and BRCA2", "gene (WT1)", "gene BRCA1")
_GENE_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|/|\(\s*|\)\s*(?:,\s*)?(?:and\s+)?)\s*|\s+",
                            re.I)
# "G1 and G2 are also ", "G is a ", "G was identified as the ": a copula (or "as") before the compound's nominal
_GENE_NOMINAL = re.compile(r"\s+(?:(?:is|are|was|were)(?:\s+(?:not|also|\w+ly|identified\s+as|considered))*|as)"
                           r"\s+(?:(?:a|an|the|one)\s+)?(?:(?:new|novel|major|main|putative|likely|only|potential|"
                           r"first|second|strong|important)\s+)?$", re.I)


def disease_genes(reading: SentenceReading) -> list[Triple]:
    """"The breast and ovarian cancer susceptibility gene BRCA1", "the breast cancer-susceptibility genes, BRCA1 and
    BRCA2", "BCL11B and GATAD2A are also schizophrenia risk genes", "the role of the CDK4 gene as a
    melanoma-predisposing gene", "the Wilms tumor predisposition gene (WT1)", "WT1, the Wilms tumor gene", "the
    hereditary breast and ovarian cancer gene, BRCA1": a compound that names a gene by a disease (its gene, or its
    risk, susceptibility, predisposition, causative or candidate gene) relates the gene it names (after it, before
    it, or, for the qualified kinds, as a copula's subject) to that disease. A candidate is a hypothesis, so the
    claim is uncertain; "G is not a X risk gene" denies it."""
    found: list[Triple] = []
    for compound in _DISEASE_GENE.finditer(reading.text):
        disease = next((m for m in reading.mentions if m.end == compound.start()
                        and reading.extractor.kind(m.concept_ids[0]) in ("Disease", "Phenotype")), None)
        if disease is None:
            continue
        if reading.extractor.inheritance_id(disease.text) is not None:
            continue  # "an autosomal dominant gene": a mode, no disease
        genes = _genes_after(reading, compound.end())
        before = [m for m in reading.mentions if m.end <= disease.start]
        if not genes and before and reading.extractor.kind(before[-1].concept_ids[0]) == "Gene" and (
                re.fullmatch(r"\s+(?:(?:the|a|an)\s+)?", reading.text[before[-1].end:disease.start]) or
                _APPOSED_GENE.fullmatch(reading.text, before[-1].end, disease.start)):
            # "the BRCA1 breast and ovarian cancer susceptibility gene", "WT1, the Wilms tumor gene"
            genes = [before[-1]]
        nominal = _GENE_NOMINAL.search(reading.text, 0, disease.start) if not genes and compound.group("kind") \
            else None
        denied = False
        if nominal is not None:
            # "G1 and G2 are also X risk genes", "the CDK4 gene as a melanoma-predisposing gene"
            clause_start, _ = reading.clause_of(nominal.start())
            named = [p.mention for p in reading.clause_subject(clause_start, nominal.start())
                     if p.mention is not None]
            gene_word = [m for m in reading.mentions if clause_start <= m.start and m.end <= nominal.start()]
            named = named or gene_word[-1:]
            genes = [m for m in named if reading.extractor.kind(m.concept_ids[0]) == "Gene"]
            denied = bool(re.search(r"\bnot\b", nominal.group(0), re.I))
        uncertain = (compound.group("kind") or "").lower() == "candidate"
        for gene in genes:
            triple = reading.triple(Phrase(gene.start, gene.end, gene.text, gene), "associated_with",
                                    Phrase(disease.start, disease.end, disease.text, disease), denied)
            if triple is not None:
                found.append(replace(triple, uncertain=True) if uncertain else triple)
    return found


def _genes_after(reading: SentenceReading, position: int) -> list[LinkedMention]:
    """The gene mentions listed right after `position`: "BRCA1", ", BRCA1 and BRCA2", "(WT1)"."""
    genes: list[LinkedMention] = []
    for mention in reading.mentions:
        if mention.start < position:
            continue
        if not _GENE_LIST_GAP.fullmatch(reading.text, position, mention.start) or \
                reading.extractor.kind(mention.concept_ids[0]) != "Gene":
            break
        genes.append(mention)
        position = mention.end
    return genes


def agent_modifiers(reading: SentenceReading) -> list[Triple]:
    """"cisplatin-induced nephrotoxicity", "statin-associated myopathy": an agent joined by a hyphen to what it
    induces or is associated with, named before a linked finding or disease, states that relation (a drug's
    is its adverse effect, read by the verdicts). The agent is the one word before the hyphen: a concept, or a
    word that names a term (a drug's stem, a rare word); "exercise-induced asthma" names a condition, and
    "exercise" is everyday English. A finding the linker reads as denied denies the relation when the denial
    is of the compound itself ("no cisplatin-induced ...", "... was not observed"), not when it is of a verb
    before it ("did not potentiate morphine-induced constipation": the compound is given)."""
    found: list[Triple] = []
    for match in _AGENT_MODIFIER.finditer(reading.text):
        target = next((m for m in reading.mentions if m.start == match.end()), None)
        if target is None or reading.extractor.kind(target.concept_ids[0]) not in ("Disease", "Phenotype"):
            continue
        agent_start, agent_end = match.span("agent")
        linked = next((m for m in reading.mentions if m.start <= agent_start and agent_end <= m.end), None)
        if linked is not None and reading.extractor.kind(linked.concept_ids[0]) == "Gene":
            continue  # a gene's modifier is read by `gene_modifiers`
        agent: LinkedMention | str = linked if linked is not None else match.group("agent")
        if isinstance(agent, str) and (not reading.extractor.is_technical(agent) or
                                       _NAME_GOES_ON.search(reading.text, 0, agent_start)):
            continue  # "age-related", "dose-related"; "hepatitis C virus-related": not the one word
        causal = match.group("relation").lower() in ("induced", "caused", "triggered")
        # (a drug's associated finding is its adverse effect too: "statin-associated myopathy")
        predicate = "causes" if causal else "causes_adverse_effect" if isinstance(agent, str) and \
            is_drug_name(agent) else "associated_with"
        # The compound names its relation as given: only a denial of the compound itself ("no cisplatin-induced
        # nephrotoxicity") denies it, not the clause's verb ("did not potentiate morphine-induced constipation").
        clause_start, _ = reading.clause_of(agent_start)
        denied = target.negated and (_DENIED_NOUN.search(reading.text, 0, agent_start) is not None or
                                     _VERB_DENIAL.search(reading.text, clause_start, agent_start) is None)
        found.append(Triple(agent, predicate, target, denied, reading.hedged or target.uncertain))
    return found


def inverted_copula(reading: SentenceReading) -> list[Triple]:
    """"The main features of X are A and B", "The most common cause of X is Y", "The most mutated gene in X is
    G", "The best treatment for X is D": the relation is named by the noun that opens the clause, and the copula's
    complement is its other end (features: X has them; a cause: it causes X; a gene mutated in or responsible for
    X: the gene-disease relation; a treatment: a drug or therapy that treats X). "is not" denies it."""
    found: list[Triple] = []
    for opener in _INVERTED_OPENER.finditer(reading.text):
        clause_start, clause_end = reading.clause_of(opener.start())
        if lx.INTRODUCTORY.sub("", reading.text[max(clause_start, reading.body_start):opener.start()]).strip(" ,"):
            continue  # the noun phrase must open its clause ("Yes, the ..." does)
        noun = opener.group("noun").lower()
        if noun.startswith("gene") and not (opener.group("gene_link") or
                                            re.search(r"\b(?:mutated|causative)\b", opener.group(0), re.I)):
            continue  # "the gene in X is ...": no relation named
        copula = _COPULA_AFTER.search(reading.text, opener.end(), clause_end)
        if copula is None or any(c.start < copula.start() and c.end > opener.end() for c in reading.cues()) or \
                len(TOKEN.findall(reading.text[opener.end():copula.start()])) > MAX_INVERTED_WORDS:
            continue
        if _NO_COMPLEMENT.match(reading.text, copula.end()) or reading.asked_at(copula.start()):
            continue  # "are similar to those of Y", "is unknown": a comparison or a quality, not the other end
        named = [p for p in reading.phrases(opener.end(), copula.start()) if p.mention is not None]
        complements = reading.object_list(copula.end(), clause_end)
        negated = bool(copula.group("denied"))
        for condition in named[:1]:
            for complement in complements:
                if noun.startswith("cause"):
                    triple = reading.triple(complement, "causes", condition, negated)
                elif noun.startswith(("treatment", "therap")):
                    # "The current best treatment for X is combination therapy with A and B": a drug or a therapy
                    # treats X ("the treatment of X is difficult" names none)
                    if not (reading.is_drug(complement) or _THERAPY_WORD.search(complement.text)):
                        continue
                    triple = reading.triple(complement, "treats", condition, negated)
                elif noun.startswith("gene"):  # "responsible for" is causal; "mutated in" an association
                    responsible = (opener.group("gene_link") or "").lower().startswith("responsible")
                    triple = reading.triple(complement, "causes" if responsible else "associated_with", condition,
                                          negated)
                else:
                    triple = reading.triple(condition, "has_phenotype", complement, negated)
                if triple is not None:
                    found.append(triple)
    return found


# ") antibody figitumumab", " inhibitor erlotinib": a drug-class noun and the one word that names the drug after it
# (or in a bracket right after it: "anti-CD20 antibodies (rituximab, ocrelizumab, and ofatumumab)")
_DRUG_AFTER_CLASS = re.compile(lx.TARGET_NOUN.pattern + r"\s+(?P<open>\(\s*)?(?P<drug>[A-Za-z][\w-]{3,})\b", re.I)
# " (LGX818) or encorafenib", ", dabrafenib and": the next drug of such a list
_NEXT_DRUG = re.compile(r"(?:\s*\([^()]{1,20}\))?\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
                        r"(?P<drug>[A-Za-z][\w-]{3,})\b", re.I)


def nominal_targets(reading: SentenceReading) -> list[Triple]:
    """"D is a dual FLT3/AXL inhibitor", "an anti-PD-L1 antibody": the gene products named before (or after
    "anti-") a drug-class noun are what the clause's subject targets, or the drug named right after that noun ("the
    anti-IGF1R antibody figitumumab")."""
    found: list[Triple] = []
    consumed: set[int] = set()
    for index, mention in enumerate(reading.mentions):
        if index in consumed:
            continue
        chain = [mention]
        for later in reading.mentions[index + 1:]:  # "FLT3/AXL inhibitor": the chain ends at the class noun
            gap = reading.text[chain[-1].end:later.start]
            if not re.fullmatch(r"\s*(?:/|,|and|or)\s*", gap):
                break
            chain.append(later)
        after = reading.text[chain[-1].end:]
        anti = re.search(r"\banti-?\s*$", reading.text[:mention.start], re.I)
        if not (lx.TARGET_NOUN.match(after) or anti):
            continue
        consumed.update(range(index, index + len(chain)))
        named = _DRUG_AFTER_CLASS.match(after)
        position = chain[-1].end + named.start("drug") if named is not None else -1
        bracketed = named is not None and named.group("open") is not None
        drugs_named = 0
        while named is not None:
            # "the anti-IGF1R antibody figitumumab", "the BRAF inhibitors vemurafenib or encorafenib": the drugs
            # named right after their class noun are what targets the chain
            drug = Phrase(position, position + len(named.group("drug")), named.group("drug"), None)
            if not reading.is_drug(drug):
                break
            found += [Triple(drug.end_value, "targets", target, False, reading.hedged) for target in chain]
            drugs_named += 1
            named = _NEXT_DRUG.match(reading.text, drug.end)
            position = named.start("drug") if named is not None else -1
        if bracketed and drugs_named:
            # the class's drugs are named in its bracket; the clause's subject is not one of them (a bracket that
            # names no drug, "an anti-FBN1 antibody (IgG1)", leaves the subject its target)
            continue
        clause_start, _ = reading.clause_of(mention.start)
        for subject in reading.clause_subject(clause_start, mention.start):
            said_of = _TARGET_NOMINAL.fullmatch(reading.text, subject.end, chain[0].start) is not None or \
                (anti is not None and _TARGET_NOMINAL.fullmatch(reading.text, subject.end, anti.start()) is not None)
            partner = _PARTNER_BETWEEN.search(reading.text, subject.end, chain[0].start)
            if not (said_of or partner is None and reading.drug_targeting(
                    subject, Phrase(chain[0].start, chain[0].end, chain[0].text, chain[0]))):
                # "lack of B-lymphocytes ..., BTK inhibitors were ...": not said of that subject; nor "D in
                # patients previously treated with chemotherapy and EGFR inhibitors": another drug class
                continue
            for target in chain:
                if subject.mention is None or subject.mention.concept_ids != target.concept_ids:
                    found.append(Triple(subject.end_value, "targets", target, False, reading.hedged))
    return found + _unlinked_targets(reading)


def _unlinked_targets(reading: SentenceReading) -> list[Triple]:
    """"Anifrolumab is a type I interferon (IFN) receptor antagonist", "Durvalumab is an anti-PDL-1 antibody":
    a target the graph lacks, named between a drug's predicate nominal (or appositive) article and its drug-class
    noun. Only for a subject that reads as a drug, and only the words left once the nominal's descriptors
    ("a new", "a highly selective", "anti-", "monoclonal") are set aside; a nominal holding a linked mention is
    `nominal_targets`'s, and one that is nothing but descriptors ("a humanized monoclonal antibody") names no
    target."""
    found: list[Triple] = []
    for noun in _TARGET_CLASS.finditer(reading.text):
        clause_start, _ = reading.clause_of(noun.start())
        for subject in reading.clause_subject(clause_start, noun.start()):
            opening = _TARGET_OPENING.match(reading.text, subject.end, noun.start())
            if opening is None or not reading.is_drug(subject):
                continue
            # (an antibody's isotype is its form, not its target: "a fully human IgG1 monoclonal antibody")
            nominal = _ISOTYPE.sub(lambda m: " " * len(m.group(0)), reading.text[opening.end():noun.start()])
            words = list(re.finditer(r"\S+", nominal))
            while words and _TARGET_DESCRIPTOR.fullmatch(words[0].group(0)):
                words.pop(0)
            while words and _TARGET_DESCRIPTOR.fullmatch(words[-1].group(0)):
                words.pop()
            if not words or len(words) > _TARGET_WORDS or any(
                    w.group(0).lower() in _NOT_IN_TARGET or _TARGET_CLASS.fullmatch(w.group(0)) for w in words):
                continue  # "a humanized monoclonal antibody that acts as post-attachment inhibitor": a clause
            start, end = opening.end() + words[0].start(), opening.end() + words[-1].end()
            anti = re.match(r"anti(?:-|\s+)", reading.text[start:end], re.I)
            start += anti.end() if anti else 0
            if start >= end or any(m.start < end and start < m.end for m in reading.mentions):
                continue
            found.append(Triple(subject.end_value, "targets", reading.text[start:end], False, reading.hedged))
    return found
