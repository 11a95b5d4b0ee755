"""Entity linking, dictionary part: text -> mentions with character spans, concept ids, scores and
negation / uncertainty flags.

The dictionary holds every usable name and synonym of the graph's concepts, keyed by normalized token
tuples. Matching walks the text once, left to right; at each token it tries the longest name starting
there (a per-first-token length bound keeps this to one dict lookup for most tokens), which is what an
Aho-Corasick automaton over tokens computes for leftmost-longest matching. Normalization per token is
the graph's own (`normalize_name`: accents, case, punctuation), plus: British spellings take the American form
("haemangioma", "hypokalaemia", "oedema", "paediatric": `_BRITISH`; bench_link on the BC5CDR test set: dictionary
P / R 0.713 / 0.566 -> 0.714 / 0.568, NCBI-disease unchanged), the possessive "'s" is dropped
("Marfan's syndrome"), subtype labels take one form ("Mucopolysaccharidosis VI" and "mucopolysaccharidosis,
type 6" share a key; "type" is dropped and roman numerals become digits), and the last token is singularized
("seizures" -> "seizure", "arteries" -> "artery"), on both the names and the text. An eponym written with the
other head ("Leigh disease" for "Leigh syndrome") links when the graph lacks the written one, as does an organ's
finding written with a head HPO does not use ("neurological manifestations", "cardiac involvement", "dental issues" for
*Neurological abnormality*, *Cardiac anomaly*, *Dental abnormality*; claims gold set +1 matched, bench_link unchanged
for NCBI-disease, BC5CDR dictionary precision 0.716 -> 0.714). Any gene symbol ("F9") links next to the word
"gene", and in brackets after the words it abbreviates, in any case ("Huntingtin (Htt)", "β-hexosaminidase B (HexB)";
claims gold set +2 matched). A symbol in an author's spelling links in HGNC's ("IL-6", "Bcl-2", "G-6-PD", "PDGFRα",
"IL-1beta" for IL6, BCL2, G6PD, PDGFRA, IL1B), and a ligand's symbol before "receptor" names the receptor when the
graph holds it ("EGF receptor" is EGFR, not EGF; claims gold set +2 matched, no claim added elsewhere; in the
held-out abstracts and answers all 30 spellings found were the gene).

Noise guards, because a dictionary over ontology labels also holds plain words: one-word names shorter
than four letters, a stoplist of HPO modifier terms and common words ("Severe", "Frequent", "All"), and
one-word gene symbols without a digit ("MAX", "REST" and "CAT" are genes, and words), and a symbol spelled in bases
next to a word of sequence ("a GAA trinucleotide repeat", "CGT to AGT", "(CTG)n expansion").

Negation and uncertainty follow NegEx/ConText: a trigger ("no", "without", "denies", "negative for",
"ruled out", "possible", "suspected", ...) within six tokens before a mention, or a post-trigger right
after it ("was ruled out", "is unlikely"), flags it, unless a terminator ("but", "however", a sentence
or clause end) stands between. Memory is one dict entry per distinct name: fine for HPO, DrugBank and a
UMLS subset. Mentions the dictionary cannot spell go to the dense fallback (`kgrag.linking.dense`).

A name written in another word order or number ("loss of hearing" for "Hearing loss", "abnormalities of the eye"
and "eye abnormalities" for "Abnormality of the eye", "exposure to asbestos", "DOOR syndrome" for "Doors
syndrome") links by its bag of words, the normalized string of the UMLS lexical tools (LVG `norm`, as MetaMap and
QuickUMLS use it): every word folded and singular, "of", "the", "a", "an" and "to" dropped, the rest sorted. A
bag is tried only where no longer name starts, over 2-8 words with no punctuation, conjunction, negation or
preposition other than "of" and "to" between them ("seizures and loss of hearing" is two names), and scores as a
folded match. Hand-written rather than a library: QuickUMLS needs UMLS installed and its own
index; the rule is a dozen lines over the dictionary kgrag already holds.

Three passes then shape the spans the way curated corpora mark them: names coordinated over one head ("breast
and ovarian cancer") become one mention of both concepts, disease modifiers ("hereditary", "familial",
"early-onset") join the span, and abbreviations defined in the text ("myotonic dystrophy (DM)") link like
their long form within that text. A mention that only ends a longer name the text defines ("Feline infectious
peritonitis (FIP)") is dropped: the short form spells the whole name, which the graph lacks (on bench_link, NCBI-disease
dictionary F1 0.485 -> 0.487, BC5CDR 0.632 -> 0.630; on the claims gold set 2 more claims matched, 8 fewer made).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Protocol

from graph_schema import NodeKind
from kgrag import lexicon as lx
from kgrag.normalize import normalize_name
from kgrag.records import Concept, LinkedMention
from kgrag.text.spelled_names import spelled_names

MAX_BAG_WORDS = 6  # content words of a name read by its bag of words
MAX_BAG_SPAN = 8  # words of text a bag may span, "of the" included
_BAG_DROPPED = frozenset({"of", "the", "a", "an", "to", "s"})
_BAG_BREAKS = frozenset({"and", "or", "nor", "but", "with", "without", "in", "on", "for", "by", "from", "not", "no"})
_BAG_GAP = re.compile(r"[^\w\s'-]")  # punctuation between two words ends a bag
MAX_NAME_TOKENS = 24  # OMIM titles run long: "Neurodevelopmental disorder with severe motor impairment, ..."
MIN_SINGLE_WORD = 4
NEGATION_WINDOW = 6  # tokens
FOLDED_SCORE = 0.9
SYMBOL_SCORE = 0.95  # a gene symbol matched exactly as written, in capitals
_SYMBOL = re.compile(r"^[A-Z][A-Z0-9]{2,9}$")  # three or more capitals (digits allowed): "RET", "HTT", "BSND"
STOPLIST = frozenset("""
all also abnormal abnormality acute adult alone anterior area associated based bilateral borderline case cases
cell cells change changes childhood chronic clinical common congenital control course death decreased defect
disease diseases disorder distal early effect effects episodic excluded factor family female finding frequency
frequent generalized group high history increased infantile inheritance late left level life living localized
male mild moderate mode multiple normal obligate occasional onset other pain patient patients persistent
phenotype posterior present profound progressive proximal rare recurrent refractory right risk role severe
severity single sporadic stage study syndrome therapy time total transient treatment type unilateral variable
very frequent very rare worse years young
""".split())
# Kinds in order of preference when one name names several concepts (the score drops a little per step).
KIND_PREFERENCE = (NodeKind.DISEASE, NodeKind.PHENOTYPE, NodeKind.DRUG, NodeKind.CHEMICAL, NodeKind.GENE,
                   NodeKind.ANATOMY, NodeKind.PROCEDURE, NodeKind.CONCEPT)

_WORD = re.compile(r"\w+", re.UNICODE)
# "Morton's ", "Bloggs' ", "Morton'" (before the possessive "s"): a capitalized possessive, an eponym, right before a
# word. Without the whole eponymous name in the graph, the word after it is no name of its own ("Morton's neuralgia"
# is narrower than "neuralgia").
EPONYM_BEFORE = re.compile(r"\b[A-Z][\w-]*['\u2019](?:s\s*|\s+)?$")
_CLAUSE_END = re.compile(r"[.;:!?]")


class Linker(Protocol):
    """What retrieval needs from a linker: mentions with spans, best concept ids first."""

    def link(self, text: str, context: bool = True) -> list[LinkedMention]: ...

    def link_many(self, texts: list[str], context: bool = True) -> list[list[LinkedMention]]: ...


# British spellings in the American form the ontologies mostly use: "haemangioma", "hypokalaemia", "oedema",
# "oesophagus", "oestrogen", "paediatric", "anaesthesia", "diarrhoea", "phaeochromocytoma", "foetal", "caecum",
# "coeliac", "aetiology", "tumour". Only these word parts, never a bare "ae"/"oe" ("aerobic", "coefficient", "toe").
_BRITISH = re.compile(r"haem|aemi|(?<=[lr])aem|^oed|^oes|^paed|aesth|(?<=rh|pn)oe|phaeo|^foet|^caec|^coel|^aetio|"
                      r"tumour")
_AMERICAN = {"haem": "hem", "aemi": "emi", "aem": "em", "oed": "ed", "oes": "es", "paed": "ped", "aesth": "esth",
             "oe": "e", "phaeo": "pheo", "foet": "fet", "caec": "cec", "coel": "cel", "aetio": "etio",
             "tumour": "tumor"}


@lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    folded = normalize_name(word)
    return _BRITISH.sub(lambda m: _AMERICAN[m.group(0)], folded) if "e" in folded else folded


@lru_cache(maxsize=200_000)
def singular(word: str) -> str:
    """English plural to singular for the common medical cases; leaves "-ss", "-us", "-is" words alone."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith(("omas", "ias")) and len(word) > 5:  # carcinomas, dysplasias, telangiectasias (the "-as"
        return word[:-1]                                     # guard below keeps "pancreas", "atlas")
    if word.endswith("s") and not word.endswith("as"):
        return word[:-1]
    return word


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11,
          "xii": 12, "xiii": 13, "xiv": 14, "xv": 15}
