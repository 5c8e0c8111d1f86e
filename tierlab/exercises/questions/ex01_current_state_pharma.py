"""Exercises for ``01_current_state_pharma``: where are we (现状分析, 在哪里)?

Accompanies ``notebooks/01_current_state_pharma.ipynb``: market share per
doctor, ABC tiers by value, the size of the A tier, a cut-off found with a
slider (``tl.widgets.abc_explorer``), the potential x share matrix and the
majority fallacy.

The notebook starts from ``doc = tl.doctor_profile(world)`` (see
:func:`tierlab.profiles.doctor_profile`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab.cases.pharma import doctor_profile
from tierlab.exercises._compare import (
    ChoiceAnswer,
    CollectionAnswer,
    CustomAnswer,
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
from tierlab.matrix import POTENTIAL_SHARE_LABELS, factor_matrix
from tierlab.pareto import abc_classify

__all__ = ["EXERCISE", "KAM_DOCTORS", "a_count", "best_cutoff"]

#: The number of doctors the key-account team can serve (question 4).
KAM_DOCTORS = 60
_DOCTOR = {"en": "doctor", "zh": "医生"}


def _doc(ctx) -> pd.DataFrame:
    return ctx.cached("doc", lambda: doctor_profile(ctx.data, market_only=True))


def _share(ctx, *, col="units", denominator="market", months=12) -> pd.Series:
    sales = ctx.sales if months is None else last_months(ctx.sales, months)
    t = sales.pivot_table(index="doctor_id", columns="company", values=col, aggfunc="sum",
                          fill_value=0)
    den = t["competitor"] if denominator == "competitor" else t["ours"] + t["competitor"]
    return (t["ours"] / den.where(den > 0)).fillna(0.0).rename("share")


def _abc(ctx, *, value="value", cutoffs=(0.8, 0.95)) -> pd.DataFrame:
    return abc_classify(_doc(ctx), customer="doctor_id", value=value, cutoffs=cutoffs)


def a_count(cum_share_before: np.ndarray, cutoff: float) -> int:
    """Doctors in the A tier for an A ``cutoff``, given each doctor's cumulative share before it.

    A doctor is in A while the doctors ranked ahead of it hold less than the
    cut-off (the rule of :func:`tierlab.pareto.abc_classify`).
    """
    return int((np.asarray(cum_share_before) < cutoff - 1e-12).sum())


def best_cutoff(cum_share_before: np.ndarray, n: int = KAM_DOCTORS, step: float = 0.01) -> float:
    """The largest cut-off on a grid of ``step`` that keeps the A tier at ``n`` doctors or fewer."""
    grid = np.round(np.arange(step, 1.0, step), 10)
    ok = [c for c in grid if a_count(cum_share_before, c) <= n]
    return float(ok[-1]) if ok else float(step)


def _before(ctx, value="value") -> np.ndarray:
    """Each doctor's cumulative share of ``value`` before it (ABC order)."""
    def compute():
        t = _abc(ctx, value=value)
        return (t["cumulative_share"] - t["share"]).to_numpy()
    return ctx.cached(("before", value), compute)


def _best_cutoff(ctx) -> float:
    return best_cutoff(_before(ctx))


def _slider_value(got):
    """The A cut-off of an ``abc_explorer`` (its ``a_cut`` slider), else ``got`` itself."""
    controls = getattr(got, "controls", None)
    if isinstance(controls, dict) and "a_cut" in controls:
        return round(float(controls["a_cut"].value), 6)
    return got


