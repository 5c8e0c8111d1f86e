"""Exercises for ``01_current_state_pharma``: where are we (现状分析, 在哪里)?

Accompanies ``notebooks/01_current_state_pharma.ipynb``: flow sales (流向) per
hospital, ABC tiers of hospitals, hospital tiers by potential x share, doctor
tiers by potential x adoption (潜力 x 观念), the reps' estimates checked against
flow, and the majority fallacy. There are no doctor-level sales (统方).

The notebook starts from ``hospitals = tl.hospital_profile(world)`` and
``doctors = tl.doctor_profile(world)``.
"""

from __future__ import annotations

import pandas as pd

from tierlab.cases.pharma import ADOPTION_TIER_LABELS, doctor_profile, hospital_profile
from tierlab.cases.pharma import doctor_tiers as _doctor_tiers
from tierlab.cases.pharma import hospital_tiers as _hospital_tiers
from tierlab.exercises._compare import (
    ChoiceAnswer,
    CollectionAnswer,
    FrameAnswer,
    NumberAnswer,
    SeriesAnswer,
)
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._pharma import (
    check_pharma,
    default_pharma,
    last_months,
)
from tierlab.matrix import factor_matrix
from tierlab.pareto import abc_classify

__all__ = ["EXERCISE", "doctor_tiers", "hospital_tiers"]

_HOSPITAL = {"en": "hospital", "zh": "医院"}
_DOCTOR = {"en": "doctor", "zh": "医生"}


def hospital_tiers(hospitals: pd.DataFrame, *, x: str = "share",
                   y: str = "potential_value") -> pd.DataFrame:
    """The hospital tiers of notebook 01: :func:`tierlab.hospital_tiers` (potential x share).

    The tier is in ``tier`` and ``label``; ``x`` and ``y`` recompute near misses.
    """
    t = _hospital_tiers(hospitals, share=x, potential=y)
    return t.assign(label=t["tier"])


def doctor_tiers(doctors: pd.DataFrame, *, x_cut: int = 4,
                 y: str = "potential_value") -> pd.DataFrame:
    """The doctor tiers of notebook 01: :func:`tierlab.doctor_tiers` (top 30% potential x stage >= 4).

    The tier is in ``tier`` and, as in :func:`hospital_tiers`, in ``label``;
    ``x_cut`` and ``y`` recompute near misses (trial counted as adopted,
    potential in units).
    """
    t = _doctor_tiers(doctors, potential=y, adopted_stage=x_cut)
    return t.assign(label=t["tier"])


def _hosp(ctx) -> pd.DataFrame:
    return ctx.cached("hosp", lambda: hospital_profile(ctx.data))


def _doc(ctx) -> pd.DataFrame:
    return ctx.cached("doc", lambda: doctor_profile(ctx.data))


def _flow_by_hospital(ctx, *, months=12, col="value") -> pd.Series:
    flow = ctx.flow if months is None else last_months(ctx.flow, months)
    return flow.groupby("hospital_id")[col].sum().rename(col)


def _abc(ctx, *, value="value") -> pd.DataFrame:
    return abc_classify(_hosp(ctx), customer="hospital_id", value=value, cutoffs=(0.8, 0.95))


def _a_fraction(ctx, *, of="hospitals") -> float:
    t = _abc(ctx)
    a = t["tier"] == "A"
    if of == "value":
        return float(t.loc[a, "value"].sum() / t["value"].sum())
    return float(a.mean())


def _hospital_cell(ctx, *, label="B", swap=False, x="share") -> list:
    h = _hosp(ctx)
    if swap:
        m = factor_matrix(h.fillna({"share": 0}), customer="hospital_id", x="potential_value",
                          y="share", labels=ADOPTION_TIER_LABELS)
    else:
        m = hospital_tiers(h, x=x)
    return m.loc[m["label"] == label, "hospital_id"].tolist()


def _doctor_cell(ctx, *, label="B", x_cut=4, y="potential_value") -> list:
    m = doctor_tiers(_doc(ctx), x_cut=x_cut, y=y)
    return m.loc[m["label"] == label, "doctor_id"].tolist()


def _estimated_units(ctx, *, quarters=4, per_quarter=3) -> float:
    """The reps' estimates of the last ``quarters`` quarters, in units (monthly x 3)."""
    adoption = ctx.adoption
    months = pd.Series(adoption["month"].unique()).sort_values()
    recent = adoption[adoption["month"].isin(months.iloc[-quarters:])]
    return float(per_quarter * recent["rep_estimate_units"].sum())


