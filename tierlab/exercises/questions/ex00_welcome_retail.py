"""Exercises for ``00_welcome_retail``: find your way around the retail world.

Accompanies ``notebooks/00_welcome.ipynb``. The questions are small pandas
steps on the raw tables (who is the customer, net spend after returns, the
share of online, the return rate) and one interpretation question on the
dimensions of tiering.

The plumbing all retail exercise sets share (``check_retail``, ``default_retail``,
``member_rfm``, ``member_summary``, ``member_clv``, ``MARGIN``, ``RETURN_COST``) lives in
:mod:`tierlab.exercises.questions._retail`.

Example
-------
>>> from tierlab.datasets import load_retail            # doctest: +SKIP
>>> from tierlab.exercises import load
>>> ex = load("00_welcome_retail", data=load_retail())   # doctest: +SKIP
>>> ex.q1.check(3000)                                     # doctest: +SKIP
"""

from __future__ import annotations

import pandas as pd

from tierlab.exercises._compare import ChoiceAnswer, NumberAnswer, SeriesAnswer
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._retail import MEMBER, check_retail, default_retail

__all__ = ["EXERCISE"]


def _net_spend(transactions: pd.DataFrame, *, column: str = "amount",
               returns: bool = True) -> pd.Series:
    """Net spend per member (question 2); the keywords recompute two common mistakes.

    ``returns=False`` drops the return rows first (the "returns not netted"
    mistake); ``column="gross_amount"`` sums before discounts. A Series indexed
    by member_id, named ``net_spend``.
    """
    tx = transactions if returns else transactions[~transactions["is_return"].astype(bool)]
    return tx.groupby("member_id")[column].sum().rename("net_spend")


# ---------------------------------------------------------------------------------------
# reference answers
# ---------------------------------------------------------------------------------------
def _online_share(ctx, *, column="amount", basis="total") -> float:
    tx = ctx.transactions
    if column == "rows":
        return float((tx["channel"] == "online").mean())
    by = tx.groupby("channel")[column].sum()
    den = by.get("store", 0.0) if basis == "store" else by.sum()
    return float(by.get("online", 0.0) / den)


def _return_rate(ctx, *, how="value") -> float:
    tx = ctx.transactions
    ret = tx["is_return"].astype(bool)
    if how == "lines":
        return float(ret.mean())
    returned = -tx.loc[ret, "amount"].sum()
    if how == "net":
        return float(returned / tx["amount"].sum())
    if how == "signed":
        return float(-returned / tx.loc[~ret, "amount"].sum())
    return float(returned / tx.loc[~ret, "amount"].sum())


q1 = Question(
    "q1",
    prompt={
        "en": "In the retail world the customer is the member (会员). How many members are "
              "there? Give a number.",
        "zh": "在零售案例中，客户是会员。一共有多少位会员？请给出一个数字。",
    },
    expected=lambda ctx: int(ctx.members["member_id"].nunique()),
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "Notebook 00, section 3 'The two case companies': reuse the "
               "`retail.members.head()` cell; notebook 00b, section 1 counts distinct ids with "
               "`nunique()`.",
         "zh": "笔记本 00 第 3 节“The two case companies”：沿用 "
               "`retail.members.head()` 那个单元格；笔记本 00b 第 1 节用 "
               "`nunique()` 统计不重复的编号。"},
        {"en": "Each member has one row in `world.members`.",
         "zh": "每位会员在 `world.members` 中有一行。"},
        {"en": "`world.members['member_id'].nunique()` or `len(world.members)`.",
         "zh": "`world.members['member_id'].nunique()` 或 `len(world.members)`。"},
    ],
    solution="n_members = world.members['member_id'].nunique()",
    near_misses=[
        NearMiss({"en": "That is the number of rows in `transactions`: one row per receipt line. "
                        "Count distinct members instead.",
                  "zh": "这是 `transactions` 的行数：每条小票明细一行。请统计不重复的会员数。"},
                 variant=lambda ctx: len(ctx.transactions)),
        NearMiss({"en": "That is the number of stores (plus the online shop). The customer we "
                        "tier is the member.",
                  "zh": "这是门店（加上线上商城）的数量。我们分级的客户是会员。"},
                 variant=lambda ctx: len(ctx.stores)),
        NearMiss({"en": "That is the number of survey answers; only some members answered.",
                  "zh": "这是问卷答卷的数量；只有部分会员回答了问卷。"},
                 variant=lambda ctx: len(ctx.surveys)),
    ],
    explanation={"en": "Right: the member is the customer we tier; stores and the web shop are "
                       "where they buy.",
                 "zh": "正确：我们分级的客户是会员；门店和线上商城是他们购买的地方。"},
)

