"""The assessor's thresholds in one place (issue 21): national defaults with their sources, which a
district may override in a file it keeps beside its ledger — its local rubric, e.g. 惠农区.rubric.toml
beside 惠农区.db. `disc check --list-rules` shows every threshold, its value and where it comes from.

Rubrics differ from district to district (shared/reference/review.md): the 2-week rule of
国办秘函〔2019〕19号 is about websites and 政务新媒体, not notice boards; update periods per kind of
column (玉环 2018: dynamic columns every 2 weeks, other columns every 6 months, no empty column) are
local. A file names only what it changes:

    [silence]           # days a channel may go without a post, by kind of channel
    board = 31
    [categories]
    dynamic = ["工作动态", "通知公告"]
    other_days = 92
    [rates]
    min_sample = 20
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disclosure_cli.errors import BadInput

NATIONAL_WEB = "国办秘函〔2019〕19号（政府网站与政务新媒体检查指标，2025 年通报仍在引用）"
YUHUAN = "玉环 2018 考核细则（地方评估规则，review.md）"
PEER = "KIROGOVCOMPARE 风险规则（review.md）"
DISC = "disc 默认（国家没有规定，由各区在评估规则文件中设定）"


@dataclass(frozen=True)
class Setting:
    key: str  # section.name, as in the file
    default: Any
    label: str
    source: str


SETTINGS: list[Setting] = [
    Setting("silence.website", 14, "政府网站栏目最长不更新天数", NATIONAL_WEB),
    Setting("silence.new_media", 14, "政务新媒体最长不更新天数", NATIONAL_WEB),
    Setting("silence.board", 92, "公示栏最长不更新天数", DISC),
    Setting("silence.other", 14, "其他渠道最长不更新天数", DISC),
    Setting("categories.dynamic", ["工作动态"], "动态类栏目（类别）", YUHUAN),
    Setting("categories.dynamic_days", 14, "动态类栏目最长不更新天数", YUHUAN),
    Setting("categories.other_days", 183, "其他栏目最长不更新天数（6 个月）", YUHUAN),
    Setting("categories.empty", True, "栏目（类别）全年没有信息即报告", YUHUAN),
    Setting("rates.min_sample", 30, "比率最少样本（件），不足不评", PEER),
    Setting("rates.substantive_red", 0.40, "实质公开率低于此为红", PEER),
    Setting("rates.substantive_yellow", 0.45, "实质公开率低于此为黄", PEER),
    Setting("rates.review_corrected_red", 0.15, "复议纠错率高于此为红", PEER),
    Setting("rates.review_corrected_yellow", 0.10, "复议纠错率高于此为黄", PEER),
    Setting("requests.bulk_share", 0.3, "补正通知占新收申请的比例上限", DISC),
    Setting("requests.bulk_min", 3, "补正通知比例计入的最少件数", DISC),
    Setting("requests.extension_factor", 2.0, "延期率为区内其他单位的几倍即报告", DISC),
    Setting("requests.extension_min", 3, "延期率计入的最少件数", DISC),
    Setting("requests.extension_alone", 0.5, "只有一个单位时延期率上限", DISC),
    Setting("requests.last_day_share", 0.3, "在期限最后一天答复的比例上限", DISC),
    Setting("requests.last_day_min", 3, "最后一天答复计入的最少件数", DISC),
    Setting("review.fix_workdays", 5, "整改通知要求报送修改稿的期限（工作日）", DISC),
    Setting("copy.threshold", 0.6, "两份报告同一部分相同文字达到此比例即报告雷同",
            "鲤城区 2020 考评标准（报告「与往年或与其他单位雷同」扣分）；法治蓝皮书 2017：约九成重复（review.md）"),
]
BY_KEY = {s.key: s for s in SETTINGS}
CHANNEL_KINDS = {"website": "政府网站", "new_media": "政务新媒体", "board": "公示栏", "other": "其他渠道"}


@dataclass
class Rubric:
    values: dict[str, Any]
    file: Path | None = None  # the local rubric read, if any
    overridden: frozenset[str] = frozenset()

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def silence_days(self, channel_kind: str) -> int:
        return int(self.values.get(f"silence.{channel_kind}", self.values["silence.other"]))

    def listing(self) -> list[dict[str, Any]]:
        return [
            {"key": s.key, "label": s.label, "value": _shown(self.values[s.key]), "default": _shown(s.default),
             "source": f"本地评估规则 {self.file.name}" if s.key in self.overridden and self.file else s.source}
            for s in SETTINGS
        ]


def _shown(v: Any) -> str:
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, list):
        return "、".join(map(str, v))
    return str(v)


def rubric_file(ledger_path: Path) -> Path:
    """Where a district keeps its rubric: beside the ledger, same name, .rubric.toml."""
    return ledger_path.with_name(f"{ledger_path.stem}.rubric.toml")


def load(ledger_path: Path | None) -> Rubric:
    """The national defaults, with what the district's rubric file beside the ledger changes."""
    values = {s.key: s.default for s in SETTINGS}
    if ledger_path is None:
        return Rubric(values)
    path = rubric_file(Path(ledger_path))
    if not path.is_file():
        return Rubric(values)
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise BadInput(f"评估规则文件 {path} 格式有误（{e}）：每节如 [silence]，每行如 board = 31") from None
    changed: set[str] = set()
    for section, entries in data.items():
        if not isinstance(entries, dict):
            raise BadInput(f"评估规则文件 {path}：「{section}」应为一节（[{section}]），下面写各项设置")
        for name, value in entries.items():
            key = f"{section}.{name}"
            s = BY_KEY.get(key)
            if s is None:
                known = "、".join(BY_KEY)
                raise BadInput(f"评估规则文件 {path}：不认识的设置「{key}」（可设：{known}）")
            values[key] = _checked(path, s, value)
            changed.add(key)
    return Rubric(values, path, frozenset(changed))


def _checked(path: Path, s: Setting, value: Any) -> Any:
    d = s.default
    ok = (
        isinstance(value, bool) if isinstance(d, bool)
        else isinstance(value, list) and all(isinstance(x, str) and x.strip() for x in value) if isinstance(d, list)
        else isinstance(value, int) and not isinstance(value, bool) and value >= 0 if isinstance(d, int)
        else isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= (1 if d < 1 else 100)
    )
    if not ok:
        raise BadInput(f"评估规则文件 {path}：「{s.key}」（{s.label}）的值「{value}」不合适，默认为 {_shown(d)}")
    return value
