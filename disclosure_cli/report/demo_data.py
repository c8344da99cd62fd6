"""What the demonstration ledger of `disc demo` says (issue 24): names, titles and prose, all invented.

示例区 and its three 街道 do not exist; applicants are 某某 (张某某, 李某某 …) and companies carry
示例 in their names, so nothing here can be mistaken for a real person's or body's data. The prose
of the reports was written for this demonstration. How these are written into a ledger is
report/demo.py; this module is only data.
"""

from __future__ import annotations

DISTRICT = "示例区"
QINGSHAN = "示例区青山街道"  # the ledger's own unit: the full year
LVSHUI = "示例区绿水街道"
BAIYUN = "示例区白云街道"
SIBLINGS = (LVSHUI, BAIYUN)
YEAR = 2023

# a fixed identity (meta uuid) and a fixed clock (SOURCE_DATE_EPOCH): the same ledger on every build
UUID = "de30de30de3040a8b1c2d3e4f5a6b7c8"
NOW = "2024-03-29T17:30:00+08:00"  # when the clerk finished entering the year (after the last event)
TODAY = "2024-03-29"  # the "today" of the library calls that take one
CLERK = "青山街道党政办（演示）"

# --------------------------------------------------------------------------- letters (disc org set)
SETTINGS = {
    QINGSHAN: {
        "issuer": "示例区青山街道办事处", "review_body": "示例区人民政府", "court": "示例区人民法院",
        "letter_prefix": "示青街依复", "address": "示例区青山路100号（虚构地址）", "phone": "0000-1000001",
    },
    LVSHUI: {
        "issuer": "示例区绿水街道办事处", "review_body": "示例区人民政府", "court": "示例区人民法院",
        "letter_prefix": "示绿街依复", "address": "示例区绿水大道8号（虚构地址）", "phone": "0000-1000002",
    },
    BAIYUN: {
        "issuer": "示例区白云街道办事处", "review_body": "示例区人民政府", "court": "示例区人民法院",
        "letter_prefix": "示白街依复", "address": "示例区白云路66号（虚构地址）", "phone": "0000-1000003",
    },
}
# from 2024 the revised 行政复议法 applies: a dated row of settings, with the online channel for review
REVIEW_LAW_SINCE = "2024-01-01"
REVIEW_ONLINE = "示例区人民政府门户网站“行政复议网上申请”栏目（虚构）"

# --------------------------------------------------------------------------- channels and items
READING_ROOM = ("reading_room", "政务公开专区", ["查阅点", "公开专区"], "board")  # code, label, aliases, kind

COMMUNITIES = {
    QINGSHAN: ("青山", "松林", "桃源"),
    LVSHUI: ("绿水", "柳岸", "荷塘"),
    BAIYUN: ("白云", "云杉", "石桥"),
}

# 通知公告: one a month on the website
NOTICES = (
    "关于春节期间辖区烟花爆竹安全管理的通告",
    "关于做好城乡居民医疗保险参保缴费工作的通知",
    "春季爱国卫生运动实施方案",
    "关于清明节期间文明祭扫的倡议书",
    "关于“五一”假期安全生产检查的通知",
    "关于做好汛期防汛避险工作的通告",
    "暑期未成年人防溺水安全提示",
    "关于开展沿街门店“门前三包”专项整治的通告",
    "关于中秋国庆假期值班安排的公告",
    "关于开展冬季消防安全隐患排查的通知",
    "关于做好下一年度城乡居民医疗保险集中参保的通知",
    "关于元旦期间加强安全防范的提示",
)
# the website's second post of the month: 政策法规 (Jan, Apr, Jul, Oct), 财政预决算 (Feb, May, Aug, Nov),
# 人事信息 (Mar, Jun, Sep, Dec); {unit} is the 街道's short name
POLICY = {
    QINGSHAN: (
        "《示例区城乡居民最低生活保障实施办法》政策解读",
        "关于印发《青山街道老旧小区加装电梯补助资金管理办法》的通知",
        "图解：《青山街道老旧小区加装电梯补助资金管理办法》",
        "《青山街道临时救助实施细则》政策解读",
    ),
    LVSHUI: (
        "《示例区城乡居民最低生活保障实施办法》政策解读",
        "《示例区养老服务补贴发放办法》政策解读",
        "图解：示例区城乡居民医疗保险待遇政策",
        "《示例区住宅小区物业管理实施意见》政策解读",
    ),
}
FINANCE = ("{unit}{year}年部门预算公开", "{unit}{year}年“三公”经费预算情况说明", "{unit}上年度部门决算公开",
           "{unit}{year}年上半年预算执行情况")