q2 = Question(
    "q2",
    prompt={
        "en": "Compute each member's NET spend over the whole history: the sum of `amount`, in "
              "which returns are negative rows. Give a Series indexed by member_id (one value "
              "per member with transactions).",
        "zh": "计算每位会员在全部历史中的净消费：对 `amount` 求和，其中退货是金额为负的行。"
              "结果为以 member_id 为索引的 Series（每位有交易的会员一个值）。",
    },
    expected=lambda ctx: _net_spend(ctx.transactions),
    answer=SeriesAnswer(rtol=1e-6, entity=MEMBER),
    builds_on="notebooks/00b_pandas_for_excel.ipynb#pd-net:net",
    hints=[
        {"en": "Notebook 00b, section 3 'SUMIF = groupby': reuse the `net` cell.",
         "zh": "笔记本 00b 第 3 节“SUMIF = groupby”：沿用计算 `net` 的单元格。"},
        {"en": "In Excel this is a pivot table: rows = member_id, values = sum of amount.",
         "zh": "在 Excel 里这就是数据透视表：行 = member_id，值 = amount 求和。"},
        {"en": "`tx.groupby('member_id')['amount'].sum()` — keep the return rows: their "
               "negative amounts do the netting.",
         "zh": "`tx.groupby('member_id')['amount'].sum()`——保留退货行：它们的负金额会自动抵扣。"},
    ],
    solution="net = tx.groupby('member_id')['amount'].sum()",
    near_misses=[
        NearMiss({"en": "Returns are not netted: you dropped the return rows, so returned goods "
                        "still count as spend. Keep them — their `amount` is negative.",
                  "zh": "退货没有抵扣：你去掉了退货行，退回的商品仍被算作消费。请保留它们——"
                        "它们的 `amount` 是负数。"},
                 variant=lambda ctx: _net_spend(ctx.transactions, returns=False)),
        NearMiss({"en": "That is `gross_amount` (before discounts). Net spend is `amount`, after "
                        "discounts and returns.",
                  "zh": "这是 `gross_amount`（折扣前）。净消费是 `amount`：扣除折扣和退货之后的金额。"},
                 variant=lambda ctx: _net_spend(ctx.transactions, column="gross_amount")),
        NearMiss({"en": "That counts receipt lines per member; add up `amount` instead.",
                  "zh": "这是每位会员的小票明细行数；请改为对 `amount` 求和。"},
                 variant=lambda ctx: ctx.transactions.groupby("member_id")["amount"].size()),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": "What share of our net sales (sum of `amount`) comes from the online channel? "
              "A number between 0 and 1.",
        "zh": "我们的净销售额（`amount` 之和）中有多大比例来自线上渠道？请给出 0 到 1 之间的数字。",
    },
    expected=_online_share,
    answer=NumberAnswer(rtol=1e-6),
    builds_on="notebooks/00b_pandas_for_excel.ipynb#pd-share:share['online']",
    hints=[
        {"en": "Notebook 00b, section 3 'SUMIF = groupby': the `by_category` cell adds up "
               "`amount` per category; do it per channel.",
         "zh": "笔记本 00b 第 3 节“SUMIF = groupby”：`by_category` 单元格按品类汇总"
               " `amount`；改成按渠道汇总。"},
        {"en": "Add up `amount` per `channel`; then divide online by the total.",
         "zh": "按 `channel` 汇总 `amount`，再用线上除以总额。"},
        {"en": "`by = tx.groupby('channel')['amount'].sum()`; `by['online'] / by.sum()`.",
         "zh": "`by = tx.groupby('channel')['amount'].sum()`；`by['online'] / by.sum()`。"},
    ],
    solution=("by_channel = tx.groupby('channel')['amount'].sum()\n"
              "online_share = by_channel['online'] / by_channel.sum()"),
    near_misses=[
        NearMiss({"en": "That is the share of receipt LINES that are online. The question asks "
                        "for the share of net sales (the money).",
                  "zh": "这是线上小票明细的行数占比。题目问的是净销售额（金额）的占比。"},
                 variant=lambda ctx: _online_share(ctx, column="rows")),
        NearMiss({"en": "You divided online by store sales. The share divides by the total of "
                        "both channels.",
                  "zh": "你用线上除以了门店销售额。占比应除以两个渠道的合计。"},
                 variant=lambda ctx: _online_share(ctx, basis="store")),
        NearMiss({"en": "That uses `gross_amount` (before discounts and returns); use `amount`.",
                  "zh": "这里用的是 `gross_amount`（折扣和退货之前）；请使用 `amount`。"},
                 variant=lambda ctx: _online_share(ctx, column="gross_amount")),
    ],
    explanation={"en": "A large separate channel: members who only buy online never meet a "
                       "store manager, which matters for the service model.",
                 "zh": "线上是一个很大的独立渠道：只在线上购买的会员从不接触门店经理，"
                       "这会影响服务模式的设计。"},
)

