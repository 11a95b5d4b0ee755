"""GA4GH Phenopacket v2 JSON: a case's observed and excluded HPO terms and its diagnosis.

Read with the standard json module rather than the `phenopackets` protobuf package: only four fields are
needed (`id`, `phenotypicFeatures[].type.id` with `excluded`, `interpretations[].diagnosis.disease.id`,
`diseases[].term.id`), and the protobuf classes would add a dependency and reject the partial packets that
case collections contain for no gain here. A file that is not JSON, is not an object, or has no phenotypic
feature is reported as `path: reason`. Collections are read from a directory (recursively) or a zip file,
one file at a time, so memory stays flat however many cases there are.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgrag.errors import InputFileError, NotFoundError


@dataclass(frozen=True, slots=True)
class PhenopacketCase:
    """What differential diagnosis reads from one phenopacket."""

    id: str
    path: str  # the file, or "archive.zip:member" inside a zip
    observed: tuple[str, ...]
    excluded: tuple[str, ...]
    diagnoses: tuple[str, ...]  # disease ids: interpretations' diagnoses first, then `diseases`
    labels: tuple[tuple[str, str], ...] = ()  # (id, label) of every term and disease the file names


def _term_id(value: Any) -> str:
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"].strip()
    return ""


def parse_phenopacket(text: str | bytes, path: str) -> PhenopacketCase:
    """One phenopacket from its JSON text; `path` names it in errors. Raises InputFileError."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputFileError(path, None, f"not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputFileError(path, None, "not a phenopacket: the JSON is not an object")
    features = data.get("phenotypicFeatures")
    if not isinstance(features, list) or not features:
        raise InputFileError(path, None, "no phenotypicFeatures: nothing to rank diseases by")
    observed: list[str] = []
    excluded: list[str] = []
    labels: dict[str, str] = {}
    for feature in features:
        term = feature.get("type") if isinstance(feature, dict) else None
        term_id = _term_id(term)
        if not term_id:
            continue
        labels.setdefault(term_id, str(term.get("label", "")) if isinstance(term, dict) else "")
        target = excluded if feature.get("excluded") is True else observed
        if term_id not in target:
            target.append(term_id)
    if not observed and not excluded:
        raise InputFileError(path, None, "no phenotypicFeatures with an HPO id (type.id)")
    diagnoses: list[str] = []
    for interpretation in data.get("interpretations") or ():
        diagnosis = interpretation.get("diagnosis") if isinstance(interpretation, dict) else None
        disease = diagnosis.get("disease") if isinstance(diagnosis, dict) else None
        if (disease_id := _term_id(disease)) and disease_id not in diagnoses:
            diagnoses.append(disease_id)
            labels.setdefault(disease_id, str(disease.get("label", "")) if isinstance(disease, dict) else "")
    for entry in data.get("diseases") or ():
        term = entry.get("term") if isinstance(entry, dict) else None
        if (disease_id := _term_id(term)) and disease_id not in diagnoses and not entry.get("excluded"):
            diagnoses.append(disease_id)
            labels.setdefault(disease_id, str(term.get("label", "")) if isinstance(term, dict) else "")
    case_id = data.get("id") if isinstance(data.get("id"), str) and data.get("id") else Path(path).stem
    return PhenopacketCase(str(case_id), path, tuple(observed), tuple(excluded), tuple(diagnoses),
                           tuple(labels.items()))


def read_phenopacket(path: str | Path) -> PhenopacketCase:
    file = Path(path)
    if not file.is_file():
        raise NotFoundError(f"{file}: no such phenopacket file")
    return parse_phenopacket(file.read_bytes(), str(file))


def iter_phenopackets(path: str | Path) -> Iterator[PhenopacketCase | InputFileError]:
    """Every `*.json` in a directory (recursively, sorted) or zip file, one case at a time; a file that is not
    a readable phenopacket comes as its InputFileError, so a collection reports what it skipped."""
    source = Path(path)
    if source.is_dir():
        for file in sorted(source.rglob("*.json")):
            try:
                yield parse_phenopacket(file.read_bytes(), str(file))
            except InputFileError as exc:
                yield exc
    elif source.is_file() and zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            for member in sorted(n for n in archive.namelist() if n.endswith(".json")):
                try:
                    yield parse_phenopacket(archive.read(member), f"{source}:{member}")
                except InputFileError as exc:
                    yield exc
    elif source.is_file():
        try:
            yield parse_phenopacket(source.read_bytes(), str(source))
        except InputFileError as exc:
            yield exc
    else:
        raise NotFoundError(f"{source}: no such phenopacket file, directory or zip")
