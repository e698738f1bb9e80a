"""What the register tells the layers above it, as Django signals sent in the writing
transaction. ``justice`` listens for news of a convicted offender (release, a move,
abscondence) and passes it to the cell of the survivor whose case convicted him: the
register never learns who she is, and the signal carries the offender's id only."""

from __future__ import annotations

from django.dispatch import Signal

RELEASE, MOVE, ABSCONDED = "release", "move", "absconded"

#: kwargs: offender_id, news (RELEASE | MOVE | ABSCONDED), on (date)
offender_news = Signal()