q4 = Question(
    "q4",
    prompt={
        "en": "The return rate by value: the money refunded (minus the sum of the negative "
              "`amount` rows) divided by the money sold (the sum of the positive rows). "
              "A positive number between 0 and 1.",
        "zh": "按金额计算的退货率：退款金额（负 `amount` 行之和取负）除以销售金额（正 `amount` 行之和）。"
              "请给出 0 到 1 之间的正数。",
    },
    expected=_return_rate,
    answer=NumberAnswer(rtol=1e-6),
    builds_on=("notebooks/00b_pandas_for_excel.ipynb#pd-returns:"
                "-tx.loc[returns, 'amount'].sum() / tx.loc[~returns, 'amount'].sum()"),
    hints=[
        {"en": "Notebook 00b, section 2 'Filter = a boolean mask': reuse the cell with 'value "
               "sold' and 'value refunded'.",
         "zh": "笔记本 00b 第 2 节“Filter = a boolean mask”：沿用含“value "
               "sold”和“value refunded”的单元格。"},
        {"en": "The column `is_return` marks the return rows.",
         "zh": "`is_return` 列标记了退货行。"},
        {"en": "`-tx.loc[tx.is_return, 'amount'].sum() / tx.loc[~tx.is_return, 'amount'].sum()`.",
         "zh": "`-tx.loc[tx.is_return, 'amount'].sum() / tx.loc[~tx.is_return, 'amount'].sum()`。"},
    ],
    solution=("returned = -tx.loc[tx['is_return'], 'amount'].sum()\n"
              "sold = tx.loc[~tx['is_return'], 'amount'].sum()\n"
              "return_rate = returned / sold"),
    near_misses=[
        NearMiss({"en": "That is the share of receipt LINES that are returns, not the share of "
                        "the money.",
                  "zh": "这是退货行在小票明细行数中的占比，而不是金额占比。"},
                 variant=lambda ctx: _return_rate(ctx, how="lines")),
        NearMiss({"en": "The sign is negative: return rows have negative amounts, so flip the "
                        "sign of the refunded money.",
                  "zh": "结果是负数：退货行的金额为负，请把退款金额取相反数。"},
                 variant=lambda ctx: _return_rate(ctx, how="signed")),
        NearMiss({"en": "You divided by NET sales (returns already subtracted). Divide by the "
                        "money sold: the positive rows only.",
                  "zh": "你除以的是净销售额（已扣除退货）。请除以销售金额：只取正金额的行。"},
                 variant=lambda ctx: _return_rate(ctx, how="net")),
    ],
)

