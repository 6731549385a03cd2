"""Sonic's UNet: diffusers' `UNetSpatioTemporalConditionModel` plus audio cross-attention.

What Sonic changes (SONIC_FACTS §2), implemented here over diffusers' own modules, so
the parameter names are the official ones and `Sonic/unet.pth` loads strictly:

- every `attn2` (spatial and temporal) gets an `AudioAttnProcessor` holding
  `to_k_ip.0` / `to_v_ip.0` (Linear 1024 -> C, no bias):
  out = to_out( SDPA(Q, K_clip, V_clip) + s · M ⊙ SDPA(Q, K_audio, V_audio) ),
  where M is the downsampled face mask in the spatial blocks and 1 in the temporal ones;
- the forward takes the CLIP embedding and the audio tokens per frame, and the face
  mask; the spatial blocks see each frame's own 32 audio tokens;
- the temporal blocks' context is the mean over the window's frames (stock SVD takes
  the first frame), for the CLIP embedding and for the audio tokens alike.

Everything else (resnets, samplers, norms, time embeddings, the alpha blender) is
diffusers' code, called as it is. The temporal context is the same for every pixel of
a video, so its keys and values are computed once per video instead of once per pixel
(the official code repeats the context H·W times first): the same attention, far less
memory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

IP_CONTEXT_DIM = 1024
IP_TOKENS = 32


class AudioAttnProcessor(nn.Module):
    """Cross-attention to the CLIP embedding plus the audio IP branch (SONIC_FACTS §2.4).

    A module, so its weights are registered under `<attn>.processor.to_{k,v}_ip.0`.
    It can be called by diffusers' `Attention.forward` with a tuple
    `encoder_hidden_states = (clip, audio)`, or directly with a mask.
    """

    def __init__(
        self,
        hidden_size: int,
        cross_attention_dim: int = IP_CONTEXT_DIM,
        num_tokens: int = IP_TOKENS,
        scale: float = 1.0,
    ) -> None:
        super().__init__()
        self.hidden_size = hidden_size
        self.num_tokens = num_tokens
        self.scale = scale
        self.to_k_ip = nn.ModuleList([nn.Linear(cross_attention_dim, hidden_size, bias=False)])
        self.to_v_ip = nn.ModuleList([nn.Linear(cross_attention_dim, hidden_size, bias=False)])

    def forward(
        self,
        attn: Any,
        hidden_states: torch.Tensor,
        encoder_hidden_states: tuple[torch.Tensor, torch.Tensor],
        attention_mask: torch.Tensor | None = None,
        ip_mask: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """hidden_states (Bq, L, C); clip (Bc, 1, D) and audio (Bc, T, D) with Bq = r·Bc:
        query rows b·r ... b·r + r − 1 attend to context row b. `ip_mask` is (Bq, L, 1)."""
        if attention_mask is not None:
            raise ValueError("Sonic's cross-attention takes no attention mask")
        clip, audio = encoder_hidden_states
        if isinstance(audio, (list, tuple)):
            (audio,) = audio
        if audio.ndim == 4:  # (B, 1, T, D): the official 4-D IP layout, one "image"
            audio = audio[:, 0]
        query = attn.to_q(hidden_states)
        main = _attend(query, attn.to_k(clip), attn.to_v(clip), attn.heads)
        if self.scale != 0:
            ip = _attend(query, self.to_k_ip[0](audio), self.to_v_ip[0](audio), attn.heads)
            if ip_mask is not None:
                ip = ip * ip_mask.to(dtype=query.dtype, device=query.device)
            main = main + self.scale * ip
        out = attn.to_out[0](main)
        return attn.to_out[1](out)


def _attend(
    query: torch.Tensor, key: torch.Tensor, value: torch.Tensor, heads: int
) -> torch.Tensor:
    """Multi-head SDPA where the key/value batch may divide the query batch.

    query (Bq, L, C), key/value (Bc, T, C), Bq = r·Bc: query rows of one group share a
    context row, so they are folded into one longer sequence of that row.
    """
    bq, length, channels = query.shape
    bc = key.shape[0]
    if bq % bc:
        raise ValueError(f"query batch {bq} is not a multiple of context batch {bc}")
    group = bq // bc
    head_dim = channels // heads
    q = query.reshape(bc, group * length, heads, head_dim).transpose(1, 2)
    k = key.reshape(bc, -1, heads, head_dim).transpose(1, 2)
    v = value.reshape(bc, -1, heads, head_dim).transpose(1, 2)
    out = F.scaled_dot_product_attention(q, k, v, dropout_p=0.0, is_causal=False)
    out = out.transpose(1, 2).reshape(bq, length, heads * head_dim)
    return out.to(query.dtype)


def add_audio_attention(unet: Any, ip_audio_scale: float = 1.0) -> None:
    """§2.4 `add_ip_adapters`: plain SDPA on every attn1, `AudioAttnProcessor` on every other.

    The IP weights start as copies of the layer's to_k / to_v (they are overwritten by
    `Sonic/unet.pth`); on the meta device nothing is copied.
    """
    from diffusers.models.attention_processor import AttnProcessor2_0

    processors: dict[str, Any] = {}
    for name in unet.attn_processors:
        if name.endswith("attn1.processor"):
            processors[name] = AttnProcessor2_0()
            continue
        attn = unet.get_submodule(name[: -len(".processor")])
        _check_plain_attention(attn, name)
        proc = AudioAttnProcessor(
            attn.to_k.out_features, attn.to_k.in_features, scale=ip_audio_scale
        )
        proc.to(device=attn.to_k.weight.device, dtype=attn.to_k.weight.dtype)
        if attn.to_k.weight.device.type != "meta":
            with torch.no_grad():
                proc.to_k_ip[0].weight.copy_(attn.to_k.weight)  # type: ignore[operator]
                proc.to_v_ip[0].weight.copy_(attn.to_v.weight)  # type: ignore[operator]
        processors[name] = proc
    unet.set_attn_processor(processors)


def set_ip_audio_scale(unet: Any, scale: float) -> None:
    for module in unet.modules():
        if isinstance(module, AudioAttnProcessor):
            module.scale = scale


def _check_plain_attention(attn: Any, name: str) -> None:
    """The processor implements the SVD attention only (no extra norms or residuals)."""
    extras = (
        attn.norm_cross is not None
        or attn.group_norm is not None
        or attn.spatial_norm is not None
        or bool(attn.residual_connection)
        or attn.rescale_output_factor != 1.0
    )
    if extras:
        raise ValueError(f"{name}: unsupported attention configuration for Sonic")


# -- forward ----------------------------------------------------------------------------


@dataclass
class AudioContext:
    """Conditioning for one UNet call on B videos of F frames.

    clip (B·F, 1, D) and audio (B·F, T, D) per frame; their frame means per video
    (B, 1, D) / (B, T, D) feed the temporal blocks. `mask` is (1, 1, H, W) or None.
    """

    clip: torch.Tensor
    audio: torch.Tensor
    frames: int
    mask: torch.Tensor | None = None
    clip_window: torch.Tensor = field(init=False)
    audio_window: torch.Tensor = field(init=False)
    _masks: dict[int, torch.Tensor] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.clip_window = window_mean(self.clip, self.frames)
        self.audio_window = window_mean(self.audio, self.frames)

    def mask_for(self, batch: int, queries: int) -> torch.Tensor | None:
        if self.mask is None:
            return None
        cached = self._masks.get(queries)
        if cached is None:
            cached = downsample_mask(self.mask, queries)
            self._masks[queries] = cached
        return cached.expand(batch, queries, 1)


def window_mean(context: torch.Tensor, frames: int) -> torch.Tensor:
    """(B·F, T, D) -> (B, T, D): the mean over each video's frames (§2.2, item 1)."""
    return context.reshape(-1, frames, *context.shape[1:]).mean(dim=1)


