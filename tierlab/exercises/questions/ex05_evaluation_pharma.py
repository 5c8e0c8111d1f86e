"""Exercises for ``05_evaluation_pharma``: closing the loop (效果评估).

Accompanies ``notebooks/05_evaluation_pharma.ipynb``: the decile call plan is
played into the next quarter (:func:`tierlab.simulate.simulate_pharma`); the
learner reads the KPIs by baseline tier, the tier migration, how much of the
hidden true potential the ABC tiering found, and the majority fallacy in the
hidden truth.

The notebook starts from ``doc`` (tiered doctors), ``plan`` (decile plan),
``sim`` (the simulated quarter, ``random_state=SIM_SEED``) and ``base`` (each
doctor's value in the last 3 months with the baseline tier).
"""

from __future__ import annotations

import pandas as pd

from tierlab.cases.pharma import doctor_profile, simulate_pharma
from tierlab.evaluate import kpi_by_tier, tiering_capture
from tierlab.exercises._compare import ChoiceAnswer, FrameAnswer, NumberAnswer
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._pharma import check_pharma, default_pharma
from tierlab.exercises.questions.ex02_goals_and_gaps_pharma import tiered_doctors
from tierlab.exercises.questions.ex04_action_plan_pharma import decile_plan
from tierlab.migration import migration_matrix
from tierlab.pareto import abc_classify, deciles

__all__ = ["EXERCISE", "MONTHS", "SIM_SEED", "baseline"]

#: Months simulated (one quarter) and the simulator's seed used in the notebook.
MONTHS = 3
SIM_SEED = 0
_TIER = {"en": "tier", "zh": "层级"}


