"""Exercises for ``03_strategy_pharma``: how do we get there (策略制定, 怎么去)?

Accompanies ``notebooks/03_strategy_pharma.ipynb``: the call capacity, MVC / STC /
BZ on actual value and headroom, a service model per tier, allocating calls by
a rule, and which rule comes closest to the best plan the hidden truth allows.

The notebook starts from ``doc`` = :func:`~tierlab.exercises.questions.ex02_goals_and_gaps_pharma.tiered_doctors`.
"""

from __future__ import annotations

import pandas as pd

from tierlab.exercises._compare import (
    ChoiceAnswer,
    FrameAnswer,
    NumberAnswer,
    ValueAnswer,
)
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions.ex00_welcome_pharma import (
    check_pharma,
    default_pharma,
    last_months,
)
from tierlab.exercises.questions.ex02_goals_and_gaps_pharma import tiered_doctors
from tierlab.matrix import mvc_stc_bz
from tierlab.simulate import score_plan
from tierlab.strategy import allocate_calls, service_plan

__all__ = ["EXERCISE", "rule_plans"]

_DOCTOR = {"en": "doctor", "zh": "医生"}


def _doc(ctx) -> pd.DataFrame:
    return ctx.cached("doc", lambda: tiered_doctors(ctx.data))


def _capacity(ctx, *, how="sum") -> float:
    cap = ctx.reps["monthly_call_capacity"]
    return float(cap.mean() if how == "mean" else cap.sum())


def _mvc(ctx, *, strategic="headroom", swap=False,
         potential="potential_value_window") -> pd.DataFrame:
    doc = _doc(ctx)
    doc = doc.assign(headroom=(doc[potential] - doc["value"]).clip(lower=0))
    actual, strat = ("value", strategic) if not swap else (strategic, "value")
    return mvc_stc_bz(doc, customer="doctor_id", actual_value=actual, strategic_value=strat,
                      share_of_wallet="share")


def _calls(ctx, *, rule="decile", value="value") -> pd.DataFrame:
    doc, cap = _doc(ctx), int(_capacity(ctx))
    if rule == "equal":
        return allocate_calls(doc, customer="doctor_id", capacity=cap)
    if rule == "matrix":
        return allocate_calls(doc, customer="doctor_id", capacity=cap, rule="matrix",
                              potential="potential_value", share="share")
    return allocate_calls(doc, customer="doctor_id", capacity=cap, rule="decile", value=value)


def rule_plans(doc: pd.DataFrame, capacity: int) -> dict[str, pd.DataFrame]:
    """The three rule-based call plans of question 4: equal, decile (value), matrix."""
    return {
        "equal": allocate_calls(doc, customer="doctor_id", capacity=capacity),
        "decile": allocate_calls(doc, customer="doctor_id", capacity=capacity, rule="decile",
                                 value="value"),
        "matrix": allocate_calls(doc, customer="doctor_id", capacity=capacity, rule="matrix",
                                 potential="potential_value", share="share"),
    }


def _best_rule(ctx, *, worst=False) -> str:
    def scores():
        plans = rule_plans(_doc(ctx), int(_capacity(ctx)))
        return {k: float(score_plan(ctx.data, p)["share_of_optimum"]) for k, p in plans.items()}
    s = ctx.cached("rule_scores", scores)
    return min(s, key=s.get) if worst else max(s, key=s.get)


def _service_calls(ctx, *, tiers=None, count=False) -> float:
    plan = service_plan(_doc(ctx), customer="doctor_id")
    if tiers is not None:
        plan = plan[plan["tier"].isin(tiers)]
    return float(len(plan) if count else plan["calls_per_month"].sum())


q1 = Question(
    "q1",
    prompt={
        "en": "How many calls a month can the whole rep team make? (the sum of the reps' "
              "`monthly_call_capacity`)",
        "zh": "整个医药代表团队每月最多能做多少次拜访？（各代表 `monthly_call_capacity` 之和）",
    },
    expected=_capacity,
    answer=NumberAnswer(rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "The capacity is in `world.reps`.", "zh": "拜访能力在 `world.reps` 中。"},
        {"en": "`world.reps['monthly_call_capacity'].sum()`.",
         "zh": "`world.reps['monthly_call_capacity'].sum()`。"},
    ],
    solution="capacity = world.reps['monthly_call_capacity'].sum()",
    near_misses=[
        NearMiss({"en": "That is the capacity of one (average) rep; add up all reps.",
                  "zh": "这是一位（平均）代表的能力；请把所有代表加总。"},
                 variant=lambda ctx: _capacity(ctx, how="mean")),
        NearMiss({"en": "That is the number of calls the reps actually made last month, not what "
                        "they can make.",
                  "zh": "这是上个月代表实际完成的拜访次数，而不是他们的最大能力。"},
                 variant=lambda ctx: float(last_months(ctx.calls, 1)["calls"].sum())),
    ],
)

