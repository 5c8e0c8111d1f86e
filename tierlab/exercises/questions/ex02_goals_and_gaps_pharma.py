"""Exercises for ``02_goals_and_gaps_pharma``: where do we want to be, what is the gap?

Accompanies ``notebooks/02_goals_and_gaps_pharma.ipynb`` (目标设定, 去哪里 / 差哪里):
the company target, its breakdown to doctors by history and potential, the gap
table by tier and territory, and the choice of allocation rule.

The notebook starts from ``doc = tl.doctor_profile(world)`` (last 12 months)
with the ABC ``tier`` (on our value) added. Gaps compare the 12-month sales
with the potential over the same 12 months (``potential_units_window``).
"""

from __future__ import annotations

import pandas as pd

from tierlab.cases.pharma import doctor_profile
from tierlab.exercises._compare import (
    ChoiceAnswer,
    CustomAnswer,
    FrameAnswer,
    NumberAnswer,
    compare_values,
)
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._pharma import check_pharma, default_pharma
from tierlab.goals import allocate_target, gap_table
from tierlab.pareto import abc_classify

__all__ = ["EXERCISE", "GROWTH", "POTENTIAL_WEIGHT", "tiered_doctors"]

#: Next year's company target: last 12 months' units x (1 + GROWTH).
GROWTH = 0.10
#: Weight of potential in the blended breakdown of question 2.
POTENTIAL_WEIGHT = 0.3
_DOCTOR = {"en": "doctor", "zh": "医生"}
_TIER = {"en": "tier", "zh": "层级"}


def tiered_doctors(world) -> pd.DataFrame:
    """The reference ``doc`` of notebooks 02-06: ``doctor_profile(world, market_only=True)`` + ABC ``tier``.

    The setup cells build the same table with the public API::

        doc = tl.doctor_profile(world, market_only=True)
        doc = doc.merge(tl.abc_classify(doc, customer='doctor_id', value='value')
                        [['doctor_id', 'tier']], on='doctor_id')
    """
    doc = doctor_profile(world, market_only=True)
    abc = abc_classify(doc, customer="doctor_id", value="value")
    return doc.merge(abc[["doctor_id", "tier"]], on="doctor_id")


def _doc(ctx) -> pd.DataFrame:
    return ctx.cached("doc", lambda: tiered_doctors(ctx.data))


def _target(ctx, *, col="units", factor=1 + GROWTH) -> float:
    return float(factor * _doc(ctx)[col].sum())


def _goals(ctx, *, method="blend", weight=POTENTIAL_WEIGHT,
           potential="potential_units_window") -> pd.DataFrame:
    return allocate_target(_doc(ctx), customer="doctor_id", target=_target(ctx),
                           history="units", potential=potential, method=method,
                           weight=weight, group="tier")


def _gaps(ctx, *, by="tier", value="units", reverse=False, goals=None) -> pd.DataFrame:
    doc = _doc(ctx)
    g = _goals(ctx) if goals is None else goals
    if by != "tier":
        g = g.merge(doc[["doctor_id", by]], on="doctor_id", how="left")
    out = gap_table(g, doc[["doctor_id", value]], customer="doctor_id", value=value, by=by)
    if reverse:
        out = out.assign(gap=-out["gap"])
    return out


def _largest(ctx, *, column="gap", smallest=False) -> str:
    t = _gaps(ctx, by="territory_id")
    idx = t[column].idxmin() if smallest else t[column].idxmax()
    return str(t.loc[idx, "territory_id"])


def _territory_answer(got, expected, ctx):
    """A territory by its id ('T03') or by its name as notebook 02 shows it ('North ...')."""
    if isinstance(got, str) and ctx is not None:
        names = {str(n).strip().lower(): str(i) for n, i in zip(
            ctx.territories["territory"], ctx.territories["territory_id"], strict=True)}
        got = names.get(got.strip().lower(), got)
    return compare_values(got, expected)


def _shrinking(ctx, *, method="blend", sign="neg") -> int:
    g = _goals(ctx, method=method)
    return int((g["growth"] < 0).sum() if sign == "neg" else (g["growth"] > 0).sum())


