"""English of the cultivation pool's kept probabilities (cultivation.KeptPool)."""

EN: dict[str, str] = {
    "概率模型版本": "Probability model version",
    "数据状态戳": "Data stamp",
    "测算时间": "Computed at",
    "候选企业数": "Candidates",
    "重算排队时间": "Refresh queued at",
    "培育库概率测算": "Kept pool probabilities",
}
