"""Pages of the reviews app under /reviews/ (namespace `reviews`)."""

from django.urls import path

from rainforest.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.panel_list, name="panels"),
    path("sheets/", views.my_sheets, name="sheets"),
    path("sheets/<int:pk>/", views.sheet_form, name="sheet"),
    path("<slug:code>/", views.panel_detail, name="panel"),
    path("<slug:code>/draw/", views.panel_draw, name="draw"),
    path("<slug:code>/close/", views.panel_close, name="close"),
    path("<slug:code>/template/", views.sheet_template, name="template"),
    path("<slug:code>/import/", views.sheet_import, name="import"),
]
