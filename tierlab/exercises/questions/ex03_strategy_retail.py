"""Exercises for ``03_strategy_retail``: how do we get there (策略制定, 怎么去)?

Accompanies ``notebooks/03_strategy_retail.ipynb``: profit per member (actual
value), the MVC / STC / Other / BZ tiers with predicted CLV as strategic value,
the campaign history (response rate is not uplift), and the cost of a service
model per tier.

The notebook binds ``world = load_retail(seed=SEED)`` and uses ``tx``,
``profile = tl.member_profile(world)``, ``tiers =
tl.retail_value_tiers(world)``, ``history = tl.campaign_history(world)`` and
the service model table ``models = tl.RETAIL_SERVICE_MODELS``.
"""

from __future__ import annotations

import pandas as pd

from tierlab.cases.retail import (
    RETAIL_SERVICE_MODELS,
    campaign_history,
    member_profile,
    retail_value_tiers,
)
from tierlab.datasets import World
from tierlab.evaluate import uplift
from tierlab.exercises._compare import ChoiceAnswer, FrameAnswer, NumberAnswer
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._retail import (
    MARGIN,
    MEMBER,
    RETURN_COST,
    check_retail,
    default_retail,
)
from tierlab.matrix import mvc_stc_bz
from tierlab.strategy import service_plan

__all__ = ["EXERCISE", "SEGMENT", "member_profit", "value_tiers"]

#: The RFM segment of question 3.
SEGMENT = "Champions"

def member_profit(world: World, *, discount: bool = True,
                  cost_per_return: float = RETURN_COST) -> pd.DataFrame:
    """Profit per member who bought (question 1): ``profit`` of ``tl.member_profile``.

    ``discount=False`` and ``cost_per_return=0`` recompute two common mistakes.
    A DataFrame ``member_id, profit``.
    """
    tx = world["transactions"]
    p = member_profile(world, margin=MARGIN, cost_per_return=cost_per_return)
    p = p.loc[p["member_id"].isin(tx["member_id"]), ["member_id", "profit"]]
    if not discount:  # the discounts were not subtracted
        given = tx.groupby("member_id")["discount"].sum()
        p = p.assign(profit=p["profit"] + p["member_id"].map(given).fillna(0.0))
    return p.reset_index(drop=True)


def value_tiers(world: World, *, actual: str = "profit", swap: bool = False) -> pd.DataFrame:
    """MVC / STC / Other / BZ per member: ``tl.retail_value_tiers`` (profit x predicted CLV).

    ``swap=True`` exchanges the two values and ``actual="net"`` uses net spend
    instead of profit (two common mistakes). Returns the :func:`mvc_stc_bz` table.
    """
    tiers = retail_value_tiers(world, margin=MARGIN, cost_per_return=RETURN_COST)
    if actual == "profit" and not swap:
        return tiers
    data = tiers[["member_id", "profit", "clv"]]
    if actual == "net":
        net = world["transactions"].groupby("member_id")["amount"].sum()
        data = data.assign(profit=data["member_id"].map(net))
    a, s = ("clv", "profit") if swap else ("profit", "clv")
    return mvc_stc_bz(data, customer="member_id", actual_value=a, strategic_value=s)


def _tiers(ctx, **kw) -> pd.DataFrame:
    return ctx.cached(("tiers", tuple(sorted(kw.items()))), lambda: value_tiers(ctx.data, **kw))


def _history(ctx) -> pd.DataFrame:
    return ctx.cached("history", lambda: campaign_history(ctx.data))


def _uplift(ctx, *, outcome="responded", col="uplift", swap=False) -> float:
    h = _history(ctx)
    h = h[h["segment"] == SEGMENT]
    if swap:
        h = h.assign(treated=~h["treated"].astype(bool))
    return float(uplift(h, treated="treated", outcome=outcome)[col].iloc[0])


