"""Whisper features, token windows and padding, the audio adapters (SONIC_FACTS §1.5-§1.7)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from tiny_checkpoints import AUDIO2BUCKET_SHAPES, AUDIO2TOKEN_SHAPES, WHISPER_CONFIG

from sonic_desktop.engines.sonic.adapters import (
    Audio2BucketModel,
    AudioProjModel,
    audio_conditioning,
    scale_buckets,
)
from sonic_desktop.engines.sonic.audio_features import (
    AudioFeatures,
    audio_length,
    bucket_window,
    generated_frames,
    prompt_window,
    whisper_features,
)


@pytest.fixture(scope="module")
def whisper():
    from transformers import WhisperConfig, WhisperFeatureExtractor, WhisperModel

    torch.manual_seed(0)
    model = WhisperModel(WhisperConfig(**WHISPER_CONFIG)).eval()
    extractor = WhisperFeatureExtractor(feature_size=80, sampling_rate=16000, hop_length=160)
    return model.encoder, extractor


def test_frame_counts():
    assert audio_length(40_000) == 62 and generated_frames(62) == 31  # 2.5 s
    assert audio_length(160_000) == 250 and generated_frames(250) == 125  # 10 s
    assert generated_frames(audio_length(240_000)) == 187  # SONIC_FACTS §6.3: 15 s
    assert generated_frames(audio_length(1_279)) == 0


class _CountingEncoder(torch.nn.Module):
    """Stands in for the Whisper encoder: 5 hidden states, each its window's index."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0
        self.anchor = torch.nn.Parameter(torch.zeros(1))

    def forward(self, mel, output_hidden_states=False):
        assert mel.shape == (1, 80, 3000) and output_hidden_states
        self.calls += 1
        value = torch.full((1, 1500, 384), float(self.calls))
        return type("Out", (), {"hidden_states": tuple(value + k / 10 for k in range(5))})()


def test_encoder_runs_once_per_30_second_window(whisper):
    _, extractor = whisper
    encoder = _CountingEncoder()
    samples = np.random.default_rng(0).standard_normal(16000 * 65).astype(np.float32) * 0.1
    features = whisper_features(samples, extractor, encoder)
    assert encoder.calls == 3  # 65 s = three 30 s windows, one pass each
    audio_len = 65 * 25
    assert features.audio_len == audio_len
    assert features.prompts.shape == (1, 2 * audio_len + 10, 5, 384)
    assert features.last_prompts.shape == (1, 2 * audio_len + 50, 1, 384)
    # Tokens 0-1499 come from window 1, 1500-2999 from window 2, the rest from window 3.
    assert features.prompts[0, 4, 0, 0].item() == pytest.approx(1.0)
    assert features.prompts[0, 4 + 1500, 0, 0].item() == pytest.approx(2.0)
    assert features.prompts[0, 4 + 3000, 4, 0].item() == pytest.approx(3.4)
    # The last prompts are the last hidden state only.
    assert features.last_prompts[0, 24, 0, 0].item() == pytest.approx(1.4)


def test_real_encoder_last_hidden_state_is_the_fifth(whisper):
    encoder, extractor = whisper
    samples = np.random.default_rng(1).standard_normal(16000).astype(np.float32) * 0.1
    mel = extractor(samples, sampling_rate=16000, return_tensors="pt").input_features
    assert mel.shape == (1, 80, 3000)
    with torch.no_grad():
        out = encoder(mel, output_hidden_states=True)
    assert len(out.hidden_states) == 5
    assert torch.equal(out.hidden_states[-1], out.last_hidden_state)
    features = whisper_features(samples, extractor, encoder)
    assert torch.equal(features.prompts[0, 4 : 4 + 50], torch.stack(out.hidden_states, 2)[0, :50])


