"""What the staffing and order use cases read and write, as typed protocols.

The SQL behind them is in adapters/staffing_store.py and adapters/order_store.py (each a
few set-based statements, however large the order); the unit tests hand the use cases an
in-memory store instead, so the rules of placing, amending and cancelling an order run
without a database. Rows are dispatch's models (Pairing, Shift, Unit, Community), which
need no session to exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from services.dispatch.adapters.models import Community, OrderChange, Pairing, Shift, Unit
from services.dispatch.domain import Booking, Staffing, Volunteer


class StaffingStore(Protocol):
    """A unit's people and bookings, and the writes of an assignment."""

    def unit_staff(self, unit_id: str) -> list[Volunteer]: ...

    def load_staffing(self, unit_id: str, days: Iterable[date],
                      volunteers: list[Volunteer] | None = None) -> Staffing: ...

    def declined_on(self, shift_keys: Iterable[str]) -> dict[str, set[str]]:
        """Shift key → people who declined it: they are not asked again."""
        ...

    def shortfalls(self, keys: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Shift key → (head-count, missing) as stored now."""
        ...

    def book(self, bookings: Iterable[Booking]) -> None:
        """Put people on shifts; a booking released or cancelled earlier comes back."""
        ...

    def set_status(self, pairs: Iterable[tuple[str, str]], status: str) -> None:
        """Change the status of (shift key, volunteer id) bookings."""
        ...

    def set_missing(self, missing: dict[str, int]) -> None: ...


class OrderStore(StaffingStore, Protocol):
    """Besides staffing: the order, its unit and community, and its shifts."""

    def lock_units(self, unit_ids: Iterable[str]) -> set[str]:
        """The lock order of adapters/locks.py. → the ids found."""
        ...

    def unit(self, unit_id: str) -> Unit | None:
        """The unit as it is now (read after its lock)."""
        ...

    def community(self, code: str) -> Community | None: ...

    def community_grids(self, code: str) -> list[str]: ...

    def community_sites(self, code: str) -> list[str]:
        """Site codes of a community: places an order may name besides grids."""
        ...

    def order(self, order_id: str, *, lock: bool = False) -> Pairing | None: ...

    def add_order(self, pairing: Pairing) -> None: ...

    def record_change(self, change: OrderChange) -> None:
        """Add a step to the order's history (who placed, amended or cancelled it)."""
        ...

    def save(self) -> None:
        """Write the changes made to the rows read (an order's columns and version)."""
        ...

    def scheduled_shifts(self, order_id: str) -> dict[str, Shift]:
        """The order's scheduled shifts, locked (the caller holds their unit's lock)."""
        ...

    def checked_in(self, shift_keys: list[str]) -> set[str]:
        """Those of the shifts someone has checked in on."""
        ...

    def write_shifts(self, rows: list[dict], *, insert_only: bool) -> dict[str, int]:
        """Insert the shifts (``insert_only``: all new), or insert or update them (one
        called off earlier comes back). → shift key → its version now."""
        ...

    def cancel_shifts(self, keys: list[str]) -> list[tuple[str, str]]:
        """Call the shifts off and cancel their bookings. → (shift key, volunteer id)
        of each booking cancelled."""
        ...

    def totals(self, order_id: str) -> dict:
        """shifts, promised, assigned and missing over the order's scheduled shifts."""
        ...
