"""Exercises for ``02_goals_and_gaps_retail``: where do we want to be, what is the gap?

Accompanies ``notebooks/02_goals_and_gaps_retail.ipynb`` (目标设定, 去哪里 / 差哪里):
last year's net sales per member, the company target broken down to members by a
blend of history and potential, and the gap table by tier against the
do-nothing forecast.

The notebook binds ``world = load_retail(seed=SEED)`` and starts from
``base = retail_base(world)`` (one row per member: ABC ``tier``, ``potential``,
main ``store_id``, ``history``).
"""

from __future__ import annotations

import pandas as pd

from tierlab.cases.retail import member_profile
from tierlab.clv import clv_table
from tierlab.datasets import World
from tierlab.exercises._compare import ChoiceAnswer, FrameAnswer, NumberAnswer, SeriesAnswer
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._retail import (
    MEMBER,
    check_retail,
    default_retail,
    member_rfm,
    member_summary,
)
from tierlab.goals import allocate_target, gap_table
from tierlab.pareto import abc_classify

__all__ = ["EXERCISE", "GROWTH", "POTENTIAL_WEIGHT", "last_year", "retail_base"]

#: Next year's target: last 12 months' net sales x (1 + GROWTH).
GROWTH = 0.10
#: Weight of potential in the blended breakdown of question 2.
POTENTIAL_WEIGHT = 0.3
_TIER = {"en": "tier", "zh": "层级"}


def last_year(transactions: pd.DataFrame, *, days: int = 365, column: str = "amount",
              returns: bool = True, clip: bool = True, inclusive: bool = False,
              calendar: bool = False) -> pd.Series:
    """Net sales per member in the last ``days`` days (``date > last day - days``).

    Members whose returns exceed their purchases count as 0 (``clip``). The
    keyword arguments recompute common mistakes. Indexed by member_id.
    """
    tx = transactions
    end = tx["date"].max()
    if calendar:  # notebook 04's plan year: from one year before the plan's start month
        start = end + pd.offsets.MonthBegin(1)
        tx = tx[tx["date"] >= start - pd.DateOffset(years=1)]
    elif days is not None:
        since = end - pd.Timedelta(days=days)
        tx = tx[(tx["date"] >= since) if inclusive else (tx["date"] > since)]
    if not returns:
        tx = tx[~tx["is_return"].astype(bool)]
    out = tx.groupby("member_id")[column].sum()
    return (out.clip(lower=0) if clip else out).rename("history")


def retail_base(world: World) -> pd.DataFrame:
    """One row per member who bought: the table of notebook 02.

    ``member_id``, ``tier`` (ABC on net spend, 80/95, negatives last),
    ``potential`` (predicted spend over the next 12 months, BG/NBD x
    Gamma-Gamma, undiscounted), ``p_alive``, ``store_id`` (main store by
    spend, ``main_store`` of :func:`tierlab.profiles.member_profile`) and
    ``history`` (net sales of the last 365 days, floored at 0).
    """
    tx = world["transactions"]
    abc = abc_classify(member_rfm(world), customer="member_id", value="monetary",
                       negative="last")
    fc = clv_table(member_summary(world), customer="member_id", horizon=12, discount_rate=0)
    base = abc[["member_id", "tier"]].merge(
        fc[["member_id", "clv", "p_alive"]].rename(columns={"clv": "potential"}),
        on="member_id", how="left")
    store = member_profile(world).set_index("member_id")["main_store"]
    base["store_id"] = base["member_id"].map(store)
    base["history"] = base["member_id"].map(last_year(tx)).fillna(0.0)
    return base.sort_values("member_id", ignore_index=True)


def _base(ctx) -> pd.DataFrame:
    return ctx.cached("base", lambda: retail_base(ctx.data))


def _target(ctx) -> float:
    return float((1 + GROWTH) * _base(ctx)["history"].sum())


