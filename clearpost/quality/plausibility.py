"""Plausibility of values and weights: token values, gross against net weights, line values
against the declared total."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from clearpost.model import Code, Item
from clearpost.quality.context import Context
from clearpost.quality.problems import N_, Problem

_ZERO, _CENT = Decimal(0), Decimal("0.01")


def is_token_value(amount: Decimal | None, tokens: frozenset[Decimal]) -> bool:
    """Whether an amount is one of the profile's placeholder values. Compared with the largest
    first: most amounts are above it, and hashing a fresh decimal costs ten times that (an
    item's amounts are finite: `model.Item` refuses NaN and infinities)."""
    return amount is not None and amount <= _largest(tokens) and amount in tokens


@cache
def _largest(tokens: frozenset[Decimal]) -> Decimal:
    return max(tokens, default=Decimal("-Infinity"))


@cache
def _decimal(share: float) -> Decimal:
    """A profile's tolerance (a float) as the decimal it reads as: 0.05 is Decimal("0.05")."""
    return Decimal(str(share))


def check_values(item: Item, context: Context) -> list[Problem]:
    """A value of 0, 0.01 or 1 on goods is a placeholder, not a value (`IMPLAUSIBLE_VALUE`).
    Documents are exempt: they may have no commercial value."""
    if item.categories == ["documents"]:
        return []
    tokens = context.profile.token_values
    problems: list[Problem] = []
    for index, line in enumerate(item.contents):
        money = line.value
        if money is None or not is_token_value(money.amount, tokens):
            continue
        problems.append(
            Problem(
                Code.IMPLAUSIBLE_VALUE,
                f"contents[{index}].value",
                N_(
                    "Article {line}: the value {amount} {currency} is not a real value. Declare "
                    "what was paid for the goods, or what they are worth if they were not sold."
                ),
                {"line": index + 1, "amount": money.amount, "currency": money.currency or ""},
                {"declared": str(money.amount), "currency": money.currency},
            )
        )
    total = item.total_value
    if not problems and total is not None and is_token_value(total.amount, tokens) and item.contents:
        problems.append(
            Problem(
                Code.IMPLAUSIBLE_VALUE,
                "total_value",
                N_(
                    "The total value {amount} {currency} is not a real value. Declare what the "
                    "contents are worth."
                ),
                {"amount": total.amount, "currency": total.currency or ""},
                {"declared": str(total.amount), "currency": total.currency},
            )
        )
    return problems


def check_weights(item: Item, context: Context) -> list[Problem]:
    """The gross weight includes the packing: it cannot be below the net weights, nor many times
    (and many kilograms) above them (`WEIGHT_INCONSISTENT`)."""
    gross = item.gross_weight_kg
    nets = [line.net_weight_kg for line in item.contents]
    if gross is None or not nets or any(net is None for net in nets):
        return []
    net = sum(n for n in nets if n is not None)
    profile = context.profile
    if gross < net * 0.99 - 0.001:
        template = N_(
            "The gross weight ({gross} kg) is less than the net weights of the articles together "
            "({net} kg); the gross weight includes the packing, so it must be at least as much."
        )
        return [_weights_problem(template, gross, net)]
    if gross > net * profile.gross_weight_max_ratio and gross - net > profile.gross_weight_max_excess_kg:
        template = N_(
            "The gross weight ({gross} kg) is far above the net weights of the articles together "
            "({net} kg): check both, and declare every article."
        )
        return [_weights_problem(template, gross, net)]
    return []


def _weights_problem(template: str, gross: float, net: float) -> Problem:
    params = {"gross": f"{gross:g}", "net": f"{net:.3f}".rstrip("0").rstrip(".")}
    detail = {"gross_weight_kg": gross, "net_weight_kg": round(net, 3)}
    return Problem(Code.WEIGHT_INCONSISTENT, "gross_weight_kg", template, params, detail)


def check_total(item: Item, context: Context) -> list[Problem]:
    """The line values should add up to the declared total (`VALUE_INCONSISTENT`); compared when
    all are in the total's currency."""
    total = item.total_value
    if total is None or total.amount is None or not item.contents:
        return []
    amounts: list[Decimal] = []
    for line in item.contents:
        money = line.value
        if money is None or money.amount is None or money.currency != total.currency:
            return []
        amounts.append(money.amount)
    lines = sum(amounts, _ZERO)
    tolerance = max(abs(total.amount), lines) * _decimal(context.profile.value_tolerance)
    if abs(lines - total.amount) <= max(tolerance, _CENT):
        return []
    template = N_(
        "The values of the articles add up to {lines} {currency} but the total value declared is "
        "{total} {currency}; correct the one that is wrong."
    )
    params = {"lines": lines, "total": total.amount, "currency": total.currency or ""}
    detail = {"lines_total": str(lines), "declared_total": str(total.amount)}
    return [Problem(Code.VALUE_INCONSISTENT, "total_value", template, params, detail)]
