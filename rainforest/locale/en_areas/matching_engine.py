"""English of the matching_engine area's Chinese strings (merged into translations_en.py's EN)."""

EN: dict[str, str] = {
    "成果需求匹配": "Achievement–demand matching",
    "企业": "Enterprise",
    "匹配": "Match",
    "匹配度": "Score",
    "匹配理由": "Why it matches",
    "排名": "Rank",
    "文本相近": "Similar wording",
    "查找": "Find",
    "清除": "Clear",
    "问题或技术描述": "Problem or technique",
    "例如：液压油缸用几个月就漏油": "e.g. our hydraulic cylinders start leaking oil after a few months",
    "用企业自己的话描述遇到的问题，或输入一项技术，查找能解决问题的科技成果或需要这项技术的企业需求。每条结果说明匹配的理由。": "Describe a problem in the firm's own words, or enter a technique, to find the achievements that solve it or the demands of the firms that need it. Each result says why it matches.",
    "没有找到您可查看的匹配结果。请换一种说法，或写出更具体的问题。": "No match you may see. Try other words, or describe the problem more precisely.",
    "请输入要匹配的问题或技术。": "Enter a problem or a technique to match.",
    "匹配的科技成果": "Matching achievements",
    "匹配的企业需求": "Matching demands",
    "查看全部匹配": "All matches",
    "暂无匹配的科技成果。": "No matching achievement yet.",
    "暂无匹配的企业需求。": "No matching demand yet.",
    "您的角色不能查看科技成果。": "Your role cannot view achievements.",
    "您的角色不能查看企业需求。": "Your role cannot view demands.",
    "需求匹配的成果": "Achievements for the demand",
    "成果匹配的需求": "Demands for the achievement",
    "返回需求": "Back to the demand",
    "返回成果": "Back to the achievement",
    "需要这项成果的企业": "Firms that need this achievement",
    "需要这项成果的企业：": "Firms that need this achievement: ",
    "最高匹配度": "best score",
    "“%(title)s”匹配的科技成果": "Achievements matching “%(title)s”",
    "“%(title)s”匹配的企业需求": "Demands matching “%(title)s”",
}  # fmt: skip

PLURALS: dict[str, tuple[str, str]] = {
    "共 %(n)s 条匹配结果": ("%(n)s match", "%(n)s matches"),
    "%(n)s 项需求": ("%(n)s demand", "%(n)s demands"),
}  # fmt: skip