_AMBIGUOUS_ROMAN = frozenset({"i", "v", "x"})  # "I", "vitamin V"? "fragile X": numerals only after "type"
_SUBTYPE_WORDS = frozenset({"type", "types", "subtype", "group"})
_SUBTYPE_LABEL = re.compile(r"^(?:\d+[a-z]?|[a-z]|(?:i{1,3}|iv)[a-d]|[ivx]+)$")
_ROMAN_WITH_LETTER = re.compile(r"^(i{1,3}|iv)([a-d])$")


def _subtype(tokens: list[str]) -> list[str]:
    """Subtype labels in one form, so "Mucopolysaccharidosis VI", "mucopolysaccharidosis type 6" and
    "Mucopolysaccharidosis, type VI" share a key and "MPS VI" never folds into "MPS VII": "type"/"group" before a
    label is dropped (after the first word), and roman numerals become digits ("IIB" -> "2b"); a lone "I", "V" or
    "X" only right after "type" (elsewhere it is a pronoun, a letter or a chromosome)."""
    out: list[str] = []
    after_type = False
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if index > 0 and token in _SUBTYPE_WORDS and _SUBTYPE_LABEL.match(following):
            after_type = True
            continue
        if index > 0 and (token in _ROMAN and (after_type or token not in _AMBIGUOUS_ROMAN)):
            token = str(_ROMAN[token])
        elif index > 0 and (match := _ROMAN_WITH_LETTER.match(token)):
            token = f"{_ROMAN[match.group(1)]}{match.group(2)}"
        out.append(token)
        after_type = False
    return out


_INVERTED = re.compile(r"^(?P<head>[^,]+),\s*(?P<modifier>[^,]+?)(?:,\s*(?:type\s+)?(?P<label>\d+[a-z]?|[ivx]+[a-d]?|"
                       r"[a-z]))?$", re.I)
_SUBTYPE_MODIFIER = re.compile(r"^(?:(?:type|group|class|form|subtype)\s+)?(?:\d+[a-z]?|[ivx]+[a-d]?|[a-z])$", re.I)
# An onset qualifier on the one entry of a disease ("Parkinson disease, late-onset"): prose names the disease
# without it, so the name without it links there when no other concept would take that name.
_ONSET_QUALIFIER = re.compile(r",\s*(?:late|early|adult|juvenile|infantile)(?:[- ]onset)?$", re.I)
_QUALIFIER = re.compile(r",\s*(?:susceptibility\s+to|somatic)(?:,\s*(?P<label>\d+[a-z]?))?$", re.I)


def uninverted(name: str) -> str | None:
    """The reading order of an OMIM-style inverted title, the way prose writes it: "Leukemia, chronic lymphocytic"
    -> "chronic lymphocytic leukemia", "Ceroid lipofuscinosis, neuronal, 2" -> "neuronal ceroid lipofuscinosis 2",
    "Mesothelioma, malignant" -> "malignant mesothelioma", "Lung cancer, susceptibility to" -> "lung cancer".
    None when the name is not one head with one modifier (and an optional subtype label)."""
    qualified = _QUALIFIER.search(name)
    if qualified is not None:
        head = name[:qualified.start()]
        label = qualified.group("label")
        return f"{head} {label}" if label else head if "," not in head else None
    match = _INVERTED.match(name)
    if match is None or len(match.group("modifier").split()) > 4 or _SUBTYPE_MODIFIER.match(match.group("modifier")):
        return None  # "Mucopolysaccharidosis, type VI" is no inversion: the subtype fold reads it already
    label = match.group("label")
    return " ".join(p for p in (match.group("modifier"), match.group("head"), label) if p)


_KIND_OF = re.compile(r"^(?P<head>[^,]+),\s*(?P<modifier>[^,]+?\s(?:type|variant|form|subtype))$", re.I)


def kind_of_reading(name: str) -> str | None:
    """How prose names a subtype that an OMIM-style title puts after a comma: "Multiple pterygium syndrome, Escobar
    variant" -> "Escobar variant of multiple pterygium syndrome" ("the vascular type of Ehlers-Danlos syndrome");
    None for other names."""
    match = _KIND_OF.match(name)
    if match is None or len(match.group("modifier").split()) > 4:
        return None
    return f"{match.group('modifier')} of {match.group('head')}"


# Heads medical names use interchangeably: eponyms ("Leigh disease"/"Leigh syndrome") and classes ("neurodegenerative
# disorder"/"neurodegenerative disease"), tried in this order.
_HEAD_VARIANTS: dict[str, tuple[str, ...]] = {"disease": ("syndrome", "disorder"), "syndrome": ("disease",),
                                               "disorder": ("disease",)}