def _goals(ctx, *, method="blend", weight=POTENTIAL_WEIGHT) -> pd.DataFrame:
    return allocate_target(_base(ctx), customer="member_id", target=_target(ctx),
                           history="history", potential="potential", method=method,
                           weight=weight, group="tier")


def _gap(ctx, *, against="potential", flip=False) -> pd.DataFrame:
    g = gap_table(_goals(ctx), _base(ctx)[["member_id", against]], customer="member_id",
                  value=against, by="tier")
    if flip:
        g = g.assign(gap=-g["gap"])
    return g


def _a_gap_share(ctx, *, col="gap", against="potential") -> float:
    g = _gap(ctx, against=against).set_index("tier")
    if col == "members":
        return float((_base(ctx)["tier"] == "A").mean())
    return float(g.loc["A", col] / g[col].sum())


q1 = Question(
    "q1",
    prompt={
        "en": "Last year's net sales per member: the sum of `amount` over the last 365 days "
              "(`date > END - pd.Timedelta(days=365)`), returns netted; a member whose returns "
              "exceed their purchases counts as 0. Give a Series indexed by member_id (members "
              "with transactions in the window).",
        "zh": "每位会员去年的净销售额：最近 365 天（`date > END - pd.Timedelta(days=365)`）的 `amount` 之和，"
              "退货已抵扣；退货多于购买的会员记为 0。结果为以 member_id 为索引的 Series"
              "（窗口内有交易的会员）。",
    },
    expected=lambda ctx: last_year(ctx.transactions),
    answer=SeriesAnswer(rtol=1e-6, entity=MEMBER),
    hints=[
        {"en": "Notebook 02 retail, section 1 'Where we are: last year and the forecast': reuse "
               "the `last12` line.",
         "zh": "笔记本 02（零售）第 1 节“Where we are: last year and the "
               "forecast”：沿用计算 `last12` 的那一行。"},
        {"en": "Filter the rows of the window first, then group by member and add up `amount`.",
         "zh": "先筛选窗口内的行，再按会员分组对 `amount` 求和。"},
        {"en": "`tx[tx['date'] > END - pd.Timedelta(days=365)].groupby('member_id')['amount']"
               ".sum().clip(lower=0)`.",
         "zh": "`tx[tx['date'] > END - pd.Timedelta(days=365)].groupby('member_id')['amount']"
               ".sum().clip(lower=0)`。"},
    ],
    solution=("recent = tx[tx['date'] > END - pd.Timedelta(days=365)]\n"
              "history = recent.groupby('member_id')['amount'].sum().clip(lower=0)"),
    near_misses=[
        NearMiss({"en": "Some values are negative: members whose refunds exceed their purchases "
                        "count as 0 (`.clip(lower=0)`).",
                  "zh": "有些值是负数：退款超过购买的会员应记为 0（`.clip(lower=0)`）。"},
                 variant=lambda ctx: last_year(ctx.transactions, clip=False)),
        NearMiss({"en": "Returns are not netted: you dropped the return rows. Keep them; their "
                        "negative `amount` subtracts the refunds.",
                  "zh": "退货没有抵扣：你去掉了退货行。请保留它们，它们的负 `amount` 会扣除退款。"},
                 variant=lambda ctx: last_year(ctx.transactions, returns=False)),
        NearMiss({"en": "That covers the whole history (two years); keep the last 365 days.",
                  "zh": "这覆盖了全部历史（两年）；请只保留最近 365 天。"},
                 variant=lambda ctx: last_year(ctx.transactions, days=None)),
        NearMiss({"en": "That uses `gross_amount` (before discounts); use `amount`.",
                  "zh": "这里用的是 `gross_amount`（折扣前）；请使用 `amount`。"},
                 variant=lambda ctx: last_year(ctx.transactions, column="gross_amount")),
        NearMiss({"en": "Off by one day: `>=` keeps day END - 365 as well, which makes 366 "
                        "days. Use `date > END - pd.Timedelta(days=365)`.",
                  "zh": "差了一天：`>=` 把 END - 365 这一天也算进去了，共 366 天。"
                        "请用 `date > END - pd.Timedelta(days=365)`。"},
                 variant=lambda ctx: last_year(ctx.transactions, inclusive=True)),
        NearMiss({"en": "That is the plan year of notebook 04 (from one year before the plan's "
                        "start month), a few days longer. Here 'last year' is the 365 days up "
                        "to the last day of the data: `date > END - pd.Timedelta(days=365)`.",
                  "zh": "这是笔记本 04 的计划年度（从计划开始月份往前一年），多了几天。这里的“去年”"
                        "是截至数据最后一天的 365 天：`date > END - pd.Timedelta(days=365)`。"},
                 variant=lambda ctx: last_year(ctx.transactions, calendar=True)),
    ],
    builds_on="notebooks/02_goals_and_gaps_retail.ipynb#cell-03:last12.clip(lower=0)",
)