q1 = Question(
    "q1",
    prompt={
        "en": "Compute our flow sales VALUE per hospital over the last 12 months: a Series "
              "indexed by hospital_id (one entry per hospital with flow in those months), "
              "from `world.flow`. `last12` (the flow rows of the last 12 months) is given.",
        "zh": "计算最近 12 个月每家医院的流向销售额：以 hospital_id 为索引的 Series"
              "（这些月份中有流向的每家医院一项），数据来自 `world.flow`。已给出 `last12`（最近 12 个月的流向行）。",
    },
    expected=_flow_by_hospital,
    answer=SeriesAnswer(rtol=1e-6, entity=_HOSPITAL),
    hints=[
        {"en": "Notebook 01 pharma, section 2 'Hospitals first: one row per hospital': "
               "group `last12` by `hospital_id` and add up `value`.",
         "zh": "笔记本 01（医药）第 2 节“Hospitals first: one row per hospital”："
               "按 `hospital_id` 对 `last12` 分组，并对 `value` 求和。"},
        {"en": "`last12.groupby('hospital_id')['value'].sum()`.",
         "zh": "`last12.groupby('hospital_id')['value'].sum()`。"},
    ],
    solution="by_hospital = last12.groupby('hospital_id')['value'].sum()",
    near_misses=[
        NearMiss({"en": "That uses all 24 months; use `last12` (the last 12).",
                  "zh": "这用了全部 24 个月；请使用 `last12`（最近 12 个月）。"},
                 variant=lambda ctx: _flow_by_hospital(ctx, months=None)),
        NearMiss({"en": "Those are units (boxes); the question asks for value. Our products' "
                        "prices differ a lot.",
                  "zh": "这是盒数；题目要求金额。我们各产品的价格差别很大。"},
                 variant=lambda ctx: _flow_by_hospital(ctx, col="units")),
    ],
    explanation={"en": "Flow data are the one place where our sales are measured: per "
                       "hospital.",
                 "zh": "流向数据是我们销售被真正测量的地方：按医院。"},
)

q2 = Question(
    "q2",
    prompt={
        "en": "Tier the HOSPITALS by ABC on our flow sales value of the last 12 months "
              "(`hospitals['value']`), with the usual cut-offs 80% / 95%. Give the result of "
              "`tl.abc_classify` (a DataFrame with hospital_id and tier).",
        "zh": "按最近 12 个月我们的流向销售额（`hospitals['value']`）对医院做 ABC 分级，"
              "分界为常用的 80% / 95%。给出 `tl.abc_classify` 的结果（含 hospital_id 和 tier 的 DataFrame）。",
    },
    expected=_abc,
    answer=FrameAnswer(key="hospital_id", columns=["tier"], entity=_HOSPITAL),
    builds_on="notebooks/01_current_state_pharma.ipynb#bb358e6e:abc",
    hints=[
        {"en": "Notebook 01 pharma, section 3 'Pareto and ABC of hospitals': "
               "`tl.abc_classify(data, customer=..., value=...)` takes one row per customer: "
               "here one row per hospital.",
         "zh": "笔记本 01（医药）第 3 节“Pareto and ABC of hospitals”："
               "`tl.abc_classify(data, customer=..., value=...)` 需要每位客户一行的数据：这里是每家医院一行。"},
        {"en": "`tl.abc_classify(hospitals, customer='hospital_id', value='value')`.",
         "zh": "`tl.abc_classify(hospitals, customer='hospital_id', value='value')`。"},
    ],
    solution="abc = tl.abc_classify(hospitals, customer='hospital_id', value='value')",
    near_misses=[
        NearMiss({"en": "Those tiers are on units. Our products have very different prices: "
                        "tier on value.",
                  "zh": "这是按盒数分级的。我们各产品单价差别很大：请按金额分级。"},
                 variant=lambda ctx: _abc(ctx, value="units")),
        NearMiss({"en": "Those tiers are on the hospitals' whole market (audit data, all "
                        "brands). Today's value to us is our own flow sales.",
                  "zh": "这是按医院整个市场（审计数据，所有品牌）分级的。对我们今天的价值是我们自己的流向销售。"},
                 variant=lambda ctx: _abc(ctx, value="market_units")),
        NearMiss({"en": "Those tiers are on potential. This question is about value today; "
                        "potential comes in the potential x share grid.",
                  "zh": "这是按潜力分级的。本题问的是今天的价值；潜力在潜力 x 份额矩阵中使用。"},
                 variant=lambda ctx: _abc(ctx, value="potential_value")),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": "What fraction of the HOSPITALS is in the A tier of question 2? (a number between "
              "0 and 1)",
        "zh": "第 2 题中 A 类医院占全部医院的比例是多少？（0 到 1 之间的数字）",
    },
    expected=_a_fraction,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Notebook 01 pharma, section 3 'Pareto and ABC of hospitals': "
               "count the A rows of `abc` and divide by the number of hospitals.",
         "zh": "笔记本 01（医药）第 3 节“Pareto and ABC of hospitals”："
               "统计 `abc` 中 A 类的行数，再除以医院总数。"},
        {"en": "`(abc['tier'] == 'A').mean()` does both at once.",
         "zh": "`(abc['tier'] == 'A').mean()` 一步完成。"},
    ],
    solution="frac_a = (abc['tier'] == 'A').mean()",
    near_misses=[
        NearMiss({"en": "That is the A tier's share of the VALUE (about 80% by construction). "
                        "The question asks for its share of the hospitals.",
                  "zh": "这是 A 类在金额中的占比（按定义约 80%）。题目问的是在医院数量中的占比。"},
                 variant=lambda ctx: _a_fraction(ctx, of="value")),
        NearMiss({"en": "That is the number of A hospitals; divide by the number of hospitals.",
                  "zh": "这是 A 类医院的数量；请再除以医院总数。"},
                 test=lambda a, ctx: float(a) == float((_abc(ctx)["tier"] == "A").sum())),
    ],
    explanation={"en": "A minority of hospitals brings most of our flow sales: the Pareto "
                       "pattern ABC builds on.",
                 "zh": "少数医院带来了大部分流向销售：这就是 ABC 分类所依据的帕累托规律。"},
)

