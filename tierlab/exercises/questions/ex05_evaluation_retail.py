"""Exercises for ``05_evaluation_retail``: did it work (效果评估, closing the loop)?

Accompanies ``notebooks/05_evaluation_retail.ipynb``: the uplift of a campaign
measured with its random control group, uplift with confidence intervals per
campaign, difference-in-differences, tier migration between the two years,
and what migration says about the limits of tiering.

The notebook binds ``world = load_retail(seed=SEED)`` and starts from
``contacts = world.campaign_contacts``, ``LAST`` (the id of the latest
campaign), ``panel = campaign_panel(world, LAST)`` and the ABC tiers of the
two halves of the history, ``before`` and ``after`` (:func:`half_tiers`).
"""

from __future__ import annotations

import pandas as pd

from tierlab.datasets import World
from tierlab.evaluate import diff_in_diff, uplift
from tierlab.exercises._compare import ChoiceAnswer, FrameAnswer, NumberAnswer
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._retail import check_retail, default_retail
from tierlab.migration import migration_matrix
from tierlab.pareto import abc_classify
from tierlab.summary import rfm_table

__all__ = ["EXERCISE", "campaign_panel", "half_tiers", "last_campaign"]

_ORDER = ["A", "B", "C"]
_CAMPAIGN = {"en": "campaign", "zh": "营销活动"}


def last_campaign(world: World) -> str:
    """The id of the campaign that started last."""
    c = world["campaigns"].sort_values(["start_date", "campaign_id"])
    return str(c["campaign_id"].iloc[-1])


def campaign_panel(world: World, campaign_id: str) -> pd.DataFrame:
    """Before/after panel of one campaign's contacts, for :func:`tierlab.diff_in_diff`.

    One row per contacted-or-held-out member and period: ``period`` 0 = the
    window of the same length just before the campaign, 1 = the campaign
    window; ``amount`` = the member's net spend in that window (0 if none);
    ``treated`` as randomised.
    """
    camp = world["campaigns"].set_index("campaign_id").loc[campaign_id]
    start, end = pd.Timestamp(camp["start_date"]), pd.Timestamp(camp["end_date"])
    length = end - start + pd.Timedelta(days=1)
    contacts = world["campaign_contacts"]
    contacts = contacts.loc[contacts["campaign_id"] == campaign_id, ["member_id", "treated"]]
    tx = world["transactions"]
    rows = []
    for period, (lo, hi) in enumerate([(start - length, start - pd.Timedelta(days=1)),
                                       (start, end)]):
        win = tx[(tx["date"] >= lo) & (tx["date"] <= hi)]
        spend = win.groupby("member_id")["amount"].sum()
        rows.append(contacts.assign(period=period,
                                    amount=contacts["member_id"].map(spend).fillna(0.0)))
    return pd.concat(rows, ignore_index=True)


def half_tiers(world: World) -> tuple[pd.DataFrame, pd.DataFrame]:
    """ABC tiers (net spend, 80/95, negatives last) of the first and the second year.

    The history is split at the day 365 days before its last day: ``before``
    covers the earlier rows, ``after`` the last 365 days.
    """
    tx = world["transactions"]
    cut = tx["date"].max() - pd.Timedelta(days=364)
    out = []
    for part in (tx[tx["date"] < cut], tx[tx["date"] >= cut]):
        r = rfm_table(part, customer="member_id")
        out.append(abc_classify(r, customer="member_id", value="monetary", negative="last"))
    return out[0], out[1]


def _halves(ctx):
    return ctx.cached("halves", lambda: half_tiers(ctx.data))


def _spend_uplift(ctx, *, how="uplift") -> float:
    c = ctx.campaign_contacts
    c = c[c["campaign_id"] == last_campaign(ctx.data)]
    t = c["treated"].astype(bool)
    mt, mc = c.loc[t, "spend_in_window"].mean(), c.loc[~t, "spend_in_window"].mean()
    if how == "swap":
        return float(mc - mt)
    if how == "treated":
        return float(mt)
    if how == "totals":
        return float(c.loc[t, "spend_in_window"].sum() - c.loc[~t, "spend_in_window"].sum())
    return float(mt - mc)


