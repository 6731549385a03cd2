"""`SonicEngine`: the Engine protocol around the Sonic pipeline.

`prepare` is cheap and fails early: weights status (no model is loaded), face and
audio analysis, frame count, device, precision and memory strategy, and the cost
model's estimate. `frames` loads the models, runs the pipeline and streams frames.
This module imports torch only inside its methods.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sonic_desktop.core.errors import (
    AudioTooShort,
    EngineUnavailable,
    UntrustedWeights,
    WeightsMissing,
)
from sonic_desktop.core.progress import (
    CancelToken,
    ProgressCallback,
    ProgressEvent,
    ProgressTracker,
    Stage,
)
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.engines.base import Plan
from sonic_desktop.engines.inputs import PreparedInputs, prepare_inputs
from sonic_desktop.models.layouts import WeightsLayout
from sonic_desktop.models.status import WeightsReport, weights_status
from sonic_desktop.models.trust import TrustStore

if TYPE_CHECKING:
    import torch

    from sonic_desktop.engines.sonic.memory import Runtime
    from sonic_desktop.engines.sonic.pipeline import SonicPipeline

log = logging.getLogger(__name__)

RIFE_FPS = 25.0
GENERATED_FPS = 12.5


@dataclass(frozen=True)
class SonicPlanState:
    layout: WeightsLayout
    runtime: Runtime
    seed: int
    num_frames: int


def weights_problem(report: WeightsReport, frame_interpolation: bool) -> WeightsMissing | None:
    problems = report.problems(frame_interpolation)
    if not problems:
        return None
    first = problems[0]
    more = f" ({len(problems) - 1} more file(s) also need attention)" if len(problems) > 1 else ""
    return WeightsMissing(f"Sonic weights: {first.describe()}{more}")


def resolve_runtime(
    settings: RenderSettings, image_size: tuple[int, int] | None = None
) -> tuple[Runtime, list[str]]:
    """Device, dtype and memory strategy; fp16 (or bf16) on CUDA, fp32 on the CPU.

    `auto` takes the GPU the advisor would (most memory), and the memory strategy is
    the cost model's choice for that GPU's free memory unless the user set one.
    """
    import torch

    from sonic_desktop.core.cost_model import resolve_memory_strategy
    from sonic_desktop.core.hardware import probe_gpus, select_gpu
    from sonic_desktop.engines.sonic.memory import Runtime

    notices: list[str] = []
    cuda = torch.cuda.is_available()
    wanted = settings.device
    if wanted.startswith("cuda") and (not cuda or int(wanted[5:]) >= torch.cuda.device_count()):
        raise EngineUnavailable(
            f"{wanted} is not available to torch",
            "Choose device auto or cpu, or install the CUDA build of torch.",
        )
    if wanted == "cpu" or not cuda:
        if settings.precision in ("fp16", "bf16"):
            notices.append(f"Precision {settings.precision} is for GPUs; the CPU runs in fp32.")
        return Runtime(torch.device("cpu"), torch.float32, "full"), notices

    gpu = select_gpu(probe_gpus(torch_module=torch), wanted)
    device = torch.device(wanted if wanted != "auto" else (gpu.device if gpu else "cuda:0"))
    precision = "fp16" if settings.precision == "auto" else settings.precision
    if precision == "bf16" and not torch.cuda.is_bf16_supported():
        notices.append("This GPU has no bf16 support; using fp16.")
        precision = "fp16"
    dtype = {"fp16": torch.float16, "bf16": torch.bfloat16, "fp32": torch.float32}[precision]
    strategy = resolve_memory_strategy(settings, gpu, image_size)
    return Runtime(device, dtype, strategy), notices


class SonicEngine:
    """The Sonic model.

    `initial_noise` (1, N, 4, H/8, W/8) replaces the seeded initial noise (parity checks
    against another implementation); `trust` is the trust store for pickles and the
    TorchScript face detector (default: the user's).
    """

    name = "sonic"
    label = "Sonic"

    def __init__(
        self, *, initial_noise: torch.Tensor | None = None, trust: TrustStore | None = None
    ) -> None:
        self.initial_noise = initial_noise
        self.trust = trust
        self._pipeline: SonicPipeline | None = None

    # -- prepare ------------------------------------------------------------------------

    def prepare(self, request: RenderRequest, progress: ProgressCallback) -> Plan:
        from sonic_desktop.engines.sonic.audio_features import audio_length, generated_frames
        from sonic_desktop.engines.sonic.pipeline import output_frame_count

        settings = request.settings
        progress(ProgressEvent(Stage.ANALYSING_INPUTS, 0, 1, message="checking the Sonic weights"))

        # 1. Weights: every needed file present and plausible (nothing is loaded yet).
        report = weights_status(request.weights_dir)
        problem = weights_problem(report, settings.frame_interpolation)
        if problem is not None:
            raise problem
        layout = report.layout

        # 2. Face and audio (the official detector when it is present and trusted).
        notices: list[str] = []
        request = self._with_official_face(request, layout, notices)
        inputs = prepare_inputs(request)
        num_frames = generated_frames(audio_length(len(inputs.conditioning)))
        if num_frames < 1:
            raise AudioTooShort("The audio is shorter than one Sonic frame (0.08 s)")

        # 3. Device, precision, memory strategy; the seed.
        runtime, runtime_notices = resolve_runtime(settings, (inputs.width, inputs.height))
        notices += runtime_notices
        seed = settings.seed if settings.seed is not None else secrets.randbelow(2**32)
        if settings.seed is None:
            notices.append(f"Random seed {seed} (set it to render the same video again).")

        # 4. Frames out and the estimate.
        interpolate = settings.frame_interpolation
        frame_count = output_frame_count(num_frames, interpolate)
        fps = RIFE_FPS if interpolate else GENERATED_FPS
        estimate_s, peak_gb = self._estimate(settings, inputs.duration_s, runtime, inputs)
        progress(ProgressEvent(Stage.ANALYSING_INPUTS, 1, 1))
        return Plan(
            request=request,
            inputs=inputs,
            frame_count=frame_count,
            fps=fps,
            width=inputs.width,
            height=inputs.height,
            estimate_seconds=estimate_s,
            estimate_peak_memory_gb=peak_gb,
            notices=notices,
            state=SonicPlanState(layout, runtime, seed, num_frames),
        )

    def _with_official_face(
        self, request: RenderRequest, layout: WeightsLayout, notices: list[str]
    ) -> RenderRequest:
        """Use yoloface_v5m.pt for the face box when trusted; else dlib (in prepare_inputs)."""
        path = layout.path("yoloface")
        if request.face_box is not None or path is None:
            return request
        from sonic_desktop.media import load_image
        from sonic_desktop.models.safe_load import load_torchscript

        try:
            model = load_torchscript(path, trust=self.trust, name=layout.display_name("yoloface"))
        except (UntrustedWeights, WeightsMissing) as exc:
            notices.append(f"Using the dlib face detector: {exc.message}.")
            return request
        from sonic_desktop.engines.sonic.detector import detect

        found = detect(model, load_image(request.image))
        if not found:
            return request  # dlib gets its own chance and reports NoFaceFound itself
        return dataclasses.replace(request, face_box=found[0].box)

    @staticmethod
    def _estimate(
        settings: RenderSettings, duration_s: float, runtime: Runtime, inputs: PreparedInputs
    ) -> tuple[float | None, float | None]:
        try:
            from sonic_desktop.core.cost_model import estimate
            from sonic_desktop.core.hardware import probe_gpus, select_gpu

            gpu = None
            if runtime.device.type == "cuda":
                gpu = select_gpu(probe_gpus(), f"cuda:{runtime.device.index or 0}")
            found = estimate(
                settings.replace(duration=None),
                duration_s,
                gpu,
                image_size=(inputs.width, inputs.height),
                engine="sonic",
            )
        except Exception:  # an estimate is advice; never fail a render over it
            log.exception("estimate failed")
            return None, None
        return found.total_seconds, (found.peak_vram_gb or None)

    # -- frames -------------------------------------------------------------------------

    def frames(
        self, plan: Plan, progress: ProgressCallback, cancel: CancelToken
    ) -> Iterator[np.ndarray]:
        from sonic_desktop.engines.sonic.components import COMPONENT_STEPS, load_components
        from sonic_desktop.engines.sonic.conditioning import reference_image
        from sonic_desktop.engines.sonic.pipeline import SonicJob, SonicPipeline
        from sonic_desktop.engines.sonic.sampler import SamplerSettings

        state: SonicPlanState = plan.state
        settings = plan.request.settings
        runtime = state.runtime

        # 0. Models.
        tracker = ProgressTracker(Stage.LOADING_MODELS, COMPONENT_STEPS, progress)
        cancel.check()

        def loaded(name: str) -> None:
            tracker.advance(message=f"loaded {name}")
            cancel.check()

        components = load_components(
            state.layout,
            runtime.dtype,
            ip_audio_scale=settings.ip_audio_scale,
            frame_interpolation=settings.frame_interpolation,
            trust=self.trust,
            on_loaded=loaded,
        )
        self._pipeline = SonicPipeline(components, runtime)

        job = SonicJob(
            reference=reference_image(plan.inputs),
            waveform=plan.inputs.conditioning,
            steps=settings.inference_steps,
            seed=state.seed,
            sampler=SamplerSettings(
                frames_per_window=settings.frames_per_window,
                shift_offset=settings.shift_offset,
                appearance_guidance_scale=settings.appearance_guidance_scale,
                audio_guidance_scale=settings.audio_guidance_scale,
            ),
            dynamic_scale=settings.dynamic_scale,
            motion_scale=settings.motion_scale,
            ip_audio_scale=settings.ip_audio_scale,
            decode_chunk_size=settings.decode_chunk_size,
            frame_interpolation=settings.frame_interpolation,
            initial_noise=self.initial_noise,
        )
        produced = 0
        for frame in self._pipeline.run(job, progress, cancel):
            produced += 1
            yield frame
        if produced != plan.frame_count:
            raise RuntimeError(f"Sonic produced {produced} frames, {plan.frame_count} were planned")

    def release(self) -> None:
        """Drop the models and free device memory."""
        if self._pipeline is None:
            return
        self._pipeline = None
        from sonic_desktop.engines.sonic.memory import release_device_memory

        release_device_memory()
