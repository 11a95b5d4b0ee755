"""The dense index: FAISS over unit vectors, inner-product metric, ids = passage ids.

The index type follows the collection size (`auto`): exact Flat below 200k vectors, where a scan costs a
few milliseconds; IVF above, with `nlist ~ sqrt(n)` lists (k-means training stays a few seconds on two
cores; 4 sqrt(n) lists took minutes to train at 1M) and `nprobe` set so recall@10 stays at or above 0.95
of Flat (benchmarks/bench_passages.py measures it). IVF-PQ trades recall for 16x less memory;
HNSW is the fastest to query but cannot delete, so deletions rebuild it. The index is a cache of the
vectors kept in the passage store: it can always be rebuilt from there, which is also how a Flat index
grows into an IVF one.

On a machine with a GPU (`faiss.get_num_gpus() > 0`, i.e. the faiss-gpu build) searches run on it; the
saved file is always the CPU form. Saving writes a temporary file beside the index and renames it over.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import numpy as np

from kgrag.errors import ConfigError
from kgrag.storage import atomic_file, leftovers

IndexType = Literal["flat", "ivf", "ivfpq", "hnsw"]
FLAT_LIMIT = 200_000  # vectors; above this `auto` builds IVF
HNSW_M = 32
IVF_TRAIN_PER_LIST = 39  # FAISS warns below 39 training points per centroid
IVF_TRAIN_SAMPLE = 64  # training points per list: k-means cost grows with it, quality saturates early
IVF_PROBE_FRACTION = 16


def _faiss() -> Any:
    """The faiss module, imported on first use: kgrag[cpu] or kgrag[gpu] provides it (never both)."""
    try:
        import faiss
    except ImportError:
        raise ConfigError("FAISS is not installed: pip install 'kgrag[cpu]' (or 'kgrag[gpu]' on a CUDA machine, "
                          "after uninstalling faiss-cpu)") from None
    return faiss


def choose_type(setting: str, count: int) -> IndexType:
    if setting == "auto":
        return "flat" if count < FLAT_LIMIT else "ivf"
    if setting not in ("flat", "ivf", "ivfpq", "hnsw"):
        raise ValueError(f"unknown vector index type {setting!r}")
    return setting  # type: ignore[return-value]


def ivf_lists(count: int) -> int:
    """About sqrt(n) lists, a power of two, with enough training points per list."""
    wanted = 2 ** round(math.log2(max(1.0, math.sqrt(count))))
    return max(1, min(wanted, count // IVF_TRAIN_PER_LIST))


def ivf_probes(nlist: int) -> int:
    """Lists scanned per query: 1/16 of them (at least 8), so about 6% of the vectors."""
    return min(nlist, max(8, nlist // IVF_PROBE_FRACTION))


class VectorIndex:
    """A FAISS index with incremental add and delete by passage id, and atomic save."""

    def __init__(self, index: Any, kind: IndexType) -> None:
        self.kind = kind
        self._cpu = index
        self._gpu: Any = None

    # -- building ---------------------------------------------------------------------------------

    @classmethod
    def empty(cls, dimension: int, kind: IndexType = "flat") -> VectorIndex:
        faiss = _faiss()
        if kind != "flat":
            raise ValueError(f"an empty index can only be Flat; {kind} needs vectors to train on")
        return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dimension)), "flat")

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray, kind: IndexType) -> VectorIndex:
        """An index of `kind` over all the given vectors (trained on them where the type needs it)."""
        faiss = _faiss()
        count, dimension = vectors.shape
        if kind == "flat" or count < IVF_TRAIN_PER_LIST * 2:
            index = cls.empty(dimension)
            index.add(ids, vectors)
            return index
        if kind == "hnsw":
            hnsw = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            hnsw.hnsw.efConstruction = 80
            hnsw.hnsw.efSearch = 128
            mapped = faiss.IndexIDMap2(hnsw)
            mapped.add_with_ids(vectors, ids.astype(np.int64))
            return cls(mapped, "hnsw")
        nlist = ivf_lists(count)
        quantizer = faiss.IndexFlatIP(dimension)
        if kind == "ivfpq":
            ivf: Any = faiss.IndexIVFPQ(quantizer, dimension, nlist, _pq_subquantizers(dimension), 8,
                                       faiss.METRIC_INNER_PRODUCT)
        else:
            ivf = faiss.IndexIVFFlat(quantizer, dimension, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = vectors if count <= nlist * IVF_TRAIN_SAMPLE else vectors[np.random.default_rng(0).choice(
            count, nlist * IVF_TRAIN_SAMPLE, replace=False)]
        ivf.train(np.ascontiguousarray(sample))
        ivf.nprobe = ivf_probes(nlist)
        ivf.add_with_ids(vectors, ids.astype(np.int64))
        return cls(ivf, kind)

    # -- changes ----------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        return int(self._cpu.ntotal)

    @property
    def dimension(self) -> int:
        return int(self._cpu.d)

    def ids(self) -> np.ndarray:
        """Every passage id the index holds (for integrity checks against the passage store)."""
        faiss = _faiss()
        if hasattr(self._cpu, "id_map"):  # Flat and HNSW, wrapped in IndexIDMap2
            return np.asarray(faiss.vector_to_array(self._cpu.id_map), dtype=np.int64)
        ivf = faiss.extract_index_ivf(self._cpu)  # IVF and IVF-PQ keep ids in their inverted lists
        parts = [faiss.rev_swig_ptr(ivf.invlists.get_ids(n), ivf.invlists.list_size(n)).copy()
                 for n in range(ivf.nlist) if ivf.invlists.list_size(n)]
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        if vectors.shape[1] != self.dimension:
            raise ValueError(f"vectors have {vectors.shape[1]} dimensions, the index {self.dimension}")
        self._cpu.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))
        self._gpu = None

    def remove(self, ids: Iterable[int]) -> int:
        """Drops these passage ids; HNSW cannot delete in place and is rebuilt from what it keeps."""
        faiss = _faiss()
        wanted = np.fromiter(ids, dtype=np.int64)
        if len(wanted) == 0:
            return 0
        self._gpu = None
        if self.kind != "hnsw":
            return int(self._cpu.remove_ids(faiss.IDSelectorBatch(wanted)))
        kept_ids = faiss.vector_to_array(self._cpu.id_map)
        keep = ~np.isin(kept_ids, wanted)
        vectors = self._cpu.index.reconstruct_n(0, self._cpu.ntotal)
        rebuilt = VectorIndex.build(kept_ids[keep], vectors[keep], "hnsw")
        self._cpu = rebuilt._cpu
        return int((~keep).sum())

    # -- search -----------------------------------------------------------------------------------

    def _searcher(self) -> Any:
        faiss = _faiss()
        if self.kind in ("flat", "ivf", "ivfpq") and faiss.get_num_gpus() > 0:  # pragma: no cover - GPU only
            if self._gpu is None:
                self._gpu = faiss.index_cpu_to_gpu(faiss.StandardGpuResources(), 0, self._cpu)
            return self._gpu
        return self._cpu

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids), each `len(queries) x k`; missing results have id -1."""
        if self.count == 0:
            shape = (len(queries), k)
            return np.zeros(shape, dtype=np.float32), np.full(shape, -1, dtype=np.int64)
        scores, ids = self._searcher().search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return scores, ids

    # -- files ------------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Replace `path` atomically (`kgrag.storage.atomic_file`)."""
        with atomic_file(path) as temp:
            _faiss().write_index(self._cpu, str(temp))

    @staticmethod
    def leftovers(path: Path) -> list[Path]:
        """Temporary files of saves that never finished (the process died before the rename)."""
        return leftovers(path)

    @classmethod
    def load(cls, path: Path, kind: IndexType) -> VectorIndex:
        faiss = _faiss()
        index = faiss.read_index(str(path))
        if kind in ("ivf", "ivfpq"):
            ivf = faiss.extract_index_ivf(index)
            ivf.nprobe = ivf_probes(ivf.nlist)
        return cls(index, kind)


def _pq_subquantizers(dimension: int) -> int:
    """Sub-vectors of 8 dimensions at most (384 -> 48 bytes a vector), a divisor of the dimension."""
    for m in (dimension // 8, 64, 48, 32, 16, 8, 4, 2, 1):
        if m and dimension % m == 0:
            return m
    return 1
