"""How well the quality stage finds what the generator planted: recall and precision per code,
and whether clean items stay clean. Pure: truth and assessments in, figures out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clearpost.generate.rates import PLANTED_CODES
from clearpost.model import QUALITY_CODES, Assessment, Code

PLANTED_QUALITY_CODES = tuple(code for code in PLANTED_CODES if code in QUALITY_CODES)
"""The quality codes `clearpost generate` plants."""
FOUND_WITHOUT_LISTS = (*PLANTED_QUALITY_CODES, Code.DANGEROUS_GOODS, Code.SPLIT_SHIPMENT)
"""The planted codes the pipeline finds with its packaged reference data alone (watchlist
matches need loaded lists; undervaluation needs value bands learned from postal history)."""


@dataclass(frozen=True, slots=True)
class CodeScore:
    code: str
    planted: int
    found: int
    true_positives: int

    @property
    def recall(self) -> float:
        return self.true_positives / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 1.0


@dataclass(frozen=True, slots=True)
class Evaluation:
    items: int
    scores: tuple[CodeScore, ...]
    clean_items: int
    clean_with_findings: int
    """Items planted with nothing that got a warning, an error or a risk reason anyway."""
    false_codes_on_clean: dict[str, int]
    randomly_selected: int
    """Items chosen at random for inspection (RANDOM_SELECTION): by design, not a finding."""
    risky_released: int
    """Items assessed on arrival with a risk reason that were released all the same."""
    clean_held: int
    """Clean items assessed on arrival that were not released, apart from the random share."""


def evaluate(
    truth: Sequence[Sequence[str]],
    assessments: Sequence[Assessment],
    codes: Sequence[Code] = FOUND_WITHOUT_LISTS,
) -> Evaluation:
    """`truth[i]`: the codes planted in item i; `assessments[i]`: its assessment. A code is found
    when it is a quality warning or error, or a risk reason."""
    found = [
        {f.code for f in a.quality.findings if f.severity in ("error", "warning")}
        | {reason.code for reason in a.risk.reasons if reason.code != Code.RANDOM_SELECTION}
        for a in assessments
    ]
    chosen = [any(r.code == Code.RANDOM_SELECTION for r in a.risk.reasons) for a in assessments]
    arrival = [a.stage == "arrival" and a.status == "accepted" for a in assessments]
    scores = []
    for code in codes:
        planted = [code in codes for codes in truth]
        reported = [code in codes for codes in found]
        scores.append(
            CodeScore(
                code=code,
                planted=sum(planted),
                found=sum(reported),
                true_positives=sum(p and r for p, r in zip(planted, reported, strict=True)),
            )
        )
    clean = [reported_codes for planted, reported_codes in zip(truth, found, strict=True) if not planted]
    false_codes: dict[str, int] = {}
    for reported_codes in clean:
        for name in reported_codes:
            false_codes[name] = false_codes.get(name, 0) + 1
    return Evaluation(
        items=len(truth),
        scores=tuple(scores),
        clean_items=len(clean),
        clean_with_findings=sum(1 for reported_codes in clean if reported_codes),
        false_codes_on_clean=dict(sorted(false_codes.items())),
        randomly_selected=sum(chosen),
        risky_released=sum(
            1
            for a, on_arrival, picked in zip(assessments, arrival, chosen, strict=True)
            if on_arrival and len(a.risk.reasons) > picked and a.outcome == "RELEASE"
        ),
        clean_held=sum(
            1
            for planted, a, on_arrival, picked in zip(truth, assessments, arrival, chosen, strict=True)
            if not planted and on_arrival and not picked and a.outcome != "RELEASE"
        ),
    )