def _cost(ctx, *, how="total") -> float:
    plan = service_plan(_tiers(ctx), RETAIL_SERVICE_MODELS, customer="member_id")
    if how == "per_contact":
        return float(plan["cost_per_contact"].sum())
    if how == "mvc":
        return float(plan.loc[plan["tier"] == "MVC", "monthly_cost"].sum())
    return float(plan["monthly_cost"].sum())


q1 = Question(
    "q1",
    prompt={
        "en": "Actual value is PROFIT: per row `0.3 * gross_amount - discount - 20 * is_return` "
              "(30% gross margin, minus the discount we gave, minus 20 yuan handling per "
              "returned line), summed per member. Give a DataFrame with member_id and profit.",
        "zh": "实际价值用“利润”衡量：每行 `0.3 * gross_amount - discount - 20 * is_return`"
              "（30% 毛利，减去给出的折扣，再减去每条退货 20 元的处理成本），按会员求和。"
              "请给出含 member_id 和 profit 的 DataFrame。",
    },
    expected=lambda ctx: ctx.cached("profit", lambda: member_profit(ctx.data)),
    answer=FrameAnswer(key="member_id", columns=["profit"], entity=MEMBER),
    builds_on="notebooks/03_strategy_retail.ipynb#cell-03:profile[['member_id', 'profit']]",
    hints=[
        {"en": "Notebook 03 retail, section 1 'Actual value, strategic value': the profit "
               "formula; notebook 00b, section 7 shows `.assign`.",
         "zh": "笔记本 03（零售）第 1 节“Actual value, strategic "
               "value”：利润公式；笔记本 00b 第 7 节演示了 `.assign`。"},
        {"en": "Add a column with `tx.assign(profit=...)`, then group by member and sum it.",
         "zh": "先用 `tx.assign(profit=...)` 加一列，再按会员分组求和。"},
        {"en": "`tx.assign(profit=0.3 * tx['gross_amount'] - tx['discount'] - 20 * "
               "tx['is_return']).groupby('member_id', as_index=False)['profit'].sum()`.",
         "zh": "`tx.assign(profit=0.3 * tx['gross_amount'] - tx['discount'] - 20 * "
               "tx['is_return']).groupby('member_id', as_index=False)['profit'].sum()`。"},
    ],
    solution=("profit = (tx.assign(profit=0.3 * tx['gross_amount'] - tx['discount']\n"
              "                           - 20 * tx['is_return'])\n"
              "          .groupby('member_id', as_index=False)['profit'].sum())"),
    near_misses=[
        NearMiss({"en": "The discount is missing: every coupon we give comes off our profit.",
                  "zh": "漏掉了折扣：我们给出的每张优惠券都会减少利润。"},
                 variant=lambda ctx: member_profit(ctx.data, discount=False)),
        NearMiss({"en": "The handling cost of returns is missing: 20 yuan per returned line "
                        "(`20 * is_return`).",
                  "zh": "漏掉了退货处理成本：每条退货 20 元（`20 * is_return`）。"},
                 variant=lambda ctx: member_profit(ctx.data, cost_per_return=0.0)),
    ],
)

