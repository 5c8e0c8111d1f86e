"""Messages of the exercise checker in English and Chinese.

Every message the checker itself writes lives in :data:`CATALOGUE` as
``key -> {"en": template, "zh": template}``; both languages are complete (a
test checks that the two templates of a key use the same fields). A
:class:`Msg` is a message not yet rendered: ``Msg("key", **fields)`` for the
catalogue, ``Msg.text({"en": ..., "zh": ...})`` for a question author's text.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
import os
import re
import string
from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["LANGS", "CATALOGUE", "Msg", "fmt_value", "check_text", "resolve_lang", "tr",
           "template_fields"]

LANGS = ("en", "zh")

CATALOGUE: dict[str, dict[str, str]] = {
    # --- outcomes and boxes ------------------------------------------------------------
    "outcome_correct": {"en": "Correct", "zh": "正确"},
    "outcome_incorrect": {"en": "Not quite", "zh": "还不对"},
    "outcome_not_attempted": {"en": "Not attempted yet", "zh": "尚未作答"},
    "outcome_error": {"en": "Could not check", "zh": "无法检查"},
    "question": {"en": "Question {qid}", "zh": "第 {qid} 题"},
    "correct_with_note": {"en": "{what}", "zh": "{what}"},
    "summary_line": {"en": "{question}: {outcome} ({tries} {tries|try|tries})",
                     "zh": "{question}：{outcome}（尝试 {tries} 次）"},
    "summary_line_untried": {"en": "{question}: {outcome}", "zh": "{question}：{outcome}"},
    "best_so_far": {"en": "best so far; last try: {last}", "zh": "最好成绩；最近一次：{last}"},
    "python_error_title": {"en": "Python could not run this cell",
                           "zh": "Python 无法运行这个单元格"},
    "name_error_quotes": {
        "en": "Python does not know the name {name}. If you meant the text {name}, put it "
              "in quotes: \"{name}\". Otherwise run the cell that defines {name} first "
              "(Run > Run All Above).",
        "zh": "Python 不认识名称 {name}。如果你想写的是文本，请加上引号：\"{name}\"。"
              "否则请先运行定义 {name} 的单元格（运行 > 运行上方所有单元格）。",
    },
    "syntax_error": {
        "en": "Python could not read this cell (line {line}: {error}). Check brackets, "
              "quotes and commas; text needs quotes, e.g. \"b\".",
        "zh": "Python 无法读取这个单元格（第 {line} 行：{error}）。请检查括号、引号和逗号；"
              "文本需要加引号，例如 \"b\"。",
    },
    "title_pair": {"en": "{a} — {b}", "zh": "{a} — {b}"},
    "hint_title": {"en": "Hint {n} of {total}", "zh": "提示 {n} / {total}"},
    "solution_title": {"en": "Solution", "zh": "参考答案"},
    "info_title": {"en": "Note", "zh": "说明"},
    "correct_default": {"en": "Well done: your answer matches the one computed from your "
                               "data.",
                        "zh": "做得好：你的答案与根据你的数据算出的结果一致。"},
    "correct_what": {"en": "Right: {what}.", "zh": "答对了：{what}。"},
    "correct_choice": {"en": "Right: {choice} is the best answer.",
                       "zh": "答对了：{choice} 是最佳答案。"},
    "correct_number": {"en": "Right: your number matches the one computed from your data.",
                       "zh": "答对了：你的数字与根据你的数据算出的结果一致。"},
    "correct_table": {"en": "Right: all {n} rows match your data in {columns}.",
                      "zh": "答对了：全部 {n} 行的 {columns} 与你的数据一致。"},
    "correct_series": {"en": "Right: all {n} values match your data.",
                       "zh": "答对了：全部 {n} 个值与你的数据一致。"},
    "correct_items": {"en": "Right: exactly the {n} expected items.",
                      "zh": "答对了：正好是应有的 {n} 个元素。"},
    "not_attempted_body": {
        "en": "Replace ____ with your answer, run the cell, then check again.",
        "zh": "请把 ____ 换成你的答案，运行该单元格后再检查。",
    },
    "no_answer_given": {
        "en": "Pass your answer to the check: {qid}.check(answer).",
        "zh": "请把答案传给检查函数：{qid}.check(answer)。",
    },
    "no_hints": {"en": "This question has no hints.", "zh": "本题没有提示。"},
    "last_hint": {"en": "(That was the last hint; the solution is one call away: "
                        "{qid}.solution().)",
                  "zh": "（这是最后一条提示；参考答案请调用 {qid}.solution()。）"},
    "bad_hint_number": {"en": "There is no hint {n}; this question has hints 1 to {total}.",
                        "zh": "没有第 {n} 条提示；本题的提示编号为 1 到 {total}。"},
    "no_solution": {"en": "No solution is stored for this question.",
                    "zh": "本题没有存储参考答案。"},
    "not_bound": {
        "en": "No data is bound to these exercises yet: run the setup cell "
              "(ex = tierlab.exercises.load(..., data=world)) or ex.bind(world) first.",
        "zh": "练习尚未绑定数据：请先运行开头的设置单元格"
              "（ex = tierlab.exercises.load(..., data=world)）或 ex.bind(world)。",
    },
    "expected_failed": {
        "en": "The checker could not compute the expected answer from the bound data "
              "({error}). Did the data change? Re-run the setup cell and check again.",
        "zh": "检查程序无法根据绑定的数据计算标准答案（{error}）。数据是否被修改过？"
              "请重新运行设置单元格后再检查。",
    },
    "checker_failed": {
        "en": "The checker met an unexpected problem ({error}); your answer was not judged. "
              "Please tell your trainer.",
        "zh": "检查程序遇到意外问题（{error}），未能判断你的答案。请告诉培训师。",
    },
    "summary_title": {"en": "Progress: {correct} of {total} correct",
                      "zh": "进度：{total} 题中答对 {correct} 题"},
    "summary_title_manager": {
        "en": "Progress (manager track, questions without code): {correct} of {total} correct",
        "zh": "进度（管理者路线，只计无需代码的题）：{total} 题中答对 {correct} 题"},
    "manager_track_title": {"en": "Manager track", "zh": "管理者路线"},
    "manager_track_body": {
        "en": "Answer only the questions without code: {answer} (each is a choice: type a "
              "letter such as \"a\" in quotes). Skip the cells of questions {skip}: they need "
              "code. Run the setup cell, read the key points, then go to the section "
              "\"判断题 / Judgement questions\" and the questions named here. Your progress "
              "(`ex.summary()`) counts only these questions.",
        "zh": "只回答无需编写代码的题：{answer}（都是选择题：在引号里填一个字母，例如 \"a\"）。"
              "跳过第 {skip} 题的单元格：它们需要写代码。先运行设置单元格，阅读要点，再到"
              "“判断题 / Judgement questions”一节及上面列出的题目。你的进度（`ex.summary()`）"
              "只计这些题。"},
    "manager_track_skip": {
        "en": "Manager track: skip this question (it needs code).",
        "zh": "管理者路线：跳过本题（需要写代码）。"},
    # --- types -------------------------------------------------------------------------
    "expected_type": {"en": "Expected {expected}, but got {got}.",
                      "zh": "这里需要{expected}，但你给出的是{got}。"},
    "type_frame": {"en": "a table (DataFrame) with {rows} rows and {cols} columns",
                   "zh": "一个 {rows} 行 {cols} 列的表格（DataFrame）"},
    "type_series": {"en": "a column of values (Series) with {rows} entries",
                    "zh": "一列数值（Series，共 {rows} 个）"},
    "type_bool": {"en": "the truth value {value}", "zh": "布尔值 {value}"},
    "type_number": {"en": "the number {value}", "zh": "数字 {value}"},
    "type_text": {"en": "the text {value}", "zh": "文本 {value}"},
    "type_none": {"en": "None (nothing: did you forget to return or assign a value?)",
                  "zh": "None（空值：是不是忘了赋值或返回结果？）"},
    "type_collection": {"en": "a {kind} of {n} items", "zh": "一个含 {n} 个元素的 {kind}"},
    "type_other": {"en": "an object of type {kind}", "zh": "一个 {kind} 类型的对象"},
    "type_frame_any": {"en": "a table (DataFrame)", "zh": "一个表格（DataFrame）"},
    "type_series_any": {"en": "a column of values (Series)", "zh": "一列数值（Series）"},
    "type_number_any": {"en": "a single number", "zh": "一个数字"},
    "type_bool_any": {"en": "True or False", "zh": "True 或 False"},
    "type_collection_any": {"en": "a list or set of items", "zh": "一个列表或集合"},
    "type_text_any": {"en": "a text in quotes (e.g. \"...\")", "zh": "一段带引号的文本（例如 \"...\"）"},
    # --- tables ------------------------------------------------------------------------
    "entity_customer": {"en": "customer", "zh": "客户"},
    "entity_row": {"en": "row", "zh": "行"},
    "entity_id": {"en": "{entity} {id}", "zh": "{entity} {id}"},
    "entity_pos": {"en": "row {pos}", "zh": "第 {pos} 行"},
    "did_you_mean": {"en": " (did you mean {name}?)", "zh": "（是不是想写 {name}？）"},
    "frame_got_series": {
        "en": "Expected a table (DataFrame), but got {got}. A single column is not enough; "
              "keep the table (e.g. df[['col1', 'col2']] or series.reset_index()).",
        "zh": "这里需要一个表格（DataFrame），但你给出的是{got}。只有一列是不够的；"
              "请保留表格（例如 df[['col1', 'col2']] 或 series.reset_index()）。",
    },
    "frame_missing_key": {
        "en": "Your table has no {entity} id column {key}{suggestion}, neither as a column "
              "nor as the index. Your columns are: {columns}.",
        "zh": "你的表格里没有{entity}编号列 {key}{suggestion}（既不是列也不是索引）。"
              "你的列为：{columns}。",
    },
    "frame_missing_column": {
        "en": "Column {column} is missing{suggestion}. Your table has the columns: {columns}.",
        "zh": "缺少列 {column}{suggestion}。你的表格的列为：{columns}。",
    },
    "frame_duplicate_key": {
        "en": "{entity} {key} appears {n} times; each should appear once "
              "(did a merge or groupby go wrong?).",
        "zh": "{entity} {key} 出现了 {n} 次；每个只应出现一次（合并或分组是否出错？）。",
    },
    "frame_missing_rows": {
        "en": "{n} expected {entity} {n|row is|rows are} missing, e.g. {examples}.",
        "zh": "缺少 {n} 个应有的{entity}，例如 {examples}。",
    },
    "frame_extra_rows": {
        "en": "{n} {n|row|rows} should not be there, e.g. {entity} {examples}.",
        "zh": "多出了 {n} 行不应出现的记录，例如{entity} {examples}。",
    },
    "frame_order_key": {
        "en": "The rows are not in the expected order: at position {pos} you have {entity} "
              "{got}, which belongs elsewhere (check the sort column and direction).",
        "zh": "行的顺序不对：第 {pos} 位是{entity} {got}，它应在别的位置（请检查排序列和方向）。",
    },
    "frame_row_count": {"en": "Expected {expected} rows, got {got}.",
                        "zh": "应有 {expected} 行，实际为 {got} 行。"},
    "frame_column_differs": {
        "en": "Column {column}: {n} {n|row differs|rows differ}{direction}, e.g. {where}, "
              "where you have {got}.",
        "zh": "列 {column}：有 {n} 行不同{direction}，例如{where}，你的值为 {got}。",
    },
    "also_differ": {"en": "Other columns that differ: {columns}.",
                    "zh": "其他不同的列：{columns}。"},
    "frame_dtype": {
        "en": "Column {column} has the right values but type {got}; expected {expected}.",
        "zh": "列 {column} 的数值正确，但类型为 {got}；应为 {expected}。",
    },
    # --- series ------------------------------------------------------------------------
    "series_length": {"en": "Expected {expected} values, got {got}.",
                      "zh": "应有 {expected} 个值，实际为 {got} 个。"},
    "series_missing": {"en": "{n} expected {n|entry is|entries are} missing, e.g. {entity} {examples}.",
                       "zh": "缺少 {n} 个应有的条目，例如{entity} {examples}。"},
    "series_extra": {"en": "{n} {n|entry|entries} should not be there, e.g. {entity} {examples}.",
                     "zh": "多出了 {n} 个不应出现的条目，例如{entity} {examples}。"},
    "series_differs": {"en": "{n} {n|value differs|values differ}{direction}, e.g. {where}, "
                             "where you have {got}.",
                       "zh": "有 {n} 个值不同{direction}，例如{where}，你的值为 {got}。"},
    "direction": {"en": " ({higher} too high, {lower} too low)",
                  "zh": "（{higher} 个偏大，{lower} 个偏小）"},
    "column_rounded": {"en": "column {column} is correct to {n} decimals",
                       "zh": "列 {column} 保留 {n} 位小数正确"},
    "table_rounded": {"en": "Correct after rounding: {what}.", "zh": "四舍五入后正确：{what}。"},
    "series_rounded": {"en": "Correct to {n} decimals.", "zh": "保留 {n} 位小数后正确。"},
    "column_too_coarse": {
        "en": "Column {column} is rounded too much to judge: give at least {n} significant "
              "figures (or as many decimals as the notebook shows).",
        "zh": "列 {column} 四舍五入得太粗，无法判断：请至少保留 {n} 位有效数字"
              "（或与笔记本显示的小数位数相同）。",
    },
    "series_too_coarse": {
        "en": "Your values are rounded too much to judge: give at least {n} significant "
              "figures (or as many decimals as the notebook shows).",
        "zh": "你的数值四舍五入得太粗，无法判断：请至少保留 {n} 位有效数字"
              "（或与笔记本显示的小数位数相同）。",
    },
    # --- numbers -----------------------------------------------------------------------
    "number_is_text": {
        "en": "You gave the text {got}; give a number (without quotes or %).",
        "zh": "你给出的是文本 {got}；请给出数字（不要加引号或 %）。",
    },
    "number_nan": {"en": "Your answer is NaN (not a number): a calculation hit missing "
                         "values or divided zero by zero.",
                   "zh": "你的答案是 NaN（非数字）：计算中遇到了缺失值或 0 除以 0。"},
    "number_percent": {
        "en": "Your answer looks like a percentage: as a fraction, please (a share between "
              "0 and 1, e.g. 0.25 for 25%).",
        "zh": "你的答案像是百分数：请给出小数形式的比例（0 到 1 之间，例如 25% 写成 0.25）。",
    },
    "number_too_coarse": {
        "en": "That is rounded too much to judge: give at least {n} significant figures "
              "(or as many decimals as the notebook shows).",
        "zh": "四舍五入得太粗，无法判断：请至少保留 {n} 位有效数字（或与笔记本显示的小数位数相同）。",
    },
    "number_whole": {
        "en": "Give this in whole units (boxes or calls), not rounded to tens or hundreds.",
        "zh": "请以整数单位（盒数或拜访次数）作答，不要四舍五入到十位或百位。",
    },
    "rounded_decimals": {"en": "Correct to {n} decimals; the exact value is {exact}.",
                         "zh": "保留 {n} 位小数正确；精确值为 {exact}。"},
    "rounded_whole": {"en": "Correct as a whole number; the exact value is {exact}.",
                      "zh": "取整后正确；精确值为 {exact}。"},
    "rounded_nearest": {"en": "Correct to the nearest {unit}; the exact value is {exact}.",
                        "zh": "精确到 {unit} 时正确；精确值为 {exact}。"},
    "rounded_units": {"en": "Correct in whole units; the exact value is {exact}.",
                      "zh": "按整数单位正确；精确值为 {exact}。"},
    "number_fraction": {
        "en": "Your answer looks like a share between 0 and 1; give it as a percentage (x100).",
        "zh": "你的答案像是 0 到 1 之间的比例；请给出百分数（乘以 100）。",
    },
    "number_wrong_reveal": {"en": "Expected {expected}, got {got}.",
                            "zh": "应为 {expected}，实际为 {got}。"},
    "number_too_high": {"en": "Your answer {got} is too high.",
                        "zh": "你的答案 {got} 偏大。"},
    "number_too_low": {"en": "Your answer {got} is too low.",
                       "zh": "你的答案 {got} 偏小。"},
    # --- choices -----------------------------------------------------------------------
    "choice_type": {"en": "Answer with the letter of an option in quotes, one of {options}; "
                          "got {got}.",
                    "zh": "请用带引号的选项字母作答，可选 {options}；你给出的是{got}。"},
    "choice_type_multi": {"en": "Answer with a list of option letters, e.g. ['a', 'c']; "
                                "got {got}.",
                          "zh": "请用选项字母的列表作答，例如 ['a', 'c']；你给出的是{got}。"},
    "choice_unknown": {"en": "{got} is not one of the options {options}.",
                       "zh": "{got} 不是可选项 {options} 之一。"},
    "choice_wrong": {"en": "{got} is not the best answer.", "zh": "{got} 不是最佳答案。"},
    "choice_wrong_multi": {
        "en": "Not yet: {n_wrong} of your choices {n_wrong|is|are} wrong and {n_missing} "
              "correct {n_missing|option is|options are} missing.",
        "zh": "还不对：你选的选项中有 {n_wrong} 个错误，另有 {n_missing} 个正确选项没选。",
    },
    # --- lists and sets ----------------------------------------------------------------
    "list_length": {"en": "Expected {expected} items, got {got}.",
                    "zh": "应有 {expected} 个元素，实际为 {got} 个。"},
    "list_position": {"en": "Item {pos} ({got}) is not the expected one there.",
                      "zh": "第 {pos} 个元素（{got}）不是该位置应有的元素。"},
    "set_missing": {"en": "{n} expected {n|item is|items are} missing, e.g. {examples}.",
                    "zh": "缺少 {n} 个应有的元素，例如 {examples}。"},
    "set_extra": {"en": "{n} {n|item|items} should not be there, e.g. {examples}.",
                  "zh": "多出了 {n} 个不应出现的元素，例如 {examples}。"},
    # --- plain values ------------------------------------------------------------------
    "value_case": {"en": "Almost: check upper and lower case.",
                   "zh": "差一点：请检查大小写。"},
    "value_wrong": {"en": "{got} is not correct.", "zh": "{got} 不正确。"},
}


# ``{n|row|rows}``: the singular or plural word depending on field ``n`` (English only)
_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def template_fields(template: str) -> set[str]:
    """The field names a catalogue template uses (plural markers included)."""
    plural = {m[1] for m in _PLURAL.finditer(template)}
    plain = _PLURAL.sub("", template)
    return plural | {f for _, f, _, _ in string.Formatter().parse(plain) if f}


def check_text(text: object, what: str = "text") -> None:
    """Raise ``ValueError`` unless ``text`` is a str or a dict with every language in LANGS.

    A plain ``str`` is language-neutral (code, numbers, names).
    """
    if isinstance(text, str):
        return
    if not isinstance(text, dict):
        raise TypeError(f"{what} must be a str or a dict {{'en': ..., 'zh': ...}}, "
                        f"got {type(text).__name__}: {text!r}.")
    missing = [lang for lang in LANGS if not isinstance(text.get(lang), str) or
               not text.get(lang).strip()]
    if missing:
        raise ValueError(f"{what} must give a text for every language {LANGS}; "
                         f"missing {missing} in {text!r}.")


def resolve_lang(lang: str | None = None, data: object = None) -> str:
    """Pick the message language: ``lang``, else ``$TIERLAB_LANG``, else the data's locale."""
    if lang is None:
        lang = os.environ.get("TIERLAB_LANG") or None
    if lang is None:
        locale = getattr(data, "locale", None)
        lang = "zh" if isinstance(locale, str) and locale.lower().startswith("zh") else "en"
    lang = str(lang).lower().replace("_", "-")
    if lang.startswith("zh"):  # "zh", "zh_CN": the course's LOCALE works here too
        lang = "zh"
    elif lang.startswith("en"):
        lang = "en"
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}.")
    return lang


