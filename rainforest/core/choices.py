from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("地级市")
    DISTRICT = "district", _("县级区划")


class TechField(models.TextChoices):
    """The 8 key high-tech fields (国家重点支持的高新技术领域, 国科发火〔2016〕32号 附件)."""

    ELECTRONIC_INFO = "electronic_info", _("电子信息")
    BIO_MEDICINE = "bio_medicine", _("生物与新医药")
    AEROSPACE = "aerospace", _("航空航天")
    NEW_MATERIALS = "new_materials", _("新材料")
    HITECH_SERVICES = "hitech_services", _("高技术服务")
    NEW_ENERGY = "new_energy", _("新能源与节能")
    RESOURCES_ENVIRONMENT = "resources_environment", _("资源与环境")
    ADVANCED_MANUFACTURING = "advanced_manufacturing", _("先进制造与自动化")


class OrganisationKind(models.TextChoices):
    CITY_BUREAU = "city_bureau", _("市科技局")
    DISTRICT_BUREAU = "district_bureau", _("县区/园区科技部门")
    UNIVERSITY = "university", _("高校院所")
    BANK = "bank", _("金融机构")
    ENTERPRISE = "enterprise", _("企业")
    PARK = "park", _("园区管委会")
    SERVICE = "service", _("服务机构")


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    DISABLED = "disabled", _("停用")


class DataScope(models.TextChoices):
    """What records a user sees (数据权限). A role has one by default; a user may be given another,
    within their organisation's region."""

    CITY = "city", _("全市")
    DISTRICT = "district", _("本机构所辖县区或园区")
    ASSIGNED = "assigned", _("分派给本人的企业")
    OWN = "own", _("本机构（本企业）")
    CUSTOM = "custom", _("自定义县区")


class Role(models.TextChoices):
    CITY_OFFICER = "city_officer", _("市局工作人员")
    DISTRICT_OFFICER = "district_officer", _("县区工作人员")
    BUTLER = "butler", _("科技管家")
    ENTERPRISE_USER = "enterprise_user", _("企业用户")
    UNIVERSITY_USER = "university_user", _("高校院所用户")
    BANK_USER = "bank_user", _("金融机构用户")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    # 三员分立 (separation of the three administrators): the system administrator manages accounts, the
    # security administrator watches the security audit and login locks, the audit administrator reviews
    # the audit trail. Neither of the last two sees business records.
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")
    EXPERT = "expert", _("评审专家")  # reviews: sits on panels, scores the applications of their panels


class AccessEventKind(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出")
    LOGIN_FAILED = "login_failed", _("登录失败")


class LayerChoice(models.IntegerChoices):
    """The forest's layers: stored by the forest app, filtered on by the registry below it."""

    NONE = 0, _("未入林")
    SEED = 1, _("种子")
    HERB = 2, _("草本")
    SHRUB = 3, _("灌木")
    TREE = 4, _("乔木")


LAYER_CODES = {"none": 0, "seed": 1, "herb": 2, "shrub": 3, "tree": 4}
CODE_OF_LAYER = {value: code for code, value in LAYER_CODES.items()}