q2 = Question(
    "q2",
    prompt={
        "en": "Split the doctors into MVC / STC / BZ / Other (`tl.mvc_stc_bz`): actual value = "
              "`value` (our sales), strategic value = the headroom `potential_value_window - value` "
              "(never below 0; the potential over the same 12 months as the sales), share_of_wallet = `share`. Give the result (doctor_id, tier).",
        "zh": "把医生分为 MVC / STC / BZ / Other（`tl.mvc_stc_bz`）：实际价值 = `value`（我们的销售额），"
              "战略价值 = 增长空间 `potential_value_window - value`（不低于 0；与销售同样 12 个月的潜力），share_of_wallet = `share`。"
              "给出结果（doctor_id、tier）。",
    },
    expected=_mvc,
    answer=FrameAnswer(key="doctor_id", columns=["tier"], entity=_DOCTOR),
    hints=[
        {"en": "`headroom = (doc['potential_value_window'] - doc['value']).clip(lower=0)`.",
         "zh": "`headroom = (doc['potential_value_window'] - doc['value']).clip(lower=0)`。"},
        {"en": "`tl.mvc_stc_bz(doc.assign(headroom=headroom), customer='doctor_id', "
               "actual_value='value', strategic_value='headroom', share_of_wallet='share')`.",
         "zh": "`tl.mvc_stc_bz(doc.assign(headroom=headroom), customer='doctor_id', "
               "actual_value='value', strategic_value='headroom', share_of_wallet='share')`。"},
    ],
    solution=("headroom = (doc['potential_value_window'] - doc['value']).clip(lower=0)\n"
              "mvc = tl.mvc_stc_bz(doc.assign(headroom=headroom), customer='doctor_id',\n"
              "                    actual_value='value', strategic_value='headroom',\n"
              "                    share_of_wallet='share')"),
    near_misses=[
        NearMiss({"en": "Your strategic value is the whole potential. What we can still win is "
                        "the headroom: potential minus what we already sell.",
                  "zh": "你的战略价值用了全部潜力。我们还能赢得的是增长空间：潜力减去已有销售。"},
                 variant=lambda ctx: _mvc(ctx, strategic="potential_value_window")),
        NearMiss({"en": "Your headroom takes the potential of ONE month (`potential_value`) from "
                        "12 months of sales. Use `potential_value_window`, the potential over the "
                        "same 12 months.",
                  "zh": "你的增长空间用一个月的潜力（`potential_value`）减去 12 个月的销售。"
                        "请使用 `potential_value_window`，即同样 12 个月的潜力。"},
                 variant=lambda ctx: _mvc(ctx, potential="potential_value")),
        NearMiss({"en": "Actual and strategic value are swapped: actual = today's sales, "
                        "strategic = headroom.",
                  "zh": "实际价值和战略价值放反了：实际价值 = 今天的销售，战略价值 = 增长空间。"},
                 variant=lambda ctx: _mvc(ctx, swap=True)),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": "Allocate the monthly capacity by volume decile of our value: "
              "`allocate_calls(doc, customer='doctor_id', capacity=capacity, "
              "rule='decile', value='value')`. Give the plan (doctor_id, calls).",
        "zh": "按我们销售额的容量十分位分配每月拜访能力：`allocate_calls(doc, "
              "customer='doctor_id', capacity=capacity, rule='decile', value='value')`。"
              "给出计划（doctor_id、calls）。",
    },
    expected=_calls,
    answer=FrameAnswer(key="doctor_id", columns=["calls"], entity=_DOCTOR),
    hints=[
        {"en": "`capacity` comes from q1.", "zh": "`capacity` 来自第 1 题。"},
        {"en": "rule='decile' with value='value'.", "zh": "rule='decile'，value='value'。"},
    ],
    solution=("plan = allocate_calls(doc, customer='doctor_id', capacity=capacity, "
              "rule='decile',\n                      value='value')"),
    near_misses=[
        NearMiss({"en": "That is the equal plan: everyone gets the same calls. Use rule='decile'.",
                  "zh": "这是平均计划：每个人拜访次数相同。请使用 rule='decile'。"},
                 variant=lambda ctx: _calls(ctx, rule="equal")),
        NearMiss({"en": "Those deciles are on market units (ours + competitor): the question "
                        "asks for deciles of OUR value.",
                  "zh": "这是按市场数量（我们 + 竞争对手）的十分位：题目要求按我们的销售额。"},
                 variant=lambda ctx: _calls(ctx, value="market_units")),
        NearMiss({"en": "Those deciles are on potential; use our value.",
                  "zh": "这是按潜力的十分位；请按我们的销售额。"},
                 variant=lambda ctx: _calls(ctx, value="potential_value")),
    ],
)

