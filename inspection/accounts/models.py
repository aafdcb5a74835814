"""Users and their roles.

A user holds one role. Office staff, leadership and API clients read across the office;
officials are bound to a receiving body and unit liaisons to a target unit (both are
`tours.Unit` rows); group roles (leader, deputy, member, liaison) come from membership in
an inspection group, recorded in the tours app.
"""

import datetime
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspection.audit.registry import audited
from inspection.scoping import ScopedQuerySet


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
    def reads_audit_history(self) -> bool:
        """Change histories name the inspection staff who drafted and reviewed each case:
        they stay inside the office and the groups, never with units or receiving bodies."""
        return self.sees_office_wide or self.is_group_role

    @property
    def is_group_role(self) -> bool:
        """Works in inspection groups (the groups themselves come from tours.Member rows)."""
        return self.is_active and self.role == Role.GROUP

    @property
    def sees_petitions(self) -> bool:
        """Whether petition pages mean anything to this user: a unit never sees petitions."""
        return self.is_active and self.role != Role.LIAISON

    @property
    def is_liaison(self) -> bool:
        return self.is_active and self.role == Role.LIAISON and self.unit_id is not None


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        # A token is personal: nobody, office staff included, sees another user's tokens.
        if self._anonymous_or_inactive(user):
            return self.none()
        return self.filter(user=user)

    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def find(self, secret: str):
        """The usable token with this secret, or None.

        Only the SHA-256 of the secret is stored; the lookup compares hashes inside the
        database's unique index, so no secret is ever compared character by character here.
        """
        if not secret or len(secret) > 200:
            return None
        return self.usable().select_related("user").filter(key_hash=_hash_secret(secret)).first()


@audited(exclude_fields=("key_hash", "last_used_at"))
class ApiToken(models.Model):
    """A personal API token: it acts exactly as its user, with the same scope."""

    PREFIX = "ins_"

    user = models.ForeignKey(
        "accounts.User", verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("令牌开头"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    expires_at = models.DateTimeField(_("到期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_revoked")]

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user, name, expires_at=None):
        """Create a token; returns (token, secret). The secret is never stored or shown again."""
        secret = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            key_hash=_hash_secret(secret),
            hint=secret[: len(cls.PREFIX) + 4],
            expires_at=expires_at,
        )
        return token, secret

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    # Recording every request would turn each read into a write; a minute's precision is enough.
    LAST_USED_PRECISION = datetime.timedelta(minutes=1)

    def touch(self):
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= self.LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


@audited()
class SignInLockout(models.Model):
    """A burst of failed sign-ins that locked an account (or an account at one address).

    Written by `inspection.accounts.signin.record_lockout` when django-axes locks; the lock
    itself is axes' and ends by itself (`LOGIN_LOCKOUT_MINUTES`). Office staff see the list.
    """

    class Scope(models.TextChoices):
        ACCOUNT = "account", _("账号")
        ADDRESS = "address", _("账号在该地址")

    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_in_lockouts",
    )
    ip_address = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    scope = models.CharField(_("锁定范围"), max_length=10, choices=Scope.choices)
    failures = models.PositiveIntegerField(_("失败次数"))
    refused_attempts = models.PositiveIntegerField(_("锁定期间被拒次数"), default=0)
    user_agent = models.CharField(_("浏览器"), max_length=255, blank=True)
    locked_at = models.DateTimeField(_("锁定时间"), db_index=True)
    last_attempt_at = models.DateTimeField(_("最近尝试"))

    class Meta:
        verbose_name = _("登录锁定记录")
        verbose_name_plural = _("登录锁定记录")
        ordering = ["-locked_at", "-id"]

    def __str__(self):
        return f"{self.username} @ {self.ip_address or '-'} · {self.locked_at:%Y-%m-%d %H:%M}"