q4 = Question(
    "q4",
    prompt={
        "en": "Tier the hospitals by potential x share as in the notebook: "
              "`tl.factor_matrix(hospitals.fillna({'share': 0}), customer='hospital_id', "
              "x='share', y='potential_value', labels=tl.cases.pharma.ADOPTION_TIER_LABELS)`. "
              "List the hospital_ids of tier B (high potential, low share: develop).",
        "zh": "按笔记本中的方法用潜力 x 份额对医院分级："
              "`tl.factor_matrix(hospitals.fillna({'share': 0}), customer='hospital_id', "
              "x='share', y='potential_value', labels=tl.cases.pharma.ADOPTION_TIER_LABELS)`。"
              "列出 B 类（高潜力、低份额：开发）医院的 hospital_id。",
    },
    expected=_hospital_cell,
    answer=CollectionAnswer(),
    builds_on="notebooks/01_current_state_pharma.ipynb#139cfe96:"
              "hosp_grid.loc[hosp_grid['label'] == 'B', 'hospital_id'].tolist()",
    hints=[
        {"en": "Notebook 01 pharma, section 4 'Grade is not the tier: potential × share': "
               "store the grid in a variable and look at its `label` column.",
         "zh": "笔记本 01（医药）第 4 节“Grade is not the tier: potential × share”："
               "把矩阵结果存进变量，查看其 `label` 列。"},
        {"en": "`m.loc[m['label'] == 'B', 'hospital_id'].tolist()`.",
         "zh": "`m.loc[m['label'] == 'B', 'hospital_id'].tolist()`。"},
    ],
    solution=("m = tl.factor_matrix(hospitals.fillna({'share': 0}), customer='hospital_id',\n"
              "                     x='share', y='potential_value',\n"
              "                     labels=tl.cases.pharma.ADOPTION_TIER_LABELS)\n"
              "tier_b = m.loc[m['label'] == 'B', 'hospital_id'].tolist()"),
    near_misses=[
        NearMiss({"en": "x and y are swapped: share goes on x, potential on y (B = high "
                        "potential, low share).",
                  "zh": "x 和 y 放反了：份额放在 x 轴，潜力放在 y 轴（B = 高潜力、低份额）。"},
                 variant=lambda ctx: _hospital_cell(ctx, swap=True)),
        NearMiss({"en": "Those are the A hospitals (high potential, HIGH share). B is high "
                        "potential where our share is still low.",
                  "zh": "这些是 A 类医院（高潜力、高份额）。B 类是潜力高但我们份额仍低的医院。"},
                 variant=lambda ctx: _hospital_cell(ctx, label="A")),
        NearMiss({"en": "Your x axis is our flow sales (`value`), not our share of the "
                        "hospital's market: a big hospital has big sales even with a low "
                        "share.",
                  "zh": "你的 x 轴是我们的流向销售额（`value`），而不是我们在医院市场中的份额：大医院即使份额低，销售额也大。"},
                 variant=lambda ctx: _hospital_cell(ctx, x="value")),
    ],
    explanation={"en": "Several of them are often 3A hospitals: grade is size, the tier says "
                       "what to do there.",
                 "zh": "其中常有三甲医院：等级是规模，分级告诉我们在那里该做什么。"},
)

