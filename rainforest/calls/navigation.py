"""This app's menu: the 申报 section with the calls, the applications and what is pending (the lists of
calls and declarations as records follow from records.py)."""

from django.utils.translation import gettext_lazy as _

from rainforest.calls.models import Application, Call, Project
from rainforest.core import navigation

navigation.section("calls", _("项目申报"), 45)

navigation.add(navigation.Entry("calls", "calls:pending", _("待办事项"), order=10, model=Application))
navigation.add(navigation.Entry("calls", "calls:calls", _("申报通知"), order=20, model=Call))
navigation.add(navigation.Entry("calls", "calls:applications", _("申报管理"), order=30, model=Application))
navigation.add(navigation.Entry("calls", "calls:projects", _("立项项目"), order=35, model=Project))
