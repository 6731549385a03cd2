"""Phase 1: Whisper features of the conditioning audio (SONIC_FACTS §1.5, §1.6).

The waveform is cut into 30 s windows (480,000 samples); each window gets its own
log-mel features (each normalised on its own, the last one zero-padded) and one pass
of the Whisper encoder. The official code runs the encoder twice per window (once for
all hidden states, once for the last); the last hidden state is the final entry of
the five, so one pass is enough.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

SAMPLE_RATE = 16_000
SAMPLES_PER_AUDIO_FRAME = 640  # 25 audio frames per second
WINDOW_SAMPLES = 750 * SAMPLES_PER_AUDIO_FRAME  # 480,000 = 30 s
TOKENS_PER_AUDIO_FRAME = 2  # Whisper: 50 tokens/s
AUDIO_FRAMES_PER_VIDEO_FRAME = 2  # "step": 12.5 generated frames per second
PROMPT_PAD = (4, 6)  # audio2token context: 10 tokens per frame
BUCKET_PAD = (24, 26)  # audio2bucket context: 50 tokens per frame
HIDDEN_STATES = 5  # 4 encoder layers + the conv stem
WHISPER_WIDTH = 384


@dataclass(frozen=True)
class AudioFeatures:
    """Padded Whisper tokens on the host, float32.

    prompts:       (1, 2·audio_len + 10, 5, 384): all hidden states, padded 4 / 6
    last_prompts:  (1, 2·audio_len + 50, 1, 384): the last hidden state, padded 24 / 26
    """

    prompts: torch.Tensor
    last_prompts: torch.Tensor
    audio_len: int

    @property
    def num_frames(self) -> int:
        return generated_frames(self.audio_len)


def audio_length(samples: int) -> int:
    """25 Hz audio frames in `samples` at 16 kHz.

    Deviation: the official code also caps this at 10,000 (400 s). This engine streams
    its output, so long recordings are rendered whole.
    """
    return samples // SAMPLES_PER_AUDIO_FRAME


def generated_frames(audio_len: int) -> int:
    return audio_len // AUDIO_FRAMES_PER_VIDEO_FRAME


def mel_windows(waveform: np.ndarray, feature_extractor: Any) -> Iterator[torch.Tensor]:
    """(1, 80, 3000) float32 log-mel features per 30 s window, one window at a time."""
    samples = np.asarray(waveform, dtype=np.float32).reshape(-1)
    for start in range(0, max(len(samples), 1), WINDOW_SAMPLES):
        chunk = samples[start : start + WINDOW_SAMPLES]
        features = feature_extractor(chunk, sampling_rate=SAMPLE_RATE, return_tensors="pt")
        yield features.input_features.to(torch.float32)


@torch.no_grad()
def encode_window(encoder: Any, mel: torch.Tensor, device: torch.device) -> torch.Tensor:
    """(1500, 5, 384): the five encoder hidden states of one window, stacked on axis 1."""
    out = encoder(mel.to(device=device, dtype=torch.float32), output_hidden_states=True)
    states = out.hidden_states
    if len(states) != HIDDEN_STATES:
        raise ValueError(
            f"Whisper encoder gave {len(states)} hidden states; Sonic needs a 4-layer encoder"
        )
    return torch.stack(states, dim=2)[0].float().cpu()


def whisper_features(
    waveform: np.ndarray,
    feature_extractor: Any,
    encoder: Any,
    device: torch.device | None = None,
) -> AudioFeatures:
    """Phase 1: features and encoder states for the whole clip, trimmed and padded.

    The padded outputs are allocated once and filled window by window (the padding
    is zeros), so no intermediate copy of the whole clip's states exists.
    """
    device = device or torch.device("cpu")
    audio_len = audio_length(len(waveform))
    tokens = TOKENS_PER_AUDIO_FRAME * audio_len
    before, after = PROMPT_PAD
    last_before, last_after = BUCKET_PAD
    prompts = torch.zeros(1, before + tokens + after, HIDDEN_STATES, WHISPER_WIDTH)
    last_prompts = torch.zeros(1, last_before + tokens + last_after, 1, WHISPER_WIDTH)
    filled = 0
    for mel in mel_windows(waveform, feature_extractor):
        if filled >= tokens:
            break
        states = encode_window(encoder, mel, device)
        take = min(states.shape[0], tokens - filled)
        prompts[0, before + filled : before + filled + take] = states[:take]
        last_prompts[0, last_before + filled : last_before + filled + take] = states[:take, -1:]
        filled += take
    if filled < tokens:  # cannot happen with 30 s windows of 1500 tokens
        raise ValueError("Whisper produced fewer tokens than the audio needs")
    return AudioFeatures(prompts=prompts, last_prompts=last_prompts, audio_len=audio_len)


def prompt_window(prompts: torch.Tensor, frame: int) -> torch.Tensor:
    """audio2token input for one frame: padded tokens [4i, 4i + 10) -> (10, 5, 384)."""
    start = 2 * TOKENS_PER_AUDIO_FRAME * frame
    return prompts[0, start : start + sum(PROMPT_PAD)]


def bucket_window(last_prompts: torch.Tensor, frame: int) -> torch.Tensor:
    """audio2bucket input for one frame: padded tokens [4i, 4i + 50) -> (50, 1, 384)."""
    start = 2 * TOKENS_PER_AUDIO_FRAME * frame
    return last_prompts[0, start : start + sum(BUCKET_PAD)]
