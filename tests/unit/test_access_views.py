"""What the registry answers about a resident: masked unless a field is revealed."""

from __future__ import annotations

from services.registry.adapters.models import Resident, ResidentChange
from services.registry.entrypoints.views import REVEALABLE, change_view, resident_view


def _resident() -> Resident:
    return Resident(id=7, name="欧阳娜娜", phone="13912345678", id_masked="4401**********0014",
                    gender="female", birth_year=1990, tags=[], household_id=None, version=1)


def test_masked_unless_revealed():
    view = resident_view(_resident(), None, None)
    assert (view["name_masked"], view["phone_masked"]) == ("欧**娜", "139****5678")
    assert "name" not in view and "phone" not in view
    assert "欧阳娜娜" not in repr(view) and "13912345678" not in repr(view)


def test_reveal_adds_only_revealable_fields_in_clear():
    assert REVEALABLE == ("name", "phone")
    view = resident_view(_resident(), None, None, ("phone",))
    assert view["phone"] == "13912345678" and "name" not in view
    both = resident_view(_resident(), None, None, ("name", "phone", "id_hash"))
    assert (both["name"], both["phone"]) == ("欧阳娜娜", "13912345678")
    assert "id_hash" not in both


def test_change_trail_masks_names_phones_and_id_numbers():
    change = ResidentChange(cause="visit:9", changes={
        "name": ["欧阳娜娜", "欧阳娜"], "phone": ["13912345678", None],
        "id_number": "440106199001010014", "tags": [[], ["elderly_alone"]]})
    shown = change_view(change)["changes"]
    assert shown["name"] == ["欧**娜", "欧*娜"]
    assert shown["phone"] == ["139****5678", None]
    assert shown["id_number"] == "4401**********0014"
    assert shown["tags"] == [[], ["elderly_alone"]]
