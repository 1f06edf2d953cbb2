"""English of the home page's desk for university and bank users (merged into translations_en.py's EN)."""

EN: dict[str, str] = {
    "本单位在平台上的记录": "Your institution's records on the platform",
    "本行在平台上的记录": "Your bank's records on the platform",
    "企业库、创新雨林等页面只列出本单位数据范围内的企业；如需更大的数据范围，请联系市科技局。": "The registry, the forest and similar pages list only the enterprises within your institution's data scope; for a wider scope, contact the city bureau.",
    "本单位的科技成果": "Our achievements",
    "本单位参与的技术合同": "Technology contracts we are a party to",
    "本单位的科研团队": "Our research teams",
    "本单位的重点学科": "Our key disciplines",
    "本单位的创新平台": "Our innovation platforms",
    "高校院所摸底": "University census",
    "成果与需求匹配检索": "Search achievements and demands",
    "本行发放的科技贷款": "Tech loans we granted",
    "推送给本行的融资需求": "Financing demands shared with us",
    "本行参加的银企对接会": "Bank–enterprise events we attended",
    "本行的金融产品": "Our financial products",
    "科技金融概况": "Sci-tech finance summary",
}  # fmt: skip

EN.update(
    {
        "平台载体": "Platforms & parks",
        "企业“{name}”仍被以下记录引用，不能删除：{kinds}。请先处理这些记录。": "The enterprise “{name}” is still named by these records and cannot be deleted: {kinds}. Deal with those records first.",
        "“{label}”{reason}": "“{label}” {reason}",
        "年利率（%%）": "Annual rate (%%)",
        "%": "%",
    }
)
