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


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q6", at="a",
        stem={"en": "Your regional director asks why the team should tier its doctors and "
                    "hospitals at all. Which answer holds?",
              "zh": "大区总监问：团队为什么要给医生和医院分级？哪个回答站得住？"},
        right={"en": "limited calls and samples must go where customers differ most in potential "
                     "and adoption, by a rule everyone can see",
               "zh": "拜访和样品有限，要按人人可见的规则，投向潜力和认可程度差别最大的客户"},
        wrong=[
            ({"en": "to rank the reps against each other, so that the best territories get the "
                    "bonus and the weakest reps are coached first",
              "zh": "为了给代表排名，让最好的辖区拿奖金，最弱的代表优先接受辅导"},
             {"en": "That is rep performance management. Tiering sorts customers, so that the "
                    "same effort is spent where it changes most.",
              "zh": "那是代表绩效管理。分级是给客户排序，让同样的投入用在改变最大的地方。"}),
            ({"en": "so that every doctor gets exactly the same number of calls",
              "zh": "为了让每位医生得到完全相同的拜访次数"},
             {"en": "Equal calls for unequal customers is the situation tiering replaces.",
              "zh": "对不同的客户平均拜访，正是分级要取代的做法。"}),
            ({"en": "so that low-tier doctors can be dropped from the customer list",
              "zh": "为了把低级别医生从客户名单中删掉"},
             {"en": "Every tier keeps a service model; the lowest gets a lighter, cheaper one, "
                    "not none.",
              "zh": "每个级别都有对应的服务模式；最低一级得到的是更轻、更省的服务，而不是没有服务。"}),
        ],
        hint={"en": "What is scarce, and what differs between customers?",
              "zh": "什么资源是稀缺的？客户之间有什么不同？"},
        explanation={"en": "Tiering is a resource decision made explicit: scarce effort, unequal "
                           "customers, a rule everybody can see.",
                     "zh": "分级就是把资源决策明确化：投入有限，客户不同，规则人人可见。"}),
    judgement(
        "q7", at="c",
        stem={"en": "In China a team cannot see what each doctor prescribes (统方 is not "
                    "allowed). Which data can it use to tier DOCTORS?",
              "zh": "在国内，团队看不到每位医生开了多少处方（不允许统方）。给“医生”分级可以用哪些数据？"},
        right={"en": "potential survey, adoption stage, calls and the rep's estimate; sales only "
                     "per hospital (流向)",
               "zh": "潜力调研、认可阶段、拜访和代表估计；销售只到医院层面（流向）"},
        wrong=[
            ({"en": "each doctor's prescriptions, asked from the hospital pharmacy",
              "zh": "向医院药房要来的每位医生的处方数据"},
             {"en": "That is exactly 统方: not allowed, and a compliance risk for the company "
                    "and the rep.",
              "zh": "这正是统方：不允许，对公司和代表都是合规风险。"}),
            ({"en": "the hospital's flow sales divided equally among its doctors, since every "
                    "doctor there prescribes from the same pharmacy",
              "zh": "把医院的流向销售平均分给院内医生，因为他们都从同一个药房开药"},
             {"en": "Flow sales are a hospital number; an equal split invents doctor values and "
                    "gives every doctor of a hospital the same tier.",
              "zh": "流向是医院层面的数字；平均分摊等于编造医生数据，并让同一医院的医生都落在同一级别。"}),
            ({"en": "the number of calls each doctor received last year",
              "zh": "每位医生去年被拜访的次数"},
             {"en": "Calls measure our effort, not the doctor's value or potential: 拜访量 is "
                    "not 业绩.",
              "zh": "拜访次数衡量的是我们的投入，而不是医生的价值或潜力：拜访量不等于业绩。"}),
        ],
        hint={"en": "Which of these would a compliance officer sign off, and which is measured "
                    "at doctor level?",
              "zh": "哪些数据合规部门会认可？哪些是在医生层面测量的？"},
        explanation={"en": "Doctors are tiered by potential × adoption; hospitals by grade, "
                           "potential and flow sales.",
                     "zh": "医生按潜力 × 认可阶段分级；医院按等级、潜力和流向销售分级。"}),
    judgement(
        "q8", at="d",
        stem={"en": "A county-hospital doctor has few patients in our indication, so he falls "
                    "in the lowest tier, but he treats patients nobody else in the area sees. "
                    "What do you do?",
              "zh": "一位县医院医生在我们适应症上的患者不多，因此落在最低一级，但他诊治的是当地别人不看的"
                    "患者。你怎么做？"},
        right={"en": "keep the rule and the basic service, plus a written, reviewed exception",
               "zh": "保留规则和基础服务，再加一条书面、定期复核的例外"},
        wrong=[
            ({"en": "drop him: the tier says he is not worth a call",
              "zh": "放弃他：级别说明他不值得拜访"},
             {"en": "Every tier keeps a basic service; dropping him can harm patients and is "
                    "not what the lowest tier means.",
              "zh": "每个级别都保留基础服务；放弃他可能伤害患者，这也不是最低一级的含义。"}),
            ({"en": "move him to tier A so that nobody can complain",
              "zh": "把他调到 A 级，免得有人抱怨"},
             {"en": "A silent move breaks the rule for everybody else and hides the reason; "
                    "exceptions must be visible.",
              "zh": "悄悄调级会让规则对其他人失效，还掩盖了理由；例外必须公开可见。"}),
            ({"en": "nothing: the data decides, and fairness is a question for the medical "
                    "department, not for tiering",
              "zh": "什么都不做：数据说了算，公平是医学部的问题，与分级无关"},
             {"en": "The rule is a choice people make; where it may harm a patient, the choice "
                    "has to be looked at.",
              "zh": "规则是人定的；当它可能伤害患者时，就必须重新审视这个选择。"}),
        ],
        hint={"en": "What does every tier keep, and how does an exception stay honest?",
              "zh": "每个级别都保留什么？例外怎样才能保持透明？"},
        explanation={"en": "Tiers set the default; visible, reviewed exceptions keep the rule "
                           "fair.",
                     "zh": "级别决定默认做法；公开、定期复核的例外让规则保持公平。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
