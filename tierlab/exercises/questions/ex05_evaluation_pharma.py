"""Exercises for ``05_evaluation_pharma``: closing the loop (效果评估).

Accompanies ``notebooks/05_evaluation_pharma.ipynb``: the decile call plan (on
potential) is played into the next quarter
(:func:`tierlab.cases.pharma.simulate_pharma`); the learner reads the KPIs by
baseline tier against the hidden doctor-level sales (统方, which only the
simulation can show), the migration between potential x adoption tiers over
the past year, how much of the hidden true potential the tiers found, and the
majority fallacy in the hidden truth.

The notebook starts from ``doc`` (doctors with their potential x adoption
tier), ``plan`` (decile plan), ``sim`` (the simulated quarter,
``random_state=SIM_SEED``) and ``base`` (each doctor's TRUE value in the last 3
months, from ``world.hidden['doctor_sales']``, with the baseline tier).
"""

from __future__ import annotations

import pandas as pd

from tierlab.cases.pharma import simulate_pharma
from tierlab.datasets import World
from tierlab.evaluate import kpi_by_tier, tiering_capture
from tierlab.exercises._compare import ChoiceAnswer, FrameAnswer, NumberAnswer
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._pharma import check_pharma, default_pharma, last_months
from tierlab.exercises.questions.ex01_current_state_pharma import doctor_tiers
from tierlab.exercises.questions.ex02_goals_and_gaps_pharma import tiered_doctors
from tierlab.exercises.questions.ex04_action_plan_pharma import decile_plan
from tierlab.migration import migration_matrix
from tierlab.pareto import deciles

__all__ = ["EXERCISE", "MONTHS", "SIM_SEED", "baseline", "tiers_a_year_ago"]

#: Months simulated (one quarter) and the simulator's seed used in the notebook.
MONTHS = 3
SIM_SEED = 0
_TIER = {"en": "tier", "zh": "层级"}


def baseline(world: World, doc: pd.DataFrame | None = None, *, months: int = MONTHS) -> pd.DataFrame:
    """Each doctor's TRUE value of ours in the last ``months`` months (hidden) with the baseline tier."""
    doc = tiered_doctors(world) if doc is None else doc
    sales = world.hidden["doctor_sales"]
    ours = last_months(sales[sales["company"] == "ours"], months)
    value = ours.groupby("doctor_id")["value"].sum()
    out = doc[["doctor_id", "tier"]].copy()
    out.insert(1, "value", out["doctor_id"].map(value).fillna(0.0).to_numpy())
    return out


def tiers_a_year_ago(doc: pd.DataFrame) -> pd.DataFrame:
    """The potential x adoption tiers on the stage recorded a year ago (same potential cut)."""
    before = doc.assign(stage=doc["stage"] - doc["stage_change"])
    return doctor_tiers(before)[["doctor_id", "tier"]]  # same potential, same potential cut


def _doc(ctx):
    return ctx.cached("doc", lambda: tiered_doctors(ctx.data))


def _sim(ctx):
    def run():
        plan = decile_plan(ctx.data, _doc(ctx))
        return simulate_pharma(ctx.data, plan, months=MONTHS, random_state=SIM_SEED)
    return ctx.cached("sim", run)


def _kpi(ctx, *, twelve=False, swap=False):
    base = baseline(ctx.data, _doc(ctx), months=12 if twelve else MONTHS)
    if swap:
        sim = _sim(ctx)
        swapped = sim.merge(base[["doctor_id", "tier"]], on="doctor_id")
        return kpi_by_tier(swapped, base.drop(columns="tier"), customer="doctor_id",
                           value="value")
    return kpi_by_tier(base, _sim(ctx), customer="doctor_id", value="value")


def _moves(ctx, *, what="up") -> int:
    mm = migration_matrix(tiers_a_year_ago(_doc(ctx)), _doc(ctx)[["doctor_id", "tier"]],
                          customer="doctor_id")
    pairs = {"up": ("B", "A"), "down": ("A", "B"), "stay": ("B", "B")}
    r, c = pairs[what]
    return int(mm.loc[r, c]) if r in mm.index and c in mm.columns else 0


