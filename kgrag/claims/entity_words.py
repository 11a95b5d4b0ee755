"""Whether a phrase's words name an entity, and the word tests every claim reader shares.

A claim end the graph lacks is shown to a clinician only when its words could name something (`names_an_entity`): a
few words, at least one of them neither a function word, a generic noun nor a number, and not a measure ("neonatal
morbi-mortality rate"), a place, a person, a study or a clause fragment ("surgery) to test the hypothesis"). These
tests read words only, with no sentence structure and no graph, so they live apart from the sentence reading
(`kgrag.claims.extraction`) and the category, inheritance and phrase-form readers use them alike.

Word lists written by hand rather than a library's: no maintained English parser with a model installs offline here
(README, claims section); each list's comment names the kind of real sentence it answers.
"""

from __future__ import annotations

import re

from kgrag import lexicon as lx
from kgrag.claims.terms import defines_a_short_form, head_word, is_everyday_english, is_organism_name, organism_end
from kgrag.linking.dictionary import DISEASE_MODIFIERS

# "the constellation of five hallmarks", "a triad of signs": a group of a disease's parts, not one of them
_GROUP_OF_PARTS = re.compile(r"(?:(?:the|a|an)\s+)?(?:constellation|combination|cluster|set|group|triad|tetrad)\s+of\s+"
                             r"(?:[\w-]+\s+){0,2}(?:" + "|".join(sorted(lx.PART_NOUNS | {"hallmarks", "signs"}))
                             + r")", re.I)
# A place's generic head ("other oral sites", "the affected area"): where something is, no entity of the graph.
_PLACE_NOUNS = frozenset("site sites area areas location locations".split())
# Words that only rank or qualify a disease's parts ("the primary symptoms", "its cardinal features").
_PART_MODIFIERS = frozenset("primary principal cardinal key typical classic classical characteristic prominent leading "
                            "main major common clinical".split())
# A word as the tests count words: hyphens, apostrophes, dots and slashes inside it keep it one ("IL-6", "p.Val7Met").
TOKEN = re.compile(r"\w+(?:[-'./+]\w+)*", re.UNICODE)
MAX_DEFINED_NAME_WORDS = 12  # a name the author gives a short form in brackets may be long
# A clause's verb after its subject ("SATB2 cause a syndrome"): a phrase holding one is a clause, not a name.
SUBJECT_VERB = re.compile(rf"\s(?:{lx.AUX}|cause[sd]?|lead|leads|result|results|show|shows|include|includes|"
                          rf"inhibits?|targets?|treats?|fail(?:s|ed)?)\b", re.I)
# The plural class nouns ("disorders", "syndromes"), as one alternation for the patterns built on them.
PLURAL_CLASS = "|".join(sorted(noun for noun in lx.CLASS_NOUNS if noun.endswith("s")))
# Endings that make an adjective, which may modify a class noun before a comma ("a rare, autosomal recessive").
_ADJECTIVE_END = re.compile(r"(?:al|ic|ive|ous|ary|ant|ent|ile|ed|ing|ar)$", re.I)
# Nouns that name a relation, not an entity: "a cause of X", "a predictor of Y".
_RELATION_HEADS = frozenset("cause causes reason reasons contributor contributors determinant determinants predictor "
                            "predictors".split())
# "in vivo", "in vitro": where an experiment was done.
_LATIN_ADVERBIAL_HEADS = frozenset("vivo vitro situ silico utero ovo".split())
# "other / various / a single ... features": parts counted or set apart, not named ("ocular symptoms" is named);
# a tuple, in the order the patterns built from it try them.
QUANTIFIERS_WORDS = ("other", "another", "various", "diverse", "several", "many", "some", "additional", "single",
                     "multiple", "certain", "different", "similar", "such", "numerous")
# A bracketed aside that ends a phrase ("(37.5%)", "(LINC-PINT)").
_TRAILING_ASIDE = re.compile(r"\s*\([^()]*\)$")
# A list item's enumerator: "1) ", "(ii) ", "b) ".
_ENUMERATOR = re.compile(r"^(?:\(?(?:\d{1,2}|[ivx]{1,4}|[a-h])\))\s+")
# "infection with Capillaria hepatica", "infections by Borrelia": what an infection is named by.
_INFECTION_WITH = re.compile(r"(?:(?:an?|the)\s+)?(?:co-?)?infections?\s+(?:with|by|due\s+to)\s+", re.I)
# Nouns an organism's description may open with before its taxon ("viruses in the family Paramyxoviridae").
_ORGANISM_NOUNS = frozenset("virus viruses bacterium bacteria member members strain strains species".split())
# A bare generic word for what was named before ("the drug may be associated with ..."): it refers, it names nothing.
_REFERRING_NOUNS = frozenset("drug drugs agent agents compound compounds medication medications substance substances "
                             "molecule molecules".split())
