"""Sonic's UNet changes (SONIC_FACTS §2): keys, processors, temporal context, mask."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from tiny_checkpoints import TINY_UNET_CONFIG

from sonic_desktop.engines.sonic.unet_audio import (
    AudioAttnProcessor,
    AudioContext,
    add_audio_attention,
    downsample_mask,
    sonic_unet_forward,
    window_mean,
)

KEYS_TSV = Path(__file__).resolve().parents[3] / "shared" / "sonic_unet_state_dict_keys.tsv"


@pytest.fixture(scope="module")
def tiny_unet():
    from diffusers import UNetSpatioTemporalConditionModel

    torch.manual_seed(0)
    return UNetSpatioTemporalConditionModel(**TINY_UNET_CONFIG).eval()


def test_real_size_unet_with_audio_attention_has_the_official_keys():
    """All 1,492 keys and shapes of unet.pth (1,575,741,162 parameters), built on meta."""
    from accelerate import init_empty_weights
    from diffusers import UNetSpatioTemporalConditionModel

    with init_empty_weights():
        unet = UNetSpatioTemporalConditionModel(num_frames=25, sample_size=96)
    add_audio_attention(unet)
    keys = {k: tuple(v.shape) for k, v in unet.state_dict().items()}
    assert len(keys) == 1492
    assert sum(v.numel() for v in unet.state_dict().values()) == 1_575_741_162
    ip = [k for k in keys if "_ip.0.weight" in k]
    assert len(ip) == 64
    assert keys[
        "down_blocks.0.attentions.0.transformer_blocks.0.attn2.processor.to_k_ip.0.weight"
    ] == (
        320,
        1024,
    )
    assert keys[
        "mid_block.attentions.0.temporal_transformer_blocks.0.attn2.processor.to_v_ip.0.weight"
    ] == (1280, 1024)
    if KEYS_TSV.exists():  # the shared spec's enumeration, when it is beside the checkout
        table = {}
        for line in KEYS_TSV.read_text().splitlines():
            name, shape = line.split("\t")
            table[name] = tuple(int(v) for v in shape.strip("[]").split(", ") if v)
        assert keys == table


def test_processors_are_installed_as_officially(tiny_unet):
    import copy

    from diffusers.models.attention_processor import AttnProcessor2_0

    unet = copy.deepcopy(tiny_unet)
    add_audio_attention(unet, ip_audio_scale=0.7)
    procs = unet.attn_processors
    audio = [n for n, p in procs.items() if isinstance(p, AudioAttnProcessor)]
    plain = [n for n, p in procs.items() if isinstance(p, AttnProcessor2_0)]
    assert all(n.endswith("attn2.processor") for n in audio)
    assert all(n.endswith("attn1.processor") for n in plain)
    assert len(audio) == len(plain) == 32  # 16 transformers × (spatial + temporal)
    proc = procs[audio[0]]
    attn = unet.get_submodule(audio[0][: -len(".processor")])
    assert proc.scale == 0.7
    assert torch.equal(proc.to_k_ip[0].weight, attn.to_k.weight)  # initialised from to_k


def test_forward_equals_stock_svd_when_audio_is_off_and_clip_is_constant(tiny_unet):
    """With ip scale 0 and one CLIP embedding for every frame, Sonic's UNet is stock SVD.

    In float64, so that the comparison sees the formula, not rounding order."""
    import copy

    generator = torch.Generator().manual_seed(1)
    batch, frames = 2, 5
    sample = torch.randn(batch, frames, 8, 8, 8, generator=generator, dtype=torch.float64)
    t = torch.tensor(0.9, dtype=torch.float64)
    clip = torch.randn(batch, 1, 1024, generator=generator, dtype=torch.float64)
    ids = torch.tensor([[12.5, 90.0, 140.0], [12.5, 60.0, 100.0]], dtype=torch.float64)
    unet = copy.deepcopy(tiny_unet).double()
    with torch.no_grad():
        expected = unet(sample, t, clip, ids).sample
        add_audio_attention(unet, ip_audio_scale=0.0)
        audio = torch.randn(batch * frames, 32, 1024, generator=generator, dtype=torch.float64)
        got = sonic_unet_forward(unet, sample, t, clip.repeat_interleave(frames, 0), audio, ids)
    assert got.shape == expected.shape
    assert torch.allclose(got, expected, rtol=1e-10, atol=1e-10)


def _official_ip_attention(attn, proc, hidden, clip, audio, mask, scale):
    """Reference: the IP-adapter formula with per-row contexts (the official layout)."""
    heads = attn.heads

    def sdpa(q, k, v):
        b, n, c = q.shape
        d = c // heads
        q, k, v = (x.reshape(x.shape[0], -1, heads, d).transpose(1, 2) for x in (q, k, v))
        return F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(b, n, c)

    q = attn.to_q(hidden)
    main = sdpa(q, attn.to_k(clip), attn.to_v(clip))
    ip = sdpa(q, proc.to_k_ip[0](audio), proc.to_v_ip[0](audio))
    if mask is not None:
        ip = ip * mask
    return attn.to_out[1](attn.to_out[0](main + scale * ip))


def test_temporal_cross_attention_equals_the_repeated_context_computation(tiny_unet):
    import copy

    unet = copy.deepcopy(tiny_unet)
    add_audio_attention(unet, ip_audio_scale=1.3)
    name = "down_blocks.1.attentions.0.temporal_transformer_blocks.0.attn2"
    attn = unet.get_submodule(name)
    proc = attn.processor
    generator = torch.Generator().manual_seed(2)
    videos, pixels, frames = 3, 16, 25
    hidden = torch.randn(videos * pixels, frames, 32, generator=generator)
    clip = torch.randn(videos, 1, 1024, generator=generator)
    audio = torch.randn(videos, 32, 1024, generator=generator)
    with torch.no_grad():
        ours = proc(attn, hidden, (clip, audio))
        # Officially the window context is repeated to every pixel first.
        expected = _official_ip_attention(
            attn,
            proc,
            hidden,
            clip.repeat_interleave(pixels, 0),
            audio.repeat_interleave(pixels, 0),
            None,
            1.3,
        )
    assert torch.allclose(ours, expected, rtol=1e-5, atol=1e-6)


def test_spatial_cross_attention_applies_the_face_mask(tiny_unet):
    import copy

    unet = copy.deepcopy(tiny_unet)
    add_audio_attention(unet)
    attn = unet.get_submodule("up_blocks.3.attentions.2.transformer_blocks.0.attn2")
    generator = torch.Generator().manual_seed(3)
    hidden = torch.randn(6, 64, 32, generator=generator)  # 6 frames, an 8×8 level
    clip = torch.randn(6, 1, 1024, generator=generator)
    audio = torch.randn(6, 32, 1024, generator=generator)
    mask = torch.zeros(1, 1, 64, 64)
    mask[..., 16:48, 16:48] = 1.0
    ctx = AudioContext(clip=clip, audio=audio, frames=6, mask=mask)
    small = ctx.mask_for(6, 64)
    assert small.shape == (6, 64, 1)
    with torch.no_grad():
        ours = attn.processor(attn, hidden, (clip, audio), ip_mask=small)
        expected = _official_ip_attention(attn, attn.processor, hidden, clip, audio, small, 1.0)
        unmasked = attn.processor(attn, hidden, (clip, audio), ip_mask=torch.zeros_like(small))
        clip_only = _official_ip_attention(
            attn, attn.processor, hidden, clip, audio, 0 * small, 0.0
        )
    assert torch.allclose(ours, expected, rtol=1e-5, atol=1e-6)
    assert torch.allclose(unmasked, clip_only, rtol=1e-5, atol=1e-6)


def test_mask_downsampling_by_hand():
    mask = torch.zeros(1, 1, 128, 64)
    mask[..., :64, :] = 1.0  # top half
    small = downsample_mask(mask, 32)  # an 8 × 4 query map
    assert small.shape == (1, 32, 1)
    grid = small.reshape(8, 4)
    assert torch.allclose(grid[:3], torch.ones(3, 4), atol=0.05)
    assert torch.allclose(grid[5:], torch.zeros(3, 4), atol=0.05)
    expected = F.interpolate(mask, size=(8, 4), mode="bicubic").reshape(1, 32, 1)
    assert torch.equal(small, expected)  # no clamp: bicubic overshoot is kept


def test_window_mean_averages_each_videos_frames():
    context = torch.arange(12.0).reshape(6, 1, 2)  # 2 videos × 3 frames
    mean = window_mean(context, 3)
    assert mean.shape == (2, 1, 2)
    assert mean.flatten().tolist() == [2.0, 3.0, 8.0, 9.0]


def test_latents_must_be_multiples_of_eight(tiny_unet):
    with pytest.raises(ValueError, match="multiple of 8"):
        sonic_unet_forward(
            tiny_unet,
            torch.zeros(1, 2, 8, 12, 8),
            torch.tensor(0.0),
            torch.zeros(2, 1, 1024),
            torch.zeros(2, 32, 1024),
            torch.zeros(1, 3),
        )
