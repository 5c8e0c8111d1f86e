"""Exercises for ``03_strategy_pharma``: how do we get there (策略制定, 怎么去)?

Accompanies ``notebooks/03_strategy_pharma.ipynb``: the call capacity, MVC / STC /
BZ on estimated profit and headroom, allocating calls by a rule, the rules
compared on response curves estimated per account (hospital x product) from
flow data, the optimiser's account plan split to doctors, and a service model
per tier. Observable data only: the hidden truth waits for notebook 05.

The notebook starts from ``doctors`` =
:func:`~tierlab.exercises.questions.ex02_goals_and_gaps_pharma.tiered_doctors`
(``tl.doctor_profile(world)`` with the potential x adoption ``tier``).
"""

from __future__ import annotations

import pandas as pd

from tierlab.cases.pharma.tables import pharma_panel, pharma_value_tiers, split_account_calls
from tierlab.exercises._compare import (
    ChoiceAnswer,
    FrameAnswer,
    NumberAnswer,
    ValueAnswer,
)
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._pharma import (
    COST_PER_CALL,
    MARGIN,
    check_pharma,
    default_pharma,
    last_months,
)
from tierlab.exercises.questions.ex02_goals_and_gaps_pharma import tiered_doctors
from tierlab.matrix import mvc_stc_bz
from tierlab.strategy import (
    allocate_calls,
    estimate_response,
    optimise_allocation,
    predict_response,
    service_plan,
)

__all__ = ["EXERCISE", "predicted_sales", "rule_plans"]

_DOCTOR = {"en": "doctor", "zh": "医生"}


def _doc(ctx) -> pd.DataFrame:
    return ctx.cached("doc", lambda: tiered_doctors(ctx.data))


def _capacity(ctx, *, how="sum") -> float:
    cap = ctx.reps["monthly_call_capacity"]
    return float(cap.mean() if how == "mean" else cap.sum())


def _curves(ctx) -> pd.DataFrame:
    return ctx.cached("curves", lambda: estimate_response(
        pharma_panel(ctx.data), customer="account_id", keep="unit_price"))


def _mvc(ctx, *, actual="profit", strategic="headroom", swap=False,
         stc_max_share=0.5) -> pd.DataFrame:
    """MVC / STC / BZ as notebook 01 computes them (``pharma_value_tiers``).

    The keywords recompute common mistakes: estimated sales as the actual
    value, the potential minus estimated sales as the headroom, no STC share
    cap, swapped axes.
    """
    doc = _doc(ctx)
    if (actual, strategic, swap, stc_max_share) == ("profit", "headroom", False, 0.5):
        return pharma_value_tiers(doc, margin=MARGIN, cost_per_call=COST_PER_CALL)
    doc = doc.assign(profit=MARGIN * doc["est_value"] - COST_PER_CALL * doc["calls"],
                     headroom=doc["potential_value_window"] * (1 - doc["est_share"]),
                     window_headroom=(doc["potential_value_window"] - doc["est_value"]).clip(
                         lower=0))
    if swap:
        actual, strategic = strategic, actual
    return mvc_stc_bz(doc, customer="doctor_id", actual_value=actual,
                      strategic_value=strategic, share_of_wallet="est_share",
                      stc_max_share=stc_max_share)


def _calls(ctx, *, rule="decile", value="potential_value") -> pd.DataFrame:
    doc, cap = _doc(ctx), int(_capacity(ctx))
    if rule == "equal":
        return allocate_calls(doc, customer="doctor_id", capacity=cap)
    return allocate_calls(doc, customer="doctor_id", capacity=cap, rule="decile", value=value)


def rule_plans(doc: pd.DataFrame, capacity: int) -> dict[str, pd.DataFrame]:
    """The three rule-based call plans of question 4: equal, decile (potential), tier."""
    return {
        "equal": allocate_calls(doc, customer="doctor_id", capacity=capacity),
        "decile": allocate_calls(doc, customer="doctor_id", capacity=capacity, rule="decile",
                                 value="potential_value"),
        "tier": allocate_calls(doc, customer="doctor_id", capacity=capacity, rule="tier",
                               tier="tier"),
    }


