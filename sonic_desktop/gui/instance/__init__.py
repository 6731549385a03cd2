"""One running copy: the single-instance lock, hand-off of inputs, signals and headless runs."""
