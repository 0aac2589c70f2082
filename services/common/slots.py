"""When a half-day slot runs, local time: part of what `half` (am/pm/day) means on the
bus, so dispatch (check-ins, no-shows, what may still be cancelled) and visits (when a
shift's households are handed out and taken back) read the same hours."""

from __future__ import annotations

from datetime import time

# Morning shifts end at noon, afternoon and whole-day ones at 18:00: a booking without a
# check-in is a no-show only after that. An afternoon starts at 14:00, well after the
# morning's not-home households are released, so they can be in its split.
SHIFT_STARTS = {"am": time(8, 0), "pm": time(14, 0), "day": time(8, 0)}
SHIFT_ENDS = {"am": time(12, 0), "pm": time(18, 0), "day": time(18, 0)}