def _cutoff_message(got, before, n=KAM_DOCTORS):
    """None if the cut-off keeps A <= n doctors and cannot go up by 0.01, else why not."""
    got = _slider_value(got)
    if isinstance(got, bool) or not isinstance(got, (int, float, np.integer, np.floating)):
        return {"en": f"Give the cut-off as a number such as 0.45, not {type(got).__name__}.",
                "zh": f"请以数字给出分界值，例如 0.45，而不是 {type(got).__name__}。"}
    c = float(got)
    if 1 < c <= 100:
        return {"en": f"{c:g} looks like a percentage; give the cut-off as a fraction "
                      f"({c / 100:g}).",
                "zh": f"{c:g} 看起来是百分数；请以小数给出分界值（{c / 100:g}）。"}
    if not 0 < c < 1:
        return {"en": "The cut-off is a cumulative share between 0 and 1.",
                "zh": "分界值是 0 到 1 之间的累计占比。"}
    k = a_count(before, c)
    if k > n:
        return {"en": f"With {c:g} the A tier holds {k} doctors, more than the {n} the team can "
                      "serve: lower the cut-off.",
                "zh": f"分界值为 {c:g} 时 A 类有 {k} 位医生，超过团队能服务的 {n} 位：请降低分界值。"}
    if a_count(before, c + 0.01) <= n:
        return {"en": f"With {c:g} the A tier holds {k} doctors; you can raise the cut-off by "
                      f"0.01 and still stay within {n}.",
                "zh": f"分界值为 {c:g} 时 A 类有 {k} 位医生；再提高 0.01 仍不超过 {n} 位。"}
    return None


def _check_cutoff(got, expected, ctx):
    """Custom comparison of question 4, recomputed from the learner's data (``ctx``).

    ``got`` is a cut-off or the ``abc_explorer`` itself (its A slider is read).
    """
    return _cutoff_message(got, _before(ctx))


def _matrix(ctx, *, swap=False, label="WIN", potential="potential_value") -> list:
    """The doctors of one cell of the potential x share matrix (as notebook 01 draws it)."""
    doc = _doc(ctx)
    x, y = (potential, "share") if swap else ("share", potential)
    m = factor_matrix(doc, customer="doctor_id", x=x, y=y, levels=3,
                      labels=POTENTIAL_SHARE_LABELS)
    return m.loc[m["label"] == label, "doctor_id"].tolist()


q1 = Question(
    "q1",
    prompt={
        "en": "Compute each doctor's market share in units over the last 12 months: a Series "
              "indexed by doctor_id, share = our units / (our units + competitor units), 0 "
              "for a doctor without any market. `recent` (the sales of the last 12 months) "
              "is given.",
        "zh": "计算每位医生最近 12 个月按数量的市场份额：以 doctor_id 为索引的 Series，"
              "份额 = 我们的数量 / (我们的数量 + 竞争对手数量)，没有市场的医生记为 0。"
              "已给出 `recent`（最近 12 个月的销售）。",
    },
    expected=_share,
    answer=SeriesAnswer(rtol=1e-6, entity=_DOCTOR),
    hints=[
        {"en": "Make a table with one row per doctor and one column per company: "
               "`recent.pivot_table(index='doctor_id', columns='company', values='units', "
               "aggfunc='sum', fill_value=0)`.",
         "zh": "做一张每位医生一行、每个公司一列的表：`recent.pivot_table(index='doctor_id', "
               "columns='company', values='units', aggfunc='sum', fill_value=0)`。"},
        {"en": "share = t['ours'] / (t['ours'] + t['competitor']); then `.fillna(0)`.",
         "zh": "份额 = t['ours'] / (t['ours'] + t['competitor'])；再 `.fillna(0)`。"},
    ],
    solution=("t = recent.pivot_table(index='doctor_id', columns='company', values='units',\n"
              "                       aggfunc='sum', fill_value=0)\n"
              "share = (t['ours'] / (t['ours'] + t['competitor'])).fillna(0)"),
    near_misses=[
        NearMiss({"en": "You divided by the competitor's units. The market is ours + the "
                        "competitor's: our share can never exceed 1.",
                  "zh": "你除以了竞争对手的数量。市场 = 我们 + 竞争对手：我们的份额不可能超过 1。"},
                 variant=lambda ctx: _share(ctx, denominator="competitor")),
        NearMiss({"en": "That is the share in value; the question asks for units.",
                  "zh": "这是按金额的份额；题目要求按数量计算。"},
                 variant=lambda ctx: _share(ctx, col="value")),
        NearMiss({"en": "That uses all 24 months; use `recent` (the last 12).",
                  "zh": "这用了全部 24 个月；请使用 `recent`（最近 12 个月）。"},
                 variant=lambda ctx: _share(ctx, months=None)),
    ],
)

