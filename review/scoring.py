"""The arithmetic of review: score bands, aggregation, normalisation, deviation, the random draw.

Pure functions on plain values, so they can be checked by hand and reproduced by anyone.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

TWO_PLACES = Decimal("0.01")
FREE_STEP = Decimal("0.5")
DRAW_ALGORITHM = "draw-v1"


def q2(value: Decimal | float | int) -> Decimal:
    if not isinstance(value, Decimal):  # a Decimal is exactly its own str()
        value = Decimal(str(value))
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """A number as people write it: 50, 2.5 — never 5E+1, as `normalize()` alone gives."""
    return f"{value.normalize():f}"


# --- item scores -------------------------------------------------------------------------------


def score_step(points: Decimal, band_percent: Decimal | None) -> Decimal:
    """The smallest unit a score may move by: a 5 % band of the item, or half a point."""
    if band_percent:
        return points * band_percent / Decimal(100)
    return FREE_STEP


def score_error(score: Decimal, points: Decimal, band_percent: Decimal | None) -> str | None:
    """Why `score` is not a valid score of an item worth `points`, or None."""
    if not score.is_finite():
        return _("分数无效。")
    if score < 0 or score > points:
        return _("分数须在 0 至 %(points)s 分之间。") % {"points": plain(points)}
    step = score_step(points, band_percent)
    if step and (score / step) != (score / step).to_integral_value():
        if band_percent:
            return _("分数须按条目分值的 %(band)s%% 为一档给出（每档 %(step)s 分）。") % {
                "band": plain(band_percent),
                "step": plain(step),
            }
        return _("分数须以 %(step)s 分为单位。") % {"step": plain(step)}
    return None


def score_choices(points: Decimal, band_percent: Decimal | None) -> list[Decimal]:
    """Every valid score of an item, for a select box (bands only; None when free)."""
    if not band_percent:
        return []
    step = score_step(points, band_percent)
    count = int(points / step)
    return [q2(step * i) for i in range(count + 1)]


# --- aggregation ------------------------------------------------------------------------------

TRIM_MINIMUM = 5


def aggregate_from_sums(
    *, count: int, total: Decimal, lowest: Decimal, highest: Decimal, method: str
) -> Decimal | None:
    """The aggregate from what a database returns (count, sum, min, max)."""
    if not count:
        return None
    if method == "trimmed_mean" and count >= TRIM_MINIMUM:
        return q2((total - lowest - highest) / Decimal(count - 2))
    return q2(total / Decimal(count))


def aggregate(values: Sequence[Decimal], method: str) -> Decimal | None:
    """Mean, or the mean without one highest and one lowest score when there are ≥5."""
    if not values:
        return None
    return aggregate_from_sums(
        count=len(values),
        total=sum(values, Decimal(0)),
        lowest=min(values),
        highest=max(values),
        method=method,
    )


def is_trimmed(count: int, method: str) -> bool:
    return method == "trimmed_mean" and count >= TRIM_MINIMUM


# --- normalisation and deviation -------------------------------------------------------------


def zscores(
    totals: Iterable[tuple[int, int, Decimal]],
) -> dict[tuple[int, int], float | None]:
    """Per-expert z-scores: how far each sheet lies from that expert's own mean, in that
    expert's standard deviations. `totals` yields (expert_id, application_id, total), all on
    one rubric: totals of rubrics with other full marks are not on one scale (the results
    standardise per expert and rubric, see review.rounds.totals).

    An expert with fewer than two sheets, or who gave everyone the same total, has no z-score.
    """
    by_expert: dict[int, list[tuple[int, Decimal]]] = {}
    for expert_id, application_id, total in totals:
        by_expert.setdefault(expert_id, []).append((application_id, total))
    result: dict[tuple[int, int], float | None] = {}
    for expert_id, rows in by_expert.items():
        values = [float(total) for _, total in rows]
        if len(values) < 2:
            for application_id, _total in rows:
                result[(expert_id, application_id)] = None
            continue
        mean = sum(values) / len(values)
        std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        for application_id, total in rows:
            result[(expert_id, application_id)] = zscore(
                total, count=len(values), mean=mean, std=std
            )
    return result


def zscore(total: Decimal, *, count: int, mean: float, std: float) -> float | None:
    """One sheet's z-score from its expert's count, mean and population standard deviation
    (as a database's AVG and STDDEV_POP give them); None below two sheets or without spread."""
    if count < 2 or not std:
        return None
    return round((float(total) - mean) / std, 2)


def deviating_experts(
    totals: Mapping[int, Decimal], *, max_points: Decimal, threshold_percent: Decimal
) -> dict[int, Decimal]:
    """Experts whose total differs from the mean of the other sheets by more than the
    threshold (percent of full marks). Returns expert_id -> signed difference."""
    if len(totals) < 3 or not max_points:
        return {}
    limit = max_points * threshold_percent / Decimal(100)
    flagged = {}
    grand = sum(totals.values(), Decimal(0))
    for expert_id, total in totals.items():
        others = (grand - total) / Decimal(len(totals) - 1)
        difference = total - others
        if abs(difference) > limit:
            flagged[expert_id] = q2(difference)
    return flagged


# --- the random draw (双随机) ------------------------------------------------------------------


class DrawError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class DrawResult:
    panel: list[int]
    reserves: list[int] = field(default_factory=list)
    assignments: list[tuple[int, int]] = field(default_factory=list)  # (application, expert)

    def as_json(self) -> dict:
        return {
            "panel": self.panel,
            "reserves": self.reserves,
            "assignments": [list(pair) for pair in self.assignments],
        }


def draw(
    *,
    seed: str,
    pool: Iterable[int],
    applications: Iterable[int],
    conflicts: Iterable[tuple[int, int]],
    panel_size: int,
    per_application: int,
) -> DrawResult:
    """Draw a panel from `pool` at random, then assign each application to
    `per_application` members at random, least-loaded first, never to a conflicted expert.

    `conflicts` holds (expert_id, application_id) pairs. Everything is sorted before the
    generator is used, so the same seed and inputs give the same result on any machine.
    When conflicts leave an application short of experts, reserves are drawn from the rest
    of the pool, in a random order that is also fixed by the seed.
    """
    rng = random.Random(f"{DRAW_ALGORITHM}:{seed}")
    pool = sorted(set(pool))
    apps = sorted(set(applications))
    blocked = {(int(e), int(a)) for e, a in conflicts}
    if len(pool) < panel_size:
        raise DrawError(
            _("专家库中可抽取的专家只有 %(count)d 人，少于评审组最少人数 %(size)d 人。")
            % {"count": len(pool), "size": panel_size}
        )
    panel = sorted(rng.sample(pool, panel_size))
    reserve_queue = [e for e in pool if e not in panel]
    rng.shuffle(reserve_queue)
    result = DrawResult(panel=list(panel))
    load = dict.fromkeys(panel, 0)

    order = list(apps)
    rng.shuffle(order)
    # The most constrained applications first, so a conflict never strands one at the end.
    order.sort(key=lambda a: sum((e, a) not in blocked for e in panel))
    for application in order:
        eligible = [e for e in sorted(load) if (e, application) not in blocked]
        while len(eligible) < per_application:
            reserve = next((e for e in reserve_queue if (e, application) not in blocked), None)
            if reserve is None:
                raise DrawError(
                    _(
                        "申报（编号 %(id)d）可回避后的专家不足 %(n)d 人，"
                        "请扩充专家库或调整每份申报的评审人数。"
                    )
                    % {"id": application, "n": per_application}
                )
            reserve_queue.remove(reserve)
            result.reserves.append(reserve)
            result.panel.append(reserve)
            load[reserve] = 0
            eligible.append(reserve)
        ties = {e: rng.random() for e in sorted(eligible)}
        chosen = sorted(eligible, key=lambda e: (load[e], ties[e]))[:per_application]
        for expert in sorted(chosen):
            load[expert] += 1
            result.assignments.append((application, expert))
    result.panel.sort()
    result.assignments.sort()
    return result