def baseline(world, doc: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each doctor's value in the last ``MONTHS`` months with the baseline (12-month ABC) tier."""
    doc = tiered_doctors(world) if doc is None else doc
    recent = doctor_profile(world, months=MONTHS)[["doctor_id", "value"]]
    return recent.merge(doc[["doctor_id", "tier"]], on="doctor_id", how="left")


def _doc(ctx):
    return ctx.cached("doc", lambda: tiered_doctors(ctx.data))


def _sim(ctx):
    def run():
        plan = decile_plan(ctx.data, _doc(ctx))
        return simulate_pharma(ctx.data, plan, months=MONTHS, random_state=SIM_SEED)
    return ctx.cached("sim", run)


def _kpi(ctx, *, twelve=False, swap=False):
    base = baseline(ctx.data, _doc(ctx))
    if twelve:
        base = _doc(ctx)[["doctor_id", "value", "tier"]]
    if swap:
        sim = _sim(ctx)
        swapped = sim.merge(base[["doctor_id", "tier"]], on="doctor_id")
        return kpi_by_tier(swapped, base.drop(columns="tier"), customer="doctor_id",
                           value="value")
    return kpi_by_tier(base, _sim(ctx), customer="doctor_id", value="value")


def _moves(ctx, *, what="down") -> int:
    after = abc_classify(_sim(ctx), customer="doctor_id", value="value")
    mm = migration_matrix(_doc(ctx)[["doctor_id", "tier"]], after, customer="doctor_id")
    if what == "down":
        return int(mm.loc["A", ["B", "C"]].sum())
    if what == "into_a":
        return int(mm.loc[["B", "C"], "A"].sum())
    return int(mm.loc["A", "A"])


def _capture(ctx, *, column="cum_true_value_share", tier="B") -> float:
    truth = ctx.hidden["doctor_truth"]
    tc = tiering_capture(_doc(ctx)[["doctor_id", "tier"]], truth, customer="doctor_id",
                         value="true_potential_units")
    return float(tc.loc[tc["tier"] == tier, column].iloc[0])


def _loyal_top(ctx, *, ascending=False, everyone=False) -> float:
    truth = ctx.hidden["doctor_truth"].set_index("doctor_id")["competitor_loyal"]
    if everyone:
        return float(truth.mean())
    d = deciles(_doc(ctx), customer="doctor_id", value="market_units", method="count",
                ascending=ascending)
    top = d.loc[d["decile"] == 1, "doctor_id"]
    return float(truth.loc[top].mean())


q1 = Question(
    "q1",
    prompt={
        "en": "KPIs by baseline tier: compare each tier's value in the last 3 months (`base`) "
              "with the simulated next 3 months (`sim`): `kpi_by_tier(base, sim, "
              "customer='doctor_id', value='value')`. Give the table.",
        "zh": "按基准层级看 KPI：比较每个层级最近 3 个月的销售额（`base`）与模拟的未来 3 个月（`sim`）："
              "`kpi_by_tier(base, sim, customer='doctor_id', value='value')`。给出该表。",
    },
    expected=_kpi,
    answer=FrameAnswer(key="tier", columns=["value_before", "value_after", "change"],
                       rtol=1e-6, entity=_TIER),
    hints=[
        {"en": "`base` already holds doctor_id, value (3 months) and tier.",
         "zh": "`base` 已包含 doctor_id、value（3 个月）和 tier。"},
        {"en": "`kpi = kpi_by_tier(base, sim, customer='doctor_id', value='value')`.",
         "zh": "`kpi = kpi_by_tier(base, sim, customer='doctor_id', value='value')`。"},
    ],
    solution="kpi = kpi_by_tier(base, sim, customer='doctor_id', value='value')",
    near_misses=[
        NearMiss({"en": "Your 'before' is 12 months of sales, the 'after' only 3: compare like "
                        "with like (use `base`, the last 3 months).",
                  "zh": "你的“之前”是 12 个月的销售，而“之后”只有 3 个月：请同口径比较（使用 `base`，最近 3 个月）。"},
                 variant=lambda ctx: _kpi(ctx, twelve=True)),
        NearMiss({"en": "Before and after are swapped: `kpi_by_tier(base, sim, ...)` takes the "
                        "baseline first.",
                  "zh": "前后放反了：`kpi_by_tier(base, sim, ...)` 先传基线。"},
                 variant=lambda ctx: _kpi(ctx, swap=True)),
        NearMiss({"en": "Your table has a 'Total' row: the question asks for the tiers only "
                        "(a total row would also be counted twice if you sum the column).",
                  "zh": "你的表中有“合计”行：题目只要求各层级（对该列求和时合计行会被重复计算）。"},
                 test=lambda a, ctx: isinstance(a, pd.DataFrame) and any(
                     str(x).lower() in {"total", "all", "合计", "总计"}
                     for x in list(a.index) + list(a.get("tier", [])))),
    ],
)

q2 = Question(
    "q2",
    prompt={
        "en": "Re-tier the doctors by ABC on the simulated quarter "
              "(`tl.abc_classify(sim, customer='doctor_id', value='value')`) and build the "
              "migration matrix from the baseline tiers (`tl.migration_matrix`). How many A "
              "doctors moved DOWN (to B or C)?",
        "zh": "按模拟季度的销售额重新做 ABC 分级（`tl.abc_classify(sim, customer='doctor_id', "
              "value='value')`），并从基准层级建立迁移矩阵（`tl.migration_matrix`）。"
              "有多少 A 类医生降级（到 B 或 C）？",
    },
    expected=_moves,
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "Rows are the tier before, columns the tier after.",
         "zh": "行是之前的层级，列是之后的层级。"},
        {"en": "`mm.loc['A', ['B', 'C']].sum()`.", "zh": "`mm.loc['A', ['B', 'C']].sum()`。"},
    ],
    solution=("after = tl.abc_classify(sim, customer='doctor_id', value='value')\n"
              "mm = tl.migration_matrix(doc[['doctor_id', 'tier']], after, customer='doctor_id')\n"
              "n_down = mm.loc['A', ['B', 'C']].sum()"),
    near_misses=[
        NearMiss({"en": "That is the column of A: doctors who moved UP into A. Read the row "
                        "of A (before) instead.",
                  "zh": "这是 A 列：升入 A 类的医生。请读 A 行（之前的层级）。"},
                 variant=lambda ctx: _moves(ctx, what="into_a")),
        NearMiss({"en": "That is the number of A doctors who STAYED in A.",
                  "zh": "这是留在 A 类的医生人数。"},
                 variant=lambda ctx: _moves(ctx, what="stay")),
    ],
    explanation={"en": "Tiers move even in one quarter: a tiering is a snapshot, to be "
                       "refreshed.",
                 "zh": "即使只过了一个季度，层级也会变化：分级只是快照，需要定期更新。"},
)