def predicted_sales(plan: pd.DataFrame, doctors: pd.DataFrame, curves: pd.DataFrame) -> float:
    """A doctor plan's predicted monthly flow sales (yuan) on account-level response curves.

    The plan's calls are added up per account (``doctors``' ``account_id``) and
    predicted with :func:`tierlab.strategy.predict_response`, valued at the
    curves' ``unit_price``.
    """
    per_account = plan[["doctor_id", "calls"]].merge(
        doctors[["doctor_id", "account_id"]], on="doctor_id").groupby(
        "account_id", as_index=False)["calls"].sum()
    units = predict_response(curves, per_account, customer="account_id")
    return float((units * curves["unit_price"]).sum())


def _best_rule(ctx, *, worst=False) -> str:
    def scores():
        plans = rule_plans(_doc(ctx), int(_capacity(ctx)))
        return {k: predicted_sales(p, _doc(ctx), _curves(ctx)) for k, p in plans.items()}
    s = ctx.cached("rule_predictions", scores)
    return min(s, key=s.get) if worst else max(s, key=s.get)


def _optimised(ctx) -> pd.DataFrame:
    def compute():
        acc = optimise_allocation(_curves(ctx), capacity=int(_capacity(ctx)),
                                  customer="account_id", value_per_unit="unit_price")
        return acc, split_account_calls(acc, _doc(ctx), weight="potential_value")
    return ctx.cached("optimised", compute)


def _uncalled(ctx, *, level="doctors", called=False) -> int:
    acc, doc_plan = _optimised(ctx)
    plan = acc if level == "accounts" else doc_plan
    return int((plan["calls"] > 0).sum() if called else (plan["calls"] == 0).sum())


def _service_calls(ctx, *, tiers=None, count=False, column="calls_per_month_model") -> float:
    """Calls a month the default service models ask for.

    ``doctors`` already has ``calls_per_month`` (today's calls), so
    ``service_plan`` names the model's column ``calls_per_month_model``.
    """
    plan = service_plan(_doc(ctx), customer="doctor_id")
    if tiers is not None:
        plan = plan[plan["tier"].isin(tiers)]
    return float(len(plan) if count else plan[column].sum())


