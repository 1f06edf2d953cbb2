"""This app's menu entries in the 项目申报 section: an expert's score sheets and the panels (the lists of
experts and conflicts as records follow from records.py)."""

from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation
from rainforest.core.choices import Role
from rainforest.core.policy import role_of
from rainforest.reviews.models import Panel

navigation.add(
    navigation.Entry(
        "calls", "reviews:sheets", _("我的评分"), order=15, visible=lambda user: role_of(user) is Role.EXPERT
    )
)
navigation.add(navigation.Entry("calls", "reviews:panels", _("专家评审"), order=50, model=Panel))