q2 = Question(
    "q2",
    prompt={
        "en": "Tier the members into MVC / STC / Other / BZ: `tl.mvc_stc_bz` with actual value "
              "= profit and strategic value = predicted CLV (`clv['clv']`; `values` merges the "
              "two for you). Give the result (member_id, tier, ...).",
        "zh": "把会员分为 MVC / STC / Other / BZ：使用 `tl.mvc_stc_bz`，实际价值 = 利润，"
              "战略价值 = 预测 CLV（`clv['clv']`；`values` 已为你合并二者）。请给出结果（member_id、tier 等）。",
    },
    expected=lambda ctx: _tiers(ctx),
    answer=FrameAnswer(key="member_id", columns=["tier"], entity=MEMBER),
    builds_on="notebooks/03_strategy_retail.ipynb#cell-03:tiers",
    hints=[
        {"en": "Notebook 03 retail, section 1 'Actual value, strategic value': reuse the "
               "`tl.mvc_stc_bz` call.",
         "zh": "笔记本 03（零售）第 1 节“Actual value, strategic value”：沿用 "
               "`tl.mvc_stc_bz` 调用。"},
        {"en": "MVC = most valuable today (actual); STC = largest growth tomorrow (strategic); "
               "BZ = below zero (negative actual value).",
         "zh": "MVC = 今天最有价值（实际价值）；STC = 明天增长最大（战略价值）；BZ = 低于零（实际价值为负）。"},
        {"en": "`tl.mvc_stc_bz(values, customer='member_id', actual_value='profit', "
               "strategic_value='clv')`.",
         "zh": "`tl.mvc_stc_bz(values, customer='member_id', actual_value='profit', "
               "strategic_value='clv')`。"},
    ],
    solution=("tiers = tl.mvc_stc_bz(values, customer='member_id', actual_value='profit',\n"
              "                      strategic_value='clv')"),
    near_misses=[
        NearMiss({"en": "Actual and strategic value are swapped: actual = profit TODAY, strategic "
                        "= predicted CLV.",
                  "zh": "实际价值与战略价值放反了：实际价值 = 今天的利润，战略价值 = 预测 CLV。"},
                 variant=lambda ctx: _tiers(ctx, swap=True)),
        NearMiss({"en": "Your actual value is net spend, not profit: discounts and returns make "
                        "some members cost more than they bring (the BZ).",
                  "zh": "你的实际价值用的是净消费，而不是利润：折扣和退货使一些会员的成本高于贡献（BZ）。"},
                 variant=lambda ctx: _tiers(ctx, actual="net")),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": f"In the randomised campaign history (`history`), what is the UPLIFT of the "
              f"'{SEGMENT}' segment on `responded`: the response rate of the treated members "
              f"minus that of the control members? A number (it may be negative).",
        "zh": f"在随机化的营销活动历史（`history`）中，'{SEGMENT}' 细分在 `responded` 上的提升（uplift）"
              f"是多少：实验组会员的响应率减去对照组会员的响应率？请给出一个数字（可以为负）。",
    },
    expected=_uplift,
    answer=NumberAnswer(rtol=1e-6, atol=1e-9, percent_check=False),
    builds_on=("notebooks/03_strategy_retail.ipynb#cell-12:"
                "by_segment.set_index('segment').loc['Champions', 'uplift']"),
    hints=[
        {"en": "Notebook 03 retail, section 3 'The campaign history: response rate is not "
               "uplift': the `mean_treated` and `mean_control` columns; notebook 00b, section 2 "
               "shows masks.",
         "zh": "笔记本 03（零售）第 3 节“The campaign history: response rate "
               "is not uplift”：看 `mean_treated` 和 `mean_control` "
               "两列；笔记本 00b 第 2 节演示了布尔筛选。"},
        {"en": f"Keep the rows with `segment == '{SEGMENT}'`; then the mean of `responded` by "
               "`treated`.",
         "zh": f"保留 `segment == '{SEGMENT}'` 的行；再按 `treated` 求 `responded` 的均值。"},
        {"en": "`rate = h.groupby('treated')['responded'].mean()`; "
               "`rate[True] - rate[False]` — or `tl.uplift(h)['uplift']`.",
         "zh": "`rate = h.groupby('treated')['responded'].mean()`；"
               "`rate[True] - rate[False]`——或 `tl.uplift(h)['uplift']`。"},
    ],
    solution=(f"h = history[history['segment'] == '{SEGMENT}']\n"
              "rate = h.groupby('treated')['responded'].mean()\n"
              "champions_uplift = rate[True] - rate[False]"),
    near_misses=[
        NearMiss({"en": "Treated and control are swapped: uplift = treated MINUS control.",
                  "zh": "实验组和对照组放反了：uplift = 实验组 减 对照组。"},
                 variant=lambda ctx: _uplift(ctx, swap=True)),
        NearMiss({"en": "That is the response rate of the treated members. Part of it would have "
                        "happened anyway: subtract the control group's rate.",
                  "zh": "这是实验组的响应率。其中一部分本来就会发生：请减去对照组的响应率。"},
                 variant=lambda ctx: _uplift(ctx, col="mean_treated")),
        NearMiss({"en": "That is the uplift in spend (`spend_in_window`); the question asks for "
                        "`responded`.",
                  "zh": "这是消费金额（`spend_in_window`）的提升；题目问的是 `responded`。"},
                 variant=lambda ctx: _uplift(ctx, outcome="spend_in_window")),
    ],
)

