"""Small helpers shared by the compatibility tests."""

from __future__ import annotations

import contextlib
import math
import uuid

import pytest
from mlflow.exceptions import MlflowException

# What MLflow's SQL store returns for +/-infinity (it cannot store IEEE infinities).
MAX_DOUBLE = 1.7976931348623157e308


def unique(prefix: str = "lb") -> str:
    """A name that cannot collide with data left behind by earlier runs (the DB may be reused)."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@contextlib.contextmanager
def raises_mlflow(*error_codes: str):
    """Expect an MlflowException whose error_code is one of ``error_codes``
    (e.g. 'INVALID_PARAMETER_VALUE')."""
    with pytest.raises(MlflowException) as excinfo:
        yield excinfo
    assert excinfo.value.error_code in error_codes, (
        f"expected error_code {' or '.join(error_codes)}, got {excinfo.value.error_code}: "
        f"{excinfo.value}")


def is_pos_inf(v: float) -> bool:
    return v == math.inf or v == MAX_DOUBLE


def is_neg_inf(v: float) -> bool:
    return v == -math.inf or v == -MAX_DOUBLE
