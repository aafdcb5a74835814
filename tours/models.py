"""Terms, rounds, groups, the cadre pool, units and stations."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from inspection.audit.registry import audited
from inspection.scoping import ScopedQuerySet
from inspection.validation import TEXT_LIMITS, no_control_characters

# Every free-text field: a length limit and no control or invisible characters.
TEXT = [no_control_characters]


class UnitKind(models.TextChoices):
    # Target sectors (板块)
    LOCAL = "local", _("地方（市县党委）")
    DEPARTMENT = "department", _("省直部门")
    ENTERPRISE = "enterprise", _("国有企业")
    UNIVERSITY = "university", _("高校")
    TOWNSHIP = "township", _("乡镇街道")
    VILLAGE = "village", _("村社区")
    CENTRAL_ORGAN = "central_organ", _("中央和国家机关")
    # Receiving bodies
    DISCIPLINE = "discipline", _("纪委监委")
    ORGANISATION = "organisation", _("组织部")
    COMPETENT = "competent", _("其他主管部门")


RECEIVING_BODY_KINDS = frozenset({UnitKind.DISCIPLINE, UnitKind.ORGANISATION, UnitKind.COMPETENT})
TARGET_KINDS = frozenset(set(UnitKind) - RECEIVING_BODY_KINDS)


class UnitQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        # The registry of organisations is reference data for every signed-in user.
        if self._anonymous_or_inactive(user):
            return self.none()
        return self.all()

    def targets(self):
        return self.filter(kind__in=TARGET_KINDS)

    def receiving_bodies(self):
        return self.filter(kind__in=RECEIVING_BODY_KINDS)


@audited()
class Unit(models.Model):
    name = models.CharField(
        _("名称"), max_length=TEXT_LIMITS["title"], unique=True, validators=TEXT
    )
    kind = models.CharField(_("类别"), max_length=20, choices=UnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.CharField(_("地区"), max_length=100, blank=True, validators=TEXT)
    leader_name = models.CharField(
        _("主要负责人"), max_length=TEXT_LIMITS["name"], blank=True, validators=TEXT
    )
    leader_title = models.CharField(
        _("主要负责人职务"), max_length=100, blank=True, validators=TEXT
    )
    is_active = models.BooleanField(_("有效"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["region"], name="unit_region_idx"),
            models.Index(fields=["is_active", "kind"], name="unit_active_kind_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_receiving_body(self) -> bool:
        return self.kind in RECEIVING_BODY_KINDS


class TermLevel(models.TextChoices):
    CENTRAL = "central", _("中央")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    INTERNAL = "internal", _("单位内部")


class OfficeWideReadQuerySet(ScopedQuerySet):
    """Planning data: the office and leadership see all; group members their own round's."""

    def visible_to(self, user):
        if self._anonymous_or_inactive(user):
            return self.none()
        return self.all()


@audited(m2m_fields=("units",))
class Term(models.Model):
    committee = models.CharField(_("派出党委"), max_length=TEXT_LIMITS["title"], validators=TEXT)
    name = models.CharField(_("届次"), max_length=TEXT_LIMITS["name"], validators=TEXT)
    level = models.CharField(_("层级"), max_length=20, choices=TermLevel.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    units = models.ManyToManyField(
        Unit, verbose_name=_("应巡视单位"), blank=True, related_name="terms"
    )

    objects = OfficeWideReadQuerySet.as_manager()

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["level"], name="term_level_idx")]

    def __str__(self):
        return f"{self.committee}{self.name}"


class RoundKind(models.TextChoices):
    REGULAR = "regular", _("常规巡视")
    SPECIAL = "special", _("专项巡视")
    MOBILE = "mobile", _("机动巡视")
    LOOK_BACK = "look_back", _("巡视“回头看”")
    CROSS = "cross", _("交叉巡察")
    ELEVATED = "elevated", _("提级巡察")
    GUIDANCE = "guidance", _("指导督导")