q1 = Question(
    "q1",
    prompt={
        "en": "How many calls a month can the whole rep team make? (the sum of the reps' "
              "`monthly_call_capacity`)",
        "zh": "整个医药代表团队每月最多能做多少次拜访？（各代表 `monthly_call_capacity` 之和）",
    },
    expected=_capacity,
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "Notebook 03 pharma, section 2 'A service model per tier': "
               "the capacity is in `world.reps`.", "zh": "笔记本 03（医药）第 2 节“A service model per tier”："
                                                         "拜访能力在 `world.reps` 中。"},
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
        "en": "Split the doctors into MVC / STC / BZ / Other as notebook 01 does: "
              "`tl.pharma_value_tiers(doctors, margin=0.7, cost_per_call=60)`. Actual value = "
              "estimated profit `0.7 * est_value - 60 * calls`, strategic value = headroom "
              "`potential_value_window * (1 - est_share)` (the potential we do not yet have), and "
              "a doctor where we already hold more than half is not an STC. Give the result "
              "(doctor_id, tier).",
        "zh": "像笔记本 01 一样把医生分为 MVC / STC / BZ / Other："
              "`tl.pharma_value_tiers(doctors, margin=0.7, cost_per_call=60)`。实际价值 = 估计利润 "
              "`0.7 * est_value - 60 * calls`，战略价值 = 增长空间 "
              "`potential_value_window * (1 - est_share)`（我们尚未拿到的潜力），我们份额已超过一半的医生"
              "不算 STC。给出结果（doctor_id、tier）。",
    },
    expected=_mvc,
    answer=FrameAnswer(key="doctor_id", columns=["tier"], entity=_DOCTOR),
    builds_on="notebooks/01_current_state_pharma.ipynb#82a66194:mvc",
    correct={"en": "every doctor's MVC / STC / BZ / Other group, on estimated profit and "
                   "headroom",
             "zh": "每位医生的 MVC / STC / BZ / Other 分组（基于估计利润和增长空间）"},
    hints=[
        {"en": "Notebook 01 pharma, section 8 'MVC / STC / BZ on estimated profit': "
               "reuse the cell that calls `tl.pharma_value_tiers`.",
         "zh": "笔记本 01（医药）第 8 节“MVC / STC / BZ on estimated profit”："
               "复用调用 `tl.pharma_value_tiers` 的单元格。"},
        {"en": "`mvc = tl.pharma_value_tiers(doctors, margin=0.7, cost_per_call=60)`.",
         "zh": "`mvc = tl.pharma_value_tiers(doctors, margin=0.7, cost_per_call=60)`。"},
    ],
    solution="mvc = tl.pharma_value_tiers(doctors, margin=0.7, cost_per_call=60)",
    near_misses=[
        NearMiss({"en": "Your actual value is estimated sales (`est_value`). The course ranks "
                        "by PROFIT: sales minus the cost of the calls, so that a doctor who "
                        "costs more than he brings can fall into BZ.",
                  "zh": "你的实际价值用了估计销售额（`est_value`）。课程按利润排序：销售额减去拜访成本，"
                        "这样成本高于贡献的医生才会落入 BZ。"},
                 variant=lambda ctx: _mvc(ctx, actual="est_value")),
        NearMiss({"en": "Your strategic value is the potential minus our estimated sales. The "
                        "headroom is the potential we do not have yet: "
                        "`potential_value_window * (1 - est_share)`.",
                  "zh": "你的战略价值用了潜力减去我们的估计销售额。增长空间是我们尚未拿到的潜力："
                        "`potential_value_window * (1 - est_share)`。"},
                 variant=lambda ctx: _mvc(ctx, strategic="window_headroom")),
        NearMiss({"en": "Without `stc_max_share=0.5`, doctors where we already have most of the "
                        "potential can still be STC; the course keeps STC for doctors where our "
                        "estimated share is at most half.",
                  "zh": "没有 `stc_max_share=0.5` 时，我们已占大部分潜力的医生仍可能是 STC；"
                        "课程只把估计份额不超过一半的医生列为 STC。"},
                 variant=lambda ctx: _mvc(ctx, stc_max_share=1.0)),
        NearMiss({"en": "Actual and strategic value are swapped: actual = today's estimated "
                        "profit, strategic = headroom.",
                  "zh": "实际价值和战略价值放反了：实际价值 = 今天的估计利润，战略价值 = 增长空间。"},
                 variant=lambda ctx: _mvc(ctx, swap=True)),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": "Allocate the monthly capacity by volume decile of potential: "
              "`allocate_calls(doctors, customer='doctor_id', capacity=capacity, "
              "rule='decile', value='potential_value')`. Give the plan (doctor_id, calls).",
        "zh": "按潜力的容量十分位分配每月拜访能力：`allocate_calls(doctors, "
              "customer='doctor_id', capacity=capacity, rule='decile', value='potential_value')`。"
              "给出计划（doctor_id、calls）。",
    },
    expected=_calls,
    answer=FrameAnswer(key="doctor_id", columns=["calls"], entity=_DOCTOR),
    hints=[
        {"en": "Notebook 03 pharma, section 3 'Allocating the reps': "
               "`capacity` comes from q1.", "zh": "笔记本 03（医药）第 3 节“Allocating the reps”："
                                                  "`capacity` 来自第 1 题。"},
        {"en": "rule='decile' with value='potential_value'.",
         "zh": "rule='decile'，value='potential_value'。"},
    ],
    solution=("plan = allocate_calls(doctors, customer='doctor_id', capacity=capacity,\n"
              "                      rule='decile', value='potential_value')"),
    near_misses=[
        NearMiss({"en": "That is the equal plan: everyone gets the same calls. Use rule='decile'.",
                  "zh": "这是平均计划：每个人拜访次数相同。请使用 rule='decile'。"},
                 variant=lambda ctx: _calls(ctx, rule="equal")),
        NearMiss({"en": "Those deciles are on the reps' estimated sales (`est_value`): the "
                        "question asks for deciles of potential.",
                  "zh": "这是按代表估计销售额（`est_value`）的十分位：题目要求按潜力。"},
                 variant=lambda ctx: _calls(ctx, value="est_value")),
        NearMiss({"en": "Those deciles are on potential in boxes (`potential_units`); the course "
                        "ranks potential in value (`potential_value`).",
                  "zh": "这是按潜力盒数（`potential_units`）的十分位；课程按潜力金额（`potential_value`）排序。"},
                 variant=lambda ctx: _calls(ctx, value="potential_units")),
    ],
)