def _truth_value(ctx) -> pd.DataFrame:
    truth = ctx.hidden["doctor_truth"]
    return truth.assign(true_potential_value=truth["true_potential_units"] * truth["unit_price"])


def _capture(ctx, *, column="cum_true_value_share", tier="B",
             value="true_potential_value") -> float:
    tc = tiering_capture(_doc(ctx)[["doctor_id", "tier"]], _truth_value(ctx),
                         customer="doctor_id", value=value)
    return float(tc.loc[tc["tier"] == tier, column].iloc[0])


def _loyal_top(ctx, *, ascending=False, everyone=False, value="potential_value") -> float:
    truth = ctx.hidden["doctor_truth"].set_index("doctor_id")["competitor_loyal"]
    if everyone:
        return float(truth.mean())
    d = deciles(_doc(ctx), customer="doctor_id", value=value, method="count",
                ascending=ascending)
    top = d.loc[d["decile"] == 1, "doctor_id"]
    return float(truth.loc[top].mean())


q1 = Question(
    "q1",
    prompt={
        "en": "KPIs by baseline tier, with the truth in hand: compare each tier's TRUE value in "
              "the last 3 months (`base`, from the hidden doctor sales) with the simulated next "
              "3 months (`sim`): `kpi_by_tier(base, sim, customer='doctor_id', value='value')`. "
              "Give the table.",
        "zh": "握有真相按基准层级看 KPI：比较每个层级最近 3 个月的真实销售额（`base`，来自隐藏的医生销售）与模拟的未来 3 个月（`sim`）："
              "`kpi_by_tier(base, sim, customer='doctor_id', value='value')`。给出该表。",
    },
    expected=_kpi,
    answer=FrameAnswer(key="tier", columns=["value_before", "value_after", "change"],
                       rtol=1e-6, entity=_TIER),
    hints=[
        {"en": "Notebook 05 pharma, section 2 'Play the plans into next year': "
               "`base` already holds doctor_id, value (3 months) and tier.",
         "zh": "笔记本 05（医药）第 2 节“Play the plans into next year”："
               "`base` 已包含 doctor_id、value（3 个月）和 tier。"},
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
        "en": "Tiers move. Tier the doctors on the stage recorded a year ago (`stage - "
              "stage_change`, same potential cut: "
              "`tl.exercises.questions.ex05_evaluation_pharma.tiers_a_year_ago(doc)`) and build "
              "the migration matrix to today's tiers (`tl.migration_matrix(before, "
              "doc[['doctor_id', 'tier']], customer='doctor_id')`). How many B doctors a year ago "
              "are A doctors today (they reached regular use)?",
        "zh": "层级会变化。按一年前记录的阶段（`stage - stage_change`，潜力分界不变："
              "`tl.exercises.questions.ex05_evaluation_pharma.tiers_a_year_ago(doc)`）对医生分级，"
              "再建立到今天层级的迁移矩阵（`tl.migration_matrix(before, doc[['doctor_id', 'tier']], "
              "customer='doctor_id')`）。一年前的 B 类医生中有多少位今天是 A 类（已达到常规使用）？",
    },
    expected=_moves,
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "Notebook 05 pharma, section 3 'Tier migration': "
               "rows are the tier a year ago, columns the tier today.",
         "zh": "笔记本 05（医药）第 3 节“Tier migration”："
               "行是一年前的层级，列是今天的层级。"},
        {"en": "`mm.loc['B', 'A']`.", "zh": "`mm.loc['B', 'A']`。"},
    ],
    solution=("before = tiers_a_year_ago(doc)\n"
              "mm = tl.migration_matrix(before, doc[['doctor_id', 'tier']], customer='doctor_id')\n"
              "n_up = mm.loc['B', 'A']"),
    near_misses=[
        NearMiss({"en": "That is A to B: doctors who slipped back below regular use. Read row B, "
                        "column A.",
                  "zh": "这是从 A 到 B：退回到常规使用以下的医生。请读 B 行、A 列。"},
                 variant=lambda ctx: _moves(ctx, what="down")),
        NearMiss({"en": "That is the number of B doctors who STAYED in B.",
                  "zh": "这是留在 B 类的医生人数。"},
                 variant=lambda ctx: _moves(ctx, what="stay")),
    ],
    explanation={"en": "Tiers move within a year as doctors adopt or slip back: re-tier each "
                       "quarter when the reps record the stages.",
                 "zh": "一年之内，随着医生接受或退步，层级会变化：每季度代表记录阶段时都应重新分级。"},
)

