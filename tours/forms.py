"""Browser forms. They shape input only; tours.services decides what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inspection.validation import no_control_characters
from tours.models import (
    TARGET_KINDS,
    InspectionGroup,
    MemberRole,
    Person,
    Round,
    RoundKind,
    Station,
    StationStatus,
    Unit,
)
from tours.services import FED_BACK_OR_LATER, TRANSITION_DATES

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = [no_control_characters]


def _limit(model, field):
    return model._meta.get_field(field).max_length


class GroupForm(forms.Form):
    number = forms.IntegerField(label=_("组号"), min_value=1, max_value=99)
    name = forms.CharField(
        label=_("名称"),
        max_length=_limit(InspectionGroup, "name"),
        required=False,
        validators=TEXT,
    )


class MemberForm(forms.Form):
    group = forms.ModelChoiceField(label=_("巡视组"), queryset=InspectionGroup.objects.none())
    person = forms.ModelChoiceField(
        label=_("人员"), queryset=Person.objects.select_related("home_unit")
    )
    role = forms.ChoiceField(label=_("组内职务"), choices=MemberRole.choices)

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = InspectionGroup.objects.filter(round=round_)
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.name}（{p.home_unit or '—'}，{p.get_expertise_display()}）"
        )


class StationForm(forms.Form):
    group = forms.ModelChoiceField(label=_("巡视组"), queryset=InspectionGroup.objects.none())
    unit = forms.ModelChoiceField(
        label=_("被巡视单位"), queryset=Unit.objects.filter(kind__in=TARGET_KINDS, is_active=True)
    )
    batch = forms.IntegerField(label=_("批次"), min_value=1, required=False)
    planned_entry_on = forms.DateField(label=_("计划进驻日期"), required=False, widget=DATE)
    planned_onsite_end_on = forms.DateField(
        label=_("计划现场结束日期"), required=False, widget=DATE
    )
    revisits = forms.ModelChoiceField(
        label=_("回头看对应的原巡视"), queryset=Station.objects.none(), required=False
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = InspectionGroup.objects.filter(round=round_)
        self.fields["revisits"].queryset = (
            Station.objects.filter(round__term_id=round_.term_id, status__in=FED_BACK_OR_LATER)
            .exclude(round=round_)
            .select_related("unit", "round")
        )
        self.fields["revisits"].label_from_instance = lambda st: f"{st.round} · {st.unit}"


class TransitionForm(forms.Form):
    """The dates the next phase records, pre-filled with what the station already holds."""

    to = forms.ChoiceField(choices=StationStatus.choices, widget=forms.HiddenInput)

    def __init__(self, *args, station, to, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].initial = to
        for name in TRANSITION_DATES.get(to, ()):
            model_field = Station._meta.get_field(name)
            self.fields[name] = forms.DateField(
                label=model_field.verbose_name,
                required=False,
                widget=DATE,
                initial=getattr(station, name),
            )


class ContactForm(forms.ModelForm):
    class Meta:
        model = Station
        fields = ("hotline", "hotline_hours", "mailbox")


class RoundForm(forms.Form):
    number = forms.IntegerField(label=_("轮次"), min_value=1, max_value=99)
    name = forms.CharField(label=_("名称"), max_length=_limit(Round, "name"), validators=TEXT)
    kind = forms.ChoiceField(label=_("巡视类型"), choices=RoundKind.choices)
    batch_count = forms.IntegerField(label=_("批次数"), min_value=1, max_value=9, initial=1)
    mobilised_on = forms.DateField(label=_("动员部署日期"), required=False, widget=DATE)
    focus = forms.CharField(
        label=_("重点"),
        required=False,
        max_length=_limit(Round, "focus"),
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UnitImportForm(forms.Form):
    file = forms.FileField(label=_("单位名册文件（.xlsx 或 .csv）"))