PERSONNEL = ("{unit}{year}年公开招聘社区工作者公告", "{unit}社区工作者招聘拟聘用人员公示", "{unit}网格员岗位调整情况公示",
             "{unit}{year}年度社区工作者考核结果公示")
# 工作动态 on the website, one a month
PORTAL_NEWS = (
    "召开政务公开工作部署会",
    "开展节后复工复产安全检查",
    "举办基层治理网格员业务培训",
    "召开老旧小区改造居民议事会",
    "开展“安全生产月”集中宣传活动",
    "组织防汛应急拉练",
    "开展高温时段户外劳动者慰问",
    "召开上半年工作总结会",
    "开展全民国防教育日宣传",
    "组织秋季消防疏散演练",
    "开展“宪法进社区”法治宣讲",
    "召开年度政务公开工作总结会",
)
# 工作动态 of the communities (WeChat), three a month: community (in turn) + what it did
MONTH_NEWS = (
    ("开展迎新春走访慰问困难群众活动", "开展春节前燃气安全入户检查", "举办“我们的节日·春节”民俗活动"),
    ("举办元宵节猜灯谜活动", "组织开学季护学岗志愿服务", "开展春季环境卫生大扫除"),
    ("开展学雷锋志愿服务活动", "举办“三八”妇女节主题活动", "组织居民义务植树"),
    ("开展清明文明祭扫宣传", "开展全民国家安全教育日宣传", "举办世界读书日阅读分享会"),
    ("慰问节日坚守岗位的一线职工", "开展防灾减灾日应急疏散演练", "举办母亲节敬老孝亲活动"),
    ("举办端午节邻里包粽子活动", "开展安全生产咨询日活动", "组织高考护航志愿服务"),
    ("开展“七一”主题党日活动", "暑期“四点半课堂”开课", "开展防汛应急演练"),
    ("开展高温慰问环卫工人活动", "走访慰问退役军人", "开展暑期防溺水巡查"),
    ("开展教师节慰问活动", "举办中秋邻里节", "开展秋季征兵政策宣传"),
    ("举办重阳节敬老活动", "开展国庆期间文明出行倡导", "开展秋冬季火灾防控宣传"),
    ("开展消防宣传月灭火演练", "开展垃圾分类入户宣传", "开展冬季供暖服务走访"),
    ("开展“12·4”宪法宣传周活动", "冬至包饺子送温暖", "召开年终居民代表座谈会"),
)
BOARD = "{month}月城乡低保和特困供养人员名册公示"
BOARD_TWICE = (3, 9)  # months whose list went up on two boards (one item, 数量 2)
READING_ROOM_ITEM = "政务公开专区放置《示例区人民政府公报》{year}年第{month}期"  # monthly, in 青山's 便民服务中心

# --------------------------------------------------------------------------- 表二
DOCUMENTS = (  # number, title, issued, repealed, interpretation (all of 青山街道)
    ("示青街发〔2020〕4号", "青山街道沿街门店“门前三包”管理规定", "2020-06-01", "2023-10-31", None),
    ("示青街发〔2021〕6号", "青山街道社区微更新项目管理办法", "2021-09-15", None,
     "https://www.example.gov.cn/qingshan/jd/2021-6.html"),
    ("示青街发〔2023〕3号", "青山街道老旧小区加装电梯补助资金管理办法", "2023-03-28", None,
     "https://www.example.gov.cn/qingshan/jd/2023-3.html"),
    ("示青街发〔2023〕9号", "青山街道临时救助实施细则", "2023-08-10", None,
     "https://www.example.gov.cn/qingshan/jd/2023-9.html"),
)
DECISIONS = {  # unit: (kind, date, count, ref)
    QINGSHAN: (
        ("license", "2023-03-15", 1, "示青街许〔2023〕1号"),
        ("license", "2023-06-20", 1, "示青街许〔2023〕2号"),
        ("license", "2023-10-12", 1, "示青街许〔2023〕3号"),
        ("penalty", "2023-02-24", 3, "示青街罚〔2023〕1—3号"),
        ("penalty", "2023-04-21", 4, "示青街罚〔2023〕4—7号"),
        ("penalty", "2023-06-16", 2, "示青街罚〔2023〕8—9号"),
        ("penalty", "2023-08-25", 5, "示青街罚〔2023〕10—14号"),
        ("penalty", "2023-10-20", 3, "示青街罚〔2023〕15—17号"),
        ("penalty", "2023-12-15", 4, "示青街罚〔2023〕18—21号"),
        ("coercion", "2023-07-06", 1, "示青街强〔2023〕1号"),
    ),
    LVSHUI: (
        ("penalty", "2023-05-19", 3, "示绿街罚〔2023〕1—3号"),
        ("penalty", "2023-11-17", 2, "示绿街罚〔2023〕4—5号"),
    ),
    BAIYUN: (("license", "2023-09-08", 1, "示白街许〔2023〕1号"),),
}
FEES = (("2023-05-16", "800.00", "临时占用道路费（演示数据）"), ("2023-11-08", "1050.50", "临时占用道路费（演示数据）"))