# Heads authors use for "something abnormal about this organ" ("neurological manifestations", "cardiac involvement",
# "dental issues"), where HPO's names say abnormality, anomaly or defect ("Neurological abnormality", "Cardiac
# anomaly", "Heart defect"). Not after a modifier that names no organ: "phenotypic abnormality" and "organ
# abnormality" are HPO's root, and "phenotypic features" or "clinical manifestations" announce a list, not a finding.
FINDING_HEADS = frozenset({"manifestation", "alteration", "involvement", "feature", "problem", "issue", "complication",
                           "change", "disturbance", "finding"})
_FINDING_NAMES = ("abnormality", "anomaly", "defect")
_NO_ORGAN = frozenset({"phenotypic", "clinical", "organ", "physical", "main", "major", "minor", "other", "common",
                       "cardinal", "typical", "characteristic", "various", "several", "multiple", "additional", "new",
                       "distinctive", "key", "associated", "specific", "general", "systemic", "multisystem"})
_HEAD_VARIANTS.update({head: _FINDING_NAMES for head in FINDING_HEADS})
_HEAD_VARIANTS["disorder"] = ("disease", "abnormality")  # "neurological disorder": HPO's "Neurological abnormality"
_GENE_SYMBOL = re.compile(r"^[A-Z][A-Za-z0-9-]{1,9}$")
# A symbol as authors write it: a capital, then hyphen-joined parts ("IL-6", "G-6-PD", "IL-1beta") or a Greek letter
# at the end ("PDGFRα", "HIF1α").
_WRITTEN_SYMBOL = re.compile(r"[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9αβγδεκ]+)+|[A-Z][A-Za-z0-9]*[αβγδεκ]\d?(?![\w-])")
# The rest of a bracket a mention opened, when short: " and B)", ")".
_BRACKET_REST = re.compile(r"[^()]{0,24}\)")
# A subtype's mark after "type": a number, a roman numeral or a letter ("Type 1 Gaucher disease", "type IIa").
_SUBTYPE_MARK = re.compile(r"\d{1,2}[a-z]?|[ivx]{1,4}[a-z]?|[a-z]")
# What may follow a spaced symbol's number (`DictionaryLinker._spaced_symbol`): not a decimal, hyphen or more word.
_SYMBOL_NUMBER_END = re.compile(r"(?![\w-]|\.\d)")
_GREEK_LETTERS = {"α": "A", "β": "B", "γ": "G", "δ": "D", "ε": "E", "κ": "K",
                  "alpha": "A", "beta": "B", "gamma": "G", "delta": "D", "epsilon": "E", "kappa": "K"}
_SPELLED_GREEK = re.compile(r"(?<=[\d-])(alpha|beta|gamma|delta|epsilon|kappa)$", re.I)


def hgnc_symbol(written: str) -> str:
    """A gene symbol in HGNC's spelling: hyphens dropped, a Greek letter (or its name after a digit or hyphen) as
    its Latin capital, all in capitals ("IL-1beta" -> "IL1B", "PDGFRα" -> "PDGFRA", "Bcl-2" -> "BCL2")."""
    spelled = _SPELLED_GREEK.sub(lambda m: _GREEK_LETTERS[m.group(1).lower()], written)
    return "".join(_GREEK_LETTERS.get(ch, ch) for ch in spelled.replace("-", "")).upper()


