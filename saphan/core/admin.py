"""Django admin, open to administrators only (an administrator role in any office, or superuser)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saphan.core.models import ApiToken, Job, Membership, Office, Role, User


class SaphanAdminSite(admin.AdminSite):
    site_header = _("Saphan administration")
    site_title = _("Saphan")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        if user.is_superuser:
            return True
        return Membership.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """One sign-in page for everyone (the admin's own requires Django's is_staff flag)."""
        if request.user.is_authenticated:
            raise PermissionDenied  # signed in, but not an administrator: no redirect loop
        return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("login"))


admin_site = SaphanAdminSite(name="admin")


class AdministratorsOnly(admin.ModelAdmin):
    """Model permissions follow the administrator role, not Django's per-model permissions."""

    def _is_admin(self, request: HttpRequest) -> bool:
        return admin_site.has_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._is_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._is_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._is_admin(request)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("office",)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return admin_site.has_permission(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


@admin.register(Office, site=admin_site)
class OfficeAdmin(AdministratorsOnly):
    list_display = ("code", "name_th", "name_en", "kind", "phone")
    list_filter = ("kind",)
    search_fields = ("code", "name_th", "name_en")
    filter_horizontal = ("provinces",)
    raw_id_fields = ("subdistrict",)


@admin.register(User, site=admin_site)
class PersonAdmin(AdministratorsOnly, UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "kind", "is_active")
    list_filter = ("kind", "is_active", "memberships__office__kind")
    inlines = (MembershipInline,)
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        (_("Saphan"), {"fields": ("kind", "preferred_language")}),
    )


@admin.register(Job, site=admin_site)
class JobAdmin(AdministratorsOnly):
    list_display = ("kind", "state", "done", "total", "created_by", "created_at")
    list_filter = ("state", "kind")
    readonly_fields = tuple(f.name for f in Job._meta.fields)


@admin.register(ApiToken, site=admin_site)
class ApiTokenAdmin(AdministratorsOnly):
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix")