def _by_campaign(ctx, *, outcome="responded", flip=False) -> pd.DataFrame:
    c = ctx.campaign_contacts
    if flip:
        c = c.assign(treated=~c["treated"].astype(bool))
    return uplift(c, treated="treated", outcome=outcome, by="campaign_id")


def _panel(ctx) -> pd.DataFrame:
    return ctx.cached("panel", lambda: campaign_panel(ctx.data, last_campaign(ctx.data)))


def _did(ctx, *, how="did") -> float:
    p = _panel(ctx)
    if how == "did":
        return float(diff_in_diff(p, unit="member_id", period="period", treated="treated",
                                  outcome="amount", n_boot=50, random_state=0)["estimate"].iloc[0])
    m = p.groupby(["treated", "period"])["amount"].mean()
    if how == "after":
        return float(m[(True, 1)] - m[(False, 1)])
    if how == "treated_only":
        return float(m[(True, 1)] - m[(True, 0)])
    return float(-((m[(True, 1)] - m[(True, 0)]) - (m[(False, 1)] - m[(False, 0)])))


def _stay_a(ctx, *, normalize="index", among_stayers=False) -> float:
    before, after = _halves(ctx)
    m = migration_matrix(before, after, customer="member_id", order=_ORDER)
    if normalize == "columns":
        return float(m.loc["A", "A"] / m.loc[_ORDER + ["new"], "A"].sum())
    row = m.loc["A"]
    if among_stayers:
        return float(row["A"] / row[_ORDER].sum())
    return float(row["A"] / row.sum())


q1 = Question(
    "q1",
    prompt={
        "en": "The latest campaign `LAST` went to a random half of its sample; the other half "
              "was the control group. What is its uplift on spend: the mean `spend_in_window` of "
              "the treated members minus that of the control members? A number (yuan per member).",
        "zh": "最近一次营销活动 `LAST` 随机发给了样本的一半；另一半是对照组。它在消费上的提升是多少："
              "实验组会员的 `spend_in_window` 均值减去对照组会员的均值？请给出一个数字（每位会员的金额）。",
    },
    expected=_spend_uplift,
    answer=NumberAnswer(rtol=1e-6, atol=1e-9, percent_check=False),
    hints=[
        {"en": "Notebook 03 retail, section 3 'The campaign history: response rate is not "
               "uplift': treated minus control; notebook 00b, section 2 shows masks.",
         "zh": "笔记本 03（零售）第 3 节“The campaign history: response rate "
               "is not uplift”：实验组减对照组；笔记本 00b 第 2 节演示了布尔筛选。"},
        {"en": "Keep the rows of `contacts` with `campaign_id == LAST`, then the mean of "
               "`spend_in_window` by `treated`.",
         "zh": "保留 `contacts` 中 `campaign_id == LAST` 的行，再按 `treated` 求 `spend_in_window` 的均值。"},
        {"en": "`m = c.groupby('treated')['spend_in_window'].mean()`; `m[True] - m[False]`.",
         "zh": "`m = c.groupby('treated')['spend_in_window'].mean()`；`m[True] - m[False]`。"},
    ],
    solution=("c = contacts[contacts['campaign_id'] == LAST]\n"
              "m = c.groupby('treated')['spend_in_window'].mean()\n"
              "spend_uplift = m[True] - m[False]"),
    near_misses=[
        NearMiss({"en": "Treated and control are swapped: uplift = treated MINUS control.",
                  "zh": "实验组和对照组放反了：uplift = 实验组 减 对照组。"},
                 variant=lambda ctx: _spend_uplift(ctx, how="swap")),
        NearMiss({"en": "That is the treated members' mean spend. Part of it would have happened "
                        "anyway: subtract the control group's mean.",
                  "zh": "这是实验组的平均消费。其中一部分本来就会发生：请减去对照组的均值。"},
                 variant=lambda ctx: _spend_uplift(ctx, how="treated")),
        NearMiss({"en": "You compared TOTALS; the two groups differ in size. Compare means per "
                        "member.",
                  "zh": "你比较的是“总额”；两组人数不同。请比较每位会员的均值。"},
                 variant=lambda ctx: _spend_uplift(ctx, how="totals")),
    ],
)

