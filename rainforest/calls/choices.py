"""Choices of the calls app: the facts a firm declares, a call's level and status, the application's
workflow states and the types of a call's form fields."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeclaredFact(models.TextChoices):
    """Facts the registry does not hold, which an enterprise declares (signed, dated). The code is the name
    of the eligibility fact it supplies."""

    IS_SME = "is_sme", _("是否为中小企业")
    RESTRICTED_INDUSTRY = "restricted_industry", _("产品和服务是否属于禁止、限制和淘汰类")
    MAJOR_INCIDENT_12M = "major_incident_12m", _("近一年有无重大安全质量事故或严重环境违法行为")
    MAJOR_INCIDENT_TSME = (
        "major_incident_tsme",
        _("上年度至今有无重大安全质量事故、严重环境违法或科研严重失信行为"),
    )
    MAJOR_INCIDENT_3Y = "major_incident_3y", _("近三年有无重大安全质量事故或严重环境违法行为")
    DISHONEST_LISTED = "dishonest_listed", _("是否列入经营异常名录或严重违法失信名单")
    OWNS_CORE_IP = "owns_core_ip", _("是否拥有核心自主知识产权")
    NATIONAL_AWARD_TOP3_5Y = "national_award_top3_5y", _("近五年是否获国家级科技奖励（排名前三）")
    PROVINCIAL_RD_INSTITUTION = "provincial_rd_institution", _("是否拥有省级以上研发机构")
    RD_INSTITUTION_LEVEL = "rd_institution_level", _("研发机构级别")
    LED_STANDARD_5Y = "led_standard_5y", _("近五年是否主导制定标准")
    STRATEGIC_EMERGING_FIELD = "strategic_emerging_field", _("是否属于战略性新兴产业")
    OWN_BRAND = "own_brand", _("是否拥有直接面向市场的自主品牌")
    INFORMATION_SYSTEM = "information_system", _("是否具备相应的信息系统支撑")
    MANAGEMENT_CERTIFICATION = "management_certification", _("是否取得管理体系或产品认证")


class InstitutionLevel(models.TextChoices):
    NONE = "none", _("无研发机构")
    BELOW_CITY = "below_city", _("市级以下")
    CITY = "city", _("市级")
    PROVINCIAL = "provincial", _("省级（含省部级）")
    NATIONAL = "national", _("国家级")


class DeclaredValue(models.TextChoices):
    """The answer of a yes/no declaration (a level declaration takes an `InstitutionLevel` code)."""

    YES = "true", _("是")
    NO = "false", _("否")


class Level(models.TextChoices):
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级（经市推荐）")


class CallStatus(models.TextChoices):
    """Derived from the dates and the decisions, never stored."""

    DRAFT = "draft", _("未开放")
    OPEN = "open", _("申报中")
    REVIEWING = "reviewing", _("评审中")
    DECIDED = "decided", _("已决定")


class FieldType(models.TextChoices):
    TEXT = "text", _("文本")
    INTEGER = "integer", _("整数")
    DECIMAL = "decimal", _("数值")
    MONEY = "money", _("金额（万元）")
    DATE = "date", _("日期")
    BOOLEAN = "boolean", _("是/否")
    CHOICE = "choice", _("选项")


class State(models.TextChoices):
    """The application's workflow (django-fsm-2 on `Application.status`; docs/calls.md)."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待县区审核")
    RETURNED = "returned", _("退回修改")
    DISTRICT_REJECTED = "district_rejected", _("县区审核未通过")
    DISTRICT_PASSED = "district_passed", _("县区审核通过，待形式审查")
    FORMAL_REJECTED = "formal_rejected", _("形式审查未通过")
    EXPERT_REVIEW = "expert_review", _("专家评审中")
    RANKED = "ranked", _("已排名")
    PUBLICITY = "publicity", _("公示中")
    PUBLICITY_CLOSED = "publicity_closed", _("公示结束，异议已处理")
    APPROVED = "approved", _("批准")
    RECOMMENDED = "recommended", _("已推荐上报")
    NOT_APPROVED = "not_approved", _("未获批准")
    PROJECT = "project", _("已立项")
    WITHDRAWN = "withdrawn", _("已撤回")


# Where each state sits in the funnel (pending pages, the per-call funnel and the call's status).
OPEN_STATES = frozenset({State.DRAFT, State.RETURNED})
ENDED_STATES = frozenset(
    {
        State.DISTRICT_REJECTED,
        State.FORMAL_REJECTED,
        State.APPROVED,
        State.RECOMMENDED,
        State.NOT_APPROVED,
        State.PROJECT,
        State.WITHDRAWN,
    }
)
DECIDED_STATES = frozenset({State.APPROVED, State.RECOMMENDED, State.NOT_APPROVED, State.PROJECT})
SUCCESS_STATES = frozenset({State.APPROVED, State.RECOMMENDED, State.PROJECT})
