"""Gifts that are not gifts (`GIFT_MISDECLARED`): "gift" ticked on an item with the signs of a
sale — a business sender, an IOSS number (only sellers and marketplaces have one), many
identical units, a value far above what the destination lets gifts bring in, or a sender who
sends like a seller."""

from __future__ import annotations

from clearpost.model import Code, Item
from clearpost.quality.context import Context, sender_key
from clearpost.quality.problems import N_, Problem

SIGNALS = {
    "business_sender": N_("the sender is a business ({business})"),
    "ioss_number": N_("it carries an IOSS number, which only sellers and marketplaces have"),
    "identical_units": N_("it holds {units} identical units of one article"),
    "high_value": N_("it is worth about EUR {eur}, far above the EUR {allowance} that gifts may bring in"),
    "seller_history": N_("its sender sent {count} items recently"),
}


def check_gift(item: Item, context: Context) -> list[Problem]:
    if "gift" not in item.categories:
        return []
    profile = context.profile
    signals: dict[str, dict[str, object]] = {}
    sender = item.sender
    if sender is not None and sender.business:
        signals["business_sender"] = {"business": sender.business}
    if item.ioss_number:
        signals["ioss_number"] = {}
    units = max((line.quantity or 0 for line in item.contents), default=0)
    if units > profile.gift_max_identical_units:
        signals["identical_units"] = {"units": f"{units:g}"}
    value = item.total_value
    value_eur: float | None = None
    allowance = context.eur_of(profile.gift_allowance)
    floor = context.eur_of(profile.gift_commercial_floor)
    if value is not None and value.amount is not None and allowance is not None and floor is not None:
        eur = context.eur(float(value.amount), value.currency)
        if eur is not None and eur >= max(floor, allowance * profile.gift_commercial_multiple):
            signals["high_value"] = {"eur": f"{eur:.0f}", "allowance": f"{allowance:.0f}"}
            value_eur = eur
    key = sender_key(item)
    sent = context.history.items.get(key, 0) if key else 0
    if sent >= context.history.seller_threshold:
        signals["seller_history"] = {"count": sent}
    if not signals:
        return []
    detail: dict[str, object] = {"signals": sorted(signals)}
    if value_eur is not None and value is not None:
        detail |= {"value_eur": round(value_eur, 2), **context.rate_used(value.currency)}
    reasons = [(SIGNALS[name], params) for name, params in signals.items()]
    return [
        Problem(
            Code.GIFT_MISDECLARED,
            "categories",
            N_(
                '"Gift" is ticked but the item looks like a sale: {reasons}. '
                'Tick "sale of goods" if it was sold.'
            ),
            {"reasons": reasons},
            detail,
        )
    ]