q2 = Question(
    "q2",
    prompt={
        "en": "The uplift on `responded` of EVERY campaign with its 95% confidence interval: "
              "`tl.uplift` on `contacts` by `campaign_id`. Give the result (campaign_id, uplift, "
              "ci_low, ci_high, ...).",
        "zh": "每一次营销活动在 `responded` 上的提升及其 95% 置信区间：对 `contacts` 按 `campaign_id` "
              "使用 `tl.uplift`。请给出结果（campaign_id、uplift、ci_low、ci_high 等）。",
    },
    expected=_by_campaign,
    answer=FrameAnswer(key="campaign_id", columns=["uplift", "ci_low", "ci_high"],
                       entity=_CAMPAIGN),
    hints=[
        {"en": "Notebook 03 retail, section 3 'The campaign history: response rate is not "
               "uplift': reuse the `evaluate.uplift` cell with another `by=`.",
         "zh": "笔记本 03（零售）第 3 节“The campaign history: response rate "
               "is not uplift”：沿用 `evaluate.uplift` 单元格，换一个 `by=`。"},
        {"en": "`tl.uplift(data, treated=..., outcome=..., by=...)`.",
         "zh": "`tl.uplift(data, treated=..., outcome=..., by=...)`。"},
        {"en": "`tl.uplift(contacts, treated='treated', outcome='responded', by='campaign_id')`.",
         "zh": "`tl.uplift(contacts, treated='treated', outcome='responded', by='campaign_id')`。"},
    ],
    solution=("by_campaign = tl.uplift(contacts, treated='treated', outcome='responded',\n"
              "                        by='campaign_id')"),
    near_misses=[
        NearMiss({"en": "That is the uplift in spend; the question asks for `responded`.",
                  "zh": "这是消费金额的提升；题目问的是 `responded`。"},
                 variant=lambda ctx: _by_campaign(ctx, outcome="spend_in_window")),
        NearMiss({"en": "Treated and control are swapped (your uplifts have the wrong sign).",
                  "zh": "实验组和对照组放反了（你的提升值符号相反）。"},
                 variant=lambda ctx: _by_campaign(ctx, flip=True)),
    ],
    explanation={"en": "An interval that includes 0 means the campaign may have done nothing: "
                       "report the interval, not just the point.",
                 "zh": "区间包含 0 意味着活动可能毫无作用：要报告区间，而不只是一个点。"},
)

