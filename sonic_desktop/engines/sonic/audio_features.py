"""Phase 1: Whisper features of the conditioning audio (SONIC_FACTS §1.5, §1.6).

The waveform is cut into 30 s windows (480,000 samples); each window gets its own
log-mel features (each normalised on its own, the last one zero-padded) and one pass
of the Whisper encoder. The official code runs the encoder twice per window (once for
all hidden states, once for the last); the last hidden state is the final entry of
the five, so one pass is enough.
"""

from __future__ import annotations

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


def mel_windows(waveform: np.ndarray, feature_extractor: Any) -> list[torch.Tensor]:
    """(1, 80, 3000) float32 log-mel features per 30 s window."""
    samples = np.asarray(waveform, dtype=np.float32).reshape(-1)
    windows = []
    for start in range(0, max(len(samples), 1), WINDOW_SAMPLES):
        chunk = samples[start : start + WINDOW_SAMPLES]
        features = feature_extractor(chunk, sampling_rate=SAMPLE_RATE, return_tensors="pt")
        windows.append(features.input_features.to(torch.float32))
    return windows


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
    """Phase 1: features and encoder states for the whole clip, trimmed and padded."""
    device = device or torch.device("cpu")
    audio_len = audio_length(len(waveform))
    mels = mel_windows(waveform, feature_extractor)
    states = torch.cat([encode_window(encoder, m, device) for m in mels])
    states = states[: TOKENS_PER_AUDIO_FRAME * audio_len]
    if states.shape[0] < TOKENS_PER_AUDIO_FRAME * audio_len:  # cannot happen with 30 s windows
        raise ValueError("Whisper produced fewer tokens than the audio needs")
    prompts = _pad_tokens(states, *PROMPT_PAD)[None]
    last_prompts = _pad_tokens(states[:, -1:], *BUCKET_PAD)[None]
    return AudioFeatures(prompts=prompts, last_prompts=last_prompts, audio_len=audio_len)


def _pad_tokens(tokens: torch.Tensor, before: int, after: int) -> torch.Tensor:
    """Zero tokens before and after along axis 0."""
    shape = tokens.shape[1:]
    return torch.cat(
        [tokens.new_zeros((before, *shape)), tokens, tokens.new_zeros((after, *shape))], dim=0
    )


def prompt_window(prompts: torch.Tensor, frame: int) -> torch.Tensor:
    """audio2token input for one frame: padded tokens [4i, 4i + 10) -> (10, 5, 384)."""
    start = 2 * TOKENS_PER_AUDIO_FRAME * frame
    return prompts[0, start : start + sum(PROMPT_PAD)]


def bucket_window(last_prompts: torch.Tensor, frame: int) -> torch.Tensor:
    """audio2bucket input for one frame: padded tokens [4i, 4i + 50) -> (50, 1, 384)."""
    start = 2 * TOKENS_PER_AUDIO_FRAME * frame
    return last_prompts[0, start : start + sum(BUCKET_PAD)]
