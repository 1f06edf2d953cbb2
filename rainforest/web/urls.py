from django.urls import path

from rainforest.accounts import views as accounts_views
from rainforest.web import changes, views

urlpatterns = [
    # Sign-in and sign-out are the identity controls' (rainforest.accounts: lockout, second factor, audit).
    path("login/", accounts_views.login_view, name="login"),
    path("logout/", accounts_views.logout_view, name="logout"),
    path("", views.home, name="home"),
    path("changes/", changes.change_list, name="changes"),
]