q5 = Question(
    "q5",
    prompt={
        "en": "Tiering looks at customers on several dimensions: value, potential, loyalty, needs. "
              "Which dimension does the survey column `need_clarity` (1-5) measure? "
              "(a) value, (b) potential, (c) loyalty, (d) needs.",
        "zh": "客户分级从多个维度看客户：价值、潜力、忠诚度、需求。问卷列 `need_clarity`（1-5）"
              "衡量的是哪个维度？(a) 价值；(b) 潜力；(c) 忠诚度；(d) 需求。",
    },
    expected=lambda ctx: "d",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "Value is what the member spends with us (net `amount`), not a survey score.",
              "zh": "价值是会员在我们这里的消费（净 `amount`），而不是问卷分数。"},
        "b": {"en": "Potential is what the member could spend in future (e.g. predicted CLV); "
                    "clarity of needs does not say how much.",
              "zh": "潜力是会员未来可能的消费（例如预测的 CLV）；需求是否明确并不说明消费多少。"},
        "c": {"en": "Loyalty is how steadily the member comes back (repeat purchases), not how "
                    "clearly they know what they want.",
              "zh": "忠诚度是会员回头购买的稳定程度（重复购买），而不是他们是否清楚自己要什么。"},
    }),
    hints=[
        {"en": "Notebook 00, section 2 'Dimensions (维度) and standards (标准)': read the dimensions"
               " table.",
         "zh": "笔记本 00 第 2 节“Dimensions (维度) and standards "
               "(标准)”：看维度那张表。"},
        {"en": "By needs, customers split into clear / fuzzy / latent needs.",
         "zh": "按需求可把客户分为需求明确 / 模糊 / 潜在。"},
        {"en": "Read the column's description in `world.dictionary`.",
         "zh": "在 `world.dictionary` 中查看这一列的说明。"},
    ],
    solution='choice = "d"',
    explanation={"en": "Right: clear-needs members want speed and precision; fuzzy and latent "
                       "needs call for advice and discovery.",
                 "zh": "正确：需求明确的会员要的是快速、精准；需求模糊或潜在的会员需要咨询和挖掘。"},
)

