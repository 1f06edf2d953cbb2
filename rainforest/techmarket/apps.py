from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class TechmarketConfig(AppConfig):
    name = "rainforest.techmarket"
    label = "techmarket"
    verbose_name = _("技术市场")

    def ready(self) -> None:
        from rainforest.techmarket.models import Contract
        from rainforest.techmarket.signals import log_submission

        post_save.connect(log_submission, sender=Contract, dispatch_uid="techmarket.log_submission")
