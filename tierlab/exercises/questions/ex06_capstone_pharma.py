"""Exercises for ``06_capstone_pharma``: the whole loop on your team's world.

Accompanies ``notebooks/06_capstone.ipynb``: concentration of flow sales over
hospitals (现状), targets by headroom per hospital tier (目标), a call plan of the
learner's own design scored against the optimum (策略 / 行动; the capstone comes
after the reveal of notebook 05, so the hidden truth may score it), the order of
the stages and the fairness limit of tiering.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab.exercises._compare import (
    ChoiceAnswer,
    CollectionAnswer,
    CustomAnswer,
    NumberAnswer,
)
from tierlab.exercises._core import Context, Exercise, NearMiss, Question
from tierlab.exercises.questions._pharma import check_pharma, default_pharma
from tierlab.exercises.questions.ex02_goals_and_gaps_pharma import (
    GROWTH,
    tiered_doctors,
    tiered_hospitals,
)
from tierlab.goals import allocate_target
from tierlab.pareto import top_share
from tierlab.simulate import score_plan

__all__ = ["EXERCISE", "TARGET_SHARE", "check_plan"]

#: A call plan passes question 3 when it reaches this share of the optimum. The
#: reference (calls by potential decile) reached 83-88% on the default world and 9
#: other seeds, an equal split 66-72%.
TARGET_SHARE = 0.80


def _doc(ctx):
    return ctx.cached("doc", lambda: tiered_doctors(ctx.data))


def _hosp(ctx):
    return ctx.cached("hosp", lambda: tiered_hospitals(ctx.data))


def _top(ctx, *, value="value", top=0.2) -> float:
    return float(top_share(_hosp(ctx), value=value, top=top))


def _a_goal(ctx, *, method="gap_to_potential", col="goal") -> float:
    hosp = _hosp(ctx)
    goals = allocate_target(hosp, customer="hospital_id",
                            target=(1 + GROWTH) * hosp["value"].sum(), history="value",
                            potential="potential_value_window", method=method, group="tier")
    return float(goals.loc[goals["tier"] == "A", col].sum())


def _plan_calls(plan) -> pd.Series | None:
    """calls per doctor from a DataFrame (doctor_id, calls) or a Series; None if neither."""
    if isinstance(plan, pd.DataFrame):
        if "calls" not in plan.columns:
            return None
        ids = plan["doctor_id"] if "doctor_id" in plan.columns else plan.index
        return pd.Series(plan["calls"].to_numpy(), index=pd.Index(ids))
    if isinstance(plan, pd.Series):
        return plan
    return None


def _decile_reference(ctx) -> pd.DataFrame:
    """The solution of question 3 (a decile plan on potential): a reference answer."""
    from tierlab.strategy import allocate_calls

    cap = int(ctx.reps["monthly_call_capacity"].sum())
    return allocate_calls(tiered_doctors(ctx.data), customer="doctor_id", capacity=cap,
                          rule="decile", value="potential_value")


def _is_equal_plan(got, ctx) -> bool:
    """An (about) equal plan within the capacity (a near miss of question 3)."""
    calls = _plan_calls(got)
    if calls is None or len(calls) < 2:
        return False
    values = pd.to_numeric(pd.Series(calls.to_numpy()), errors="coerce")
    cap = float(ctx.reps["monthly_call_capacity"].sum())
    return values.nunique() <= 2 and values.sum() <= cap and values.sum() >= 0.9 * cap


def check_plan(got: object, capacity: int, ctx: Context) -> dict[str, str] | None:
    """Custom comparison of question 3: capacity respected and share of optimum >= target.

    ``capacity`` is the expected answer's bar (the team's calls a month); the
    plan is scored in the simulator of the learner's world (``ctx.data``).
    """
    calls = _plan_calls(got)
    if calls is None:
        return {"en": "Give the plan as a DataFrame with columns doctor_id and calls (e.g. the "
                      f"result of allocate_calls), not {type(got).__name__}.",
                "zh": "请以含 doctor_id 和 calls 两列的 DataFrame 给出计划（例如 allocate_calls 的结果），"
                      f"而不是 {type(got).__name__}。"}
    values = pd.to_numeric(pd.Series(calls.to_numpy()), errors="coerce")
    if values.isna().any() or (values < 0).any():
        return {"en": "Calls must be numbers of at least 0 for every doctor.",
                "zh": "每位医生的拜访次数必须是不小于 0 的数字。"}
    total = float(values.sum())
    if total > capacity + 1e-9:
        return {"en": f"Your plan uses {total:g} calls a month; the team has {capacity}.",
                "zh": f"你的计划每月用了 {total:g} 次拜访；团队只有 {capacity} 次。"}
    plan = pd.DataFrame({"doctor_id": calls.index.astype(str), "calls": values.to_numpy()})
    score = float(score_plan(ctx.data, plan, capacity=capacity)["share_of_optimum"])
    if not np.isfinite(score) or score < TARGET_SHARE:
        return {"en": f"Your plan reaches {score:.1%} of the optimum; aim for "
                      f"{TARGET_SHARE:.0%}.",
                "zh": f"你的计划达到最优的 {score:.1%}；目标是 {TARGET_SHARE:.0%}。"}
    return None


def _unused(answer, ctx) -> bool:
    calls = _plan_calls(answer)
    cap = float(ctx.reps["monthly_call_capacity"].sum())
    return calls is not None and float(calls.sum()) < 0.9 * cap


q1 = Question(
    "q1",
    prompt={
        "en": "Where are we? What share of our flow sales (last 12 months) comes from the top "
              "20% of HOSPITALS? Use `tl.top_share(hosp, value='value', top=0.2)`.",
        "zh": "我们在哪里？前 20% 的医院贡献了我们（最近 12 个月）流向销售额的多少比例？"
              "使用 `tl.top_share(hosp, value='value', top=0.2)`。",
    },
    expected=_top,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Notebook 01 pharma, section 12 'Concentration': "
               "`hosp` has one row per hospital with `value` (our flow sales).",
         "zh": "笔记本 01（医药）第 12 节“Concentration”："
               "`hosp` 每家医院一行，`value` 为我们的流向销售额。"},
        {"en": "`tl.top_share(hosp, value='value', top=0.2)`.",
         "zh": "`tl.top_share(hosp, value='value', top=0.2)`。"},
    ],
    solution="top20 = tl.top_share(hosp, value='value', top=0.2)",
    near_misses=[
        NearMiss({"en": "That is the top 20% of the hospitals' whole market (audit units, all "
                        "brands); use our flow sales.",
                  "zh": "这是医院整个市场（审计盒数，所有品牌）的前 20%；请使用我们的流向销售额。"},
                 variant=lambda ctx: _top(ctx, value="market_units")),
        NearMiss({"en": "That is the concentration of potential; the question asks for our flow "
                        "sales.",
                  "zh": "这是潜力的集中度；题目问的是我们的流向销售额。"},
                 variant=lambda ctx: _top(ctx, value="potential_value")),
    ],
)

q2 = Question(
    "q2",
    prompt={
        "en": f"Where do we go? Break a target of {1 + GROWTH:g} x last 12 months' flow sales "
              "down to hospitals with method='gap_to_potential' (history='value', "
              "potential='potential_value_window', group='tier', the hospital tiers). What is "
              "the A tier's total target in yuan?",
        "zh": f"我们去哪里？把 {1 + GROWTH:g} x 最近 12 个月流向销售额的指标用 method='gap_to_potential' "
              "分解到医院（history='value'、potential='potential_value_window'、group='tier'，即医院层级）。"
              "A 类医院的指标合计是多少元？",
    },
    expected=_a_goal,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Notebook 02 pharma, section 3 'The target per hospital and per territory': "
               "`allocate_target(hosp, customer='hospital_id', target=..., history='value', "
               "potential='potential_value_window', method='gap_to_potential', group='tier')`.",
         "zh": "笔记本 02（医药）第 3 节“The target per hospital and per territory”："
               "`allocate_target(hosp, customer='hospital_id', target=..., history='value', "
               "potential='potential_value_window', method='gap_to_potential', group='tier')`。"},
        {"en": "Then add up `goal` where `tier == 'A'`.",
         "zh": "然后对 `tier == 'A'` 的 `goal` 求和。"},
    ],
    solution=("goals = allocate_target(hosp, customer='hospital_id',\n"
              f"                        target={1 + GROWTH:g} * hosp['value'].sum(),\n"
              "                        history='value', potential='potential_value_window',\n"
              "                        method='gap_to_potential', group='tier')\n"
              "a_goal = goals.loc[goals['tier'] == 'A', 'goal'].sum()"),
    near_misses=[
        NearMiss({"en": "That is the A tier's target with method='history'; use "
                        "'gap_to_potential'.",
                  "zh": "这是 method='history' 下 A 类的指标；请使用 'gap_to_potential'。"},
                 variant=lambda ctx: _a_goal(ctx, method="history")),
        NearMiss({"en": "That is the A tier's flow sales today, not its target.",
                  "zh": "这是 A 类今天的流向销售额，而不是指标。"},
                 variant=lambda ctx: _a_goal(ctx, col="value")),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": "How do we get there? Design a call plan for the team (at most `capacity` calls a "
              f"month in total) that reaches at least {TARGET_SHARE:.0%} of the optimum "
              "(`score_plan(world, plan, capacity=capacity)['share_of_optimum']`). Give the plan: "
              "a DataFrame with doctor_id and calls. Any rule, weights or model you like.",
        "zh": "我们怎么去？为团队设计一个拜访计划（每月合计不超过 `capacity` 次），使其至少达到最优的 "
              f"{TARGET_SHARE:.0%}（`score_plan(world, plan, capacity=capacity)['share_of_optimum']`）。"
              "给出计划：含 doctor_id 和 calls 的 DataFrame。规则、权重或模型任选。",
    },
    expected=lambda ctx: int(ctx.reps["monthly_call_capacity"].sum()),
    answer=CustomAnswer(check_plan),
    reference=lambda ctx: _decile_reference(ctx),
    hints=[
        {"en": "Notebook 03 pharma, section 3 'Allocating the reps': "
               "start from `allocate_calls` and look at `score_plan` for each rule.",
         "zh": "笔记本 03（医药）第 3 节“Allocating the reps”："
               "从 `allocate_calls`开始，逐个规则看 `score_plan` 的结果。"},
        {"en": "Calls earn most where a doctor could use a lot and still responds: the decile "
               "rule on potential is a good start.",
         "zh": "拜访在医生潜在用量大且仍有反应的地方回报最高：按潜力十分位的规则是个好的起点。"},
    ],
    solution=("my_plan = allocate_calls(doc, customer='doctor_id', capacity=capacity,\n"
              "                         rule='decile', value='potential_value')"),
    near_misses=[
        NearMiss({"en": "Your plan leaves more than 10% of the capacity unused: calls not made "
                        "earn nothing.",
                  "zh": "你的计划有超过 10% 的拜访能力未被使用：没做的拜访不会带来任何收益。"},
                 test=_unused),
        NearMiss({"en": "That is (about) the equal plan: every doctor gets the same calls, so "
                        "the calls do not follow potential or response. Start from a rule that "
                        "ranks doctors (decile, matrix) or the optimiser.",
                  "zh": "这（基本上）是平均计划：每位医生拜访次数相同，拜访没有跟随价值或反应。"
                        "请从对医生排序的规则（十分位、矩阵）或优化器开始。"},
                 test=lambda a, ctx: _is_equal_plan(a, ctx)),
    ],
)

q4 = Question(
    "q4",
    prompt={
        "en": "Put the five stages of the loop in order, as a list of letters: (a) strategy "
              "策略制定, (b) evaluation 效果评估, (c) current state 现状分析, (d) action plan "
              "行动计划, (e) goal setting 目标设定.",
        "zh": "按顺序排列闭环的五个阶段，以字母列表给出：(a) 策略制定；(b) 效果评估；(c) 现状分析；"
              "(d) 行动计划；(e) 目标设定。",
    },
    expected=lambda ctx: ["c", "e", "a", "d", "b"],
    answer=CollectionAnswer(ordered=True),
    hints=[
        {"en": "Notebook 00, section 4 'The four questions and the five stages': "
               "在哪里 → 去哪里 / 差哪里 → 怎么去 → did it work?",
         "zh": "笔记本 00 第 4 节“The four questions and the five stages”："
               "在哪里 → 去哪里 / 差哪里 → 怎么去 → 效果如何？"},
        {"en": "It starts with current state and ends with evaluation.",
         "zh": "从现状分析开始，以效果评估结束。"},
    ],
    solution='order = ["c", "e", "a", "d", "b"]',
    near_misses=[
        NearMiss({"en": "Strategy comes before the action plan: first how (the rules), then who "
                        "does what by when.",
                  "zh": "策略在行动计划之前：先定“怎么做”（规则），再定谁在何时做什么。"},
                 variant=lambda ctx: ["c", "e", "d", "a", "b"]),
        NearMiss({"en": "Goals come after the current state: you need to know where you are "
                        "before you say where to go.",
                  "zh": "目标设定在现状分析之后：先知道在哪里，才能说去哪里。"},
                 variant=lambda ctx: ["e", "c", "a", "d", "b"]),
    ],
)

q5 = Question(
    "q5",
    prompt={
        "en": "Tiering moves calls away from D doctors, whose patients still need information. "
              "What is the best answer to this fairness concern? (a) give every doctor the same "
              "calls, (b) keep D doctors served at lower cost (phone, online, events), so no "
              "doctor is abandoned, (c) stop contacting D doctors, (d) nothing: efficiency "
              "comes first.",
        "zh": "分级把拜访从 D 类医生身上移走，但他们的病人仍需要信息。应对这一公平性问题的最佳做法是什么？"
              "(a) 给每位医生相同的拜访；(b) 以更低成本（电话、线上、会议）继续服务 D 类医生，不放弃任何医生；"
              "(c) 停止联系 D 类医生；(d) 什么都不做：效率优先。",
    },
    expected=lambda ctx: "b",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "Equal calls are 'fair' but waste scarce field time (see the equal plan's "
                    "score in notebook 03).",
              "zh": "平均拜访看似“公平”，却浪费了稀缺的现场时间（见第 03 课平均计划的得分）。"},
        "c": {"en": "Dropping them harms patients and the company's reputation; a lower-cost "
                    "channel keeps the relationship.",
              "zh": "放弃他们会伤害病人和公司声誉；低成本渠道能维持关系。"},
        "d": {"en": "The seeds list efficiency vs fairness as a known limit of tiering: it needs "
                    "an answer.",
              "zh": "种子资料把效率与公平的矛盾列为分级的已知局限：需要给出应对。"},
    }),
    hints=[
        {"en": "Notebook 03 pharma, section 4 'Efficiency vs fairness': "
               "look at the service models: every tier has a contact mode.",
         "zh": "笔记本 03（医药）第 4 节“Efficiency vs fairness”："
               "看看服务模式：每个层级都有联系方式。"},
        {"en": "Differentiate the channel, not the care.", "zh": "区分的是渠道，而不是关怀。"},
    ],
    solution='choice = "b"',
)

EXERCISE = Exercise(
    "06_capstone_pharma", [q1, q2, q3, q4, q5],
    title={"en": "06 · Capstone: the whole loop — pharma exercises",
           "zh": "06 · 综合练习：完整闭环 — 医药练习"},
    prepare=check_pharma, default_data=default_pharma,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q6", at="b",
        stem={"en": "Your company's export has hospital, month, product, units and value, and "
                    "no doctor column. Which tiering can you build from it?",
              "zh": "公司导出的数据有医院、月份、产品、数量和金额，没有医生列。用它能做哪种分级？"},
        right={"en": "hospitals, by flow sales and trend; doctors need the survey and the CRM",
               "zh": "医院：按流向及趋势；医生要靠调研和 CRM"},
        wrong=[
            ({"en": "an ABC of doctors on this file",
              "zh": "用这个文件做医生的 ABC 分级"},
             {"en": "The file has no doctors; doctor-level sales are not available (no 统方).",
              "zh": "文件里没有医生；医生层面的销售数据是拿不到的（不能统方）。"}),
            ({"en": "doctors, after splitting each hospital's value equally among the doctors who "
                    "work in the department",
              "zh": "把每家医院的金额平均分给科室里的医生后，对医生分级"},
             {"en": "An equal split invents doctor numbers and puts every doctor of a hospital "
                    "in the same tier.",
              "zh": "平均分摊等于编造医生数据，并把同一医院的医生都放进同一级别。"}),
            ({"en": "none: without doctors there is no tiering",
              "zh": "都做不了：没有医生就无法分级"},
             {"en": "Hospitals are customers too, and flow sales are exactly what tiers them.",
              "zh": "医院也是客户，而流向销售正是给医院分级的依据。"}),
        ],
        hint={"en": "Notebook 01 pharma, section 1 'The territory and what we can see': "
                    "what is the customer in each row of the file?",
              "zh": "笔记本 01（医药）第 1 节“The territory and what we can see”："
                    "文件每一行的客户是谁？"},
        explanation={"en": "Tier at the level the data is measured; bring the doctor view from "
                           "the survey and the CRM.",
                     "zh": "在数据测量的层面上分级；医生视角来自调研和 CRM。"}),
    judgement(
        "q7", at="c",
        stem={"en": "A senior KAM says: \"We always knew who our A hospitals are; we don't need "
                    "this.\" What is the best answer in the presentation?",
              "zh": "一位资深 KAM 说：“我们一直都知道哪些是 A 类医院，不需要这个。”汇报时最好的回答是什么？"},
        right={"en": "compare his list with the data's tiers and discuss where they differ",
               "zh": "把他的名单与数据分级对比，讨论不一致之处"},
        wrong=[
            ({"en": "agree and stop: experience beats data",
              "zh": "同意并停止：经验胜过数据"},
             {"en": "Experience is evidence too, but it cannot see a hospital nobody has "
                    "visited.",
              "zh": "经验也是证据，但它看不见没人去过的医院。"}),
            ({"en": "tell him the data is always right and his list reflects old habits and "
                    "personal relationships",
              "zh": "告诉他数据永远是对的，他的名单反映的是老习惯和私人关系"},
             {"en": "Data has gaps (potential is a survey, stages are rep-recorded); arguing "
                    "this way loses the room.",
              "zh": "数据也有缺口（潜力来自调研，阶段由代表记录）；这样争论会失去听众。"}),
            ({"en": "tiering is for head office, not for KAMs",
              "zh": "分级是总部的事，与 KAM 无关"},
             {"en": "KAMs carry out the plan; without them the tiers stay on paper.",
              "zh": "KAM 是计划的执行者；没有他们，分级只停留在纸上。"}),
        ],
        hint={"en": "Notebook 01 pharma, section 4 'Grade is not the tier: potential × share': "
                    "where does the analysis add something to what he knows?",
              "zh": "笔记本 01（医药）第 4 节“Grade is not the tier: potential × share”："
                    "分析在他已知的基础上增加了什么？"},
        explanation={"en": "Use the disagreements: they are the new information.",
                     "zh": "利用分歧：分歧就是新信息。"}),
    judgement(
        "q8", at="a",
        stem={"en": "Which opening slide fits a regional director best?",
              "zh": "哪一张开场幻灯片最适合大区总监？"},
        right={"en": "the decision, its expected gain against doing nothing, and how it is "
                     "measured",
               "zh": "决策、相对不采取行动的预期收益，以及如何衡量"},
        wrong=[
            ({"en": "the method: how the clustering, the response curves and the optimiser work",
              "zh": "方法：聚类、响应曲线和优化器是怎么工作的"},
             {"en": "A director decides on results; the method belongs in the backup.",
              "zh": "总监根据结果做决定；方法放在附录里。"}),
            ({"en": "a table of every doctor with his tier",
              "zh": "一张列出每位医生及其级别的表格"},
             {"en": "Hundreds of rows hide the decision; give the sizes and the moves.",
              "zh": "几百行数据会淹没决策；给出规模和调整即可。"}),
            ({"en": "the number of calls the team made last year",
              "zh": "团队去年的拜访次数"},
             {"en": "Activity is not the story; 拜访量 is not 业绩.",
              "zh": "活动不是重点；拜访量不等于业绩。"}),
        ],
        hint={"en": "Notebook 06, section 5 'Evaluation': "
                    "what does the director have to decide?",
              "zh": "笔记本 06 第 5 节“Evaluation”："
                    "总监要决定什么？"},
        explanation={"en": "Lead with the decision, the gain and the measurement; method "
                           "second.",
                     "zh": "先讲决策、收益和衡量方法，再讲方法。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