# The words of a mode of inheritance, which describe a class without narrowing it ("an autosomal dominant
# neurodegenerative disease" is still a neurodegenerative disease)
_INHERITANCE_WORDS = frozenset("autosomal dominant recessive x-linked y-linked mitochondrial dominantly "
                               "recessively".split())
# One person ("a 1-year-old female presented with ..."): who has a finding, never a claim end.
PERSON_NOUNS = frozenset("patient individual person subject proband child infant newborn neonate baby toddler "
                         "adolescent teenager adult woman man boy girl female male".split())
# Adverbs that open a clause's consequence ("hence increased morbidity rate").
_CLAUSE_ADVERBS = frozenset("hence thus therefore consequently thereby whereas".split())
# What a gene makes ("an inactive protein"): no effect and no condition of the graph.
GENE_PRODUCTS = frozenset("protein proteins enzyme enzymes product products transcript transcripts mrna mrnas "
                          "peptide peptides isoform isoforms".split())
QUANTIFIERS = frozenset(QUANTIFIERS_WORDS)
# Counts written as words ("two diseases"): a group's size, no name.
NUMBER_WORDS = frozenset("two three four five six seven eight nine ten".split())
# A dose's unit ("mg/m2", "mg/kg"): an amount, no entity.
_DOSE = re.compile(r"\b(?:mg|mcg|µg|ng|pg|g|ml|mmol|µmol|nmol|iu|u)/(?:ml|l|dl|kg|m2|m\(2\)|day|d|h|min)?", re.I)
_ADVERB = re.compile(r"^[a-z]+(?:al|ive|ous|ful|ate|nt|ed|ib|ab|ic)ly$")  # "anatomically", "frequently"
NAMED_GROUPS = frozenset({"triad", "tetrad"})  # "Saint's triad", "Hakim triad": names, unlike "features"
_MODE_WORDS = frozenset({"inheritance", "transmission"})  # with no mode named, no claim end
# A phrase that opens with a preposition ("at the end of 1998") is an adjunct; one whose first word past its article
# points back ("Similar defects", "comparable functions", "the same allele") names what another phrase did.
_NOT_A_NAME_START = frozenset({"as", "for", "with", "by", "from", "than", "via", "like", "unlike", "at", "during",
                               "after", "before", "until", "upon", "within", "without", "throughout", "across",
                               "despite", "among", "between", "into", "toward", "towards", "beyond",
                               # participles used as prepositions: "excluding fatalities", "regarding safety"
                               "excluding", "including", "regarding", "concerning", "considering", "using",
                               "following", "according", "compared", "versus"})
# (the words that point back, see above)
_POINTING_BACK = frozenset({"similar", "comparable", "such", "same", "identical", "analogous", "corresponding",
                            # "all mentioned conditions", "the aforementioned disorders", "the above diseases"
                            "mentioned", "aforementioned", "above", "above-mentioned", "abovementioned",
                            "aforesaid"})
# The words a study's result opens with ("a statistically significant decrease in ...", "irrespective of ...").
_RESULT_WORDS = frozenset("significant significantly statistically markedly numerically irrespective".split())
# ... and the adverbs that grade a result anywhere in the phrase ("X administration significantly reduces Y").
_RESULT_ADVERBS = frozenset("significantly statistically markedly numerically".split())
# Verbs in the third person that open a clause's predicate, never a name ("prevents AR nuclear translocation").
_CLAUSE_VERBS = frozenset("prevents inhibits blocks binds reduces increases decreases induces promotes enhances "
                          "activates suppresses regulates modulates mediates encodes leads results".split())
# Third-person verbs that are no plural nouns: inside a phrase they make it a clause.
_FINITE_VERBS = frozenset("involves includes affects requires contains represents remains becomes occurs appears "
                          "exhibits progresses persists develops worsens".split())
# Words that open a subordinate clause ("Although the origin ...").
_SUBORDINATORS = frozenset("although though while whereas since because unless if when whether".split())
# What a study is and what it counts: "hypothesis-generator study", "does not improve ORR, PFS and OS".
_STUDY_NOUNS = frozenset("study studies trial trials analysis analyses report reports result results data review "
                         "cohort series literature line lines "  # "a B-NHL cell line"
                         # a trial's endpoints ("does not improve ORR, PFS and OS") and its animals
                         "os pfs orr dfs efs rfs ttp dcr mice rats littermates animals dogs monkeys".split())
