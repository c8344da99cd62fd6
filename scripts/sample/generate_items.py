"""Generate scripts/sample/items-2023.csv, the published items of the sample ledger (run once; output committed).

Counts are those of the sample report (惠农区南街街道 2023): 3 on the portal, 416 on WeChat, 66
notice-board postings. Titles are invented but plausible; the generator is deterministic.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).with_name("items-2023.csv")
rng = random.Random(2023)

COMMUNITIES = ["南街社区", "北苑社区", "育才社区", "新民社区", "康乐社区", "河滨社区", "光明社区"]
ACTIVITIES = [
    "开展“学雷锋”志愿服务活动", "组织老年人健康体检", "开展消防安全隐患排查", "举办“邻里节”文艺汇演",
    "开展防范电信网络诈骗宣传", "走访慰问困难群众", "开展垃圾分类入户宣传", "举办四点半课堂暑期托管",
    "开展燃气安全检查", "组织居民议事协商会", "开展禁毒知识进社区活动", "开展义诊进社区活动",
    "开展“一老一小”关爱服务", "开展环境卫生大扫除", "举办就业技能培训班", "开展民法典宣传活动",
]
POLICIES = [
    "《社会救助暂行办法》解读", "城乡居民基本医疗保险参保缴费政策", "最低生活保障政策问答",
    "特困人员救助供养政策", "临时救助政策解读", "高龄津贴申领指南", "残疾人两项补贴政策",
    "退役军人优待政策", "城乡居民养老保险政策问答", "灵活就业人员社保补贴政策",
    "《中华人民共和国政府信息公开条例》全文", "创业担保贷款政策", "住房公积金提取新规",
]
NOTICES = [
    "关于开展城乡居民医保集中参保的通知", "关于做好冬季供暖保障工作的通知", "关于开展第五次全国经济普查的通告",
    "关于征集社区治理意见建议的公告", "关于开展夏季防汛演练的通知", "关于春节期间值班安排的通知",
]
COLUMNS = ["听听社区书记的心头事", "身边榜样", "社区工作缩影", "2023年终盘点"]
BOARD = [
    ("社会救助", "{m}月城乡低保资金发放名册公示"),
    ("社会救助", "{m}月特困供养人员救助资金发放公示"),
    ("社会救助", "{m}月临时救助对象公示"),
    ("通知公告", "第五次全国经济普查入户登记公告"),
    ("通知公告", "经济普查单位清查结果公示"),
]
DRAFTERS = ["马晓燕", "李建国"]
REVIEWERS = ["王海峰", "张丽"]
APPROVER = "刘志强"


def days_in_2023() -> list[date]:
    d = date(2023, 1, 1)
    return [d + timedelta(n) for n in range(365)]


def wechat_items() -> list[dict]:
    days = days_in_2023()
    rows = []
    for i in range(416):
        day = days[int(i * 365 / 416)]
        kind = rng.random()
        if kind < 0.55:
            cat, title = "工作动态", f"{rng.choice(COMMUNITIES)}{rng.choice(ACTIVITIES)}"
        elif kind < 0.75:
            cat, title = "政策法规", f"【政策转载】{rng.choice(POLICIES)}"
        elif kind < 0.85:
            cat, title = "通知公告", rng.choice(NOTICES)
        elif kind < 0.95:
            cat, title = "工作动态", f"【{rng.choice(COLUMNS)}】{rng.choice(COMMUNITIES)}{rng.choice(ACTIVITIES)}"
        else:
            cat, title = "社会救助", f"{day.month}月社会救助政策宣传"
        formed = day - timedelta(days=rng.randint(0, 5))
        rows.append(
            {
                "发布日期": day.isoformat(),
                "渠道": "微信公众号",
                "类别": cat,
                "标题": title,
                "链接": f"https://mp.weixin.qq.com/s/nanjie2023-{i + 1:03d}",
                "数量": 1,
                "信息形成日期": formed.isoformat(),
                "起草人": rng.choice(DRAFTERS),
                "审核人": rng.choice(REVIEWERS),
                "签发人": APPROVER,
                "备注": "",
            }
        )
    return rows


def portal_items() -> list[dict]:
    base = {"渠道": "政府网站", "数量": 1, "起草人": DRAFTERS[0], "审核人": REVIEWERS[0], "签发人": APPROVER, "备注": "", "链接": ""}
    return [
        {**base, "发布日期": "2023-01-18", "类别": "年度报告", "标题": "惠农区南街街道2022年政府信息公开工作年度报告", "信息形成日期": "2023-01-12"},
        {**base, "发布日期": "2023-02-20", "类别": "财政预决算", "标题": "惠农区南街街道2023年部门预算公开", "信息形成日期": "2023-02-10"},
        {**base, "发布日期": "2023-08-28", "类别": "财政预决算", "标题": "惠农区南街街道2022年部门决算公开", "信息形成日期": "2023-08-18"},
    ]


def board_items() -> list[dict]:
    """66 postings: monthly assistance rolls (some posted at two sites, recorded as one row, count 2) and census notices."""
    rows = []
    base = {"渠道": "公示栏", "链接": "", "起草人": DRAFTERS[1], "审核人": REVIEWERS[1], "签发人": APPROVER, "备注": ""}
    for m in range(1, 13):
        for cat, pattern in BOARD[:3]:
            if cat == "社会救助" and "临时" in pattern and m % 3:
                continue
            day = date(2023, m, 8 if "低保" in pattern else 12)
            count = 2 if "低保" in pattern else 1
            note = "便民服务中心、社区公示栏各张贴一次" if count == 2 else ""
            rows.append({**base, "发布日期": day.isoformat(), "类别": cat, "标题": pattern.format(m=m), "数量": count,
                         "信息形成日期": (day - timedelta(days=3)).isoformat(), "备注": note})
    total = sum(r["数量"] for r in rows)
    extra = 66 - total
    census = [date(2023, 3, 1) + timedelta(days=(280 * k) // extra) for k in range(extra)]
    for k, day in enumerate(census):
        cat, title = BOARD[3] if k % 2 == 0 else BOARD[4]
        rows.append({**base, "发布日期": day.isoformat(), "类别": cat, "标题": f"{title}（第{k + 1}期）", "数量": 1,
                     "信息形成日期": (day - timedelta(days=2)).isoformat()})
    assert sum(r["数量"] for r in rows) == 66, sum(r["数量"] for r in rows)
    return rows


def main() -> None:
    rows = portal_items() + wechat_items() + board_items()
    rows.sort(key=lambda r: r["发布日期"])
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{OUT}: {len(rows)} rows")


if __name__ == "__main__":
    main()
