"""The timeline room: the preview frame, the waveform, the scrubber and the offset curve."""