q2 = Question(
    "q2",
    prompt={
        "en": "Tier the doctors by ABC on our sales value of the last 12 months (`doc['value']`), "
              "with the usual cut-offs 80% / 95%. Give the result of `tl.abc_classify` "
              "(a DataFrame with doctor_id and tier).",
        "zh": "按最近 12 个月我们的销售额（`doc['value']`）对医生做 ABC 分级，"
              "分界为常用的 80% / 95%。给出 `tl.abc_classify` 的结果（含 doctor_id 和 tier 的 DataFrame）。",
    },
    expected=_abc,
    answer=FrameAnswer(key="doctor_id", columns=["tier"], entity=_DOCTOR),
    builds_on="notebooks/01_current_state_pharma.ipynb#77a141f3:abc",
    hints=[
        {"en": "`tl.abc_classify(data, customer=..., value=...)` takes one row per customer.",
         "zh": "`tl.abc_classify(data, customer=..., value=...)` 需要每位客户一行的数据。"},
        {"en": "`tl.abc_classify(doc, customer='doctor_id', value='value')`.",
         "zh": "`tl.abc_classify(doc, customer='doctor_id', value='value')`。"},
    ],
    solution="abc = tl.abc_classify(doc, customer='doctor_id', value='value')",
    near_misses=[
        NearMiss({"en": "Those tiers are on units. Units of different brands have very different "
                        "prices: tier on value.",
                  "zh": "这是按数量分级的。不同产品单价差别很大：请按金额分级。"},
                 variant=lambda ctx: _abc(ctx, value="units")),
        NearMiss({"en": "Those tiers are on the whole market (ours + competitor). Today's value "
                        "to us is our own sales.",
                  "zh": "这是按整个市场（我们 + 竞争对手）分级的。对我们今天的价值是我们自己的销售。"},
                 variant=lambda ctx: _abc(ctx, value="market_units")),
        NearMiss({"en": "Those tiers are on potential. This question is about value today; "
                        "potential comes in the matrix below.",
                  "zh": "这是按潜力分级的。本题问的是今天的价值；潜力在下面的矩阵中使用。"},
                 variant=lambda ctx: _abc(ctx, value="potential_value")),
    ],
)


def _a_fraction(ctx, *, of="doctors"):
    t = _abc(ctx)
    a = t["tier"] == "A"
    if of == "value":
        return float(t.loc[a, "value"].sum() / t["value"].sum())
    return float(a.mean())


q3 = Question(
    "q3",
    prompt={
        "en": "What fraction of the DOCTORS is in the A tier? (a number between 0 and 1)",
        "zh": "A 类医生占全部医生的比例是多少？（0 到 1 之间的数字）",
    },
    expected=_a_fraction,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Count the A rows of `abc` and divide by the number of doctors.",
         "zh": "统计 `abc` 中 A 类的行数，再除以医生总数。"},
        {"en": "`(abc['tier'] == 'A').mean()` does both at once.",
         "zh": "`(abc['tier'] == 'A').mean()` 一步完成。"},
    ],
    solution="frac_a = (abc['tier'] == 'A').mean()",
    near_misses=[
        NearMiss({"en": "That is the A tier's share of the VALUE (about 80% by construction). "
                        "The question asks for its share of the doctors.",
                  "zh": "这是 A 类在金额中的占比（按定义约 80%）。题目问的是在医生人数中的占比。"},
                 variant=lambda ctx: _a_fraction(ctx, of="value")),
        NearMiss({"en": "That is the number of A doctors; divide by the number of doctors.",
                  "zh": "这是 A 类医生的人数；请再除以医生总数。"},
                 test=lambda a, ctx: float(a) == float((_abc(ctx)["tier"] == "A").sum())),
    ],
    explanation={"en": "A minority of doctors brings most of our value: that is the Pareto "
                       "pattern ABC builds on.",
                 "zh": "少数医生带来了大部分价值：这就是 ABC 分类所依据的帕累托规律。"},
)

