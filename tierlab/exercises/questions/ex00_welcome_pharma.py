"""Exercises for ``00_welcome_pharma``: find your way around the pharma world.

Accompanies ``notebooks/00_welcome.ipynb``. The questions are small pandas
steps on the raw tables (who is the customer, what are our sales, what is our
market share, where is the potential) and one interpretation question.

The plumbing all pharma exercise sets share (``check_pharma``, ``default_pharma``,
``last_months``) lives in :mod:`tierlab.exercises.questions._pharma`; the names stay
importable from here for now.

Example
-------
>>> from tierlab.datasets import load_pharma            # doctest: +SKIP
>>> from tierlab.exercises import load
>>> ex = load("00_welcome_pharma", data=load_pharma())   # doctest: +SKIP
>>> ex.q1.check(600)                                      # doctest: +SKIP
"""

from __future__ import annotations

from tierlab.exercises._compare import ChoiceAnswer, NumberAnswer, ValueAnswer
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._pharma import check_pharma, default_pharma, last_months

__all__ = ["EXERCISE"]


# ---------------------------------------------------------------------------------------
# reference answers
# ---------------------------------------------------------------------------------------
def _our_value(ctx, *, months=12, company=("ours",), col="value") -> float:
    sales = ctx.sales if months is None else last_months(ctx.sales, months)
    return float(sales.loc[sales["company"].isin(company), col].sum())


def _market_share(ctx, *, col="units", denominator="market", months=12) -> float:
    sales = ctx.sales if months is None else last_months(ctx.sales, months)
    ours = sales.loc[sales["company"] == "ours", col].sum()
    comp = sales.loc[sales["company"] == "competitor", col].sum()
    return float(ours / (comp if denominator == "competitor" else ours + comp))


def _top_specialty(ctx, *, by="potential_value", how="sum") -> str:
    pot = ctx.potential
    if how == "count":
        return str(pot.groupby("specialty")["doctor_id"].count().idxmax())
    return str(pot.groupby("specialty")[by].sum().idxmax())


q1 = Question(
    "q1",
    prompt={
        "en": "In the pharma world the customer is the doctor (hospitals are accounts). "
              "How many customers are there? Give a number.",
        "zh": "在医药案例中，客户是医生（医院是客户单位/账户）。一共有多少位客户？请给出一个数字。",
    },
    expected=lambda ctx: int(ctx.doctors["doctor_id"].nunique()),
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "Each doctor has one row in `world.doctors`.",
         "zh": "每位医生在 `world.doctors` 中有一行。"},
        {"en": "`world.doctors['doctor_id'].nunique()` or `len(world.doctors)`.",
         "zh": "`world.doctors['doctor_id'].nunique()` 或 `len(world.doctors)`。"},
    ],
    solution="n_customers = world.doctors['doctor_id'].nunique()",
    near_misses=[
        NearMiss({"en": "That is the number of hospitals. Hospitals are the accounts; the "
                        "customer we tier is the doctor.",
                  "zh": "这是医院的数量。医院是客户单位（账户），我们分级的客户是医生。"},
                 variant=lambda ctx: int(ctx.hospitals["hospital_id"].nunique())),
        NearMiss({"en": "That is the number of rows in `sales`: one row per doctor, month and "
                        "product. Count distinct doctors instead.",
                  "zh": "这是 `sales` 的行数：每位医生、每月、每个产品一行。请统计不重复的医生数。"},
                 variant=lambda ctx: len(ctx.sales)),
        NearMiss({"en": "That is the number of reps. Count the doctors they call on.",
                  "zh": "这是医药代表的人数。请统计他们拜访的医生数。"},
                 variant=lambda ctx: len(ctx.reps)),
    ],
    explanation={"en": "Right: the doctor (HCP) is the customer we tier; hospitals group them.",
                 "zh": "正确：我们分级的客户是医生（HCP），医院把他们组织在一起。"},
)

