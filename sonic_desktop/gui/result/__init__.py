"""The result room: the finished video, its player and tips."""