# --------------------------------------------------------------------------- 表四
CASES = {  # unit: (kind, filed, ref, application, copy served, answer given, the law's decision or None, decided or None)
    # answers within the respondent's deadlines (ledger/cases.py): before 2024 a review's 「十日」 and a
    # suit's 15 days are calendar days, a last day on a day off rolled to the next working day
    QINGSHAN: (
        ("review", "2023-03-20", "示区府复〔2023〕9号", "2023-002", "2023-03-24", "2023-04-03", "review.revoke", "2023-05-18"),
        ("review", "2023-06-12", "示区府复〔2023〕21号", "2023-006", "2023-06-15", "2023-06-21", "review.uphold", "2023-08-10"),
        ("suit_after_review", "2023-08-28", "（2023）示0102行初51号", "2023-006", "2023-09-01", "2023-09-14", "suit.reject",
         "2024-03-15"),
        # served 9月20日: 15 days end on 10月5日, a holiday, so 10月7日 (a Saturday worked)
        ("suit_direct", "2023-09-15", "（2023）示0102行初58号", None, "2023-09-20", "2023-09-28", "suit.withdraw", "2023-11-20"),
        # served 12月14日: 10 days end on 12月24日, a Sunday, so 12月25日
        ("review", "2023-12-11", "示区府复〔2023〕47号", "2023-014", "2023-12-14", "2023-12-22", "review.uphold", "2024-02-06"),
    ),
    LVSHUI: (("review", "2023-06-05", "示区府复〔2023〕18号", None, "2023-06-08", "2023-06-16", "review.uphold", "2023-08-01"),),
}