# What a study does ("Isolation of molecular probes associated with X", "the distinction between the two fragile
# sites"): an activity, not an entity, when it heads a phrase the graph lacks.
_ACTIVITY_NOUNS = frozenset("isolation identification detection distinction characterization characterisation "
                            "cloning mapping comparison measurement assessment evaluation examination investigation "
                            "determination".split())
# The bare verbs of an aim or a finding ("To determine the ...", "... and define a new disorder"): before a
# determiner they open a clause.
_STUDY_VERBS = frozenset("determine define identify investigate assess evaluate examine compare characterize "
                         "characterise explore establish elucidate describe demonstrate confirm".split())
# Words that grade a quantity ("reduced activity", "increased levels"): with only a generic noun after them, no name
# ("reduced vision" names a finding by its noun).
_GRADING = frozenset("reduced increased decreased elevated raised lowered low high higher lower impaired enhanced "
                     "diminished".split())
_SUPERLATIVE = re.compile(r"[a-z]{3,}est|best|most|least", re.I)  # "rarest", "commonest", "earliest"
_PERSONAL = frozenset("they them we us he she him you others there".split())  # pronouns for people or things
# (and "there", which opens a clause: "these drugs in their package inserts there is only one report")
# A lone adjective ("renal" of "renal and gonadal development", a sentence's "Phenotypic", "neuromuscular" of "the
# neuromuscular and hematopoietic systems") names nothing: these endings make adjectives of nouns, and the nouns that
# share them ("arsenic", "metal", a short "molar") are rare as claim ends.
_ADJECTIVE = re.compile(r"^[A-Za-z][a-z-]*(?:al|ic|ous|ive|able|ible)$|^[A-Za-z][a-z-]{3,}ar$")
# What opens the examples after a phrase: ", such as", " including".
EXAMPLES = re.compile(r"(?:\s*\([^()]*\))?\s*,?\s*(?:such\s+as|including|e\.g\.,?)\s+", re.I)
# The carrier nouns as one alternation, for the patterns that open with or end in one
CARRIER_WORDS = "|".join(sorted(lx.CARRIER_NOUNS))
# A change in a sequence ("a serine-to-leucine substitution", "a null allele", "RFLP haplotype 3"): what a gene's
# variant is or is found with, never its effect (as a subject, "the TNFR2 196R allele is associated with SLE", it
# is the variant the claim is about).
SEQUENCE_HEADS = frozenset("substitution substitutions transition transitions transversion transversions allele "
                           "alleles haplotype haplotypes truncation truncations frameshift frameshifts exon exons "
                           "intron introns codon codons".split())


# A verb phrase: a gerund before a particle or a determiner ("pressing down the object"), a past tense that is
# never an adjective ("received", "underwent": "She ... and received exogenous estrogens"), or any word in -ed right
# before a determiner ("supported his findings": an adjective comes after the determiner, never before it).
_VERB_PHRASE = re.compile(r"[a-z]+ing\s+(?:(?:down|up|out|off|away)\s+)?(?:the|a|an|its|their|this|these|his|her)\s|"
                          r"(?:received|underwent|presented|experienced|took)\s|"
                          r"[a-z]+ed\s+(?:the|a|an|its|their|this|these|his|her|our)\s", re.I)


# A word in -s right before an article: a verb and its object ("Nicotine activates the ...",
# "adds another layer", "demonstrates how genetic mutations"), which no noun phrase writes (a plural noun is not
# followed by an article, a possessive or a question word).
_VERB_AND_OBJECT = re.compile(r"(?:^\s*|(?<=\w)\s+)([a-z]+s)(?<!ss)(?<!us)(?<!is)\s+(?:the|a|an|another|this|these|its|"
                              r"their|his|her|our|how|whether|why)\s")
_S_WORDS_NOT_VERBS = frozenset("towards afterwards besides whereas thus its his hers ours yours".split())
# Verbs in -s that are never nouns ("This includes avoiding excessive sugar consumption", "Loss of X refers"): a
# phrase holding one is a clause cut at the wrong place, not a name ("remains" and "means" are nouns too).
_FINITE_ONLY = frozenset("includes refers involves contains requires describes represents seems appears becomes "
                         "occurs consists depends belongs exists".split())