q4 = Question(
    "q4",
    prompt={
        "en": "Champions have the highest RESPONSE rate to our campaigns. Why is the response "
              "rate alone a poor reason to send them the coupon? "
              "(a) Champions dislike coupons, "
              "(b) Champions are too few to spend the budget, "
              "(c) many responding Champions are 'sure things' who buy anyway (see "
              "`mean_control`): the budget buys only the uplift, treated minus control, and "
              "that is what must be compared across segments, "
              "(d) the control group was too small to measure anything.",
        "zh": "冠军客户（Champions）对营销活动的“响应率”最高。为什么仅凭响应率给他们发优惠券理由不足？"
              "(a) 冠军客户不喜欢优惠券；"
              "(b) 冠军客户太少，花不完预算；"
              "(c) 很多有响应的冠军客户是本来就会购买的“必然购买者”（看 `mean_control`）："
              "预算买到的只是提升（uplift，处理组减对照组），要在各细分之间比较的正是提升；"
              "(d) 对照组太小，什么也测不出来。",
    },
    expected=lambda ctx: "c",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "They respond well; the problem is that they would have bought anyway.",
              "zh": "他们的响应很好；问题在于他们本来就会购买。"},
        "b": {"en": "Size is not the point: what a contact buys is the uplift per member, "
                    "whatever the number of Champions.",
              "zh": "人数不是关键：一次联系买到的是每位会员的提升，与冠军客户的人数无关。"},
        "d": {"en": "The campaigns were randomised with a control half; the uplift is measured.",
              "zh": "活动是随机化的，有一半是对照组；提升是可以测量的。"},
    }),
    hints=[
        {"en": "Notebook 03 retail, section 3 'The campaign history: response rate is not "
               "uplift': reread 'What to notice'.",
         "zh": "笔记本 03（零售）第 3 节“The campaign history: response rate "
               "is not uplift”：重读“What to notice”。"},
        {"en": "Compare `mean_treated` and `mean_control` of Champions in "
               "`tl.uplift(history, by='segment')`.",
         "zh": "比较 `tl.uplift(history, by='segment')` 中 Champions 的 `mean_treated` 与 "
               "`mean_control`。"},
        {"en": "The four response types: persuadable, sure thing, lost cause, do-not-disturb.",
         "zh": "四种响应类型：可说服者、必然购买者、无望者、勿扰者。"},
    ],
    solution='choice = "c"',
    explanation={"en": "Right: judge a segment by its uplift, not its response rate. Compare "
                       "the Champions' uplift with the other segments' in your table: if it is "
                       "also the highest, they earn the coupon for that reason; either way, "
                       "spend where the contact changes behaviour, never on do-not-disturb "
                       "members.",
                 "zh": "正确：看一个细分的提升，而不是响应率。在你的表中比较冠军客户与其他细分的提升："
                       "如果它也是最高的，他们才因此值得优惠券；无论如何，把预算花在联系能改变行为的地方，"
                       "绝不要打扰“勿扰者”。"},
)