q4 = Question(
    "q4",
    prompt={
        "en": f"The key-account team can serve at most {KAM_DOCTORS} doctors. Move the A cut-off "
              f"slider of the ABC explorer: what is the HIGHEST cut-off (in steps of 0.01) that "
              f"keeps the A tier at {KAM_DOCTORS} doctors or fewer? Give a fraction such as 0.45 "
              "(or the explorer itself: `q4.check(explorer)` reads its A slider).",
        "zh": f"重点客户团队最多能服务 {KAM_DOCTORS} 位医生。拖动 ABC 探索器中 A 类分界的滑块：使 A 类"
              f"不超过 {KAM_DOCTORS} 位医生的最高分界值（步长 0.01）是多少？请以小数给出，例如 0.45"
              "（也可以直接给出探索器：`q4.check(explorer)` 会读取它的 A 滑块）。",
    },
    expected=_best_cutoff,
    answer=CustomAnswer(_check_cutoff),
    hints=[
        {"en": "Start at 0.80 and move the A slider of the explorer down until the A row shows "
               f"{KAM_DOCTORS} customers or fewer. `q4.check(explorer)` reads the slider, or "
               "give the number: `explorer.controls['a_cut'].value`.",
         "zh": f"从 0.80 开始向下拖动探索器的 A 滑块，直到 A 行显示的客户数不超过 {KAM_DOCTORS}。"
               "`q4.check(explorer)` 会读取滑块的值，也可以给出数字："
               "`explorer.controls['a_cut'].value`。"},
        {"en": "Without the slider: the doctor ranked "
               f"{KAM_DOCTORS + 1} must not be in A, so the cut-off may be at most the "
               f"cumulative share of the first {KAM_DOCTORS} doctors: "
               f"`abc['cumulative_share'].iloc[{KAM_DOCTORS - 1}]`, rounded down to 0.01.",
         "zh": f"不用滑块：排名第 {KAM_DOCTORS + 1} 的医生不能在 A 类，所以分界值最多等于前 "
               f"{KAM_DOCTORS} 位医生的累计占比 `abc['cumulative_share'].iloc[{KAM_DOCTORS - 1}]`，"
               "再向下取到 0.01。"},
    ],
    solution=(f"cutoff = np.floor(abc['cumulative_share'].iloc[{KAM_DOCTORS - 1}] * 100) / 100"),
    near_misses=[
        NearMiss({"en": "That cut-off is right for tiers on units; the A tier is on value.",
                  "zh": "这个分界值适用于按数量的分级；A 类是按金额划分的。"},
                 test=lambda a, ctx: _cutoff_message(a, _before(ctx, "units")) is None),
        NearMiss({"en": "One step too far: at this cut-off the A tier already has more than "
                        f"{KAM_DOCTORS} doctors (an off-by-one). Go down by 0.01.",
                  "zh": f"多走了一步：在这个分界值下 A 类已超过 {KAM_DOCTORS} 位医生（差一错误）。"
                        "请下调 0.01。"},
                 test=lambda a, ctx: abs(float(_slider_value(a)) - _best_cutoff(ctx) - 0.01)
                 < 1e-6),
        NearMiss({"en": "That is the cumulative share of the first doctors, not rounded DOWN to "
                        "a step of 0.01: a cut-off that is not on the slider's steps.",
                  "zh": "这是前几位医生的累计占比，但没有向下取到 0.01 的步长：滑块上没有这个分界值。"},
                 test=lambda a, ctx: 0 < float(_slider_value(a)) < 1
                 and abs(round(float(_slider_value(a)) * 100) - float(_slider_value(a)) * 100)
                 > 1e-6),
    ],
    explanation={"en": "Cut-offs are a management choice: they should follow the capacity to "
                       "serve a tier, not a textbook 80%.",
                 "zh": "分界值是管理决策：它应当取决于服务该层级的能力，而不是教科书上的 80%。"},
)

