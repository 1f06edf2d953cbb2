from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    """Registrations, certificates and designations an enterprise can hold."""

    TECH_SME = "tech_sme", _("科技型中小企业入库登记")
    HNTE = "hnte", _("高新技术企业证书")
    INNOVATIVE_SME = "innovative_sme", _("创新型中小企业")
    TECH_AND_INNOVATIVE_SME = "tech_and_innovative_sme", _("科技和创新型中小企业（2026）")
    SPECIALISED_SME = "specialised_sme", _("专精特新中小企业")
    LITTLE_GIANT = "little_giant", _("专精特新“小巨人”")
    LONGTOU = "longtou", _("龙头企业认定")
    TECH_LEADER = "tech_leader", _("科技领军企业认定")


# Validity in years from the issue date where a kind has a fixed term. The tech-SME
# registration is valid for its registration year (to 31 December), handled in `default_expiry`.
VALIDITY_YEARS = {
    CertificateKind.HNTE: 3,
    CertificateKind.INNOVATIVE_SME: 3,
    CertificateKind.TECH_AND_INNOVATIVE_SME: 3,
    CertificateKind.SPECIALISED_SME: 3,
    CertificateKind.LITTLE_GIANT: 3,
}


class IntellectualPropertyKind(models.TextChoices):
    """Kinds of intellectual property an enterprise holds, as the high-tech enterprise recognition rules
    name them."""

    INVENTION = "invention", _("发明专利")
    UTILITY_MODEL = "utility_model", _("实用新型专利")
    DESIGN = "design", _("外观设计专利")
    SOFTWARE = "software", _("软件著作权")
    IC_LAYOUT = "ic_layout", _("集成电路布图设计专有权")
    PLANT_VARIETY = "plant_variety", _("植物新品种")
    CROP_VARIETY = "crop_variety", _("国家级农作物品种")
    NEW_DRUG = "new_drug", _("国家新药")
    PROTECTED_TCM = "protected_tcm", _("国家一级中药保护品种")


# Class I (Ⅰ类) under the high-tech recognition rules; the other kinds are Class II.
CLASS_ONE_KINDS = frozenset(
    {
        IntellectualPropertyKind.INVENTION,
        IntellectualPropertyKind.IC_LAYOUT,
        IntellectualPropertyKind.PLANT_VARIETY,
        IntellectualPropertyKind.CROP_VARIETY,
        IntellectualPropertyKind.NEW_DRUG,
        IntellectualPropertyKind.PROTECTED_TCM,
    }
)