q5 = Question(
    "q5",
    prompt={
        "en": "Join each member's tier to the service model `models` with `strategy.service_plan`. "
              "What is the total monthly cost of serving all members (sum of `monthly_cost` = "
              "calls_per_month x cost_per_contact)? A number in yuan.",
        "zh": "用 `strategy.service_plan` 把每位会员的层级与服务模式 `models` 连接起来。服务全部会员"
              "每月的总成本是多少（`monthly_cost` = calls_per_month x cost_per_contact 之和）？"
              "请以元为单位给出一个数字。",
    },
    expected=_cost,
    answer=NumberAnswer(rtol=1e-6, percent_check=False),
    builds_on="notebooks/03_strategy_retail.ipynb#0fd0e856:service['monthly_cost'].sum()",
    hints=[
        {"en": "Notebook 03 retail, section 2 'A service model per tier': reuse the "
               "`strategy.service_plan` cell.",
         "zh": "笔记本 03（零售）第 2 节“A service model per tier”：沿用 "
               "`strategy.service_plan` 单元格。"},
        {"en": "`strategy.service_plan(tiers, models, customer='member_id')` adds "
               "`monthly_cost` to every member.",
         "zh": "`strategy.service_plan(tiers, models, customer='member_id')` 为每位会员加上 "
               "`monthly_cost`。"},
        {"en": "Then `service['monthly_cost'].sum()`.", "zh": "然后 `service['monthly_cost'].sum()`。"},
    ],
    solution=("service = strategy.service_plan(tiers, models, customer='member_id')\n"
              "monthly_cost = service['monthly_cost'].sum()"),
    near_misses=[
        NearMiss({"en": "You added up `cost_per_contact`: each member is contacted "
                        "`calls_per_month` times, so multiply (that is `monthly_cost`).",
                  "zh": "你把 `cost_per_contact` 加总了：每位会员每月联系 `calls_per_month` 次，"
                        "需要相乘（即 `monthly_cost`）。"},
                 variant=lambda ctx: _cost(ctx, how="per_contact")),
        NearMiss({"en": "That is the MVC members only; the question asks for all members.",
                  "zh": "这只是 MVC 会员的成本；题目问的是全部会员。"},
                 variant=lambda ctx: _cost(ctx, how="mvc")),
    ],
    explanation={"en": "Most of the money goes to the few MVC members and their personal "
                       "contacts: that is the bet 'lock in the most valuable' makes.",
                 "zh": "大部分费用花在少数 MVC 会员及其一对一联系上：这正是“锁定最有价值客户”所下的赌注。"},
)

