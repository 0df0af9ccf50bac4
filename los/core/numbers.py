"""Numbers as people write them in Norwegian text."""

from __future__ import annotations

from decimal import Decimal


def plain_number(value) -> str:
    """«20», «7,5», «18,25»: no trailing zeros, a decimal comma, at most two decimals."""
    number = Decimal(str(value)).quantize(Decimal("0.01"))
    text = f"{number:f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text.replace(".", ",")


def grouped(value: int) -> str:
    """«1 250 000»: thousands apart with a no-break space, as Norwegian prints them."""
    return f"{value:,}".replace(",", "\u00a0")


def kroner(value: int) -> str:
    """«1 250 000 kr»."""
    return grouped(value) + "\u00a0kr"
