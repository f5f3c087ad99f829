"""Complaints: staff pages under /complaints/."""

from django.urls import URLPattern, URLResolver, path

from saphan.complaints.views import cases, inspections, privacy, reference

urlpatterns: list[URLPattern | URLResolver] = [
    path("", cases.complaint_list, name="complaint-list"),
    path("export/", cases.complaint_export, name="complaint-export"),
    path("new/", cases.complaint_create, name="complaint-create"),
    path("dashboard/", cases.dashboard, name="complaint-dashboard"),
    path("dashboard/export/", cases.dashboard_export, name="complaint-dashboard-export"),
    path("photos/<int:pk>/", cases.photo_view, name="complaint-photo"),
    path("photos/<int:pk>/public/", cases.photo_public, name="complaint-photo-public"),
    path("inspections/", inspections.inspection_list, name="inspection-list"),
    path("inspections/new/", inspections.inspection_create, name="inspection-create"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection-detail"),
    path("inspections/<int:pk>/measurements/", inspections.measurement_add, name="measurement-add"),
    path(
        "measurements/<int:pk>/delete/", inspections.measurement_delete, name="measurement-delete"
    ),
    path("orders/", inspections.order_list, name="order-list"),
    path("orders/new/", inspections.order_create, name="order-create"),
    path("orders/<int:pk>/", inspections.order_detail, name="order-detail"),
    path("orders/<int:pk>/close/", inspections.order_close, name="order-close"),
    path("standards/", inspections.standard_list, name="standard-list"),
    path("standards/new/", inspections.standard_edit, name="standard-create"),
    path("standards/<int:pk>/", inspections.standard_edit, name="standard-edit"),
    path("explainers/", reference.explainer_admin_list, name="explainer-admin-list"),
    path("explainers/new/", reference.explainer_edit, name="explainer-create"),
    path("explainers/<int:pk>/", reference.explainer_edit, name="explainer-edit"),
    path("templates/", reference.template_list, name="template-list"),
    path("templates/new/", reference.template_edit, name="template-create"),
    path("templates/<int:pk>/", reference.template_edit, name="template-edit"),
    path("holidays/", reference.holiday_list, name="holiday-list"),
    path("holidays/seed/", reference.holiday_seed, name="holiday-seed"),
    path("holidays/<int:pk>/delete/", reference.holiday_delete, name="holiday-delete"),
    path("privacy/", privacy.privacy_home, name="complaint-privacy-home"),
    path("privacy/requests/<int:pk>/", privacy.request_complete, name="complaint-request-complete"),
    path("privacy/anonymise/", privacy.anonymise, name="complaint-anonymise"),
    path("<str:code>/", cases.complaint_detail, name="complaint-detail"),
    path("<str:code>/identity/", cases.complaint_identity, name="complaint-identity"),
    path("<str:code>/template/", cases.template_text, name="complaint-template"),
    path("<str:code>/do/<str:action>/", cases.complaint_action, name="complaint-action"),
]