q3 = Question(
    "q3",
    prompt={
        "en": "Open the hidden truth: `world.hidden['doctor_truth']` has each doctor's "
              "`true_potential_units` and `unit_price`. Add `true_potential_value` (units x "
              "price) and run `tiering_capture(doc, truth, customer='doctor_id', "
              "value='true_potential_value')`: what share of the true potential value do the A "
              "and B tiers (the high-potential half by the survey) TOGETHER hold? (a number "
              "between 0 and 1)",
        "zh": "打开隐藏真相：`world.hidden['doctor_truth']` 中有每位医生的 `true_potential_units` 和 "
              "`unit_price`。加上 `true_potential_value`（盒数 x 单价），再运行 `tiering_capture(doc, "
              "truth, customer='doctor_id', value='true_potential_value')`：A 类和 B 类（按调研的高潜力一半）"
              "合计拥有真实潜力金额的多少比例？（0 到 1 之间的数字）",
    },
    expected=_capture,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Notebook 05 pharma, section 5 'Reveal the hidden truth': "
               "the table has one row per tier (A, B, C, D) and cumulative columns from A down.",
         "zh": "笔记本 05（医药）第 5 节“Reveal the hidden truth”："
               "该表每个层级（A、B、C、D）一行，并有从 A 向下累计的列。"},
        {"en": "Take `cum_true_value_share` in the row of tier B.",
         "zh": "取 B 行的 `cum_true_value_share`。"},
    ],
    solution=("truth = world.hidden['doctor_truth']\n"
              "truth = truth.assign(true_potential_value=truth['true_potential_units']\n"
              "                     * truth['unit_price'])\n"
              "cap = tiering_capture(doc, truth, customer='doctor_id', "
              "value='true_potential_value')\n"
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
        NearMiss({"en": "That is the share of the true potential in UNITS; the course measures "
                        "potential in value.",
                  "zh": "这是真实潜力按盒数的占比；课程按金额衡量潜力。"},
                 variant=lambda ctx: _capture(ctx, value="true_potential_units")),
    ],
)

