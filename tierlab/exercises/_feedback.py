"""What a check, hint or solution call returns: coloured HTML in Jupyter, text elsewhere."""

from __future__ import annotations

import html
import re

from tierlab.exercises._i18n import Msg

__all__ = ["Feedback", "markdown_inline", "OUTCOMES", "CORRECT", "INCORRECT", "NOT_ATTEMPTED", "ERROR"]

CORRECT, INCORRECT, NOT_ATTEMPTED, ERROR = "correct", "incorrect", "not_attempted", "error"
OUTCOMES = (CORRECT, INCORRECT, NOT_ATTEMPTED, ERROR)

# kind/outcome -> (icon, border colour, background); icons read as symbols, not letters
_STYLE = {
    CORRECT: ("\u2705", "#1e7e34", "#e6f4ea"),          # white check mark on green
    INCORRECT: ("\u274c", "#c62828", "#fdecea"),        # cross mark
    NOT_ATTEMPTED: ("\u270f\ufe0f", "#546e7a", "#eceff1"),  # pencil: your turn
    ERROR: ("\u26a0\ufe0f", "#e65100", "#fff3e0"),        # warning sign
    "hint": ("\U0001f4a1", "#1565c0", "#e3f2fd"),       # light bulb
    "solution": ("\U0001f4d6", "#6a1b9a", "#f3e5f5"),   # open book
    "info": ("\U0001f4dd", "#37474f", "#f5f5f5"),       # memo: the task / progress
}

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")


def markdown_inline(text: str) -> str:
    """HTML for the little markdown messages use: ```code```, ``**bold**``, line breaks.

    Everything else is escaped, so a message can never inject HTML.
    """
    out, pos = [], 0
    for m in _CODE.finditer(text):
        out.append(_BOLD.sub(r"<strong>\1</strong>", html.escape(text[pos:m.start()])))
        out.append("<code style='background:rgba(0,0,0,0.06);padding:0 3px;"
                   f"border-radius:3px'>{html.escape(m[1])}</code>")
        pos = m.end()
    out.append(_BOLD.sub(r"<strong>\1</strong>", html.escape(text[pos:])))
    return "".join(out)


class Feedback:
    """The result of ``check()``, ``hint()`` or ``solution()``.

    Attributes
    ----------
    kind : str
        ``"check"``, ``"hint"``, ``"solution"`` or ``"info"``.
    outcome : str or None
        For checks: ``"correct"``, ``"incorrect"``, ``"not_attempted"`` or ``"error"``
        (the checker itself failed; the answer was not judged).
    title, message : str
        Rendered in the bound language.
    code : str or None
        Code shown in a solution box.
    """

    def __init__(self, kind: str, title: str, message: str = "", *, outcome: str | None = None,
                 code: str | None = None, lang: str = "en",
                 question: str | None = None) -> None:
        self.kind, self.title, self.message = kind, title, message
        self.outcome, self.code, self.lang, self.question = outcome, code, lang, question

    @property
    def correct(self) -> bool:
        """True only for a correct check."""
        return self.outcome == CORRECT

    def _style(self):
        return _STYLE[self.outcome if self.kind == "check" else self.kind]

    def __str__(self) -> str:
        mark = self._style()[0]
        head = f"{mark} {self.title}"
        lines = [head]
        if self.message:
            lines.append(self.message)
        if self.code:
            lines.append("")
            lines.extend("    " + ln for ln in self.code.rstrip("\n").splitlines())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        mark, border, bg = self._style()
        body = ""
        if self.message:
            body += ("<div style='margin-top:4px;white-space:pre-wrap'>"
                     f"{markdown_inline(self.message)}</div>")
        if self.code:
            body += ("<pre style='margin:6px 0 0 0;padding:6px;background:#fff;"
                     f"border:1px solid #ddd;overflow-x:auto'>{html.escape(self.code)}</pre>")
        return (
            f"<div class='tierlab-feedback tierlab-{self.outcome or self.kind}' "
            f"style='border-left:5px solid {border};background:{bg};padding:8px 12px;"
            f"margin:4px 0;border-radius:3px;color:#222'>"
            f"<strong style='color:{border}'><span aria-hidden='true'>{html.escape(mark)}</span> "
            f"{markdown_inline(self.title)}</strong>{body}</div>"
        )

    @classmethod
    def from_msg(cls, kind: str, title: Msg | str, message: Msg | str | None, lang: str,
                 **kw: object) -> Feedback:
        """Build from messages not yet rendered."""
        t = title.render(lang) if isinstance(title, Msg) else title
        m = message.render(lang) if isinstance(message, Msg) else (message or "")
        return cls(kind, t, m, lang=lang, **kw)
