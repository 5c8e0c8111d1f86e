"""Exercises for ``04_action_plan_retail``: who does what, for whom, by when (行动计划)?

Accompanies ``notebooks/04_action_plan_retail.ipynb``: each member's main
store, the owner of each member (store manager or CRM team), the action plan
per member with due dates per tier, and the workload it puts on the busiest
store manager.

The notebook binds ``world = load_retail(seed=SEED)`` and starts from
``tiers = tl.retail_value_tiers(world)`` (MVC / STC / Other / BZ, notebook
03), the service model ``models = tl.RETAIL_SERVICE_MODELS`` and the plan
start ``START`` (the first day of the month after the data).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab.actions import action_plan
from tierlab.cases.retail import RETAIL_SERVICE_MODELS, member_profile
from tierlab.exercises._compare import ChoiceAnswer, FrameAnswer, NumberAnswer, SeriesAnswer
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._retail import (
    MEMBER,
    check_retail,
    default_retail,
)
from tierlab.exercises.questions.ex03_strategy_retail import value_tiers

__all__ = ["DUE_DAYS", "EXERCISE", "member_owner", "plan_start"]

#: Days from the plan start to the first contact's due date, per tier.
DUE_DAYS = {"MVC": 14, "STC": 30, "Other": 60, "BZ": 90}
_CRM = "CRM team"


def plan_start(transactions: pd.DataFrame) -> pd.Timestamp:
    """The first day of the month after the last transaction."""
    return transactions["date"].max() + pd.offsets.MonthBegin(1)


def _main_store_variant(tx: pd.DataFrame, how: str) -> pd.Series:
    if how == "count":
        by = tx.groupby(["member_id", "store_id"]).size().rename("n").reset_index()
        by = by.sort_values(["member_id", "n", "store_id"], ascending=[True, False, True])
    else:  # smallest spend first: the sort went the wrong way
        by = tx.groupby(["member_id", "store_id"])["amount"].sum().reset_index()
        by = by.sort_values(["member_id", "amount", "store_id"], ascending=[True, True, True])
    return by.drop_duplicates("member_id").set_index("member_id")["store_id"]


def member_owner(tiers: pd.DataFrame, store: pd.Series, *, online_to_crm: bool = True,
                 mass_to_crm: bool = True) -> pd.Series:
    """The owner of each member: ``"Store <id>"`` or ``"CRM team"``.

    MVC and STC members who buy mostly in a store belong to that store's
    manager; members who buy mostly online, and all Other and BZ members,
    belong to the CRM team. Indexed by member_id. The keywords recompute two
    common mistakes.
    """
    sid = tiers["member_id"].map(store).astype("string").fillna("ONLINE")
    crm = np.zeros(len(tiers), dtype=bool)
    if online_to_crm:
        crm |= (sid == "ONLINE").to_numpy()
    if mass_to_crm:
        crm |= tiers["tier"].astype(str).isin(["Other", "BZ"]).to_numpy()
    owner = np.where(crm, _CRM, "Store " + sid.astype(str))
    return pd.Series(owner, index=pd.Index(tiers["member_id"], name="member_id"), name="owner")


def _tiers(ctx) -> pd.DataFrame:
    return ctx.cached("tiers", lambda: value_tiers(ctx.data))


def _store(ctx) -> pd.Series:
    return ctx.cached("store", lambda: member_profile(ctx.data).set_index("member_id")[
        "main_store"].dropna())


def _owner(ctx, **kw) -> pd.Series:
    return member_owner(_tiers(ctx), _store(ctx), **kw)


def _plan(ctx, *, due=True, owner=True) -> pd.DataFrame:
    members = _tiers(ctx).assign(owner=_owner(ctx).to_numpy())
    return action_plan(members, RETAIL_SERVICE_MODELS, customer="member_id", tier="tier",
                       owner="owner" if owner else None, start=plan_start(ctx.transactions),
                       due_days=DUE_DAYS if due else 30)


def _busiest(ctx, *, how="contacts", stores_only=True) -> float:
    plan = _plan(ctx)
    if stores_only:
        plan = plan[plan["owner"] != _CRM]
    by = plan.groupby("owner")["calls_per_month"].sum() if how == "contacts" \
        else plan.groupby("owner").size()
    return float(by.max())


class _MainStoreAnswer(SeriesAnswer):
    """Main store: where a member's largest net spend is tied (e.g. every basket returned),
    any of the tied stores is right."""

    def compare(self, got, expected):
        ties = expected.attrs.get("tied", {})
        if ties and isinstance(got, pd.Series) and got.index.is_unique:
            got = got.copy()
            for member, stores in ties.items():
                if member in got.index and got[member] in stores:
                    got[member] = expected[member]
        return super().compare(got, expected)


def _store_with_ties(ctx) -> pd.Series:
    store = _store(ctx).copy()
    by = ctx.transactions.groupby(["member_id", "store_id"])["amount"].sum().round(2)
    top = by.groupby(level=0).transform("max")
    best = by[by == top].reset_index()
    tied = best[best["member_id"].duplicated(keep=False)]
    store.attrs["tied"] = tied.groupby("member_id")["store_id"].agg(set).to_dict()
    return store


q1 = Question(
    "q1",
    prompt={
        "en": "Each member's MAIN store: the `store_id` (a store, or 'ONLINE' for the web shop) "
              "with the largest net spend of that member. Give a Series indexed by member_id "
              "with the store_id.",
        "zh": "每位会员的“主要门店”：该会员净消费最多的 `store_id`（门店，或代表线上商城的 'ONLINE'）。"
              "请给出以 member_id 为索引、值为 store_id 的 Series。",
    },
    expected=_store_with_ties,
    answer=_MainStoreAnswer(entity=MEMBER),
    builds_on=("notebooks/04_action_plan_retail.ipynb#cell-03:"
                "scored.set_index('member_id')['main_store']"),
    hints=[
        {"en": "Notebook 00b, section 4 'Top N and the largest': the favourite-category cell is "
               "the same move per store.",
         "zh": "笔记本 00b 第 4 节“Top N and the "
               "largest”：“最爱品类”那个单元格换成门店即可。"},
        {"en": "Add up `amount` per member AND store; then keep, for each member, the row with "
               "the largest amount.",
         "zh": "按会员和门店汇总 `amount`；然后为每位会员保留金额最大的那一行。"},
        {"en": "`by = tx.groupby(['member_id', 'store_id'])['amount'].sum()`; then "
               "`by.sort_values(ascending=False).reset_index().drop_duplicates('member_id')"
               ".set_index('member_id')['store_id']` (or `by.groupby(level=0).idxmax()`).",
         "zh": "`by = tx.groupby(['member_id', 'store_id'])['amount'].sum()`；然后 "
               "`by.sort_values(ascending=False).reset_index().drop_duplicates('member_id')"
               ".set_index('member_id')['store_id']`（或 `by.groupby(level=0).idxmax()`）。"},
    ],
    solution=("by = tx.groupby(['member_id', 'store_id'])['amount'].sum().reset_index()\n"
              "store = (by.sort_values('amount', ascending=False)\n"
              "         .drop_duplicates('member_id').set_index('member_id')['store_id'])"),
    near_misses=[
        NearMiss({"en": "That is the store with the most receipt LINES; the main store is where "
                        "the member spends the most money.",
                  "zh": "这是小票明细“行数”最多的门店；主要门店是会员“花钱”最多的门店。"},
                 variant=lambda ctx: _main_store_variant(ctx.transactions, "count")),
        NearMiss({"en": "You kept the store with the SMALLEST spend: sort from largest to "
                        "smallest before you keep the first row per member.",
                  "zh": "你保留的是消费“最少”的门店：请先从大到小排序，再保留每位会员的第一行。"},
                 variant=lambda ctx: _main_store_variant(ctx.transactions, "smallest")),
    ],
)

q2 = Question(
    "q2",
    prompt={
        "en": "Who owns each member? MVC and STC members belong to the manager of their main "
              "store, written 'Store S001' etc.; members whose main store is 'ONLINE', and ALL "
              "Other and BZ members, belong to the 'CRM team'. Give a Series indexed by "
              "member_id (the members of `tiers`).",
        "zh": "每位会员由谁负责？MVC 和 STC 会员归其主要门店的经理负责，写作 'Store S001' 等；"
              "主要门店为 'ONLINE' 的会员，以及“所有” Other 和 BZ 会员，归 'CRM team' 负责。"
              "请给出以 member_id 为索引的 Series（`tiers` 中的会员）。",
    },
    expected=lambda ctx: _owner(ctx),
    answer=SeriesAnswer(entity=MEMBER),
    builds_on=("notebooks/04_action_plan_retail.ipynb#cell-07:"
                "tiers.set_index('member_id')['owner']"),
    hints=[
        {"en": "Notebook 04 retail, section 2 'Who owns each member?': reuse the `np.where` "
               "cell.",
         "zh": "笔记本 04（零售）第 2 节“Who owns each member?”：沿用 `np.where` "
               "单元格。"},
        {"en": "Map each member of `tiers` to its main store (`store`), then decide with "
               "`np.where(condition, 'CRM team', 'Store ' + store_id)`.",
         "zh": "把 `tiers` 中每位会员映射到其主要门店（`store`），再用 "
               "`np.where(条件, 'CRM team', 'Store ' + store_id)` 判断。"},
        {"en": "The condition: `(sid == 'ONLINE') | tiers['tier'].isin(['Other', 'BZ'])`.",
         "zh": "条件：`(sid == 'ONLINE') | tiers['tier'].isin(['Other', 'BZ'])`。"},
    ],
    solution=("sid = tiers['member_id'].map(store)\n"
              "crm = (sid == 'ONLINE') | tiers['tier'].isin(['Other', 'BZ'])\n"
              "owner = pd.Series(np.where(crm, 'CRM team', 'Store ' + sid),\n"
              "                  index=tiers['member_id'])"),
    near_misses=[
        NearMiss({"en": "Online members are owned by a 'Store ONLINE': nobody runs that store. "
                        "Members who buy mostly online belong to the CRM team.",
                  "zh": "线上会员被分给了 'Store ONLINE'：没有人管理这个“门店”。主要在线上购买的会员归 CRM 团队。"},
                 variant=lambda ctx: _owner(ctx, online_to_crm=False)),
        NearMiss({"en": "Other and BZ members are served by the CRM team's automated channels, "
                        "wherever they shop; only MVC and STC go to store managers.",
                  "zh": "Other 和 BZ 会员无论在哪里购物，都由 CRM 团队的自动化渠道服务；"
                        "只有 MVC 和 STC 会员归门店经理。"},
                 variant=lambda ctx: _owner(ctx, mass_to_crm=False)),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": "Build the plan: `actions.action_plan` on `tiers` with your `owner` column, the "
              "service model `models`, `start=START` and the due dates per tier `DUE_DAYS`. "
              "Give the plan (member_id, owner, due_date, ...).",
        "zh": "制定计划：对带有你的 `owner` 列的 `tiers` 使用 `actions.action_plan`，服务模式为 `models`，"
              "`start=START`，各层级的截止天数为 `DUE_DAYS`。请给出该计划（member_id、owner、due_date 等）。",
    },
    expected=lambda ctx: _plan(ctx),
    answer=FrameAnswer(key="member_id", columns=["owner", "due_date", "calls_per_month"],
                       entity=MEMBER),
    hints=[
        {"en": "Notebook 04 retail, section 3 'The plan: one row per member': reuse the "
               "`actions.action_plan` cell.",
         "zh": "笔记本 04（零售）第 3 节“The plan: one row per member”：沿用 "
               "`actions.action_plan` 单元格。"},
        {"en": "Put the owner into the table first: `members = tiers.assign(owner=owner.to_numpy())`"
               ", then pass `owner='owner'`.",
         "zh": "先把负责人放进表里：`members = tiers.assign(owner=owner.to_numpy())`，"
               "再传入 `owner='owner'`。"},
        {"en": "`actions.action_plan(members, models, customer='member_id', tier='tier', "
               "owner='owner', start=START, due_days=DUE_DAYS)`.",
         "zh": "`actions.action_plan(members, models, customer='member_id', tier='tier', "
               "owner='owner', start=START, due_days=DUE_DAYS)`。"},
    ],
    solution=("members = tiers.assign(owner=owner.to_numpy())\n"
              "plan = actions.action_plan(members, models, customer='member_id', tier='tier',\n"
              "                           owner='owner', start=START, due_days=DUE_DAYS)"),
    near_misses=[
        NearMiss({"en": "Every member has the same due date: pass `due_days=DUE_DAYS` so MVC "
                        "members are contacted within two weeks.",
                  "zh": "所有会员的截止日期都一样：请传入 `due_days=DUE_DAYS`，让 MVC 会员在两周内得到联系。"},
                 variant=lambda ctx: _plan(ctx, due=False)),
        NearMiss({"en": "The owner column holds the model's role ('store manager'), not the "
                        "person: pass `owner='owner'` with your owner column.",
                  "zh": "owner 列是服务模式中的角色（'store manager'），而不是具体的负责人："
                        "请用你的 owner 列并传入 `owner='owner'`。"},
                 variant=lambda ctx: _plan(ctx, owner=False)),
    ],
)

q4 = Question(
    "q4",
    prompt={
        "en": "Workload: how many contacts per MONTH does the plan ask of the busiest STORE "
              "manager (sum of `calls_per_month` of the members they own; the CRM team is not a "
              "store manager)? A number.",
        "zh": "工作量：计划要求最忙的“门店经理”每月进行多少次联系（其负责会员的 `calls_per_month` 之和；"
              "CRM 团队不是门店经理）？请给出一个数字。",
    },
    expected=_busiest,
    answer=NumberAnswer(rtol=1e-6, percent_check=False),
    hints=[
        {"en": "Notebook 04 retail, section 4 'The contact calendar': the workload per owner; "
               "notebook 00b, section 3 shows groupby.",
         "zh": "笔记本 04（零售）第 4 节“The contact calendar”：每位负责人的工作量；笔记本 "
               "00b 第 3 节演示了 groupby。"},
        {"en": "Drop the CRM team's rows, add up `calls_per_month` per owner, take the maximum.",
         "zh": "去掉 CRM 团队的行，按负责人汇总 `calls_per_month`，取最大值。"},
        {"en": "`plan[plan['owner'] != 'CRM team'].groupby('owner')['calls_per_month'].sum()"
               ".max()`.",
         "zh": "`plan[plan['owner'] != 'CRM team'].groupby('owner')['calls_per_month'].sum()"
               ".max()`。"},
    ],
    solution=("stores = plan[plan['owner'] != 'CRM team']\n"
              "busiest = stores.groupby('owner')['calls_per_month'].sum().max()"),
    near_misses=[
        NearMiss({"en": "That is the number of MEMBERS of the busiest store manager; each MVC "
                        "member needs two contacts a month — add up `calls_per_month`.",
                  "zh": "这是最忙门店经理负责的“会员人数”；每位 MVC 会员每月需要两次联系——"
                        "请对 `calls_per_month` 求和。"},
                 variant=lambda ctx: _busiest(ctx, how="members")),
        NearMiss({"en": "That is the CRM team's workload (mostly automated). The question asks "
                        "for a store manager: drop the CRM team first.",
                  "zh": "这是 CRM 团队的工作量（大多是自动化的）。题目问的是门店经理：请先去掉 CRM 团队。"},
                 variant=lambda ctx: _busiest(ctx, stores_only=False)),
    ],
    explanation={"en": "Dozens of personal conversations a month on top of running a store: check "
                       "the workload before you send the plan out.",
                 "zh": "在经营门店之余每月还要进行几十次一对一沟通：发出计划之前先核对工作量。"},
)

q5 = Question(
    "q5",
    prompt={
        "en": "Which KPI fits the MVC objective 'lock in' (锁定) best? "
              "(a) the number of coupons redeemed, "
              "(b) the number of new members recruited, "
              "(c) the cost to serve, "
              "(d) the member stays active and their net sales reach the goal.",
        "zh": "哪个 KPI 最符合 MVC 的目标“锁定”？"
              "(a) 优惠券核销数量；"
              "(b) 新招募的会员数量；"
              "(c) 服务成本；"
              "(d) 会员保持活跃，且净销售额达到目标。",
    },
    expected=lambda ctx: "d",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "Coupons given to MVC members are mostly margin given away: many buy anyway.",
              "zh": "发给 MVC 会员的优惠券大多是让出的利润：很多人本来就会购买。"},
        "c": {"en": "Cost to serve is the KPI of the 'release' tier (BZ), not of the best members.",
              "zh": "服务成本是“战略性放弃”这一级（BZ）的 KPI，而不是最好会员的 KPI。"},
        "b": {"en": "Recruiting is not about the members we already have in MVC.",
              "zh": "招募新会员与我们已有的 MVC 会员无关。"},
    }),
    hints=[
        {"en": "Notebook 04 retail, section 3 'The plan: one row per member': the `kpi` column "
               "of the service model.",
         "zh": "笔记本 04（零售）第 3 节“The plan: one row per member”：服务模式表中的"
               " `kpi` 列。"},
        {"en": "'Lock in' means keeping what we have.", "zh": "“锁定”意味着守住已有的。"},
        {"en": "Look at the `kpi` column of `models`.", "zh": "看看 `models` 的 `kpi` 列。"},
    ],
    solution='choice = "d"',
    explanation={"en": "Right: for the best members the risk is losing them; the KPI measures "
                       "whether they stay and keep buying.",
                 "zh": "正确：对最好的会员来说，风险是失去他们；KPI 要衡量他们是否留下并持续购买。"},
)

EXERCISE = Exercise(
    "04_action_plan_retail", [q1, q2, q3, q4, q5],
    title={"en": "04 · Action plan (行动计划) — retail exercises",
           "zh": "04 · 行动计划 — 零售练习"},
    prepare=check_retail, default_data=default_retail,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q6", at="a",
        stem={"en": "A store manager has 90 personal member contacts a month on top of running "
                    "the store. What is the best fix?",
              "zh": "一位店长在经营门店之外，每月还要做 90 次一对一会员联系。最好的解决办法是什么？"},
        right={"en": "personal contacts for MVC members only; the rest through the CRM team",
               "zh": "一对一联系只给 MVC 会员；其余交给 CRM 团队"},
        wrong=[
            ({"en": "cut every member's contacts in half",
              "zh": "每位会员的联系次数都减半"},
             {"en": "An even cut halves the contacts that matter most too.",
              "zh": "平均削减也把最重要的联系减半了。"}),
            ({"en": "leave it: the plan is the plan",
              "zh": "不用管：计划就是计划"},
             {"en": "A plan above capacity is not carried out; the store decides what to drop.",
              "zh": "超出能力的计划不会被执行；门店会自己决定放弃什么。"}),
            ({"en": "hire a second store manager whose only job is the personal member contacts",
              "zh": "再招一位店长，专门负责一对一会员联系"},
             {"en": "The cost of a manager is far above what most of those contacts bring.",
              "zh": "一位店长的成本远高于这些联系中大部分能带来的收益。"}),
        ],
        hint={"en": "Notebook 04 retail, section 2 'Who owns each member?': which members need "
                    "a person, and which a cheaper channel?",
              "zh": "笔记本 04（零售）第 2 节“Who owns each member?”："
                    "哪些会员需要人来联系，哪些用更便宜的渠道就够？"},
        explanation={"en": "The service model per tier decides the channel; capacity decides "
                           "how many personal contacts fit.",
                     "zh": "各层的服务模式决定渠道；能力决定能容纳多少一对一联系。"}),
    judgement(
        "q7", at="c",
        stem={"en": "Which row of a member action plan is complete?",
              "zh": "会员行动计划中哪一行是完整的？"},
        right={"en": "M01234 (MVC, P(alive) falling) · call · store 3 manager · 15 May · KPI: a "
                     "purchase in 30 days",
               "zh": "M01234（MVC，P(alive) 下降）· 电话 · 3 号店店长 · 5 月 15 日 · KPI：30 天内购买"},
        wrong=[
            ({"en": "all gold members · send a coupon",
              "zh": "所有金卡会员 · 发优惠券"},
             {"en": "A level is not a tier, and there is no owner, date or KPI.",
              "zh": "等级不是分层，而且没有负责人、日期和 KPI。"}),
            ({"en": "store 3 · grow sales by 10% this year · owner: store 3 manager · KPI: "
                    "monthly sales report",
              "zh": "3 号店 · 今年销售增长 10% · 负责人：3 号店店长 · KPI：月度销售报表"},
             {"en": "That is a goal; an action row says who does what for which member by "
                    "when.",
              "zh": "这是目标；行动行要写明谁在什么时候为哪位会员做什么。"}),
            ({"en": "CRM team · 20,000 messages in May",
              "zh": "CRM 团队 · 5 月发 2 万条消息"},
             {"en": "An activity quota without members or a result.",
              "zh": "只是活动配额，没有会员，也没有结果。"}),
        ],
        hint={"en": "Notebook 04 retail, section 3 'The plan: one row per member': customer, "
                    "action, owner, due date, KPI.",
              "zh": "笔记本 04（零售）第 3 节“The plan: one row per member”："
                    "客户、行动、负责人、截止日期、KPI。"},
        explanation={"en": "One row per member with an owner, a date and a KPI can be checked "
                           "in a month.",
                     "zh": "每位会员一行，有负责人、日期和 KPI，一个月后就能核查。"}),
    judgement(
        "q8", at="d",
        stem={"en": "In the plan's calendar, 70% of all contacts fall in the first week of the "
                    "month. What is the problem?",
              "zh": "在计划日历中，70% 的联系都集中在每月第一周。问题是什么？"},
        right={"en": "a capacity peak in one week: spread the due dates",
               "zh": "工作量集中在一周：错开截止日期"},
        wrong=[
            ({"en": "none: early contacts give members more time to buy",
              "zh": "没有问题：早联系让会员有更多时间购买"},
             {"en": "Members do not buy on the plan's schedule, and a contact that is not "
                    "made because the staff are overloaded buys nothing.",
              "zh": "会员不会按计划的时间表购买；员工超负荷而没做的联系什么也带不来。"}),
            ({"en": "the calendar should follow the tiers alphabetically",
              "zh": "日历应该按层级字母顺序排"},
             {"en": "The order of letters is not a reason for a date; workload and the "
                    "member's timing are.",
              "zh": "字母顺序不是安排日期的理由；工作量和会员的时机才是。"}),
            ({"en": "there are too few contacts in week one",
              "zh": "第一周的联系太少"},
             {"en": "The opposite: the first week is where the overload is.",
              "zh": "恰恰相反：第一周正是超负荷的地方。"}),
        ],
        hint={"en": "Notebook 04 retail, section 4 'The contact calendar': look at the workload "
                    "per week, not per month.",
              "zh": "笔记本 04（零售）第 4 节“The contact calendar”："
                    "按周看工作量，而不是按月。"},
        explanation={"en": "A calendar is a capacity check: even weeks, or the plan slips.",
                     "zh": "日历是对能力的检验：每周均衡，否则计划就会落空。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