q4 = Question(
    "q4",
    prompt={
        "en": "The majority fallacy, with the truth in hand: among the top 10% of doctors by "
              "surveyed potential (`tl.deciles(doc, customer='doctor_id', "
              "value='potential_value', method='count')`, decile 1), what fraction is "
              "`competitor_loyal`? Compare it with all doctors.",
        "zh": "握有真相来看多数谬误：按调研潜力排名前 10% 的医生中（`tl.deciles(doc, "
              "customer='doctor_id', value='potential_value', method='count')` 的第 1 组），"
              "`competitor_loyal` 的比例是多少？与全部医生比较。",
    },
    expected=_loyal_top,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Notebook 05 pharma, section 5 'Reveal the hidden truth': "
               "with the default `ascending=False`, decile 1 holds the LARGEST doctors.",
         "zh": "笔记本 05（医药）第 5 节“Reveal the hidden truth”："
               "默认 `ascending=False` 时，第 1 组是最大的医生。"},
        {"en": "`truth.set_index('doctor_id').loc[top_ids, 'competitor_loyal'].mean()`.",
         "zh": "`truth.set_index('doctor_id').loc[top_ids, 'competitor_loyal'].mean()`。"},
    ],
    solution=("d = tl.deciles(doc, customer='doctor_id', value='potential_value', "
              "method='count')\n"
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
        "en": "Our A and B tiers held less of the true potential than the best tiering of the "
              "same size could. What is the main reason? (a) the tiers rest on the field's "
              "potential survey, an estimate that differs from each doctor's true potential, "
              "(b) the simulator's noise, (c) the reps made too few calls, (d) the median cut "
              "is wrong in pharma.",
        "zh": "我们的 A 类和 B 类所拥有的真实潜力少于同样人数下最好的分级。主要原因是什么？"
              "(a) 分级依据的是现场潜力调研，它是估计值，与每位医生的真实潜力不同；"
              "(b) 模拟器的随机噪声；(c) 代表的拜访太少；(d) 中位数分界在医药行业是错的。",
    },
    expected=lambda ctx: "a",
    answer=ChoiceAnswer(explanations={
        "b": {"en": "tiering_capture uses the true potential, with no noise at all.",
              "zh": "tiering_capture 使用的是真实潜力，完全没有噪声。"},
        "c": {"en": "Calls change what we sell, not how the tiers were drawn from the survey.",
              "zh": "拜访改变的是我们的销售，而不是基于调研的分级方式。"},
        "d": {"en": "The best tiering of the same size is compared with ours at the same cut: "
                    "the cut sets the size, not the ranking.",
              "zh": "同样人数下的最好分级与我们的分级用的是同样的分界：分界决定人数，不决定排序。"},
    }),
    hints=[
        {"en": "Notebook 05 pharma, section 5 'Reveal the hidden truth': "
               "where does the potential axis come from: a measurement, or a survey by the "
               "reps?",
         "zh": "笔记本 05（医药）第 5 节“Reveal the hidden truth”："
               "潜力轴来自哪里：测量，还是代表的调研？"},
        {"en": "Compare `doc['potential_value']` with the truth's potential: how closely do "
               "they agree?",
         "zh": "比较 `doc['potential_value']` 与真相中的潜力：两者有多接近？"},
    ],
    solution='choice = "a"',
    explanation={"en": "Right: a tiering is only as good as its measures. Improve the potential "
                       "survey, and refresh the tiers each period.",
                 "zh": "正确：分级的好坏取决于它的度量。改进潜力调研，并在每个周期更新分级。"},
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
        hint={"en": "Notebook 05 pharma, section 7 '\"Sales grew 30% after tiering\"': "
                    "what would have happened without the programme?",
              "zh": "笔记本 05（医药）第 7 节“\"Sales grew 30% after tiering\"”："
                    "如果没有这个项目，会发生什么？"},
        explanation={"en": "An effect is a difference against a comparison, never a before/after "
                           "of the treated alone.",
                     "zh": "效果是相对于对照的差异，而不是只看实施组自己的前后对比。"}),
    judgement(
        "q7", at="b",
        stem={"en": "Half a year in, 40% of the development doctors moved up one adoption stage, "
                    "but hospital flow sales are flat. How do you read it?",
              "zh": "半年后，40% 的开发对象医生的观念阶段前进了一步，但医院流向销售持平。你怎么解读？"},
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
        hint={"en": "Notebook 02 pharma, section 5 'Adoption goals per doctor tier': "
                    "which measure moves first, and who records it?",
              "zh": "笔记本 02（医药）第 5 节“Adoption goals per doctor tier”："
                    "哪个指标先动？由谁记录？"},
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
        hint={"en": "Notebook 05 pharma, section 2 'Play the plans into next year': "
                    "which hospitals was the plan made for?",
              "zh": "笔记本 05（医药）第 2 节“Play the plans into next year”："
                    "计划是为哪些医院制定的？"},
        explanation={"en": "Evaluate on baseline tiers; re-tier for the next plan.",
                     "zh": "按基线级别评估；为下一轮计划重新分级。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