q4 = Question(
    "q4",
    prompt={
        "en": "Compare three rule-based plans with the full capacity on what the data "
              "predict: 'equal', 'decile' (on potential, q3) and 'tier' (in proportion to the "
              "service model: `rule='tier', tier='tier'`). Add each plan's calls up per account "
              "(`doctors['account_id']`) and predict the monthly flow sales with the account "
              "curves (`curves`, given): "
              "`tl.exercises.questions.ex03_strategy_pharma.predicted_sales(plan, doctors, "
              "curves)` does it. Which rule is predicted to sell most? Give its name as text.",
        "zh": "用全部拜访能力，按数据的预测比较三种规则计划：'equal'、'decile'（按潜力，第 3 题）和 "
              "'tier'（按服务模式的比例：`rule='tier', tier='tier'`）。把每个计划的拜访按账户"
              "（`doctors['account_id']`）加总，再用账户响应曲线（已给出的 `curves`）预测每月流向销售额："
              "`tl.exercises.questions.ex03_strategy_pharma.predicted_sales(plan, doctors, curves)` "
              "可以完成。哪种规则的预测销售最高？请以文本给出名称。",
    },
    expected=_best_rule,
    answer=ValueAnswer(),
    hints=[
        {"en": "Notebook 03 pharma, section 3 'Allocating the reps': "
               "make the three plans with allocate_calls (rule='equal', 'decile', 'tier'), "
               "then predict each one.",
         "zh": "笔记本 03（医药）第 3 节“Allocating the reps”："
               "用 allocate_calls 生成三个计划（rule='equal'、'decile'、'tier'），再分别预测。"},
        {"en": "Put the predictions in a dict and take `max(pred, key=pred.get)`.",
         "zh": "把预测值放进字典，取 `max(pred, key=pred.get)`。"},
    ],
    solution=("plans = {'equal': allocate_calls(doctors, customer='doctor_id', "
              "capacity=capacity),\n"
              "         'decile': plan,\n"
              "         'tier': allocate_calls(doctors, customer='doctor_id', capacity=capacity,\n"
              "                                rule='tier', tier='tier')}\n"
              "pred = {name: predicted_sales(p, doctors, curves) for name, p in plans.items()}\n"
              "best = max(pred, key=pred.get)"),
    near_misses=[
        NearMiss({"en": "That rule is predicted to sell LEAST: take the largest prediction.",
                  "zh": "这个规则的预测销售最低：应取预测最大的。"},
                 variant=lambda ctx: _best_rule(ctx, worst=True)),
        NearMiss({"en": "Give the name of the rule as a text in quotes (e.g. 'equal'), not its "
                        "prediction or the plan.",
                  "zh": "请以带引号的文本给出规则名称（例如 'equal'），而不是它的预测值或计划。"},
                 test=lambda got, ctx: not isinstance(got, str)),
        NearMiss({"en": "'optimised' is not one of the three rules: pick 'equal', 'decile' or "
                        "'tier'.",
                  "zh": "'optimised' 不是三个规则之一：请在 'equal'、'decile'、'tier' 中选择。"},
                 test=lambda got, ctx: isinstance(got, str) and got.strip().lower().startswith(
                     ("optim", "best"))),
    ],
    explanation={"en": "A prediction from curves estimated on 24 months of flow per account: "
                       "notebook 05 checks it against what really happens.",
                 "zh": "这是基于每个账户 24 个月流向估计的曲线所做的预测：第 05 课会用真实结果检验它。"},
)