# Adjectives said of a noun with a preposition after them ("latent within", "resistant to", "positive for"): a phrase
# they open describes something named before it.
_PREDICATIVE = frozenset("latent resistant positive negative dependent sensitive refractory prone susceptible "
                         "responsible present absent unresponsive intolerant".split())


def names_an_entity(words: str) -> bool:
    """Words that can name an entity the graph lacks: a few words, at least one of them neither a function word,
    a generic noun nor a number."""
    tokens = TOKEN.findall(words)
    # A long name the author defines a short form for ("long intergenic non-coding RNA p53-induced transcript
    # (LINC-PINT)"), but not a description with a preposition ("an antibody against B lymphocyte stimulator (BLyS)").
    defined = defines_a_short_form(words) and not any(t.lower() in lx.PREPOSITIONS for t in tokens)
    longest = MAX_DEFINED_NAME_WORDS if defined else 6
    named = TOKEN.findall(_TRAILING_ASIDE.sub("", words.rstrip()))  # the name without its short form
    if not tokens or len(named) > longest or re.search(r"[\"{}<>=_]", words) or words.count("[") != words.count("]"):
        return False  # too long to be a name, or markup and identifiers ("answer_choice"), not prose
    closed = lx.DETERMINERS | lx.PREPOSITIONS | lx.CONJUNCTIONS | lx.AUXILIARIES | lx.PRONOUNS | lx.GENERIC_NOUNS \
        | lx.DESCRIPTIVE | lx.RELATIVES | lx.NEGATORS | lx.HEDGES | lx.DISCOURSE | QUANTIFIERS | NUMBER_WORDS | _GRADING
    content = [t for t in tokens if t.lower() not in closed and not t.replace(".", "").isdigit()]
    if not content or _DOSE.search(words):
        return False  # "Three", "Six (12%)", "mg/m2", "0.015-4.0 mg/kg body wt": a count or a dose, not an entity
    if len(tokens) == 1 and tokens[0].lower() in _REFERRING_NOUNS:
        return False  # "the drug may be associated with endometrial cancer", "no agent has shown": who is unsaid
    if tokens[0].lower() in QUANTIFIERS and head_word(words).lower() in _REFERRING_NOUNS:
        return False  # "caffeine and another anxiogenic drug, pentylenetetrazole": which drug, a name says
    if len(content) == 1 and tokens[0].lower() == "the" and _SUPERLATIVE.fullmatch(content[0]):
        return False  # "One of the rarest is ...": a ranking, the noun it ranks is elsewhere
    if tokens[0].lower() in _CLAUSE_ADVERBS:
        return False  # "hence increased morbidity rate": a clause's consequence, not a name
    if len(tokens) > 2 and tokens[0].lower() in _PREDICATIVE and tokens[1].lower() in lx.PREPOSITIONS:
        return False  # "HSV-1, latent within the geniculate ganglion", "resistant to imatinib": said of a noun
    if _VERB_PHRASE.match(words.strip()) or any(m.group(1).lower() not in _S_WORDS_NOT_VERBS
                                                 for m in _VERB_AND_OBJECT.finditer(words)):
        # "pressing down the object", "received exogenous estrogens", "Nicotine activates the sympathetic nervous
        # system": a verb and its object, not a name
        return False
    if _ADVERB.match(tokens[0]) and (len(tokens) == 1 or tokens[1].lower() in lx.DETERMINERS):
        return False  # "anatomically", "postoperatively a hepatic insufficiency syndrome": a clause's adverb
    if tokens[-1].lower() in lx.CONJUNCTIONS or any(t.lower() in _FINITE_ONLY for t in tokens):
        return False  # "It's often associated with androgens but": a clause cut at its conjunction or its verb
    if tokens[0].lower().split("'")[0] in lx.PRONOUNS or tokens[-1] in lx.PRONOUNS or \
            any(t.lower() in lx.RELATIVES | lx.AUXILIARIES | _PERSONAL for t in tokens):
        # "it", "... that binds", "... is increased", "at least two of them", "a deficiency in one" (but "type I"):
        # a clause, not a name
        return False
    head = head_word(words).lower()
    if head in lx.ATTRIBUTE_NOUNS or head in _MODE_WORDS:
        return False  # "worse prognosis", "actin polymerization", "a pattern of inheritance" (no mode): not an entity
    if head in _RELATION_HEADS:
        return False  # "the most common cause of chondrodysplasia": a relation's noun, what it relates is named apart
    if head in _LATIN_ADVERBIAL_HEADS:
        return False  # "in vivo", "in vitro": where an experiment was done, not an entity
    if head in ("phenotype", "phenotypes"):
        return False  # "a variable clinical phenotype", "a temperature sensitive phenotype": how a condition shows
    if _GROUP_OF_PARTS.fullmatch(words.strip()):
        return False  # "the constellation of five hallmarks": what the list after it names
    if head in _PLACE_NOUNS or head in ("region", "regions") and len(content) == 1:
        # "the tongue or other oral sites", "5q31.2, a region implicated in X": where, not what ("chromosome region
        # 15q11-13" names one)
        return False
    if head in lx.PART_NOUNS - NAMED_GROUPS and all(
            t.lower() in closed | _PART_MODIFIERS or t.lower() == head for t in content):
        return False  # "Three primary symptoms associated with X": a disease's parts, which the list names
    if head in NAMED_GROUPS and all(t.islower() for t in content):
        return False  # "a symptomatic triad: ...": a group the list names ("Saint's triad", "Hakim triad" are names)
    opening = next((t.lower() for t in tokens if t.lower() not in lx.DETERMINERS), "")
    if tokens[0].lower() in _NOT_A_NAME_START or opening in _POINTING_BACK:
        return False  # "as a biomarker for psychosocial stress", "the same allele": an aside or a reference back
    if tokens[0].lower() in _RESULT_WORDS or any(t.lower() in _RESULT_ADVERBS for t in tokens):
        return False  # "significantly longer PFS", "X administration significantly reduces Y": a result, no entity
    if tokens[0].lower() in _CLAUSE_VERBS:
        return False  # "prevents AR nuclear translocation": a verb's phrase, not a name
    if any(t.lower() in _FINITE_VERBS for t in tokens[1:]):
        return False  # "condition involves premature brain development": a clause, not a name
    if tokens[0].lower() in _SUBORDINATORS:
        return False  # "Although the origin": a subordinate clause, not a name
    if _ADJECTIVE.match(tokens[-1]) and (len(tokens) == 1 or tokens[-1].islower()):
        return False  # "renal" of "renal and gonadal development", "up to 30 structural": an adjective, no noun
    if head in lx.PATIENT_NOUNS | PERSON_NOUNS | _STUDY_NOUNS | _ACTIVITY_NOUNS:
        return False  # "Patients on AIs", "hypothesis-generator study", "Isolation of probes": people or a study
    if tokens[-1].lower() in lx.PREPOSITIONS | lx.DETERMINERS | {"to", "and", "or"} or words.rstrip().endswith("-"):
        return False  # "mutations in", "failed to demonstrate an", "course and", "Signal-": cut off, not a name
    if len(tokens) > 1 and (tokens[0].lower().endswith("ing") or tokens[0].lower() in _STUDY_VERBS) and \
            tokens[1].lower() in lx.DETERMINERS:
        return False  # "connecting the network", "determine the enzymatic activities": a clause, not a name
    # A verb-like last word ("... is increased") marks a clause fragment, not a name.
    return not re.search(r"(?:ed|ing)$", tokens[-1], re.I) or tokens[-1][0].isupper()