q5 = Question(
    "q5",
    prompt={
        "en": "Place the doctors in the 3 x 3 potential x share matrix: "
              "`tl.factor_matrix(doc, customer='doctor_id', x='share', y='potential_value', "
              "levels=3, labels=tl.POTENTIAL_SHARE_LABELS)`. List the doctor_ids in the cell "
              "labelled 'WIN' (high potential, low share).",
        "zh": "把医生放进 3 x 3 的潜力 x 份额矩阵：`tl.factor_matrix(doc, customer='doctor_id', "
              "x='share', y='potential_value', levels=3, labels=tl.POTENTIAL_SHARE_LABELS)`。"
              "列出标签为 'WIN'（高潜力、低份额）的 doctor_id。",
    },
    expected=_matrix,
    answer=CollectionAnswer(),
    builds_on="notebooks/01_current_state_pharma.ipynb#ebb56ccf:"
              "grid.loc[grid['label'] == 'WIN', 'doctor_id'].tolist()",
    hints=[
        {"en": "Store the matrix in a variable and look at its `label` column.",
         "zh": "把矩阵结果存进变量，查看其 `label` 列。"},
        {"en": "`m.loc[m['label'] == 'WIN', 'doctor_id'].tolist()`.",
         "zh": "`m.loc[m['label'] == 'WIN', 'doctor_id'].tolist()`。"},
    ],
    solution=("m = tl.factor_matrix(doc, customer='doctor_id', x='share', y='potential_value',\n"
              "                     levels=3, labels=tl.POTENTIAL_SHARE_LABELS)\n"
              "win = m.loc[m['label'] == 'WIN', 'doctor_id'].tolist()"),
    near_misses=[
        NearMiss({"en": "x and y are swapped: share goes on x, potential on y (WIN = high "
                        "potential, low share).",
                  "zh": "x 和 y 放反了：份额放在 x 轴，潜力放在 y 轴（WIN = 高潜力、低份额）。"},
                 variant=lambda ctx: _matrix(ctx, swap=True)),
        NearMiss({"en": "Those are the DEFEND doctors (high potential, HIGH share). WIN is "
                        "high potential where our share is still low.",
                  "zh": "这些是 DEFEND（高潜力、高份额）的医生。WIN 是潜力高但我们份额仍低的医生。"},
                 variant=lambda ctx: _matrix(ctx, label="DEFEND")),
        NearMiss({"en": "Your potential axis is in boxes (`potential_units`); the notebook's "
                        "matrix measures potential in value (`potential_value`), so that "
                        "expensive and cheap products compare.",
                  "zh": "你的潜力轴用的是盒数（`potential_units`）；笔记本中的矩阵按金额"
                        "（`potential_value`）衡量潜力，这样贵的和便宜的产品可以比较。"},
                 variant=lambda ctx: _matrix(ctx, potential="potential_units")),
    ],
)

