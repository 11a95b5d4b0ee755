"""Whether a phrase the graph lacks names an entity: its head word must be a term, not everyday English.

A claim end the graph cannot link is still shown when it names something ("istradefylline", "Feline
coronavirus", "a pre-sacral mass"), and must not be shown when it is a fragment of the sentence ("helps",
"colleagues", "many countries", "survival benefit", "tissue preparation"). Word lists of fragments do not
generalize; what does is the head word (the last word before any prepositional phrase: "radiotherapy for
prostate cancer" -> "radiotherapy"). The head is a term when:
- a name of the graph ends in it ("mass", "syndrome", "deletion"): the graph's own vocabulary of heads;
- it is written as a symbol (a digit or two capitals: "11p11.2p12", "LINC-PINT"); a symbol before an everyday
  head ("IL-6 receptor") is not enough: on the gold set that rule added two fragments ("IHC cutoffs") and no
  correct claim; but a phrase the author gave a short form in brackets ("long intergenic non-coding RNA
  p53-induced transcript (LINC-PINT)") is named by that definition, whatever its head;
- the phrase reads as a drug (an INN stem: "tocilizumab");
- it is rare in general English: a Zipf frequency below 3.5 in `wordfreq` (the frequency of a word per
  billion words, on a log10 scale, from Wikipedia, subtitles, news, books and the web). Technical words are
  rare there ("cariprazine" 0, "meningococcus" 1.3, "gangliosides" 1.1, "cortisone" 2.5), everyday words
  common ("helps" 4.7, "countries" 5.1, "colleagues" 4.3, "benefit" 4.8).

Why wordfreq: it is a maintained library that ships its frequency tables in the wheel (no download at run
time), and a general-English frequency is exactly the signal a fragment filter needs; an English dictionary
would also accept the technical words. The threshold was read off the claims gold set (README, verification
section): at 3.5 it drops 28 of 184 unlinked fragments kgrag used to show, and 2 of 69 correct unlinked ends.
"""

from __future__ import annotations

import re
from collections.abc import Set
from functools import lru_cache

from wordfreq import zipf_frequency

from kgrag.claims.reading import is_drug_name
from kgrag.linking.dictionary import folded_word

RARE_ZIPF = 3.5
_TOKEN = re.compile(r"\w+(?:[-'./+]\w+)*", re.UNICODE)
_PREPOSITION = re.compile(r"\s+(?:of|in|for|with|from|by|on|at|to|against|among|between|than|such\s+as|that|which|"
                          r"who|under|during)\s+", re.I)
_TRAILING_ASIDE = re.compile(r"\s*\([^()]*\)?\s*$")
_DEFINED_SHORT_FORM = re.compile(r"\s\(([\w-]{2,12})\)\s*$")


@lru_cache(maxsize=50_000)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


EVERYDAY_ZIPF = 3.0


def is_everyday_english(word: str) -> bool:
    """A word common in general English (Zipf >= 3: "results", "summaries", "rationale"), unlike a symbol or a
    technical word ("UKCCCR" 0, "PKU" 2.0): what a section label of an abstract is written in."""
    return _zipf(word.lower()) >= EVERYDAY_ZIPF


def head_word(phrase: str) -> str:
    """The last word (of two letters or more) before any prepositional phrase or trailing aside."""
    first = _PREPOSITION.split(_TRAILING_ASIDE.sub("", phrase), maxsplit=1)[0]
    tokens = [t for t in _TOKEN.findall(first) if sum(ch.isalpha() for ch in t) >= 2]
    return tokens[-1] if tokens else ""


def defines_a_short_form(phrase: str) -> bool:
    """Whether the phrase ends in a short form in brackets written as a symbol, which makes it a name the author
    defined: "long intergenic non-coding RNA p53-induced transcript (LINC-PINT)"."""
    short_form = _DEFINED_SHORT_FORM.search(phrase)
    return short_form is not None and _symbol(short_form.group(1))


def _symbol(word: str) -> bool:
    return any(ch.isdigit() for ch in word) or sum(ch.isupper() for ch in word) >= 2