q2 = Question(
    "q2",
    prompt={
        "en": f"Break the company target `TARGET` down to members with a blend of history and "
              f"potential, weight {POTENTIAL_WEIGHT} on potential (`method='blend', "
              f"weight={POTENTIAL_WEIGHT}`), carrying the tier along (`group='tier'`). Give the "
              "result of `goals.allocate_target` (member_id, goal, ...).",
        "zh": f"用历史与潜力的加权混合把公司目标 `TARGET` 分解到会员，潜力权重为 {POTENTIAL_WEIGHT}"
              f"（`method='blend', weight={POTENTIAL_WEIGHT}`），并带上层级（`group='tier'`）。"
              "请给出 `goals.allocate_target` 的结果（member_id、goal 等）。",
    },
    expected=_goals,
    answer=FrameAnswer(key="member_id", columns=["goal"], entity=MEMBER),
    hints=[
        {"en": "Notebook 02 retail, section 3 'Breaking the target down': reuse the "
               "`goals.allocate_target` cell.",
         "zh": "笔记本 02（零售）第 3 节“Breaking the target down”：沿用 "
               "`goals.allocate_target` 单元格。"},
        {"en": "`history=` and `potential=` name the columns of `base`; `target=TARGET`.",
         "zh": "`history=` 和 `potential=` 指定 `base` 中的列；`target=TARGET`。"},
        {"en": "`goals.allocate_target(base, customer='member_id', target=TARGET, "
               "history='history', potential='potential', method='blend', "
               f"weight={POTENTIAL_WEIGHT}, group='tier')`.",
         "zh": "`goals.allocate_target(base, customer='member_id', target=TARGET, "
               "history='history', potential='potential', method='blend', "
               f"weight={POTENTIAL_WEIGHT}, group='tier')`。"},
    ],
    solution=("member_goals = goals.allocate_target(\n"
              "    base, customer='member_id', target=TARGET, history='history',\n"
              f"    potential='potential', method='blend', weight={POTENTIAL_WEIGHT}, "
              "group='tier')"),
    near_misses=[
        NearMiss({"en": "Those goals follow history only (everyone grows by the same %). The "
                        "blend also looks at potential.",
                  "zh": "这些目标只按历史分解（每个人增长相同的百分比）。混合规则还要考虑潜力。"},
                 variant=lambda ctx: _goals(ctx, method="history")),
        NearMiss({"en": "Those goals follow potential only. The blend mixes history and potential.",
                  "zh": "这些目标只按潜力分解。混合规则把历史和潜力结合起来。"},
                 variant=lambda ctx: _goals(ctx, method="potential")),
        NearMiss({"en": f"The weights are swapped: `weight` is the weight of POTENTIAL "
                        f"({POTENTIAL_WEIGHT}), history gets the rest.",
                  "zh": f"权重放反了：`weight` 是“潜力”的权重（{POTENTIAL_WEIGHT}），其余归历史。"},
                 variant=lambda ctx: _goals(ctx, weight=1 - POTENTIAL_WEIGHT)),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": "The gap table by tier against the DO-NOTHING FORECAST: goal minus `potential` "
              "(what the members will buy if we do nothing new). Give the result of "
              "`goals.gap_table` with `by='tier'` (tier, goal, current, gap, ...).",
        "zh": "按层级、相对于“不采取行动的预测”的差距表：目标减去 `potential`（如果我们不做任何新动作，"
              "会员将会购买的金额）。请给出 `goals.gap_table` 按 `by='tier'` 的结果"
              "（tier、goal、current、gap 等）。",
    },
    expected=_gap,
    answer=FrameAnswer(key="tier", columns=["goal", "current", "gap"], entity=_TIER),
    hints=[
        {"en": "Notebook 02 retail, section 5 'The gap table': reuse the `gap_forecast` part of "
               "the `goals.gap_table` cell.",
         "zh": "笔记本 02（零售）第 5 节“The gap table”：沿用 `goals.gap_table` "
               "单元格中 `gap_forecast` 的部分。"},
        {"en": "gap_table takes the goals and today's value per member: here "
               "`base[['member_id', 'potential']]` with `value='potential'`.",
         "zh": "gap_table 需要目标和每位会员今天的数值：这里是 `base[['member_id', 'potential']]`，"
               "并设 `value='potential'`。"},
        {"en": "`goals.gap_table(member_goals, base[['member_id', 'potential']], "
               "customer='member_id', value='potential', by='tier')`.",
         "zh": "`goals.gap_table(member_goals, base[['member_id', 'potential']], "
               "customer='member_id', value='potential', by='tier')`。"},
    ],
    solution=("gap = goals.gap_table(member_goals, base[['member_id', 'potential']],\n"
              "                      customer='member_id', value='potential', by='tier')"),
    near_misses=[
        NearMiss({"en": "That gap is against LAST YEAR (history). The question asks for the gap "
                        "against the forecast: `potential`.",
                  "zh": "这是相对于“去年”（history）的差距。题目要求的是相对于预测的差距：`potential`。"},
                 variant=lambda ctx: _gap(ctx, against="history")),
        NearMiss({"en": "The sign of your gap is reversed: gap = goal minus today.",
                  "zh": "你的差距符号反了：差距 = 目标 减 今天。"},
                 variant=lambda ctx: _gap(ctx, flip=True)),
    ],
)