# --------------------------------------------------------------------------- the reports' prose
NARRATIVE = {
    QINGSHAN: {
        "一": (
            "{year}年，青山街道把政务公开作为联系群众的日常工作，围绕老旧小区改造、社会救助、基层治理等居民关心的事项，"
            "做到政策发布有出处、办事过程可查询、群众关切有回应。\n"
            "（一）主动公开情况。本年度共主动公开政府信息{items.total}条，其中政府网站{items.portal}条、"
            "微信公众号{items.wechat}条、公示栏{items.board}条、政务公开专区{items.reading_room}条。政府网站每月更新通知公告、"
            "政策法规、财政预决算和人事信息等栏目；“青山之声”微信公众号每旬推送街道和社区的工作动态；公示栏按月张贴城乡低保和"
            "特困供养人员名册。本年度制发行政规范性文件{t2.normative_document.issued}件、废止{t2.normative_document.repealed}件，"
            "年末现行有效{t2.normative_document.in_force}件，新制发的文件均同步发布政策解读；作出行政许可决定"
            "{t2.license.decisions}件、行政处罚决定{t2.penalty.decisions}件。\n"
            "（二）依申请公开情况。本年度新收政府信息公开申请{t3.new.total}件，上年结转{t3.carried_over.total}件；"
            "办结{t3.total.total}件，其中予以公开{t3.granted.total}件、部分公开{t3.partial.total}件；"
            "结转下年度继续办理{t3.carried_forward.total}件。申请内容不明确的，在7个工作日内一次性告知补正；"
            "需要延长答复期限的，经负责人同意后书面告知申请人；涉及第三方权益的，书面征求第三方意见。\n"
            "（三）政府信息管理情况。街道建立信息发布登记台账，每条信息记明发布渠道、栏目和日期，发布前由起草人、"
            "科室负责人和分管领导逐级审核；对现行有效的行政规范性文件定期清理，清理结果及时向社会公布。\n"
            "（四）平台建设情况。街道依托区政府门户网站开设青山街道子栏目，运营“青山之声”微信公众号，在便民服务中心"
            "设置政务公开专区，放置政府公报、办事指南和政策汇编，方便居民现场查阅。\n"
            "（五）监督保障情况。街道党工委把政务公开纳入年度工作要点，由党政办具体承办，配备专兼职工作人员；"
            "本年度因政府信息公开工作被申请行政复议{t4.review.total}件、被提起行政诉讼{t4.suit.total}件，"
            "对复议机关纠正的事项逐项整改。"
        ),
        "五": (
            "（一）存在的主要问题。一是部分社区对政务公开的理解还停留在“发通知、贴公告”，对政策解读和回应关切重视不够，"
            "解读材料的形式比较单一；二是个别申请涉及多个科室的历年档案，检索和会商耗时较长，需要延长答复期限；"
            "三是公示栏内容靠人工张贴，过期信息撤换不够及时。\n"
            "（二）改进措施。一是每季度组织社区和科室联络员学习条例和答复书规范，推广图解、短视频等解读形式；"
            "二是完善依申请公开的内部流转，明确承办科室和会商时限，收到申请后当日登记；"
            "三是为公示栏建立到期提醒，做到到期即撤、新增即贴。"
        ),
        "六": (
            "（一）信息处理费收取情况。本年度发出信息处理费收费通知{fee.notices}件，"
            "对{fee.charged}件政府信息公开申请收取信息处理费共计{fee.amount}元。\n"
            "（二）落实政务公开工作要点情况。街道对照区政务公开工作要点，逐项明确责任科室和完成时限，"
            "重点做好老旧小区改造、社会救助和基层治理领域的信息公开。\n"
            "（三）人大代表建议和政协委员提案办理情况。本年度街道未承办人大代表建议和政协委员提案。"
        ),
    },
    LVSHUI: {
        "一": (
            "{year}年，绿水街道以政府网站为主要发布渠道，以公示栏为补充，做好政府信息公开工作。\n"
            "（一）主动公开情况。本年度共主动公开政府信息{items.total}条，其中政府网站{items.portal}条、"
            "公示栏{items.board}条。本年度作出行政处罚决定{t2.penalty.decisions}件。\n"
            "（二）依申请公开情况。本年度新收政府信息公开申请{t3.new.total}件，办结{t3.total.total}件，"
            "结转下年度继续办理{t3.carried_forward.total}件。\n"
            "（三）行政复议和行政诉讼情况。本年度因政府信息公开工作被申请行政复议{t4.review.total}件、"
            "被提起行政诉讼{t4.suit.total}件。"
        ),
        "五": (
            "（一）存在的主要问题。街道尚未开设政务新媒体，信息发布主要依靠政府网站，覆盖的居民有限。\n"
            "（二）改进措施。研究开通街道微信公众号，并把社区居民群作为政策推送的补充渠道。"
        ),
        "六": "（一）信息处理费收取情况。本年度未发出信息处理费收费通知，未收取信息处理费。",
    },
    BAIYUN: {
        "一": (
            "{year}年，白云街道通过微信公众号和公示栏向居民公开政府信息。\n"
            "（一）主动公开情况。本年度共主动公开政府信息{items.total}条，其中微信公众号{items.wechat}条、"
            "公示栏{items.board}条。本年度作出行政许可决定{t2.license.decisions}件。\n"
            "（二）依申请公开情况。本年度新收政府信息公开申请{t3.new.total}件，办结{t3.total.total}件。"
        ),
        "五": (
            "（一）存在的主要问题。有1件申请因承办科室人员调整，未能在法定期限内答复。\n"
            "（二）改进措施。建立依申请公开办理期限提醒，承办人员调整时当面交接在办申请。"
        ),
        "六": "（一）信息处理费收取情况。本年度未收取信息处理费。",
    },
    DISTRICT: {
        "一": (
            "{year}年，示例区各街道按照全区政务公开工作要点，坚持以公开为常态、不公开为例外。以下为青山、绿水、"
            "白云三个街道的汇总情况。\n"
            "（一）主动公开情况。各街道共主动公开政府信息{items.total}条，其中政府网站{items.portal}条、"
            "微信公众号{items.wechat}条、公示栏{items.board}条、政务公开专区{items.reading_room}条。\n"
            "（二）依申请公开情况。各街道新收政府信息公开申请{t3.new.total}件，上年结转{t3.carried_over.total}件，"
            "办结{t3.total.total}件，结转下年度继续办理{t3.carried_forward.total}件。\n"
            "（三）行政复议和行政诉讼情况。各街道因政府信息公开工作被申请行政复议{t4.review.total}件、"
            "被提起行政诉讼{t4.suit.total}件。"
        ),
        "五": (
            "（一）存在的主要问题。各街道发布渠道不均衡，有的街道没有政务新媒体；个别申请未能按期答复。\n"
            "（二）改进措施。区政务公开办公室按季度通报各街道的更新和办理情况，对逾期答复的申请逐件督办。"
        ),
        "六": (
            "（一）信息处理费收取情况。各街道共发出信息处理费收费通知{fee.notices}件，"
            "对{fee.charged}件政府信息公开申请收取信息处理费{fee.amount}元。"
        ),
    },
}