def test_token_windows_and_padding_by_hand():
    audio_len = 12
    tokens = torch.arange(1.0, 2 * audio_len + 1)[:, None, None].expand(2 * audio_len, 5, 384)
    prompts = torch.cat([torch.zeros(4, 5, 384), tokens, torch.zeros(6, 5, 384)])[None]
    last = torch.cat([torch.zeros(24, 1, 384), tokens[:, -1:], torch.zeros(26, 1, 384)])[None]
    features = AudioFeatures(prompts=prompts, last_prompts=last, audio_len=audio_len)
    assert features.num_frames == 6
    # Frame i uses unpadded tokens [4i − 4, 4i + 6) (token k holds value k + 1).
    assert prompt_window(prompts, 0)[:, 0, 0].tolist() == [0, 0, 0, 0, 1, 2, 3, 4, 5, 6]
    assert prompt_window(prompts, 2)[:, 0, 0].tolist() == list(range(5, 15))
    assert prompt_window(prompts, 5)[:, 0, 0].tolist() == [17, 18, 19, 20, 21, 22, 23, 24, 0, 0]
    # ... and [4i − 24, 4i + 26) for the buckets.
    window = bucket_window(last, 1)[:, 0, 0].tolist()
    assert len(window) == 50 and window[:20] == [0] * 20 and window[20:44] == list(range(1, 25))


def test_adapters_have_the_official_keys_and_shapes():
    token = {k: tuple(v.shape) for k, v in AudioProjModel().state_dict().items()}
    bucket = {k: tuple(v.shape) for k, v in Audio2BucketModel().state_dict().items()}
    assert token == AUDIO2TOKEN_SHAPES and bucket == AUDIO2BUCKET_SHAPES
    assert sum(p.numel() for p in AudioProjModel().parameters()) == 54_300_672
    assert sum(p.numel() for p in Audio2BucketModel().parameters()) == 21_762_050


def test_audio2token_formula():
    torch.manual_seed(0)
    model = AudioProjModel().eval()
    clip = torch.randn(1, 2, 10, 5, 384)
    with torch.no_grad():
        out = model(clip)
        x = clip[0, 1].reshape(-1)
        x = torch.relu(model.proj2(torch.relu(model.proj1(x))))
        expected = model.norm(model.proj3(x).reshape(32, 1024))
    assert out.shape == (1, 2, 32, 1024)
    assert torch.allclose(out[0, 1], expected, atol=1e-5)


def test_audio2bucket_formula_and_bucket_scaling():
    torch.manual_seed(0)
    model = Audio2BucketModel().eval()
    audio = torch.randn(1, 3, 50, 1, 384)
    clip = torch.randn(1, 1024).half()
    with torch.no_grad():
        out = model(audio, clip)
        x = torch.cat([audio[0, 2].reshape(-1), clip[0].float()])
        x = torch.nn.functional.silu(model.proj2(torch.nn.functional.silu(model.proj1(x))))
        expected = model.proj3(x)
    assert out.shape == (1, 3, 2, 1) and out.dtype == torch.float32
    assert torch.allclose(out[0, 2, :, 0], expected, atol=1e-5)
    raw = torch.tensor([[1.0, 2.0]])
    assert scale_buckets(raw, 1.0, 1.0).tolist() == [[32.0, 48.0]]
    assert scale_buckets(raw, 1.5, 1.0).tolist() == [[48.0, 72.0]]  # official dynamic_scale
    assert scale_buckets(raw, 1.5, 2.0).tolist() == [[96.0, 72.0]]  # pose × motion_scale


def test_audio_conditioning_batches_frames_and_uncond_is_not_zero():
    torch.manual_seed(0)
    token, bucket = AudioProjModel().eval(), Audio2BucketModel().eval()
    audio_len = 2 * 70
    prompts = torch.randn(1, 2 * audio_len + 10, 5, 384)
    last = torch.randn(1, 2 * audio_len + 50, 1, 384)
    features = AudioFeatures(prompts=prompts, last_prompts=last, audio_len=audio_len)
    clip = torch.randn(1, 1024)
    cond = audio_conditioning(features, token, bucket, clip, token_dtype=torch.float16)
    assert cond.tokens.shape == (70, 32, 1024) and cond.tokens.dtype == torch.float16
    assert cond.buckets.shape == (70, 2) and cond.buckets.dtype == torch.float32
    assert cond.uncond_tokens.abs().sum() > 0
    with torch.no_grad():
        one = token(prompt_window(prompts, 65)[None, None])[0, 0].half()
        raw = bucket(bucket_window(last, 65)[None, None], clip)[0, 0, :, 0]
    assert torch.allclose(cond.tokens[65].float(), one.float(), atol=2e-3)
    assert torch.allclose(cond.buckets[65], 16 * raw + 16, atol=1e-4)