q5 = Question(
    "q5",
    prompt={
        "en": "Join each doctor's potential x adoption tier (A-D) to the default service models "
              "(`service_plan(doctors, customer='doctor_id')`). How many calls a month "
              "do the service models ask for in total, across all doctors? (one number; compare "
              "it with the capacity). Careful: `doctors` already has a `calls_per_month` column "
              "(today's calls), so the plan names the model's column `calls_per_month_model`.",
        "zh": "把每位医生的潜力 x 观念层级（A-D）与默认服务模式关联（`service_plan(doctors, "
              "customer='doctor_id')`）。服务模式要求的每月拜访总次数（所有医生合计）是多少？"
              "（一个数字；与拜访能力比较）注意：`doctors` 已有一列 `calls_per_month`（目前的拜访），"
              "所以计划中服务模式的列名为 `calls_per_month_model`。",
    },
    expected=_service_calls,
    answer=NumberAnswer(rtol=1e-9, percent_check=False, whole=True),
    correct={"en": "the calls a month the service models ask for (the model's column, not "
                   "today's calls)",
             "zh": "服务模式要求的每月拜访次数（服务模式的列，而不是目前的拜访）"},
    hints=[
        {"en": "Notebook 03 pharma, section 2 'A service model per tier': "
               "reuse the cell that calls `tl.strategy.service_plan`; look at the "
               "columns of its result: which one comes from the service model?",
         "zh": "笔记本 03（医药）第 2 节“A service model per tier”："
               "复用调用 `tl.strategy.service_plan` 的单元格；看看结果的列：哪一列来自服务模式？"},
        {"en": "`service_plan(doctors, customer='doctor_id')['calls_per_month_model'].sum()`.",
         "zh": "`service_plan(doctors, customer='doctor_id')['calls_per_month_model'].sum()`。"},
    ],
    solution=("sp = service_plan(doctors, customer='doctor_id')\n"
              "needed = sp['calls_per_month_model'].sum()"),
    near_misses=[
        NearMiss({"en": "That is the sum of `calls_per_month`: the calls the reps make TODAY "
                        "(from `doctors`). The service model's demand is `calls_per_month_model`.",
                  "zh": "这是 `calls_per_month` 之和：代表们目前的拜访次数（来自 `doctors`）。"
                        "服务模式的需求是 `calls_per_month_model`。"},
                 variant=lambda ctx: _service_calls(ctx, column="calls_per_month")),
        NearMiss({"en": "That counts doctors, not calls: add up `calls_per_month_model`.",
                  "zh": "这是医生人数，而不是拜访次数：请对 `calls_per_month_model` 求和。"},
                 variant=lambda ctx: _service_calls(ctx, count=True)),
        NearMiss({"en": "That is the A tier only; add up all tiers.",
                  "zh": "这只是 A 类；请把所有层级加总。"},
                 variant=lambda ctx: _service_calls(ctx, tiers=["A"])),
    ],
)

q6 = Question(
    "q6",
    prompt={
        "en": "The optimiser works per account: `optimise_allocation(curves, capacity=capacity, "
              "customer='account_id', value_per_unit='unit_price')`; "
              "`tl.split_account_calls(account_plan, doctors, weight='potential_value')` turns "
              "its plan into calls per doctor. How many DOCTORS get no call at all in the "
              "doctor plan? (a whole number)",
        "zh": "优化器按账户工作：`optimise_allocation(curves, capacity=capacity, customer='account_id', "
              "value_per_unit='unit_price')`；`tl.split_account_calls(account_plan, doctors, "
              "weight='potential_value')` 把它的计划变成每位医生的拜访。医生计划中有多少位医生"
              "完全没有拜访？（整数）",
    },
    expected=_uncalled,
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "Notebook 03 pharma, section 3 'Allocating the reps': "
               "first the account plan, then the split; count the rows with `calls == 0`.",
         "zh": "笔记本 03（医药）第 3 节“Allocating the reps”："
               "先得到账户计划，再拆分；统计 `calls == 0` 的行数。"},
        {"en": "`(doctor_plan['calls'] == 0).sum()`.", "zh": "`(doctor_plan['calls'] == 0).sum()`。"},
    ],
    solution=("account_plan = optimise_allocation(curves, capacity=capacity, customer='account_id',\n"
              "                                   value_per_unit='unit_price')\n"
              "doctor_plan = tl.split_account_calls(account_plan, doctors, "
              "weight='potential_value')\n"
              "n_uncalled = (doctor_plan['calls'] == 0).sum()"),
    near_misses=[
        NearMiss({"en": "That counts ACCOUNTS without calls; split the plan to doctors first.",
                  "zh": "这是没有拜访的账户数；请先把计划拆分到医生。"},
                 variant=lambda ctx: _uncalled(ctx, level="accounts")),
        NearMiss({"en": "That counts the doctors WITH calls; the question asks for those without.",
                  "zh": "这是有拜访的医生数；题目问的是没有拜访的医生。"},
                 variant=lambda ctx: _uncalled(ctx, called=True)),
    ],
    explanation={"en": "The optimiser concentrates calls on the accounts whose estimated curve "
                       "is steepest: efficient on paper, and a fairness question for the doctors "
                       "it leaves out.",
                 "zh": "优化器把拜访集中在估计曲线最陡的账户上：纸面上高效，但对被排除的医生是一个公平问题。"},
)