q3 = Question(
    "q3",
    prompt={
        "en": "Difference-in-differences for campaign `LAST` on `panel` (net spend in the window "
              "before, period 0, and in the campaign window, period 1): "
              "(treated after - treated before) - (control after - control before). Use "
              "`tl.diff_in_diff(panel, unit='member_id', period='period', treated='treated', "
              "outcome='amount')` and give its `estimate` (a number).",
        "zh": "对营销活动 `LAST` 在 `panel` 上做双重差分（活动前窗口 period 0 与活动窗口 period 1 的净消费）："
              "(实验组后 - 实验组前) - (对照组后 - 对照组前)。使用 "
              "`tl.diff_in_diff(panel, unit='member_id', period='period', treated='treated', "
              "outcome='amount')`，并给出其 `estimate`（一个数字）。",
    },
    expected=_did,
    answer=NumberAnswer(rtol=1e-6, atol=1e-9, percent_check=False),
    hints=[
        {"en": "Notebook 05 retail, section 3 'Difference-in-differences': reuse the "
               "`evaluate.diff_in_diff` cell.",
         "zh": "笔记本 05（零售）第 3 节“Difference-in-differences”：沿用 "
               "`evaluate.diff_in_diff` 单元格。"},
        {"en": "`diff_in_diff` returns a one-row DataFrame; take `['estimate'].iloc[0]`.",
         "zh": "`diff_in_diff` 返回只有一行的 DataFrame；取 `['estimate'].iloc[0]`。"},
        {"en": "By hand: `m = panel.groupby(['treated', 'period'])['amount'].mean()`; "
               "`(m[True, 1] - m[True, 0]) - (m[False, 1] - m[False, 0])`.",
         "zh": "手算：`m = panel.groupby(['treated', 'period'])['amount'].mean()`；"
               "`(m[True, 1] - m[True, 0]) - (m[False, 1] - m[False, 0])`。"},
    ],
    solution=("did = tl.diff_in_diff(panel, unit='member_id', period='period', treated='treated',\n"
              "                      outcome='amount', n_boot=200, random_state=0)\n"
              "estimate = did['estimate'].iloc[0]"),
    near_misses=[
        NearMiss({"en": "Treated and control are swapped: the sign is reversed.",
                  "zh": "实验组和对照组放反了：符号相反。"},
                 variant=lambda ctx: _did(ctx, how="swap")),
        NearMiss({"en": "That compares the two groups AFTER only (a simple uplift). DiD also "
                        "subtracts the difference they already had before.",
                  "zh": "这只比较了两组活动“之后”的差异（简单提升）。双重差分还要减去两组之前就存在的差异。"},
                 variant=lambda ctx: _did(ctx, how="after")),
        NearMiss({"en": "That is the treated group's before/after change. Part of it is the "
                        "season: subtract the control group's change.",
                  "zh": "这是实验组前后的变化。其中一部分来自季节因素：请减去对照组的变化。"},
                 variant=lambda ctx: _did(ctx, how="treated_only")),
    ],
)

q4 = Question(
    "q4",
    prompt={
        "en": "Tier migration: `before` and `after` are the ABC tiers of the first and the last "
              "365 days. Of the members who were A before, what share is still A after (members "
              "who bought nothing after count as 'lost')? A number between 0 and 1.",
        "zh": "层级迁移：`before` 和 `after` 是前一段和最近 365 天的 ABC 分级。之前是 A 层的会员中，"
              "之后仍是 A 层的比例是多少（之后没有购买的会员算作 'lost'）？请给出 0 到 1 之间的数字。",
    },
    expected=_stay_a,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Notebook 05 retail, section 5 'Tier migration': reuse the migration cell.",
         "zh": "笔记本 05（零售）第 5 节“Tier migration”：沿用迁移矩阵那个单元格。"},
        {"en": "`tl.migration_matrix(before, after, customer='member_id', normalize='index', "
               "order=['A', 'B', 'C'])` gives each row's shares.",
         "zh": "`tl.migration_matrix(before, after, customer='member_id', normalize='index', "
               "order=['A', 'B', 'C'])` 给出每一行的占比。"},
        {"en": "Then read the cell row 'A', column 'A': `m.loc['A', 'A']`.",
         "zh": "然后读取行 'A'、列 'A' 的单元格：`m.loc['A', 'A']`。"},
    ],
    solution=("m = tl.migration_matrix(before, after, customer='member_id', normalize='index',\n"
              "                        order=['A', 'B', 'C'])\n"
              "stay_a = m.loc['A', 'A']"),
    near_misses=[
        NearMiss({"en": "That is the share of today's A members who were A before (a column "
                        "share). The question starts from the A members BEFORE (a row share).",
                  "zh": "这是今天的 A 层会员中之前也是 A 层的比例（列占比）。题目从“之前”的 A 层会员出发（行占比）。"},
                 variant=lambda ctx: _stay_a(ctx, normalize="columns")),
        NearMiss({"en": "You left out the lost members. A members who stopped buying count too: "
                        "divide by all A members before.",
                  "zh": "你漏掉了流失的会员。停止购买的 A 层会员也要计入：请除以之前全部的 A 层会员。"},
                 variant=lambda ctx: _stay_a(ctx, among_stayers=True)),
    ],
)

