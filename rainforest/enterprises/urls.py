from django.urls import path

from rainforest.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("<str:credit_code>/", views.enterprise_detail, name="detail"),
    path("<str:credit_code>/edit/", views.enterprise_edit, name="edit"),
    path("<str:credit_code>/delete/", views.enterprise_delete, name="delete"),
    path("<str:credit_code>/figures/new/", views.figures_edit, name="figures_create"),
    path("<str:credit_code>/figures/<int:year>/edit/", views.figures_edit, name="figures_edit"),
    path("<str:credit_code>/figures/<int:year>/delete/", views.figures_delete, name="figures_delete"),
    path("<str:credit_code>/certificates/new/", views.certificate_edit, name="certificate_create"),
    path("<str:credit_code>/certificates/<int:pk>/edit/", views.certificate_edit, name="certificate_edit"),
    path(
        "<str:credit_code>/certificates/<int:pk>/delete/", views.certificate_delete, name="certificate_delete"
    ),
    path("<str:credit_code>/butlers/new/", views.assignment_create, name="assignment_create"),
]
