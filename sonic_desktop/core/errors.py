"""Typed errors a user can cause. Each renders as one actionable line.

The message says what went wrong; the hint says what to do. Tracebacks go to the
log file (see `core.logs`), never to the console as the only message.
"""

from __future__ import annotations


def os_reason(exc: BaseException, with_file: bool = False) -> str:
    """An OS error's own short words ("No space left on device"), or the exception's text;
    `with_file` adds the file it names ("…: /path")."""
    if isinstance(exc, OSError) and exc.strerror:
        reason = exc.strerror
        return f"{reason}: {exc.filename}" if with_file and exc.filename else reason
    return str(exc) or type(exc).__name__


class SonicDesktopError(Exception):
    """Base of every error that is the user's to fix (bad input, missing weights, ...)."""

    exit_code = 2
    #: A short, fixed summary of the kind of problem. The GUI shows it (and the
    #: default hint) translated; the message itself carries the specifics in English.
    title = "Something went wrong"
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
    title = "Some settings are invalid"
    default_hint = "Fix the listed values or reset them to their defaults."


class UnsupportedImage(SonicDesktopError):
    title = "The photo cannot be read"
    default_hint = "Use a JPG, PNG, WebP, BMP or TIFF photo that opens in an image viewer."


class NoFaceFound(SonicDesktopError):
    title = "No face was found in the photo"
    default_hint = (
        "Use a photo with one clearly visible, front-facing face, or draw the face box by hand."
    )


class FaceTooSmall(SonicDesktopError):
    title = "The face in the photo is too small"
    default_hint = (
        "Use a larger or closer-cropped picture (the face should be at least 64 px across)."
    )


class UnsupportedAudio(SonicDesktopError):
    title = "The audio cannot be read"
    default_hint = "Use a WAV, MP3, M4A/AAC, FLAC or OGG/Opus file, or a video with an audio track."


class SilentAudio(SonicDesktopError):
    title = "The audio is silent"
    default_hint = "Pick a recording that contains speech, or check that the microphone was on."


class AudioTooShort(SonicDesktopError):
    title = "The audio is too short"
    default_hint = "Use a speech recording of at least 0.1 seconds."


class OutputNotWritable(SonicDesktopError):
    title = "The output file cannot be written"
    default_hint = "Choose an output folder you can write to, with free disk space."


class OutputIsInput(SonicDesktopError):
    title = "The output would overwrite an input"
    default_hint = "Choose a different output file name; inputs are never overwritten."


class DiskFull(SonicDesktopError):
    title = "The disk is full"
    default_hint = "Free some disk space or choose an output folder on another drive."


class EncoderFailed(SonicDesktopError):
    title = "Video encoding failed"
    default_hint = "Check the log file for the encoder's message; try another output folder."


class UnreadableVideo(SonicDesktopError):
    title = "The video cannot be read"
    default_hint = "Check that the file plays in a video player."


class WeightsMissing(SonicDesktopError):
    title = "Sonic weights are missing or damaged"
    default_hint = (
        "Open Models to locate or download the Sonic weights, or use the Preview (CPU) engine."
    )


class UntrustedWeights(SonicDesktopError):
    title = "A weights file needs your trust"
    default_hint = (
        "Confirm that you trust this file in Models, or replace it with a .safetensors file."
    )


class OutOfVideoMemory(SonicDesktopError):
    title = "Out of GPU memory"
    default_hint = "Lower min_resolution or choose a lower memory tier, then render again."


class EngineUnavailable(SonicDesktopError):
    title = "The engine is not available"
    default_hint = "Choose another engine, or run `sonic-desktop doctor` to see what is missing."


class DownloadServerUnreachable(SonicDesktopError):
    """A weights download failed because the network or the server is out of reach."""

    title = "The download server cannot be reached"
    default_hint = (
        "Check the internet connection, or use weights already on disk (Models, Locate folder…)."
    )

    def __init__(self, reason: str) -> None:
        self.reason = reason  # the transport's own words, for the log and a tooltip
        super().__init__(f"The download server cannot be reached ({reason})")


class WindowUnavailable(SonicDesktopError):
    """The Qt layer cannot be imported (a missing system library or module)."""

    title = "The window cannot start"
    default_hint = "Install what is missing, then start Sonic Desktop again."


class Cancelled(SonicDesktopError):
    title = "Cancelled"
    exit_code = 130
    default_hint = ""

    def __init__(self, message: str = "Render cancelled", hint: str | None = None) -> None:
        super().__init__(message, hint)


def error_kinds() -> list[type[SonicDesktopError]]:
    """Every error class, the base included, for the translation catalogue."""
    found: list[type[SonicDesktopError]] = [SonicDesktopError]
    pending = list(SonicDesktopError.__subclasses__())
    while pending:
        cls = pending.pop(0)
        if cls not in found:
            found.append(cls)
            pending.extend(cls.__subclasses__())
    return found
