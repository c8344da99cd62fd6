"""The document's structure, apart from its tables: the front matter (title, unit, year, statistics
period), the six part headings, the prose of each part, the publication date under the signature.

- headings: (part number, heading as printed); a numbered line right after the part before it is the
  next part whatever its words; the headings of a table of contents before the report are set aside
  when the numbered ones come;
- parts: prose per part, one paragraph a line (lines wrapped by a PDF or broken by a copy are joined
  again); the front matter before 一 is not a part.
"""

from __future__ import annotations

import re

from disclosure_cli import vocab
from disclosure_cli.report.model import AnnualReport
from disclosure_cli.report.readers.labels import Pool, key, ratio
from disclosure_cli.report.readers.passes import join_title_year_set_apart

_HEADING = re.compile(r"^([一二三四五六])\s*[、.．,，]\s*(\S.{0,40})$")
_RUN_IN = re.compile(r"^([一二三四五六]\s*[、.．]\s*[^。；]{2,30}?)[。；]\s*(\S.*)$")
_SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十]+[)）]|^\d+[.、．]")
_PARA_END = re.compile(r"[。！？!?；;：:…]$")
_PARA_START = re.compile(r"^(\(?[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、是]|\d+[.、．])")
TITLE_YEAR = re.compile(r"^(.*?)((?:19|20)\d{2})年度?(?:政府信息公开|政务公开|信息公开|政府信息)")
_DATE = r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_RANGE = rf"({_DATE})\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*((?:(?:19|20)\d{{2}}\s*年\s*)?\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)"
_PERIOD = re.compile(rf"(?:自|从|为|由|是)\s*{_RANGE}")
_BARE_PERIOD = re.compile(_RANGE)  # a range with no 自/从 before it: only in the front matter
PUBLISHED = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_NUMBERS = [n for n, _ in vocab.PARTS]


def split_run_in_heading(text: str) -> tuple[str, str]:
    """「六、其他需要报告的事项。2024年，……」: a part heading run into its first paragraph ends at
    。 — (heading, the paragraph's start); (text, "") for any other line."""
    head = _RUN_IN.match(text)
    if head and _HEADING.match(head.group(1)):
        return head.group(1), head.group(2)
    return text, ""


_NUMBER_GOES_ON = re.compile(r"^(?:\d|[件条个次份篇元起宗例项期场人万])")


def continues_a_number(paragraph: str, line: str) -> bool:
    """A number a crawler broke over lines (「申请」 / 「2」 / 「9件」): a line that goes on with the
    digits or the measure word of a number the paragraph ends in belongs to that paragraph, however
    short the line before it was — a numbered item (「2.」) or a date under a signature does not."""
    return (
        bool(paragraph) and paragraph[-1].isdigit() and bool(_NUMBER_GOES_ON.match(line))
        and not _PARA_START.match(line) and not PUBLISHED.match("".join(line.split()))
    )


