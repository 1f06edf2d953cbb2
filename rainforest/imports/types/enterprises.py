"""Record types of the registry: enterprises, their yearly figures and their certificates."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rainforest.core.choices import TechField
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.imports import selectors
from rainforest.imports.base import Column, Kind, RecordType, choice_column

CREDIT_CODE_HINT = _("18位，全角字符和空格会自动转换；须通过 GB 32100 校验")
OWNER = Column(
    "credit_code",
    _("统一社会信用代码"),
    Kind.ENTERPRISE,
    CREDIT_CODE_HINT,
    required=True,
    attribute="enterprise",
)


def _own_scope(obj: Any) -> tuple[int | None, int | None]:
    return obj.district_id, obj.development_zone_id


def _owner_scope(obj: Any) -> tuple[int | None, int | None]:
    return obj.enterprise.district_id, obj.enterprise.development_zone_id


def _enterprise_rows(user: Any, params: dict[str, Any]) -> QuerySet[Enterprise]:
    return selectors.filtered_enterprises(user, params).order_by("credit_code")


def _year(params: dict[str, Any]) -> int | None:
    raw = str(params.get("year") or "").strip()
    return int(raw) if raw.isdigit() else None


def _figures_rows(user: Any, params: dict[str, Any]) -> QuerySet[YearlyFigures]:
    rows = YearlyFigures.objects.filter(
        enterprise__in=selectors.filtered_enterprises(user, params).values("pk")
    )
    year = _year(params)
    if year:
        rows = rows.filter(year=year)
    return rows.select_related("enterprise").order_by("enterprise__credit_code", "year")


def _certificate_rows(user: Any, params: dict[str, Any]) -> QuerySet[Certificate]:
    rows = Certificate.objects.filter(
        enterprise__in=selectors.filtered_enterprises(user, params).values("pk")
    )
    kind = str(params.get("kind") or "")
    if kind in CertificateKind.values:
        rows = rows.filter(kind=kind)
    return rows.select_related("enterprise").order_by("enterprise__credit_code", "kind", "issued_on")


ENTERPRISE = RecordType(
    name="enterprise",
    label=_("企业"),
    description=_("按统一社会信用代码新增或更新企业；已登记的企业只更新文件中填写了的列。"),
    model=Enterprise,
    columns=(
        Column("credit_code", _("统一社会信用代码"), Kind.CREDIT_CODE, CREDIT_CODE_HINT, required=True),
        Column("name", _("企业名称"), required=True),
        Column(
            "district",
            _("所在县区"),
            Kind.DISTRICT,
            _("县区名称或6位区划代码，如 榆次区 或 140702"),
            required=True,
        ),
        Column(
            "development_zone", _("所在开发区"), Kind.DEVELOPMENT_ZONE, _("开发区全称或简称，须位于所在县区")
        ),
        Column("industry", _("国民经济行业门类"), Kind.INDUSTRY, _("GB/T 4754 门类代码 A-T 或名称，如 C")),
        choice_column("tech_field", _("技术领域"), TechField, hint=_("国家重点支持的高新技术领域之一")),
        Column("founded_on", _("成立日期"), Kind.DATE, _("如 2015-03-01，不能晚于今天"), required=True),
        Column("address", _("地址")),
        Column("resident_enterprise", _("境内注册居民企业"), Kind.BOOL, _("是/否，默认“是”")),
        Column("contact_name", _("联系人")),
        Column("contact_phone", _("联系电话")),
        Column("contact_email", _("联系邮箱")),
    ),
    key=("credit_code",),
    key_attributes=("credit_code",),
    scope_ids=_own_scope,
    export_queryset=_enterprise_rows,
    touches=lambda obj: ([obj.pk], ()),
    related=("district", "development_zone"),
)


def _money(name: str, label: Any, **kwargs: Any) -> Column:
    return Column(name, label, Kind.MONEY, **kwargs)


def _count(name: str, label: Any, hint: Any = "") -> Column:
    return Column(name, label, Kind.INT, hint or _("非负整数"))


YEARLY_FIGURES = RecordType(
    name="yearly_figures",
    label=_("年度数据"),
    description=_("每家企业每年一行，按统一社会信用代码和年度新增或更新；企业须已登记。"),
    model=YearlyFigures,
    columns=(
        OWNER,
        Column("year", _("年度"), Kind.INT, _("如 2024，不能晚于今年"), required=True),
        _count("employees", _("职工总数")),
        _count("tech_staff", _("科技人员数"), _("不能超过职工总数")),
        _count("rd_staff", _("研发人员数"), _("不能超过职工总数")),
        _money("sales_revenue", _("销售收入（元）")),
        _money("operating_revenue", _("营业收入（元）")),
        _money("main_business_revenue", _("主营业务收入（元）")),
        _money("total_income", _("收入总额（元）")),
        _money("hitech_income", _("高新技术产品（服务）收入（元）")),
        _money("total_assets", _("资产总额（元）")),
        _money("total_liabilities", _("负债总额（元）")),
        _money("net_assets", _("净资产（元）")),
        _money("net_profit", _("净利润（元）")),
        _money("cost_expense", _("成本费用支出总额（元）")),
        _money("rd_expense", _("研发费用（元）")),
        _money("rd_expense_domestic", _("境内研发费用（元）")),
        _count("ip_class1", _("Ⅰ类知识产权数")),
        _count("ip_class2", _("Ⅱ类知识产权数")),
        _count("conversions", _("科技成果转化数")),
        _money("equity_qualified", _("合格机构投资者实缴股权（元）")),
        _money("tax_paid_in_zone", _("在园区纳税额（元）")),
    ),
    key=("credit_code", "year"),
    key_attributes=("enterprise_id", "year"),
    scope_ids=_owner_scope,
    export_queryset=_figures_rows,
    touches=lambda obj: ([obj.enterprise_id], ()),
)

CERTIFICATE = RecordType(
    name="certificate",
    label=_("资质证书"),
    description=_("按统一社会信用代码、类别和发证日期新增或更新；有效期不填时按类别自动计算。"),
    model=Certificate,
    columns=(
        OWNER,
        choice_column("kind", _("类别"), CertificateKind, required=True),
        Column("issued_on", _("发证/生效日期"), Kind.DATE, _("不能晚于今天"), required=True),
        Column(
            "expires_on", _("有效期至（不含）"), Kind.DATE, _("不填时：高企等3年，科技型中小企业至当年年底")
        ),
        Column("number", _("证书/登记编号")),
        Column("year", _("年度"), Kind.INT, _("科技型中小企业为入库年度")),
        Column("revoked_on", _("撤销日期"), Kind.DATE),
        Column("issuer", _("发证机关")),
        Column("note", _("备注")),
    ),
    key=("credit_code", "kind", "issued_on"),
    key_attributes=("enterprise_id", "kind", "issued_on"),
    scope_ids=_owner_scope,
    export_queryset=_certificate_rows,
    touches=lambda obj: ([obj.enterprise_id], ()),
)