EXERCISE = Exercise(
    "03_strategy_retail", [q1, q2, q3, q4, q5],
    title={"en": "03 · Strategy (策略制定) — retail exercises",
           "zh": "03 · 策略制定 — 零售练习"},
    prepare=check_retail, default_data=default_retail,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q6", at="c",
        stem={"en": "The campaign budget can go to members by one of these rules. Which spends "
                    "it best?",
              "zh": "活动预算可以按下面某条规则分给会员。哪条规则花得最好？"},
        right={"en": "by expected uplift per coupon, largest first",
               "zh": "按每张券的预期提升，从大到小"},
        wrong=[
            ({"en": "by response rate to past campaigns, highest first",
              "zh": "按过去活动的响应率，从高到低"},
             {"en": "The highest responders include many who buy anyway; the budget buys only "
                    "the difference the coupon makes.",
              "zh": "响应最高的人里有很多本来就会购买；预算买到的只是优惠券带来的差别。"}),
            ({"en": "by past spend, biggest spenders first",
              "zh": "按过去的消费，消费最多的优先"},
             {"en": "Big spenders are often sure things: coupons to them are margin given "
                    "away.",
              "zh": "消费最多的人往往是必然购买者：给他们优惠券就是让利。"}),
            ({"en": "the same coupon to every member",
              "zh": "给每位会员同样的优惠券"},
             {"en": "Equal spending pays for sure things, lost causes and do-not-disturbs "
                    "alike.",
              "zh": "平均花钱会同样为必然购买者、无望者和勿扰者买单。"}),
        ],
        hint={"en": "Notebook 03 retail, section 4 'Three ways to spend the campaign budget': "
                    "what does the budget actually buy?",
              "zh": "笔记本 03（零售）第 4 节“Three ways to spend the campaign budget”："
                    "预算实际上买到的是什么？"},
        explanation={"en": "Target persuadables: the uplift, not the response, is what the "
                           "money buys.",
                     "zh": "瞄准可说服者：钱买到的是提升，而不是响应。"}),
    judgement(
        "q7", at="b",
        stem={"en": "Which service model fits the lowest tier (BZ, 'release')?",
              "zh": "哪种服务模式适合最低一级（BZ，“战略性放弃”）？"},
        right={"en": "a cheap channel with the basic benefits and a way up",
               "zh": "低成本渠道，保留基本权益，并有升级通道"},
        wrong=[
            ({"en": "the same service as MVC, to be fair",
              "zh": "与 MVC 相同的服务，以示公平"},
             {"en": "Same service for unequal members spends the store team's time where it "
                    "changes least.",
              "zh": "对不同的会员提供相同服务，会把店员时间花在改变最小的地方。"}),
            ({"en": "cancel their memberships",
              "zh": "取消他们的会员资格"},
             {"en": "Every tier keeps a basic service; some of them are tomorrow's A members.",
              "zh": "每个级别都保留基础服务；其中一些人是明天的 A 层会员。"}),
            ({"en": "send them the deepest discount coupons to make them grow",
              "zh": "给他们发最大力度的折扣券，让他们成长"},
             {"en": "Deep coupons to the whole tier attract deal-seekers and cost margin "
                    "without a measured uplift.",
              "zh": "给整个层级发大额优惠券会吸引羊毛党，损失利润却没有可衡量的提升。"}),
        ],
        hint={"en": "Notebook 03 retail, section 2 'A service model per tier': cheap to serve, "
                    "but not abandoned.",
              "zh": "笔记本 03（零售）第 2 节“A service model per tier”："
                    "服务成本低，但不被抛弃。"},
        explanation={"en": "Release means a cheaper channel, not no service.",
                     "zh": "“战略性放弃”意味着换成更便宜的渠道，而不是不再服务。"}),
    judgement(
        "q8", at="d",
        stem={"en": "A segment redeems every coupon but buys nothing without one "
                    "(deal-seekers). What do you decide?",
              "zh": "某个细分群体每张优惠券都用，但没有优惠券就什么都不买（羊毛党）。你怎么决定？"},
        right={"en": "stop blanket coupons; judge any offer by margin uplift against a control",
               "zh": "停止普发优惠券；任何优惠都与对照组比较毛利提升"},
        wrong=[
            ({"en": "give them more coupons, since they are the segment that responds best to "
                    "every campaign",
              "zh": "给他们更多优惠券，因为他们是对每次活动响应最好的群体"},
             {"en": "Response is not profit: each redemption may be a sale we make at a loss.",
              "zh": "响应不等于利润：每次核销可能都是一笔亏本的销售。"}),
            ({"en": "move them to tier A because they buy so often",
              "zh": "因为他们买得频繁，就调到 A 层"},
             {"en": "Frequency bought with discounts is not value; tier on net margin.",
              "zh": "用折扣换来的频次不是价值；要按净毛利分级。"}),
            ({"en": "ban them from the membership",
              "zh": "禁止他们成为会员"},
             {"en": "They may still buy at full price sometimes; a rule about offers is enough.",
              "zh": "他们有时仍会以正价购买；调整优惠规则就够了。"}),
        ],
        hint={"en": "Notebook 03 retail, section 3 'The campaign history: response rate is not "
                    "uplift': what does a coupon cost when the member would not buy at full "
                    "price?",
              "zh": "笔记本 03（零售）第 3 节“The campaign history: response rate is not uplift”："
                    "如果会员不会以正价购买，一张优惠券的成本是什么？"},
        explanation={"en": "Judge offers by margin uplift, not by redemptions.",
                     "zh": "用毛利提升而不是核销数来评估优惠。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
