"""A small HPO release written by the tests: five OMIM diseases over a short hierarchy, with frequencies, a NOT
annotation, modes of inheritance and genes, chosen so each differential-diagnosis rule changes an order.

    All > Phenotypic abnormality > Abnormality of the eye > Ectopia lentis > Lens subluxation
                                                          > Myopia
                                 > Abnormality of the skeletal system > Arachnodactyly, Tall stature
                                 > Abnormality of the nervous system > Seizure (alt_id HP:0002279;
                                                                       HP:0009999 is obsolete, replaced by it)
        > Mode of inheritance > Autosomal dominant, Autosomal recessive
"""

from __future__ import annotations

from pathlib import Path

TERMS = {  # id: (name, parents, extra lines)
    "HP:0000001": ("All", (), ""),
    "HP:0000118": ("Phenotypic abnormality", ("HP:0000001",), ""),
    "HP:0000478": ("Abnormality of the eye", ("HP:0000118",), ""),
    "HP:0001083": ("Ectopia lentis", ("HP:0000478",), 'synonym: "Dislocated lens" EXACT layperson []\n'),
    "HP:0100530": ("Lens subluxation", ("HP:0001083",), ""),
    "HP:0000545": ("Myopia", ("HP:0000478",), ""),
    "HP:0000924": ("Abnormality of the skeletal system", ("HP:0000118",), ""),
    "HP:0001166": ("Arachnodactyly", ("HP:0000924",), 'synonym: "Spider fingers" EXACT layperson []\n'),
    "HP:0000098": ("Tall stature", ("HP:0000924",), ""),
    "HP:0000707": ("Abnormality of the nervous system", ("HP:0000118",), ""),
    "HP:0001250": ("Seizure", ("HP:0000707",), "alt_id: HP:0002279\n"),
    "HP:0000005": ("Mode of inheritance", ("HP:0000001",), ""),
    "HP:0000006": ("Autosomal dominant inheritance", ("HP:0000005",), ""),
    "HP:0000007": ("Autosomal recessive inheritance", ("HP:0000005",), ""),
}
OBSOLETE = 'id: HP:0009999\nname: obsolete Fits\nis_obsolete: true\nreplaced_by: HP:0001250\n'
HPOA = [  # disease, name, qualifier, term, frequency
    ("OMIM:154700", "Marfan syndrome", "", "HP:0001166", "HP:0040281"),
    ("OMIM:154700", "Marfan syndrome", "", "HP:0001083", "5/8"),
    ("OMIM:154700", "Marfan syndrome", "", "HP:0000098", ""),
    ("OMIM:236200", "Homocystinuria", "", "HP:0100530", "1/1"),
    ("OMIM:236200", "Homocystinuria", "", "HP:0000545", "HP:0040282"),
    ("OMIM:236200", "Homocystinuria", "", "HP:0001250", "HP:0040283"),
    ("OMIM:100000", "Epileptic encephalopathy", "", "HP:0001250", "1/2"),
    ("OMIM:200000", "Myopia syndrome", "", "HP:0000545", "HP:0040280"),
    ("OMIM:200000", "Myopia syndrome", "NOT", "HP:0001083", ""),
    ("OMIM:300000", "Seizure-myopia syndrome", "", "HP:0001250", "HP:0040281"),
    ("OMIM:300000", "Seizure-myopia syndrome", "", "HP:0000545", "HP:0040280"),
    ("ORPHA:558", "Marfan syndrome", "", "HP:0001166", "HP:0040281"),
]
INHERITANCE = [("OMIM:154700", "Marfan syndrome", "HP:0000006"), ("OMIM:236200", "Homocystinuria", "HP:0000007")]
GENES = [  # NCBI gene id, symbol, disease: FBN1 and TGFBR2 for Marfan, CBS and TGFBR2 for homocystinuria
    ("2200", "FBN1", "OMIM:154700"), ("7048", "TGFBR2", "OMIM:154700"), ("875", "CBS", "OMIM:236200"),
    ("7048", "TGFBR2", "OMIM:236200"),
]
N = 5  # OMIM diseases: the default candidates


def write_release(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stanzas = []
    for term, (name, parents, extra) in TERMS.items():
        if not name:
            continue
        stanzas.append(f"[Term]\nid: {term}\nname: {name}\n{extra}" + "".join(f"is_a: {p}\n" for p in parents))
    stanzas.append(f"[Term]\n{OBSOLETE}")
    (directory / "hp.obo").write_text("format-version: 1.2\ndata-version: hp/releases/2099-02-02\n\n"
                                      + "\n".join(stanzas), encoding="utf-8")
    header = ("#version: 2099-02-02\ndatabase_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\t"
              "frequency\tsex\tmodifier\taspect\tbiocuration\n")
    rows = "".join(f"{d}\t{n}\t{q}\t{t}\t{d}\tTAS\t\t{f}\t\t\tP\tHPO:test[2099-01-01]\n" for d, n, q, t, f in HPOA)
    rows += "".join(f"{d}\t{n}\t\t{t}\t{d}\tTAS\t\t\t\t\tI\tHPO:test[2099-01-01]\n" for d, n, t in INHERITANCE)
    (directory / "phenotype.hpoa").write_text(header + rows, encoding="utf-8")
    genes = "ncbi_gene_id\tgene_symbol\thpo_id\thpo_name\tfrequency\tdisease_id\n" + "".join(
        f"{g}\t{symbol}\tHP:0001166\tArachnodactyly\t-\t{d}\n" for g, symbol, d in GENES)
    (directory / "genes_to_phenotype.txt").write_text(genes, encoding="utf-8")
    return directory
