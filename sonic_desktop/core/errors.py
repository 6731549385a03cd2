"""Typed errors a user can cause. Each renders as one actionable line.

The message says what went wrong; the hint says what to do. Tracebacks go to the
log file (see `core.logs`), never to the console as the only message.
"""

from __future__ import annotations


class SonicDesktopError(Exception):
    """Base of every error that is the user's to fix (bad input, missing weights, ...)."""

    exit_code = 2
    default_hint = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = self.default_hint if hint is None else hint

    def one_line(self) -> str:
        text = self.message.rstrip(".")
        return f"{text}. {self.hint}" if self.hint else f"{text}."

    def __str__(self) -> str:
        return self.one_line()


class InvalidSettings(SonicDesktopError):
    default_hint = "Fix the listed values or reset them to their defaults."


class UnsupportedImage(SonicDesktopError):
    default_hint = "Use a JPG, PNG, WebP, BMP or TIFF photo that opens in an image viewer."


class NoFaceFound(SonicDesktopError):
    default_hint = (
        "Use a photo with one clearly visible, front-facing face, or draw the face box by hand."
    )


class FaceTooSmall(SonicDesktopError):
    default_hint = (
        "Use a larger or closer-cropped picture (the face should be at least 64 px across)."
    )


class UnsupportedAudio(SonicDesktopError):
    default_hint = "Use a WAV, MP3, M4A/AAC, FLAC or OGG/Opus file, or a video with an audio track."


class SilentAudio(SonicDesktopError):
    default_hint = "Pick a recording that contains speech, or check that the microphone was on."


class AudioTooShort(SonicDesktopError):
    default_hint = "Use a speech recording of at least 0.1 seconds."


class OutputNotWritable(SonicDesktopError):
    default_hint = "Choose an output folder you can write to, with free disk space."


class OutputIsInput(SonicDesktopError):
    default_hint = "Choose a different output file name; inputs are never overwritten."


class DiskFull(SonicDesktopError):
    default_hint = "Free some disk space or choose an output folder on another drive."


class EncoderFailed(SonicDesktopError):
    default_hint = "Check the log file for the encoder's message; try another output folder."


class UnreadableVideo(SonicDesktopError):
    default_hint = "Check that the file plays in a video player."


class WeightsMissing(SonicDesktopError):
    default_hint = (
        "Open Models to locate or download the Sonic weights, or use the Preview (CPU) engine."
    )


class UntrustedWeights(SonicDesktopError):
    default_hint = (
        "Confirm that you trust this file in Models, or replace it with a .safetensors file."
    )


class OutOfVideoMemory(SonicDesktopError):
    default_hint = "Lower min_resolution or choose a lower memory tier, then render again."


class EngineUnavailable(SonicDesktopError):
    default_hint = "Choose another engine, or run `sonic-desktop doctor` to see what is missing."


class Cancelled(SonicDesktopError):
    exit_code = 130
    default_hint = ""

    def __init__(self, message: str = "Render cancelled", hint: str | None = None) -> None:
        super().__init__(message, hint)