q5 = Question(
    "q5",
    prompt={
        "en": "Only about half of last year's A members are A again this year. What does that "
              "tell you? "
              "(a) the ABC tiering was computed wrongly, "
              "(b) A members are unhappy with our service, "
              "(c) tiers are snapshots: members move (churn, life changes, a big one-off purchase "
              "last year), so tiers must be refreshed and a plan judged on the members of its "
              "baseline tiers, "
              "(d) ABC should not be used in retail.",
        "zh": "去年的 A 层会员中只有大约一半今年仍是 A 层。这说明什么？"
              "(a) ABC 分级算错了；"
              "(b) A 层会员对我们的服务不满意；"
              "(c) 分级是快照：会员会流动（流失、生活变化、去年的一次性大额购买），所以分级必须定期更新，"
              "并按计划制定时的基线层级来评估计划效果；"
              "(d) 零售业不应使用 ABC。",
    },
    expected=lambda ctx: "c",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "The tiers are computed correctly for each year; the members changed.",
              "zh": "每一年的分级都计算正确；是会员发生了变化。"},
        "b": {"en": "Possible, but migration alone cannot tell you that; look at satisfaction "
                    "and NPS by tier.",
              "zh": "有可能，但仅凭迁移无法得出这个结论；请按层级看满意度和 NPS。"},
        "d": {"en": "ABC still finds the members who carry the value today; it just does not "
                    "stay true for ever.",
              "zh": "ABC 仍能找出今天贡献价值的会员；只是它不会永远成立。"},
    }),
    hints=[
        {"en": "Notebook 05 retail, section 5 'Tier migration': reread what the diagonal means.",
         "zh": "笔记本 05（零售）第 5 节“Tier migration”：重读对角线的含义。"},
        {"en": "Part of being A last year was luck (a big one-off basket): regression to the mean.",
         "zh": "去年成为 A 层有一部分是运气（一次性的大额购物）：这就是均值回归。"},
        {"en": "`tl.kpi_by_tier` keeps each member in the tier the plan was made for.",
         "zh": "`tl.kpi_by_tier` 让每位会员保持在制定计划时所属的层级。"},
    ],
    solution='choice = "c"',
    explanation={"en": "Right: static tiers are a limit of tiering. Refresh them every period and "
                       "judge the plan on its baseline tiers.",
                 "zh": "正确：静态分级是分级管理的局限之一。每个周期都要更新分级，并按基线层级评估计划。"},
)