q2 = Question(
    "q2",
    prompt={
        "en": "What is the value of OUR sales in the last 12 months (the 12 latest months in "
              "`world.sales`)? Give one number in the currency of the `value` column.",
        "zh": "最近 12 个月（`world.sales` 中最新的 12 个月）我们公司的销售额是多少？"
              "请用 `value` 列的货币单位给出一个数字。",
    },
    expected=_our_value,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Keep the rows where `company == 'ours'` and `month` is one of the last 12 "
               "months; then add up `value`.",
         "zh": "保留 `company == 'ours'` 且 `month` 属于最近 12 个月的行，再对 `value` 求和。"},
        {"en": "`start = sales['month'].max() - pd.DateOffset(months=11)`; then "
               "`sales[(sales.company == 'ours') & (sales.month >= start)]['value'].sum()`.",
         "zh": "`start = sales['month'].max() - pd.DateOffset(months=11)`；然后 "
               "`sales[(sales.company == 'ours') & (sales.month >= start)]['value'].sum()`。"},
    ],
    solution=("sales = world.sales\n"
              "start = sales['month'].max() - pd.DateOffset(months=11)\n"
              "recent = sales[(sales['company'] == 'ours') & (sales['month'] >= start)]\n"
              "our_value = recent['value'].sum()"),
    near_misses=[
        NearMiss({"en": "That includes the competitor's rows: it is the whole market. Keep only "
                        "`company == 'ours'`.",
                  "zh": "这包含了竞争对手的行，是整个市场的销售额。请只保留 `company == 'ours'`。"},
                 variant=lambda ctx: _our_value(ctx, company=("ours", "competitor"))),
        NearMiss({"en": "That covers all months in the table (two years). Keep the last 12.",
                  "zh": "这覆盖了表中所有月份（两年）。请只保留最近 12 个月。"},
                 variant=lambda ctx: _our_value(ctx, months=None)),
        NearMiss({"en": "That is the number of units, not their value: add up `value`.",
                  "zh": "这是销量（盒数/单位），不是销售额：请对 `value` 求和。"},
                 variant=lambda ctx: _our_value(ctx, col="units")),
        NearMiss({"en": "That is 11 or 13 months: `month >= max - 11 months` keeps exactly 12.",
                  "zh": "这是 11 或 13 个月：`month >= 最大月份 - 11 个月` 才正好保留 12 个月。"},
                 test=lambda a, ctx: any(abs(float(a) - _our_value(ctx, months=m)) <= 1e-6 * abs(
                     _our_value(ctx, months=m)) for m in (11, 13))),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": "What was our market share in units over the last 12 months, across all "
              "doctors? (our units / all units of the market, a number between 0 and 1)",
        "zh": "最近 12 个月，我们在所有医生中的市场份额（按数量）是多少？"
              "（我们的数量 / 市场总数量，0 到 1 之间的数字）",
    },
    expected=_market_share,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "The market is ours + the competitor's: every doctor-month has one row for each.",
         "zh": "市场 = 我们 + 竞争对手：每位医生每个月各有一行。"},
        {"en": "Add up `units` of the last 12 months by `company`; share = ours / (ours + "
               "competitor).",
         "zh": "按 `company` 汇总最近 12 个月的 `units`；份额 = 我们 / (我们 + 竞争对手)。"},
    ],
    solution=("start = world.sales['month'].max() - pd.DateOffset(months=11)\n"
              "recent_market = world.sales[world.sales['month'] >= start]\n"
              "units = recent_market.groupby('company')['units'].sum()\n"
              "share = units['ours'] / units.sum()"),
    near_misses=[
        NearMiss({"en": "You divided by the competitor's units only. The market is ours + the "
                        "competitor's, so the denominator must hold both.",
                  "zh": "你只除以了竞争对手的数量。市场 = 我们 + 竞争对手，分母必须包含两者。"},
                 variant=lambda ctx: _market_share(ctx, denominator="competitor")),
        NearMiss({"en": "That is the share in value (currency). The question asks for units: "
                        "prices differ between us and the competitor.",
                  "zh": "这是按金额计算的份额。题目要求按数量计算：我们和竞争对手的价格不同。"},
                 variant=lambda ctx: _market_share(ctx, col="value")),
        NearMiss({"en": "That covers all months; keep the last 12.",
                  "zh": "这覆盖了所有月份；请只保留最近 12 个月。"},
                 variant=lambda ctx: _market_share(ctx, months=None)),
    ],
    explanation={"en": "Market share needs the competitor: without it you only know our sales, "
                       "not how much of the market we win.",
                 "zh": "市场份额离不开竞争对手的数据：没有它，我们只知道自己的销量，"
                       "却不知道赢得了多少市场。"},
)