def downsample_mask(mask: torch.Tensor, queries: int) -> torch.Tensor:
    """(1, 1, H, W) face mask -> (1, queries, 1) for a query map of `queries` tokens.

    As diffusers' IP-adapter mask processor: a grid with the mask's aspect ratio,
    bicubic resize without clamping, then flattened and padded or cut to `queries`.
    """
    height, width = mask.shape[-2:]
    ratio = width / height
    mask_h = int(math.sqrt(queries / ratio))
    mask_h = mask_h + int(queries % mask_h != 0)
    mask_w = queries // mask_h
    small = F.interpolate(mask, size=(mask_h, mask_w), mode="bicubic").reshape(1, -1)
    if small.shape[1] < queries:
        small = F.pad(small, (0, queries - small.shape[1]), value=0.0)
    return small[:, :queries, None]


def _spatial_block(block: Any, hidden: torch.Tensor, ctx: AudioContext) -> torch.Tensor:
    """diffusers' BasicTransformerBlock (layer norm, self- then cross-attention, GEGLU)."""
    hidden = block.attn1(block.norm1(hidden)) + hidden
    normed = block.norm2(hidden)
    mask = ctx.mask_for(normed.shape[0], normed.shape[1])
    attn = block.attn2
    hidden = attn.processor(attn, normed, (ctx.clip, ctx.audio), ip_mask=mask) + hidden
    return block.ff(block.norm3(hidden)) + hidden


