from django.db import models
from django.utils.translation import gettext_lazy as _

from rainforest.core.choices import CODE_OF_LAYER, LAYER_CODES, LayerChoice

__all__ = ["CODE_OF_LAYER", "LAYER_CODES", "LayerChoice", "MoveKind"]


class MoveKind(models.TextChoices):
    SPROUT = "sprout", _("微成长")
    RISE = "rise", _("小升高")
    GROW = "grow", _("高壮大")
    STRENGTHEN = "strengthen", _("大变强")
    REGRESS = "regress", _("回落")
