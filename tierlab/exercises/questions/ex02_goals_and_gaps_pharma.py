"""Exercises for ``02_goals_and_gaps_pharma``: where do we want to be, what is the gap?

Accompanies ``notebooks/02_goals_and_gaps_pharma.ipynb`` (目标设定, 去哪里 / 差哪里):
the company target (指标) on flow sales, its breakdown to hospitals by history
and potential, the gap table by hospital tier and territory, the choice of
allocation rule, and adoption goals per doctor tier.

The notebook starts from ``hosp = tl.hospital_profile(world)`` (last 12 months
of flow sales per hospital) with the potential x share ``tier`` of notebook 01
added. Targets are in yuan: the 12-month flow ``value`` against the potential
over the same 12 months (``potential_value_window``).
"""

from __future__ import annotations

import pandas as pd

from tierlab.cases.pharma import doctor_profile, hospital_profile
from tierlab.datasets import World
from tierlab.exercises._compare import (
    ChoiceAnswer,
    CustomAnswer,
    FrameAnswer,
    NumberAnswer,
    compare_values,
)
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._pharma import check_pharma, default_pharma
from tierlab.exercises.questions.ex01_current_state_pharma import doctor_tiers, hospital_tiers
from tierlab.goals import allocate_target, gap_table

__all__ = ["EXERCISE", "GROWTH", "POTENTIAL_WEIGHT", "tiered_doctors", "tiered_hospitals"]

#: Next year's company target: last 12 months' flow sales x (1 + GROWTH).
GROWTH = 0.10
#: Weight of potential in the blended breakdown of question 2.
POTENTIAL_WEIGHT = 0.3
_HOSPITAL = {"en": "hospital", "zh": "医院"}
_TIER = {"en": "tier", "zh": "层级"}


def tiered_hospitals(world: World) -> pd.DataFrame:
    """The reference ``hosp`` of notebook 02: ``hospital_profile(world)`` + potential x share ``tier``.

    The setup cell builds the same table with the public API::

        hosp = tl.hospital_profile(world)
        grid = tl.factor_matrix(hosp.fillna({'share': 0}), customer='hospital_id', x='share',
                                y='potential_value', labels=tl.cases.pharma.ADOPTION_TIER_LABELS)
        hosp['tier'] = grid['label'].to_numpy()
    """
    hosp = hospital_profile(world)
    return hosp.assign(tier=hospital_tiers(hosp)["label"].to_numpy())


def tiered_doctors(world: World) -> pd.DataFrame:
    """The reference ``doctors`` of notebooks 02-06: ``doctor_profile(world)`` + potential x adoption ``tier``.

    The setup cells build the same table with the public API::

        doctors = tl.doctor_profile(world)
        doctors['tier'] = tl.doctor_tiers(doctors)['tier'].to_numpy()
    """
    doc = doctor_profile(world)
    return doc.assign(tier=doctor_tiers(doc)["label"].to_numpy())


def _doc(ctx) -> pd.DataFrame:
    return ctx.cached("hosp", lambda: tiered_hospitals(ctx.data))


def _doctors(ctx) -> pd.DataFrame:
    return ctx.cached("doctors", lambda: tiered_doctors(ctx.data))


def _target(ctx, *, col="value", factor=1 + GROWTH) -> float:
    return float(factor * _doc(ctx)[col].sum())


def _goals(ctx, *, method="blend", weight=POTENTIAL_WEIGHT,
           potential="potential_value_window") -> pd.DataFrame:
    return allocate_target(_doc(ctx), customer="hospital_id", target=_target(ctx),
                           history="value", potential=potential, method=method,
                           weight=weight, group="tier")


def _gaps(ctx, *, by="tier", value="value", reverse=False, goals=None) -> pd.DataFrame:
    doc = _doc(ctx)
    g = _goals(ctx) if goals is None else goals
    if by != "tier":
        g = g.merge(doc[["hospital_id", by]], on="hospital_id", how="left")
    current = doc[["hospital_id", value]].rename(columns={value: "value"})
    out = gap_table(g, current, customer="hospital_id", value="value", by=by)
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