def _temporal_block(
    block: Any, hidden: torch.Tensor, frames: int, ctx: AudioContext
) -> torch.Tensor:
    """diffusers' TemporalBasicTransformerBlock; cross-attention to the window means."""
    batch_frames, seq, channels = hidden.shape
    batch = batch_frames // frames
    hidden = hidden.reshape(batch, frames, seq, channels).permute(0, 2, 1, 3)
    hidden = hidden.reshape(batch * seq, frames, channels)
    residual = hidden
    hidden = block.ff_in(block.norm_in(hidden))
    if block.is_res:
        hidden = hidden + residual
    hidden = block.attn1(block.norm1(hidden)) + hidden
    attn = block.attn2
    context = (ctx.clip_window, ctx.audio_window)
    hidden = attn.processor(attn, block.norm2(hidden), context) + hidden
    out = block.ff(block.norm3(hidden))
    hidden = out + hidden if block.is_res else out
    hidden = hidden.reshape(batch, seq, frames, channels).permute(0, 2, 1, 3)
    return hidden.reshape(batch * frames, seq, channels)


def _transformer(
    model: Any, hidden: torch.Tensor, ctx: AudioContext, image_only_indicator: torch.Tensor
) -> torch.Tensor:
    """diffusers' TransformerSpatioTemporalModel with Sonic's contexts."""
    batch_frames, _, height, width = hidden.shape
    frames = ctx.frames
    batch = batch_frames // frames
    residual = hidden
    hidden = model.norm(hidden)
    inner = hidden.shape[1]
    hidden = hidden.permute(0, 2, 3, 1).reshape(batch_frames, height * width, inner)
    hidden = model.proj_in(hidden)

    frame_ids = torch.arange(frames, device=hidden.device).repeat(batch, 1).reshape(-1)
    frame_emb = model.time_pos_embed(model.time_proj(frame_ids).to(dtype=hidden.dtype))
    frame_emb = frame_emb[:, None, :]

    for block, temporal in zip(
        model.transformer_blocks, model.temporal_transformer_blocks, strict=True
    ):
        hidden = _spatial_block(block, hidden, ctx)
        mixed = _temporal_block(temporal, hidden + frame_emb, frames, ctx)
        hidden = model.time_mixer(
            x_spatial=hidden, x_temporal=mixed, image_only_indicator=image_only_indicator
        )

    hidden = model.proj_out(hidden)
    hidden = hidden.reshape(batch_frames, height, width, inner).permute(0, 3, 1, 2).contiguous()
    return hidden + residual


def _down(
    block: Any, hidden: torch.Tensor, emb: torch.Tensor, ctx: AudioContext, ioi: torch.Tensor
):
    if not getattr(block, "has_cross_attention", False):
        return block(hidden_states=hidden, temb=emb, image_only_indicator=ioi)
    outputs: tuple[torch.Tensor, ...] = ()
    for resnet, attn in zip(block.resnets, block.attentions, strict=True):
        hidden = resnet(hidden, emb, image_only_indicator=ioi)
        hidden = _transformer(attn, hidden, ctx, ioi)
        outputs = (*outputs, hidden)
    if block.downsamplers is not None:
        for sampler in block.downsamplers:
            hidden = sampler(hidden)
        outputs = (*outputs, hidden)
    return hidden, outputs


