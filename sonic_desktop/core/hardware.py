"""Which CUDA GPUs exist and how much video memory they have, without importing torch.

Two sources, in order:
1. torch, but only when something else has already imported it (it takes seconds
   to import and pulls in the CUDA runtime; looking must stay cheap);
2. NVML through `pynvml` (nvidia-ml-py), which needs only the driver.
No driver, no library, or any NVML error means "no GPU": an empty list.

Units: "GB" here is GiB (2**30 bytes), as nvidia-smi and most tools report it, so a
card sold as 24 GB shows about 24.0 (an RTX 4090 reports 23.99).
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

GIB = 2**30

#: Pass as `torch_module` / `nvml` to mean "look it up the normal way".
AUTO: Any = object()


@dataclass(frozen=True)
class GpuInfo:
    index: int  # the N of "cuda:N"
    name: str
    total_vram_gb: float
    free_vram_gb: float
    compute_capability: tuple[int, int] | None
    backend: str  # "nvml" or "torch": where the figures came from

    @property
    def device(self) -> str:
        return f"cuda:{self.index}"


def probe_gpus(torch_module: Any = AUTO, nvml: Any = AUTO) -> list[GpuInfo]:
    """Visible CUDA GPUs in cuda:N order; [] when there are none or the probe fails.

    `torch_module` and `nvml` are injectable for tests: AUTO means the loaded torch
    (if any) and a lazy `import pynvml`; None skips that source.
    """
    torch_mod = sys.modules.get("torch") if torch_module is AUTO else torch_module
    if torch_mod is not None:
        gpus = _probe_torch(torch_mod)
        if gpus is not None:
            return gpus
    nvml_mod = _import_pynvml() if nvml is AUTO else nvml
    if nvml_mod is None:
        return []
    return _probe_nvml(nvml_mod)


def select_gpu(gpus: list[GpuInfo], device: str = "auto") -> GpuInfo | None:
    """The GPU a `device` setting refers to; None for "cpu" or a missing index.

    "auto" takes the GPU with the most total memory (lowest index on a tie), so a
    box with a small and a large card renders on the large one. Engines resolve
    "auto" with this same function so the advice and the render agree.
    """
    if device == "cpu" or not gpus:
        return None
    if device == "auto":
        return max(gpus, key=lambda g: (g.total_vram_gb, -g.index))
    if device.startswith("cuda:") and device[5:].isdigit():
        index = int(device[5:])
        return next((g for g in gpus if g.index == index), None)
    return None


def _probe_torch(torch: Any) -> list[GpuInfo] | None:
    """None (fall back to NVML) when torch has no CUDA or any call fails."""
    try:
        if not torch.cuda.is_available():
            return None
        gpus = []
        for index in range(torch.cuda.device_count()):
            props = torch.cuda.get_device_properties(index)
            free, total = torch.cuda.mem_get_info(index)
            gpus.append(
                GpuInfo(
                    index=index,
                    name=str(props.name),
                    total_vram_gb=total / GIB,
                    free_vram_gb=free / GIB,
                    compute_capability=(int(props.major), int(props.minor)),
                    backend="torch",
                )
            )
        return gpus
    except Exception as exc:  # any torch/driver failure: try NVML instead
        log.debug("torch GPU probe failed: %s", exc)
        return None


def _import_pynvml() -> Any:
    try:
        import pynvml
    except ImportError:
        return None
    return pynvml


def _probe_nvml(nvml: Any) -> list[GpuInfo]:
    try:
        nvml.nvmlInit()
    except Exception as exc:  # no driver, no library, insufficient permissions, ...
        log.debug("NVML unavailable: %s", exc)
        return []
    try:
        handles = [nvml.nvmlDeviceGetHandleByIndex(i) for i in range(nvml.nvmlDeviceGetCount())]
        order = _visible_order(handles, nvml, os.environ.get("CUDA_VISIBLE_DEVICES"))
        gpus = []
        for cuda_index, nvml_index in enumerate(order):
            info = _nvml_device(nvml, handles[nvml_index], cuda_index)
            if info is not None:
                gpus.append(info)
        return gpus
    except Exception as exc:
        log.debug("NVML GPU probe failed: %s", exc)
        return []
    finally:
        try:
            nvml.nvmlShutdown()
        except Exception as exc:
            log.debug("nvmlShutdown failed: %s", exc)


def _nvml_device(nvml: Any, handle: Any, cuda_index: int) -> GpuInfo | None:
    try:
        name = nvml.nvmlDeviceGetName(handle)
        memory = nvml.nvmlDeviceGetMemoryInfo(handle)
    except Exception as exc:  # e.g. a MIG parent or a lost GPU: skip just this one
        log.debug("NVML device %d skipped: %s", cuda_index, exc)
        return None
    try:
        major, minor = nvml.nvmlDeviceGetCudaComputeCapability(handle)
        capability: tuple[int, int] | None = (int(major), int(minor))
    except Exception:
        capability = None
    if isinstance(name, bytes):  # older nvidia-ml-py returns bytes
        name = name.decode("utf-8", "replace")
    return GpuInfo(
        index=cuda_index,
        name=str(name),
        total_vram_gb=memory.total / GIB,
        free_vram_gb=memory.free / GIB,
        compute_capability=capability,
        backend="nvml",
    )


def _visible_order(handles: list[Any], nvml: Any, visible: str | None) -> list[int]:
    """NVML indices in cuda:N order, honouring CUDA_VISIBLE_DEVICES.

    Assumes CUDA enumerates in NVML (PCI bus) order, which holds for one GPU and for
    identical GPUs; with mixed GPUs and CUDA_DEVICE_ORDER unset, CUDA lists the
    fastest first and cuda:N may differ (the torch probe has no such gap).
    Like CUDA, parsing stops at the first entry that names no device.
    """
    if visible is None:
        return list(range(len(handles)))
    order: list[int] = []
    for entry in (part.strip() for part in visible.split(",")):
        if entry.isdigit() and int(entry) < len(handles):
            match: int | None = int(entry)
        elif entry.startswith(("GPU-", "MIG-")):
            match = _uuid_match(handles, nvml, entry)
        else:
            match = None
        if match is None or match in order:
            break
        order.append(match)
    return order


def _uuid_match(handles: list[Any], nvml: Any, prefix: str) -> int | None:
    for index, handle in enumerate(handles):
        try:
            uuid = nvml.nvmlDeviceGetUUID(handle)
        except Exception:
            continue
        if isinstance(uuid, bytes):
            uuid = uuid.decode("ascii", "replace")
        if str(uuid).startswith(prefix):
            return index
    return None
