"""This app's entries in the header menu (rainforest.core.navigation)."""

from rainforest.core import navigation
from rainforest.forest.models import LayerSpan

# shown to those who may read the forest (the page declares the same), not to the security and audit
# administrators, who read no business record (三员分立)
navigation.add(
    navigation.Entry(
        "forest", "forest:index", navigation.SECTIONS["forest"].label, namespace="forest", model=LayerSpan
    )
)
