"""English of the finance area's Chinese strings (merged into translations_en.py's EN)."""

EN: dict[str, str] = {
    "科技金融": "Sci-tech finance",
    "搜索": "Search",
    # choices
    "科技贷": "Tech loan",
    "知识产权质押贷": "IP-pledge loan",
    "信用贷": "Credit loan",
    "人才贷": "Talent loan",
    "股权质押贷": "Equity-pledge loan",
    "信用": "Unsecured",
    "知识产权质押": "IP pledge",
    "融资担保": "Guarantee company",
    "抵押": "Collateral",
    "股权质押": "Equity pledge",
    "待对接": "Open",
    "对接中": "Being matched",
    "已获融资": "Financed",
    "已关闭": "Closed",
    "申请": "Applied",
    "审核中": "Under review",
    "批准": "Approved",
    "驳回": "Rejected",
    "研发费用损失保险": "R&D expense loss insurance",
    "首台（套）重大技术装备保险": "First-of-a-kind major equipment insurance",
    "知识产权保险": "IP insurance",
    "关键研发人员保险": "Key R&D staff insurance",
    "产品责任保险": "Product liability insurance",
    "拟设立": "Planned",
    "已设立": "Established",
    # models
    "金融产品": "Financial products",
    "产品类别": "Product kind",
    "产品名称": "Product name",
    "最低年利率（%）": "Lowest annual rate (%)",
    "最高年利率（%）": "Highest annual rate (%)",
    "最高额度": "Maximum amount",
    "最长期限（月）": "Longest term (months)",
    "最低年利率不能高于最高年利率": "The lowest annual rate cannot be above the highest",
    "最高年利率不能低于最低年利率": "The highest annual rate cannot be below the lowest",
    "科技金融服务机构": "Sci-tech finance service institutions",
    "入选日期": "Selected on",
    "签约合作方": "Agreement partner",
    "如 人保财险": "e.g. PICC",
    "银企对接活动": "Bank–enterprise matchmaking events",
    "活动名称": "Event title",
    "举办县区": "District held in",
    "不填表示全市活动": "Leave empty for a city-wide event",
    "参会银行": "Attending banks",
    "参会企业": "Attending firms",
    "对接活动": "Matchmaking event",
    "对接结果": "Outcome",
    "金融走访": "Finance visits",
    "走访机构": "Visiting institution",
    "走访人": "Visitor",
    "走访内容": "Topics",
    "走访结果": "Outcome of the visit",
    "提出日期": "Raised on",
    "需求金额": "Amount sought",
    "资金用途": "Use of funds",
    "期限（月）": "Term (months)",
    "需求金额须大于零": "The amount sought must be above zero",
    "需求推送": "Demands shared with banks",
    "推送银行": "Bank shared with",
    "推送日期": "Shared on",
    "贷款": "Loans",
    "放款银行": "Lending bank",
    "贷款须有放款银行：请填写放款银行": "A loan needs a lender: fill in the lending bank",
    "合同编号": "Contract number",
    "贷款金额": "Loan amount",
    "放款日期": "Lent on",
    "年利率（%）": "Annual rate (%)",
    "担保方式": "Guarantee",
    "对应融资需求": "Financing demand met",
    "促成活动": "Event that led to it",
    "贷款金额须大于零": "The loan amount must be above zero",
    "融资需求须是同一企业的": "The financing demand must be the same firm's",
    "金融产品须是放款银行的产品": "The product must be the lending bank's",
    "贷款贴息申请": "Loan-interest subsidy applications",
    "申请年度": "Year applied",
    "已付利息": "Interest paid",
    "申请贴息": "Subsidy requested",
    "核定贴息": "Subsidy approved",
    "核定贴息不能高于申请贴息": "The subsidy approved cannot be above the subsidy requested",
    "批准的申请须填写核定贴息": "An approved application needs the subsidy approved",
    "企业须是该笔贷款的借款企业": "The firm must be the loan's borrower",
    "申请贴息 {requested} 元高于该笔贷款的利息 {interest} 元（金额×年利率×期限）": (
        "The subsidy requested, {requested} yuan, is above the loan's interest of {interest} yuan "
        "(amount × annual rate × term)"
    ),
    "核定贴息 {approved} 元高于该笔贷款的利息 {interest} 元": (
        "The subsidy approved, {approved} yuan, is above the loan's interest of {interest} yuan"
    ),
    "贷款合同编号": "Loan contract number",
    "科技保险": "Tech insurance",
    "险种": "Cover kind",
    "保单号": "Policy number",
    "保险机构": "Insurer",
    "保费": "Premium",
    "保额": "Sum insured",
    "起保日期": "Starts on",
    "终止日期": "Ends on",
    "终止日期须晚于起保日期": "The end date must be after the start date",
    "科技基金": "Sci-tech funds",
    "基金名称": "Fund name",
    "管理机构": "Manager",
    "合作方": "Partners",
    "多个用顿号分隔，如 省晋创投资、晋信资本": "Separate several with 、, e.g. 省晋创投资、晋信资本",
    "未定可不填": "May be left empty while undecided",
    "谋划日期": "Planned on",
    "设立日期": "Established on",
    "已设立的基金须填写设立日期": "An established fund needs its date of establishment",
    "基金": "Fund",
    "基金投资": "Fund investments",
    "投资金额": "Amount invested",
    "投资日期": "Invested on",
    "投资金额须大于零": "The amount invested must be above zero",
    "未找到“{value}”（请填写已登记的名称或编号）": "“{value}” not found (give the name or number of a registered one)",
    "应为年利率百分数（如 3.85），实为“{value}”": "Expected an annual rate in percent (such as 3.85), got “{value}”",
    # imports
    "按金融机构和产品名称新增或更新；金融机构填写已登记机构的名称或编码。": (
        "Adds or updates by institution and product name; give the institution's registered name or code."
    ),
    "省级遴选的科技金融服务机构；机构填写已登记机构的名称或编码。": (
        "Service institutions the province selected; give the institution's registered name or code."
    ),
    "按活动名称和日期新增或更新；县区不填为全市活动；主办单位填写已登记机构的名称或编码。": (
        "Adds or updates by title and date; no district means a city-wide event; give the organiser's "
        "registered name or code."
    ),
    "按银行和活动名称新增或更新；同名活动取最近举办的一场。": (
        "Adds or updates by bank and event title; of events with the same title, the latest held is meant."
    ),
    "按企业和活动名称新增或更新；同名活动取最近举办的一场。": (
        "Adds or updates by firm and event title; of events with the same title, the latest held is meant."
    ),
    "按企业、走访日期和走访内容新增或更新；企业须已登记。": (
        "Adds or updates by firm, date and topics; the firm must be registered."
    ),
    "按企业、提出日期和资金用途新增或更新；企业须已登记。": (
        "Adds or updates by firm, date raised and use of funds; the firm must be registered."
    ),
    "按银行和融资需求新增或更新；需求由企业的统一社会信用代码和资金用途确定（同名取最近提出的一条）。": (
        "Adds or updates by bank and demand; the demand is found by its firm's credit code and use of funds "
        "(the latest raised, when several match)."
    ),
    "需求企业统一社会信用代码": "Credit code of the firm with the demand",
    "按合同编号和企业新增或更新；放款银行必填（已登记金融机构的名称或编码）；年利率为百分数，如 3.85。": (
        "Adds or updates by contract number and firm; the lending bank is required (a registered "
        "institution's name or code); the annual rate is in percent, such as 3.85."
    ),
    "按贷款合同编号和申请年度新增或更新；申请贴息不能高于该笔贷款的利息（金额×年利率×期限÷12个月）。": (
        "Adds or updates by loan contract number and year; the subsidy requested cannot be above the "
        "loan's interest (amount × annual rate × term ÷ 12 months)."
    ),
    "按保单号和企业新增或更新；保险机构填写已登记机构的名称或编码。": (
        "Adds or updates by policy number and firm; give the insurer's registered name or code."
    ),
    "按基金名称新增或更新；规模未定可不填。": "Adds or updates by fund name; the size may be left empty.",
    "按企业、基金和投资日期新增或更新；基金须已登记。": (
        "Adds or updates by firm, fund and date; the fund must be registered."
    ),
    # pages
    "科技金融概况": "Sci-tech finance summary",
    "%(year)s年科技金融概况": "Sci-tech finance in %(year)s",
    "对接漏斗": "Matchmaking funnel",
    "获贷企业": "Firms lent to",
    "家": "firms",
    "场": "events",
    "支": "funds",
    "走访企业": "Firms visited",
    "{count} 次走访": "{count} visits",
    "促成贷款": "Loans arranged",
    "{firms} 家企业，{count} 笔": "{firms} firms, {count} loans",
    "申请贷款贴息的企业": "Firms applying for the loan-interest subsidy",
    "其中高新技术企业 {hnte} 家；全省第 {rank} 位（共 {of} 市）": (
        "{hnte} of them high-tech enterprises; rank {rank} in the province (of {of} cities)"
    ),
    "其中高新技术企业 {hnte} 家；暂无全省排名": "{hnte} of them high-tech enterprises; no province rank yet",
    "其中高新技术企业 {hnte} 家（您的数据范围内；全省排名按全市数据计）": (
        "{hnte} of them high-tech enterprises (within your data scope; the province rank counts the whole city)"
    ),
    "科技保险保费": "Tech insurance premiums",
    "{count} 份保单": "{count} policies",
    "谋划中的科技基金": "Sci-tech funds planned",
    "年度应在 2000–2100 之间": "The year must be between 2000 and 2100",
    "统计期无效：{error}": "Invalid period: {error}",
    "企业不存在或不在您的数据范围内": "No such firm, or it is outside your data scope",
    "年度“{value}”无效，已显示 {year} 年": "Year “{value}” is invalid; showing {year}",
    "统计期“{value}”无效（应如 2025、2025Q1、2025M03、2025YTD04），已显示 {period}": (
        "Period “{value}” is invalid (use 2025, 2025Q1, 2025M03 or 2025YTD04); showing {period}"
    ),
    "统计期": "Period",
    "统计期如 2025（全年）、2025Q1（一季度）、2025M03（3月）、2025YTD04（1–4月）。": (
        "A period such as 2025 (the year), 2025Q1 (first quarter), 2025M03 (March), 2025YTD04 (January–April)."
    ),
    "该统计期内没有对接活动、融资需求或贷款。": "No events, financing demands or loans in this period.",
    "环节": "Stage",
    "数量": "Count",
    "金额（万元）": "Amount (10k yuan)",
    "相对规模": "Relative size",
    "金融台账": "Finance ledger",
    "融资需求合计（万元）": "Financing demands in total (10k yuan)",
    "贷款合计（万元）": "Loans in total (10k yuan)",
    "获批贴息合计（元）": "Subsidies approved in total (yuan)",
    "杠杆率（每元贴息撬动的贷款，元）": "Leverage (loan yuan per yuan of subsidy)",
    "—（尚无获批贴息）": "— (no subsidy approved yet)",
    "科技保险保费合计（元）": "Tech insurance premiums in total (yuan)",
    "基金投资合计（万元）": "Fund investments in total (10k yuan)",
    "没有融资需求。": "No financing demands.",
    "利息（元）": "Interest (yuan)",
    "没有贷款。": "No loans.",
    "申请贴息（元）": "Subsidy requested (yuan)",
    "核定贴息（元）": "Subsidy approved (yuan)",
    "没有贷款贴息申请。": "No loan-interest subsidy applications.",
    "保费（元）": "Premium (yuan)",
    "保额（万元）": "Sum insured (10k yuan)",
    "没有科技保险。": "No tech insurance.",
    "没有基金投资。": "No fund investments.",
    "参加的银企对接活动": "Matchmaking events attended",
    "没有参加银企对接活动。": "Attended no matchmaking events.",
    "没有金融走访记录。": "No finance visits.",
    "每个数字都由登记的记录算出，点击可查看构成它的记录；数字只含您的数据范围内的记录。": (
        "Each figure is counted from the registered records; open it to see the records that make it. "
        "Figures count only records within your data scope."
    ),
    "数值": "Value",
    "企业金融台账": "Firm finance ledger",
    "统一社会信用代码或企业名称": "Credit code or firm name",
    "查找": "Find",
    "没有找到“%(q)s”：企业不存在或不在您的数据范围内。": "“%(q)s” not found: no such firm, or it is outside your data scope.",
    "促成贷款（经银企对接或融资需求）": "Arranged loans (through matchmaking or a financing demand)",
}  # fmt: skip
