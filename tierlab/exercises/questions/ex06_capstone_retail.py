"""Exercises for ``06_capstone_retail``: the whole loop on your own world.

Accompanies ``notebooks/06_capstone.ipynb``: read a messy export of the
transactions (Chinese headers, amounts as text, duplicate lines), segment
the members by RFM, find the silent leavers with P(alive), build a campaign
list that beats "send it to the Champions" in the simulator, and decide what
to do with do-not-disturb members.

The notebook binds ``world = load_retail(seed=SEED)`` (a team's fresh world)
and starts from ``raw = messy_export(world)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab.clv import clv_table
from tierlab.datasets import World
from tierlab.exercises._compare import ChoiceAnswer, CustomAnswer, NumberAnswer
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._retail import check_retail, default_retail
from tierlab.io import read_transactions
from tierlab.rfm import rfm_scores, rfm_segments
from tierlab.simulate import score_plan
from tierlab.summary import rfm_table, summarize_transactions

__all__ = ["BUDGET", "EXERCISE", "champions_plan", "messy_export"]

#: Contacts the campaign of question 4 can afford.
BUDGET = 300
_HEADERS = {"transaction_id": "小票号", "member_id": "会员号", "date": "交易日期", "amount": "实付金额",
            "is_return": "是否退货"}


def messy_export(world: World) -> pd.DataFrame:
    """The transactions as a shop system exports them: Chinese headers, text amounts, duplicates.

    Columns 小票号 (receipt number), 会员号, 交易日期 (``2024年3月5日``), 实付金额
    (``"¥1,234.50"``), 是否退货. Every 50th line is exported twice (an exact
    duplicate, same receipt number), and every 200th line has no member id.
    """
    tx = world["transactions"][["transaction_id", "member_id", "date", "amount",
                                "is_return"]].reset_index(drop=True)
    out = pd.DataFrame({
        _HEADERS["transaction_id"]: tx["transaction_id"].astype(str),
        _HEADERS["member_id"]: tx["member_id"].astype(object),
        _HEADERS["date"]: [f"{d.year}年{d.month}月{d.day}日" for d in tx["date"]],
        _HEADERS["amount"]: ["¥" + f"{a:,.2f}" if a >= 0 else f"-¥{-a:,.2f}"
                             for a in tx["amount"]],
        _HEADERS["is_return"]: tx["is_return"].astype(bool),
    })
    out.loc[np.arange(len(out)) % 200 == 199, _HEADERS["member_id"]] = None
    dup = out.iloc[::50]
    return pd.concat([out, dup], ignore_index=True)


def _clean(ctx, *, drop_duplicates=True) -> pd.DataFrame:
    key = ("clean", drop_duplicates)
    return ctx.cached(key, lambda: read_transactions(messy_export(ctx.data), verbose=False,
                                                     drop_duplicates=drop_duplicates).data)


def _total(ctx, **kw) -> float:
    return float(_clean(ctx, **kw)["amount"].sum())


def _n_segment(ctx, *, segment="Champions", reverse=False) -> int:
    tx = _clean(ctx)
    r = rfm_table(tx, customer="customer_id")
    if reverse:
        r = r.assign(recency=-r["recency"])
    seg = rfm_segments(rfm_scores(r, customer="customer_id"), customer="customer_id")
    return int((seg["segment"] == segment).sum())


def _clv(ctx) -> pd.DataFrame:
    return ctx.cached("clv", lambda: clv_table(summarize_transactions(
        ctx.transactions, customer="member_id", time_unit="W"), customer="member_id"))


def _n_leavers(ctx, *, below=True, threshold=0.5) -> int:
    p = _clv(ctx)["p_alive"]
    return int((p < threshold).sum() if below else (p >= threshold).sum())


def champions_plan(world: World, n: int = BUDGET) -> list:
    """The benchmark: the ``n`` Champions (RFM) with the largest net spend."""
    r = rfm_table(world["transactions"], customer="member_id")
    seg = rfm_segments(rfm_scores(r, customer="member_id"), customer="member_id")
    champs = seg[seg["segment"] == "Champions"]
    return champs.nlargest(n, "monetary")["member_id"].tolist()


def _benchmark(ctx) -> float:
    """What the Champions plan earns in the simulator (the bar question 5 sets)."""
    bench = ctx.cached("bench", lambda: champions_plan(ctx.data))
    return float(score_plan(ctx.data, bench)["incremental"])


def _top_spenders(ctx) -> list:
    """The BUDGET members with the largest net spend (a near miss of question 4)."""
    def top():
        r = rfm_table(ctx.transactions, customer="member_id")
        return r.nlargest(BUDGET, "monetary")["member_id"].astype(str).tolist()
    return ctx.cached("top_spenders", top)


def _uplift_plan(ctx) -> list:
    """The solution of question 4: uplift x net spend, top BUDGET (a reference answer)."""
    import tierlab as tl

    world = ctx.data
    feats = tl.retail_features(world)
    est = tl.estimate_uplift(tl.campaign_history(world), method="segment", new_data=feats)
    est["value"] = est["uplift"] * feats["monetary"].clip(lower=0).to_numpy()
    return est.nlargest(BUDGET, "value")["member_id"].tolist()


def _check_plan(got, benchmark, ctx):
    """Custom comparison: at most BUDGET member ids that earn more than ``benchmark``.

    The list is scored in the simulator of the learner's world (``ctx.data``).
    """
    if isinstance(got, (pd.Series, pd.Index, np.ndarray, tuple, set)):
        got = list(got)
    if not isinstance(got, list) or isinstance(got, str):
        return {"en": "Give the target list as a list of member ids, e.g. ['M000012', ...], not "
                      f"{type(got).__name__}.",
                "zh": f"请以会员编号列表给出目标名单，例如 ['M000012', ...]，而不是 {type(got).__name__}。"}
    ids = list(dict.fromkeys(str(g) for g in got))
    known = set(ctx.members["member_id"].astype(str))
    unknown = [i for i in ids if i not in known]
    if unknown:
        return {"en": f"{unknown[0]!r} is not a member id of your world.",
                "zh": f"{unknown[0]!r} 不是你的数据中的会员编号。"}
    if len(ids) > BUDGET:
        return {"en": f"The budget buys {BUDGET} contacts; your list has {len(ids)} members.",
                "zh": f"预算只够联系 {BUDGET} 人；你的名单有 {len(ids)} 人。"}
    if not ids:
        return {"en": "Your list is empty.", "zh": "你的名单是空的。"}
    inc = float(score_plan(ctx.data, ids)["incremental"])
    if inc <= benchmark:
        return {"en": f"Your list earns {inc:,.0f} extra spend in the simulator; sending to the "
                      f"top Champions earns {benchmark:,.0f}. Target the members the "
                      "campaign persuades, not those who buy anyway.",
                "zh": f"你的名单在模拟器中带来 {inc:,.0f} 的额外消费；发给头部冠军客户带来 "
                      f"{benchmark:,.0f}。请瞄准能被活动说服的会员，而不是本来就会购买的会员。"}
    return None


q1 = Question(
    "q1",
    prompt={
        "en": "`raw` is the transaction export of the shop system: Chinese headers, amounts "
              "written as text ('¥1,234.50'), some duplicate lines and some lines without a "
              "member id. Clean it with `tl.read_transactions(raw)` and give the total `amount` "
              "of the clean data (a number).",
        "zh": "`raw` 是门店系统导出的交易数据：中文表头、以文本书写的金额（'¥1,234.50'）、"
              "一些重复行和一些缺少会员号的行。用 `tl.read_transactions(raw)` 清洗它，"
              "并给出清洗后数据的 `amount` 总额（一个数字）。",
    },
    expected=_total,
    answer=NumberAnswer(rtol=1e-9, percent_check=False),
    hints=[
        {"en": "Notebook 06, section 0 'Your data: reading a file from the field': reuse the "
               "`read_transactions` cell.",
         "zh": "笔记本 06 第 0 节“Your data: reading a file from the "
               "field”：沿用 `read_transactions` 单元格。"},
        {"en": "`read_transactions` returns a result with `.data` (the clean table) and "
               "`.report` (what was fixed).",
         "zh": "`read_transactions` 返回的结果包含 `.data`（清洗后的表）和 `.report`（修正了什么）。"},
        {"en": "`clean = tl.read_transactions(raw, verbose=False).data`; "
               "`clean['amount'].sum()`.",
         "zh": "`clean = tl.read_transactions(raw, verbose=False).data`；`clean['amount'].sum()`。"},
    ],
    solution=("clean = tl.read_transactions(raw, verbose=False).data\n"
              "total = clean['amount'].sum()"),
    near_misses=[
        NearMiss({"en": "The duplicate lines are still in: the export repeats some lines with "
                        "the same receipt number (小票号). Keep the default, which drops them.",
                  "zh": "重复行还在：导出文件以相同小票号重复了一些行。请保留默认设置，它会删除这些行。"},
                 variant=lambda ctx: _total(ctx, drop_duplicates=False)),
        NearMiss({"en": "That is GROSS spend: the returns (negative amounts) are left out. "
                        "Net spend subtracts them.",
                  "zh": "这是总消费（毛额）：退货（负金额）被漏掉了。净消费要减去退货。"},
                 variant=lambda ctx: float(_clean(ctx)["amount"].clip(lower=0).sum())),
    ],
    explanation={"en": "Always read the report: it tells you what was dropped and converted "
                       "before any number reaches a slide.",
                 "zh": "一定要看清洗报告：在任何数字上幻灯片之前，它会告诉你删除和转换了什么。"},
)

q2 = Question(
    "q2",
    prompt={
        "en": "On the CLEAN data (its id column is now `customer_id`): how many members are "
              "'Champions' in the RFM segments (`tl.rfm_table`, `tl.rfm_scores`, "
              "`tl.rfm_segments`)? A number.",
        "zh": "在“清洗后”的数据上（编号列现在是 `customer_id`）：RFM 细分中有多少会员是 'Champions'"
              "（使用 `tl.rfm_table`、`tl.rfm_scores`、`tl.rfm_segments`）？请给出一个数字。",
    },
    expected=_n_segment,
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "Notebook 01 retail, section 3 'RFM: recency, frequency, monetary': reuse the "
               "`segments` cell.",
         "zh": "笔记本 01（零售）第 3 节“RFM: recency, frequency, "
               "monetary”：沿用计算 `segments` 的单元格。"},
        {"en": "The default column names of the three functions now fit: `customer_id`, `date`, "
               "`amount`.",
         "zh": "三个函数的默认列名现在正好适用：`customer_id`、`date`、`amount`。"},
        {"en": "`seg = tl.rfm_segments(tl.rfm_scores(tl.rfm_table(clean)))`; "
               "`(seg['segment'] == 'Champions').sum()`.",
         "zh": "`seg = tl.rfm_segments(tl.rfm_scores(tl.rfm_table(clean)))`；"
               "`(seg['segment'] == 'Champions').sum()`。"},
    ],
    solution=("seg = tl.rfm_segments(tl.rfm_scores(tl.rfm_table(clean)))\n"
              "n_champions = (seg['segment'] == 'Champions').sum()"),
    near_misses=[
        NearMiss({"en": "Recency is reversed: fewer days since the last purchase must score "
                        "higher.",
                  "zh": "R 得分方向反了：距上次购买的天数越少，得分应越高。"},
                 variant=lambda ctx: _n_segment(ctx, reverse=True)),
        NearMiss({"en": "That counts Champions AND Loyal Customers; the question asks for the "
                        "Champions only.",
                  "zh": "这统计的是 Champions 加上 Loyal Customers；题目只问 Champions。"},
                 variant=lambda ctx: _n_segment(ctx) + _n_segment(ctx, segment="Loyal Customers")),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": "Silent leavers: fit the CLV models on `world.transactions` "
              "(`tl.clv_table(tl.summarize_transactions(tx, customer='member_id', "
              "time_unit='W'), customer='member_id')`). How many members have `p_alive` below "
              "0.5? A number.",
        "zh": "悄悄流失的会员：在 `world.transactions` 上拟合 CLV 模型"
              "（`tl.clv_table(tl.summarize_transactions(tx, customer='member_id', "
              "time_unit='W'), customer='member_id')`）。有多少会员的 `p_alive` 低于 0.5？请给出一个数字。",
    },
    expected=_n_leavers,
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    builds_on=("notebooks/01_current_state_retail.ipynb#cell-26:"
                "int((pred['p_alive'] < 0.5).sum())"),
    hints=[
        {"en": "Notebook 01 retail, section 5 'Customer lifetime value': reuse the `clv_table` "
               "cell.",
         "zh": "笔记本 01（零售）第 5 节“Customer lifetime value”：沿用 "
               "`clv_table` 单元格。"},
        {"en": "Store the CLV table in a variable; `p_alive` is one of its columns.",
         "zh": "把 CLV 表存进变量；`p_alive` 是其中一列。"},
        {"en": "`(clv['p_alive'] < 0.5).sum()`.", "zh": "`(clv['p_alive'] < 0.5).sum()`。"},
    ],
    solution=("summary = tl.summarize_transactions(tx, customer='member_id', time_unit='W')\n"
              "clv = tl.clv_table(summary, customer='member_id')\n"
              "n_leavers = (clv['p_alive'] < 0.5).sum()"),
    near_misses=[
        NearMiss({"en": "That counts the members who are probably still ALIVE (p_alive >= 0.5); "
                        "the question asks for those below 0.5.",
                  "zh": "这统计的是很可能仍“存活”的会员（p_alive >= 0.5）；题目问的是低于 0.5 的会员。"},
                 variant=lambda ctx: _n_leavers(ctx, below=False)),
        NearMiss({"en": "That is the number of ALL members in the CLV table: keep only those "
                        "with `p_alive` below 0.5.",
                  "zh": "这是 CLV 表中所有会员的人数：只保留 `p_alive` 低于 0.5 的会员。"},
                 variant=lambda ctx: len(_clv(ctx))),
        NearMiss({"en": "That is a share of the members; the question asks HOW MANY (a count).",
                  "zh": "这是会员的占比；题目问的是有多少人（人数）。"},
                 test=lambda a, ctx: 0 < float(a) < 1),
    ],
    explanation={"en": "Nobody cancels a membership: these members simply stopped coming. They "
                       "are where a win-back contact may pay, if it is cheap.",
                 "zh": "没有人会注销会员：这些会员只是不再来了。如果成本低，挽回联系可能在他们身上见效。"},
)

q4 = Question(
    "q4",
    prompt={
        "en": f"The next campaign can afford {BUDGET} contacts. The benchmark sends it to the "
              f"{BUDGET} Champions with the largest net spend (`champions_plan(world)`). Build a "
              "target list (a list of member ids, at most "
              f"{BUDGET}) that earns MORE extra spend in the simulator "
              "(`tl.score_plan(world, ids)['incremental']`) than the benchmark.",
        "zh": f"下一次营销活动的预算够联系 {BUDGET} 人。基准方案是发给净消费最高的 {BUDGET} 位冠军客户"
              f"（`champions_plan(world)`）。请构建一个目标名单（会员编号列表，最多 {BUDGET} 人），"
              "使其在模拟器中带来的额外消费（`tl.score_plan(world, ids)['incremental']`）高于基准方案。",
    },
    expected=_benchmark,
    answer=CustomAnswer(_check_plan),
    reference=lambda ctx: _uplift_plan(ctx),
    hints=[
        {"en": "Notebook 03 retail, section 3 'The campaign history: response rate is not "
               "uplift': reuse the `tl.estimate_uplift` cell.",
         "zh": "笔记本 03（零售）第 3 节“The campaign history: response rate "
               "is not uplift”：沿用 `tl.estimate_uplift` 单元格。"},
        {"en": "The campaign history tells you which segments the campaigns PERSUADE: "
               "`tl.estimate_uplift(tl.campaign_history(world), method='segment', "
               "new_data=tl.retail_features(world))`.",
         "zh": "营销活动历史会告诉你活动能“说服”哪些细分："
               "`tl.estimate_uplift(tl.campaign_history(world), method='segment', "
               "new_data=tl.retail_features(world))`。"},
        {"en": "Rank the members by estimated uplift x net spend and take the top of the list.",
         "zh": "按估计的提升 x 净消费对会员排序，取排名靠前的会员。"},
    ],
    solution=("est = tl.estimate_uplift(tl.campaign_history(world), method='segment',\n"
              "                         new_data=tl.retail_features(world))\n"
              "est['value'] = est['uplift'] * tl.retail_features(world)['monetary'].clip(lower=0)"
              ".to_numpy()\n"
              f"targets = est.nlargest({BUDGET}, 'value')['member_id'].tolist()"),
    near_misses=[
        NearMiss({"en": "That is the benchmark itself, the top Champions: it earns exactly the "
                        "bar, not more. Target the members a campaign PERSUADES.",
                  "zh": "这就是基准本身（前几位 Champions）：收益正好等于基准，没有超过。"
                        "请针对会被活动说服的会员。"},
                 test=lambda a, ctx: set(map(str, a)) == set(
                     ctx.cached("bench", lambda: champions_plan(ctx.data)))),
        NearMiss({"en": "Ranking by past spend picks members who buy anyway. Rank by the "
                        "estimated uplift times their value.",
                  "zh": "按过去的消费排序选到的是本来就会购买的会员。请按估计的提升乘以价值排序。"},
                 test=lambda a, ctx: set(map(str, a)) == set(_top_spenders(ctx))),
    ],
    explanation={"en": "Right: the budget buys behaviour change. Persuadable members with a "
                       "healthy basket earn more than Champions who buy anyway.",
                 "zh": "正确：预算买的是行为改变。有一定消费能力的可说服会员，比本来就会购买的冠军客户带来更多收益。"},
)

q5 = Question(
    "q5",
    prompt={
        "en": "The uplift model finds a group of high-value members who buy LESS when they are "
              "contacted (do-not-disturb). What should the plan do with them? "
              "(a) contact them more often until they respond, "
              "(b) leave them out of the campaign and serve them quietly, even though they are "
              "valuable, "
              "(c) give them bigger coupons, "
              "(d) treat them like every other member of their tier.",
        "zh": "提升模型发现一群高价值会员在被联系时反而“少买”（勿扰者）。计划应如何对待他们？"
              "(a) 更频繁地联系，直到他们响应；"
              "(b) 把他们排除在活动之外，安静地服务，尽管他们很有价值；"
              "(c) 给他们更大的优惠券；"
              "(d) 像对待本层级的其他会员一样对待他们。",
    },
    expected=lambda ctx: "b",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "Every contact lowers their spend: more contacts, more loss.",
              "zh": "每一次联系都会降低他们的消费：联系越多，损失越大。"},
        "c": {"en": "A bigger coupon is still a contact, and gives away more margin.",
              "zh": "更大的优惠券仍然是一次联系，而且让出更多利润。"},
        "d": {"en": "Their tier says how valuable they are, not how they react to a contact.",
              "zh": "层级说明他们有多有价值，而不说明他们对联系的反应。"},
    }),
    hints=[
        {"en": "Notebook 03 retail, section 5 'Lock in, grow, release': who gets which "
               "treatment, and why.",
         "zh": "笔记本 03（零售）第 5 节“Lock in, grow, release”：谁得到哪种对待，为什么。"},
        {"en": "Value and response are different dimensions.", "zh": "价值和响应是不同的维度。"},
        {"en": "Uplift below zero means the campaign costs spend.",
         "zh": "提升小于零意味着活动让消费减少。"},
    ],
    solution='choice = "b"',
    explanation={"en": "Right: 'do not disturb' is a decision too. Tiering says who matters; "
                       "uplift says whom a contact helps.",
                 "zh": "正确：“不打扰”也是一种决策。分级说明谁重要；提升说明联系能帮助谁。"},
)

EXERCISE = Exercise(
    "06_capstone_retail", [q1, q2, q3, q4, q5],
    title={"en": "06 · Capstone — retail exercises", "zh": "06 · 综合练习 — 零售"},
    prepare=check_retail, default_data=default_retail,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q6", at="d",
        stem={"en": "You receive your own member export (customer, date, amount). What do you "
                    "check before any tiering?",
              "zh": "你拿到了自己公司的会员导出数据（客户、日期、金额）。分级之前要先检查什么？"},
        right={"en": "returns, date range, duplicate rows and walk-in or empty ids",
               "zh": "退货、日期范围、重复行，以及散客或空编号"},
        wrong=[
            ({"en": "nothing: the system export is clean",
              "zh": "什么都不用查：系统导出的数据是干净的"},
             {"en": "Exports carry returns, test rows and walk-in ids; unchecked, they become "
                    "'top members'.",
              "zh": "导出数据里有退货、测试行和散客编号；不检查，它们就会变成“头部会员”。"}),
            ({"en": "only that the file opens in Excel",
              "zh": "只检查文件能否在 Excel 中打开"},
             {"en": "Opening is not the same as being right; the content needs the checks.",
              "zh": "能打开不代表数据正确；内容需要检查。"}),
            ({"en": "the membership level of each customer, since the top levels are the most "
                    "valuable members",
              "zh": "每位客户的会员等级，因为高等级会员最有价值"},
             {"en": "The level is not in the file and is not value (白金会员 is not "
                    "最有价值).",
              "zh": "文件里没有会员等级，而且等级不等于价值（白金会员不等于最有价值）。"}),
        ],
        hint={"en": "Which rows would give a wrong top member?",
              "zh": "哪些行会产生错误的头部会员？"},
        explanation={"en": "Clean first: returns netted, one row per purchase, real members "
                           "only.",
                     "zh": "先清洗：退货抵扣、每次购买一行、只保留真实会员。"}),
    judgement(
        "q7", at="a",
        stem={"en": "The CFO asks: \"What happens if we do nothing?\" Which number answers "
                    "her?",
              "zh": "财务总监问：“如果我们什么都不做，会怎样？”哪个数字能回答她？"},
        right={"en": "the do-nothing forecast, against last year and the goal",
               "zh": "“不采取行动”的预测，与去年和目标对比"},
        wrong=[
            ({"en": "last year's net spend, since nothing changes if the business does nothing",
              "zh": "去年的净消费，因为什么都不做就什么都不会变"},
             {"en": "Members leave silently; doing nothing usually means less than last year.",
              "zh": "会员会悄悄流失；什么都不做通常意味着比去年少。"}),
            ({"en": "the campaign's response rate",
              "zh": "活动的响应率"},
             {"en": "That describes a campaign, not the business without one.",
              "zh": "那描述的是活动，而不是没有活动时的业务。"}),
            ({"en": "the number of platinum members",
              "zh": "白金会员的数量"},
             {"en": "A count of a level says nothing about next year's spend.",
              "zh": "某个等级的人数说明不了明年的消费。"}),
        ],
        hint={"en": "Which number is the baseline of the gap?",
              "zh": "哪个数字是差距的基线？"},
        explanation={"en": "The do-nothing forecast is the baseline every plan is measured "
                           "against.",
                     "zh": "“不采取行动”的预测是衡量每个计划的基线。"}),
    judgement(
        "q8", at="c",
        stem={"en": "Your plan shows a gain in the simulation. How will you prove it in real "
                    "life?",
              "zh": "你的计划在模拟中显示有收益。现实中你怎样证明它？"},
        right={"en": "a random control group in each tier, compared after the campaign",
               "zh": "每层随机留对照组，活动后比较"},
        wrong=[
            ({"en": "compare this year's sales with last year's",
              "zh": "比较今年和去年的销售"},
             {"en": "A before/after mixes the plan with the season and the market.",
              "zh": "前后对比把计划和季节、市场混在一起了。"}),
            ({"en": "count how many coupons were redeemed",
              "zh": "统计优惠券核销了多少张"},
             {"en": "Redemptions include sure things who would have bought anyway.",
              "zh": "核销中包括本来就会购买的必然购买者。"}),
            ({"en": "watch the repurchase rate of the treated members in the months after the "
                    "campaign",
              "zh": "观察实施组会员在活动之后几个月的复购率"},
             {"en": "A rising repurchase rate alone does not show the campaign worked (复购率涨 "
                    "is not 活动有效).",
              "zh": "仅凭复购率上升不能证明活动有效（复购率涨不等于活动有效）。"}),
        ],
        hint={"en": "What would those members have done without the plan?",
              "zh": "如果没有计划，这些会员会怎么做？"},
        explanation={"en": "Plan the measurement before the campaign: a random control per "
                           "tier.",
                     "zh": "在活动之前就设计好衡量方法：每个层级一个随机对照组。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