q3 = Question(
    "q3",
    prompt={
        "en": "Open the hidden truth: `world.hidden['doctor_truth']` has each doctor's "
              "`true_potential_units`. With `tiering_capture(doc, truth, customer='doctor_id', "
              "value='true_potential_units')`: what share of the true potential do the A and B "
              "tiers TOGETHER hold? (a number between 0 and 1)",
        "zh": "打开隐藏真相：`world.hidden['doctor_truth']` 中有每位医生的 `true_potential_units`。"
              "用 `tiering_capture(doc, truth, customer='doctor_id', value='true_potential_units')`："
              "A 类和 B 类合计拥有真实潜力的多少比例？（0 到 1 之间的数字）",
    },
    expected=_capture,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "The table has one row per tier, and cumulative columns from the best tier down.",
         "zh": "该表每个层级一行，并有从最高层级向下累计的列。"},
        {"en": "Take `cum_true_value_share` in the row of tier B.",
         "zh": "取 B 行的 `cum_true_value_share`。"},
    ],
    solution=("truth = world.hidden['doctor_truth']\n"
              "cap = tiering_capture(doc, truth, customer='doctor_id', "
              "value='true_potential_units')\n"
              "ab_share = cap.loc[cap['tier'] == 'B', 'cum_true_value_share'].iloc[0]"),
    near_misses=[
        NearMiss({"en": "That is the B tier alone (raw share). A and B together is the "
                        "CUMULATIVE share.",
                  "zh": "这只是 B 类（单独占比）。A 和 B 合计应取累计占比。"},
                 variant=lambda ctx: _capture(ctx, column="true_value_share")),
        NearMiss({"en": "That is what the best possible tiering of the same size would hold, "
                        "not what ours holds.",
                  "zh": "这是同样人数下最好的分级能达到的比例，而不是我们的分级。"},
                 variant=lambda ctx: _capture(ctx, column="best_possible_share")),
        NearMiss({"en": "That is the A tier only; add B (the cumulative share in row B).",
                  "zh": "这只是 A 类；请加上 B 类（B 行的累计占比）。"},
                 variant=lambda ctx: _capture(ctx, tier="A")),
    ],
)

q4 = Question(
    "q4",
    prompt={
        "en": "The majority fallacy, with the truth in hand: among the top 10% of doctors by "
              "market units (`tl.deciles(doc, customer='doctor_id', value='market_units', "
              "method='count')`, decile 1), what fraction is `competitor_loyal`? Compare it with "
              "all doctors.",
        "zh": "握有真相来看多数谬误：按市场数量排名前 10% 的医生中（`tl.deciles(doc, "
              "customer='doctor_id', value='market_units', method='count')` 的第 1 组），"
              "`competitor_loyal` 的比例是多少？与全部医生比较。",
    },
    expected=_loyal_top,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "With the default `ascending=False`, decile 1 holds the LARGEST doctors.",
         "zh": "默认 `ascending=False` 时，第 1 组是最大的医生。"},
        {"en": "`truth.set_index('doctor_id').loc[top_ids, 'competitor_loyal'].mean()`.",
         "zh": "`truth.set_index('doctor_id').loc[top_ids, 'competitor_loyal'].mean()`。"},
    ],
    solution=("d = tl.deciles(doc, customer='doctor_id', value='market_units', method='count')\n"
              "top_ids = d.loc[d['decile'] == 1, 'doctor_id']\n"
              "loyal_top = truth.set_index('doctor_id').loc[top_ids, 'competitor_loyal'].mean()"),
    near_misses=[
        NearMiss({"en": "Your decile 1 holds the SMALLEST doctors (ascending=True); the top "
                        "decile here is decile 1 with the default direction.",
                  "zh": "你的第 1 组是最小的医生（ascending=True）；这里的最高组是默认方向下的第 1 组。"},
                 variant=lambda ctx: _loyal_top(ctx, ascending=True)),
        NearMiss({"en": "That is the fraction among ALL doctors; the question asks for the top "
                        "decile.",
                  "zh": "这是全部医生中的比例；题目问的是最高的十分位组。"},
                 variant=lambda ctx: _loyal_top(ctx, everyone=True)),
    ],
)

