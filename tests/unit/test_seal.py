import pytest

from services.common.seal import SealError, seal, seal_key, unseal


def test_round_trip_and_no_clear_text():
    key = seal_key()
    blob = seal({"id_number": "440106199001011234", "name": "王五"}, key, "c-1")
    assert "440106199001011234" not in blob and "王五" not in blob
    assert unseal(blob, key, "c-1") == {"id_number": "440106199001011234", "name": "王五"}


def test_other_context_or_key_does_not_open():
    key = seal_key()
    blob = seal({"x": 1}, key, "c-1")
    with pytest.raises(SealError):
        unseal(blob, key, "c-2")
    with pytest.raises(SealError):
        unseal(blob, bytes(32), "c-1")
    with pytest.raises(SealError):
        unseal("v9.abc", key, "c-1")


def test_bad_key_is_named(monkeypatch):
    monkeypatch.setenv("PII_SEAL_KEY", "too-short")
    with pytest.raises(SealError, match="PII_SEAL_KEY"):
        seal_key()
