"""Sonic weights: the catalogue, discovery of the usual layouts, status, safe loading, trust,
downloads. Importing this package does not import torch or huggingface_hub."""

from __future__ import annotations

from sonic_desktop.models.catalogue import Catalogue, CatalogueEntry, load_catalogue
from sonic_desktop.models.layouts import WeightsLayout, discover
from sonic_desktop.models.status import FileState, FileStatus, WeightsReport, weights_status

__all__ = [
    "Catalogue",
    "CatalogueEntry",
    "FileState",
    "FileStatus",
    "WeightsLayout",
    "WeightsReport",
    "discover",
    "load_catalogue",
    "weights_status",
]
