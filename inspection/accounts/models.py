"""Users and their roles.

A user holds one role. Office staff, leadership and API clients read across the office;
officials are bound to a receiving body and unit liaisons to a target unit (both are
`tours.Unit` rows); group roles (leader, deputy, member, liaison) come from membership in
an inspection group, recorded in the tours app.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("巡视办工作人员")
    LEADERSHIP = "leadership", _("领导小组")
    GROUP = "group", _("巡视组成员")
    OFFICIAL = "official", _("纪检监察/组织部门人员")
    LIAISON = "liaison", _("被巡视单位联络员")
    API_CLIENT = "api_client", _("接口客户端")


# Roles that read everything of the office (reporters' identities excepted).
OFFICE_WIDE_ROLES = frozenset({Role.OFFICE, Role.LEADERSHIP, Role.API_CLIENT})


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    role = models.CharField(
        _("角色"), max_length=20, choices=Role.choices, default=Role.GROUP, db_index=True
    )
    unit = models.ForeignKey(
        "tours.Unit",
        verbose_name=_("所属单位"),
        help_text=_("纪检监察/组织部门人员所在的受理机关，或联络员所在的被巡视单位。"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        help_text=_("逾期提醒升级时通知的人。"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return str(self)

    @property
    def sees_office_wide(self) -> bool:
        """Office staff, leadership and API clients read the whole office's cases."""
        return self.is_active and (self.is_superuser or self.role in OFFICE_WIDE_ROLES)

    @property
    def is_office_staff(self) -> bool:
        """May act on the office's behalf (plan, approve, verify)."""
        return self.is_active and (self.is_superuser or self.role == Role.OFFICE)

    @property
    def is_official(self) -> bool:
        return self.is_active and self.role == Role.OFFICIAL and self.unit_id is not None

    @property
    def is_liaison(self) -> bool:
        return self.is_active and self.role == Role.LIAISON and self.unit_id is not None
