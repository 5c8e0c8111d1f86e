"""Exercises for ``01_current_state_retail``: where are we (现状分析, 在哪里)?

Accompanies ``notebooks/01_current_state_retail.ipynb``: the transaction
summary (frequency, recency, T, monetary value), RFM scores and segments, ABC
on net spend, predicted CLV and P(alive), and a composite score whose weights
the learner sets with the weights explorer.

The notebook binds ``world = load_retail(seed=SEED)`` and starts from
``tx = world.transactions`` and ``rfm_in = tl.rfm_table(tx, customer="member_id")``.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from tierlab.cases.retail import member_profile
from tierlab.composite import composite_score
from tierlab.datasets import World
from tierlab.exercises._compare import (
    ChoiceAnswer,
    CollectionAnswer,
    CustomAnswer,
    FrameAnswer,
    NumberAnswer,
)
from tierlab.exercises._core import Exercise, NearMiss, Question
from tierlab.exercises.questions._retail import (
    MARGIN,
    MEMBER,
    RETURN_COST,
    check_retail,
    default_retail,
    member_clv,
    member_rfm,
    member_summary,
)
from tierlab.matrix import factor_matrix
from tierlab.pareto import abc_classify
from tierlab.rfm import rfm_scores, rfm_segments

__all__ = ["DIMENSIONS", "EXERCISE", "RETURN_CUT", "TOP_N", "TOP_SHARE", "dimensions",
           "target_member"]

#: How many members question 4 asks for.
TOP_N = 10
#: The dimensions of the composite score (question 6).
DIMENSIONS = ("value", "potential", "frequency")
_TIERS = ["A", "B", "C"]


# ---------------------------------------------------------------------------------------
# reference helpers
# ---------------------------------------------------------------------------------------
def _summary(ctx, **kw) -> pd.DataFrame:
    key = ("summary", tuple(sorted(kw.items())))
    return ctx.cached(key, lambda: member_summary(ctx.data, **kw))


def _clv(ctx) -> pd.DataFrame:
    return ctx.cached("clv", lambda: member_clv(ctx.data))


def _rfm(ctx, **kw) -> pd.DataFrame:
    key = ("rfm", tuple(sorted(kw.items())))
    return ctx.cached(key, lambda: member_rfm(ctx.data, **kw))


def _summary_variant(ctx, mistake: str) -> pd.DataFrame:
    s = _summary(ctx).copy()
    if mistake == "days":
        return _summary(ctx, time_unit="D")
    if mistake == "first":
        s["frequency"] = s["n_purchases"]
    elif mistake == "mean_all":
        s["monetary_value"] = s["total_value"] / s["n_purchases"]
    elif mistake == "total":
        s["monetary_value"] = s["total_value"]
    return s


def _segments(ctx, *, reverse_recency=False, clv_recency=False, **rfm_kw) -> pd.DataFrame:
    r = _rfm(ctx, **rfm_kw)
    if reverse_recency:
        r = r.assign(recency=-r["recency"])
    if clv_recency:  # the CLV summary's recency: days from first to last purchase
        age = _summary(ctx, time_unit="D").set_index("member_id")["recency"]
        r = r.assign(recency=r["member_id"].map(age).fillna(0).to_numpy())
    return rfm_segments(rfm_scores(r, customer="member_id"), customer="member_id")


def _abc(ctx, *, value="monetary", **rfm_kw) -> pd.DataFrame:
    r = _rfm(ctx, **rfm_kw)
    return abc_classify(r, customer="member_id", value=value, negative="last")


def _top_clv(ctx, *, by="clv") -> list:
    if by in ("clv", "expected_purchases"):
        return _clv(ctx).nlargest(TOP_N, by)["member_id"].tolist()
    r = _rfm(ctx)
    return r.nlargest(TOP_N, by)["member_id"].tolist()


def dimensions(world: World) -> pd.DataFrame:
    """The dimensions of question 6, one row per member who bought.

    ``value`` (net spend, from ``rfm_table``), ``potential`` (predicted CLV
    over 12 months, from ``clv_table``) and ``frequency`` (purchase days).
    """
    r = member_rfm(world)
    c = member_clv(world)
    out = r[["member_id", "monetary", "frequency"]].rename(columns={"monetary": "value"})
    out["potential"] = out["member_id"].map(c.set_index("member_id")["clv"]).fillna(0.0)
    return out[["member_id", *DIMENSIONS]]


def target_member(dims: pd.DataFrame) -> str:
    """The member question 6 asks about: tier C with equal weights, yet A on potential alone.

    Among the members in the bottom tier with equal weights whose potential
    rank is in the top third, the one with the highest potential.
    """
    equal = composite_score(dims, customer="member_id", weights=dict.fromkeys(DIMENSIONS, 1.0),
                            tiers=_TIERS)
    pot = composite_score(dims, customer="member_id", weights={"potential": 1.0}, tiers=_TIERS)
    cand = dims.assign(eq=equal["tier"].to_numpy(), pot=pot["tier"].to_numpy())
    cand = cand[(cand["eq"] != "A") & (cand["pot"] == "A")]
    low = cand[cand["eq"] == "C"]
    pick = low if len(low) else cand
    return str(pick.sort_values(["potential", "member_id"], ascending=[False, True])
               ["member_id"].iloc[0])


def _dims(ctx) -> pd.DataFrame:
    return ctx.cached("dims", lambda: dimensions(ctx.data))


def _target(ctx) -> str:
    return target_member(_dims(ctx))


def _check_weights(got, member, ctx):
    """Custom comparison: the weights put ``member`` (the expected answer) in tier A.

    Recomputed on the learner's data: the composite score of ``_dims(ctx)``.
    """
    dims = _dims(ctx)
    if not isinstance(got, dict):
        return {"en": "Give the weights as a dict such as {'value': 0.2, 'potential': 0.7, "
                      f"'frequency': 0.1}}, not {type(got).__name__}.",
                "zh": "请以字典给出权重，例如 {'value': 0.2, 'potential': 0.7, 'frequency': 0.1}，"
                      f"而不是 {type(got).__name__}。"}
    unknown = [k for k in got if k not in DIMENSIONS]
    if unknown:
        return {"en": f"{unknown[0]!r} is not a dimension; use {list(DIMENSIONS)}.",
                "zh": f"{unknown[0]!r} 不是维度名；请使用 {list(DIMENSIONS)}。"}
    bad = [k for k, v in got.items() if isinstance(v, bool) or not isinstance(v, numbers.Real)
           or not np.isfinite(v) or v < 0]
    if bad:
        return {"en": f"The weight of {bad[0]!r} must be a number >= 0.",
                "zh": f"{bad[0]!r} 的权重必须是不小于 0 的数字。"}
    if sum(float(v) for v in got.values()) <= 0:
        return {"en": "At least one weight must be above 0.",
                "zh": "至少要有一个权重大于 0。"}
    weights = {k: float(v) for k, v in got.items() if float(v) > 0}
    res = composite_score(dims, customer="member_id", weights=weights, tiers=_TIERS)
    tier = str(res.loc[res["member_id"] == member, "tier"].iloc[0])
    if tier != "A":
        return {"en": f"With these weights member {member} is in tier {tier}, not A. Which "
                      "dimension is this member strong on?",
                "zh": f"按这组权重，会员 {member} 在 {tier} 层，而不是 A 层。"
                      "这位会员在哪个维度上最强？"}
    return None


# ---------------------------------------------------------------------------------------
# questions
# ---------------------------------------------------------------------------------------
q1 = Question(
    "q1",
    prompt={
        "en": "Summarise the transactions per member in WEEKS, as the CLV models expect: "
              "`tl.summarize_transactions` with the columns frequency (repeat purchases), "
              "recency, T and monetary_value (mean of the repeat purchases). Give the "
              "DataFrame.",
        "zh": "以“周”为单位按会员汇总交易，这是 CLV 模型需要的格式：使用 `tl.summarize_transactions`，"
              "得到 frequency（重复购买次数）、recency、T 和 monetary_value（重复购买的平均金额）。"
              "请给出该 DataFrame。",
    },
    expected=lambda ctx: _summary(ctx),
    answer=FrameAnswer(key="member_id", columns=["frequency", "recency", "T", "monetary_value"],
                       entity=MEMBER),
    builds_on="notebooks/01_current_state_retail.ipynb#cell-09:summary",
    hints=[
        {"en": "Notebook 01 retail, section 2 'The transaction summary': reuse the `summary` "
               "cell.",
         "zh": "笔记本 01（零售）第 2 节“The transaction summary”：沿用计算 "
               "`summary` 的单元格。"},
        {"en": "The id column is `member_id`, not the default `customer_id`: pass "
               "`customer='member_id'`.",
         "zh": "客户编号列是 `member_id`，不是默认的 `customer_id`：请传入 `customer='member_id'`。"},
        {"en": "`tl.summarize_transactions(tx, customer='member_id', time_unit='W')`.",
         "zh": "`tl.summarize_transactions(tx, customer='member_id', time_unit='W')`。"},
    ],
    solution="summary = tl.summarize_transactions(tx, customer='member_id', time_unit='W')",
    near_misses=[
        NearMiss({"en": "recency and T are in days. The CLV models here work in weeks: "
                        "`time_unit='W'`.",
                  "zh": "recency 和 T 是以“天”为单位的。这里的 CLV 模型以“周”为单位：`time_unit='W'`。"},
                 variant=lambda ctx: _summary_variant(ctx, "days")),
        NearMiss({"en": "Your frequency counts the first purchase. frequency is the number of "
                        "REPEAT purchases: purchase days minus 1 (a one-time buyer has 0).",
                  "zh": "你的 frequency 把第一次购买也算进去了。frequency 是“重复”购买次数："
                        "购买天数减 1（只买过一次的会员为 0）。"},
                 variant=lambda ctx: _summary_variant(ctx, "first")),
        NearMiss({"en": "Your monetary_value is the mean over ALL purchases. The models use the "
                        "mean of the repeat purchases only (0 for one-time buyers).",
                  "zh": "你的 monetary_value 是全部购买的平均值。模型使用的是重复购买的平均值"
                        "（只买过一次的会员为 0）。"},
                 variant=lambda ctx: _summary_variant(ctx, "mean_all")),
        NearMiss({"en": "Your monetary_value is the TOTAL spend; the models want the mean value "
                        "per repeat purchase.",
                  "zh": "你的 monetary_value 是总消费；模型需要的是每次重复购买的平均金额。"},
                 variant=lambda ctx: _summary_variant(ctx, "total")),
    ],
)

q2 = Question(
    "q2",
    prompt={
        "en": "Score RFM and name the segments: `tl.rfm_scores` on `rfm_in` (recency in days, "
              "frequency, net monetary), then `tl.rfm_segments`. Give the segments DataFrame "
              "(member_id, r_score, f_score, m_score, segment).",
        "zh": "计算 RFM 得分并命名细分：对 `rfm_in`（recency 以天计、frequency、净消费 monetary）"
              "使用 `tl.rfm_scores`，再用 `tl.rfm_segments`。请给出细分结果 DataFrame"
              "（member_id, r_score, f_score, m_score, segment）。",
    },
    expected=lambda ctx: _segments(ctx),
    builds_on="notebooks/01_current_state_retail.ipynb#cell-11:segments",
    answer=FrameAnswer(key="member_id", columns=["r_score", "f_score", "m_score", "segment"],
                       entity=MEMBER),
    hints=[
        {"en": "Notebook 01 retail, section 3 'RFM: recency, frequency, monetary': reuse the "
               "`segments` cell.",
         "zh": "笔记本 01（零售）第 3 节“RFM: recency, frequency, "
               "monetary”：沿用计算 `segments` 的单元格。"},
        {"en": "Both functions need `customer='member_id'`; rfm_segments takes the output of "
               "rfm_scores.",
         "zh": "两个函数都需要 `customer='member_id'`；rfm_segments 的输入是 rfm_scores 的输出。"},
        {"en": "`tl.rfm_segments(tl.rfm_scores(rfm_in, customer='member_id'), "
               "customer='member_id')`.",
         "zh": "`tl.rfm_segments(tl.rfm_scores(rfm_in, customer='member_id'), "
               "customer='member_id')`。"},
    ],
    solution=("scores = tl.rfm_scores(rfm_in, customer='member_id')\n"
              "segments = tl.rfm_segments(scores, customer='member_id')"),
    near_misses=[
        NearMiss({"en": "Recency is reversed: a SMALL number of days since the last purchase is "
                        "good and must score 5. rfm_scores expects days, not a 'higher is "
                        "better' number.",
                  "zh": "R 得分方向反了：距上次购买的天数越“少”越好，应得 5 分。rfm_scores 需要的是天数，"
                        "而不是“越大越好”的数字。"},
                 variant=lambda ctx: _segments(ctx, reverse_recency=True)),
        NearMiss({"en": "Your recency is the CLV-style one (`summarize_transactions`): the time "
                        "from the FIRST to the last purchase. RFM recency is the days SINCE the "
                        "last purchase, from `tl.rfm_table` (`rfm_in`).",
                  "zh": "你的 recency 是 CLV 模型的定义（`summarize_transactions`）：从第一次到最后一次"
                        "购买的时间。RFM 的 recency 是距最后一次购买的天数，来自 `tl.rfm_table`（`rfm_in`）。"},
                 variant=lambda ctx: _segments(ctx, clv_recency=True)),
        NearMiss({"en": "Returns are not netted: your monetary ignores the refunds. Use the net "
                        "`amount` with the return rows (rfm_table's default).",
                  "zh": "退货没有抵扣：你的 monetary 忽略了退款。请使用包含退货行的净 `amount`"
                        "（rfm_table 的默认做法）。"},
                 variant=lambda ctx: _segments(ctx, returns="exclude")),
        NearMiss({"en": "Your monetary is the MEAN spend per purchase; the question uses the "
                        "total net spend (rfm_table's default monetary='total').",
                  "zh": "你的 monetary 是每次购买的平均金额；本题使用总净消费"
                        "（rfm_table 默认的 monetary='total'）。"},
                 variant=lambda ctx: _segments(ctx, monetary="mean")),
    ],
)

q3 = Question(
    "q3",
    prompt={
        "en": "Tier the members by ABC on their net spend (`rfm_in['monetary']`, cut-offs "
              "80% / 95%). A few members returned more than they bought: put them last with "
              "`negative='last'`. Give the result of `tl.abc_classify`.",
        "zh": "按净消费（`rfm_in['monetary']`，分界 80% / 95%）对会员做 ABC 分级。少数会员退货多于购买："
              "用 `negative='last'` 把他们排在最后。请给出 `tl.abc_classify` 的结果。",
    },
    expected=lambda ctx: _abc(ctx),
    builds_on="notebooks/01_current_state_retail.ipynb#cell-19:abc",
    answer=FrameAnswer(key="member_id", columns=["tier"], entity=MEMBER),
    hints=[
        {"en": "Notebook 01 retail, section 4 'ABC on net spend': reuse the `abc_classify` cell.",
         "zh": "笔记本 01（零售）第 4 节“ABC on net spend”：沿用 `abc_classify` "
               "那个单元格。"},
        {"en": "`tl.abc_classify(data, customer=..., value=..., negative=...)` takes one row "
               "per member: `rfm_in` is one.",
         "zh": "`tl.abc_classify(data, customer=..., value=..., negative=...)` 需要每位会员一行："
               "`rfm_in` 正是如此。"},
        {"en": "`tl.abc_classify(rfm_in, customer='member_id', value='monetary', "
               "negative='last')`.",
         "zh": "`tl.abc_classify(rfm_in, customer='member_id', value='monetary', "
               "negative='last')`。"},
    ],
    solution="abc = tl.abc_classify(rfm_in, customer='member_id', value='monetary', "
             "negative='last')",
    near_misses=[
        NearMiss({"en": "Those tiers are on spend without the returns. Tier on NET spend: "
                        "a member who returns half of what they buy is worth half.",
                  "zh": "这是未扣除退货的消费分级。请按净消费分级：退掉一半商品的会员只值一半。"},
                 variant=lambda ctx: _abc(ctx, returns="exclude")),
        NearMiss({"en": "Those tiers are on frequency (purchase days). ABC here is on value: "
                        "net spend.",
                  "zh": "这是按购买频次（购买天数）分级的。这里的 ABC 按价值分级：净消费。"},
                 variant=lambda ctx: _abc(ctx, value="frequency")),
        NearMiss({"en": "Those tiers are on the mean spend per purchase; ABC ranks the total "
                        "net spend.",
                  "zh": "这是按每次购买的平均金额分级的；ABC 应按总净消费排序。"},
                 variant=lambda ctx: _abc(ctx, monetary="mean")),
    ],
    explanation={"en": "A third or so of the members carry 80% of net spend: less concentrated "
                       "than the textbook 20/80, but still a clear A tier.",
                 "zh": "约三分之一的会员贡献了 80% 的净消费：没有教科书上的 20/80 那么集中，"
                       "但 A 层依然清晰。"},
)

q4 = Question(
    "q4",
    prompt={
        "en": f"Fit the CLV models on `summary` (question 1) with `tl.clv_table(summary, "
              f"customer='member_id', margin={MARGIN})`. List the member_ids of the {TOP_N} "
              f"members with the highest predicted CLV (column `clv`).",
        "zh": f"用 `tl.clv_table(summary, customer='member_id', margin={MARGIN})` 在 `summary`"
              f"（第 1 题）上拟合 CLV 模型。列出预测 CLV（`clv` 列）最高的 {TOP_N} 位会员的 member_id。",
    },
    expected=_top_clv,
    answer=CollectionAnswer(),
    builds_on=("notebooks/01_current_state_retail.ipynb#cell-26:"
                "pred.nlargest(10, 'clv')['member_id'].tolist()"),
    hints=[
        {"en": "Notebook 01 retail, section 5 'Customer lifetime value': reuse the `clv_table` "
               "cell; notebook 00b, section 4 'Top N and the largest' shows `nlargest`.",
         "zh": "笔记本 01（零售）第 5 节“Customer lifetime value”：沿用 "
               "`clv_table` 单元格；笔记本 00b 第 4 节“Top N and the "
               "largest”演示了 `nlargest`。"},
        {"en": "clv_table fits BG/NBD (how often, and whether still alive) and Gamma-Gamma "
               "(how much per purchase); store its result in a variable.",
         "zh": "clv_table 拟合 BG/NBD（购买频率以及是否仍“存活”）和 Gamma-Gamma（每次购买金额）；"
               "把结果存进变量。"},
        {"en": f"`clv.nlargest({TOP_N}, 'clv')['member_id'].tolist()`.",
         "zh": f"`clv.nlargest({TOP_N}, 'clv')['member_id'].tolist()`。"},
    ],
    solution=(f"clv = tl.clv_table(summary, customer='member_id', margin={MARGIN})\n"
              f"top_clv = clv.nlargest({TOP_N}, 'clv')['member_id'].tolist()"),
    near_misses=[
        NearMiss({"en": "Those are the top members by past net spend (the same ranking as the "
                        "historic CLV, which carries the past rate on). Predicted CLV also asks "
                        "whether they are still buying (P(alive)).",
                  "zh": "这些是按过去净消费排名的前几位（与历史 CLV 的排名相同，历史 CLV 假设过去的速度延续）。"
                        "预测 CLV 还要考虑他们是否仍在购买（P(alive)）。"},
                 variant=lambda ctx: _top_clv(ctx, by="monetary")),
        NearMiss({"en": "Those are the top members by expected PURCHASES (how often). CLV also "
                        "counts how much each purchase is worth.",
                  "zh": "这些是按预期购买次数（频率）排名的前几位。CLV 还要考虑每次购买的金额。"},
                 variant=lambda ctx: _top_clv(ctx, by="expected_purchases")),
    ],
    explanation={"en": "Past value is not future value: several big spenders of the past are "
                       "missing from this list because the model thinks they have left.",
                 "zh": "过去的价值不等于未来的价值：一些过去的大客户不在名单里，因为模型认为他们已经离开。"},
)

q5 = Question(
    "q5",
    prompt={
        "en": "A member has `p_alive` = 0.2 in the CLV table. What does that mean? "
              "(a) there is a 20% chance she buys next month, "
              "(b) she has used 80% of her expected lifetime, "
              "(c) given how often and how recently she bought, the model gives a 20% "
              "probability that she is still an active customer (has not silently left), "
              "(d) 20% of her purchases were returned.",
        "zh": "某会员在 CLV 表中的 `p_alive` = 0.2。这是什么意思？"
              "(a) 她下个月购买的概率是 20%；"
              "(b) 她已经用掉了预期生命周期的 80%；"
              "(c) 根据她购买的频率和最近一次购买的时间，模型认为她仍是活跃客户（没有悄悄流失）的概率为 20%；"
              "(d) 她 20% 的购买被退货了。",
    },
    expected=lambda ctx: "c",
    answer=ChoiceAnswer(explanations={
        "a": {"en": "Buying next month needs her to be alive AND to buy; expected purchases over "
                    "a period is a separate column.",
              "zh": "下个月购买需要她既“存活”又购买；某一时期的预期购买次数是另外一列。"},
        "b": {"en": "BG/NBD has no fixed lifetime: a member can drop out after any purchase.",
              "zh": "BG/NBD 没有固定的生命周期：会员在任何一次购买之后都可能流失。"},
        "d": {"en": "Returns are netted in the spend; they do not enter P(alive).",
              "zh": "退货在消费金额中抵扣；它们不进入 P(alive)。"},
    }),
    hints=[
        {"en": "Notebook 01 retail, section 5 'Customer lifetime value': reread what P(alive) "
               "means.",
         "zh": "笔记本 01（零售）第 5 节“Customer lifetime value”：重读 P(alive) "
               "的含义。"},
        {"en": "In BG/NBD a customer buys at some rate while 'alive' and may drop out, unseen, "
               "after any purchase.",
         "zh": "在 BG/NBD 中，客户“存活”时以一定速度购买，并可能在任何一次购买后悄悄流失。"},
        {"en": "A frequent buyer who has not bought for a long time gets a LOW P(alive).",
         "zh": "一位常买的会员如果很久没来，P(alive) 就会很低。"},
    ],
    solution='choice = "c"',
    explanation={"en": "Right: retail churn is silent — nobody cancels a membership. P(alive) is "
                       "the model's best guess, and a good trigger for a win-back contact.",
                 "zh": "正确：零售的流失是无声的——没有人会注销会员。P(alive) 是模型的最佳估计，"
                       "也是触发挽回联系的好信号。"},
)

q6 = Question(
    "q6",
    prompt={
        "en": "Composite score on the dimensions of `dims` (value, potential, frequency), "
              "percentile-rank scaled, cut into three equal tiers A/B/C. Member `member` "
              "(printed above) is not in A with equal weights. Move the sliders of the weights "
              "explorer until this member is in tier A and give your weights as a dict, e.g. "
              "{'value': 0.2, 'potential': 0.7, 'frequency': 0.1}.",
        "zh": "在 `dims` 的维度（value、potential、frequency）上计算综合评分，按百分位排名缩放，"
              "再等分为 A/B/C 三层。会员 `member`（上面已打印）在等权重下不在 A 层。拖动权重探索器的滑块，"
              "直到这位会员进入 A 层，并以字典给出你的权重，例如 "
              "{'value': 0.2, 'potential': 0.7, 'frequency': 0.1}。",
    },
    expected=_target,
    answer=CustomAnswer(_check_weights),
    reference=lambda ctx: {"value": 0.0, "potential": 1.0, "frequency": 0.0},
    near_misses=[
        NearMiss({"en": "You give no weight to potential (the predicted future value): with "
                        "past value and frequency alone this member cannot reach A.",
                  "zh": "你没有给潜力（预测的未来价值）任何权重：只看过去的价值和频率，"
                        "这位会员无法进入 A 层。"},
                 test=lambda a, ctx: isinstance(a, dict) and len(set(a.values())) > 1
                 and float(a.get("potential", 0)) == 0),
        NearMiss({"en": "Most of your weight is on past value (or frequency), and this member's "
                        "past is small. What is predicted for the member's future?",
                  "zh": "你把大部分权重放在过去的价值（或频率）上，而这位会员过去贡献不大。"
                        "模型对这位会员的未来怎么预测？"},
                 test=lambda a, ctx: isinstance(a, dict) and len(set(a.values())) > 1
                 and max(a, key=lambda k: float(a[k])) in ("value", "frequency")),
    ],
    hints=[
        {"en": "Notebook 01 retail, section 8 'A composite score': the composite and its weights"
               " explorer.",
         "zh": "笔记本 01（零售）第 8 节“A composite score”：综合评分及其权重滑块。"},
        {"en": "Look up the member's row in `dims`: which dimension is high, which are low?",
         "zh": "在 `dims` 中查看这位会员的行：哪个维度高，哪些维度低？"},
        {"en": "Give most of the weight to potential (predicted CLV) and little to the past.",
         "zh": "把大部分权重给潜力（预测 CLV），少给过去的表现。"},
    ],
    solution="weights = {'value': 0.0, 'potential': 1.0, 'frequency': 0.0}",
    explanation={"en": "The weights ARE the strategy: a member with a small past but a large "
                       "predicted future is A only if you decide potential matters.",
                 "zh": "权重就是策略：过去贡献小但预测未来大的会员，只有在你认定潜力重要时才是 A 层。"},
)

# ---------------------------------------------------------------------------------------
# q7: a key customer is not always a big customer (大客户不一定是关键客户)
# ---------------------------------------------------------------------------------------
#: The share of members question 7 calls "top": the top 10% by each measure.
TOP_SHARE = 0.10


def _key_not_big(ctx, *, n=None, overlap=False) -> int:
    """How many of the top 10% by predicted CLV are not in the top 10% by net spend.

    ``n`` counts a fixed number instead of 10% (the "top 10 members" mistake);
    ``overlap=True`` counts the members in both tops.
    """
    rfm, clv = _rfm(ctx), _clv(ctx)
    k = n if n is not None else int(len(rfm) * TOP_SHARE)
    big = set(rfm.nlargest(k, "monetary")["member_id"])
    key = set(clv.nlargest(k, "clv")["member_id"])
    return len(key & big) if overlap else len(key - big)


q7 = Question(
    "q7",
    prompt={
        "en": "A key customer is not always a big customer (大客户不一定是关键客户). Take the top "
              "10% of members by net spend (`rfm_in['monetary']`: the BIG members) and the top "
              "10% by predicted CLV (`clv['clv']` of question 4: the members worth most in the "
              "next 12 months). 10% of the members is `int(len(rfm_in) * 0.10)`; use `nlargest`. "
              "How many of the CLV top 10% are NOT big members? Give a whole number.",
        "zh": "关键客户不一定是大客户（大客户不一定是关键客户）。取净消费（`rfm_in['monetary']`）"
              "前 10% 的会员（“大客户”），以及预测 CLV（第 4 题的 `clv['clv']`，未来 12 个月"
              "最有价值）前 10% 的会员。10% 的会员数为 `int(len(rfm_in) * 0.10)`；用 `nlargest`。"
              "CLV 前 10% 中有多少位不是大客户？请给出一个整数。",
    },
    expected=_key_not_big,
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    near_misses=[
        NearMiss({"en": "That counts the members who are in BOTH tops. The question asks for "
                        "the CLV top members who are missing from the spend top.",
                  "zh": "这是两个榜单都在的会员数。题目问的是在 CLV 榜单上、却不在消费榜单上的会员。"},
                 variant=lambda ctx: _key_not_big(ctx, overlap=True)),
        NearMiss({"en": "That looks like the top 10 members, not the top 10% of members.",
                  "zh": "这看起来是前 10 位会员，而不是前 10% 的会员。"},
                 variant=lambda ctx: _key_not_big(ctx, n=10)),
    ],
    hints=[
        {"en": "Notebook 01 retail, section 5 'Customer lifetime value': the scatter of past "
               "against predicted value; notebook 00b, section 4 shows `nlargest`.",
         "zh": "笔记本 01（零售）第 5 节“Customer lifetime value”：过去价值与预测价值的散点图；"
               "笔记本 00b 第 4 节演示了 `nlargest`。"},
        {"en": "Make two sets of member_ids, `big` and `key`, with `set(...)`; `key - big` keeps "
               "the ids of `key` that are not in `big`.",
         "zh": "用 `set(...)` 建两个会员编号集合 `big` 和 `key`；`key - big` 保留在 `key` "
               "中但不在 `big` 中的编号。"},
    ],
    solution=("n = int(len(rfm_in) * 0.10)\n"
              "big = set(rfm_in.nlargest(n, 'monetary')['member_id'])\n"
              "key = set(clv.nlargest(n, 'clv')['member_id'])\n"
              "key_not_big = len(key - big)"),
    builds_on=("notebooks/01_current_state_retail.ipynb#key-big-code:"
               "len(key - big)"),
    explanation={"en": "Right: many members worth most tomorrow are not among today's biggest "
                       "spenders (and some big spenders are gone). A key customer can be a "
                       "growing one, a loyal one or one who brings others; size is one dimension.",
                 "zh": "正确：许多未来最有价值的会员并不在今天消费最多的会员之中（而有些大客户已经"
                       "流失）。关键客户可能是成长中的、忠诚的，或能带来其他客户的；规模只是一个维度。"},
)


# ---------------------------------------------------------------------------------------
# q8: a factor-combination grid (因素组合分类法): scale x reliability
# ---------------------------------------------------------------------------------------
#: The return-rate cut of question 8 (10% of the member's lines returned).
RETURN_CUT = 0.10


def _profile(ctx) -> pd.DataFrame:
    return ctx.cached("profile", lambda: member_profile(ctx.data, margin=MARGIN,
                                                         cost_per_return=RETURN_COST))


def _big_unreliable(ctx, *, x_level="high", mean_cut=False) -> int:
    """Members in the cell ``x {x_level} / y high`` of net spend x return rate.

    ``mean_cut=True`` splits net spend at its mean instead of the median.
    """
    prof = _profile(ctx)
    x_cut = float(prof["monetary"].mean()) if mean_cut else None
    grid = factor_matrix(prof, customer="member_id", x="monetary", y="return_rate",
                         x_cut=x_cut, y_cut=RETURN_CUT)
    return int((grid["cell"] == f"x {x_level} / y high").sum())


q8 = Question(
    "q8",
    prompt={
        "en": "A factor-combination grid (因素组合分类法): cross the member's scale (net spend "
              "`monetary` of `tl.member_profile(world, margin=0.3, cost_per_return=20)`, split "
              "at the median) with reliability (`return_rate`, split at 0.10) with "
              "`tl.factor_matrix`. How many members are BIG spenders with a return rate of at "
              "least 10% (the cell 'x high / y high')? Give a whole number.",
        "zh": "因素组合分类：用 `tl.factor_matrix` 把会员的规模（"
              "`tl.member_profile(world, margin=0.3, cost_per_return=20)` 的净消费 `monetary`，"
              "以中位数为界）与可靠性（`return_rate`，以 0.10 为界）交叉。有多少位会员是退货率"
              "至少 10% 的大客户（格子 'x high / y high'）？请给出一个整数。",
    },
    expected=_big_unreliable,
    answer=NumberAnswer(whole=True, rtol=0, atol=0.5, percent_check=False),
    near_misses=[
        NearMiss({"en": "That is the cell of the SMALL spenders with many returns "
                        "('x low / y high'). Net spend is x; high means above the median.",
                  "zh": "这是退货多的小客户格子（'x low / y high'）。净消费是 x，high 表示高于中位数。"},
                 variant=lambda ctx: _big_unreliable(ctx, x_level="low")),
        NearMiss({"en": "Your split of net spend is not the median: a few very big spenders pull "
                        "the mean up. Leave `x_cut` out, and factor_matrix splits at the median.",
                  "zh": "你的净消费分界不是中位数：少数超大客户会把平均数拉高。不写 `x_cut`，"
                        "factor_matrix 就按中位数划分。"},
                 variant=lambda ctx: _big_unreliable(ctx, mean_cut=True)),
    ],
    hints=[
        {"en": "Notebook 01 retail, section 1 'The member base at a glance': reuse the "
               "`tl.factor_matrix` cell of 'Two factors at once'.",
         "zh": "笔记本 01（零售）第 1 节“The member base at a glance”：沿用“Two factors at "
               "once”中的 `tl.factor_matrix` 单元格。"},
        {"en": "`grid = tl.factor_matrix(profile, customer='member_id', x='monetary', "
               "y='return_rate', y_cut=0.1)`; then count the rows whose `cell` is "
               "'x high / y high' (a mask and `.sum()`).",
         "zh": "`grid = tl.factor_matrix(profile, customer='member_id', x='monetary', "
               "y='return_rate', y_cut=0.1)`；再统计 `cell` 为 'x high / y high' 的行数"
               "（布尔筛选加 `.sum()`）。"},
    ],
    solution=("profile = tl.member_profile(world, margin=0.3, cost_per_return=20)\n"
              "grid = tl.factor_matrix(profile, customer='member_id', x='monetary',\n"
              "                        y='return_rate', y_cut=0.1)\n"
              "n_big_unreliable = (grid['cell'] == 'x high / y high').sum()"),
    builds_on=("notebooks/01_current_state_retail.ipynb#factor-code:"
               "int((grid['cell'] == 'x high / y high').sum())"),
    explanation={"en": "Right. These members are big by size but a less reliable source of "
                       "profit: the grid asks whether they get the same terms (free returns, "
                       "coupons) as the big spenders who keep what they buy.",
                 "zh": "正确。这些会员规模大，但利润来源不那么可靠：这个格子提出的问题是，"
                       "他们是否应享受与不怎么退货的大客户相同的条件（免费退货、优惠券）。"},
)


EXERCISE = Exercise(
    "01_current_state_retail", [q1, q2, q3, q4, q5, q6, q7, q8],
    title={"en": "01 · Current state (现状分析) — retail exercises",
           "zh": "01 · 现状分析 — 零售练习"},
    prepare=check_retail, default_data=default_retail,
)


# ---------------------------------------------------------------------------------------
# judgement questions (判断题): decisions without code, for the manager track
# ---------------------------------------------------------------------------------------
from tierlab.exercises.questions._judgement import judgement, with_questions  # noqa: E402

JUDGEMENT = [
    judgement(
        "q7", at="d",
        stem={"en": "The loyalty manager says: \"Our platinum (白金) members are our most "
                    "valuable members, so they are tier A.\" How do you answer?",
              "zh": "积分计划经理说：“白金会员就是我们最有价值的会员，所以他们是 A 层。”你怎么回答？"},
        right={"en": "check it against the ABC tiers and CLV of our members before agreeing",
               "zh": "先与会员的 ABC 分层和 CLV 对照，再决定是否同意"},
        wrong=[
            ({"en": "agree: the level is the tiering, and the analysis is not needed",
              "zh": "同意：会员等级就是分级，不需要分析"},
             {"en": "A level ignores returns, discounts and whether the member still buys; it "
                    "is a promise to the member, not a measure of value.",
              "zh": "会员等级不考虑退货、折扣以及会员是否还在购买；它是对会员的承诺，而不是价值的衡量。"}),
            ({"en": "disagree: levels are random and say nothing about value",
              "zh": "不同意：会员等级是随机的，与价值无关"},
             {"en": "Levels do follow past spend, so they agree with value in part; the point "
                    "is to see where they do not.",
              "zh": "等级确实反映过去的消费，所以与价值部分一致；关键是看它们在哪里不一致。"}),
            ({"en": "agree, and use predicted CLV only to order the members within the platinum "
                    "level",
              "zh": "同意，只在白金会员内部用预测 CLV 排序"},
             {"en": "That keeps the level as the first cut, so a high-value silver member "
                    "can never reach A.",
              "zh": "这样仍以等级作为第一刀，价值很高的银卡会员永远进不了 A 层。"}),
        ],
        hint={"en": "What earns a level, and what does ABC on net spend or CLV measure?",
              "zh": "会员等级是怎么获得的？按净消费的 ABC 或 CLV 衡量的又是什么？"},
        explanation={"en": "白金会员 is not automatically 最有价值: a level looks back at "
                           "spend above a threshold; tiers look at net value and the future. "
                           "On your world: `pd.crosstab(world.members['level'], tier)` and "
                           "the share of tier A's net spend per level.",
                     "zh": "白金会员不等于最有价值：等级回看的是超过门槛的消费；分级看的是净价值和未来。"
                           "在你的数据上：`pd.crosstab(world.members['level'], tier)`，以及 A 层净消费"
                           "按等级的占比。"}),
    judgement(
        "q8", at="a",
        stem={"en": "The ABC (Pareto) curve of net spend reaches 80% at about a third of the "
                    "members. What does the chart tell you?",
              "zh": "净消费的 ABC（帕累托）曲线在大约三分之一的会员处达到 80%。这张图说明了什么？"},
        right={"en": "value is concentrated, less than 20/80: an A tier of about a third",
               "zh": "价值集中，但不到 20/80：A 层约为三分之一会员"},
        wrong=[
            ({"en": "the 80/20 rule holds, so tier A should be cut at 20% of the members whatever "
                    "the curve says",
              "zh": "二八法则成立，所以无论曲线怎样，A 层都应切在 20% 的会员处"},
             {"en": "The chart shows the cut where 80% is reached; forcing 20% would leave "
                    "part of the value outside tier A.",
              "zh": "图上显示的是达到 80% 的位置；硬套 20% 会把部分价值留在 A 层之外。"}),
            ({"en": "two thirds of the members are unprofitable",
              "zh": "三分之二的会员是亏损的"},
             {"en": "They bring the last 20% of net spend: small, not negative. Profit needs "
                    "costs, which this chart does not show.",
              "zh": "他们贡献了最后 20% 的净消费：份额小，但不是负数。利润还要看成本，这张图没有显示成本。"}),
            ({"en": "the members outside A can be dropped without losing much",
              "zh": "A 层以外的会员可以放弃，损失不大"},
             {"en": "A fifth of net spend is a lot to give up, and some of them are tomorrow's "
                    "A members (potential is not on this chart).",
              "zh": "五分之一的净消费不是小数目，而且其中一些人是明天的 A 层会员（这张图上没有潜力）。"}),
        ],
        hint={"en": "Read the x-axis at the point where the curve crosses 80%.",
              "zh": "在曲线穿过 80% 的地方读横轴。"},
        explanation={"en": "Read the cut from the curve of your own members, not from the "
                           "20/80 slogan.",
                     "zh": "从你自己会员的曲线上读出分界，而不是从“二八”口号里。"}),
    judgement(
        "q9", at="c",
        stem={"en": "A member has RFM scores R = 1, F = 5, M = 5: she bought often and a lot, "
                    "but not for a long time. What should the team do?",
              "zh": "一位会员的 RFM 得分为 R = 1、F = 5、M = 5：她过去买得又多又频繁，但已经很久没来了。"
                    "团队应该怎么做？"},
        right={"en": "treat her as at risk: a personal win-back contact now",
               "zh": "当作流失风险：现在就做一次个人化的挽回联系"},
        wrong=[
            ({"en": "nothing: with F = 5 and M = 5 she is a Champion, whatever her recency",
              "zh": "什么都不做：F = 5、M = 5，无论最近一次购买如何，她都是冠军客户"},
             {"en": "A Champion also buys recently; R = 1 says she may have left.",
              "zh": "冠军客户还要最近有购买；R = 1 说明她可能已经离开了。"}),
            ({"en": "write her off as lost and spend nothing on her",
              "zh": "把她当作已流失，不再投入"},
             {"en": "Her past says a return is worth a lot; one well-aimed contact costs "
                    "little compared with that.",
              "zh": "她的过去说明挽回的价值很大；一次有针对性的联系成本远小于此。"}),
            ({"en": "send her the welcome series for new members",
              "zh": "给她发新会员欢迎系列"},
             {"en": "She is not new; a welcome message tells her we do not know her.",
              "zh": "她不是新会员；欢迎信息只会告诉她我们不了解她。"}),
        ],
        hint={"en": "Which of the three scores is low, and what does that one measure?",
              "zh": "三个得分中哪个低？它衡量的是什么？"},
        explanation={"en": "Recency is the early warning: a big past and a long silence call "
                           "for a win-back, and P(alive) tells you how urgent it is.",
                     "zh": "最近一次购买是预警：过去贡献大、又长期沉默，就需要挽回；P(alive) 告诉你有多紧迫。"}),
]
EXERCISE = with_questions(EXERCISE, JUDGEMENT)