def trimmed(words: str) -> str:
    """An item's words without the punctuation around them, keeping a bracket that closes one opened inside:
    "transcript (LINC-PINT)" keeps its short form, "(hemophilia B" and "X)" lose the stray bracket."""
    words = _ENUMERATOR.sub("", words.strip(" ,.\"'[]"))  # "1) administration of rhIGF-I", "(ii) the ..."
    while words:
        opened, closed = words.count("("), words.count(")")
        if words[0] == "(" and opened > closed:
            words = words[1:]
        elif words[-1] == ")" and closed > opened:
            words = words[:-1]
        else:
            break
        words = words.strip(" ,.\"'[]")
    aside = _TRAILING_ASIDE.search(words)
    if aside is not None and not defines_a_short_form(words):  # "(in 90 per cent)", "(37.5%)": no part of it
        words = words[:aside.start()].rstrip(" ,")
    return words


def organism_named(words: str) -> str | None:
    """The organism an unlinked item names, up to the end of its name (`organism_end`): "infection with Capillaria
    hepatica in human liver" -> "Capillaria hepatica", "viruses in the family Paramyxoviridae" whole; None when the
    item does not open with one ("caused by Streptobacillus moniliformis" is a participle's phrase) or names the
    infection ("Cytomegalovirus infections")."""
    infection = _INFECTION_WITH.match(words)
    named = re.sub(r"^(?:a|an|the)\s+", "", words[infection.end():] if infection is not None else words, flags=re.I)
    first = TOKEN.match(named)
    if first is None or not (first.group(0)[0].isupper() or first.group(0).lower() in _ORGANISM_NOUNS
                             or is_organism_name(first.group(0))):
        return None  # (checked first: most items open with no organism, and the word-frequency test is dearer)
    end = organism_end(named)
    return named[:end] if end is not None else None