q6 = Question(
    "q6",
    prompt={
        "en": "The top decile by market volume holds the biggest prescribers. Why is it not "
              "automatically where the next call earns most? (a) those doctors already have our "
              "highest share, (b) volume says how big a doctor's market is, not how much a call "
              "can change it: some big prescribers are loyal to the competitor, (c) big "
              "prescribers refuse to see reps, (d) deciles put too many doctors in the top group.",
        "zh": "按市场容量排名前 10% 的组里是处方量最大的医生。为什么下一次拜访的最大回报不一定在这里？"
              "(a) 这些医生的我方份额已经最高；(b) 容量只说明医生的市场有多大，不说明一次拜访能改变多少："
              "有些大处方医生忠于竞争对手；(c) 大处方医生拒绝见医药代表；(d) 十分位把太多医生放进了最高组。",
    },
    expected=lambda ctx: "b",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "Look at `doc`: many top-volume doctors have a LOW share (that is where the "
                    "competitor sits).",
              "zh": "看看 `doc`：很多高容量医生的份额很低（那正是竞争对手的地盘）。"},
        "c": {"en": "Nothing in the data says so; they get calls like everyone else.",
              "zh": "数据里看不出这一点；他们和其他医生一样接受拜访。"},
        "d": {"en": "Volume deciles put FEW doctors in the top group (each decile holds 10% of "
                    "the volume).",
              "zh": "按容量的十分位，最高组的医生很少（每组包含 10% 的容量）。"},
    }),
    hints=[
        {"en": "Size is one dimension; responsiveness and loyalty are others.",
         "zh": "规模只是一个维度；对拜访的反应和忠诚度是另外的维度。"},
        {"en": "This is the 'majority fallacy': the biggest segment is also the most contested.",
         "zh": "这就是“多数谬误”：最大的细分市场也是竞争最激烈的。"},
    ],
    solution='choice = "b"',
    explanation={"en": "Right: the majority fallacy. Combine volume with share and potential "
                       "(the matrix) before you spend calls.",
                 "zh": "正确：这就是多数谬误。分配拜访前，应把容量与份额、潜力结合起来看（矩阵）。"},
)

EXERCISE = Exercise(
    "01_current_state_pharma", [q1, q2, q3, q4, q5, q6],
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
        "q7", at="b",
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
        hint={"en": "Which of the hospital tiering inputs (grade, potential, flow sales) does "
                    "the sentence use, and which does it skip?",
              "zh": "医院分级的输入（等级、潜力、流向销售）中，这句话用了哪个、漏了哪些？"},
        explanation={"en": "三甲 is not A类: grade is one input; potential and our flow sales "
                           "decide too. Grade-only lists miss growing county hospitals.",
                     "zh": "三甲不等于 A 类：等级只是输入之一，潜力和我们的流向销售同样起决定作用。"
                           "只看等级会漏掉正在成长的县级医院。"}),
    judgement(
        "q8", at="c",
        stem={"en": "Doctors are tiered by potential × adoption stage. A doctor has high "
                    "potential (many patients in our indication) but is at 不了解 (does not "
                    "know the product). How do you treat him?",
              "zh": "医生按潜力 × 认可阶段分级。一位医生潜力高（我们适应症的患者多），但处于“不了解”"
                    "阶段。你怎么对待他？"},
        right={"en": "a development target: calls aimed at the next stage (了解, then 试用)",
               "zh": "开发对象：拜访瞄准下一阶段（了解，然后试用）"},
        wrong=[
            ({"en": "tier C: he does not use our product, so he is worth nothing to us",
              "zh": "C 类：他不用我们的产品，所以对我们没有价值"},
             {"en": "That reads only adoption and throws away potential, where the future "
                    "business is.",
              "zh": "这只看认可阶段，丢掉了潜力，而未来的生意恰恰在潜力里。"}),
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
        hint={"en": "High potential and an early stage: what would move him one step?",
              "zh": "潜力高、阶段早：什么能让他前进一步？"},
        explanation={"en": "Potential says where to invest, the adoption stage says what the "
                           "next call must achieve.",
                     "zh": "潜力告诉你投在哪里，认可阶段告诉你下一次拜访要达成什么。"}),
    judgement(
        "q9", at="a",
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
        hint={"en": "At which level are sales measured, and what is allowed?",
              "zh": "销售数据是在哪个层面测量的？什么是允许的？"},
        explanation={"en": "Be honest about the level of the data: hospital sales, doctor "
                           "indications. Say 'associated with', not 'caused by'.",
                     "zh": "对数据的层级要诚实：销售在医院层面，医生层面只有迹象。应说“相关”，而不是“导致”。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