@audited()
class Round(models.Model):
    term = models.ForeignKey(
        Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("轮次"))
    name = models.CharField(_("名称"), max_length=TEXT_LIMITS["title"], validators=TEXT)
    kind = models.CharField(
        _("巡视类型"),
        max_length=20,
        choices=RoundKind.choices,
        default=RoundKind.REGULAR,
        db_index=True,
    )
    mobilised_on = models.DateField(_("动员部署日期"), null=True, blank=True)
    focus = models.TextField(_("重点"), max_length=TEXT_LIMITS["text"], blank=True, validators=TEXT)
    # Batches (批) are numbered 1..batch_count; a station names its batch.
    batch_count = models.PositiveSmallIntegerField(_("批次数"), default=1)

    objects = OfficeWideReadQuerySet.as_manager()

    class Meta:
        verbose_name = _("轮")
        verbose_name_plural = _("轮")
        ordering = ["term", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="round_unique_number_in_term")
        ]

    def __str__(self):
        return self.name


class Expertise(models.TextChoices):
    DISCIPLINE = "discipline", _("纪检监察")
    ORGANISATION = "organisation", _("组织人事")
    FINANCE = "finance", _("财务")
    AUDIT = "audit", _("审计")
    OTHER = "other", _("其他")


class PersonQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if self._anonymous_or_inactive(user):
            return self.none()
        if user.sees_office_wide:
            return self.all()
        # Group members see the people of the groups they belong to.
        mine = Member.objects.filter(group__members__person__user=user, person=OuterRef("pk"))
        return self.filter(Q(user=user) | Exists(mine))


@audited()
class Person(models.Model):
    """Someone in the cadre pool (人才库) who may be sent on a tour."""

    name = models.CharField(_("姓名"), max_length=TEXT_LIMITS["name"], validators=TEXT)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    home_unit = models.ForeignKey(
        Unit,
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cadres",
    )
    title = models.CharField(_("职务"), max_length=100, blank=True, validators=TEXT)
    expertise = models.CharField(
        _("专长"), max_length=20, choices=Expertise.choices, default=Expertise.OTHER
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡视巡察干部")
        verbose_name_plural = _("巡视巡察人才库")
        ordering = ["name"]
        indexes = [models.Index(fields=["expertise"], name="person_expertise_idx")]

    def __str__(self):
        return self.name


class RelationKind(models.TextChoices):
    PAST_POST = "past_post", _("曾任职")
    KIN = "kin", _("亲属关系")
    OTHER = "other", _("其他利害关系")


@audited()
class DeclaredRelation(models.Model):
    """A relation a person declared with a unit; it bars them from inspecting it (回避)."""

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="relations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="declared_relations"
    )
    kind = models.CharField(_("关系类型"), max_length=20, choices=RelationKind.choices)
    note = models.CharField(_("说明"), max_length=TEXT_LIMITS["title"], blank=True, validators=TEXT)

    class Meta:
        verbose_name = _("回避关系")
        verbose_name_plural = _("回避关系")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit", "kind"], name="relation_unique_per_person_unit_kind"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.unit} · {self.get_kind_display()}"


class GroupQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if self._anonymous_or_inactive(user):
            return self.none()
        if user.sees_office_wide:
            return self.all()
        return self.filter(Exists(Member.objects.filter(group=OuterRef("pk"), person__user=user)))


@audited()
class InspectionGroup(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("轮"), on_delete=models.PROTECT, related_name="groups"
    )
    number = models.PositiveSmallIntegerField(_("组号"))
    name = models.CharField(
        _("名称"),
        max_length=TEXT_LIMITS["name"],
        help_text=_("例如“第三巡视组”"),
        validators=TEXT,
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡视组")
        verbose_name_plural = _("巡视组")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="group_unique_number_in_round")
        ]

    def __str__(self):
        return self.name


class MemberRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("组员")
    LIAISON = "liaison", _("联络员")
    SPECIALIST = "specialist", _("专业人员")


class MemberQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return self.filter(group__in=InspectionGroup.objects.visible_to(user))


