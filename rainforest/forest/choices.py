from django.db import models
from django.utils.translation import gettext_lazy as _


class LayerChoice(models.IntegerChoices):
    NONE = 0, _("未入林")
    SEED = 1, _("种子")
    HERB = 2, _("草本")
    SHRUB = 3, _("灌木")
    TREE = 4, _("乔木")


LAYER_CODES = {"none": 0, "seed": 1, "herb": 2, "shrub": 3, "tree": 4}
CODE_OF_LAYER = {value: code for code, value in LAYER_CODES.items()}


class MoveKind(models.TextChoices):
    SPROUT = "sprout", _("微成长")
    RISE = "rise", _("小升高")
    GROW = "grow", _("高壮大")
    STRENGTHEN = "strengthen", _("大变强")
    REGRESS = "regress", _("回落")