def _b_at_trial(ctx, *, tier="B", stage=(3,)) -> int:
    d = _doctors(ctx)
    keep = d["stage"].isin(stage)
    if tier is not None:
        keep &= d["tier"] == tier
    return int(keep.sum())


q1 = Question(
    "q1",
    prompt={
        "en": f"Head office wants {GROWTH:.0%} more flow sales (value, yuan) next year than in the "
              "last 12 months. What is next year's company target (指标)? (one number)",
        "zh": f"总部希望明年的流向销售额（元）比最近 12 个月增长 {GROWTH:.0%}。明年公司的指标是多少？（一个数字）",
    },
    expected=_target,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Notebook 02 pharma, section 2 'Where do we want to be?': "
               "last 12 months' flow sales of ours are `hosp['value'].sum()`.",
         "zh": "笔记本 02（医药）第 2 节“Where do we want to be?”："
               "我们最近 12 个月的流向销售额是 `hosp['value'].sum()`。"},
        {"en": f"target = flow sales x {1 + GROWTH:g}.", "zh": f"指标 = 流向销售额 x {1 + GROWTH:g}。"},
    ],
    solution=f"target = hosp['value'].sum() * {1 + GROWTH:g}",
    near_misses=[
        NearMiss({"en": "That is only the growth (the extra sales). The target is last year plus "
                        "the growth.",
                  "zh": "这只是增长部分（新增的销售额）。指标 = 去年 + 增长。"},
                 variant=lambda ctx: _target(ctx, factor=GROWTH)),
        NearMiss({"en": "That is based on the hospitals' whole market (audit units, all brands). "
                        "Our target grows OUR flow sales.",
                  "zh": "这是按医院整个市场（审计盒数，所有品牌）算的。我们的指标是增长我们自己的流向销售。"},
                 variant=lambda ctx: _target(ctx, col="market_units")),
        NearMiss({"en": "That is in units (boxes); the target is in value (yuan).",
                  "zh": "这是盒数；指标以金额（元）为单位。"},
                 variant=lambda ctx: _target(ctx, col="units")),
    ],
)

