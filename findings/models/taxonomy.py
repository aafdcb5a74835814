"""Reference lists maintained by the office: problem categories and the six disciplines."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inspection.audit.registry import audited
from inspection.scoping import ScopedQuerySet
from inspection.validation import no_control_characters


class ReferenceQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        # Reference data: every signed-in user reads it.
        if self._anonymous_or_inactive(user):
            return self.none()
        return self.all()

    def active(self):
        return self.filter(is_active=True)


@audited()
class Category(models.Model):
    """A problem category (问题类别); the office keeps the list, retiring rather than deleting."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100, validators=[no_control_characters])
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class Discipline(models.Model):
    """One of the six disciplines (六大纪律), a fixed list seeded by migration."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=20)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("纪律")
        verbose_name_plural = _("纪律")
        ordering = ["order"]

    def __str__(self):
        # The six names are fixed (seeded); their English is in the catalogue, where the
        # petitions app's discipline labels put the same Chinese text.
        return gettext(self.name)
