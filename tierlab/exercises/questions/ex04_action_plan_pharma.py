"""Exercises for ``04_action_plan_pharma``: a concrete plan per doctor (行动计划).

Accompanies ``notebooks/04_action_plan_pharma.ipynb``: the decile call plan of
notebook 03 turned into each rep's workload, a check against each rep's
capacity and against listing (准入), an action plan with owners and due dates,
and what makes an action concrete.

The notebook starts from ``doc`` (doctors with their potential x adoption tier,
:func:`~tierlab.exercises.questions.ex02_goals_and_gaps_pharma.tiered_doctors`)
and ``plan``, the decile call plan on potential (:func:`decile_plan`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab.actions import action_plan
from tierlab.datasets import World
from tierlab.exercises._compare import (
    ChoiceAnswer,
    CollectionAnswer,
    FrameAnswer,
    NumberAnswer,
    SeriesAnswer,
)
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._pharma import check_pharma, default_pharma
from tierlab.exercises.questions.ex02_goals_and_gaps_pharma import tiered_doctors
from tierlab.strategy import allocate_calls

__all__ = ["DUE_DAYS", "EXERCISE", "decile_plan", "next_month"]

#: Days from the plan start to the due date, per tier (question 4).
DUE_DAYS = {"A": 30, "B": 60, "C": 90, "D": 90}
_DOCTOR = {"en": "doctor", "zh": "医生"}
_REP = {"en": "rep", "zh": "代表"}


def decile_plan(world: World, doc: pd.DataFrame | None = None) -> pd.DataFrame:
    """The call plan the notebook starts from: full capacity by volume decile of potential."""
    doc = tiered_doctors(world) if doc is None else doc
    capacity = int(world["reps"]["monthly_call_capacity"].sum())
    return allocate_calls(doc, customer="doctor_id", capacity=capacity, rule="decile",
                          value="potential_value")


def next_month(world: World) -> pd.Timestamp:
    """The first month after the flow history: when the plan starts."""
    return world["flow"]["month"].max() + pd.DateOffset(months=1)


def _doc(ctx) -> pd.DataFrame:
    return ctx.cached("doc", lambda: tiered_doctors(ctx.data))


def _plan(ctx) -> pd.DataFrame:
    return ctx.cached("plan", lambda: decile_plan(ctx.data, _doc(ctx)))


def _load(ctx, *, by="rep_id", count=False) -> pd.Series:
    p = _plan(ctx).merge(_doc(ctx)[["doctor_id", "rep_id", "territory_id"]], on="doctor_id")
    g = p.groupby(by)["calls"]
    return (g.size() if count else g.sum()).rename("calls")


def _over(ctx, *, under=False) -> list:
    load = _load(ctx)
    cap = ctx.reps.set_index("rep_id")["monthly_call_capacity"].reindex(load.index)
    return load.index[(load < cap) if under else (load > cap)].tolist()


def _over_or_at(ctx) -> list:
    load = _load(ctx)
    cap = ctx.reps.set_index("rep_id")["monthly_call_capacity"].reindex(load.index)
    return load.index[load >= cap].tolist()


def _unlisted_calls(ctx, *, listed=False, count=False) -> float:
    p = _plan(ctx).merge(_doc(ctx)[["doctor_id", "listed"]], on="doctor_id")
    sel = p[p["listed"] == listed]
    return float(len(sel) if count else sel["calls"].sum())


def _actions(ctx, *, owner="rep_id", due=None) -> pd.DataFrame:
    return action_plan(_doc(ctx), customer="doctor_id", owner=owner,
                       start=next_month(ctx.data), due_days=DUE_DAYS if due is None else due)


q1 = Question(
    "q1",
    prompt={
        "en": "How many calls a month does `plan` give each rep? A Series indexed by rep_id "
              "(each doctor's rep is in `doc['rep_id']`).",
        "zh": "`plan` 给每位代表安排了每月多少次拜访？以 rep_id 为索引的 Series"
              "（每位医生的代表在 `doc['rep_id']` 中）。",
    },
    expected=_load,
    answer=SeriesAnswer(entity=_REP),
    hints=[
        {"en": "Notebook 04 pharma, section 3 'Check each rep': "
               "bring the rep next to each doctor's calls: "
               "`plan.merge(doc[['doctor_id', 'rep_id']], on='doctor_id')`.",
         "zh": "笔记本 04（医药）第 3 节“Check each rep”："
               "把代表和每位医生的拜访放在一起：`plan.merge(doc[['doctor_id', 'rep_id']], on='doctor_id')`。"},
        {"en": "Then `.groupby('rep_id')['calls'].sum()`.", "zh": "然后 `.groupby('rep_id')['calls'].sum()`。"},
    ],
    solution=("by_rep = plan.merge(doc[['doctor_id', 'rep_id']], on='doctor_id')\n"
              "load = by_rep.groupby('rep_id')['calls'].sum()"),
    near_misses=[
        NearMiss({"en": "That counts each rep's doctors; the question asks for their calls: "
                        "`.sum()` of calls, not `.size()`.",
                  "zh": "这是每位代表的医生人数；题目问的是拜访次数：应对 calls 求 `.sum()`，而不是 `.size()`。"},
                 variant=lambda ctx: _load(ctx, count=True)),
        NearMiss({"en": "That is per territory; the question asks per rep (group by `rep_id`).",
                  "zh": "这是按区域汇总的；题目要求按代表汇总（按 `rep_id` 分组）。"},
                 variant=lambda ctx: _load(ctx, by="territory_id")),
        NearMiss({"en": "Your Series is indexed by doctor: group the doctors' calls by their "
                        "rep (`groupby('rep_id')`).",
                  "zh": "你的 Series 以医生为索引：请按代表分组汇总医生的拜访（`groupby('rep_id')`）。"},
                 test=lambda a, ctx: isinstance(a, pd.Series) and len(
                     pd.Index(a.index).intersection(ctx.doctors["doctor_id"])) > 0),
    ],
)

q2 = Question(
    "q2",
    prompt={
        "en": "The plan was made for the whole team, but each rep has their own "
              "`monthly_call_capacity`. Which reps are planned MORE calls than their capacity? "
              "Give a list of rep_ids (empty list if none).",
        "zh": "计划是按整个团队制定的，但每位代表有自己的 `monthly_call_capacity`。"
              "哪些代表被安排的拜访超过了自己的能力？给出 rep_id 列表（没有则给空列表）。",
    },
    expected=_over,
    answer=CollectionAnswer(),
    hints=[
        {"en": "Notebook 04 pharma, section 3 'Check each rep': "
               "line up `load` (q1) with `world.reps.set_index('rep_id')['monthly_call_capacity']`.",
         "zh": "笔记本 04（医药）第 3 节“Check each rep”："
               "把 `load`（第 1 题）与 `world.reps.set_index('rep_id')['monthly_call_capacity']` 对齐。"},
        {"en": "`load.index[load > cap].tolist()`.", "zh": "`load.index[load > cap].tolist()`。"},
    ],
    solution=("cap = world.reps.set_index('rep_id')['monthly_call_capacity']\n"
              "over = load.index[load > cap.reindex(load.index)].tolist()"),
    near_misses=[
        NearMiss({"en": "Those reps have calls to SPARE (load below capacity); the question asks "
                        "for the overloaded ones.",
                  "zh": "这些代表还有富余（计划低于能力）；题目问的是超负荷的代表。"},
                 variant=lambda ctx: _over(ctx, under=True)),
        NearMiss({"en": "Your list also has reps planned EXACTLY at capacity: over means more "
                        "than (`>`), not at least (`>=`).",
                  "zh": "你的列表里还包括正好达到能力上限的代表：超过是 `>`，不是 `>=`。"},
                 variant=lambda ctx: _over_or_at(ctx)),
        NearMiss({"en": "Give the rep ids (e.g. 'R001'), not their numbers of calls.",
                  "zh": "请给出代表编号（例如 'R001'），而不是拜访次数。"},
                 test=lambda a, ctx: len(a) > 0 and all(
                     isinstance(x, (int, float, np.integer, np.floating)) for x in a)),
    ],
    explanation={"en": "A company-wide allocation must be checked rep by rep: move calls "
                       "between reps of a territory, or change the plan.",
                 "zh": "全公司层面的分配必须逐个代表核对：在区域内调配拜访，或调整计划。"},
)

q3 = Question(
    "q3",
    prompt={
        "en": "Listing (准入) first: a doctor whose hospital has not listed our product cannot "
              "prescribe it (`doc['listed'] == False`). How many of the planned calls a month go "
              "to such doctors? (one number)",
        "zh": "先看准入：医院尚未准入我们产品的医生无法开处方（`doc['listed'] == False`）。"
              "计划中每月有多少次拜访给了这样的医生？（一个数字）",
    },
    expected=_unlisted_calls,
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "Notebook 01 pharma, section 10 'The majority fallacy': "
               "merge `plan` with `doc[['doctor_id', 'listed']]`.",
         "zh": "笔记本 01（医药）第 10 节“The majority fallacy”："
               "把 `plan` 与 `doc[['doctor_id', 'listed']]` 合并。"},
        {"en": "Keep the rows with `listed == False` and add up `calls`.",
         "zh": "保留 `listed == False` 的行，对 `calls` 求和。"},
    ],
    solution=("pl = plan.merge(doc[['doctor_id', 'listed']], on='doctor_id')\n"
              "unlisted_calls = pl.loc[~pl['listed'], 'calls'].sum()"),
    near_misses=[
        NearMiss({"en": "That counts the doctors, not the calls.",
                  "zh": "这是医生人数，而不是拜访次数。"},
                 variant=lambda ctx: _unlisted_calls(ctx, count=True)),
        NearMiss({"en": "Those are the calls to doctors WITH listing; the question asks for the "
                        "unlisted ones.",
                  "zh": "这是给已准入医生的拜访；题目问的是未准入的。"},
                 variant=lambda ctx: _unlisted_calls(ctx, listed=True)),
    ],
    explanation={"en": "Those calls are better spent on the hospital's listing work (KAM, "
                       "pharmacy committee) until the product is listed.",
                 "zh": "在产品准入之前，这些拜访更应投入到医院准入工作（重点客户经理、药事委员会）上。"},
)

q4 = Question(
    "q4",
    prompt={
        "en": "Make the action plan: `action_plan(doc, customer='doctor_id', owner='rep_id', "
              "start=start, due_days=DUE_DAYS)` with `start` the month after the flow history "
              "(given) and DUE_DAYS = {'A': 30, 'B': 60, 'C': 90, 'D': 90}. Give the resulting DataFrame.",
        "zh": "制定行动计划：`action_plan(doc, customer='doctor_id', owner='rep_id', start=start, "
              "due_days=DUE_DAYS)`，其中 `start` 是流向历史之后的第一个月（已给出），"
              "DUE_DAYS = {'A': 30, 'B': 60, 'C': 90, 'D': 90}。给出结果 DataFrame。",
    },
    expected=_actions,
    answer=FrameAnswer(key="doctor_id", columns=["owner", "due_date", "calls_per_month"],
                       entity=_DOCTOR),
    hints=[
        {"en": "Notebook 04 pharma, section 2 'One row per doctor: action, owner, due date, KPI': "
               "`owner='rep_id'` makes each doctor's rep the owner; without it the owner is a "
               "role.",
         "zh": "笔记本 04（医药）第 2 节“One row per doctor: action, owner, due date, KPI”："
               "`owner='rep_id'` 让每位医生的代表成为负责人；不写的话负责人只是一个角色。"},
        {"en": "Pass `due_days=DUE_DAYS` so each tier gets its own deadline.",
         "zh": "传入 `due_days=DUE_DAYS`，让每个层级有各自的截止日期。"},
    ],
    solution=("actions = action_plan(doc, customer='doctor_id', owner='rep_id', start=start,\n"
              "                      due_days=DUE_DAYS)"),
    near_misses=[
        NearMiss({"en": "Your owners are roles, not people: pass owner='rep_id'.",
                  "zh": "你的负责人是角色而不是具体的人：请传入 owner='rep_id'。"},
                 variant=lambda ctx: _actions(ctx, owner=None)),
        NearMiss({"en": "Every tier has the same due date: pass due_days=DUE_DAYS.",
                  "zh": "所有层级的截止日期相同：请传入 due_days=DUE_DAYS。"},
                 variant=lambda ctx: _actions(ctx, due=30)),
    ],
)

q5 = Question(
    "q5",
    prompt={
        "en": "Which line is a complete action-plan entry? (a) 'See Dr. Wang more often.', "
              "(b) 'Dr. Wang (D00012), tier A: 4 calls a month by rep R003, quarterly business "
              "review by 31 March; KPI: adoption stage from trial to regular use by June.', (c) 'Grow the A tier by "
              "10% this year.', (d) 'Focus on key customers.'",
        "zh": "哪一条是完整的行动计划条目？(a)“多去看看王医生。”；(b)“王医生（D00012），A 类："
              "代表 R003 每月拜访 4 次，3 月 31 日前完成季度业务回顾；KPI：数量对比目标（每季度 120）。”；"
              "(c)“今年 A 类增长 10%。”；(d)“聚焦重点客户。”",
    },
    expected=lambda ctx: "b",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "No owner, no number, no date, no KPI: nobody can check it.",
              "zh": "没有负责人、没有数字、没有日期、没有 KPI：无法检查。"},
        "c": {"en": "That is a goal for a tier (notebook 02), not an action for a customer.",
              "zh": "这是层级目标（第 02 课），而不是针对客户的行动。"},
        "d": {"en": "That is a strategy slogan, not an action.",
              "zh": "这是策略口号，不是行动。"},
    }),
    hints=[
        {"en": "Notebook 04 pharma, section 2 'One row per doctor: action, owner, due date, KPI': "
               "an action plan says who does what, for whom, by when, and how we measure it.",
         "zh": "笔记本 04（医药）第 2 节“One row per doctor: action, owner, due date, KPI”："
               "行动计划要说明：谁、做什么、对谁、何时完成、如何衡量。"},
        {"en": "Look at the columns of `actions`.", "zh": "看看 `actions` 的各列。"},
    ],
    solution='choice = "b"',
)

EXERCISE = Exercise(
    "04_action_plan_pharma", [q1, q2, q3, q4, q5],
    title={"en": "04 · Action plan (行动计划) — pharma exercises", "zh": "04 · 行动计划 — 医药练习"},
    prepare=check_pharma, default_data=default_pharma,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q6", at="d",
        stem={"en": "A rep reached 120% of her call target, but flow sales in her hospitals "
                    "fell. Her manager says: \"She did her job.\" What do you check first?",
              "zh": "一位代表完成了拜访指标的 120%，但她负责医院的流向销售下降了。她的经理说："
                    "“她完成了工作。”你首先核查什么？"},
        right={"en": "whether her calls went to the plan's priority doctors and their stages moved",
               "zh": "她的拜访是否给了计划中的重点医生，他们的阶段是否推进"},
        wrong=[
            ({"en": "nothing: the call target is the performance measure",
              "zh": "什么都不用查：拜访指标就是业绩考核"},
             {"en": "拜访量 is not 业绩: calls can be made to easy, friendly doctors while the "
                    "business is lost elsewhere.",
              "zh": "拜访量不等于业绩：拜访可以都给了好见、友好的医生，而生意却在别处丢了。"}),
            ({"en": "raise her call target so that sales follow",
              "zh": "提高她的拜访指标，让销售跟上来"},
             {"en": "More of the same calls repeats the problem; the question is where the "
                    "calls go.",
              "zh": "更多同样的拜访只会重复问题；关键是拜访用在哪里。"}),
            ({"en": "the market: flow sales fell, so the hospitals' market must have shrunk or a "
                    "competitor cut prices",
              "zh": "市场：流向下降了，一定是医院市场萎缩了，或者竞争对手降价了"},
             {"en": "Possible, but it is the last explanation to reach for, not the first "
                    "check; compare with similar hospitals first.",
              "zh": "有可能，但这应是最后才考虑的解释，而不是首先核查的；先和类似的医院比较。"}),
        ],
        hint={"en": "Notebook 04 pharma, section 2 'One row per doctor: action, owner, due date, KPI': "
                    "is a call a result or an effort?",
              "zh": "笔记本 04（医药）第 2 节“One row per doctor: action, owner, due date, KPI”："
                    "拜访是结果还是投入？"},
        explanation={"en": "Measure the plan on what the calls are meant to change (stage, "
                           "hospital flow sales), with the call count as a check on effort.",
                     "zh": "按拜访要改变的东西（观念阶段、医院流向）评估计划，拜访次数只用来核查投入。"}),
    judgement(
        "q7", at="a",
        stem={"en": "Which row of an action plan is complete?",
              "zh": "行动计划中哪一行是完整的？"},
        right={"en": "Dr Wang · two calls a month with new data · rep Li · 31 May · KPI: 试用 by Q2",
               "zh": "王医生 · 每月两次拜访介绍新数据 · 代表李 · 5 月 31 日 · KPI：二季度末“试用”"},
        wrong=[
            ({"en": "all tier A doctors · visit more often",
              "zh": "所有 A 级医生 · 多拜访"},
             {"en": "No customer, no owner, no date, no KPI: nobody can check it.",
              "zh": "没有具体客户、负责人、日期和 KPI：没人能核查。"}),
            ({"en": "hospital X · grow flow sales by 15% this year · owner: the KAM for the region",
              "zh": "X 医院 · 今年流向增长 15% · 负责人：大区 KAM"},
             {"en": "That is a goal; an action row says who does what by when.",
              "zh": "这是目标；行动行要写明谁在什么时候做什么。"}),
            ({"en": "rep Li · 60 calls in May",
              "zh": "代表李 · 5 月拜访 60 次"},
             {"en": "An activity quota without customers or a result.",
              "zh": "只是活动配额，没有客户，也没有结果。"}),
        ],
        hint={"en": "Notebook 04 pharma, section 2 'One row per doctor: action, owner, due date, KPI': "
                    "customer, action, owner, due date, KPI.",
              "zh": "笔记本 04（医药）第 2 节“One row per doctor: action, owner, due date, KPI”："
                    "客户、行动、负责人、截止日期、KPI。"},
        explanation={"en": "One row per customer with an owner, a date and a KPI turns a "
                           "strategy into work someone can check.",
                     "zh": "每个客户一行，有负责人、日期和 KPI，策略才变成可核查的工作。"}),
    judgement(
        "q8", at="b",
        stem={"en": "The plan gives one rep 180 calls a month; her capacity is 120. What do "
                    "you do?",
              "zh": "计划给一位代表每月 180 次拜访，而她的能力是 120 次。你怎么做？"},
        right={"en": "re-plan within capacity, priority doctors first, and write it down",
               "zh": "在能力范围内重新规划，先保重点医生，并写进计划"},
        wrong=[
            ({"en": "keep the plan: she will have to work harder, and the best reps always find "
                    "the time",
              "zh": "保持计划不变：她得更努力，最好的代表总能挤出时间"},
             {"en": "A plan above capacity is not done; the rep will choose what to drop, "
                    "usually the hard calls.",
              "zh": "超出能力的计划完不成；代表会自己选择放弃哪些，通常是难的拜访。"}),
            ({"en": "cut every doctor's calls by a third",
              "zh": "每位医生的拜访都砍掉三分之一"},
             {"en": "An even cut hits the priority doctors as hard as the rest.",
              "zh": "平均削减对重点医生的打击和对其他人一样大。"}),
            ({"en": "drop the lowest tier from the plan without telling anyone",
              "zh": "悄悄把最低一级从计划里删掉"},
             {"en": "Every tier keeps a basic service, and a silent change cannot be reviewed.",
              "zh": "每个级别都保留基础服务，而悄悄的改动无法复核。"}),
        ],
        hint={"en": "Notebook 04 pharma, section 3 'Check each rep': "
                    "who loses calls first when capacity is short?",
              "zh": "笔记本 04（医药）第 3 节“Check each rep”："
                    "能力不够时，谁的拜访应该先减？"},
        explanation={"en": "Check the workload before the plan goes out; trade-offs are "
                           "decided by the tiers, not by the rep's diary.",
                     "zh": "计划下发前先核对工作量；取舍由分级决定，而不是由代表的日程决定。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
