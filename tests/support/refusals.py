"""What a service's `rejecting` decorator makes of an error a handler of its inbox raises."""

from __future__ import annotations

import pytest

from services.common.inbound import Rejected


def rejection(rejecting, exc: Exception) -> Rejected:
    """The Rejected that a handler wrapped in `rejecting` raises when its body raises exc."""
    @rejecting
    def handler(session, env, data):
        raise exc

    with pytest.raises(Rejected) as caught:
        handler(None, None, {})
    return caught.value