q1 = Question(
    "q1",
    prompt={
        "en": f"Head office wants {GROWTH:.0%} more units next year than in the last 12 months. "
              "What is next year's company target in units? (one number)",
        "zh": f"总部希望明年的数量比最近 12 个月增长 {GROWTH:.0%}。明年公司的目标数量是多少？（一个数字）",
    },
    expected=_target,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Last 12 months' units of ours are `doc['units'].sum()`.",
         "zh": "我们最近 12 个月的数量是 `doc['units'].sum()`。"},
        {"en": f"target = units x {1 + GROWTH:g}.", "zh": f"目标 = 数量 x {1 + GROWTH:g}。"},
    ],
    solution=f"target = doc['units'].sum() * {1 + GROWTH:g}",
    near_misses=[
        NearMiss({"en": "That is only the growth (the extra units). The target is last year plus "
                        "the growth.",
                  "zh": "这只是增长部分（新增的数量）。目标 = 去年 + 增长。"},
                 variant=lambda ctx: _target(ctx, factor=GROWTH)),
        NearMiss({"en": "That is based on the whole market (ours + competitor). Our target grows "
                        "OUR units.",
                  "zh": "这是按整个市场（我们 + 竞争对手）算的。我们的目标是增长我们自己的数量。"},
                 variant=lambda ctx: _target(ctx, col="market_units")),
        NearMiss({"en": "That is in value (currency); the target is in units.",
                  "zh": "这是金额；目标以数量为单位。"},
                 variant=lambda ctx: _target(ctx, col="value")),
    ],
)

q2 = Question(
    "q2",
    prompt={
        "en": "Break the target down to doctors with a blend of history and potential, "
              f"{POTENTIAL_WEIGHT:.0%} weight on potential: `allocate_target` with "
              "history='units', potential='potential_units_window', method='blend', "
              f"weight={POTENTIAL_WEIGHT}, group='tier'. Give the resulting DataFrame.",
        "zh": f"用历史与潜力的加权组合（潜力权重 {POTENTIAL_WEIGHT:.0%}）把目标分解到医生："
              "`allocate_target`，参数 history='units'、potential='potential_units_window'、"
              f"method='blend'、weight={POTENTIAL_WEIGHT}、group='tier'。给出结果 DataFrame。",
    },
    expected=_goals,
    answer=FrameAnswer(key="doctor_id", columns=["goal"], rtol=1e-6, entity=_DOCTOR),
    hints=[
        {"en": "Pass `doc`, customer='doctor_id' and `target` from q1.",
         "zh": "传入 `doc`、customer='doctor_id' 和第 1 题的 `target`。"},
        {"en": "`allocate_target(doc, customer='doctor_id', target=target, "
               "history='units', potential='potential_units_window', method='blend', "
               f"weight={POTENTIAL_WEIGHT}, group='tier')`.",
         "zh": "`allocate_target(doc, customer='doctor_id', target=target, "
               "history='units', potential='potential_units_window', method='blend', "
               f"weight={POTENTIAL_WEIGHT}, group='tier')`。"},
    ],
    solution=("goals = allocate_target(doc, customer='doctor_id', target=target,\n"
              "                                 history='units', potential='potential_units_window',\n"
              f"                                 method='blend', weight={POTENTIAL_WEIGHT}, "
              "group='tier')"),
    near_misses=[
        NearMiss({"en": f"The weight is reversed: `weight` is the weight of POTENTIAL "
                        f"({POTENTIAL_WEIGHT}), history gets the rest.",
                  "zh": f"权重反了：`weight` 是潜力的权重（{POTENTIAL_WEIGHT}），其余给历史。"},
                 variant=lambda ctx: _goals(ctx, weight=1 - POTENTIAL_WEIGHT)),
        NearMiss({"en": "Those goals follow history only (method='history'); use the blend.",
                  "zh": "这些目标只按历史分解（method='history'）；请使用 blend。"},
                 variant=lambda ctx: _goals(ctx, method="history")),
        NearMiss({"en": "Those goals follow potential only (method='potential'); use the blend.",
                  "zh": "这些目标只按潜力分解（method='potential'）；请使用 blend。"},
                 variant=lambda ctx: _goals(ctx, method="potential")),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": "Build the gap table by tier: `gap_table(goals, current, "
              "customer='doctor_id', value='units', by='tier')` where `current` holds each "
              "doctor's units of the last 12 months. Gap = goal minus today.",
        "zh": "按层级建立差距表：`gap_table(goals, current, customer='doctor_id', "
              "value='units', by='tier')`，其中 `current` 是每位医生最近 12 个月的数量。"
              "差距 = 目标 - 现状。",
    },
    expected=_gaps,
    answer=FrameAnswer(key="tier", columns=["goal", "current", "gap"], rtol=1e-6, entity=_TIER),
    hints=[
        {"en": "`current = doc[['doctor_id', 'units']]`.", "zh": "`current = doc[['doctor_id', 'units']]`。"},
        {"en": "`gaps = gap_table(goals, current, customer='doctor_id', value='units', "
               "by='tier')`.",
         "zh": "`gaps = gap_table(goals, current, customer='doctor_id', value='units', "
               "by='tier')`。"},
    ],
    solution=("current = doc[['doctor_id', 'units']]\n"
              "gaps = gap_table(goals, current, customer='doctor_id', value='units',\n"
              "                          by='tier')"),
    near_misses=[
        NearMiss({"en": "Your gap has the wrong sign: gap = goal minus today (positive = still "
                        "to win).",
                  "zh": "差距的符号反了：差距 = 目标 - 现状（正数 = 还需争取）。"},
                 variant=lambda ctx: _gaps(ctx, reverse=True)),
        NearMiss({"en": "Today's business is measured in value here, but the goals are in units: "
                        "compare units with units.",
                  "zh": "这里的现状用的是金额，但目标是数量：请用数量和数量比较。"},
                 variant=lambda ctx: _gaps(ctx, value="value")),
    ],
    explanation={"en": "Note the A tier: a blend that weighs potential asks less growth where "
                       "history is already close to potential.",
                 "zh": "注意 A 类：考虑潜力的组合分解，在历史已接近潜力的地方要求的增长更少。"},
)