EXERCISE = Exercise(
    "00_welcome_retail", [q1, q2, q3, q4, q5],
    title={"en": "00 · Welcome — retail exercises", "zh": "00 · 欢迎 — 零售练习"},
    prepare=check_retail, default_data=default_retail,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q6", at="d",
        stem={"en": "The CRM director asks why the chain should tier its members instead of "
                    "sending every campaign to everybody. Which answer holds?",
              "zh": "CRM 总监问：为什么要给会员分级，而不是把每个活动都发给所有人？哪个回答站得住？"},
        right={"en": "budget and staff time are limited and a contact changes some members' "
                     "buying far more than others'",
               "zh": "预算和店员时间有限，而同一次联系对不同会员购买的影响差别很大"},
        wrong=[
            ({"en": "to give the top members the biggest discounts",
              "zh": "为了给最好的会员最大的折扣"},
             {"en": "Many top members buy anyway; a discount to them is mostly margin given "
                    "away. A tier decides the service, not the discount size.",
              "zh": "很多最好的会员本来就会购买；给他们折扣大多是让利。级别决定服务方式，而不是折扣大小。"}),
            ({"en": "to replace the membership levels (silver, gold, platinum), which members "
                    "find confusing and which cost the chain too much",
              "zh": "为了取代会员等级（银卡、金卡、白金卡），会员觉得它们复杂，连锁也为此花费太多"},
             {"en": "Levels are the loyalty programme's promise to the member; tiers are an "
                    "internal decision rule. The two can live side by side.",
              "zh": "会员等级是积分计划对会员的承诺；分级是内部的决策规则。两者可以并存。"}),
            ({"en": "to stop serving the members in the lowest tier",
              "zh": "为了停止服务最低一级的会员"},
             {"en": "Every tier keeps a basic service; the lowest gets a cheaper channel, not "
                    "nothing.",
              "zh": "每个级别都保留基础服务；最低一级得到的是更省钱的渠道，而不是什么都没有。"}),
        ],
        hint={"en": "What is scarce, and what differs between members?",
              "zh": "什么资源是稀缺的？会员之间有什么不同？"},
        explanation={"en": "Tiering is a resource decision made explicit: scarce budget and "
                           "time, unequal members, a rule everybody can see.",
                     "zh": "分级就是把资源决策明确化：预算和时间有限，会员不同，规则人人可见。"}),
    judgement(
        "q7", at="b",
        stem={"en": "A member spends a lot with us, but the store team knows she does most of "
                    "her shopping at a competitor. Which dimension of the five (value, "
                    "potential, loyalty, needs, competition) shows the opportunity?",
              "zh": "一位会员在我们这里花得不少，但门店团队知道她大部分购物是在竞争对手那里完成的。"
                    "五个维度（价值、潜力、忠诚度、需求、竞争）中哪个体现了这个机会？"},
        right={"en": "potential and competition: her category spend is larger than our share of it",
               "zh": "潜力和竞争：她在这个品类的花费大于我们拿到的份额"},
        wrong=[
            ({"en": "value: she already spends a lot with us, so she is A and the store team "
                    "needs to do nothing more",
              "zh": "价值：她在我们这里已经花得很多，是 A 类，门店团队不需要再做什么"},
             {"en": "Value is what we get today; the opportunity is what she spends elsewhere.",
              "zh": "价值是我们今天拿到的；机会在于她花在别处的钱。"}),
            ({"en": "loyalty: she is a loyal member because she buys often",
              "zh": "忠诚度：她买得很频繁，所以是忠诚会员"},
             {"en": "Buying often with us while buying more elsewhere is a low share of wallet, "
                    "not loyalty.",
              "zh": "在我们这里常买、却在别处买得更多，说明钱包份额低，而不是忠诚。"}),
            ({"en": "needs: she needs more coupons",
              "zh": "需求：她需要更多优惠券"},
             {"en": "Nothing says coupons are what she is missing; needs are about what she "
                    "buys and why.",
              "zh": "没有证据表明她缺的是优惠券；需求关乎她买什么、为什么买。"}),
        ],
        hint={"en": "Which dimension looks beyond what she spends with us?",
              "zh": "哪个维度看的是她在我们这里的消费之外？"},
        explanation={"en": "Share of wallet: value measures the past with us, potential and "
                           "competition measure what we could still win.",
                     "zh": "钱包份额：价值衡量的是她在我们这里的过去，潜力和竞争衡量的是我们还能争取的。"}),
    judgement(
        "q8", at="a",
        stem={"en": "A gold member of ten years had one weak year (an illness) and would drop "
                    "to silver under the rule. What is the fair design?",
              "zh": "一位十年的金卡会员有一年消费很少（生病），按规则将降为银卡。怎样的设计才公平？"},
        right={"en": "a published rule with a grace period, the same for every member",
               "zh": "公开的规则，设宽限期，对所有会员一视同仁"},
        wrong=[
            ({"en": "drop her at once: a rule is a rule",
              "zh": "立即降级：规则就是规则"},
             {"en": "One bad year is noise as much as signal; a rule that punishes it loses "
                    "members who would have come back.",
              "zh": "一个坏年份既是信号也是噪音；惩罚它的规则会失去本来会回来的会员。"}),
            ({"en": "keep her gold quietly because the store manager knows her well and she has "
                    "been loyal for ten years",
              "zh": "因为店长很了解她、她也忠诚了十年，就悄悄保留金卡"},
             {"en": "A private exception is the opaque 'VIP' treatment that makes members "
                    "distrust the programme.",
              "zh": "私下的例外正是让会员不信任积分计划的不透明“VIP”做法。"}),
            ({"en": "abolish levels: any tiering of members is unfair",
              "zh": "取消会员等级：任何会员分级都不公平"},
             {"en": "Unequal treatment by clear, equal rules is fair; the problem here is the "
                    "rule's window, not tiering.",
              "zh": "按明确、统一的规则区别对待是公平的；这里的问题在于规则的时间窗口，而不是分级本身。"}),
        ],
        hint={"en": "Fair means the same visible rule for everybody, and robust to one bad "
                    "year.",
              "zh": "公平意味着对所有人相同、公开的规则，而且不会因为一个坏年份就失效。"},
        explanation={"en": "Fairness comes from explicit rules that everybody can see and that "
                           "do not punish noise.",
                     "zh": "公平来自人人可见、且不惩罚偶然波动的明确规则。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