q5 = Question(
    "q5",
    prompt={
        "en": "Tier the doctors by potential x adoption as in the notebook: "
              "`tl.doctor_tiers(doctors)` (high potential = the top 30% of doctors by "
              "`potential_value`; adopted = stage 4 regular use or 5 advocate). List the "
              "doctor_ids of tier B (high potential, not yet regular use).",
        "zh": "按笔记本中的方法用潜力 x 观念对医生分级：`tl.doctor_tiers(doctors)`"
              "（高潜力 = 按 `potential_value` 排名前 30% 的医生；已接受 = 阶段 4 常规使用或 5 倡导）。"
              "列出 B 类（高潜力、尚未常规使用）医生的 doctor_id。",
    },
    expected=_doctor_cell,
    answer=CollectionAnswer(),
    builds_on="notebooks/01_current_state_pharma.ipynb#34cbf19f:"
              "grid.loc[grid['tier'] == 'B', 'doctor_id'].tolist()",
    hints=[
        {"en": "Notebook 01 pharma, section 6 'Doctor tiers: potential × adoption': "
               "`doctors = tl.doctor_profile(world)` has `stage` and `potential_value`; "
               "`tl.doctor_tiers(doctors)` adds the tier in the column `tier`.",
         "zh": "笔记本 01（医药）第 6 节“Doctor tiers: potential × adoption”："
               "`doctors = tl.doctor_profile(world)` 含有 `stage` 和 `potential_value`；"
               "`tl.doctor_tiers(doctors)` 在 `tier` 列给出层级。"},
        {"en": "`g.loc[g['tier'] == 'B', 'doctor_id'].tolist()`.",
         "zh": "`g.loc[g['tier'] == 'B', 'doctor_id'].tolist()`。"},
    ],
    solution=("g = tl.doctor_tiers(doctors)\n"
              "tier_b = g.loc[g['tier'] == 'B', 'doctor_id'].tolist()"),
    near_misses=[
        NearMiss({"en": "Your cut counts trial (stage 3) as adopted. Trial is not yet regular "
                        "use: adopted starts at stage 4.",
                  "zh": "你的分界把试用（阶段 3）算作已接受。试用还不是常规使用：已接受从阶段 4 开始。"},
                 variant=lambda ctx: _doctor_cell(ctx, x_cut=3)),
        NearMiss({"en": "Those are the A doctors (high potential, regular use or advocate). B "
                        "is high potential not yet at regular use.",
                  "zh": "这些是 A 类医生（高潜力、常规使用或倡导）。B 类是高潜力但尚未常规使用的医生。"},
                 variant=lambda ctx: _doctor_cell(ctx, label="A")),
        NearMiss({"en": "Your potential axis is in boxes (`potential_units`); the course "
                        "measures potential in value (`potential_value`), so that expensive and "
                        "cheap products compare.",
                  "zh": "你的潜力轴用的是盒数（`potential_units`）；课程按金额（`potential_value`）"
                        "衡量潜力，这样贵的和便宜的产品可以比较。"},
                 variant=lambda ctx: _doctor_cell(ctx, y="potential_units")),
    ],
    explanation={"en": "B doctors are the growth tier: big potential, not yet regular users. "
                       "Their progress shows each quarter in the stage the rep records.",
                 "zh": "B 类医生是增长层级：潜力大，但尚未常规使用。他们的进展每季度体现在代表记录的阶段中。"},
)

