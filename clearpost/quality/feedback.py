"""The feedback report to a Post: its data-quality figures, its most frequent problems with
example items and what to do about each — the document a Customs administration sends to a
Post, in English or French. Rendering is pure: the figures come in, HTML goes out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from clearpost.quality.language import translations
from clearpost.quality.problems import N_

ADVICE = {
    "MISSING_FIELD": N_(
        "Required data is missing. Make every field of the CN 22/CN 23 mandatory in the counter "
        "or web form, and reject incomplete data before sending."
    ),
    "INVALID_ITEM_ID": N_(
        "The item identifier is not a valid UPU S10 number. Print and transmit the identifier "
        "exactly as on the barcode, check digit included."
    ),
    "INVALID_COUNTRY": N_(
        "A country is not an ISO 3166-1 alpha-2 code. Use GB (not UK), GR (not EL) and the other ISO codes."
    ),
    "INVALID_CURRENCY": N_(
        "A currency is not an ISO 4217 code. Send EUR, USD, CNY… rather than symbols or local abbreviations."
    ),
    "INVALID_HS_CODE": N_(
        "An HS code does not exist in HS 2022. Give at least 6 digits of a current subheading."
    ),
    "OUTDATED_HS_CODE": N_(
        "An HS code dates from HS 2017 and was deleted in 2022. Update the tariff tables used by "
        "your systems and your senders."
    ),
    "HS_DESCRIPTION_MISMATCH": N_(
        "The HS code does not fit the description of the goods. Check the classification."
    ),
    "VAGUE_DESCRIPTION": N_(
        'A description does not say what the goods are ("gift", "parts", an order number). '
        "Ask senders for what each article is, its material and its use."
    ),
    "IMPLAUSIBLE_VALUE": N_(
        "Goods are declared at a token value (0, 0.01, 1). Declare the price paid, or the value "
        "of goods not sold."
    ),
    "WEIGHT_INCONSISTENT": N_(
        "The gross weight does not agree with the net weights of the articles. Weigh the item and"
        " declare each article's net weight."
    ),
    "VALUE_INCONSISTENT": N_(
        "The values of the articles do not add up to the total value. Compute the total from the articles."
    ),
    "INCOMPLETE_ADDRESS": N_(
        "An address is incomplete or malformed for its country (postcode format, region, street)."
        " Validate addresses at acceptance."
    ),
    "GIFT_MISDECLARED": N_(
        "Goods with the signs of a sale are declared as gifts. Gifts are between private persons;"
        " sales must be declared as sale of goods."
    ),
    "INVALID_IOSS": N_(
        "An IOSS number is malformed or used where it cannot apply (outside the EU, above EUR 150)."
    ),
    "LATE_DATA": N_(
        "Data arrive after the item has departed. Transmit the data before the dispatch is loaded."
    ),
}
"""What each problem means and what the Post can do, as the report explains it."""


def _environment(language: str) -> Environment:
    environment = Environment(
        loader=PackageLoader("clearpost.quality", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    return environment


def feedback_html(
    scorecard: dict[str, Any],
    problems: list[dict[str, Any]],
    *,
    language: str,
    administration: str,
    generated: dt.datetime,
    since: dt.date | None,
) -> str:
    """The report for one Post. `scorecard` is the Post's entry of `scorecards`; `problems` its
    top problems: `{"code", "share", "items", "examples": [{"item_id", "field", "message"}]}`."""
    catalogue = translations(language)
    template = _environment(language).get_template("feedback.html")
    return template.render(
        language=language,
        post=scorecard,
        problems=[{**p, "advice": catalogue.gettext(ADVICE.get(p["code"], ""))} for p in problems],
        administration=administration,
        generated=generated.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        since=since.isoformat() if since else None,
    )
