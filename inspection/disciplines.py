"""The six disciplines (六大纪律): one code list for petitions and findings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Discipline(models.TextChoices):
    POLITICAL = "political", _("政治纪律")
    ORGANISATIONAL = "organisational", _("组织纪律")
    INTEGRITY = "integrity", _("廉洁纪律")
    MASSES = "masses", _("群众纪律")
    WORK = "work", _("工作纪律")
    LIFE = "life", _("生活纪律")


# Display order (the order of the Party's disciplinary regulations).
ORDER = {code: index for index, code in enumerate(Discipline.values, start=1)}
