"""Phase 3: reference image, face mask, CLIP embedding, VAE latents (SONIC_FACTS §1.3-§1.9).

The reference image is the crop of the source photo resized with PIL LANCZOS to the
generation size (as officially; the shared input preparation resizes with OpenCV for
the preview engine). The face mask is built at the crop's own size and resized with
LANCZOS too, without re-binarising.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from PIL import Image

from sonic_desktop.engines.inputs import PreparedInputs
from sonic_desktop.face import FaceBox, face_mask, resize_mask_like_official

CLIP_SIZE = 224
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
REFERENCE_LATENT_SCALE = 0.18215  # hard-coded officially for the initial latents
MASK_AREA = 1.1


@dataclass(frozen=True)
class ReferenceImage:
    """pixels (1, 3, H, W) in [−1, 1]; clip_pixels (1, 3, 224, 224) normalised;
    mask (1, 1, H, W) in [0, 1] (LANCZOS edges may ring slightly outside)."""

    pixels: torch.Tensor
    clip_pixels: torch.Tensor
    mask: torch.Tensor

    @property
    def size(self) -> tuple[int, int]:
        """(width, height)"""
        return int(self.pixels.shape[-1]), int(self.pixels.shape[-2])


@dataclass(frozen=True)
class ImageConditioning:
    """clip_embeds (1, 1024); ref_latents (1, 4, h, w) scaled by 0.18215 (initial
    latents); image_latents (1, 4, h, w) unscaled (concatenated to the UNet input);
    mask (1, 1, H, W). All on the execution device, in the model dtype."""

    clip_embeds: torch.Tensor
    ref_latents: torch.Tensor
    image_latents: torch.Tensor
    mask: torch.Tensor


def reference_image(inputs: PreparedInputs) -> ReferenceImage:
    """Phase 3a: the official preprocessing of the (cropped) photo."""
    image = inputs.source_image
    box = inputs.analysis.face.box
    if inputs.crop_box is not None:
        x1, y1, x2, y2 = inputs.crop_box
        image = image[y1:y2, x1:x2]
        box = FaceBox(box.x1 - x1, box.y1 - y1, box.x2 - x1, box.y2 - y1)
    region = Image.fromarray(np.ascontiguousarray(image)).convert("RGB")
    height, width = image.shape[:2]
    size = (inputs.width, inputs.height)
    resized = region if size == (width, height) else region.resize(size, Image.Resampling.LANCZOS)

    # ToTensor then Normalize(0.5, 0.5).
    pixels = torch.from_numpy(np.asarray(resized, dtype=np.uint8).copy()).permute(2, 0, 1)
    pixels = (pixels.float().div(255) - 0.5) / 0.5

    mask = face_mask(height, width, box.as_xywh(), area=MASK_AREA)
    mask_small = resize_mask_like_official(mask, inputs.width, inputs.height)

    return ReferenceImage(
        pixels=pixels[None],
        clip_pixels=clip_pixels(resized),
        mask=torch.from_numpy(mask_small)[None, None],
    )


def clip_pixels(image: Image.Image) -> torch.Tensor:
    """LANCZOS squash to 224×224, ×1/255, CLIP mean/std (a default CLIPImageProcessor
    on an image that is already 224×224)."""
    square = image.resize((CLIP_SIZE, CLIP_SIZE), Image.Resampling.LANCZOS)
    array = (np.asarray(square, dtype=np.uint8) * (1 / 255)).astype(np.float32)
    mean = np.array(CLIP_MEAN, dtype=np.float32)
    std = np.array(CLIP_STD, dtype=np.float32)
    array = (array - mean) / std
    return torch.from_numpy(np.ascontiguousarray(array.transpose(2, 0, 1)))[None]


@torch.no_grad()
def clip_embedding(image_encoder: Any, pixels: torch.Tensor, device: torch.device) -> torch.Tensor:
    """(1, 1024) projected CLS embedding, not normalised. (Devices are passed in, not
    read from the parameters: with sequential offload those live on the meta device.)"""
    dtype = next(image_encoder.parameters()).dtype
    return image_encoder(pixels.to(device=device, dtype=dtype)).image_embeds


@torch.no_grad()
def vae_latents(
    vae: Any,
    pixels: torch.Tensor,
    generator: torch.Generator,
    noise_aug_strength: float = 0.0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """(ref_latents, image_latents).

    The noise-augmentation noise is drawn even at strength 0 (it is the first draw of
    the seeded RNG, SONIC_FACTS §1.14). At strength 0 the augmented image equals the
    reference, so the second encode is skipped: it would give the same latents.
    """
    param = next(vae.parameters())
    device, dtype = generator.device, param.dtype
    ref = pixels.to(device)
    encoded = vae.encode(ref.to(dtype)).latent_dist
    ref_latents = encoded.mean * REFERENCE_LATENT_SCALE
    noise = torch.randn(ref.shape, generator=generator, device=device, dtype=dtype)
    if noise_aug_strength == 0:
        image_latents = encoded.mode()
    else:
        augmented = ref + noise_aug_strength * noise
        image_latents = vae.encode(augmented.to(dtype)).latent_dist.mode()
    return ref_latents, image_latents


def image_conditioning(
    reference: ReferenceImage,
    image_encoder: Any,
    vae: Any,
    generator: torch.Generator,
    clip_embeds: torch.Tensor | None = None,
) -> ImageConditioning:
    """Phase 3: everything the UNet needs from the portrait."""
    if clip_embeds is None:
        clip_embeds = clip_embedding(image_encoder, reference.clip_pixels, generator.device)
    ref_latents, image_latents = vae_latents(vae, reference.pixels, generator)
    return ImageConditioning(
        clip_embeds=clip_embeds,
        ref_latents=ref_latents,
        image_latents=image_latents,
        mask=reference.mask.to(device=image_latents.device, dtype=image_latents.dtype),
    )
