"""Regenerate the bundled example inputs: portrait.png, speech_en.wav, speech_zh.wav.

Run from anywhere (needs scikit-image, Pillow, espeak-ng and sox on PATH):

    python resources/examples/make_examples.py

The speech is synthesised, so anyone can rebuild it and nobody's voice is used.
The output is deterministic for a given espeak-ng / sox version (made with
espeak-ng 1.51 and SoX 14.4.2 from Debian).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SAMPLE_RATE = 16_000


@dataclass(frozen=True)
class Speech:
    file: str
    voice: str
    words_per_minute: int
    # SSML: <break> gives a definite pause between sentences, which the
    # lip-sync benchmark needs (the mouth must close and reopen).
    ssml: str


SPEECH = (
    Speech(
        file="speech_en.wav",
        voice="en-us",
        words_per_minute=150,
        ssml=(
            "<speak>Good morning, my name is Bob. <break time='600ms'/> "
            "I would love to show you the moon, the blue ocean and a big boat. "
            "<break time='600ms'/> Please open the map.</speak>"
        ),
    ),
    Speech(
        file="speech_zh.wav",
        # The plain "cmn" voice reads its dictionary's pinyin with English rules
        # ("ni three hao three"); the pinyin voice pronounces the same Hanzi properly.
        voice="cmn-latn-pinyin",
        words_per_minute=155,
        ssml=(
            "<speak>你好，我是一名宇航员。<break time='600ms'/>"
            "今天我们一起去看美丽的月亮和大海吧。</speak>"
        ),
    ),
)


def make_portrait(path: Path) -> None:
    from PIL import Image
    from skimage import data

    rgb = data.astronaut()
    # Clearing the lowest bit (an invisible ±1/255 change) brings the lossless
    # PNG from ~420 KB to ~370 KB, under the 400 KB budget for bundled files.
    rgb = rgb & np.uint8(0xFE)
    Image.fromarray(rgb).save(path, optimize=True)


def make_speech(speech: Speech, path: Path) -> None:
    espeak = _tool("espeak-ng")
    sox = _tool("sox")
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(
            [espeak, "-v", speech.voice, "-s", str(speech.words_per_minute), "-m",
             "-w", str(raw), speech.ssml],
            check=True,
        )  # fmt: skip
        # -D: no dither, so silences stay digital zero and reruns are byte-identical.
        # gain -n -1: peak-normalise to -1 dBFS; rate -h: high-quality 22.05k -> 16k.
        subprocess.run(
            [sox, "-D", str(raw), "-b", "16", "-c", "1", "-e", "signed-integer",
             str(path), "gain", "-n", "-1", "rate", "-h", str(SAMPLE_RATE)],
            check=True,
        )  # fmt: skip


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        sys.exit(f"{name} is not installed (Debian/Ubuntu: apt install {name})")
    return found


def main() -> None:
    make_portrait(HERE / "portrait.png")
    for speech in SPEECH:
        make_speech(speech, HERE / speech.file)
    for name in ("portrait.png", *(s.file for s in SPEECH)):
        print(f"{name}: {(HERE / name).stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
