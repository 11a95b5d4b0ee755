"""What the hardware computes fast: the device and dtype embedding and answering models run in.

One rule for both model kinds: fp16 on CUDA, bf16 on a CPU with native bf16 arithmetic (avx512_bf16 or AMX),
else fp32. bf16 on a CPU without those instructions is emulated and slower than fp32, hence the flag check.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Literal

from kgrag.errors import ConfigError

Device = Literal["auto", "cpu", "cuda"]
Precision = Literal["auto", "fp32", "bf16", "fp16"]
Backend = Literal["auto", "torch", "openvino"]
BACKENDS: tuple[str, ...] = ("torch", "openvino")
PRECISIONS: tuple[str, ...] = ("fp32", "bf16", "fp16")
_NATIVE_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16"})


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The CPU's feature flags as Linux reports them (empty elsewhere, which means fp32)."""
    try:
        with cpuinfo.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if line.startswith("flags"):
                    return frozenset(line.partition(":")[2].split())
    except OSError:
        pass
    return frozenset()


NVIDIA_DRIVER = Path("/proc/driver/nvidia")


def pick_device(device: str, driver: Path = NVIDIA_DRIVER) -> str:
    """The device to run on: as configured, or for `auto` CUDA when torch sees one. Without an NVIDIA driver
    (on Linux, `/proc/driver/nvidia`) there is no CUDA device, and torch is not imported to learn that: a
    query embedded without torch (kgrag/text/plain_pipeline.py) saves the seconds the import takes."""
    if device != "auto":
        return device
    if sys.platform.startswith("linux") and not driver.exists():
        return "cpu"
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def cpu_threads() -> int:
    """Threads for CPU inference outside torch (OpenVINO): torch's own count when torch is loaded, else
    `OMP_NUM_THREADS` when set, else the CPUs this process may run on."""
    torch = sys.modules.get("torch")
    if torch is not None:
        return int(torch.get_num_threads())
    configured = os.environ.get("OMP_NUM_THREADS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def pick_precision(precision: Precision, device: str, flags: frozenset[str] | None = None) -> str:
    """The dtype to embed in: as configured, or for `auto` the fastest one this hardware computes natively.

    bf16 on a CPU without native bf16 instructions is emulated and slower than fp32, hence the flag check;
    fp16 on a CPU has no fast kernels at all, so it is refused rather than silently slow."""
    if precision not in ("auto", *PRECISIONS):
        raise ConfigError(f"unknown embedding precision {precision!r}; use auto, {', '.join(PRECISIONS)}")
    if precision == "fp16" and device != "cuda":
        raise ConfigError("fp16 embedding needs a CUDA device; on a CPU use bf16 (if it has avx512_bf16/AMX) or fp32")
    if precision != "auto":
        return precision
    if device == "cuda":
        return "fp16"
    return "bf16" if _NATIVE_BF16_FLAGS & (cpu_flags() if flags is None else flags) else "fp32"


def openvino_installed() -> bool:
    """Whether the `openvino` package can be imported (checked without importing it: that takes a second)."""
    return importlib.util.find_spec("openvino") is not None


def pick_cpu_runtime(setting: str, device: str, installed: bool, *, runtime: str, what: str, option: str,
                     package: str) -> str:
    """`torch` or `runtime`, a CPU-only runtime that is faster there: as configured, or for `auto` `runtime` on a CPU
    when its `package` is installed, else torch (always on CUDA). `what` and `option` name the setting in errors."""
    if setting not in ("auto", "torch", runtime):
        raise ConfigError(f"unknown {what} {setting!r}; use auto, torch, {runtime}")
    if setting == runtime:
        if device == "cuda":
            raise ConfigError(f"{option}={runtime} runs on the CPU; with CUDA use torch")
        if not installed:
            raise ConfigError(f"{option}={runtime} needs the `{package}` package (pip install 'kgrag[cpu]')")
        return runtime
    if setting == "torch":
        return setting
    return runtime if device != "cuda" and installed else "torch"


def pick_backend(backend: Backend, device: str, installed: bool | None = None) -> str:
    """The runtime that embeds: as configured, or for `auto` OpenVINO on a CPU when it is installed (the fastest
    CPU path measured, kgrag/text/openvino_runner.py), else torch (always on CUDA)."""
    return pick_cpu_runtime(backend, device, openvino_installed() if installed is None else installed,
                            runtime="openvino", what="embedding backend", option="KGRAG_EMBEDDING_BACKEND",
                            package="openvino")


__all__ = ["BACKENDS", "PRECISIONS", "Backend", "Device", "Precision", "cpu_flags", "cpu_threads", "openvino_installed",
           "pick_backend", "pick_cpu_runtime", "pick_device", "pick_precision"]