q2 = Question(
    "q2",
    prompt={
        "en": "Break the target down to hospitals with a blend of history and potential, "
              f"{POTENTIAL_WEIGHT:.0%} weight on potential: `allocate_target` with "
              "history='value', potential='potential_value_window', method='blend', "
              f"weight={POTENTIAL_WEIGHT}, group='tier'. Give the resulting DataFrame.",
        "zh": f"用历史与潜力的加权组合（潜力权重 {POTENTIAL_WEIGHT:.0%}）把指标分解到医院："
              "`allocate_target`，参数 history='value'、potential='potential_value_window'、"
              f"method='blend'、weight={POTENTIAL_WEIGHT}、group='tier'。给出结果 DataFrame。",
    },
    expected=_goals,
    answer=FrameAnswer(key="hospital_id", columns=["goal"], rtol=1e-6, entity=_HOSPITAL),
    hints=[
        {"en": "Notebook 02 pharma, section 3 'The target per hospital and per territory': "
               "pass `hosp`, customer='hospital_id' and `target` from q1.",
         "zh": "笔记本 02（医药）第 3 节“The target per hospital and per territory”："
               "传入 `hosp`、customer='hospital_id' 和第 1 题的 `target`。"},
        {"en": "`allocate_target(hosp, customer='hospital_id', target=target, "
               "history='value', potential='potential_value_window', method='blend', "
               f"weight={POTENTIAL_WEIGHT}, group='tier')`.",
         "zh": "`allocate_target(hosp, customer='hospital_id', target=target, "
               "history='value', potential='potential_value_window', method='blend', "
               f"weight={POTENTIAL_WEIGHT}, group='tier')`。"},
    ],
    solution=("goals = allocate_target(hosp, customer='hospital_id', target=target,\n"
              "                        history='value', potential='potential_value_window',\n"
              f"                        method='blend', weight={POTENTIAL_WEIGHT}, "
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
        NearMiss({"en": "Your potential is one month (`potential_value`); flow sales cover 12 "
                        "months: use `potential_value_window`.",
                  "zh": "你的潜力是一个月的（`potential_value`）；流向销售覆盖 12 个月：请使用 `potential_value_window`。"},
                 variant=lambda ctx: _goals(ctx, potential="potential_value")),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": "Build the gap table by hospital tier: `gap_table(goals, current, "
              "customer='hospital_id', value='value', by='tier')` where `current` holds each "
              "hospital's flow sales of the last 12 months. Gap = goal minus today.",
        "zh": "按医院层级建立差距表：`gap_table(goals, current, customer='hospital_id', "
              "value='value', by='tier')`，其中 `current` 是每家医院最近 12 个月的流向销售额。"
              "差距 = 目标 - 现状。",
    },
    expected=_gaps,
    answer=FrameAnswer(key="tier", columns=["goal", "current", "gap"], rtol=1e-6, entity=_TIER),
    hints=[
        {"en": "Notebook 02 pharma, section 4 'The gap table': "
               "`current = hosp[['hospital_id', 'value']]`.",
         "zh": "笔记本 02（医药）第 4 节“The gap table”："
               "`current = hosp[['hospital_id', 'value']]`。"},
        {"en": "`gaps = gap_table(goals, current, customer='hospital_id', value='value', "
               "by='tier')`.",
         "zh": "`gaps = gap_table(goals, current, customer='hospital_id', value='value', "
               "by='tier')`。"},
    ],
    solution=("current = hosp[['hospital_id', 'value']]\n"
              "gaps = gap_table(goals, current, customer='hospital_id', value='value', by='tier')"),
    near_misses=[
        NearMiss({"en": "Your gap has the wrong sign: gap = goal minus today (positive = still "
                        "to win).",
                  "zh": "差距的符号反了：差距 = 目标 - 现状（正数 = 还需争取）。"},
                 variant=lambda ctx: _gaps(ctx, reverse=True)),
        NearMiss({"en": "Today's business is in units here, but the goals are in yuan: compare "
                        "value with value.",
                  "zh": "这里的现状用的是盒数，但目标是金额：请用金额和金额比较。"},
                 variant=lambda ctx: _gaps(ctx, value="units")),
    ],
    explanation={"en": "Compare the tiers' gaps: a blend that weighs potential asks more where "
                       "flow sales lag the potential (often the B, develop, hospitals).",
                 "zh": "比较各层级的差距：考虑潜力的组合分解，在流向销售落后于潜力的地方（常是 B 类开发医院）要求更多。"},
)