def tr(key: str, lang: str, **fields: object) -> str:
    """Render catalogue entry ``key`` in ``lang``."""
    return Msg(key, **fields).render(lang)


def fmt_value(value: object) -> str:
    """Show a value briefly in a message: strings quoted, floats to 6 significant digits."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None:
        return "None"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        return "NaN" if math.isnan(v) else f"{v:.6g}"
    if value is pd.NaT or value is pd.NA:
        return "NaN"
    if isinstance(value, pd.Timestamp | _dt.datetime):
        ts = pd.Timestamp(value)
        return repr(str(ts.date()) if ts == ts.normalize() else str(ts))
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Msg:
    """A message waiting for a language.

    Parameters
    ----------
    key : str
        Catalogue key; ``"joined"`` joins the messages in ``parts`` with spaces.
    **fields
        Values for the template; a field may itself be a :class:`Msg` (rendered in
        the same language) or ``None`` (rendered as nothing).

    Examples
    --------
    >>> Msg("number_too_high", got="3").render("zh")
    '你的答案 3 偏大。'
    """

    __slots__ = ("key", "fields", "_text")

    def __init__(self, key: str | None = None, /, **fields: object) -> None:
        if key is not None and key != "joined" and key not in CATALOGUE:
            raise KeyError(f"unknown message key {key!r}")
        self.key, self.fields, self._text = key, fields, None

    @classmethod
    def text(cls, text: str | Mapping[str, str] | Msg) -> Msg:
        """A message from an author's text: a str (any language) or ``{"en":, "zh":}``."""
        if isinstance(text, Msg):
            return text
        check_text(text)
        m = cls()
        m._text = text
        return m

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` ("en" or "zh")."""
        if self._text is not None:
            t = self._text
            return t if isinstance(t, str) else t.get(lang) or t["en"]
        if self.key == "joined":
            sep = self.fields.get("sep", "" if lang == "zh" else " ")
            return sep.join(p.render(lang) for p in self.fields.get("parts", ()) if p is not None)
        fields = {k: ("" if v is None else v.render(lang) if isinstance(v, Msg) else v)
                  for k, v in self.fields.items()}
        template = _PLURAL.sub(lambda m: m[2] if fields.get(m[1]) == 1 else m[3],
                               CATALOGUE[self.key][lang])
        return template.format(**fields)

    def __repr__(self) -> str:
        return f"Msg({self.render('en')!r})"