@audited()
class Member(models.Model):
    group = models.ForeignKey(
        InspectionGroup, verbose_name=_("巡视组"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("组内职务"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡视组成员")
        verbose_name_plural = _("巡视组成员")
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="member_unique_in_group")
        ]

    def __str__(self):
        return f"{self.group} · {self.person} · {self.get_role_display()}"


class StationStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    PREPARING = "preparing", _("准备")
    ON_SITE = "on_site", pgettext_lazy("station phase", "进驻")
    REPORTING = "reporting", _("报告")
    FED_BACK = "fed_back", _("已反馈")
    RECTIFYING = "rectifying", _("整改")
    CLOSED = "closed", _("结束")


class StationQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if self._anonymous_or_inactive(user):
            return self.none()
        if user.sees_office_wide:
            return self.all()
        if user.is_liaison:
            return self.filter(unit_id=user.unit_id)
        return self.filter(
            Exists(Member.objects.filter(group=OuterRef("group"), person__user=user))
        )

    def led_by(self, user, roles=(MemberRole.LEADER, MemberRole.DEPUTY)):
        """Stations where the user is a leader or deputy leader of the group."""
        return self.filter(
            Exists(
                Member.objects.filter(group=OuterRef("group"), person__user=user, role__in=roles)
            )
        )


@audited()
class Station(models.Model):
    """A group stationed at a target unit in a round (进驻)."""

    round = models.ForeignKey(
        Round, verbose_name=_("轮"), on_delete=models.PROTECT, related_name="stations"
    )
    group = models.ForeignKey(
        InspectionGroup, verbose_name=_("巡视组"), on_delete=models.PROTECT, related_name="stations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("被巡视单位"), on_delete=models.PROTECT, related_name="stations"
    )
    batch = models.PositiveSmallIntegerField(_("批次"), null=True, blank=True)
    status = models.CharField(
        _("阶段"),
        max_length=20,
        choices=StationStatus.choices,
        default=StationStatus.PLANNED,
        db_index=True,
    )
    revisits = models.ForeignKey(
        "self",
        verbose_name=_("回头看对应的原巡视"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="look_backs",
    )
    # Planned period, announced at mobilisation; the dates below record what happened.
    planned_entry_on = models.DateField(_("计划进驻日期"), null=True, blank=True)
    planned_onsite_end_on = models.DateField(_("计划现场结束日期"), null=True, blank=True)
    notice_on = models.DateField(_("通知日期"), null=True, blank=True)
    entry_on = models.DateField(_("进驻日期"), null=True, blank=True, db_index=True)
    petition_cutoff_on = models.DateField(_("受理信访截止日期"), null=True, blank=True)
    onsite_end_on = models.DateField(_("现场巡视结束日期"), null=True, blank=True)
    report_on = models.DateField(_("报告日期"), null=True, blank=True)
    feedback_on = models.DateField(_("反馈日期"), null=True, blank=True, db_index=True)
    hotline = models.CharField(_("值班电话"), max_length=50, blank=True, validators=TEXT)
    hotline_hours = models.CharField(_("值班时间"), max_length=100, blank=True, validators=TEXT)
    mailbox = models.CharField(_("邮政信箱"), max_length=100, blank=True, validators=TEXT)

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("进驻")
        verbose_name_plural = _("进驻")
        ordering = ["round", "group__number", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="station_unique_unit_in_round")
        ]
        indexes = [
            models.Index(fields=["round", "status"], name="station_round_status_idx"),
            models.Index(fields=["onsite_end_on"], name="station_onsite_end_idx"),
            models.Index(fields=["round", "batch"], name="station_round_batch_idx"),
            # The reminder sweep looks for on-site stations whose petition cut-off is near.
            models.Index(
                fields=["petition_cutoff_on"],
                condition=Q(status="on_site"),
                name="station_onsite_cutoff_idx",
            ),
        ]

    def __str__(self):
        return f"{self.group} → {self.unit}"
