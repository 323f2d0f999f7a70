"""Reference data: loaded once by an edge (CLI, service, worker), frozen, passed into the
pipeline. This module is the one place that reads packaged data files and the operator's
overrides; the pipeline itself reads nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pycountry
import yaml

from clearpost.decide import DecisionPolicy, read_policy
from clearpost.hs.mismatch import load_judge
from clearpost.hs.nomenclature import load_nomenclature
from clearpost.identifiers import iso_countries, iso_currencies
from clearpost.quality.addresses import load_address_rules
from clearpost.quality.context import QualityReference
from clearpost.quality.descriptions import load_vague_lexicon
from clearpost.quality.language import PostLanguages
from clearpost.quality.profiles import Profiles, read_profiles
from clearpost.quality.rates import ExchangeRates, OfficialRate
from clearpost.risk.bands import ValueBands, shipped_bands
from clearpost.risk.clearances import Clearance
from clearpost.risk.goods import GoodsLexicon, load_goods_lexicon
from clearpost.risk.learned import RiskModel
from clearpost.risk.prohibitions import CounterfeitLexicon, read_counterfeit_lexicon
from clearpost.risk.rules import RuleSet
from clearpost.risk.screening import Screener
from clearpost.yamldoc import load_yaml


@dataclass(frozen=True, slots=True)
class Reference:
    quality: QualityReference
    profiles: Profiles
    languages: PostLanguages
    goods: GoodsLexicon
    """Dangerous goods: hazard words and HS hints."""
    counterfeits: CounterfeitLexicon
    """Counterfeit signals: the markers, and the brands counterfeiters copy."""
    bands: ValueBands
    """Value bands per HS code: the store's latest, else the shipped ones."""
    policy: DecisionPolicy
    """The decision policy: the operator's, else the packaged one."""
    screener: Screener | None = None
    """The active watchlists, indexed; None when none is loaded."""
    cleared: frozenset[Clearance] = frozenset()
    """Watchlist hits officers have cleared."""
    rules: tuple[RuleSet, ...] = ()
    """The officers' active rule sets (one version per name)."""
    model: RiskModel | None = None
    """The active learned risk model; None when none is activated."""


def load_reference(
    *,
    official_rates: Iterable[OfficialRate] = (),
    profiles_dir: Path | None = None,
    post_languages: Path | None = None,
    screener: Screener | None = None,
    value_bands: ValueBands | None = None,
    decision_policy: Path | None = None,
    cleared_hits: Iterable[Clearance] = (),
    rulesets: Sequence[RuleSet] = (),
    risk_model: RiskModel | None = None,
) -> Reference:
    """Everything the pipeline needs. `profiles_dir` adds the operator's profiles to the packaged
    ones (a file of the same name replaces the packaged one); `post_languages`
    replaces the packaged table of Post languages; official rates win over ECB rates; value bands
    learned from the store replace the shipped ones; `decision_policy` replaces the packaged
    decision policy."""
    profiles = _profiles(profiles_dir)
    eu = profiles.groups.get("EU", frozenset())
    quality = QualityReference(
        nomenclature=load_nomenclature(),
        hs_judge=load_judge(),
        addresses=load_address_rules(),
        vague=load_vague_lexicon(),
        rates=_ecb_rates() if not official_rates else ExchangeRates.from_ecb(official_rates),
        countries=iso_countries(),
        currencies=iso_currencies(),
        ioss_states=MappingProxyType(
            {country.numeric: country.alpha_2 for country in pycountry.countries if country.alpha_2 in eu}
        ),
        eu=eu,
    )
    return Reference(
        quality=quality,
        profiles=profiles,
        languages=load_post_languages(post_languages),
        goods=load_goods_lexicon(),
        counterfeits=load_counterfeit_lexicon(),
        bands=value_bands or shipped_bands(),
        policy=load_policy(decision_policy),
        screener=screener,
        cleared=frozenset(cleared_hits),
        rules=tuple(rulesets),
        model=risk_model,
    )


@cache
def load_counterfeit_lexicon() -> CounterfeitLexicon:
    """The packaged counterfeit lexicon (clearpost/risk/data/counterfeit.yaml)."""
    path = "risk/data/counterfeit.yaml"
    return read_counterfeit_lexicon(_packaged(path), f"clearpost/{path}")


@cache
def _ecb_rates() -> ExchangeRates:
    return ExchangeRates.from_ecb()


def load_policy(path: Path | None = None) -> DecisionPolicy:
    """The decision policy: the operator's file at `path`, else the packaged one."""
    if path is None:
        packaged = load_yaml(_packaged("decision_policy.yaml"))
        return read_policy(packaged, "clearpost/decision_policy.yaml")
    try:
        document = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not YAML: {error}") from None
    return read_policy(document, str(path))


def load_post_languages(path: Path | None = None) -> PostLanguages:
    """The language of each Post: the operator's table at `path`, else the packaged one."""
    if path is None:
        return PostLanguages.from_yaml(_packaged("quality/data/post_languages.yaml"), "post_languages.yaml")
    return PostLanguages.from_yaml(path.read_text(encoding="utf-8"), str(path))


def _packaged(path: str) -> str:
    return resources.files("clearpost").joinpath(path).read_text(encoding="utf-8")


def _profiles(operator_dir: Path | None) -> Profiles:
    folder = resources.files("clearpost").joinpath("quality", "profiles")
    documents = {
        entry.name: (f"clearpost/quality/profiles/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml") and entry.name != "groups.yaml"
    }
    groups = load_yaml(folder.joinpath("groups.yaml").read_text(encoding="utf-8"))
    if operator_dir is not None:
        for path in sorted(operator_dir.glob("*.yaml")):
            if path.name == "groups.yaml":
                groups = {**groups, **load_yaml(path.read_text(encoding="utf-8"))}
            else:
                documents[path.name] = (str(path), path.read_text(encoding="utf-8"))
    return read_profiles(documents.values(), groups)