q4 = Question(
    "q4",
    prompt={
        "en": "Which territory has the largest gap (goal minus today, in units)? Give its "
              "territory_id (or its name, as the notebook shows it) as text.",
        "zh": "哪个区域的差距（目标 - 现状，按数量）最大？请以文本给出其 territory_id（或笔记本中显示的区域名称）。",
    },
    expected=_largest,
    answer=CustomAnswer(_territory_answer),
    hints=[
        {"en": "Add `territory_id` to the goals (merge with `doc`), then gap_table with "
               "by='territory_id'.",
         "zh": "先把 `territory_id` 合并到目标表（与 `doc` merge），再用 by='territory_id' 调用 gap_table。"},
        {"en": "gap_table sorts by gap, largest first: take the first territory_id.",
         "zh": "gap_table 按差距从大到小排序：取第一个 territory_id。"},
    ],
    solution=("by_terr = goals.merge(doc[['doctor_id', 'territory_id']], on='doctor_id')\n"
              "gt = gap_table(by_terr, current, customer='doctor_id', value='units',\n"
              "                        by='territory_id')\n"
              "territory = gt['territory_id'].iloc[0]"),
    near_misses=[
        NearMiss({"en": "That territory has the SMALLEST gap: the table is sorted largest first.",
                  "zh": "这是差距最小的区域：表格按差距从大到小排序。"},
                 variant=lambda ctx: _largest(ctx, smallest=True)),
        NearMiss({"en": "That territory has the largest GOAL, not the largest gap (goal minus "
                        "today).",
                  "zh": "这是目标最大的区域，而不是差距（目标 - 现状）最大的区域。"},
                 variant=lambda ctx: _largest(ctx, column="goal")),
    ],
)