q6 = Question(
    "q6",
    prompt={
        "en": "Check the reps' estimates against flow. Each quarterly adoption record has "
              "`rep_estimate_units`, the rep's estimate of the doctor's MONTHLY use. Add them "
              "up over the last 4 quarters in `world.adoption`, times 3 months per quarter: how "
              "many units do the reps' estimates add up to over the year? (Then compare with "
              "`last12['units'].sum()`, our flow units.)",
        "zh": "用流向检验代表的估计。每条季度观念记录都有 `rep_estimate_units`，即代表估计的医生每月用量。"
              "把 `world.adoption` 最近 4 个季度的估计相加，再乘以每季度 3 个月：代表的估计一年合计多少盒？"
              "（然后与我们的流向盒数 `last12['units'].sum()` 比较。）",
    },
    expected=_estimated_units,
    answer=NumberAnswer(rtol=1e-4),
    hints=[
        {"en": "Notebook 01 pharma, section 5 'Doctors: what we know without prescriptions': "
               "the last 4 quarters: the 4 latest values of `adoption['month']` (one per "
               "quarter). Missing estimates (no call that quarter) count as nothing: `.sum()` "
               "skips them.",
         "zh": "笔记本 01（医药）第 5 节“Doctors: what we know without prescriptions”："
               "最近 4 个季度：`adoption['month']` 中最新的 4 个值（每季度一个）。缺失的估计（该季度未拜访）"
               "不计：`.sum()` 会跳过它们。"},
        {"en": "`q = sorted(adoption['month'].unique())[-4:]`; "
               "`3 * adoption.loc[adoption['month'].isin(q), 'rep_estimate_units'].sum()`.",
         "zh": "`q = sorted(adoption['month'].unique())[-4:]`；"
               "`3 * adoption.loc[adoption['month'].isin(q), 'rep_estimate_units'].sum()`。"},
    ],
    solution=("adoption = world.adoption\n"
              "quarters = sorted(adoption['month'].unique())[-4:]\n"
              "estimated = 3 * adoption.loc[adoption['month'].isin(quarters), "
              "'rep_estimate_units'].sum()\n"
              "ratio = estimated / last12['units'].sum()"),
    near_misses=[
        NearMiss({"en": "You forgot that each estimate is per MONTH and a quarter has 3 months: "
                        "multiply the sum by 3.",
                  "zh": "你忘了每个估计是每月用量，而一个季度有 3 个月：请把总和乘以 3。"},
                 variant=lambda ctx: _estimated_units(ctx, per_quarter=1)),
        NearMiss({"en": "That uses all 8 quarters of the table; keep the last 4 (12 months), as "
                        "for flow.",
                  "zh": "这用了表中全部 8 个季度；请和流向一样只保留最近 4 个季度（12 个月）。"},
                 variant=lambda ctx: _estimated_units(ctx, quarters=8)),
        NearMiss({"en": "That is `est_units` of `doctors`: the estimates already scaled down to "
                        "the accounts' flow. The question asks for the reps' raw estimates.",
                  "zh": "这是 `doctors` 中的 `est_units`：已按账户流向缩减过的估计。题目要求的是代表的原始估计。"},
                 variant=lambda ctx: float(_doc(ctx)["est_units"].sum())),
    ],
    explanation={"en": "Compare with flow: flow also holds doctors outside the target list, so a "
                       "perfect estimate would come out a little below flow. Per hospital the "
                       "gap varies far more: the estimate is a guide, not a measure.",
                 "zh": "与流向比较：流向也包含目标名单以外医生的用量，所以完美的估计会略低于流向。"
                       "各医院的差距大得多：估计只是参考，不是测量。"},
)