q4 = Question(
    "q4",
    prompt={
        "en": "Which column measures a doctor's potential (客户潜力), i.e. what the doctor could "
              "prescribe, whoever wins it? (a) `sales.value` of ours, (b) "
              "`potential.potential_units`, (c) `calls.calls`, (d) `hospitals.beds`.",
        "zh": "哪一列衡量医生的潜力（客户潜力），即不论谁赢得、医生可能开出的处方量？"
              "(a) 我们的 `sales.value`；(b) `potential.potential_units`；"
              "(c) `calls.calls`；(d) `hospitals.beds`。",
    },
    expected=lambda ctx: "b",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "Our sales are the value dimension: what the doctor brings us today, not "
                    "what they could bring.",
              "zh": "我们的销售额属于“价值”维度：医生今天给我们带来的，而不是可能带来的。"},
        "c": {"en": "Calls measure our effort, not the customer.",
              "zh": "拜访次数衡量的是我们的投入，而不是客户本身。"},
        "d": {"en": "Beds describe the hospital (an industry characteristic of the account), "
                    "not the single doctor's patients.",
              "zh": "床位数描述的是医院（客户单位的行业特征），而不是某位医生的病人数。"},
    }),
    hints=[
        {"en": "Potential = patients x indication rate x units per patient.",
         "zh": "潜力 = 病人数 x 适应症比例 x 每位病人用量。"},
        {"en": "Look at `world.potential.columns`.", "zh": "看看 `world.potential.columns`。"},
    ],
    solution='choice = "b"',
)

q5 = Question(
    "q5",
    prompt={
        "en": "Which specialty holds the largest total potential VALUE (sum of "
              "`potential.potential_value`)? Give the specialty's name as text.",
        "zh": "哪个科室的潜力金额（`potential.potential_value` 之和）最大？请以文本给出科室名称。",
    },
    expected=_top_specialty,
    answer=ValueAnswer(),
    hints=[
        {"en": "Group `world.potential` by `specialty` and add up `potential_value`.",
         "zh": "按 `specialty` 对 `world.potential` 分组，并对 `potential_value` 求和。"},
        {"en": "`.groupby('specialty')['potential_value'].sum().idxmax()` gives the name.",
         "zh": "`.groupby('specialty')['potential_value'].sum().idxmax()` 给出名称。"},
    ],
    solution="top = world.potential.groupby('specialty')['potential_value'].sum().idxmax()",
    near_misses=[
        NearMiss({"en": "That specialty has the most doctors, not the most potential value: "
                        "count value, not customers.",
                  "zh": "这个科室的医生最多，但潜力金额不是最大：应看金额，而不是客户数量。"},
                 variant=lambda ctx: _top_specialty(ctx, how="count")),
        NearMiss({"en": "That is the largest in units. Prices differ a lot between specialties, "
                        "so the value ranking is different.",
                  "zh": "这是按数量最大的科室。不同科室的价格差异很大，按金额的排名不同。"},
                 variant=lambda ctx: _top_specialty(ctx, by="potential_units")),
    ],
    explanation={"en": "Few doctors with an expensive therapy can outweigh many doctors with a "
                       "cheap one: tier on value, not on headcount.",
                 "zh": "少数使用昂贵疗法的医生可能超过大量使用便宜药物的医生：按价值分级，而不是按人数。"},
)

EXERCISE = Exercise(
    "00_welcome_pharma", [q1, q2, q3, q4, q5],
    title={"en": "00 · Welcome: the pharma world", "zh": "00 · 欢迎：医药案例的数据"},
    prepare=check_pharma, default_data=default_pharma,
)
