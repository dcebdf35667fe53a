"""How a score (0 to 1) is shown, everywhere: pages, the gradebook, its CSV.

One rule, so that a 1/8 quiz reads the same on every page: a whole percent, halves rounded up
(1/8 → 13%). Python's round() and "%.2f" round halves to even and floats' binary error differs
between them, so the score goes through its shortest decimal form (repr) and Decimal instead.
"""

from decimal import ROUND_HALF_UP, Decimal


def percent(fraction: float) -> int:
    """A fraction of 1 (a score, a share of the marks) as a whole percent, halves rounded up."""
    return int((Decimal(repr(float(fraction))) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def score_text(score: float | None) -> str:
    """A score as the site shows it: "13%"; "–" for no score at all."""
    return "–" if score is None else f"{percent(score)}%"