q7 = Question(
    "q7",
    prompt={
        "en": "Some doctors in the top potential deciles are called every month and still sit "
              "at 'aware' or 'trial', without moving. Why is the top of the potential ranking "
              "not automatically where the next call earns most? (a) those doctors already use "
              "our product regularly, (b) potential says how many patients a doctor has, not "
              "how much a call can change: some are loyal to the competitor, or our product is "
              "not listed (准入) in their hospital, (c) big doctors refuse to see reps, (d) "
              "deciles put too many doctors in the top group.",
        "zh": "潜力排名前两个十分位中有些医生每月都被拜访，却仍停留在“了解”或“试用”，没有进步。"
              "为什么潜力排名的顶端不一定是下一次拜访回报最大的地方？(a) 这些医生已经常规使用我们的产品；"
              "(b) 潜力只说明医生有多少病人，不说明一次拜访能改变多少：有些医生忠于竞争对手，"
              "或者我们的产品在他们的医院没有准入；(c) 大医生拒绝见医药代表；(d) 十分位把太多医生放进了最高组。",
    },
    expected=lambda ctx: "b",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "They sit at aware or trial: by definition not regular users yet.",
              "zh": "他们停留在了解或试用：按定义还不是常规使用者。"},
        "c": {"en": "Nothing in the data says so: they receive calls every month.",
              "zh": "数据里看不出这一点：他们每月都接受拜访。"},
        "d": {"en": "The doctors are real, whatever the decile size; the question is why calls "
                    "do not move them.",
              "zh": "无论十分位大小，这些医生都是真实存在的；问题是为什么拜访没能推动他们。"},
    }),
    hints=[
        {"en": "Notebook 01 pharma, section 10 'The majority fallacy': "
               "size is one dimension; responsiveness, loyalty and listing are others.",
         "zh": "笔记本 01（医药）第 10 节“The majority fallacy”："
               "规模只是一个维度；对拜访的反应、忠诚度和准入是另外的维度。"},
        {"en": "This is the 'majority fallacy': the biggest segment is also the most contested.",
         "zh": "这就是“多数谬误”：最大的细分市场也是竞争最激烈的。"},
    ],
    solution='choice = "b"',
    explanation={"en": "Right: the majority fallacy. Look at adoption movement and listing "
                       "before you spend more calls on a big doctor.",
                 "zh": "正确：这就是多数谬误。在大医生身上投入更多拜访之前，先看观念的变化和准入。"},
)

