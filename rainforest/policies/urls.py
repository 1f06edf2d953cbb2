from django.urls import path

from rainforest.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="list"),
    path("new/", views.policy_create, name="create"),
    path("mine/", views.my_policies, name="mine"),
    path("enterprise/<str:credit_code>/", views.enterprise_policies, name="enterprise"),
    path("<str:code>/", views.policy_detail, name="detail"),
    path("<str:code>/edit/", views.policy_edit, name="edit"),
    path("<str:code>/delete/", views.policy_delete, name="delete"),
    path("<str:code>/enterprises/", views.policy_push, name="push"),
    path("<str:code>/enterprises.xlsx", views.policy_push_export, name="push_export"),
]
