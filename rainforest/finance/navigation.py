"""This app's pages in the header menu (rainforest.core.navigation): the summary and the funnel, in the
finance section the record types also fill (declared in records.py)."""

from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation
from rainforest.finance import records  # noqa: F401  (declares the section)
from rainforest.finance.models import Loan

navigation.add(
    navigation.Entry(
        "finance",
        "finance:summary",
        _("科技金融概况"),
        namespace="finance",
        model=Loan,
        order=1,
        url_name_prefix="summary",
    )
)
navigation.add(
    navigation.Entry(
        "finance",
        "finance:funnel",
        _("对接漏斗"),
        namespace="finance",
        model=Loan,
        order=2,
        url_name_prefix="funnel",
    )
)
