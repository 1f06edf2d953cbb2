"""URLs of every declared record type under /records/<name>/ (namespace `records`): `<name>_list`,
`<name>_create`, `<name>_detail`, `<name>_edit`, `<name>_delete`."""

from django.urls import URLPattern, path

from rainforest.core.records import views
from rainforest.core.records.declaration import Record, registered

app_name = "records"


def patterns_for(record: Record) -> list[URLPattern]:
    prefix, name = record.slug, record.name
    return [
        path(f"{prefix}/", views.list_view(record), name=f"{name}_list"),
        path(f"{prefix}/new/", views.create_view(record), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/", views.detail_view(record), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", views.edit_view(record), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", views.delete_view(record), name=f"{name}_delete"),
    ]


urlpatterns = [pattern for record in registered() for pattern in patterns_for(record)]