q7 = Question(
    "q7",
    prompt={
        "en": "Strategy by group (the MVC / STC / BZ idea): lock in the most valuable, grow the second tier, "
              "release the below-zero. For which group is up-selling and cross-selling the "
              "strategy? (a) MVC, (b) STC, (c) BZ, (d) Other.",
        "zh": "分群策略（MVC / STC / BZ 的思路）：锁定最有价值客户，从二级客户获取更多收入，战略性放弃负值客户。"
              "向上销售和交叉销售是哪一组的策略？(a) MVC；(b) STC；(c) BZ；(d) Other。",
    },
    expected=lambda ctx: "b",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "MVC are locked in: protect what they already bring (service, loyalty).",
              "zh": "MVC 的策略是锁定：保护他们已带来的价值（服务、忠诚）。"},
        "c": {"en": "BZ cost more than they bring: serve them at lower cost or release them.",
              "zh": "BZ 的成本高于贡献：以更低成本服务，或战略性放弃。"},
        "d": {"en": "'Other' keeps a standard, low-cost service.",
              "zh": "“一般客户”保持标准化、低成本的服务。"},
    }),
    hints=[
        {"en": "Notebook 03 pharma, section 2 'A service model per tier': "
               "which group has the largest strategic value (room to grow)?",
         "zh": "笔记本 03（医药）第 2 节“A service model per tier”："
               "哪一组的战略价值（增长空间）最大？"},
        {"en": "STC = second-tier customers (最具增长性客户).", "zh": "STC = 二级客户（最具增长性客户）。"},
    ],
    solution='choice = "b"',
)

