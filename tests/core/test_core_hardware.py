from __future__ import annotations

import dataclasses
import sys
from types import SimpleNamespace

import pytest

from sonic_desktop.core.hardware import GIB, GpuInfo, probe_gpus, select_gpu


class NVMLError(Exception):
    pass


class FakeNvml:
    """The pynvml calls hardware.py makes, over a list of fake boards."""

    def __init__(self, boards, fail_init=False, fail_count=False):
        self.boards = boards
        self.fail_init = fail_init
        self.fail_count = fail_count
        self.shutdowns = 0

    def nvmlInit(self):
        if self.fail_init:
            raise NVMLError("Driver Not Loaded")

    def nvmlShutdown(self):
        self.shutdowns += 1

    def nvmlDeviceGetCount(self):
        if self.fail_count:
            raise NVMLError("Unknown Error")
        return len(self.boards)

    def nvmlDeviceGetHandleByIndex(self, index):
        return self.boards[index]

    def nvmlDeviceGetName(self, handle):
        return handle["name"]

    def nvmlDeviceGetUUID(self, handle):
        return handle["uuid"]

    def nvmlDeviceGetMemoryInfo(self, handle):
        if handle.get("no_memory"):
            raise NVMLError("Not Supported")
        return SimpleNamespace(total=handle["total"], free=handle["free"], used=0)

    def nvmlDeviceGetCudaComputeCapability(self, handle):
        if handle.get("cc") is None:
            raise NVMLError("Not Supported")
        return handle["cc"]


def board(name, total_gib, free_gib, cc=(8, 6), uuid="GPU-0000", **extra):
    return {
        "name": name,
        "total": int(total_gib * GIB),
        "free": int(free_gib * GIB),
        "cc": cc,
        "uuid": uuid,
        **extra,
    }


@pytest.fixture(autouse=True)
def _no_visible_devices_env(monkeypatch):
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)


def test_nvml_boards_become_gpu_infos():
    nvml = FakeNvml(
        [
            board(b"NVIDIA GeForce RTX 3060", 12, 11.2, uuid="GPU-aaa"),  # old bindings: bytes
            board("NVIDIA GeForce RTX 4090", 23.99, 22.5, cc=(8, 9), uuid="GPU-bbb"),
        ]
    )
    gpus = probe_gpus(torch_module=None, nvml=nvml)
    rounded = [
        dataclasses.replace(
            g, total_vram_gb=round(g.total_vram_gb, 2), free_vram_gb=round(g.free_vram_gb, 2)
        )
        for g in gpus
    ]
    assert rounded == [
        GpuInfo(0, "NVIDIA GeForce RTX 3060", 12.0, 11.2, (8, 6), "nvml"),
        GpuInfo(1, "NVIDIA GeForce RTX 4090", 23.99, 22.5, (8, 9), "nvml"),
    ]
    assert gpus[1].device == "cuda:1"
    assert nvml.shutdowns == 1


def test_no_driver_means_no_gpu():
    assert probe_gpus(torch_module=None, nvml=FakeNvml([], fail_init=True)) == []


def test_an_nvml_failure_mid_probe_means_no_gpu_and_still_shuts_down():
    nvml = FakeNvml([board("X", 8, 8)], fail_count=True)
    assert probe_gpus(torch_module=None, nvml=nvml) == []
    assert nvml.shutdowns == 1


def test_one_unreadable_board_is_skipped_and_missing_capability_is_none():
    nvml = FakeNvml([board("Broken", 8, 8, no_memory=True), board("Old", 6, 5, cc=None)])
    [gpu] = probe_gpus(torch_module=None, nvml=nvml)
    assert gpu.name == "Old" and gpu.compute_capability is None and gpu.index == 1


@pytest.mark.parametrize(
    ("visible", "names"),
    [
        ("1", ["B"]),
        ("1,0", ["B", "A"]),
        ("", []),
        ("-1", []),
        ("0,7,1", ["A"]),  # CUDA stops at the first invalid entry
        ("GPU-bbb", ["B"]),
    ],
)
def test_cuda_visible_devices_is_honoured(monkeypatch, visible, names):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", visible)
    nvml = FakeNvml([board("A", 8, 8, uuid="GPU-aaa"), board("B", 16, 16, uuid="GPU-bbb-ccc")])
    gpus = probe_gpus(torch_module=None, nvml=nvml)
    assert [g.name for g in gpus] == names
    assert [g.index for g in gpus] == list(range(len(names)))


def fake_torch(available=True, boards=(), explode=False):
    def props(index):
        name, total, _free, cc = boards[index]
        return SimpleNamespace(name=name, total_memory=total, major=cc[0], minor=cc[1])

    def mem_get_info(index):
        if explode:
            raise RuntimeError("CUDA error: out of memory")
        _name, total, free, _cc = boards[index]
        return free, total

    cuda = SimpleNamespace(
        is_available=lambda: available,
        device_count=lambda: len(boards),
        get_device_properties=props,
        mem_get_info=mem_get_info,
    )
    return SimpleNamespace(cuda=cuda)


def test_loaded_torch_is_preferred():
    torch = fake_torch(boards=[("NVIDIA H100 80GB HBM3", 80 * GIB, 70 * GIB, (9, 0))])
    nvml = FakeNvml([board("should not be used", 8, 8)])
    [gpu] = probe_gpus(torch_module=torch, nvml=nvml)
    assert gpu == GpuInfo(0, "NVIDIA H100 80GB HBM3", 80.0, 70.0, (9, 0), "torch")


@pytest.mark.parametrize(
    "torch",
    [fake_torch(available=False), fake_torch(explode=True, boards=[("X", GIB, GIB, (8, 0))])],
)
def test_torch_without_cuda_or_failing_falls_back_to_nvml(torch):
    [gpu] = probe_gpus(torch_module=torch, nvml=FakeNvml([board("A", 8, 7)]))
    assert gpu.backend == "nvml"


def test_looking_never_imports_torch(monkeypatch):
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    assert probe_gpus(nvml=None) == []
    assert "torch" not in sys.modules


def test_real_probe_does_not_raise():
    gpus = probe_gpus()
    assert all(isinstance(g, GpuInfo) for g in gpus)


def test_select_gpu():
    small = GpuInfo(0, "small", 8.0, 7.0, (8, 6), "nvml")
    large = GpuInfo(1, "large", 24.0, 20.0, (8, 9), "nvml")
    assert select_gpu([small, large], "auto") is large
    assert select_gpu([small, large], "cuda:0") is small
    assert select_gpu([small, large], "cuda:5") is None
    assert select_gpu([small, large], "cpu") is None
    assert select_gpu([], "auto") is None