def _head_variants(key: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """A name's other heads ("Leigh disease" for "Leigh syndrome", "neurodegenerative disease" for "...
    disorder"), tried only when the text's own name is not in the graph: where both exist and differ ("Cushing
    disease", "Cushing syndrome"), the exact one wins."""
    if len(key) < 2 or key[-1] not in _HEAD_VARIANTS or key[-1] in FINDING_HEADS | {"disorder"} and \
            key[-2] in _NO_ORGAN:
        return ()
    return tuple((*key[:-1], head) for head in _HEAD_VARIANTS[key[-1]])


def word_bag(tokens: Iterable[str]) -> tuple[str, ...]:
    """A name's bag of words (LVG `norm`): folded tokens singular, function words dropped, sorted."""
    return tuple(sorted(singular(t) for t in tokens if t not in _BAG_DROPPED))


def _key(tokens: list[str]) -> tuple[str, ...]:
    """The dictionary key of a token run: possessive 's gone, subtype labels in one form, last word singular."""
    kept = _subtype([t for t in tokens if t != "s"])
    if kept:
        kept[-1] = singular(kept[-1])
    return tuple(kept)


def _name_key(name: str) -> tuple[str, ...]:
    """The dictionary key of a concept name, folded word by word as the text is."""
    return _key([part for word in _WORD.findall(name) for part in _fold(word).split(" ") if part])


_LABEL_FORM = re.compile(r"\d+[a-z]?")


def subtype_labels(name: str) -> frozenset[str]:
    """The subtype labels a name carries, in the dictionary's one form ("type IV" and "4" alike, "IIB" -> "2b"):
    what tells *Ehlers-Danlos syndrome, type I* from a phrase about type IV for readers that match names by
    similarity rather than by key (the dense fallback, `kgrag.linking.dense`, and `kgrag.claims.dense_ends`)."""
    return frozenset(token for token in _name_key(name) if _LABEL_FORM.fullmatch(token))


def sibling_subtype(phrase: str, name: str) -> bool:
    """Whether `name` is another subtype than the one `phrase` names: both carry subtype labels and they differ
    ("type IV Ehlers-Danlos syndrome" vs *Ehlers-danlos syndrome, type I*). A label only one of them carries is the
    group or a subtype of it, which is a different question."""
    phrase_labels, name_labels = subtype_labels(phrase), subtype_labels(name)
    return bool(phrase_labels) and bool(name_labels) and phrase_labels != name_labels


class DictionaryLinker:
    def __init__(self, names: dict[tuple[str, ...], tuple[str, ...]],
                 symbols: dict[str, tuple[str, ...]] | None = None,
                 gene_symbols: dict[str, tuple[str, ...]] | None = None,
                 bags: dict[tuple[str, ...], tuple[str, ...]] | None = None) -> None:
        """`names`: normalized token key -> concept ids, the preferred kind first. `symbols`: gene symbols too
        short or too word-like for folded matching ("RET", "HTT", "CAT"), matched only as written, in capitals.
        `gene_symbols`: every gene symbol as written ("F9", "C3"), matched only next to the word "gene" ("the F9
        gene", "gene F9"), where it cannot be anything else. `bags`: `word_bag` of a name -> concept ids, for names
        written in another order or number (module docstring)."""
        self._names = names
        self._bags = bags or {}
        self._bag_words = frozenset(word for bag in self._bags for word in bag)
        self._symbols = symbols or {}
        self._gene_symbols = gene_symbols or {}
        self._longest_from: dict[str, int] = {}
        for tokens in names:
            self._longest_from[tokens[0]] = max(self._longest_from.get(tokens[0], 0), len(tokens))

    @property
    def size(self) -> int:
        """Distinct names in the dictionary."""
        return len(self._names)

    def vocabulary(self) -> tuple[frozenset[str], frozenset[str]]:
        """(every word of every name, every last word of a name), folded and singular as the matcher sees them.
        English names are head-final, so the last words are the heads ("dystrophy", "thymoma", "weakness")."""
        return (frozenset(word for key in self._names for word in key),
                frozenset(_head(key) for key in self._names))

    def organs(self) -> frozenset[str]:
        """The body parts the graph's names speak of as "Abnormality of the X" or "Abnormal X morphology" (HPO's
        naming of its organ branches: "heart", "kidney", "achilles tendon"), folded and singular as the matcher
        keys them: a vocabulary of organs taken from the graph itself rather than a word list."""
        found: set[str] = set()
        for key in self._names:
            if key[:2] == ("abnormality", "of"):
                part = key[3:] if key[2:3] == ("the",) else key[2:]
            elif key[0] == "abnormal" and key[-1] == "morphology":  # "Abnormal tendon morphology"
                part = key[1:-1]
            else:
                continue
            if 1 <= len(part) <= 2:
                found.add(" ".join(part))
        return frozenset(found)

    @classmethod
    def from_concepts(cls, concepts: Iterable[Concept]) -> DictionaryLinker:
        collected: dict[tuple[str, ...], dict[str, NodeKind]] = {}
        symbols: dict[str, list[str]] = {}
        gene_symbols: dict[str, list[str]] = {}
        inverted: list[Concept] = []  # concepts with a name that may be an inverted title ("Leukemia, ...")
        for concept in concepts:
            if concept.obsolete:
                continue
            if concept.kind != NodeKind.GENE and any("," in n for n in (concept.name, *concept.synonyms)):
                inverted.append(concept)
            for name in (concept.name, *concept.synonyms):
                key = _name_key(name)
                if _usable(key, name, concept.kind):
                    collected.setdefault(key, {})[concept.id] = concept.kind
                elif concept.kind == NodeKind.GENE and _SYMBOL.match(name) and name.lower() not in STOPLIST:
                    symbols.setdefault(name, []).append(concept.id)
                if concept.kind == NodeKind.GENE and _GENE_SYMBOL.match(name):
                    gene_symbols.setdefault(name, []).append(concept.id)
        bags: dict[tuple[str, ...], dict[str, NodeKind]] = {}
        for key, by_id in collected.items():
            bag = word_bag(key)
            if 2 <= len(bag) <= MAX_BAG_WORDS and not any(kind == NodeKind.GENE for kind in by_id.values()):
                bags.setdefault(bag, {}).update(by_id)
        derived: dict[tuple[str, ...], dict[str, NodeKind]] = {}
        onsetless: dict[tuple[str, ...], dict[str, NodeKind]] = {}
        for concept in inverted:
            for name in (concept.name, *concept.synonyms):
                for variant in (uninverted(name), kind_of_reading(name)):
                    if variant is None:
                        continue
                    key = _name_key(variant)
                    if _usable(key, variant, concept.kind) and concept.id not in collected.get(key, {}):
                        derived.setdefault(key, {})[concept.id] = concept.kind
            for name in (concept.name, *concept.synonyms):
                base = _ONSET_QUALIFIER.sub("", name)
                if base != name and "," not in base and _usable(_name_key(base), base, concept.kind):
                    onsetless.setdefault(_name_key(base), {})[concept.id] = concept.kind
        for key, by_id in onsetless.items():  # "Parkinson disease" for "Parkinson disease, late-onset" alone
            if len(by_id) == 1 and key not in collected:
                derived.setdefault(key, {}).update(by_id)
        for key, by_id in collected.items():  # "a disorder of the inner ear": HPO's "Abnormality of the inner ear"
            if key[:2] == ("abnormality", "of") and len(key) > 2:
                disorder = ("disorder", *key[1:])
                if disorder not in collected:
                    derived.setdefault(disorder, {}).update(by_id)
        rank = {kind: i for i, kind in enumerate(KIND_PREFERENCE)}

        def ordered(by_id: dict[str, NodeKind]) -> tuple[str, ...]:
            return tuple(sorted(by_id, key=lambda cid: (rank.get(by_id[cid], len(rank)), cid)))
        # A written name's concepts come first; a derived reading is one more reading after them.
        names = {key: ordered(collected.get(key, {})) + ordered(derived.get(key, {}))
                 for key in collected.keys() | derived.keys()}
        return cls(names, {s: tuple(sorted(ids)) for s, ids in symbols.items()},
                   {s: tuple(sorted(ids)) for s, ids in gene_symbols.items()},
                   {bag: ordered(by_id) for bag, by_id in bags.items()})

    def link(self, text: str, context: bool = True) -> list[LinkedMention]:
        """Every dictionary mention in `text`, leftmost-longest, with spans into `text`; `context=False` skips
        the negation and uncertainty pass when only the concepts matter."""
        mentions = self._link(text, context)
        return _with_inner_asides(text, mentions, self._link(_INNER_ASIDE.sub(_blank, text), context)) \
            if _INNER_ASIDE.search(text) else mentions

    def _link(self, text: str, context: bool) -> list[LinkedMention]:
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        words = [_fold(text[s:e]) for s, e in spans]
        mentions: list[LinkedMention] = []
        i, count = 0, len(words)
        floor = 0  # a negation trigger inside an earlier mention ("Absent speech") does not reach past it
        while i < count:
            if words[i] == "s" and spans[i][0] and text[spans[i][0] - 1] in "'\u2019":
                i += 1  # the possessive "s" of "Morton's neuralgia" ends a name; it never opens one ("s neuralgia")
                continue
            longest = self._longest_from.get(words[i], 0)
            if not longest:  # a name may start with a plural or possessive-folded first word
                longest = self._longest_from.get(singular(words[i]), 0)
            step = 1
            found: tuple[int, tuple[str, ...], float] | None = None
            for length in range(min(longest + 2, count - i), 0, -1):  # +2: a dropped "s" and "type"
                run = words[i:i + length]
                key = _key(run)
                ids = self._names.get(key)
                if ids is not None:
                    found = (length, ids, 1.0 if tuple(run) == key else FOLDED_SCORE)
                    break
                ids = next((self._names[v] for v in _head_variants(key) if v in self._names), None)
                if ids is not None:
                    found = (length, ids, FOLDED_SCORE)
                    break
            bagged = self._bag_match(text, spans, words, i, found[0] if found is not None else 1)
            if bagged is not None:
                found = bagged
            if found is None:
                found = self._closed_compound(text, spans, words, i)
            if found is None:
                found = self._written_symbol(text, spans, i)
            if found is None:
                found = self._spaced_symbol(text, spans, i)
            if found is None:
                as_written = text[spans[i][0]:spans[i][1]]
                symbol = self._symbols.get(as_written)
                beside = {words[i - 1] if i else "", words[i + 1] if i + 1 < count else ""}
                if symbol is None and beside & {"gene", "genes"}:  # "the F9 gene", "the ERCC1 or ERCC4 genes"
                    symbol = self._gene_symbols.get(as_written)
                if symbol is None and _bracketed(text, spans[i]) and as_written != as_written.upper() and \
                        _longer_name_before(text, spans[i][0] - 1, spans[i][0] - 1, as_written):
                    # "Huntingtin (Htt)", "β-hexosaminidase B (HexB)": a short form the words before it spell, in
                    # the mouse or the author's case, of a symbol the graph holds
                    symbol = self._gene_symbols.get(as_written.upper())
                if symbol is not None and _NUCLEOTIDES.match(as_written) and _in_sequence_context(text, spans, i):
                    symbol = None  # "a GAA trinucleotide repeat", "CGT 362Arg to AGT 362Ser": bases, not genes
                if symbol is not None:
                    found = (1, symbol, SYMBOL_SCORE)
            if found is not None and EPONYM_BEFORE.search(text, max(0, spans[i][0] - 40), spans[i][0]):
                # "Morton's neuralgia", "Hashimoto's thyroiditis" where the graph lacks the whole name: the eponym's
                # name is a narrower entity than its head, not the head's concept
                found = None
            if found is not None:
                found = self._receptor_of(text, spans, i, found)
                length, ids, score = found
                start, end = spans[i][0], spans[i + length - 1][1]
                if text.count("(", start, end) > text.count(")", start, end):
                    # a name the graph spells with its short form ("Miller-Dieker syndrome (MDS)") or a subtype read
                    # inside a bracket ("Niemann-Pick disease (types A and B)"): the mention ends with the bracket
                    closing = _BRACKET_REST.match(text, end)
                    end = closing.end() if closing else end
                if i > 0 and words[i - 1] in ("type", "types") and _SUBTYPE_MARK.fullmatch(words[i]):
                    start = spans[i - 1][0]  # "Type 1 Gaucher disease": the subtype's mark, whole
                negated, uncertain = (_context(text, spans, words, i, i + length, floor) if context
                                      else (False, False))
                mentions.append(LinkedMention(start, end, text[start:end], ids, score, negated, uncertain))
                step = length
                floor = i + length
            i += step
        mentions = self._with_severity_ranges(text, spans, words, mentions)
        mentions = _with_modifiers(text, spans, words, self._with_coordinations(text, spans, words, mentions))
        mentions = self._with_bracketed_qualifiers(text, mentions)
        return with_abbreviations(text, _with_spelled_out_names(text, _without_name_tails(text, mentions)))

    def _with_severity_ranges(self, text: str, spans: list[tuple[int, int]], words: list[str],
                              mentions: list[LinkedMention]) -> list[LinkedMention]:
        """A range of severities before a graded name ("moderate to profound intellectual disability",
        "severe-profound intellectual disability") spans several of HPO's graded terms, so it names the term they
        grade: the name without its severity word (*Intellectual disability*), when the graph holds it."""
        if _SEVERITIES.isdisjoint(words):
            return mentions  # most texts name no grade: no pass over their mentions
        starts = {start: index for index, (start, _) in enumerate(spans)}
        out: list[LinkedMention] = []
        for mention in mentions:
            i = starts.get(mention.start)
            if i is None or words[i] not in _SEVERITIES:
                out.append(mention)
                continue
            last = i
            while last + 1 < len(spans) and spans[last][1] < mention.end:  # as `_with_coordinations` walks a span
                last += 1
            if last == i:
                out.append(mention)
                continue
            if i >= 2 and words[i - 1] == "to" and words[i - 2] in _SEVERITIES:
                first = i - 2
            elif i >= 1 and text[spans[i - 1][1]:spans[i][0]] in ("-", "/") and words[i - 1] in _SEVERITIES:
                first = i - 1
            else:
                out.append(mention)
                continue
            graded = self._names.get(_key(words[i + 1:last + 1]))
            if graded is None or (out and out[-1].end > spans[first][0]):
                out.append(mention)
                continue
            start = spans[first][0]
            out.append(replace(mention, start=start, text=text[start:mention.end], concept_ids=graded,
                               score=min(mention.score, FOLDED_SCORE)))
        return out

    def _closed_compound(self, text: str, spans: list[tuple[int, int]], words: list[str], i: int
                         ) -> tuple[int, tuple[str, ...], float] | None:
        """A name whose first word the author split at hyphens between its combining forms: "velo-cardiofacial
        syndrome", "thrombo-embolism", "angio-oedema", "sacro-iliitis" for *Velocardiofacial syndrome*,
        *Thromboembolism*, *Angioedema*, *Sacroiliitis*. Words of letters only, lower case after a first capital,
        so a symbol ("IL-6", "NF-kB") keeps its own reading; the joined word must open a name of the graph."""
        last = i
        while last + 1 < len(spans) and text[spans[last][1]:spans[last + 1][0]] == "-":
            last += 1
        parts = [text[start:end] for start, end in spans[i:last + 1]]
        if last == i or not all(part.isalpha() and part[1:].islower() for part in parts) or \
                any(part[0].isupper() for part in parts[1:]):
            return None
        joined = _fold("".join(parts))
        rest = words[last + 1:]
        for extra in range(min(self._longest_from.get(joined, 0) - 1, len(rest)), -1, -1):
            ids = self._names.get(_key([joined, *rest[:extra]]))
            if ids is not None:
                return last - i + 1 + extra, ids, FOLDED_SCORE
        return None

    def _written_symbol(self, text: str, spans: list[tuple[int, int]], i: int
                        ) -> tuple[int, tuple[str, ...], float] | None:
        """A gene symbol in an author's spelling at token `i`: "IL-6", "MMP-9", "G-6-PD", "Bcl-2", "PDGFRα",
        "IL-1beta" for IL6, MMP9, G6PD, BCL2, PDGFRA, IL1B (hyphens dropped, a Greek letter as HGNC spells it,
        capitals). Hyphenated words are read from the longest prefix down ("MMP-9-mediated" is MMP9); the symbol
        must be one the graph holds and three characters or more ("S-I" is no SI)."""
        written = _WRITTEN_SYMBOL.match(text, spans[i][0])
        if written is None:
            return None
        parts = written.group().split("-")
        for count in range(len(parts), 0, -1):
            spelled = "-".join(parts[:count])
            symbol = hgnc_symbol(spelled)
            if symbol == spelled or len(symbol) < 3 or symbol not in self._gene_symbols:
                continue
            end = spans[i][0] + len(spelled)
            length = next((n + 1 for n, (_, e) in enumerate(spans[i:]) if e == end), 0)
            if length:
                return length, self._gene_symbols[symbol], SYMBOL_SCORE
        return None

    def _spaced_symbol(self, text: str, spans: list[tuple[int, int]], i: int
                       ) -> tuple[int, tuple[str, ...], float] | None:
        """A gene symbol written with a space before its number: "Sox 10", "JAK 1", "anti lingo 1" for SOX10, JAK1,
        LINGO1. Three to eight letters, one space, one or two digits that end the word (not "PON 1.5" or "type
        1-like"), joined in capitals into a symbol the graph holds of four characters or more. In 14,155 BioASQ and
        PubMedQA texts every such pair read this way was the gene (JAK 1, PON 1, lingo 1, Sox 10)."""
        if i + 1 >= len(spans):
            return None
        (start, end), (number_start, number_end) = spans[i], spans[i + 1]
        letters, number = text[start:end], text[number_start:number_end]
        if not (3 <= len(letters) <= 8 and letters.isalpha() and number.isdigit() and len(number) <= 2
                and number_start == end + 1 and text[end] == " " and _SYMBOL_NUMBER_END.match(text, number_end)):
            return None
        ids = self._gene_symbols.get((letters + number).upper())
        return (2, ids, SYMBOL_SCORE) if ids is not None else None

    def _receptor_of(self, text: str, spans: list[tuple[int, int]], i: int,
                     found: tuple[int, tuple[str, ...], float]) -> tuple[int, tuple[str, ...], float]:
        """"EGF receptor", "IL-6 receptor", "IGF-1 receptor": a ligand's symbol before the word "receptor" names
        the receptor, whose HGNC symbol adds an R (EGFR, IL6R, IGF1R), when the graph holds that symbol; otherwise
        the ligand stays."""
        length = found[0]
        after = i + length
        if after >= len(spans) or text[spans[after][0]:spans[after][1]].lower() not in ("receptor", "receptors"):
            return found
        receptor = hgnc_symbol(text[spans[i][0]:spans[after - 1][1]]) + "R"
        if receptor not in self._gene_symbols:
            return found
        return length + 1, self._gene_symbols[receptor], SYMBOL_SCORE

    def _with_bracketed_qualifiers(self, text: str, mentions: list[LinkedMention]) -> list[LinkedMention]:
        """"deafness (sensorineural)", "ataxia (cerebellar)": a qualifier in brackets after a name, which the
        graph names in reading order ("Sensorineural deafness"), is that more specific concept; the mention takes
        in the bracket."""
        out: list[LinkedMention] = []
        for mention in mentions:
            qualifier = _QUALIFIER_IN_BRACKETS.match(text, mention.end)
            ids = self._names.get(_name_key(f"{qualifier.group(1)} {mention.text}")) if qualifier else None
            if qualifier is not None and ids is not None:
                mention = replace(mention, end=qualifier.end(), text=text[mention.start:qualifier.end()],
                                  concept_ids=ids, score=FOLDED_SCORE)
            out.append(mention)
        return out

    def _bag_match(self, text: str, spans: list[tuple[int, int]], words: list[str], first: int, longer_than: int
                   ) -> tuple[int, tuple[str, ...], float] | None:
        """The longest run of words from `first`, longer than `longer_than` words, whose bag of words is a name's."""
        if singular(words[first]) not in self._bag_words:
            return None
        reach = first + 1  # the run may not cross punctuation, "and", "or", ...
        while reach < min(len(words), first + MAX_BAG_SPAN) and words[reach] not in _BAG_BREAKS \
                and not _BAG_GAP.search(text, spans[reach - 1][1], spans[reach][0]):
            reach += 1
        for length in range(reach - first, longer_than, -1):
            if singular(words[first + length - 1]) not in self._bag_words:
                continue
            run = words[first:first + length]
            ids = self._bags.get(word_bag(run))
            kept = [word for word in run if word not in DISEASE_MODIFIERS]
            if ids is None and len(kept) >= 2 and kept[-1] == run[-1] and len(kept) < len(run):
                # "type 4 hereditary hemochromatosis" is "Hemochromatosis, type 4": a modifier that does not change
                # the concept (`DISEASE_MODIFIERS`) may stand anywhere in the run but at its head.
                ids = self._bags.get(word_bag(kept))
            if ids is not None:
                return length, ids, FOLDED_SCORE
        return None

    def _with_coordinations(self, text: str, spans: list[tuple[int, int]], words: list[str],
                            mentions: list[LinkedMention]) -> list[LinkedMention]:
        """Coordinated names sharing a head, "breast and ovarian cancer", "breast/ovarian cancer", become one
        mention of both concepts when "breast cancer" is itself a name: the text names two diseases with one
        head, and the span a reader marks is the whole phrase."""
        starts = {start: index for index, (start, _) in enumerate(spans)}
        merged: list[LinkedMention] = []
        for mention in mentions:
            first = starts.get(mention.start)
            last = first
            while last is not None and last + 1 < len(spans) and spans[last][1] < mention.end:
                last += 1
            partner = None
            if first is not None and last is not None and last > first:  # a one-word name has no head to share
                if first >= 1 and text[spans[first - 1][1]:spans[first][0]] in ("/", "-"):
                    partner = first - 1
                elif (first >= 3 and words[first - 2:first] == ["and", "or"]
                      and text[spans[first - 2][1]:spans[first - 1][0]] == "/"):  # "breast and/or ovarian"
                    partner = first - 3
                elif (first >= 2 and words[first - 1] in ("and", "or")
                      and text[spans[first - 2][1]:spans[first - 1][0]].strip() in ("", ",")):
                    partner = first - 2  # "breast and ovarian cancer", "colon, endometrial, and ovarian cancer"
            if partner is None or (merged and merged[-1].end > spans[partner][0]):
                merged.append(mention)
                continue
            assert first is not None and last is not None
            head = words[first + 1:last + 1]
            ids = self._names.get(_key([words[partner], *head]))
            if ids is None:
                merged.append(mention)
                continue
            conjuncts = [ids, mention.concept_ids]
            # "breast, ovarian and prostate cancer": a comma list before the pair shares the head too, as long as
            # each word before a comma makes a name with it.
            while partner >= 1 and text[spans[partner - 1][1]:spans[partner][0]].strip() == "," and \
                    (not merged or merged[-1].end <= spans[partner - 1][0]):
                listed = self._names.get(_key([words[partner - 1], *head]))
                if listed is None:
                    break
                partner -= 1
                conjuncts.insert(0, listed)
            start = spans[partner][0]
            merged.append(LinkedMention(start, mention.end, text[start:mention.end],
                                        tuple(dict.fromkeys(i for group in conjuncts for i in group)),
                                        min(mention.score, 0.95), mention.negated, mention.uncertain,
                                        conjuncts=tuple(conjuncts)))
        return merged

    def link_many(self, texts: list[str], context: bool = True) -> list[list[LinkedMention]]:
        return [self.link(text, context) for text in texts]

    def concept_ids(self, text: str) -> set[str]:
        """All concepts mentioned (negated mentions included: "no seizures" is still about seizures)."""
        return {cid for mention in self.link(text, context=False) for cid in mention.concept_ids}


# The grades HPO names a finding's severity by ("Mild intellectual disability" ... "Profound ..."): a range of them
# ("moderate to profound") names the finding they grade.
_SEVERITIES = frozenset({"mild", "moderate", "severe", "profound"})
# Words that make a disease mention more specific without changing the concept it names ("hereditary breast
# cancer" is still breast cancer to the graph); the mention's span takes them in, as curated corpora mark it.
DISEASE_MODIFIERS = frozenset({"hereditary", "familial", "inherited", "sporadic", "male", "female", "classical",
                               "classic", "isolated", "juvenile", "childhood", "primary", "congenital"})
_ONSET_MODIFIERS = frozenset({"early", "late", "adult", "juvenile", "childhood"})


def _with_modifiers(text: str, spans: list[tuple[int, int]], words: list[str], mentions: list[LinkedMention]
                    ) -> list[LinkedMention]:
    starts = {start: index for index, (start, _) in enumerate(spans)}
    extended: list[LinkedMention] = []
    previous_end = 0
    for mention in mentions:
        first = starts.get(mention.start)
        begin = first
        while begin is not None and begin >= 1 and not text[spans[begin - 1][1]:spans[begin][0]].strip():
            if words[begin - 1] in DISEASE_MODIFIERS:
                begin -= 1
            elif (begin >= 2 and words[begin - 1] == "onset" and words[begin - 2] in _ONSET_MODIFIERS
                  and text[spans[begin - 2][1]:spans[begin - 1][0]] == "-"):
                begin -= 2  # "early-onset", "late-onset"
            else:
                break
        if begin is None or begin == first or spans[begin][0] < previous_end:
            extended.append(mention)
        else:
            start = spans[begin][0]
            extended.append(replace(mention, start=start, text=text[start:mention.end]))
        previous_end = mention.end
    return extended


# An aside inside a name, "Triple A (Allgrove) syndrome": a parenthesis between two words of one phrase.
_INNER_ASIDE = re.compile(r"(?<=\w)\s+\([^()]{1,40}\)(?=\s+\w)")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _with_inner_asides(text: str, mentions: list[LinkedMention], bridged: list[LinkedMention]
                       ) -> list[LinkedMention]:
    """Names found only with the inner asides blanked out ("Triple A syndrome" across "(Allgrove)") replace the
    shorter mentions they cover; their text and span are the sentence's own, aside included."""
    asides = [m.span() for m in _INNER_ASIDE.finditer(text)]
    kept = list(mentions)
    for mention in bridged:
        if not any(mention.start < a and b < mention.end for a, b in asides):
            continue
        if any(o.start < mention.end and mention.start < o.end and o.end - o.start >= mention.end - mention.start
               for o in kept):
            continue
        kept = [o for o in kept if not (o.start < mention.end and mention.start < o.end)]
        kept.append(replace(mention, text=text[mention.start:mention.end]))
    return sorted(kept, key=lambda m: m.start)


_ABBREVIATION = re.compile(r"\s*\(([A-Za-z][A-Za-z0-9-]{1,9})\)")
# "(APC) gene", "(APC) tumor-suppressor gene": the noun after a bracketed short form says it is a gene's symbol.
_GENE_NOUN_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?genes?\b", re.I)
_QUALIFIER_IN_BRACKETS = re.compile(r"\s*\(([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)\)")  # lower case: no short form


def with_abbreviations(text: str, mentions: list[LinkedMention]) -> list[LinkedMention]:
    """Local abbreviations, Schwartz & Hearst style: "myotonic dystrophy (DM)" defines DM for this text only, so
    the "(DM)" and every later whole-word, same-case "DM" link to the long form's concepts. The short form must
    start with the long form's first letter and have its letters in order within it, which rejects
    "(n = 12)" and "(95% CI)"; a global abbreviation dictionary would be wrong too often (DM is also
    dermatomyositis)."""
    defined: dict[str, LinkedMention] = {}
    definitions: dict[tuple[int, int], LinkedMention] = {}  # the bracketed short form itself -> its long form
    gene_names: list[LinkedMention] = []  # long forms that name a gene: "adenomatous polyposis coli (APC) gene"
    for mention in mentions:
        match = _ABBREVIATION.match(text, mention.end)
        if match and _abbreviates(match.group(1), mention.text) and match.group(1) not in defined:
            if _GENE_NOUN_AFTER.match(text, match.end()) and any(
                    (m.start, m.end) == match.span(1) for m in mentions):
                # "the adenomatous polyposis coli (APC) tumor-suppressor gene": the words are the gene's name, the
                # symbol in brackets links the gene; the disease the words also spell is not named here.
                gene_names.append(mention)
                continue
            defined[match.group(1)] = mention
            definitions[match.span(1)] = mention
    if gene_names:
        mentions = [m for m in mentions if not any(m is named for named in gene_names)]
    if not defined:
        return mentions
    # "neurofibromatosis type 1 (NF1)": where it is defined, the short form is the long form, not the gene whose
    # symbol it also spells.
    mentions = [replace(m, concept_ids=definitions[(m.start, m.end)].concept_ids, score=FOLDED_SCORE)
                if (m.start, m.end) in definitions else m for m in mentions]
    taken = [(m.start, m.end) for m in mentions]
    added: list[LinkedMention] = []
    pattern = re.compile(r"\b(" + "|".join(re.escape(short) for short in defined) + r")\b")
    for match in pattern.finditer(text):
        start, end = match.span()
        if any(start < b and a < end for a, b in taken):
            continue
        long_form = defined[match.group(1)]
        if start < long_form.start:  # used before it was defined: not this definition
            continue
        added.append(LinkedMention(start, end, match.group(1), long_form.concept_ids, FOLDED_SCORE,
                                   long_form.negated if start < long_form.end + 16 else False, long_form.uncertain
                                   if start < long_form.end + 16 else False))
    return sorted(mentions + added, key=lambda m: m.start)


_LONG_FORM_WORDS = re.compile(r"[\w']+")  # hyphens part words: "β-hexosaminidase B (HexB)"
_LONG_FORM_BREAK = re.compile(r"[,;:()\[\].]")
MAX_LONG_FORM_EXTRA = 2  # words a long form may hold beyond its short form's letters ("of", "the")


def _without_name_tails(text: str, mentions: list[LinkedMention]) -> list[LinkedMention]:
    """Drops a mention that is only the tail of a longer name the text defines: in "Feline infectious peritonitis
    (FIP)" and "autosomal recessive congenital ichthyosis (ARCI)" the short form spells the whole name, which the
    graph lacks, and "peritonitis" or "congenital ichthyosis" alone would make claims about another concept. The
    long form is found as Schwartz & Hearst do (the short form's first letter starts its first word, the other
    letters follow in order), within the clause, and only when the short form does not abbreviate the mention
    itself ("myotonic dystrophy (DM)" stays)."""
    kept: list[LinkedMention] = []
    for mention in mentions:
        match = _ABBREVIATION.match(text, mention.end)
        if match is None or _abbreviates(match.group(1), mention.text) or \
                not _longer_name_before(text, mention.start, mention.end, match.group(1)):
            kept.append(mention)
    return kept


_SPELLED_NAME = re.compile(r"\(([A-Za-z][A-Za-z0-9-]{1,9})\)\s+(?:syndrome|disease|disorder|complex)\b", re.I)


def _with_spelled_out_names(text: str, mentions: list[LinkedMention]) -> list[LinkedMention]:
    """"The Warts, Hypogammaglobulinemia, Infections, Myelokathexis (WHIM) syndrome": a syndrome named by the
    initials of its features, written out before the bracket (`kgrag.text.spelled_names`). The features are part
    of the name there, not findings of their own in the clause (claim extraction reads them as the name's), so the
    mentions among them are dropped and the syndrome's mention takes in the whole name."""
    candidates = [(match, mention) for mention in mentions if mention.start
                  for match in [_SPELLED_NAME.match(text, mention.start - 1)]
                  if match is not None and match.end() == mention.end]
    if not candidates:
        return mentions
    names = {name.short_span: name for name in spelled_names(text) if name.long_span[1] <= name.short_span[0]}
    spelled = [(names[match.span(1)].long_span[0], mention) for match, mention in candidates
               if match.span(1) in names]
    if not spelled:
        return mentions
    kept = [m for m in mentions if not any(start <= m.start and m.end <= name.start for start, name in spelled)]
    extended = {id(name): replace(name, start=start, text=text[start:name.end]) for start, name in spelled}
    return [extended.get(id(m), m) for m in kept]


def _longer_name_before(text: str, start: int, end: int, short: str) -> bool:
    """Whether `short` spells, in order and from a word's first letter, a run of words of the clause that begins
    before `start` and ends at `end` (the text from `start` to `end` is the run's tail: a mention, or nothing when
    the words before a bracket are asked about)."""
    letters = [ch.lower() for ch in short if ch.isalnum()]
    if len(letters) < 2:
        return False
    clause = _LONG_FORM_BREAK.split(text[:start])[-1]
    before = _LONG_FORM_WORDS.findall(clause)[-(len(letters) + MAX_LONG_FORM_EXTRA):]
    tail = text[start:end].lower()
    for first in range(len(before) - 1, -1, -1):
        if before[first][0].lower() == letters[0] and _in_order(letters[1:], " ".join(before[first:]).lower()[1:]
                                                                  + " " + tail):
            return True
    return False


_NUCLEOTIDES = re.compile(r"^[ACGTU]{3,}$")  # symbols spelled in bases: GAA, AGT, TAT, CAT
_SEQUENCE_WORD = re.compile(r"^(?:repeats?|trinucleotides?|triplets?|codons?|expansions?|nucleotides?|bases?|"
                            r"sequences?|motifs?|[ACGTU]{3,}|\d+[A-Z][a-z]{2}|[A-Z][a-z]{2}\d+)$")


def _in_sequence_context(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """Whether a word next to token `i` (two either side) says the token is a run of bases: a sequence word
    ("repeat", "codon", "expansion"), another run of bases, or an amino acid at a position ("362Ser")."""
    near = [text[a:b] for a, b in spans[max(0, i - 2):i] + spans[i + 1:i + 3]]
    return any(_SEQUENCE_WORD.match(word) for word in near)


def _bracketed(text: str, span: tuple[int, int]) -> bool:
    """Whether the token at `span` stands alone in brackets: "(Htt)"."""
    return text[span[0] - 1:span[0]] == "(" and text[span[1]:span[1] + 1] == ")"


def _in_order(letters: list[str], text: str) -> bool:
    position = 0
    for letter in letters:
        position = text.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def _abbreviates(short: str, long: str) -> bool:
    """The short form's letters appear in order in the long form starting at a word's first letter (Schwartz &
    Hearst), or each is the initial of a different long-form word ("DM" for "myotonic dystrophy", from the
    Latin "dystrophia myotonica")."""
    letters = [ch.lower() for ch in short if ch.isalnum()]
    if len(letters) < 2 or not any(ch.isalpha() for ch in short):
        return False
    words = [w.lower() for w in _WORD.findall(long)]
    initials = [w[0] for w in words]
    if len(letters) <= len(initials) and all(letters.count(ch) <= initials.count(ch) for ch in letters):
        return True
    lowered = " ".join(words)
    starts = [i for i, ch in enumerate(lowered) if ch == letters[0] and (i == 0 or lowered[i - 1] == " ")]
    return any(_in_order(letters[1:], lowered[start + 1:]) for start in starts)


def _usable(tokens: tuple[str, ...], name: str, kind: NodeKind) -> bool:
    if not tokens or len(tokens) > MAX_NAME_TOKENS or " ".join(tokens) in STOPLIST:
        return False
    if len(tokens) == 1:
        word = tokens[0]
        if len(word) < MIN_SINGLE_WORD or word.isdigit():
            return False
        if kind == NodeKind.GENE and not any(ch.isdigit() for ch in name):
            return False
    return True


_SUBTYPE = re.compile(r"^(\d+[a-z]?|[ivx]+|[a-z]|type|group|class|form)$")


def _head(key: tuple[str, ...]) -> str:
    """The head of a name: its last word before any subtype label ("Myotonic dystrophy 1" -> "dystrophy")."""
    for word in reversed(key):
        if not _SUBTYPE.match(word):
            return word
    return key[-1]


def folded_word(word: str) -> str:
    """A word as the dictionary keys hold it: normalized and singular."""
    return singular(_fold(word))


def context_flags(text: str, start: int, end: int) -> tuple[bool, bool]:
    """(negated, uncertain) for the span `text[start:end]`, by the same NegEx/ConText rules as dictionary mentions
    (for mentions found another way, e.g. by the dense linker)."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    inside = [i for i, (a, b) in enumerate(spans) if a < end and start < b]
    if not inside:
        return False, False
    words = [_fold(text[a:b]) for a, b in spans]
    return _context(text, spans, words, inside[0], inside[-1] + 1)


def _context(text: str, spans: list[tuple[int, int]], words: list[str], first: int, after: int, floor: int = 0
             ) -> tuple[bool, bool]:
    """(negated, uncertain) from triggers in the same clause within the window before or just after, never
    reaching back before token `floor` (the end of the previous mention)."""
    begin = first
    while begin > max(0, floor, first - NEGATION_WINDOW):
        between = text[spans[begin - 1][1]:spans[begin][0]]
        if _CLAUSE_END.search(between) or words[begin - 1] in lx.NEGEX_TERMINATORS or \
                "," in between and words[begin] in lx.PHRASE_OPENERS:
            break  # "without surgery, the development of cancer": a comma and a determiner start another phrase
        begin -= 1
    before = words[begin:first]
    end = after
    while end < min(len(words), after + 4):
        if _CLAUSE_END.search(text[spans[end - 1][1]:spans[end][0]]):
            break
        end += 1
    following = words[after:end]
    negated = _contains(before, lx.PRE_NEGATION) or _starts(following, lx.POST_NEGATION)
    uncertain = _contains(before, lx.PRE_UNCERTAIN) or _starts(following, lx.POST_UNCERTAIN)
    return negated, uncertain


def _contains(words: list[str], triggers: list[tuple[str, ...]]) -> bool:
    return any(tuple(words[i:i + len(t)]) == t for t in triggers for i in range(len(words) - len(t) + 1))


def _starts(words: list[str], triggers: list[tuple[str, ...]]) -> bool:
    return any(tuple(words[:len(t)]) == t for t in triggers)