q4 = Question(
    "q4",
    prompt={
        "en": "Which territory has the largest gap (goal minus today, in yuan)? Give its "
              "territory_id (or its name, as the notebook shows it) as text.",
        "zh": "哪个区域的差距（目标 - 现状，按金额）最大？请以文本给出其 territory_id（或笔记本中显示的区域名称）。",
    },
    expected=_largest,
    answer=CustomAnswer(_territory_answer),
    hints=[
        {"en": "Notebook 02 pharma, section 4 'The gap table': "
               "add `territory_id` to the goals (merge with `hosp`), then gap_table with "
               "by='territory_id'.",
         "zh": "笔记本 02（医药）第 4 节“The gap table”："
               "先把 `territory_id` 合并到目标表（与 `hosp` merge），再用 by='territory_id' 调用 gap_table。"},
        {"en": "gap_table sorts by gap, largest first: take the first territory_id.",
         "zh": "gap_table 按差距从大到小排序：取第一个 territory_id。"},
    ],
    solution=("by_terr = goals.merge(hosp[['hospital_id', 'territory_id']], on='hospital_id')\n"
              "gt = gap_table(by_terr, current, customer='hospital_id', value='value',\n"
              "               by='territory_id')\n"
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
        "en": "With the blended goals of q2, how many hospitals are asked to sell LESS than in "
              "the last 12 months (growth below 0)? (a whole number)",
        "zh": "按第 2 题的组合目标，有多少家医院被要求卖得比最近 12 个月更少（growth 小于 0）？（整数）",
    },
    expected=_shrinking,
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "Notebook 02 pharma, section 3 'The target per hospital and per territory': "
               "`goals['growth']` is goal minus history per hospital.",
         "zh": "笔记本 02（医药）第 3 节“The target per hospital and per territory”："
               "`goals['growth']` 是每家医院的目标减去历史。"},
        {"en": "`(goals['growth'] < 0).sum()` counts them.",
         "zh": "`(goals['growth'] < 0).sum()` 即可计数。"},
    ],
    solution="n_down = (goals['growth'] < 0).sum()",
    near_misses=[
        NearMiss({"en": "You counted the hospitals asked to GROW (growth > 0).",
                  "zh": "你统计的是被要求增长（growth > 0）的医院。"},
                 variant=lambda ctx: _shrinking(ctx, sign="pos")),
        NearMiss({"en": "That is a share of the hospitals; the question asks HOW MANY (a count).",
                  "zh": "这是医院的占比；题目问的是有多少家（数量）。"},
                 test=lambda a, ctx: 0 < float(a) < 1),
        NearMiss({"en": "That count uses goals on potential only (method='potential'); use "
                        "the blended goals of q2.",
                  "zh": "这个数字用的是只按潜力分解的目标（method='potential'）；请使用第 2 题的混合目标。"},
                 variant=lambda ctx: _shrinking(ctx, method="potential")),
    ],
    explanation={"en": "A target below last year is a signal to discuss, not an error: the blend "
                       "moves effort from hospitals near their potential to hospitals with room.",
                 "zh": "指标低于去年是需要讨论的信号，而不是错误：组合分解把精力从接近潜力的医院"
                       "转向还有增长空间的医院。"},
)

q6 = Question(
    "q6",
    prompt={
        "en": "Adoption goals per doctor: the team wants B doctors (high potential, not yet "
              "regular use) at TRIAL (stage 3) to move to regular use. With the doctor tiers of "
              "notebook 01 (`doctors`, column `tier`), how many B doctors are at stage 3 today? "
              "(a whole number)",
        "zh": "医生的观念目标：团队希望处于试用（阶段 3）的 B 类医生（高潜力、尚未常规使用）转为常规使用。"
              "按笔记本 01 的医生分级（`doctors` 的 `tier` 列），目前有多少位 B 类医生处于阶段 3？（整数）",
    },
    expected=_b_at_trial,
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "Notebook 02 pharma, section 5 'Adoption goals per doctor tier': "
               "two conditions: `doctors['tier'] == 'B'` and `doctors['stage'] == 3`.",
         "zh": "笔记本 02（医药）第 5 节“Adoption goals per doctor tier”："
               "两个条件：`doctors['tier'] == 'B'` 和 `doctors['stage'] == 3`。"},
        {"en": "`((doctors['tier'] == 'B') & (doctors['stage'] == 3)).sum()`.",
         "zh": "`((doctors['tier'] == 'B') & (doctors['stage'] == 3)).sum()`。"},
    ],
    solution="n_trial_b = ((doctors['tier'] == 'B') & (doctors['stage'] == 3)).sum()",
    near_misses=[
        NearMiss({"en": "That is all B doctors (stages 1-3). Keep the ones at trial (stage 3).",
                  "zh": "这是全部 B 类医生（阶段 1-3）。请只保留处于试用（阶段 3）的医生。"},
                 variant=lambda ctx: _b_at_trial(ctx, stage=(1, 2, 3))),
        NearMiss({"en": "That is every doctor at trial, whatever the tier. Keep the B doctors "
                        "(high potential).",
                  "zh": "这是所有处于试用的医生，不分层级。请只保留 B 类（高潜力）医生。"},
                 variant=lambda ctx: _b_at_trial(ctx, tier=None)),
        NearMiss({"en": "Those are the D doctors at trial (low potential). B is high potential.",
                  "zh": "这些是处于试用的 D 类医生（低潜力）。B 类是高潜力。"},
                 variant=lambda ctx: _b_at_trial(ctx, tier="D")),
    ],
    explanation={"en": "An adoption goal names doctors a rep can work on, and its progress shows "
                       "every quarter in the stage the rep records.",
                 "zh": "观念目标点名代表可以推进的医生，其进展每季度体现在代表记录的阶段中。"},
)

