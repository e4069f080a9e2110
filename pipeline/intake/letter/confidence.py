"""The reader's one confidence scale: every field is read with one of these levels.

A level says why the reader believes a value, so that the figure means the same in every
field. Values at SURE or above are reported as certain and are not shown to a person; below
UNCERTAIN a person must check the value (the case goes to `perlu diperiksa` when it is a
required or visit field). A value that another field contradicts is CONFLICTING, whatever it
was read as.
"""

from __future__ import annotations

CERTAIN = 0.95  # read where the letter labels it, in the form it should have
SURE = 0.9  # clearly cued in running text (`pada hari ...`, `Narahubung:`) or cross-checked
LIKELY = 0.85  # inferred from strong signs: a name put together from kop lines, a repair
PROBABLE = 0.8  # a cue that also serves other values (a year supplied, a date unchecked)
PLAUSIBLE = 0.7  # found where such values stand, without a cue of its own
UNCERTAIN = 0.6  # below this a person must check the value
DOUBTFUL = 0.5  # a guess: the first value of the kind, nothing ties it to the field
CONFLICTING = 0.3  # contradicts another field of the letter (see `conflicts`)

LEVELS = (CERTAIN, SURE, LIKELY, PROBABLE, PLAUSIBLE, UNCERTAIN, DOUBTFUL, CONFLICTING)


def lower(confidence: float) -> float:
    """One level less sure; a value above UNCERTAIN stays at or above it."""
    below = [level for level in LEVELS if level < confidence]
    if not below:
        return confidence
    if confidence > UNCERTAIN:
        return max(below[0], UNCERTAIN)
    return below[0]
