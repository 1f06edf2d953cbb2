"""English translations of the interface, kept as data so `make messages` can refill django.po after
`makemessages` (Chinese strings in code are the msgids). Run: python rainforest/locale/translations_en.py"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PLURALS: dict[str, tuple[str, str]] = {
    "共 %(n)s 家企业": ("%(n)s enterprise", "%(n)s enterprises"),
    "%(n)s 个主体的层级待补数据。": (
        "The layer of %(n)s organisation needs more data.",
        "The layers of %(n)s organisations need more data.",
    ),
}

EN: dict[str, str] = {
    # apps
    "接口": "API", "基础数据": "Reference data", "界面": "Interface", "企业库": "Enterprises",
    "创新雨林": "Innovation forest", "孵化载体": "Incubators", "数据导入": "Data import", "首页": "Home",
    "简体中文": "Simplified Chinese", "English": "English",
    # regions, fields, organisations, roles
    "省": "Province", "地级市": "Prefecture-level city", "县级区划": "County-level unit",
    "电子信息": "Electronic information", "生物与新医药": "Biotechnology and new medicine", "航空航天": "Aerospace",
    "新材料": "New materials", "高技术服务": "High-tech services", "新能源与节能": "New energy and energy saving",
    "资源与环境": "Resources and environment", "先进制造与自动化": "Advanced manufacturing and automation",
    "市科技局": "City S&T bureau", "县区/园区科技部门": "District or park S&T office", "高校院所": "University or institute",
    "金融机构": "Financial institution", "企业": "Enterprise",
    "市局工作人员": "City officer", "县区工作人员": "District officer", "科技管家": "Tech butler",
    "企业用户": "Enterprise user", "高校院所用户": "University user", "金融机构用户": "Bank user", "系统管理员": "System administrator",
    "登录": "Sign in", "退出": "Sign out", "登录失败": "Failed sign-in",
    # core models
    "区划代码": "Division code", "名称": "Name", "英文名": "English name", "级别": "Level", "上级区划": "Parent division",
    "现行区划": "Current division", "停用日期": "Retired on", "排序": "Order", "行政区划": "Administrative division",
    "简称": "Short name", "所在县区": "District", "统计用区划代码": "Statistical division code", "资料状态": "Data status",
    "说明": "Note", "开发区": "Development zone", "门类代码": "Section code", "门类名称": "Section name",
    "国民经济行业门类": "Industry section (GB/T 4754)", "类型": "Type", "所辖区划": "Governed division",
    "所辖园区": "Governed zone", "统一社会信用代码": "Unified social credit code", "机构": "Organisation",
    "所属机构": "Organisation", "角色": "Role", "姓名": "Name", "手机": "Mobile", "可查看个人信息": "May see personal data",
    "未勾选时，企业联系人姓名、电话、邮箱以掩码显示。": "When unticked, enterprise contact names, phones and e-mails are shown masked.",
    "用户": "User", "用途": "Purpose", "前缀": "Prefix", "摘要": "Digest", "创建时间": "Created at", "最近使用": "Last used",
    "过期时间": "Expires at", "撤销时间": "Revoked at", "API 令牌": "API token", "事件": "Event", "时间": "Time",
    "IP 地址": "IP address", "浏览器": "Browser", "登录记录": "Sign-in record", "用户名": "Username",
    "用途说明": "Purpose", "状态": "Status", "年度": "Year", "县区": "District", "已撤销": "Revoked", "已过期": "Expired",
    "有效": "Valid", "创建 {at}": "created {at}", "到期 {at}": "expires {at}", "最近使用 {at}": "last used {at}",
    "没有用户名为 {username} 的用户": "There is no user named {username}",
    "用户 {username} 已停用，不能创建令牌": "User {username} is inactive: no token can be created",
    "有效天数须至少为 1 天，实为 {days}": "A token must be valid for at least 1 day, not {days}",
    "令牌前缀应为 {n} 位": "A token prefix has {n} characters",
    "没有前缀为 {prefix} 的有效令牌": "No valid token has the prefix {prefix}",
    "前缀 {prefix} 对应多个令牌，请同时指定用户": "Several tokens have the prefix {prefix}: name the user too",
    "已撤销 {user} 的令牌 {mark}{prefix}…": "Revoked token {mark}{prefix}… of {user}",
    "管理 API 令牌：create 创建（令牌只显示一次）、list 列出、revoke 撤销": "Manage API tokens: create (shown once), list, revoke",
    "为用户创建令牌并打印（只显示这一次）": "Create a token for a user and print it (shown only this once)",
    "有效天数（缺省为长期有效）": "Days of validity (default: no expiry)", "列出用户的令牌": "List a user's tokens",
    "按前缀撤销令牌": "Revoke a token by its prefix", "令牌前缀（list 显示的 8 位）": "Token prefix (the 8 characters list shows)",
    "仅在该用户的令牌中查找": "Look only among this user's tokens",
    # registry
    "只有市局、县区工作人员和系统管理员可以修改企业库": "Only city officers, district officers and administrators may change the registry",
    "只能登记或修改本辖区的企业": "You may only register or change enterprises of your own district",
    "未知的县区代码：{code}": "Unknown district code: {code}", "未知的开发区：{name}": "Unknown development zone: {name}",
    "未知的行业门类代码：{code}": "Unknown industry section: {code}", "未知的资质类别：{kind}": "Unknown certificate kind: {kind}",
    "科技型中小企业入库登记": "Tech-SME registration", "高新技术企业证书": "High-tech enterprise certificate",
    "创新型中小企业": "Innovative SME", "科技和创新型中小企业（2026）": "Tech and innovative SME (2026)",
    "专精特新中小企业": "Specialised SME", "专精特新“小巨人”": "\u201cLittle giant\u201d",
    "龙头企业认定": "Leading enterprise", "科技领军企业认定": "Tech leader enterprise",
    "未入林": "Not in forest", "种子": "Seed", "草本": "Herb", "灌木": "Shrub", "乔木": "Tree",
    "名称或信用代码": "Name or credit code", "层级": "Layer", "行业门类": "Industry", "技术领域": "Tech field",
    "有效资质": "Valid certificate",
    "只能选择您有权登记的县区": "Choose a district you may register in",
    "统一社会信用代码 {code} 已登记": "Credit code {code} is already registered",
    "{problem}；如确属早期有效代码，请在“校验例外理由”中写明理由": "{problem}; if this is a genuine early code, give the reason under \u201cOverride reason\u201d",
    "{year} 年度数据已存在，请在企业页面修改": "Figures for {year} exist already: edit them from the enterprise page",
    "留空则按类别默认有效期：高企等三年，科技型中小企业至当年年底": "Leave empty for the kind's default term: 3 years for HNTE and similar, year end for a tech-SME registration",
    "该类资质在此日期已登记，请在企业页面修改": "This kind of certificate is already recorded on this date: edit it from the enterprise page",
    "只能指派角色为科技管家的用户": "Only users with the tech butler role can be assigned",
    "日期不能晚于今天": "The date cannot be later than today", "{butler} 已在服务该企业": "{butler} already serves this enterprise",
    "校验例外理由": "Override reason",
    "仅市局工作人员可登记未通过校验的早期代码，并须写明理由。": "Only city officers may register an early code that fails the check, and must give the reason.",
    "企业名称": "Enterprise name", "所在开发区": "Development zone", "成立日期": "Founded on", "地址": "Address",
    "境内注册居民企业": "Resident enterprise registered in China", "联系人": "Contact", "联系电话": "Contact phone",
    "联系邮箱": "Contact e-mail", "更新时间": "Updated at", "开发区 {zone} 不在 {district}": "Development zone {zone} is not in {district}",
    "统一社会信用代码应为18位": "A unified social credit code has 18 characters",
    "职工总数": "Employees", "科技人员数": "Tech staff", "研发人员数": "R&D staff", "销售收入（元）": "Sales revenue (yuan)",
    "营业收入（元）": "Operating revenue (yuan)", "主营业务收入（元）": "Main business revenue (yuan)",
    "收入总额（元）": "Total income (yuan)", "高新技术产品（服务）收入（元）": "High-tech products and services income (yuan)",
    "资产总额（元）": "Total assets (yuan)", "负债总额（元）": "Total liabilities (yuan)", "净资产（元）": "Net assets (yuan)",
    "净利润（元）": "Net profit (yuan)", "成本费用支出总额（元）": "Total cost and expense (yuan)", "研发费用（元）": "R&D expense (yuan)",
    "境内研发费用（元）": "Domestic R&D expense (yuan)", "Ⅰ类知识产权数": "Class I IP", "Ⅱ类知识产权数": "Class II IP",
    "科技成果转化数": "Conversions of results", "合格机构投资者实缴股权（元）": "Paid-in equity from qualified investors (yuan)",
    "在园区纳税额（元）": "Tax paid in the park (yuan)", "年度数据": "Yearly figures",
    "科技人员数不能超过职工总数": "Tech staff cannot exceed employees",
    "高新技术产品（服务）收入不能超过收入总额": "High-tech income cannot exceed total income",
    "年度 {year} 晚于今年": "Year {year} is later than this year",
    "科技人员数 {staff} 超过职工总数 {employees}": "Tech staff {staff} exceeds employees {employees}",
    "研发人员数 {staff} 超过职工总数 {employees}": "R&D staff {staff} exceeds employees {employees}",
    "高新技术产品（服务）收入超过收入总额": "High-tech income exceeds total income",
    "境内研发费用超过研发费用总额": "Domestic R&D expense exceeds total R&D expense",
    "类别": "Kind", "证书/登记编号": "Number", "科技型中小企业为入库年度": "For a tech-SME: the registration year",
    "发证/生效日期": "Issued on", "有效期至（不含）": "Valid until (exclusive)", "撤销日期": "Revoked on", "发证机关": "Issuer",
    "备注": "Note", "资质证书": "Certificates", "有效期截止日须晚于发证日期": "The expiry must be later than the issue date",
    "撤销日期不能早于发证日期": "The revocation cannot be earlier than the issue date", "开始日期": "Starts on",
    "结束日期": "Ends on", "管家服务关系": "Butler assignment", "创建": "Created", "修改": "Edit", "删除": "Delete",
    "企业信息": "Enterprise details", "{year} 年度数据": "Figures {year}", "{kind}（{issued_on}）": "{kind} ({issued_on})",
    "是": "Yes", "否": "No", "系统": "System",
    # enterprise pages
    "导出Excel": "Export to Excel", "分页": "Pages", "上一页": "Previous", "下一页": "Next",
    "第 %(number)s / %(pages)s 页": "Page %(number)s of %(pages)s",
    "没有符合筛选条件的企业。": "No enterprise matches these filters.", "清除筛选": "Clear filters",
    "您的数据范围内还没有企业。": "There is no enterprise in your data scope yet.", "登记第一家企业": "Register the first enterprise",
    "%(day)s 起": "since %(day)s", "指派科技管家": "Assign a tech butler", "金额单位：万元": "Amounts in 10,000 yuan",
    "填报年度数据": "Record yearly figures", "营业收入": "Operating revenue", "收入总额": "Total income",
    "高新技术产品（服务）收入": "High-tech income", "资产总额": "Total assets", "研发费用": "R&D expense",
    "尚无年度数据。": "No yearly figures yet.", "登记资质证书": "Record a certificate", "今日状态": "Today",
    "无效": "Not valid", "尚无资质证书。": "No certificates yet.", "层级历程": "Layer history", "预计": "expected",
    "尚无层级记录：层级由年度数据、资质和孵化记录计算得出。": "No layer history yet: layers are computed from yearly figures, certificates and incubation records.",
    "变更记录": "Change log", "操作人": "By", "操作": "Action", "记录": "Record", "变更内容": "Changes",
    "尚无变更记录。": "No changes recorded yet.", "登记企业": "Register an enterprise", "筛选": "Filter",
    "至 {end}": "until {end}", "至今": "until now", "（待补数据）": " (needs data)", "{kind}：{source} → {target}": "{kind}: {source} → {target}",
    "已登记企业“{name}”": "Registered \u201c{name}\u201d", "已保存企业“{name}”": "Saved \u201c{name}\u201d",
    "修改企业信息": "Edit enterprise", "已删除企业“{name}”": "Deleted \u201c{name}\u201d", "年度数据 {n} 条": "{n} sets of yearly figures",
    "资质证书 {n} 项": "{n} certificates", "修改 {year} 年度数据": "Edit figures for {year}",
    "已保存 {year} 年度数据": "Saved the figures for {year}", "已删除 {year} 年度数据": "Deleted the figures for {year}",
    "{name} {year} 年度数据": "{name}, figures for {year}", "修改资质证书": "Edit certificate",
    "已保存资质“{kind}”": "Saved \u201c{kind}\u201d", "已删除资质“{what}”": "Deleted \u201c{what}\u201d",
    "已指派科技管家 {butler}": "Assigned tech butler {butler}",
    # forest
    "微成长": "Sprout", "小升高": "Rise", "高壮大": "Grow", "大变强": "Strengthen", "回落": "Regress",
    "林中全部（种子至乔木）": "Whole forest (seed to tree)", "截至日期": "As of", "地图显示": "Map shows",
    "日期格式应为 YYYY-MM-DD，例如 2025-06-30。": "Write the date as YYYY-MM-DD, e.g. 2025-06-30.",
    "年度应为四位数字，例如 2025。": "Write the year as four digits, e.g. 2025.", "成长路径": "Moves", "全部": "All",
    "截至日期不能早于 {year} 年。": "The as-of date cannot be before {year}.", "年度须在 {first} 至 {last} 之间。": "The year must lie between {first} and {last}.",
    "团队": "Team", "起始日期": "Starts on", "截止日期（不含）": "Ends on (exclusive)", "待补数据": "Needs data",
    "规则版本": "Rulebook version", "层级区间": "Layer span", "日期": "Date", "原层级": "From layer", "新层级": "To layer", "原因": "Reason",
    "截至 %(as_of)s，共 %(total)s 家机构；层级按规则第 %(version)s 版由记录计算。": "As of %(as_of)s: %(total)s organisations; layers computed from the records by rulebook version %(version)s.",
    "其中 %(n)s 家待补数据": "%(n)s of them need data", "查看": "Show", "输入有误，已按默认值显示：": "Some input was wrong; defaults are shown:",
    "各层级数量": "Organisations by layer", "%(year)s 年层级流动": "Layer flows in %(year)s",
    "左：%(year)s 年 1 月 1 日的层级；右：12 月 31 日的层级。": "Left: layer on 1 January %(year)s; right: layer on 31 December.",
    "本年度没有流动数据": "No flows this year", "层级流动桑基图": "Sankey chart of layer flows", "县区分布": "By district",
    "晋中市各县区地图": "Map of Jinzhong's districts", "各县区层级分布（截至 %(as_of)s）": "Layers by district (as of %(as_of)s)",
    "合计": "Total", "%(year)s 年成长路径": "Moves in %(year)s", "层级变化": "Layer change",
    "第 %(number)s / %(pages)s 页，共 %(total)s 条": "Page %(number)s of %(pages)s, %(total)s in all",
    "本年度没有成长路径记录。": "No moves recorded this year.", "新进入": "New",
    # incubator
    "孵化团队": "Incubated teams", "团队/项目名称": "Team or project", "负责人": "Leader", "依托单位": "Host institution",
    "组建日期": "Formed on", "注册成立日期": "Incorporated on", "入驻记录": "Tenancy", "片区": "Zone", "入驻团队": "Tenant team",
    "入驻日期": "Entered on", "迁出日期": "Left on", "孵化型": "Incubation", "初创型": "Start-up", "成长型": "Growth",
    "在谈": "Negotiating", "拟入驻": "About to enter", "已入驻": "Resident", "已迁出": "Left",
    "该孵化载体已有名为“{name}”的片区": "This incubator already has a zone named \u201c{name}\u201d",
    "入驻企业与入驻团队二选一": "Give either a tenant enterprise or a tenant team",
    "入驻主体须为企业或团队之一": "The tenant must be either an enterprise or a team", "注册成立的企业": "Incorporated as",
    "已关联企业的团队须填写注册成立日期": "A team linked to an enterprise needs its incorporation date", "入驻企业": "Tenant enterprise",
    "已入驻或已迁出的须填写入驻日期": "A resident or departed tenant needs its entry date",
    "迁出日期不能早于入驻日期": "The leaving date cannot be earlier than the entry date",
    "片区不属于该孵化载体": "The zone does not belong to this incubator",
    "该孵化载体仍有入驻记录，请先删除入驻记录": "This incubator still has tenancies: delete them first",
    "该片区仍有入驻记录，请先修改或删除入驻记录": "This zone still has tenancies: change or delete them first",
    "该团队仍有关联记录，无法删除": "This team still has linked records and cannot be deleted",
    "无法删除该入驻记录": "This tenancy cannot be deleted", "新增孵化载体": "Add an incubator",
    "您的数据范围内还没有孵化载体。": "There is no incubator in your data scope yet.", "新增片区": "Add a zone", "尚无片区。": "No zones yet.",
    "入驻主体": "Tenants", "新增入驻记录": "Add a tenancy", "尚无入驻记录。": "No tenancies yet.", "新增孵化团队": "Add a team",
    "您的数据范围内还没有孵化团队。": "There is no incubated team in your data scope yet.", "已保存“{name}”": "Saved \u201c{name}\u201d",
    "已删除“{what}”": "Deleted \u201c{what}\u201d", "修改孵化载体": "Edit incubator", "修改片区": "Edit zone",
    "修改孵化团队": "Edit team", "修改入驻记录": "Edit tenancy",
    # layout
    "无权访问": "Access denied", "您的账号没有执行此操作的权限。如需开通，请联系市科技局系统管理员。": "Your account may not do this. Ask the city bureau's system administrator for access.",
    "返回首页": "Back to home", "页面不存在": "Page not found", "找不到您要访问的页面，或该记录不在您的数据范围内。": "The page does not exist, or the record is outside your data scope.",
    "主导航": "Main navigation", "晋中市科学技术局 · 雨林创新生态平台": "Jinzhong Science and Technology Bureau · Rainforest innovation platform",
    "确认删除": "Confirm deletion", "确定要删除“%(what)s”吗？": "Delete \u201c%(what)s\u201d?", "删除操作会记入变更记录。": "The deletion is kept in the change log.",
    "取消": "Cancel", "保存": "Save", "创新雨林概览": "The forest at a glance",
    "截至 %(day)s，按层级规则 %(version)s 计算，仅含您数据范围内的主体。": "As of %(day)s, by rulebook %(version)s, within your data scope.",
    "在林主体": "In the forest", "常用入口": "Shortcuts", "登录雨林创新生态平台": "Sign in to Rainforest",
}  # fmt: skip


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fill(po_path: Path) -> tuple[int, int]:
    """Fill empty msgstr entries of `po_path` from the tables above; returns (filled, still empty)."""
    blocks = po_path.read_text(encoding="utf-8").split("\n\n")
    blocks[0] = blocks[0].replace("#, fuzzy\n", "").replace("Language: \\n", "Language: en\\n")
    filled = missing = 0
    for index, block in enumerate(blocks[1:], start=1):
        match = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        if not match:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"')
        block = block.replace("#, fuzzy\n", "")
        if "msgid_plural" in block and msgid in PLURALS:
            one, many = PLURALS[msgid]
            block = re.sub(r'msgstr\[0\] ".*"', "msgstr[0] " + _quote(one), block)
            block = re.sub(r'msgstr\[1\] ".*"', "msgstr[1] " + _quote(many), block)
            filled += 1
        elif msgid in EN and re.search(r'^msgstr ""$', block, re.M) and block.rstrip().endswith('msgstr ""'):
            block = block.rstrip()[: -len('msgstr ""')] + "msgstr " + _quote(EN[msgid])
            filled += 1
        elif block.rstrip().endswith('msgstr ""') or 'msgstr[0] ""' in block:
            missing += 1
        blocks[index] = block
    po_path.write_text("\n\n".join(blocks), encoding="utf-8")
    return filled, missing


if __name__ == "__main__":
    path = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "en" / "LC_MESSAGES" / "django.po"
    )
    filled, missing = fill(path)
    print(f"filled {filled}, untranslated {missing}")
