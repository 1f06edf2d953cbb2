from django.urls import path

from rainforest.enterprises.views import assignments, certificates, enterprises, figures

app_name = "enterprises"
urlpatterns = [
    path("", enterprises.enterprise_list, name="list"),
    path("new/", enterprises.enterprise_create, name="create"),
    path("<str:credit_code>/", enterprises.enterprise_detail, name="detail"),
    path("<str:credit_code>/edit/", enterprises.enterprise_edit, name="edit"),
    path("<str:credit_code>/delete/", enterprises.enterprise_delete, name="delete"),
    path("<str:credit_code>/figures/new/", figures.figures_edit, name="figures_create"),
    path("<str:credit_code>/figures/<int:year>/edit/", figures.figures_edit, name="figures_edit"),
    path("<str:credit_code>/figures/<int:year>/delete/", figures.figures_delete, name="figures_delete"),
    path("<str:credit_code>/certificates/new/", certificates.certificate_edit, name="certificate_create"),
    path(
        "<str:credit_code>/certificates/<int:pk>/edit/",
        certificates.certificate_edit,
        name="certificate_edit",
    ),
    path(
        "<str:credit_code>/certificates/<int:pk>/delete/",
        certificates.certificate_delete,
        name="certificate_delete",
    ),
    path("<str:credit_code>/butlers/new/", assignments.assignment_create, name="assignment_create"),
]