q4 = Question(
    "q4",
    prompt={
        "en": "What share of the total gap (against the forecast) sits in tier A? "
              "A number between 0 and 1.",
        "zh": "（相对于预测的）总差距中有多大比例在 A 层？请给出 0 到 1 之间的数字。",
    },
    expected=_a_gap_share,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Notebook 02 retail, section 5 'The gap table': the waterfall shows each tier's "
               "part of the gap.",
         "zh": "笔记本 02（零售）第 5 节“The gap table”：瀑布图显示每一级占缺口的多少。"},
        {"en": "Use the `gap` column of your gap table: A's gap divided by the sum of the gaps.",
         "zh": "使用差距表的 `gap` 列：A 层的差距除以所有差距之和。"},
        {"en": "`g = gap.set_index('tier')`; `g.loc['A', 'gap'] / g['gap'].sum()`.",
         "zh": "`g = gap.set_index('tier')`；`g.loc['A', 'gap'] / g['gap'].sum()`。"},
    ],
    solution=("g = gap.set_index('tier')\n"
              "share_a = g.loc['A', 'gap'] / g['gap'].sum()"),
    near_misses=[
        NearMiss({"en": "That is A's share of the GOAL. The question asks for its share of the GAP.",
                  "zh": "这是 A 层在“目标”中的占比。题目问的是在“差距”中的占比。"},
                 variant=lambda ctx: _a_gap_share(ctx, col="goal")),
        NearMiss({"en": "That is the share of MEMBERS in tier A, not of the gap.",
                  "zh": "这是 A 层“会员人数”的占比，而不是差距的占比。"},
                 variant=lambda ctx: _a_gap_share(ctx, col="members")),
        NearMiss({"en": "That is A's share of the gap against last year; use the forecast.",
                  "zh": "这是相对于去年的差距中 A 层的占比；请使用预测。"},
                 variant=lambda ctx: _a_gap_share(ctx, against="history")),
    ],
    explanation={"en": "Most of the gap sits with our best members: keeping them buying is worth "
                       "more than any growth campaign.",
                 "zh": "大部分差距在我们最好的会员身上：让他们继续购买比任何增长活动都更重要。"},
)

