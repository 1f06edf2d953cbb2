"""The web app's entry in the header menu (rainforest.core.navigation): the home page."""

from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation
from rainforest.enterprises.models import Enterprise

navigation.add(navigation.Entry("home", "home", navigation.SECTIONS["home"].label))
# The change log across record types (rainforest/web/changes.py); each reader sees their own scope.
navigation.add(navigation.Entry("registry", "changes", _("变更记录"), order=90, model=Enterprise))
