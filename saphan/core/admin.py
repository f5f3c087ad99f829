"""Django admin, open to administrators only (an administrator role in any office, or superuser)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saphan.core.models import ApiToken, Job, Membership, Office, Role, User
from saphan.core.scoping import Action, scope_for
from saphan.core.selectors import job_list_for_user


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


def covers_all(request: HttpRequest) -> bool:
    """An administrator for the whole country (or a superuser)."""
    return request.user.is_superuser or scope_for(request.user).covers_all(Action.ADMINISTER)


def administrable_offices(request: HttpRequest) -> QuerySet[Office]:
    """The offices the person administers (the apps' admins cut their rows to these)."""
    return scope_for(request.user).filter_offices(Office.objects.all(), Action.ADMINISTER)


class AdministratorsOnly(admin.ModelAdmin):
    """Model permissions follow the administrator role, not Django's per-model permissions;
    what an administrator sees is cut to their scope like everywhere else."""

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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        # A provincial administrator sees and edits only memberships of offices they administer.
        return super().get_queryset(request).filter(office__in=administrable_offices(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "office":
            kwargs["queryset"] = administrable_offices(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Office]:
        return administrable_offices(request)

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> Any:
        # The provinces an office covers are its scope: only nation-wide administrators change them.
        return () if covers_all(request) else ("code", "kind", "provinces")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return covers_all(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return covers_all(request)


@admin.register(User, site=admin_site)
class PersonAdmin(AdministratorsOnly, UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "kind", "is_active")
    list_filter = ("kind", "is_active", "memberships__office__kind")
    inlines = (MembershipInline,)
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        (_("Saphan"), {"fields": ("kind", "preferred_language")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        people = super().get_queryset(request)
        if covers_all(request):
            return people
        return people.filter(memberships__office__in=administrable_offices(request)).distinct()

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        # Superuser, staff, groups and Django permissions are not Saphan's roles: hidden, so no
        # administrator can raise anyone (themselves included) above their own scope.
        return [
            (name, {**opts, "fields": tuple(f for f in opts["fields"] if f not in _DJANGO_RIGHTS)})
            for name, opts in fieldsets
        ]


_DJANGO_RIGHTS = {"is_superuser", "is_staff", "groups", "user_permissions"}


@admin.register(Job, site=admin_site)
class JobAdmin(AdministratorsOnly):
    list_display = ("kind", "state", "done", "total", "created_by", "created_at")
    list_filter = ("state", "kind")
    readonly_fields = tuple(f.name for f in Job._meta.fields)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Job]:
        return job_list_for_user(request.user)


@admin.register(ApiToken, site=admin_site)
class ApiTokenAdmin(AdministratorsOnly):
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        tokens = super().get_queryset(request).select_related("user")
        if covers_all(request):
            return tokens
        return tokens.filter(
            user__memberships__office__in=administrable_offices(request)
        ).distinct()
