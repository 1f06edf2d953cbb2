from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    """Registrations, certificates and designations an enterprise can hold (DOMAIN.md §2-§3)."""

    TECH_SME = "tech_sme", _("科技型中小企业入库登记")
    HNTE = "hnte", _("高新技术企业证书")
    INNOVATIVE_SME = "innovative_sme", _("创新型中小企业")
    TECH_AND_INNOVATIVE_SME = "tech_and_innovative_sme", _("科技和创新型中小企业（2026）")
    SPECIALISED_SME = "specialised_sme", _("专精特新中小企业")
    LITTLE_GIANT = "little_giant", _("专精特新“小巨人”")
    LONGTOU = "longtou", _("龙头企业认定")
    TECH_LEADER = "tech_leader", _("科技领军企业认定")


# Validity in years from the issue date where a kind has a fixed term (DOMAIN.md §3). The tech-SME
# registration is valid for its registration year (to 31 December), handled in `default_expiry`.
VALIDITY_YEARS = {
    CertificateKind.HNTE: 3,
    CertificateKind.INNOVATIVE_SME: 3,
    CertificateKind.TECH_AND_INNOVATIVE_SME: 3,
    CertificateKind.SPECIALISED_SME: 3,
    CertificateKind.LITTLE_GIANT: 3,
}