q7 = Question(
    "q7",
    prompt={
        "en": "A hospital bought 900,000 yuan from us last year; its potential is 950,000. The "
              "history rule asks +10% (990,000, above the potential). Which rule of "
              "`allocate_target` never asks a hospital for more than max(potential, history)? "
              "(a) 'history', (b) 'potential', (c) 'equal_growth', (d) 'gap_to_potential'.",
        "zh": "某医院去年从我们这里进货 900,000 元；潜力是 950,000。历史法要求 +10%（990,000，高于潜力）。"
              "`allocate_target` 的哪种方法保证指标永远不超过 max(潜力, 历史)？"
              "(a) 'history'；(b) 'potential'；(c) 'equal_growth'；(d) 'gap_to_potential'。",
    },
    expected=lambda ctx: "d",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "History grows everyone by the same percentage, blind to the headroom: that "
                    "is exactly the 990,000.",
              "zh": "历史法让每家医院按同样的百分比增长，不看增长空间：这正是 990,000 的由来。"},
        "b": {"en": "Potential shares the target by potential: with a large target it can still "
                    "exceed a hospital's potential.",
              "zh": "潜力法按潜力分配指标：指标较大时仍可能超过某家医院的潜力。"},
        "c": {"en": "Equal growth adds the same amount to everyone, even to a hospital with no "
                    "room.",
              "zh": "平均增长给每家医院加相同的数额，即使该医院已没有增长空间。"},
    }),
    hints=[
        {"en": "Notebook 02 pharma, section 2 'Where do we want to be?': "
               "which rule splits the growth in proportion to the headroom (potential minus "
               "history)?",
         "zh": "笔记本 02（医药）第 2 节“Where do we want to be?”："
               "哪种方法按增长空间（潜力 - 历史）分配增长？"},
        {"en": "Read `help(tierlab.goals)`: the rules are listed there.",
         "zh": "阅读 `help(tierlab.goals)`：那里列出了各种方法。"},
    ],
    solution='choice = "d"',
)

EXERCISE = Exercise(
    "02_goals_and_gaps_pharma", [q1, q2, q3, q4, q5, q6, q7],
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
        "q8", at="c",
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
        hint={"en": "Notebook 02 pharma, section 2 'Where do we want to be?': "
                    "where can the extra business come from?",
              "zh": "笔记本 02（医药）第 2 节“Where do we want to be?”："
                    "新增的生意能从哪里来？"},
        explanation={"en": "A target follows the market: potential minus what we already have.",
                     "zh": "指标跟着市场走：潜力减去我们已有的。"}),
    judgement(
        "q9", at="a",
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
        hint={"en": "Notebook 02 pharma, section 6 'SMART goals per hospital tier': "
                    "Specific, Measurable, Achievable, Relevant, Time-bound: which one passes "
                    "all five?",
              "zh": "笔记本 02（医药）第 6 节“SMART goals per hospital tier”："
                    "具体、可衡量、可实现、相关、有时限：哪一个五条都满足？"},
        explanation={"en": "Named doctors, a stage change, a date and a data source: a goal a "
                           "manager can check.",
                     "zh": "点名的医生、阶段变化、日期和数据来源：一个经理能核查的目标。"}),
    judgement(
        "q10", at="d",
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
        hint={"en": "Notebook 02 pharma, section 4 'The gap table': "
                    "what happens if the team does nothing?",
              "zh": "笔记本 02（医药）第 4 节“The gap table”："
                    "如果团队什么都不做，会怎样？"},
        explanation={"en": "Gap = goal − do-nothing forecast, not goal − last year.",
                     "zh": "差距 = 目标 − 不采取行动时的预测，而不是目标 − 去年。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