_VIRAL = re.compile(r"\w{2,}(?:virus|viruses|viridae|virinae|virales)$", re.I)  # "coronavirus", "Paramyxoviridae"
_BACTERIAL = re.compile(r"\w{2,}(?:bacter|bacterium|bacteria|coccus|cocci|monas|mycetes)$", re.I)
# A Latin binomial: a genus (an initial, or a capitalized word that is no English adjective and no "-itis", "-osis"
# disease noun: "Hepatic steatosis", "Pupillary dilation" are not organisms) and an epithet with a Latin ending
# that is not a disease noun's ("monocytogenes", "coli", "aureus", "falciparum"; not "sepsis", "discontinuation").
# Latin disease names ("Lichen planus", "Spina bifida") pass too, but the graph links those, and the test only
# matters for a phrase the graph lacks.
_BINOMIAL = re.compile(r"\b(?P<genus>[A-Z]\.|[A-Z][a-z]{3,}(?<!al)(?<!ic)(?<!ous)(?<!ive)(?<!ary)(?<!ar)(?<!ed)"
                       r"(?<!ing)(?<!ble)(?<!itis)(?<!osis)(?<!esis))\s+"
                       r"(?P<species>[a-z]{3,}(?:us|um|a|ae|is|i|es|ans|ens)(?<!osis)(?<!itis)(?<!iasis)(?<!emia)"
                       r"(?<!ia))\b")


# What may close an organism's name: a serogroup or type ("Meningococcus B", "group A", "type 3"), a short form.
_ORGANISM_SUBTYPE = re.compile(r"\s+(?:(?:sero|sub|geno)?(?:type|group)\s+|strain\s+)?(?:[A-Z]|\d{1,2}|[A-Z]\d{1,2})\b"
                               r"(?![-.]\w)")
_ORGANISM_ASIDE = re.compile(r"\s*\([^()]*\)")


def is_organism_name(phrase: str) -> bool:
    """A phrase that names a pathogen or other organism by the conventions of biological nomenclature: a virus or
    bacterium by its taxon's ending ("Feline coronavirus", "viruses in the family Paramyxoviridae",
    "Helicobacter", "Streptococci"; a bare "virus" is not a name), or a Latin binomial (`_BINOMIAL`) whose genus
    is abbreviated or rare in general English and whose epithet is rare too ("Listeria monocytogenes",
    "N. gonorrhoeae", "E. coli"; "Homo sapiens" has too common a genus). The graph holds no organisms, so this is
    how a claim of what causes an infection keeps its cause."""
    return bool(_organism_words(phrase))


def _organism_words(phrase: str) -> list[re.Match[str]]:
    """The taxon words and the binomials of `is_organism_name` in `phrase`, in order."""
    taxa = [word for word in _TOKEN.finditer(phrase) if _VIRAL.fullmatch(word.group()) or
            _BACTERIAL.fullmatch(word.group())]
    binomials = [b for b in _BINOMIAL.finditer(phrase) if (b.group("genus").endswith(".") or
                 _zipf(b.group("genus").lower()) < 3.2) and _zipf(b.group("species")) < 3.7]
    return sorted(taxa + binomials, key=lambda m: m.start())


def organism_end(phrase: str) -> int | None:
    """Where the organism's name ends in a phrase that names one (`is_organism_name`): after its last taxon word or
    binomial and a short form in brackets right after it ("Listeria monocytogenes successfully treated" ends after
    "monocytogenes", "viruses in the family Paramyxoviridae" after the family, "Feline coronavirus (FCoV) infection
    is common" after "(FCoV)"). None when the phrase names no organism or names an infection by its organism
    ("Cytomegalovirus infections" is the infection, not the virus)."""
    words = _organism_words(phrase)
    if not words:
        return None
    end = words[-1].end()
    for tail in (_ORGANISM_SUBTYPE, _ORGANISM_ASIDE):  # "Meningococcus B", "parainfluenzavirus type 3 (PI3)"
        more = tail.match(phrase, end)
        end = more.end() if more else end
    return None if re.match(r"\s+(?:co-?)?infections?\b", phrase[end:], re.I) else end


class TermTest:
    """`names_a_term(phrase)` for phrases the graph lacks (see the module docstring); `heads` are the graph's
    name heads, folded as the linker folds them (`DictionaryLinker.vocabulary()[1]`)."""

    def __init__(self, heads: Set[str], rare_zipf: float = RARE_ZIPF) -> None:
        self.heads = heads
        self.rare_zipf = rare_zipf

    def is_technical(self, word: str) -> bool:
        """A single word that is a symbol, a drug's name or rare in general English: the words an author joins
        to "-induced" or "-related" as an agent ("cisplatin", "HIV"), unlike everyday ones ("age", "dose")."""
        return _symbol(word) or is_drug_name(word) or _zipf(word.lower()) < self.rare_zipf

    def names_a_term(self, phrase: str) -> bool:
        head = head_word(phrase)
        if not head:
            return False
        if is_drug_name(phrase) or _symbol(head):
            return True
        if defines_a_short_form(phrase):
            return True  # "... p53-induced transcript (LINC-PINT)": the author named it with a short form
        return folded_word(head) in self.heads or _zipf(head.lower()) < self.rare_zipf