EXERCISE = Exercise(
    "03_strategy_pharma", [q1, q2, q3, q4, q5, q6, q7],
    title={"en": "03 · Strategy (策略制定) — pharma exercises", "zh": "03 · 策略制定 — 医药练习"},
    prepare=check_pharma, default_data=default_pharma,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q8", at="a",
        stem={"en": "A high-potential doctor has reached 常规使用 (regular use). Which service "
                    "model fits him?",
              "zh": "一位高潜力医生已经到了“常规使用”阶段。哪种服务模式适合他？"},
        right={"en": "keep and deepen: regular calls, medical information, a path to 倡导",
               "zh": "维护并深化：定期拜访、医学信息、走向“倡导”的路径"},
        wrong=[
            ({"en": "stop calling: he uses the product already, the calls are wasted",
              "zh": "停止拜访：他已经在用产品，拜访是浪费"},
             {"en": "Regular users are the ones competitors call on; no contact invites a "
                    "switch.",
              "zh": "常规使用者正是竞争对手要拜访的对象；不联系就是在邀请他换药。"}),
            ({"en": "heavy sampling and trial kits, as for a doctor at 试用, so that he uses even "
                    "more",
              "zh": "大量送样和试用装，就像对待“试用”阶段的医生，让他用得更多"},
             {"en": "Samples help a first trial; a regular user needs different things.",
              "zh": "样品有助于首次试用；常规使用者需要的是别的东西。"}),
            ({"en": "e-mails only, to save rep time",
              "zh": "只发邮件，节省代表时间"},
             {"en": "That is the model for the lowest tier, not for one of the most valuable "
                    "doctors.",
              "zh": "这是最低一级的服务模式，不适合最有价值的医生之一。"}),
        ],
        hint={"en": "Notebook 03 pharma, section 2 'A service model per tier': "
                    "what is the next stage after 常规使用?",
              "zh": "笔记本 03（医药）第 2 节“A service model per tier”："
                    "“常规使用”之后的下一个阶段是什么？"},
        explanation={"en": "The service model follows the stage: inform, trial, keep, then "
                           "partner.",
                     "zh": "服务模式跟着阶段走：告知、试用、维护，然后合作。"}),
    judgement(
        "q9", at="d",
        stem={"en": "A manager's rule: \"Give each hospital calls in proportion to its flow "
                    "sales.\" What is the main flaw?",
              "zh": "一位经理的规则：“按流向销售的比例给每家医院分配拜访。”主要问题是什么？"},
        right={"en": "it follows past sales, not where the next call changes most",
               "zh": "它跟着过去的销售走，而不是下一次拜访改变最多的地方"},
        wrong=[
            ({"en": "none: calls should follow the money",
              "zh": "没有问题：拜访就该跟着钱走"},
             {"en": "Calls should follow the money they will ADD, not the money already there.",
              "zh": "拜访应跟着能“新增”的钱走，而不是已经有的钱。"}),
            ({"en": "it ignores the reps' personal preferences",
              "zh": "它忽略了代表的个人偏好"},
             {"en": "Preferences are not a reason to move calls; response is.",
              "zh": "偏好不是调配拜访的理由；响应才是。"}),
            ({"en": "flow sales arrive a month late, so the allocation is always based on old "
                    "numbers",
              "zh": "流向数据晚一个月，所以分配总是基于旧数字"},
             {"en": "A month's delay hardly changes a yearly allocation; the logic is the "
                    "problem.",
              "zh": "一个月的延迟对全年分配几乎没有影响；问题在于逻辑本身。"}),
        ],
        hint={"en": "Notebook 03 pharma, section 3 'Allocating the reps': "
                    "does the hundredth call to a big hospital add as much as the first?",
              "zh": "笔记本 03（医药）第 3 节“Allocating the reps”："
                    "对大医院的第一百次拜访，带来的增量和第一次一样多吗？"},
        explanation={"en": "Allocate by response: potential and stage tell where a call still "
                           "moves something.",
                     "zh": "按响应分配：潜力和阶段告诉你拜访在哪里还能带来变化。"}),
    judgement(
        "q10", at="c",
        stem={"en": "The optimiser gives zero calls to 30% of the doctors. What do you do "
                    "before the plan goes out?",
              "zh": "优化器给 30% 的医生分配了零次拜访。计划下发之前你要做什么？"},
        right={"en": "keep the plan, with a visible call floor for a flagged list",
               "zh": "保留计划，并为一份标记名单设公开的最低拜访数"},
        wrong=[
            ({"en": "send it as it is: the optimiser is optimal",
              "zh": "原样下发：优化器就是最优的"},
             {"en": "Optimal for the response it models, blind to fairness and to what it "
                    "does not model.",
              "zh": "只对它建模的响应是最优的，对公平和它没建模的东西是盲目的。"}),
            ({"en": "spread the calls equally again, so that every doctor gets the same number of "
                    "visits",
              "zh": "重新平均分配拜访，让每位医生得到相同次数"},
             {"en": "That throws away the whole gain to fix a problem of a few doctors.",
              "zh": "为了解决少数医生的问题，丢掉了全部收益。"}),
            ({"en": "give the zero-call doctors to the best rep",
              "zh": "把零拜访的医生交给最好的代表"},
             {"en": "It moves the problem to one person without deciding who needs a call.",
              "zh": "这只是把问题转给一个人，并没有决定谁需要拜访。"}),
        ],
        hint={"en": "Notebook 03 pharma, section 4 'Efficiency vs fairness': "
                    "efficiency and fairness: can you keep most of one and protect the other?",
              "zh": "笔记本 03（医药）第 4 节“Efficiency vs fairness”："
                    "效率与公平：能否保住大部分效率，同时守住公平？"},
        explanation={"en": "A visible floor costs a little of the gain and keeps the plan "
                           "defensible.",
                     "zh": "公开的最低拜访数只损失一点收益，却让计划站得住。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