q5 = Question(
    "q5",
    prompt={
        "en": "With the blended goals of q2, how many doctors are asked to sell LESS than in the "
              "last 12 months (growth below 0)? (a whole number)",
        "zh": "按第 2 题的组合目标，有多少位医生被要求卖得比最近 12 个月更少（growth 小于 0）？（整数）",
    },
    expected=_shrinking,
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "`goals['growth']` is goal minus history per doctor.",
         "zh": "`goals['growth']` 是每位医生的目标减去历史。"},
        {"en": "`(goals['growth'] < 0).sum()` counts them.", "zh": "`(goals['growth'] < 0).sum()` 即可计数。"},
    ],
    solution="n_down = (goals['growth'] < 0).sum()",
    near_misses=[
        NearMiss({"en": "You counted the doctors asked to GROW (growth > 0).",
                  "zh": "你统计的是被要求增长（growth > 0）的医生。"},
                 variant=lambda ctx: _shrinking(ctx, sign="pos")),
        NearMiss({"en": "That is a share of the doctors; the question asks HOW MANY (a count).",
                  "zh": "这是医生的占比；题目问的是有多少位（人数）。"},
                 test=lambda a, ctx: 0 < float(a) < 1),
        NearMiss({"en": "That count uses goals on potential only (method='potential'); use "
                        "the blended goals of q2.",
                  "zh": "这个数字用的是只按潜力分解的目标（method='potential'）；请使用第 2 题的混合目标。"},
                 variant=lambda ctx: _shrinking(ctx, method="potential")),
    ],
    explanation={"en": "A goal below last year is a signal to discuss, not an error: the blend "
                       "moves effort from doctors near their potential to doctors with room.",
                 "zh": "目标低于去年是需要讨论的信号，而不是错误：组合分解把精力从接近潜力的医生"
                       "转向还有增长空间的医生。"},
)

q6 = Question(
    "q6",
    prompt={
        "en": "A doctor sold 900 units last year; the potential is 950. The history rule asks "
              "+10% (990 units, above the potential). Which rule of `allocate_target` never asks "
              "a doctor for more than max(potential, history)? (a) 'history', (b) 'potential', "
              "(c) 'equal_growth', (d) 'gap_to_potential'.",
        "zh": "某医生去年卖了 900 单位，潜力是 950。历史法要求 +10%（990，高于潜力）。"
              "`allocate_target` 的哪种方法保证目标永远不超过 max(潜力, 历史)？"
              "(a) 'history'；(b) 'potential'；(c) 'equal_growth'；(d) 'gap_to_potential'。",
    },
    expected=lambda ctx: "d",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "History grows everyone by the same percentage, blind to the headroom: that "
                    "is exactly the 990 units.",
              "zh": "历史法让每个人按同样的百分比增长，不看增长空间：这正是 990 的由来。"},
        "b": {"en": "Potential shares the target by potential: with a large target it can still "
                    "exceed a doctor's potential.",
              "zh": "潜力法按潜力分配目标：目标较大时仍可能超过某位医生的潜力。"},
        "c": {"en": "Equal growth adds the same units to everyone, even to a doctor with no room.",
              "zh": "平均增长给每个人加相同的数量，即使该医生已没有增长空间。"},
    }),
    hints=[
        {"en": "Which rule splits the growth in proportion to the headroom (potential minus "
               "history)?",
         "zh": "哪种方法按增长空间（潜力 - 历史）分配增长？"},
        {"en": "Read `help(tierlab.goals)`: the rules are listed there.",
         "zh": "阅读 `help(tierlab.goals)`：那里列出了各种方法。"},
    ],
    solution='choice = "d"',
)