EXERCISE = Exercise(
    "05_evaluation_retail", [q1, q2, q3, q4, q5],
    title={"en": "05 · Evaluation (效果评估) — retail exercises",
           "zh": "05 · 效果评估 — 零售练习"},
    prepare=check_retail, default_data=default_retail,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q6", at="a",
        stem={"en": "The repurchase rate of the members who got the campaign rose from 30% to "
                    "38%. Marketing says: \"The campaign worked.\" What is the flaw?",
              "zh": "收到活动的会员复购率从 30% 升到了 38%。市场部说：“活动有效。”问题在哪里？"},
        right={"en": "it is a before/after of the treated alone, without a control group",
               "zh": "这只是实施组自己的前后对比，没有对照组"},
        wrong=[
            ({"en": "none: 8 points is a large rise",
              "zh": "没有问题：8 个百分点是很大的提升"},
             {"en": "The size of a rise says nothing about its cause.",
              "zh": "提升的大小说明不了它的原因。"}),
            ({"en": "repurchase rate is the wrong measure for any campaign; only the spend per "
                    "member counts",
              "zh": "复购率对任何活动都是错误的指标；只有人均消费才算数"},
             {"en": "Repurchase is a fair measure for a retention campaign; what is missing is "
                    "the comparison.",
              "zh": "对留存活动来说，复购率是合理的指标；缺的是对照。"}),
            ({"en": "the rise is too small to mean anything",
              "zh": "提升太小，没有意义"},
             {"en": "Small or large, without a control you cannot tell what the campaign did.",
              "zh": "无论大小，没有对照就说不清活动做了什么。"}),
        ],
        hint={"en": "What would the repurchase rate have been without the campaign?",
              "zh": "没有活动的话，复购率会是多少？"},
        explanation={"en": "复购率涨 is not 活动有效: only treated minus control (uplift) "
                           "measures the campaign. Check the control group on your world.",
                     "zh": "复购率涨不等于活动有效：只有实施组减对照组（提升）才衡量活动效果。"
                           "在你的数据上看看对照组。"}),
    judgement(
        "q7", at="d",
        stem={"en": "Before the plan, treated and control stores grew alike. During the plan, "
                    "treated stores grew 12% and control stores 8%. What is the best estimate "
                    "of the plan's effect?",
              "zh": "计划实施前，实施门店和对照门店增长相同。实施期间，实施门店增长 12%，对照门店增长 8%。"
                    "对计划效果的最佳估计是多少？"},
        right={"en": "about 4 points (difference in differences)",
               "zh": "约 4 个百分点（双重差分）"},
        wrong=[
            ({"en": "12%: what the treated stores grew",
              "zh": "12%：实施门店的增长"},
             {"en": "Part of that growth happened in the control stores too, without the plan.",
              "zh": "其中一部分增长在没有计划的对照门店也发生了。"}),
            ({"en": "20%: both growths together",
              "zh": "20%：两者的增长相加"},
             {"en": "Adding counts the market's growth twice.",
              "zh": "相加会把市场的增长算两次。"}),
            ({"en": "8%: what the control stores grew, which is the market",
              "zh": "8%：对照门店的增长，也就是市场的增长"},
             {"en": "That is what happened without the plan; the effect is what came on top.",
              "zh": "那是没有计划时发生的；效果是在此之上多出来的部分。"}),
        ],
        hint={"en": "Subtract what would have happened anyway.",
              "zh": "减去本来就会发生的部分。"},
        explanation={"en": "DiD: the change of the treated minus the change of the control, if "
                           "they moved alike before.",
                     "zh": "双重差分：实施组的变化减去对照组的变化，前提是两组之前走势相同。"}),
    judgement(
        "q8", at="c",
        stem={"en": "To judge the plan by tier, which tier do you give each member?",
              "zh": "按层级评估计划时，每位会员应归入哪个层级？"},
        right={"en": "the tier she had when the plan was made (the baseline tier)",
               "zh": "制定计划时她所在的层级（基线层级）"},
        wrong=[
            ({"en": "the tier she has today",
              "zh": "她今天所在的层级"},
             {"en": "Today's tiers are partly the plan's result: members who responded moved "
                    "up, so the comparison flatters the plan.",
              "zh": "今天的层级部分是计划的结果：有响应的会员升级了，这样比较会美化计划。"}),
            ({"en": "her membership level (silver, gold, platinum)",
              "zh": "她的会员等级（银卡、金卡、白金卡）"},
             {"en": "The plan was made on tiers, not on levels; 白金会员 is not the same as "
                    "tier A.",
              "zh": "计划是按分层制定的，不是按会员等级；白金会员不等于 A 层。"}),
            ({"en": "no tier: judge the plan on all members together, which gives the largest "
                    "sample",
              "zh": "不分层：把所有会员放在一起评估，样本最大"},
             {"en": "Then you cannot see whether each tier's service model did its job.",
              "zh": "那样就看不出每一层的服务模式是否奏效。"}),
        ],
        hint={"en": "Which members was each part of the plan made for?",
              "zh": "计划的每一部分是为哪些会员制定的？"},
        explanation={"en": "Fix the tiers at the baseline; migration is a separate result.",
                     "zh": "把层级固定在基线；层级迁移是另一个结果。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