q5 = Question(
    "q5",
    prompt={
        "en": "Our A tier held far less of the true potential than the best tiering of the same "
              "size could. What is the main reason? (a) the ABC tiers were built from last "
              "year's sales (value today), not from potential or responsiveness, (b) the "
              "simulator's noise, (c) the reps made too few calls, (d) the cut-offs 80/95 are "
              "wrong in pharma.",
        "zh": "我们的 A 类所拥有的真实潜力远少于同样人数下最好的分级。主要原因是什么？"
              "(a) ABC 分级基于去年的销售（今天的价值），而不是潜力或对拜访的反应；"
              "(b) 模拟器的随机噪声；(c) 代表的拜访太少；(d) 80/95 的分界在医药行业是错的。",
    },
    expected=lambda ctx: "a",
    answer=ChoiceAnswer(explanations={
        "b": {"en": "tiering_capture uses the true potential, with no noise at all.",
              "zh": "tiering_capture 使用的是真实潜力，完全没有噪声。"},
        "c": {"en": "Calls change what we sell, not how the tiers were drawn from past sales.",
              "zh": "拜访改变的是我们的销售，而不是基于过去销售的分级方式。"},
        "d": {"en": "Any cut-off on past sales ranks doctors the same way; changing it only "
                    "changes the size of A.",
              "zh": "在过去销售上取任何分界，医生的排序都一样；改变分界只改变 A 类的人数。"},
    }),
    hints=[
        {"en": "What does ABC on our value measure: today, or what a doctor could be?",
         "zh": "按我们销售额的 ABC 衡量的是什么：今天，还是医生可能达到的水平？"},
        {"en": "Doctors loyal to the competitor have high potential and low sales with us.",
         "zh": "忠于竞争对手的医生潜力高，但在我们这里销售低。"},
    ],
    solution='choice = "a"',
    explanation={"en": "Right: a static, backward-looking tiering. Add potential and share "
                       "(the matrix), and refresh the tiers each period.",
                 "zh": "正确：这是静态、向后看的分级。应加入潜力和份额（矩阵），并在每个周期更新分级。"},
)

