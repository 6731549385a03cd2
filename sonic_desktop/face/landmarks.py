"""Index groups of the iBUG 68-point landmark scheme (the dlib shape predictor's output).

Left/right are the subject's own sides, as in the iBUG annotation guide: in a frontal
photo RIGHT_EYE (36-41) appears on the image's left. Each group is a `range`, which
indexes numpy arrays directly: `face.landmarks[OUTER_LIPS]`.
"""

from __future__ import annotations

NUM_LANDMARKS = 68

JAW = range(0, 17)
RIGHT_BROW = range(17, 22)
LEFT_BROW = range(22, 27)
BROWS = range(17, 27)
NOSE_BRIDGE = range(27, 31)
NOSE_LOWER = range(31, 36)
NOSE = range(27, 36)
RIGHT_EYE = range(36, 42)
LEFT_EYE = range(42, 48)
EYES = range(36, 48)
OUTER_LIPS = range(48, 60)
INNER_LIPS = range(60, 68)
MOUTH = range(48, 68)
