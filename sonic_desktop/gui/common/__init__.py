"""Small helpers every room uses: shared widgets, background tasks, error texts."""