q5 = Question(
    "q5",
    prompt={
        "en": "The gap against the forecast is much larger than against last year. Why? "
              "(a) some members have silently stopped buying: the forecast expects less from "
              "them than last year, so more must be won to reach the goal, "
              "(b) the forecast model is biased downwards, "
              "(c) returns are counted twice in the forecast, "
              "(d) the target was set on the forecast instead of on last year.",
        "zh": "相对于预测的差距比相对于去年的差距大得多。为什么？"
              "(a) 有些会员已经悄悄停止购买：预测对他们的期望低于去年，所以要达到目标必须争取更多；"
              "(b) 预测模型系统性偏低；"
              "(c) 预测中退货被计算了两次；"
              "(d) 目标是基于预测而不是去年设定的。",
    },
    expected=lambda ctx: "a",
    answer=ChoiceAnswer(explanations={
        "b": {"en": "Nothing says the model is biased; it sees churn that last year's total hides.",
              "zh": "没有证据表明模型有偏差；它看到了去年总额所掩盖的流失。"},
        "c": {"en": "Returns are netted once, in the net spend the models are fitted on.",
              "zh": "退货只在拟合模型所用的净消费中抵扣了一次。"},
        "d": {"en": "The target is last year + 10% (`TARGET`); only the baseline changes.",
              "zh": "目标是去年 + 10%（`TARGET`）；变的只是比较的基线。"},
    }),
    hints=[
        {"en": "Notebook 02 retail, section 1 'Where we are: last year and the forecast': "
               "compare the two totals it prints.",
         "zh": "笔记本 02（零售）第 1 节“Where we are: last year and the "
               "forecast”：比较它打印的两个总数。"},
        {"en": "Compare `base['history'].sum()` with `base['potential'].sum()`.",
         "zh": "比较 `base['history'].sum()` 和 `base['potential'].sum()`。"},
        {"en": "Look at `p_alive` of the members with the largest gaps.",
         "zh": "看看差距最大的会员的 `p_alive`。"},
    ],
    solution='choice = "a"',
    explanation={"en": "Right: the business, left alone, shrinks. The plan has to win back the "
                       "leavers' spend before it can grow.",
                 "zh": "正确：放任不管，业务会萎缩。计划必须先赢回流失会员的消费，然后才谈得上增长。"},
)