class Structure:
    def __init__(self, rep: AnnualReport, part_pool: Pool, html_title: str = ""):
        self.rep = rep
        self.pool = part_pool
        self.html_title = html_title
        self.part: str | None = None
        self.preamble: list[str] = []
        self.paras: dict[str, list[str]] = {}
        self.numbered: dict[str, bool] = {}  # part -> its heading carried its numeral
        self.last_lines: list[str] = []  # the last lines read (the date under the signature)
        self.last_prose_len = 0

    def saw_line(self, flat: str) -> None:
        self.last_lines = [*self.last_lines[-5:], flat]

    # ------------------------------------------------------------------ headings
    def heading(self, text: str) -> bool:
        """A part heading: 「一、总体情况」 (the wording may differ), or an official heading without
        its numeral. 「（一）主动公开政府信息情况」 is a sub-heading of 一, never part 二."""
        t = re.sub(r"^[#\s*]+|[*\s]+$", "", text)
        if _SUB_HEADING.match(t):
            return False
        t, run_in = split_run_in_heading(t)
        m = _HEADING.match(t)
        if m:
            if re.search(r"\d\s*$", m.group(2)):  # a row label of a table followed by figures
                return False
            found = self._numbered_part(m, t)
        else:
            found = self._unnumbered_part(t)
        if found is None:
            return False
        if any(n == found for n, _ in self.rep.headings) and not (m and self._drop_contents(found)):
            return False
        self.rep.headings.append((found, t))
        self.numbered[found] = bool(m)
        self.part = found
        self.paras.setdefault(found, [])
        if run_in:
            self.prose(run_in)
        return True

    def _numbered_part(self, m: re.Match[str], t: str) -> str | None:
        numeral, words = m.group(1), m.group(2)
        body = key(words)
        own = dict(vocab.PARTS)[numeral]
        if ratio(body, key(own)) >= 0.6 or body.startswith(key(own)[:4]):
            return numeral
        best = self.pool.match(words)
        if best and best.score >= 0.8:
            return best.entry.code
        if self._next_part() == numeral and numeral in ("五", "六") and len(body) <= 25 and not _PARA_END.search(t):
            return numeral  # 五、工作中存在的不足及下一步打算: the part, in other words
        return None

    def _unnumbered_part(self, t: str) -> str | None:
        if len(t) > 20:
            return None
        best = self.pool.match(t)
        return best.entry.code if best and best.score >= 0.95 else None

    def _next_part(self) -> str | None:
        if not self.rep.headings:
            return _NUMBERS[0]
        last = _NUMBERS.index(self.rep.headings[-1][0])
        return _NUMBERS[last + 1] if last + 1 < len(_NUMBERS) else None

    def _drop_contents(self, found: str) -> bool:
        """The part was already opened by an un-numbered heading with (almost) nothing under it: that
        was a table of contents. Its headings go back to the front matter; the numbered one counts."""
        if self.numbered.get(found, True):
            return False
        toc = [(n, h) for n, h in self.rep.headings if not self.numbered.get(n, True)]
        # the entries follow one another; what stood after the last one (the opening) goes back too
        if any(len("".join(self.paras.get(n, []))) > 40 for n, _ in toc[:-1]):
            return False
        for n, h in toc:
            self.preamble.append(h)
            self.preamble += self.paras.pop(n, [])
            self.numbered.pop(n, None)
        self.rep.headings = [(n, h) for n, h in self.rep.headings if self.numbered.get(n, False)]
        self.part = None
        return True

    # ------------------------------------------------------------------ prose
    def prose(self, text: str) -> None:
        if self.part is None:
            self.preamble.append(text)
            return
        paras = self.paras.setdefault(self.part, [])
        if paras and continues_a_number(paras[-1], text):
            paras[-1] += text
        elif (
            paras
            and self.last_prose_len >= 15  # a short line (a signature, a date) ends its paragraph
            and not _PARA_END.search(paras[-1])
            and not _PARA_START.match(text)
            and not PUBLISHED.match("".join(text.split()))
        ):
            paras[-1] += text
        else:
            paras.append(text)
        self.last_prose_len = len(text)

    # ------------------------------------------------------------------ the end: identity
    def finish(self) -> None:
        """Parts, title, org, year, statistics period and publication date into the report."""
        rep = self.rep
        rep.parts = {n: "\n".join(p) for n, p in self.paras.items()}
        rep.title = title_of(self.preamble, self.html_title)
        m = TITLE_YEAR.match(rep.title)
        if m:
            rep.org = m.group(1).strip("　 :：,，")
            rep.year = int(m.group(2))
        text = "".join(self.preamble) + "\n" + "\n".join("\n".join(p) for p in self.paras.values())
        pm = _PERIOD.search(text) or _BARE_PERIOD.search("".join(self.preamble))
        title_flat = "".join(rep.title.split())
        rep.opening = "\n".join(x for x in self.preamble if x.strip() and "".join(x.split()) not in title_flat)
        if pm:
            rep.period = (pm.group(1).strip(), pm.group(2).strip())
            if not rep.year:
                rep.year = int(re.match(r"\d{4}", pm.group(1)).group(0))  # type: ignore[union-attr]
        rep.published = published_date(self.last_lines)


def published_date(last_lines: list[str]) -> str | None:
    """The date under the signature, near the end (the last line that is a date)."""
    for ln in reversed(last_lines):
        pub = PUBLISHED.match("".join(ln.split()))
        if pub:
            y, mo, d = (int(x) for x in pub.groups())
            return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None
    return None


# --------------------------------------------------------------------------- the title
def title_of(preamble: list[str], html_title: str = "") -> str:
    """The report's title: a short line naming the year and the report, with the org on the line
    above where the title is broken in two; else the page title of a saved web page."""
    lines = join_title_year_set_apart(["".join(x.split()) for x in preamble if x.strip()][:12])
    found = _title_on_two_lines(lines)
    if found:
        return found
    found, loose = _title_line(lines)
    if found:
        return found
    for piece in re.split(r"[_|｜]|\s[-–—]\s", html_title):
        if "报告" in piece and TITLE_YEAR.match(piece):
            return piece
    return loose


def _title_on_two_lines(lines: list[str]) -> str:
    """「…2023年政府信息公开工作」 / 「年度报告」: one title on two lines."""
    for i in range(len(lines) - 1):
        first, joined = lines[i], lines[i] + lines[i + 1]
        if TITLE_YEAR.match(lines[i + 1]) or "：" in first or ":" in first:
            continue  # the next line is a title of its own; a line of page furniture is not a head
        if "报告" not in first and joined.endswith("报告") and len(joined) <= 80 and not _PARA_END.search(first):
            m = TITLE_YEAR.match(joined)
            if m and m.group(1):
                return joined
    return ""


def _title_line(lines: list[str]) -> tuple[str, str]:
    """(the title on one line — with the org on the line above where it has none, "" if none; the
    first line that calls itself a 年度报告, for want of a better one)."""
    loose = ""
    for i, flat in enumerate(lines):
        if "报告" not in flat or len(flat) > 80 or _PARA_END.search(flat):
            continue
        m = TITLE_YEAR.match(flat)
        if m and m.group(1):
            return flat, loose
        if m and i > 0 and len(lines[i - 1]) <= 30 and not _PARA_END.search(lines[i - 1]):
            return lines[i - 1] + flat, loose
        if m:
            return flat, loose
        loose = loose or (flat if "年度报告" in flat else "")
    return "", loose
