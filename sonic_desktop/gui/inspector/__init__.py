"""The inspector room: presets, every render setting with its editor, warnings."""