EXERCISE = Exercise(
    "02_goals_and_gaps_retail", [q1, q2, q3, q4, q5],
    title={"en": "02 · Goals and gaps (目标设定) — retail exercises",
           "zh": "02 · 目标设定与差距 — 零售练习"},
    prepare=check_retail, default_data=default_retail,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q6", at="b",
        stem={"en": "The chain's goal is last year + 10%. How do you split it across stores?",
              "zh": "连锁的目标是去年 + 10%。你怎样把它分解到各门店？"},
        right={"en": "by each store's forecast and headroom",
               "zh": "按每家门店的预测和增长空间"},
        wrong=[
            ({"en": "+10% for every store alike",
              "zh": "每家门店一律 +10%"},
             {"en": "Equal growth ignores where each store is heading; a store losing members "
                    "is set up to fail.",
              "zh": "统一增长忽略了每家门店的走向；正在流失会员的门店注定完不成。"}),
            ({"en": "by floor space",
              "zh": "按营业面积"},
             {"en": "Space is a cost, not a measure of the members the store can still win.",
              "zh": "面积是成本，不能衡量门店还能争取多少会员。"}),
            ({"en": "the whole increase to the online shop, where growth is easiest",
              "zh": "全部增量都给线上商城，那里最容易增长"},
             {"en": "Easy is a guess; the split must follow where the forecast says members "
                    "and headroom are.",
              "zh": "“容易”只是猜测；分解必须依据预测显示的会员和增长空间所在。"}),
        ],
        hint={"en": "What does the forecast say about each store without any campaign?",
              "zh": "没有任何活动时，预测对每家门店怎么说？"},
        explanation={"en": "Targets follow the members: forecast and headroom, store by store.",
                     "zh": "指标跟着会员走：逐店看预测和增长空间。"}),
    judgement(
        "q7", at="d",
        stem={"en": "Which of these is a SMART goal for the CRM team?",
              "zh": "下面哪一个是 CRM 团队的 SMART 目标？"},
        right={"en": "win back 300 lapsed gold members by 30 June, against a 10% control group",
               "zh": "6 月 30 日前挽回 300 位沉睡金卡会员，与 10% 对照组比较"},
        wrong=[
            ({"en": "improve member loyalty",
              "zh": "提高会员忠诚度"},
             {"en": "Not specific and not measurable: which members, which measure, by when?",
              "zh": "既不具体也不可衡量：哪些会员、什么指标、什么时候？"}),
            ({"en": "double the spend of every member this year",
              "zh": "今年让每位会员的消费翻倍"},
             {"en": "Not achievable, and 'every member' ignores the tiers.",
              "zh": "无法实现，而且“每位会员”忽略了分层。"}),
            ({"en": "send 50,000 text messages this quarter to every member who bought in the "
                    "last two years",
              "zh": "本季度向过去两年购买过的每位会员发送 5 万条短信"},
             {"en": "That is an activity, not a result; it can be met while nothing changes.",
              "zh": "这是活动，不是结果；即使什么都没改变，也能完成。"}),
        ],
        hint={"en": "Specific, Measurable, Achievable, Relevant, Time-bound: which one passes "
                    "all five?",
              "zh": "具体、可衡量、可实现、相关、有时限：哪一个五条都满足？"},
        explanation={"en": "Named members, a result, a date and a way to measure it honestly "
                           "(the control group).",
                     "zh": "明确的会员、结果、日期，以及诚实衡量的方法（对照组）。"}),
    judgement(
        "q8", at="a",
        stem={"en": "Most of the gap sits with tier A members whose forecast is below last "
                    "year. A manager proposes to put the whole budget into recruiting new "
                    "members. What is the flaw?",
              "zh": "大部分差距在 A 层会员身上，他们的预测低于去年。一位经理提议把全部预算用于招募新会员。"
                    "问题在哪里？"},
        right={"en": "the gap is A members' lost spend; keeping them closes it faster",
               "zh": "差距是 A 层会员流失的消费；留住他们弥补得更快"},
        wrong=[
            ({"en": "none: new members are always the cheapest growth",
              "zh": "没有问题：新会员永远是最便宜的增长"},
             {"en": "New members start with small baskets and many never return; they cannot "
                    "replace the spend of leaving A members within the year.",
              "zh": "新会员起步购物篮小，很多人不再回来；一年内无法弥补 A 层会员流失的消费。"}),
            ({"en": "recruiting is fine, but only online",
              "zh": "招募可以，但只能在线上"},
             {"en": "The channel is not the problem; the target group is.",
              "zh": "问题不在渠道，而在目标人群。"}),
            ({"en": "the gap is a forecasting error that will close by itself when the season "
                    "turns",
              "zh": "差距是预测误差，换季时会自己消失"},
             {"en": "The forecast sees members who have stopped buying; hoping is not a plan.",
              "zh": "预测看到了已经停止购买的会员；指望不是计划。"}),
        ],
        hint={"en": "Who is the gap made of?",
              "zh": "差距是由哪些人构成的？"},
        explanation={"en": "Read the gap by tier before choosing the lever: here retention of A "
                           "comes first.",
                     "zh": "先按分层看差距，再选抓手：这里首先是留住 A 层会员。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