q4 = Question(
    "q4",
    prompt={
        "en": "Score three rule-based plans with the full capacity against the best plan the "
              "hidden truth allows (`score_plan(world, plan)['share_of_optimum']`): 'equal', "
              "'decile' (on value) and 'matrix' (potential_value x share). Which rule comes "
              "closest to the optimum? Give its name as text.",
        "zh": "用全部拜访能力，把三种规则计划与隐藏真相下的最优计划比较"
              "（`score_plan(world, plan)['share_of_optimum']`）：'equal'、'decile'（按销售额）、"
              "'matrix'（potential_value x share）。哪种规则最接近最优？请以文本给出名称。",
    },
    expected=_best_rule,
    answer=ValueAnswer(),
    hints=[
        {"en": "Make the three plans with allocate_calls (rule='equal', 'decile', 'matrix'), "
               "then score each one.",
         "zh": "用 allocate_calls 生成三个计划（rule='equal'、'decile'、'matrix'），再分别评分。"},
        {"en": "Put the scores in a dict and take `max(scores, key=scores.get)`.",
         "zh": "把分数放进字典，取 `max(scores, key=scores.get)`。"},
    ],
    solution=("plans = {'equal': allocate_calls(doc, customer='doctor_id', capacity=capacity),\n"
              "         'decile': plan,\n"
              "         'matrix': allocate_calls(doc, customer='doctor_id', capacity=capacity,\n"
              "                                  rule='matrix', potential='potential_value',\n"
              "                                  share='share')}\n"
              "scores = {name: score_plan(world, p)['share_of_optimum'] for name, p in "
              "plans.items()}\n"
              "best = max(scores, key=scores.get)"),
    near_misses=[
        NearMiss({"en": "That rule scores LOWEST: take the largest share of the optimum.",
                  "zh": "这个规则得分最低：应取占最优比例最大的。"},
                 variant=lambda ctx: _best_rule(ctx, worst=True)),
    ],
    explanation={"en": "No rule reaches 100%: rules see size and share, the optimum sees each "
                       "doctor's true response to calls.",
                 "zh": "没有规则能达到 100%：规则只看规模和份额，最优计划看的是每位医生对拜访的真实反应。"},
)

q5 = Question(
    "q5",
    prompt={
        "en": "Join each doctor's ABC tier to the default service models "
              "(`service_plan(doc, customer='doctor_id')`). How many calls a month "
              "do the service models ask for in total, across all doctors? (one number; compare "
              "it with the capacity)",
        "zh": "把每位医生的 ABC 层级与默认服务模式关联（`service_plan(doc, "
              "customer='doctor_id')`）。服务模式要求的每月拜访总次数（所有医生合计）是多少？"
              "（一个数字；与拜访能力比较）",
    },
    expected=_service_calls,
    answer=NumberAnswer(rtol=1e-6, percent_check=False),
    hints=[
        {"en": "The service plan has a `calls_per_month` column per doctor.",
         "zh": "服务计划中每位医生有一列 `calls_per_month`。"},
        {"en": "`service_plan(doc, customer='doctor_id')['calls_per_month'].sum()`.",
         "zh": "`service_plan(doc, customer='doctor_id')['calls_per_month'].sum()`。"},
    ],
    solution=("sp = service_plan(doc, customer='doctor_id')\n"
              "needed = sp['calls_per_month'].sum()"),
    near_misses=[
        NearMiss({"en": "That counts doctors, not calls: add up `calls_per_month`.",
                  "zh": "这是医生人数，而不是拜访次数：请对 `calls_per_month` 求和。"},
                 variant=lambda ctx: _service_calls(ctx, count=True)),
        NearMiss({"en": "That is the A tier only; add up all tiers.",
                  "zh": "这只是 A 类；请把所有层级加总。"},
                 variant=lambda ctx: _service_calls(ctx, tiers=["A"])),
    ],
)

q6 = Question(
    "q6",
    prompt={
        "en": "Strategy by group (seed 003): lock in the most valuable, grow the second tier, "
              "release the below-zero. For which group is up-selling and cross-selling the "
              "strategy? (a) MVC, (b) STC, (c) BZ, (d) Other.",
        "zh": "分群策略（种子 003）：锁定最有价值客户，培养二级客户，战略性释放负值客户。"
              "向上销售和交叉销售是哪一组的策略？(a) MVC；(b) STC；(c) BZ；(d) Other。",
    },
    expected=lambda ctx: "b",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "MVC are locked in: protect what they already bring (service, loyalty).",
              "zh": "MVC 的策略是锁定：保护他们已带来的价值（服务、忠诚）。"},
        "c": {"en": "BZ cost more than they bring: serve them at lower cost or release them.",
              "zh": "BZ 的成本高于贡献：以更低成本服务或释放。"},
        "d": {"en": "'Other' keeps a standard, low-cost service.",
              "zh": "“一般客户”保持标准化、低成本的服务。"},
    }),
    hints=[
        {"en": "Which group has the largest strategic value (room to grow)?",
         "zh": "哪一组的战略价值（增长空间）最大？"},
        {"en": "STC = second-tier customers (最具增长性客户).", "zh": "STC = 二级客户（最具增长性客户）。"},
    ],
    solution='choice = "b"',
)

EXERCISE = Exercise(
    "03_strategy_pharma", [q1, q2, q3, q4, q5, q6],
    title={"en": "03 · Strategy (策略制定) — pharma exercises", "zh": "03 · 策略制定 — 医药练习"},
    prepare=check_pharma, default_data=default_pharma,
)
