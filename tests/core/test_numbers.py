from decimal import Decimal

import pytest

from los.core.numbers import plain_number


@pytest.mark.parametrize(
    ("value", "text"),
    [(20, "20"), (Decimal("20.0"), "20"), (Decimal("7.5"), "7,5"), (Decimal("18.25"), "18,25"),
     (Decimal("0.00"), "0"), (Decimal("-3.10"), "-3,1"), (Decimal("100"), "100")],
)  # fmt: skip
def test_plain_number(value, text):
    assert plain_number(value) == text