def _mid(block: Any, hidden: torch.Tensor, emb: torch.Tensor, ctx: AudioContext, ioi: torch.Tensor):
    hidden = block.resnets[0](hidden, emb, image_only_indicator=ioi)
    for attn, resnet in zip(block.attentions, block.resnets[1:], strict=True):
        hidden = _transformer(attn, hidden, ctx, ioi)
        hidden = resnet(hidden, emb, image_only_indicator=ioi)
    return hidden


def _up(
    block: Any,
    hidden: torch.Tensor,
    skips: tuple[torch.Tensor, ...],
    emb: torch.Tensor,
    ctx: AudioContext,
    ioi: torch.Tensor,
) -> torch.Tensor:
    if not getattr(block, "has_cross_attention", False):
        return block(
            hidden_states=hidden, res_hidden_states_tuple=skips, temb=emb, image_only_indicator=ioi
        )
    for resnet, attn in zip(block.resnets, block.attentions, strict=True):
        hidden = torch.cat([hidden, skips[-1]], dim=1)
        skips = skips[:-1]
        hidden = resnet(hidden, emb, image_only_indicator=ioi)
        hidden = _transformer(attn, hidden, ctx, ioi)
    if block.upsamplers is not None:
        for sampler in block.upsamplers:
            hidden = sampler(hidden, None)
    return hidden


def sonic_unet_forward(
    unet: Any,
    sample: torch.Tensor,
    timestep: torch.Tensor,
    clip_embeds: torch.Tensor,
    audio_tokens: torch.Tensor,
    added_time_ids: torch.Tensor,
    face_mask: torch.Tensor | None = None,
) -> torch.Tensor:
    """One UNet call.

    sample (B, F, 8, h, w); timestep a 0-d tensor; clip_embeds (B·F, 1, 1024) and
    audio_tokens (B·F, 32, 1024) per frame; added_time_ids (B, 3); face_mask
    (1, 1, H, W) or None. Returns (B, F, 4, h, w). h and w must be multiples of 8 (the
    official UNet has no upsample-size forwarding).
    """
    batch, frames = sample.shape[:2]
    if sample.shape[-2] % 8 or sample.shape[-1] % 8:
        raise ValueError(f"latent size {tuple(sample.shape[-2:])} must be a multiple of 8")
    if clip_embeds.shape[0] != batch * frames or audio_tokens.shape[0] != batch * frames:
        raise ValueError("clip_embeds and audio_tokens need one row per frame (B·F)")

    # 1. Time: the noise level and the [fps, bucket, bucket] micro-conditions.
    timesteps = timestep.reshape(1).to(sample.device).expand(batch)
    emb = unet.time_embedding(unet.time_proj(timesteps).to(dtype=sample.dtype))
    time_embeds = unet.add_time_proj(added_time_ids.flatten()).reshape(batch, -1)
    emb = emb + unet.add_embedding(time_embeds.to(emb.dtype))
    emb = emb.repeat_interleave(frames, dim=0)

    # 2. Pre-process.
    hidden = unet.conv_in(sample.flatten(0, 1))
    ioi = torch.zeros(batch, frames, dtype=hidden.dtype, device=hidden.device)
    ctx = AudioContext(clip=clip_embeds, audio=audio_tokens, frames=frames, mask=face_mask)

    # 3. Down.
    skips: tuple[torch.Tensor, ...] = (hidden,)
    for block in unet.down_blocks:
        hidden, outputs = _down(block, hidden, emb, ctx, ioi)
        skips = (*skips, *outputs)

    # 4. Mid.
    hidden = _mid(unet.mid_block, hidden, emb, ctx, ioi)

    # 5. Up.
    for block in unet.up_blocks:
        count = len(block.resnets)
        block_skips, skips = skips[-count:], skips[:-count]
        hidden = _up(block, hidden, block_skips, emb, ctx, ioi)

    # 6. Post-process.
    hidden = unet.conv_out(unet.conv_act(unet.conv_norm_out(hidden)))
    return hidden.reshape(batch, frames, *hidden.shape[1:])


def unet_state_keys(unet: Any) -> dict[str, tuple[int, ...]]:
    return {name: tuple(t.shape) for name, t in unet.state_dict().items()}