EXERCISE = Exercise(
    "05_evaluation_pharma", [q1, q2, q3, q4, q5],
    title={"en": "05 · Evaluation (效果评估) — pharma exercises", "zh": "05 · 效果评估 — 医药练习"},
    prepare=check_pharma, default_data=default_pharma,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q6", at="c",
        stem={"en": "After the tiering programme, flow sales of the hospitals in the plan rose "
                    "10%. There was no comparison group. What can you claim?",
              "zh": "分级项目实施后，计划内医院的流向销售增长了 10%。没有对照组。你能得出什么结论？"},
        right={"en": "sales rose; an effect needs a comparison with similar hospitals outside the "
                     "plan",
               "zh": "销售增长了；要谈效果，需与计划外的类似医院比较"},
        wrong=[
            ({"en": "the programme added 10%",
              "zh": "项目带来了 10% 的增长"},
             {"en": "The market, a new listing or a competitor's supply problem could explain "
                    "part or all of it.",
              "zh": "市场、新进院或竞争对手的供货问题都可能解释其中一部分甚至全部。"}),
            ({"en": "the programme added more than 10%, because the market in the region is "
                    "slowing down",
              "zh": "项目带来的增长超过 10%，因为大区市场在放缓"},
             {"en": "That is a guess in the other direction; without a comparison you do not "
                    "know the market's part.",
              "zh": "这是反方向的猜测；没有对照，就不知道市场的影响有多大。"}),
            ({"en": "nothing at all: flow sales cannot be used for evaluation",
              "zh": "什么都不能说：流向数据不能用于评估"},
             {"en": "Flow sales are the right measure at hospital level; what is missing is a "
                    "comparison.",
              "zh": "流向是医院层面的正确指标；缺的是对照。"}),
        ],
        hint={"en": "What would have happened without the programme?",
              "zh": "如果没有这个项目，会发生什么？"},
        explanation={"en": "An effect is a difference against a comparison, never a before/after "
                           "of the treated alone.",
                     "zh": "效果是相对于对照的差异，而不是只看实施组自己的前后对比。"}),
    judgement(
        "q7", at="b",
        stem={"en": "Half a year in, 40% of the development doctors moved up one adoption stage, "
                    "but hospital flow sales are flat. How do you read it?",
              "zh": "半年后，40% 的开发对象医生的认可阶段前进了一步，但医院流向销售持平。你怎么解读？"},
        right={"en": "stages lead and flow sales lag: track both, and audit the stages",
               "zh": "阶段领先、流向滞后：两者都跟踪，并核查阶段"},
        wrong=[
            ({"en": "the programme failed: only sales count",
              "zh": "项目失败了：只有销售才算数"},
             {"en": "Judged too early: a doctor at 试用 today is tomorrow's regular user.",
              "zh": "判断得太早：今天“试用”的医生就是明天的常规使用者。"}),
            ({"en": "the programme worked: the stages are what matters, and sales will follow on "
                    "their own",
              "zh": "项目成功了：阶段才是关键，销售自然会跟上"},
             {"en": "Stages are recorded by the reps who are judged on them; they need a check "
                    "and must lead to sales in the end.",
              "zh": "阶段是由被考核的代表自己记录的；需要核查，最终也必须转化为销售。"}),
            ({"en": "the reps are inflating the stages, so ignore them",
              "zh": "代表们在夸大阶段，所以忽略它们"},
             {"en": "Possible for some, but throwing the indicator away leaves you blind until "
                    "sales move; check it instead.",
              "zh": "有些可能如此，但把指标丢掉，你在销售变化之前就什么都看不见了；应该去核查。"}),
        ],
        hint={"en": "Which measure moves first, and who records it?",
              "zh": "哪个指标先动？由谁记录？"},
        explanation={"en": "Read leading and lagging indicators together, and audit the ones "
                           "people are judged on.",
                     "zh": "领先指标和滞后指标要一起看，并核查那些与考核挂钩的指标。"}),
    judgement(
        "q8", at="a",
        stem={"en": "A year later a third of the tier A hospitals are no longer A. What does "
                    "that mean for the evaluation?",
              "zh": "一年后，三分之一的 A 类医院已不再是 A 类。这对评估意味着什么？"},
        right={"en": "tiers are snapshots: judge on baseline tiers, re-tier for the next plan",
               "zh": "分级是快照：按基线级别评估，下一轮重新分级"},
        wrong=[
            ({"en": "the tiering was wrong and should be thrown away",
              "zh": "分级错了，应该废弃"},
             {"en": "Movement is normal (procurement rounds, competitors, a one-off good "
                    "year); it does not make last year's tiers wrong.",
              "zh": "流动是正常的（集采、竞争对手、偶然的好年份）；这并不说明去年的分级是错的。"}),
            ({"en": "the reps of those hospitals failed",
              "zh": "那些医院的代表失职了"},
             {"en": "Migration alone cannot tell effort from market changes.",
              "zh": "仅凭级别迁移分不清是努力不够还是市场变化。"}),
            ({"en": "compare this year's A hospitals with last year's A hospitals to see the "
                    "plan's effect",
              "zh": "把今年的 A 类医院和去年的 A 类医院比较，看计划效果"},
             {"en": "Those are different hospitals; the comparison mixes the plan's effect "
                    "with who moved.",
              "zh": "那是两批不同的医院；这种比较把计划效果和级别流动混在一起了。"}),
        ],
        hint={"en": "Which hospitals was the plan made for?",
              "zh": "计划是为哪些医院制定的？"},
        explanation={"en": "Evaluate on baseline tiers; re-tier for the next plan.",
                     "zh": "按基线级别评估；为下一轮计划重新分级。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
