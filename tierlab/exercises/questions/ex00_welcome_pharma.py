"""Exercises for ``00_welcome_pharma``: find your way around the pharma world.

Accompanies ``notebooks/00_welcome.ipynb``. The questions are small pandas
steps on the raw tables a Chinese team really has (who is the customer, what
are our flow sales 流向, what is our share of the hospitals' audited market,
where is the potential) and one interpretation question. There is no
doctor-level sales table: collecting prescriptions per doctor (统方) is not
allowed.

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
def _our_value(ctx, *, months=12, col="value") -> float:
    flow = ctx.flow if months is None else last_months(ctx.flow, months)
    return float(flow[col].sum())


def _market_share(ctx, *, denominator="market", months=12) -> float:
    flow = ctx.flow if months is None else last_months(ctx.flow, months)
    market = ctx.market if months is None else last_months(ctx.market, months)
    ours = flow["units"].sum()
    total = market["market_units"].sum()
    return float(ours / (total - ours if denominator == "others" else total))


def _top_specialty(ctx, *, by="potential_value", how="sum") -> str:
    pot = ctx.potential
    if how == "count":
        return str(pot.groupby("specialty")["doctor_id"].count().idxmax())
    return str(pot.groupby("specialty")[by].sum().idxmax())


q1 = Question(
    "q1",
    prompt={
        "en": "In the pharma world the reps call on doctors (hospitals are the accounts). "
              "How many doctors are there? Give a number.",
        "zh": "在医药案例中，医药代表拜访的是医生（医院是客户单位/账户）。一共有多少位医生？请给出一个数字。",
    },
    expected=lambda ctx: int(ctx.doctors["doctor_id"].nunique()),
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    hints=[
        {"en": "Notebook 00, section 3 'The two case companies': "
               "each doctor has one row in `world.doctors`.",
         "zh": "笔记本 00 第 3 节“The two case companies”："
               "每位医生在 `world.doctors` 中有一行。"},
        {"en": "`world.doctors['doctor_id'].nunique()` or `len(world.doctors)`.",
         "zh": "`world.doctors['doctor_id'].nunique()` 或 `len(world.doctors)`。"},
    ],
    solution="n_doctors = world.doctors['doctor_id'].nunique()",
    near_misses=[
        NearMiss({"en": "That is the number of hospitals. Hospitals are the accounts; count the "
                        "doctors.",
                  "zh": "这是医院的数量。医院是客户单位（账户），请统计医生。"},
                 variant=lambda ctx: int(ctx.hospitals["hospital_id"].nunique())),
        NearMiss({"en": "That is the number of rows in `adoption`: one row per doctor and "
                        "quarter. Count distinct doctors instead.",
                  "zh": "这是 `adoption` 的行数：每位医生每季度一行。请统计不重复的医生数。"},
                 variant=lambda ctx: len(ctx.adoption)),
        NearMiss({"en": "That is the number of reps. Count the doctors they call on.",
                  "zh": "这是医药代表的人数。请统计他们拜访的医生数。"},
                 variant=lambda ctx: len(ctx.reps)),
    ],
    explanation={"en": "Right: reps call on doctors (HCPs); hospitals group them, and our sales "
                       "are known per hospital.",
                 "zh": "正确：代表拜访的是医生（HCP）；医院把他们组织在一起，我们的销售按医院得知。"},
)

q2 = Question(
    "q2",
    prompt={
        "en": "What is the value of OUR flow sales (流向, `world.flow`) in the last 12 months "
              "(the 12 latest months in the table)? Give one number in the currency of the "
              "`value` column.",
        "zh": "最近 12 个月（`world.flow` 中最新的 12 个月）我们的流向销售额是多少？"
              "请用 `value` 列的货币单位给出一个数字。",
    },
    expected=_our_value,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Notebook 00b, section 8 'Dates': "
               "keep the rows of `world.flow` whose `month` is one of the last 12 months; then "
               "add up `value`.",
         "zh": "笔记本 00b 第 8 节“Dates”："
               "保留 `world.flow` 中 `month` 属于最近 12 个月的行，再对 `value` 求和。"},
        {"en": "`start = flow['month'].max() - pd.DateOffset(months=11)`; then "
               "`flow[flow['month'] >= start]['value'].sum()`.",
         "zh": "`start = flow['month'].max() - pd.DateOffset(months=11)`；然后 "
               "`flow[flow['month'] >= start]['value'].sum()`。"},
    ],
    solution=("flow = world.flow\n"
              "start = flow['month'].max() - pd.DateOffset(months=11)\n"
              "our_value = flow.loc[flow['month'] >= start, 'value'].sum()"),
    near_misses=[
        NearMiss({"en": "That covers all months in the table (two years). Keep the last 12.",
                  "zh": "这覆盖了表中所有月份（两年）。请只保留最近 12 个月。"},
                 variant=lambda ctx: _our_value(ctx, months=None)),
        NearMiss({"en": "That is the number of units, not their value: add up `value`.",
                  "zh": "这是销量（盒数），不是销售额：请对 `value` 求和。"},
                 variant=lambda ctx: _our_value(ctx, col="units")),
        NearMiss({"en": "That is 11 or 13 months: `month >= max - 11 months` keeps exactly 12.",
                  "zh": "这是 11 或 13 个月：`month >= 最大月份 - 11 个月` 才正好保留 12 个月。"},
                 test=lambda a, ctx: any(abs(float(a) - _our_value(ctx, months=m)) <= 1e-6 * abs(
                     _our_value(ctx, months=m)) for m in (11, 13))),
    ],
    explanation={"en": "Flow data tell us what each hospital bought, not what each doctor "
                       "prescribed: our sales are known per hospital.",
                 "zh": "流向数据告诉我们每家医院进了多少货，而不是每位医生开了多少处方：我们的销售按医院得知。"},
)

q3 = Question(
    "q3",
    prompt={
        "en": "What was our share of the hospitals' market in units over the last 12 months? "
              "(our flow units in `world.flow` / all brands' units in the audit data "
              "`world.market`, a number between 0 and 1)",
        "zh": "最近 12 个月，我们在医院市场中按数量的份额是多少？"
              "（`world.flow` 中我们的流向盒数 / 审计数据 `world.market` 中所有品牌的盒数，0 到 1 之间的数字）",
    },
    expected=_market_share,
    answer=NumberAnswer(rtol=1e-6),
    hints=[
        {"en": "Notebook 00b, section 8 'Dates': "
               "the audit data count all brands (ours included): the market is "
               "`market_units`. Keep the last 12 months of both tables.",
         "zh": "笔记本 00b 第 8 节“Dates”："
               "审计数据统计所有品牌（包括我们）：市场就是 `market_units`。两张表都只保留最近 12 个月。"},
        {"en": "share = (flow units of the last 12 months).sum() / (market_units of the last 12 "
               "months).sum().",
         "zh": "份额 = 最近 12 个月流向盒数之和 / 最近 12 个月 market_units 之和。"},
    ],
    solution=("start = world.flow['month'].max() - pd.DateOffset(months=11)\n"
              "ours = world.flow.loc[world.flow['month'] >= start, 'units'].sum()\n"
              "market = world.market.loc[world.market['month'] >= start, 'market_units'].sum()\n"
              "share = ours / market"),
    near_misses=[
        NearMiss({"en": "You divided by the market minus our units. The audit market already "
                        "holds all brands, ours included: divide by `market_units` itself.",
                  "zh": "你除以了市场减去我们的盒数。审计市场已包含所有品牌（包括我们）：请直接除以 `market_units`。"},
                 variant=lambda ctx: _market_share(ctx, denominator="others")),
        NearMiss({"en": "That covers all months; keep the last 12.",
                  "zh": "这覆盖了所有月份；请只保留最近 12 个月。"},
                 variant=lambda ctx: _market_share(ctx, months=None)),
    ],
    explanation={"en": "Share exists at hospital level: flow data for us, audit data for the "
                       "market. Per doctor there is no share, only the rep's estimate.",
                 "zh": "份额存在于医院层面：我们的流向数据加上市场的审计数据。医生层面没有份额，只有代表的估计。"},
)

q4 = Question(
    "q4",
    prompt={
        "en": "Which column measures a doctor's potential (客户潜力), i.e. what the doctor could "
              "prescribe, whoever wins it? (a) `sales.value` of ours, (b) "
              "`potential.potential_units`, (c) `calls.calls`, (d) `hospitals.beds`.",
        "zh": "哪一列衡量医生的潜力（客户潜力），即不论谁赢得、医生可能开出的处方量？"
              "(a) `flow.value`；(b) `potential.potential_units`；"
              "(c) `calls.calls`；(d) `hospitals.beds`。",
    },
    expected=lambda ctx: "b",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "Flow sales are the value dimension, and per hospital: what the hospital "
                    "buys from us today, not what a doctor could prescribe.",
              "zh": "流向销售额属于“价值”维度，而且是医院层面的：医院今天从我们这里进的货，而不是医生可能开出的处方。"},
        "c": {"en": "Calls measure our effort, not the customer.",
              "zh": "拜访次数衡量的是我们的投入，而不是客户本身。"},
        "d": {"en": "Beds describe the hospital (an industry characteristic of the account), "
                    "not the single doctor's patients.",
              "zh": "床位数描述的是医院（客户单位的行业特征），而不是某位医生的病人数。"},
    }),
    hints=[
        {"en": "Notebook 00, section 3 'The two case companies': "
               "potential = patients x indication rate x units per patient.",
         "zh": "笔记本 00 第 3 节“The two case companies”："
               "潜力 = 病人数 x 适应症比例 x 每位病人用量。"},
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
        {"en": "Notebook 00b, section 3 'SUMIF = groupby': "
               "group `world.potential` by `specialty` and add up `potential_value`.",
         "zh": "笔记本 00b 第 3 节“SUMIF = groupby”："
               "按 `specialty` 对 `world.potential` 分组，并对 `potential_value` 求和。"},
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
        hint={"en": "Notebook 00, section 1 'What customer tiering is, and why': "
                    "what is scarce, and what differs between customers?",
              "zh": "笔记本 00 第 1 节“What customer tiering is, and why”："
                    "什么资源是稀缺的？客户之间有什么不同？"},
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
               "zh": "潜力调研、观念阶段、拜访和代表估计；销售只到医院层面（流向）"},
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
        hint={"en": "Notebook 00, section 2 'Dimensions': "
                    "which of these would a compliance officer sign off, and which is measured "
                    "at doctor level?",
              "zh": "笔记本 00 第 2 节“Dimensions”："
                    "哪些数据合规部门会认可？哪些是在医生层面测量的？"},
        explanation={"en": "Doctors are tiered by potential × adoption; hospitals by grade, "
                           "potential and flow sales.",
                     "zh": "医生按潜力 × 观念阶段分级；医院按等级、潜力和流向销售分级。"}),
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
        hint={"en": "Notebook 00, section 1 'What customer tiering is, and why': "
                    "what does every tier keep, and how does an exception stay honest?",
              "zh": "笔记本 00 第 1 节“What customer tiering is, and why”："
                    "每个级别都保留什么？例外怎样才能保持透明？"},
        explanation={"en": "Tiers set the default; visible, reviewed exceptions keep the rule "
                           "fair.",
                     "zh": "级别决定默认做法；公开、定期复核的例外让规则保持公平。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
