"""The web app's entry in the header menu (rainforest.core.navigation): the home page."""

from rainforest.core import navigation

navigation.add(navigation.Entry("home", "home", navigation.SECTIONS["home"].label))