EXERCISE = Exercise(
    "01_current_state_pharma", [q1, q2, q3, q4, q5, q6, q7],
    title={"en": "01 · Current state (现状分析) — pharma exercises",
           "zh": "01 · 现状分析 — 医药练习"},
    prepare=check_pharma, default_data=default_pharma,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q8", at="b",
        stem={"en": "A manager says: \"Every 三甲 (grade 3A) hospital is an A hospital.\" "
                    "What is wrong with that?",
              "zh": "一位经理说：“三甲医院就是 A 类医院。”这句话错在哪里？"},
        right={"en": "grade is one input; a 三甲 with little potential or flow sales for us is not A",
               "zh": "等级只是输入之一；对我们潜力小、流向少的三甲医院不是 A 类"},
        wrong=[
            ({"en": "nothing: grade is the best single measure of a hospital's value to us",
              "zh": "没有错：等级是衡量医院对我们价值的最好单一指标"},
             {"en": "Grade says nothing about our indication or our share; a 三甲 can have a "
                    "small department for it or be locked by a competitor.",
              "zh": "等级说明不了我们的适应症和份额；三甲医院的相关科室可能很小，也可能被竞争对手占据。"}),
            ({"en": "三甲 hospitals should be tier C, because competition there is too strong and "
                    "the listing process takes too long",
              "zh": "三甲医院应该是 C 类，因为那里竞争太激烈，进院流程也太长"},
             {"en": "The opposite blanket rule is just as blind; competition is one dimension, "
                    "judged hospital by hospital.",
              "zh": "反过来的一刀切同样盲目；竞争只是一个维度，要逐家医院判断。"}),
            ({"en": "it is right only for hospitals in provincial capitals",
              "zh": "只对省会城市的医院成立"},
             {"en": "Location does not fix it either: the tier must follow potential and flow "
                    "sales, wherever the hospital is.",
              "zh": "地点也解决不了问题：无论医院在哪里，分级都要看潜力和流向销售。"}),
        ],
        hint={"en": "Notebook 01 pharma, section 4 'Grade is not the tier: potential × share': "
                    "which of the hospital tiering inputs (grade, potential, flow sales) does "
                    "the sentence use, and which does it skip?",
              "zh": "笔记本 01（医药）第 4 节“Grade is not the tier: potential × share”："
                    "医院分级的输入（等级、潜力、流向销售）中，这句话用了哪个、漏了哪些？"},
        explanation={"en": "三甲 is not A类: grade is one input; potential and our flow sales "
                           "decide too. Grade-only lists miss growing county hospitals.",
                     "zh": "三甲不等于 A 类：等级只是输入之一，潜力和我们的流向销售同样起决定作用。"
                           "只看等级会漏掉正在成长的县级医院。"}),
    judgement(
        "q9", at="c",
        stem={"en": "Doctors are tiered by potential × adoption stage. A doctor has high "
                    "potential (many patients in our indication) but is at 不了解 (does not "
                    "know the product). How do you treat him?",
              "zh": "医生按潜力 × 观念阶段分级。一位医生潜力高（我们适应症的患者多），但处于“不了解”"
                    "阶段。你怎么对待他？"},
        right={"en": "a development target: calls aimed at the next stage (了解, then 试用)",
               "zh": "开发对象：拜访瞄准下一阶段（了解，然后试用）"},
        wrong=[
            ({"en": "tier C: he does not use our product, so he is worth nothing to us",
              "zh": "C 类：他不用我们的产品，所以对我们没有价值"},
             {"en": "That reads only adoption and throws away potential, where the future "
                    "business is.",
              "zh": "这只看观念阶段，丢掉了潜力，而未来的生意恰恰在潜力里。"}),
            ({"en": "the same call pattern as our advocates (倡导), at maximum frequency",
              "zh": "与倡导者相同的拜访方式，最高频率"},
             {"en": "An advocate needs partnership (speaking, cases); a doctor who does not "
                    "know the product first needs information. Same pattern, wasted calls.",
              "zh": "倡导者需要的是合作（讲课、病例）；不了解产品的医生首先需要信息。同样的方式会浪费拜访。"}),
            ({"en": "wait until the potential survey is repeated next year",
              "zh": "等明年重新做潜力调研再说"},
             {"en": "The survey you have is the evidence you have; waiting a year leaves the "
                    "doctor to a competitor.",
              "zh": "手上的调研就是现有的证据；等一年等于把这位医生留给竞争对手。"}),
        ],
        hint={"en": "Notebook 01 pharma, section 6 'Doctor tiers: potential × adoption': "
                    "high potential and an early stage: what would move him one step?",
              "zh": "笔记本 01（医药）第 6 节“Doctor tiers: potential × adoption”："
                    "潜力高、阶段早：什么能让他前进一步？"},
        explanation={"en": "Potential says where to invest, the adoption stage says what the "
                           "next call must achieve.",
                     "zh": "潜力告诉你投在哪里，观念阶段告诉你下一次拜访要达成什么。"}),
    judgement(
        "q10", at="a",
        stem={"en": "Flow sales (流向) of one hospital grew 20% this year and the rep made "
                    "more calls there. Can you tell which doctors drove the growth?",
              "zh": "某医院今年的流向销售增长了 20%，代表在那里的拜访也更多了。你能说出是哪些医生带来了"
                    "增长吗？"},
        right={"en": "no: flow sales are hospital-level; stages and estimates are only indications",
               "zh": "不能：流向只到医院层面；阶段和估计只是迹象"},
        wrong=[
            ({"en": "yes: the doctors with the most calls",
              "zh": "能：拜访最多的那些医生"},
             {"en": "Calls are where we spent effort, not where prescriptions came from: "
                    "拜访量 is not 业绩.",
              "zh": "拜访是我们投入的地方，不是处方来源的地方：拜访量不等于业绩。"}),
            ({"en": "yes: split the growth by the rep's estimate of each doctor's use, which is "
                    "the best information the team has",
              "zh": "能：按代表对每位医生用量的估计分摊增长，这是团队手上最好的信息"},
             {"en": "An estimate is an opinion; splitting by it turns a guess into a number "
                    "that looks measured.",
              "zh": "估计只是看法；按它分摊，会把猜测变成看似测量过的数字。"}),
            ({"en": "yes: ask the hospital pharmacy for the prescriptions by doctor",
              "zh": "能：向医院药房要按医生的处方数据"},
             {"en": "That is 统方, which is not allowed.",
              "zh": "那就是统方，是不允许的。"}),
        ],
        hint={"en": "Notebook 01 pharma, section 1 'The territory and what we can see': "
                    "at which level are sales measured, and what is allowed?",
              "zh": "笔记本 01（医药）第 1 节“The territory and what we can see”："
                    "销售数据是在哪个层面测量的？什么是允许的？"},
        explanation={"en": "Be honest about the level of the data: hospital sales, doctor "
                           "indications. Say 'associated with', not 'caused by'.",
                     "zh": "对数据的层级要诚实：销售在医院层面，医生层面只有迹象。应说“相关”，而不是“导致”。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
