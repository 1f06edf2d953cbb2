"""The facts of `POST /api/v1/eligibility/evaluate` described for callers: every field with its meaning,
unit and the Chinese meaning of each enum value, and an example body, built from the `Facts` dataclass so
the description cannot drift from what `facts_from_json` accepts (a test compares the two).

Validation stays with `facts_from_json` (it names each bad field); this module only documents.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from rainforest.eligibility.facts import Award, Facts, YearFacts

# Each enum value with its meaning, for the fields whose values are codes.
ENUMS: dict[str, dict[str, str]] = {
    "tech_field": {
        "electronic_info": "电子信息 (electronic information)",
        "bio_medicine": "生物与新医药 (biology and new medicine)",
        "aerospace": "航空航天 (aerospace)",
        "new_materials": "新材料 (new materials)",
        "hitech_services": "高技术服务 (high-tech services)",
        "new_energy": "新能源与节能 (new energy and energy saving)",
        "resources_environment": "资源与环境 (resources and environment)",
        "advanced_manufacturing": "先进制造与自动化 (advanced manufacturing and automation)",
        "none": "不属于国家重点支持的高新技术领域 (outside the 8 key fields: HNTE-3 fails)",
    },
    "valid_titles": {
        "innovative_sme": "创新型中小企业 (innovative SME)",
        "tech_and_innovative_sme": "科技和创新型中小企业 (the 2026 title)",
        "specialised_sme": "专精特新中小企业 (provincial specialised SME)",
        "little_giant": "专精特新“小巨人” (national little giant)",
    },
    "honours_valid": {
        "tech_innovation_demo": "国家技术创新示范企业 (technology-innovation demonstration enterprise)",
        "ip_advantage": "知识产权优势企业 (IP advantage enterprise)",
        "ip_demo": "知识产权示范企业 (IP demonstration enterprise)",
    },
    "rd_institution_level": {
        "none": "无研发机构",
        "below_city": "市级以下",
        "city": "市级",
        "provincial": "省级（含省部级）",
        "national": "国家级",
    },
    "ip_advancement": {grade: f"{grade} 档（专家评价，A 最高）" for grade in "ABCDE"},
    "ip_core_support": {grade: f"{grade} 档（专家评价，A 最高）" for grade in "ABCDE"},
    "ip_acquisition": {
        "self": "自主研发获得",
        "acquired_only": "仅受让、受赠、并购获得",
        "none": "无知识产权",
    },
    "level": {"national": "国家级", "provincial": "省级"},
}
PRESENCE = {"absent": "无", "present": "有（由专家给出具体分值时填整数）"}

# What each fact means, its unit, and which rulebooks read it. Yes/no facts are questions the bureau asks.
DESCRIPTIONS: dict[str, str] = {
    "evaluated_on": "评价（申报）日期，决定规则版本与各项时间窗口；必填。",
    "credit_code": "统一社会信用代码（18 位），仅用于标识。",
    "registered_on": "注册成立日期（高企“注册成立一年以上”；小巨人“持续经营3年以上”）。",
    "resident_enterprise": "是否为在中国境内（不含港澳台）注册的居民企业（科技型中小企业）。",
    "is_sme": "是否符合《中小企业划型标准规定》的中小企业（创新型、专精特新、小巨人）。",
    "restricted_industry": "产品（服务）是否属于国家禁止、限制或淘汰类（true 即不符合）。",
    "major_incident_12m": "申请前一年内是否发生重大安全、重大质量事故或严重环境违法行为（高企）。",
    "major_incident_tsme": "上年度至今是否发生重大安全、质量事故、严重环境违法或科研严重失信行为（科技型中小企业）。",
    "major_incident_3y": "近三年是否发生重大安全（含网络、数据安全）、质量、环境污染事故或偷漏税等违法行为（创新型、专精特新、小巨人）。",
    "dishonest_listed": "是否被列入经营异常名录或严重违法失信名单。",
    "has_valid_hnte": "评价日是否持有有效的高新技术企业证书。",
    "valid_titles": "评价日持有的有效称号（数组）。",
    "honours_valid": "评价日持有的有效荣誉（数组，创新型中小企业直通条件）。",
    "national_award_top3_5y": "近五年是否获国家级科技奖励且排名前三（科技型中小企业直通）。",
    "awards": "科技奖励列表：级别、获奖单位中的排名、年份；创新型、专精特新、小巨人的近三年奖励条件由此计算。",
    "provincial_rd_institution": "是否拥有经认定的省部级以上研发机构。",
    "rd_institution_level": "研发机构的最高级别（专精特新评分、小巨人研发机构条件）。",
    "led_standard_5y": "近五年是否主导制定国际、国家或行业标准（科技型中小企业直通）。",
    "tech_field": "主要产品（服务）所属的国家重点支持的高新技术领域（高企）。",
    "owns_core_ip": "是否拥有对主要产品（服务）在技术上发挥核心支持作用的知识产权所有权（高企）。",
    "ip_class1": "有效的Ⅰ类知识产权数（发明专利、植物新品种、集成电路布图设计等）。",
    "ip_class2": "有效的Ⅱ类知识产权数（实用新型、外观设计、软件著作权等）。",
    "ip_class1_high_value": "高价值Ⅰ类知识产权数（Ⅰ类的子集）。",
    "ip_class1_self_developed": "自主研发获得的Ⅰ类知识产权数（Ⅰ类的子集）。",
    "ip_class1_applied": "与主导产品相关、实际应用并已产生经济效益的Ⅰ类知识产权数（Ⅰ类的子集）。",
    "strategic_emerging_field": "主导产品是否属于《战略性新兴产业分类》（创新型中小企业评分）。",
    "niche_market_since": "开始从事特定细分市场的日期（专精特新、小巨人的细分市场年限）。",
    "market_share": "主导产品全国细分市场占有率，0–1 的小数（0.1 即 10%）。",
    "market_rank_national": "主导产品全国细分市场排名（1 为第一）。",
    "chuangke_rank_3y": "近三年“创客中国”大赛全国最好名次；0 表示已知未获名次，缺省表示未知。",
    "key_chain_role": "链：是否在重点产业链关键环节发挥补短板、锻长板、填空白作用（主管部门判断，小巨人 2022）。",
    "key_field_product": "品：主导产品是否属于申报通知所列重点领域（主管部门判断，小巨人 2022）。",
    "own_brand": "是否拥有直接面向市场并具有竞争优势的自主品牌（企业声明，小巨人 2022）。",
    "information_system": "是否具备相应的数字化、信息化系统支撑（企业声明，小巨人 2022）。",
    "management_certification": "是否取得相关管理体系认证或产品认证（企业声明，小巨人 2022）。",
    "ip_advancement": "知识产权所涉技术的先进程度（高企专家评价，A–E）。",
    "ip_core_support": "知识产权对主要产品的核心支持作用（高企专家评价，A–E）。",
    "ip_acquisition": "知识产权的获得方式（高企评分）。",
    "standards_participation": "是否参与制定国家、行业或团体标准（高企评分加分）。",
    "rd_mgmt_system": "研究开发组织管理制度：absent / present / 专家给出的整数分（高企）。",
    "rd_mgmt_institution": "研发机构与产学研合作：absent / present / 整数分（高企）。",
    "rd_mgmt_conversion": "科技成果转化的组织实施与激励奖励制度：absent / present / 整数分（高企）。",
    "rd_mgmt_talent": "科技人员的培养进修、职工技能培训、优秀人才引进：absent / present / 整数分（高企）。",
    "expert_points": '专家或工作人员给出的分项分值：条件代码 → 整数（如 {"LG-12": 1}）；收窄该项的分数区间，或对是/否项给出 1（满足）/ 0（不满足）。',
    "years": "会计年度数据列表，每年一项，年份不得重复；各规则按评价日期选取所需年份（一般为上年度及之前）。",
}
YEAR_DESCRIPTIONS: dict[str, str] = {
    "year": "会计年度；必填。",
    "employees": "职工总数（在职、兼职、临时聘用合计），人。",
    "tech_staff": "科技人员数，人。",
    "rd_staff": "研发人员数，人。",
    "sales_revenue": "销售收入，元。",
    "operating_revenue": "营业收入，元。",
    "main_business_revenue": "主营业务收入，元。",
    "total_assets": "年末资产总额，元。",
    "total_liabilities": "年末负债总额，元。",
    "cost_expense": "成本费用支出总额，元。",
    "rd_expense": "研发费用总额，元。",
    "rd_expense_domestic": "在中国境内发生的研发费用，元。",
    "total_income": "总收入，元。",
    "hitech_income": "高新技术产品（服务）收入，元。",
    "net_assets": "年末净资产，元。",
    "net_profit": "净利润，元。",
    "conversions": "当年科技成果转化数，项。",
    "equity_qualified": "当年合格机构投资者实缴股权融资额，元。",
    "tax_paid_in_zone": "当年在所在园区的纳税额，元（政策计算器使用）。",
}
AWARD_DESCRIPTIONS: dict[str, str] = {
    "level": "奖励级别。",
    "rank": "在获奖单位中的排名（1 为第一）。",
    "year": "获奖年份。",
}

EXAMPLE: dict[str, Any] = {
    "rulebook": "little-giant-2022",
    "facts": {
        "evaluated_on": "2025-06-01",
        "registered_on": "2015-03-01",
        "is_sme": True,
        "dishonest_listed": False,
        "restricted_industry": False,
        "major_incident_3y": False,
        "valid_titles": ["specialised_sme"],
        "rd_institution_level": "provincial",
        "ip_class1_applied": 2,
        "niche_market_since": "2021-01-01",
        "market_share": "0.12",
        "chuangke_rank_3y": 0,
        "key_chain_role": True,
        "key_field_product": True,
        "own_brand": True,
        "information_system": True,
        "management_certification": True,
        "years": [
            {"year": 2022, "operating_revenue": "110000000", "main_business_revenue": "100000000",
             "rd_expense": "4000000"},
            {"year": 2023, "operating_revenue": "120000000", "main_business_revenue": "105000000",
             "rd_expense": "4000000"},
            {"year": 2024, "operating_revenue": "120000000", "main_business_revenue": "110250000",
             "rd_expense": "4000000", "total_assets": "100000000", "total_liabilities": "50000000"},
        ],
    },
}  # fmt: skip


def _describe(schema: dict[str, Any], descriptions: dict[str, str]) -> None:
    for name, prop in schema.get("properties", {}).items():
        text = descriptions[name]
        meanings = ENUMS.get(name)
        if name.startswith("rd_mgmt_"):
            meanings = PRESENCE
        if meanings:
            text += " 取值：" + "；".join(f"{code} = {meaning}" for code, meaning in meanings.items())
        prop["description"] = text
        prop.pop("title", None)


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with `$ref`s to its own `$defs` replaced by the definitions (OpenAPI resolves refs
    against its components, not against a field's `$defs`)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {key: _inline(value, defs) for key, value in node.items() if key != "$defs"}
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    return node


def facts_json_schema() -> dict[str, Any]:
    """The JSON schema of the facts object, every field described, self-contained (no `$ref`)."""
    schema = TypeAdapter(Facts).json_schema()
    defs = schema.get("$defs", {})
    _describe(defs[Award.__name__], AWARD_DESCRIPTIONS)
    _describe(defs[YearFacts.__name__], YEAR_DESCRIPTIONS)
    for name in ("employees", "tech_staff", "rd_staff", "conversions"):  # facts_from_json refuses < 0
        for option in defs[YearFacts.__name__]["properties"][name].get("anyOf", []):
            if option.get("type") == "integer":
                option["minimum"] = 0
    _describe(schema, DESCRIPTIONS)
    inlined: dict[str, Any] = _inline(schema, defs)
    inlined["description"] = (
        "企业的评价事实：字段均可省略，缺省表示未知，需要它的条件答“需补数据”而不猜测。金额为元（字符串或数字，"
        "精确小数），人数和项数为整数，日期为 YYYY-MM-DD。未列出的字段会被拒绝（422，指明字段）。"
    )
    inlined.pop("title", None)
    return inlined