def is_adjective(word: str) -> bool:
    """A word that can modify a class noun before a comma: a descriptive word or an adjective ending ("rare",
    "autosomal", "progressive"); "inhibitor," ends a noun phrase."""
    return word.lower() in lx.DESCRIPTIVE or bool(_ADJECTIVE_END.search(word))


# Words a list item may hold before a name that modify nothing: a denial or a coordinator ("but not HTT").
_NOT_MODIFIERS = frozenset({"not", "no", "non", "but", "and", "or", "nor", "either", "neither"})


def narrower_words(words: str, name: str) -> bool:
    """Whether `words` say more than the linked `name` they end in: a word before it that is no description and no
    article ("malignant mesothelial cancer" around "cancer"; not "a rare cancer")."""
    if not words or not words.lower().endswith(name.lower()):
        return False
    opening = words[:len(words) - len(name)]
    before = re.findall(r"[\w-]+", opening)
    if re.search(r"[.;:()]", opening) or any(w.lower() in lx.PREPOSITIONS | {"that", "which", "who"} for w in before):
        return False  # "the locus for X", "patients with features of X": X with a phrase around it, no modifier
    if SUBJECT_VERB.search(" " + opening):
        return False  # "cause Huntington's disease": a verb and its object, no modifier
    plain = lx.DESCRIPTIVE | lx.DETERMINERS | _INHERITANCE_WORDS | DISEASE_MODIFIERS | _NOT_MODIFIERS
    return any(w.lower() not in plain and not w.lower().endswith("ly") for w in before)


def class_head(text: str) -> str | None:
    """The class noun a name ends in ("disorders" of "autoimmune disorders"), lower-cased; None if it ends in none."""
    words = re.findall(r"[\w-]+", text)
    return words[-1].lower() if words and words[-1].lower() in lx.CLASS_NOUNS else None


def plural_class(text: str) -> bool:
    """A name that ends in a plural class noun ("autoimmune disorders"): what an "including" list after it names
    are its members, not its features."""
    head = class_head(text)
    return head is not None and head.endswith("s")


def drug_class_head(word: str) -> bool:
    """A drug class's head noun ("an oral tyrosine kinase inhibitor"): the lexicon's drug-class nouns
    (`lexicon.TARGET_NOUN`), or "drug" itself; what a drug is, never a disease's effect."""
    return lx.TARGET_NOUN.fullmatch(word) is not None or word.lower() in ("drug", "drugs")


def proper_name(text: str) -> bool:
    """A phrase written as a name: capitalized, or holding a symbol ("Human toxocariasis", "SFTS")."""
    stripped = text.strip()
    return bool(stripped) and (stripped[0].isupper() or any(ch.isdigit() for ch in stripped))


def without_section_label(text: str) -> str:
    """The text with a structured abstract's leading section label ("RESULTS  ", "MATERIALS AND METHODS:")
    blanked, so offsets stay valid: a label is no part of the sentence, and read as one it became a claim end
    ("retinitis pigmentosa has phenotype BACKGROUND"). Its words must be everyday English, so a symbol written in
    capitals before a colon ("UKCCCR: ...") stays."""
    label = lx.SECTION_LABEL.match(text)
    if label is None:
        return text
    words = (label.group("label") or label.group("spaced")).split()
    if not any(len(word) >= 4 for word in words) or not all(is_everyday_english(w) for w in words if w != "&"):
        return text
    return " " * label.end() + text[label.end():]


def in_brackets(text: str, position: int) -> bool:
    """Whether `position` is inside an open bracket: "Wolfram syndrome (WFS; OMIM 222300) is ..." has one clause."""
    return text.count("(", 0, position) > text.count(")", 0, position)


def in_closed_aside(text: str, position: int, end: int) -> bool:
    """Whether `position` is inside a bracket that closes before `end`: an aside ("The Schwartz-Jampel syndrome (SJS;
    chondrodystrophic myotonia; ...) is"), not the rest of a sentence cut after an opening bracket."""
    opened = text.rfind("(", 0, position)
    return opened >= 0 and ")" not in text[opened:position] and ")" in text[position:end]
