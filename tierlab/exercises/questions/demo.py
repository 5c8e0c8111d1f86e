"""A small demo question set: ABC tiers, a recency score, a share, a choice, a set.

It shows every kind of answer and near-miss diagnoser on a tiny synthetic sales
table, in plain pandas (no other tierlab module needed). The tests use it, and
it is the model to copy when writing a real question set::

    from tierlab.exercises import ____, load
    from tierlab.exercises.questions.demo import make_demo_data
    data = make_demo_data(random_state=7)
    ex = load("demo", data=data, lang="en")
    q1 = ex.q1
    answer = ____
    q1.check(answer)        # not attempted
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab._rng import RandomState, check_random_state
from tierlab.exercises._compare import (
    ChoiceAnswer,
    CollectionAnswer,
    FrameAnswer,
    NumberAnswer,
    SeriesAnswer,
)
from tierlab.exercises._core import Exercise, NearMiss, Question

__all__ = ["make_demo_data", "abc_table", "recency_score", "tier_c_question", "EXERCISE"]


def make_demo_data(random_state: RandomState = None, *, n_customers: int = 40,
                   n_orders: int = 400) -> dict[str, pd.DataFrame]:
    """A tiny sales table ``{"sales": DataFrame(customer_id, date, amount)}``.

    Parameters
    ----------
    random_state : None, int or numpy Generator
        Seed; each seed gives a different but reproducible table.
    n_customers, n_orders : int
        Size of the table.

    Returns
    -------
    dict
        ``{"sales": DataFrame}`` with customer ids ``C001`` ... and one row per order.
    """
    rng = check_random_state(random_state)
    ids = np.array([f"C{i:03d}" for i in range(1, n_customers + 1)])
    weight = rng.pareto(1.2, n_customers) + 0.05
    who = rng.choice(ids, size=n_orders, p=weight / weight.sum())
    start = pd.Timestamp("2025-01-01")
    days = rng.integers(0, 365, n_orders)
    amount = np.round(rng.gamma(2.0, 150.0, n_orders), 2)
    sales = pd.DataFrame({"customer_id": who, "date": start + pd.to_timedelta(days, "D"),
                          "amount": amount})
    return {"sales": sales.sort_values(["date", "customer_id"], ignore_index=True)}


def abc_table(sales: pd.DataFrame, *, a: float = 0.8, b: float = 0.95,
              ascending: bool = False, by_count: bool = False) -> pd.DataFrame:
    """Reference ABC table: value, share, cumulative share, tier per customer.

    A customer is in A while the cumulative share (largest first) is <= ``a``,
    in B while <= ``b``, else C. ``ascending`` and ``by_count`` recompute two
    common mistakes (the near misses of question 1).
    """
    value = sales.groupby("customer_id")["amount"].sum().sort_values(
        ascending=ascending, kind="mergesort")
    out = value.rename("value").reset_index()
    out["share"] = out["value"] / out["value"].sum()
    out["cum_share"] = out["share"].cumsum()
    basis = (np.arange(1, len(out) + 1) / len(out)) if by_count else out["cum_share"]
    out["tier"] = np.where(basis <= a, "A", np.where(basis <= b, "B", "C"))
    return out


def recency_score(sales: pd.DataFrame, *, reverse: bool = False) -> pd.Series:
    """Reference recency score 1-5 per customer (5 = bought most recently)."""
    last = sales.groupby("customer_id")["date"].max()
    days = (sales["date"].max() - last).dt.days
    labels = [1, 2, 3, 4, 5] if reverse else [5, 4, 3, 2, 1]
    score = pd.qcut(days.rank(method="first"), 5, labels=labels).astype(int)
    return score.rename("r_score")


def _a_share(ctx, by_customers: bool = False) -> float:
    t = abc_table(ctx.sales)
    if by_customers:
        return float((t["tier"] == "A").mean())
    return float(t.loc[t["tier"] == "A", "value"].sum() / t["value"].sum())


q1 = Question(
    "q1",
    prompt={
        "en": "Build the ABC table of `sales`: one row per customer_id with columns value "
              "(total amount), share, cum_share and tier (A up to 80% cumulative share, "
              "B up to 95%, else C), largest customers first.",
        "zh": "根据 `sales` 建立 ABC 表：每个 customer_id 一行，列为 value（总金额）、share、"
              "cum_share 和 tier（累计占比不超过 80% 为 A，不超过 95% 为 B，其余为 C），"
              "按金额从大到小排列。",
    },
    expected=lambda ctx: abc_table(ctx.sales),
    answer=FrameAnswer(key="customer_id", columns=["value", "tier"], check_order=True),
    hints=[
        {"en": "Sum `amount` per customer with groupby, then sort from largest to smallest.",
         "zh": "先用 groupby 按客户汇总 `amount`，再从大到小排序。"},
        {"en": "share = value / total; cum_share = share.cumsum(); then np.where on cum_share.",
         "zh": "share = value / 总额；cum_share = share.cumsum()；再对 cum_share 用 np.where。"},
    ],
    solution="answer = abc_table(data['sales'])",
    near_misses=[
        NearMiss({"en": "Your tiers come from the smallest customers first: sort the values "
                        "from largest to smallest before taking the cumulative share.",
                  "zh": "你的分级是从最小的客户开始累计的：请先按金额从大到小排序，再计算累计占比。"},
                 variant=lambda ctx: abc_table(ctx.sales, ascending=True)),
        NearMiss({"en": "Your A tier is the top 80% of customers by count; ABC cuts on the "
                        "cumulative share of value, not on the share of customers.",
                  "zh": "你的 A 类是按客户数量取前 80%；ABC 分类应按金额的累计占比划分，"
                        "而不是按客户数量占比。"},
                 variant=lambda ctx: abc_table(ctx.sales, by_count=True)),
    ],
    explanation={"en": "A handful of customers carry most of the value: that is Pareto.",
                 "zh": "少数客户贡献了大部分金额：这就是帕累托法则。"},
)

q2 = Question(
    "q2",
    prompt={"en": "Give each customer a recency score 1-5 (quintiles of days since the last "
                  "purchase; 5 = most recent) as a Series indexed by customer_id.",
            "zh": "为每位客户给出 1-5 的最近购买（R）得分（按距最后一次购买天数的五分位；"
                  "5 = 最近），结果为以 customer_id 为索引的 Series。"},
    expected=lambda ctx: recency_score(ctx.sales),
    answer=SeriesAnswer(),
    hints=[{"en": "days = (sales.date.max() - last purchase date).dt.days per customer.",
            "zh": "days = 每位客户的 (sales.date.max() - 最后购买日期).dt.days。"},
           {"en": "pd.qcut(days.rank(method='first'), 5, labels=[5, 4, 3, 2, 1])",
            "zh": "pd.qcut(days.rank(method='first'), 5, labels=[5, 4, 3, 2, 1])"}],
    solution="answer = recency_score(data['sales'])",
    near_misses=[NearMiss(
        {"en": "Recency is reversed: the most recent customers should score 5, not 1.",
         "zh": "R 得分方向反了：最近购买的客户应得 5 分，而不是 1 分。"},
        variant=lambda ctx: recency_score(ctx.sales, reverse=True))],
)

q3 = Question(
    "q3",
    prompt={"en": "What share of the total value comes from the A tier? (a number between "
                  "0 and 1)",
            "zh": "A 类客户贡献了总金额的多少比例？（0 到 1 之间的数字）"},
    expected=_a_share,
    answer=NumberAnswer(rtol=1e-3),
    hints=[{"en": "Sum `value` where tier == 'A' and divide by the total.",
            "zh": "对 tier == 'A' 的 `value` 求和，再除以总额。"}],
    solution="t = abc_table(data['sales'])\n"
             "answer = t.loc[t.tier == 'A', 'value'].sum() / t['value'].sum()",
    near_misses=[NearMiss(
        {"en": "That is the share of customers in the A tier; the question asks for their "
               "share of the value.",
         "zh": "这是 A 类客户在客户数量中的占比；题目问的是他们在金额中的占比。"},
        variant=lambda ctx: _a_share(ctx, by_customers=True))],
)


def tier_c_question(qid: str = "q4") -> Question:
    """The "what does tier C tell you?" question (also the welcome notebook's question 1)."""
    return Question(
        qid,
        prompt={"en": "A customer is in tier C. What does that tell you? (a) they buy rarely, "
                      "(b) together with the other C customers they make up the last 5% of value, "
                      "(c) they are unprofitable, (d) they will churn.",
                "zh": "某客户属于 C 类，这说明什么？(a) 购买频率低；(b) 他和其他 C 类客户合计只占"
                      "金额的最后 5%；(c) 他不赚钱；(d) 他将流失。"},
        expected=lambda ctx: "b",
        answer=ChoiceAnswer(explanations={
            "a": {"en": "ABC looks at value only, not at how often a customer buys.",
                  "zh": "ABC 只看金额，不看购买频率。"},
            "c": {"en": "ABC knows nothing about cost or margin.",
                  "zh": "ABC 不涉及成本或利润。"},
            "d": {"en": "ABC describes the past; it does not predict churn.",
                  "zh": "ABC 描述的是过去，并不预测流失。"},
        }),
        hints=[{"en": "Notebook 00, section 5 'A first look, and a first widget': move the A/B "
                      "cut-off of the ABC explorer and watch the C tier.",
                "zh": "笔记本 00 第 5 节“A first look, and a first widget”：移动 ABC 滑块的 A/B "
                      "分界，观察 C 类的变化。"},
               {"en": "Remember how the C cut-off is defined.",
                "zh": "回想 C 类的分界是怎么定义的。"}],
        solution='answer = "b"',
    )


q4 = tier_c_question("q4")

q5 = Question(
    "q5",
    prompt={"en": "List the customer ids of the A tier.", "zh": "列出 A 类客户的编号。"},
    expected=lambda ctx: abc_table(ctx.sales).query("tier == 'A'")["customer_id"].tolist(),
    answer=CollectionAnswer(),
    hints=[{"en": "Filter the ABC table on tier == 'A' and take the customer_id column.",
            "zh": "在 ABC 表中筛选 tier == 'A'，取 customer_id 列。"}],
    solution="t = abc_table(data['sales'])\nanswer = t.loc[t.tier == 'A', 'customer_id'].tolist()",
)


def _prepare(data):
    if isinstance(data, pd.DataFrame):
        data = {"sales": data}
    if not hasattr(data, "__getitem__") or "sales" not in data:
        raise ValueError("the demo exercises need data with a 'sales' table: "
                         "data = make_demo_data(random_state=7).")
    return data


EXERCISE = Exercise("demo", [q1, q2, q3, q4, q5],
                    title={"en": "Demo: ABC and recency", "zh": "示例：ABC 与最近购买"},
                    prepare=_prepare)