EXERCISE = Exercise(
    "02_goals_and_gaps_pharma", [q1, q2, q3, q4, q5, q6],
    title={"en": "02 · Goals and gaps (目标设定) — pharma exercises",
           "zh": "02 · 目标设定与差距 — 医药练习"},
    prepare=check_pharma, default_data=default_pharma,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q7", at="c",
        stem={"en": "The region must grow hospital flow sales by 15%. How do you split the "
                    "target across hospitals?",
              "zh": "大区的医院流向销售要增长 15%。你怎样把指标分解到各家医院？"},
        right={"en": "by headroom: each hospital's potential minus our flow sales there",
               "zh": "按增长空间：每家医院的潜力减去我们在那里的流向"},
        wrong=[
            ({"en": "+15% for every hospital alike",
              "zh": "每家医院一律 +15%"},
             {"en": "Equal growth ignores headroom: a saturated hospital cannot do what a "
                    "half-won one can.",
              "zh": "统一增长忽略了增长空间：已经饱和的医院做不到尚有空间的医院能做到的。"}),
            ({"en": "the same amount for every rep's territory",
              "zh": "每位代表的辖区分配相同的金额"},
             {"en": "Territories differ in size and potential; equal amounts are easy to "
                    "explain but miss the market.",
              "zh": "各辖区的规模和潜力不同；相同金额容易解释，却脱离市场。"}),
            ({"en": "by last year's growth: the hospitals that grew most have shown they can "
                    "carry the most",
              "zh": "按去年的增长：增长最多的医院已经证明它们能承担最多"},
             {"en": "That rewards last year's luck with a higher bar and says nothing about "
                    "where the market still is.",
              "zh": "这等于用更高的指标“奖励”去年的运气，而且说明不了市场空间在哪里。"}),
        ],
        hint={"en": "Where can the extra business come from?",
              "zh": "新增的生意能从哪里来？"},
        explanation={"en": "A target follows the market: potential minus what we already have.",
                     "zh": "指标跟着市场走：潜力减去我们已有的。"}),
    judgement(
        "q8", at="a",
        stem={"en": "Which of these is a SMART goal for doctor development?",
              "zh": "下面哪一个是医生开发方面的 SMART 目标？"},
        right={"en": "12 named doctors in hospital X from 了解 to 试用 by end of Q2, per the CRM",
               "zh": "到第二季度末，X 医院 12 位点名医生从“了解”到“试用”，以 CRM 为准"},
        wrong=[
            ({"en": "increase doctor engagement in the region",
              "zh": "提高大区医生的参与度"},
             {"en": "Neither specific nor measurable: which doctors, how much, by when?",
              "zh": "既不具体也不可衡量：哪些医生、多少、什么时候？"}),
            ({"en": "every doctor in the region reaches 倡导 this year",
              "zh": "今年大区所有医生都达到“倡导”"},
             {"en": "Not achievable: advocacy is the last stage and most doctors will never "
                    "reach it in a year.",
              "zh": "无法实现：倡导是最后一个阶段，大多数医生一年内都到不了。"}),
            ({"en": "make 20% more calls than last year, spread evenly over the doctors of every "
                    "tier",
              "zh": "比去年多拜访 20%，平均分配到各级医生"},
             {"en": "That is an activity, not a result: 拜访量 is not 业绩.",
              "zh": "这是活动，不是结果：拜访量不等于业绩。"}),
        ],
        hint={"en": "Specific, Measurable, Achievable, Relevant, Time-bound: which one passes "
                    "all five?",
              "zh": "具体、可衡量、可实现、相关、有时限：哪一个五条都满足？"},
        explanation={"en": "Named doctors, a stage change, a date and a data source: a goal a "
                           "manager can check.",
                     "zh": "点名的医生、阶段变化、日期和数据来源：一个经理能核查的目标。"}),
    judgement(
        "q9", at="d",
        stem={"en": "The goal is flow sales +15% on last year. Against what do you measure the "
                    "gap the plan has to close?",
              "zh": "目标是流向销售比去年增长 15%。计划要弥补的差距应该相对什么来衡量？"},
        right={"en": "the do-nothing forecast of each hospital",
               "zh": "每家医院“不采取行动”的预测"},
        wrong=[
            ({"en": "last year's flow sales: the goal is stated on them",
              "zh": "去年的流向销售：目标就是按它定的"},
             {"en": "Last year hides decline: a hospital that is slipping needs more than the "
                    "15% the plan promises.",
              "zh": "去年的数字掩盖了下滑：正在下滑的医院需要的不止计划承诺的 15%。"}),
            ({"en": "the sum of the reps' estimates of use",
              "zh": "代表们估计用量的总和"},
             {"en": "Estimates are opinions at doctor level, not a forecast of hospital sales.",
              "zh": "估计只是医生层面的看法，不是医院销售的预测。"}),
            ({"en": "the best region's result",
              "zh": "最好大区的业绩"},
             {"en": "Another region's result is a benchmark for ambition, not the starting "
                    "point of this region's gap.",
              "zh": "别的大区的业绩可以作为目标参照，但不是本大区差距的起点。"}),
        ],
        hint={"en": "What happens if the team does nothing?",
              "zh": "如果团队什么都不做，会怎样？"},
        explanation={"en": "Gap = goal − do-nothing forecast, not goal − last year.",
                     "zh": "差距 = 目标 − 不采取行动时的预测，而不是目标 − 去年。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
