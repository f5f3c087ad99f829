"""Registry URLs."""

from django.urls import path

from saphan.registry import views, views_import

urlpatterns = [
    path("", views.establishment_list, name="establishment-list"),
    path("new/", views.establishment_create, name="establishment-create"),
    path("map/", views.establishment_map, name="establishment-map"),
    path("export/", views.establishment_export, name="establishment-export"),
    path("quality/", views.quality_worklist, name="quality-worklist"),
    path("import/", views_import.import_list, name="import-list"),
    path("import/<int:pk>/", views_import.import_detail, name="import-detail"),
    path("import/<int:pk>/mapping/", views_import.import_mapping, name="import-mapping"),
    path(
        "import/<int:pk>/rejected.<str:fmt>",
        views_import.import_rejections,
        name="import-rejections",
    ),
    path("quality/scan/", views.quality_scan_start, name="quality-scan"),
    path("map/points/", views.establishment_map_points, name="establishment-map-points"),
    path("<int:pk>/", views.establishment_detail, name="establishment-detail"),
    path("<int:pk>/edit/", views.establishment_edit, name="establishment-edit"),
    path("<int:pk>/verify/", views.establishment_verify, name="establishment-verify"),
    path("<int:pk>/merge/", views.establishment_merge, name="establishment-merge"),
    path("<int:pk>/contacts/", views.contact_add, name="contact-add"),
    path("<int:pk>/representatives/", views.representative_add, name="representative-add"),
    path(
        "<int:pk>/representatives/<int:rep>/remove/",
        views.representative_remove,
        name="representative-remove",
    ),
]
