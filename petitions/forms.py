from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspection.accounts.models import Role
from inspection.disciplines import Discipline
from inspection.validation import TEXT_LIMITS, no_control_characters
from petitions.models import (
    AttachmentKind,
    CadreLevel,
    Channel,
    PetitionStatus,
    RevealReason,
    RoutingClass,
)
from tours.models import Station, Unit

OFFICE_CHOICE = "office"
NO_CONTROL = [no_control_characters]


def apply_errors(form, exc):
    """Show a service's ValidationError next to the fields it names."""
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def registrable_stations(user):
    """Stations the user may register petitions for (`petitions.register`, by role)."""
    stations = Station.objects.visible_to(user).select_related("group", "unit")
    if user.is_office_staff or (user.is_active and user.role == Role.GROUP):
        return stations
    return stations.none()


class IntakeForm(forms.Form):
    station = forms.ChoiceField(label=_("进驻（受理的巡视组）"))
    channel = forms.ChoiceField(
        label=_("来源渠道"), choices=Channel.choices, initial=Channel.HOTLINE
    )
    received_at = forms.DateTimeField(
        label=_("收到时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    summary = forms.CharField(
        validators=NO_CONTROL,
        label=_("摘要"),
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    content = forms.CharField(
        validators=NO_CONTROL,
        label=_("反映内容"),
        required=False,
        max_length=TEXT_LIMITS["long"],
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    disciplines = forms.MultipleChoiceField(
        label=_("涉及纪律"),
        choices=Discipline.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    named = forms.BooleanField(label=_("实名举报"), required=False)
    reporter_name = forms.CharField(
        validators=NO_CONTROL, label=_("举报人姓名"), max_length=50, required=False
    )
    reporter_phone = forms.CharField(
        validators=NO_CONTROL,
        label=_("联系电话"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    reporter_id_number = forms.CharField(
        validators=NO_CONTROL,
        label=_("身份证号"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reporter_address = forms.CharField(
        validators=NO_CONTROL, label=_("住址"), max_length=200, required=False
    )
    reporter_work_unit = forms.CharField(
        validators=NO_CONTROL, label=_("工作单位"), max_length=200, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(s.pk), str(s)) for s in registrable_stations(user)]
        if user.is_office_staff:
            choices.append((OFFICE_CHOICE, _("巡视办（直接寄往巡视办）")))
        self.fields["station"].choices = choices
        self.fields["received_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        self.fields["channel"].widget.attrs["autofocus"] = True

    def clean(self):
        data = super().clean()
        if data.get("named") and not (
            data.get("reporter_name")
            or data.get("reporter_phone")
            or data.get("reporter_id_number")
        ):
            self.add_error("reporter_name", _("实名举报请至少填写姓名、电话或身份证号之一。"))
        return data

    def station_object(self):
        value = self.cleaned_data["station"]
        return None if value == OFFICE_CHOICE else Station.objects.get(pk=value)


class PersonForm(forms.Form):
    name = forms.CharField(
        validators=NO_CONTROL, label=_("被反映人姓名"), max_length=50, required=False
    )
    position = forms.CharField(
        validators=NO_CONTROL, label=_("职务"), max_length=100, required=False
    )
    unit_name = forms.CharField(
        validators=NO_CONTROL, label=_("单位"), max_length=200, required=False
    )
    cadre_level = forms.ChoiceField(
        label=_("干部层级"), choices=[("", "—"), *CadreLevel.choices], required=False
    )


PersonFormSet = formset_factory(PersonForm, extra=2, max_num=10)


class TriageForm(forms.Form):
    in_scope = forms.TypedChoiceField(
        label=_("是否属于巡视范围"),
        choices=[("1", _("属于")), ("0", _("不属于"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    routing_class = forms.ChoiceField(label=_("分类"), choices=RoutingClass.choices)
    outcome = forms.ChoiceField(
        label=_("处理方式"),
        required=False,
        choices=[
            ("", _("继续研判")),
            (PetitionStatus.HANDLED_BY_GROUP, _("巡视组处理")),
            (PetitionStatus.FILED_FOR_REFERENCE, _("留存备查")),
        ],
    )
    note = forms.CharField(
        validators=NO_CONTROL,
        label=_("研判意见"),
        required=False,
        max_length=TEXT_LIMITS["text"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransferForm(forms.Form):
    receiving_body = forms.ModelChoiceField(
        label=_("接收机关"), queryset=Unit.objects.receiving_bodies()
    )
    letter_number = forms.CharField(
        validators=NO_CONTROL, label=_("转办函编号"), max_length=60, required=False
    )
    sent_on = forms.DateField(
        label=_("转出日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = timezone.localdate()


class DuplicateForm(forms.Form):
    original = forms.IntegerField(widget=forms.HiddenInput)


class ConcludeForm(forms.Form):
    conclusion = forms.CharField(
        validators=NO_CONTROL,
        label=_("办结情况"),
        required=False,
        max_length=TEXT_LIMITS["text"],
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RevealForm(forms.Form):
    purpose = forms.ModelChoiceField(
        label=_("查看事由"), queryset=RevealReason.objects.active(), empty_label=None
    )
    reason = forms.CharField(
        validators=NO_CONTROL,
        label=_("情况说明"),
        help_text=_("具体说明为何需要查看，至少四个汉字或字母（标点和空白不计）。"),
        required=False,
        max_length=TEXT_LIMITS["short"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RevealReasonForm(forms.Form):
    name = forms.CharField(
        label=_("新增事由"), max_length=TEXT_LIMITS["name"], validators=NO_CONTROL
    )


class ReplyForm(forms.Form):
    replied_on = forms.DateField(
        label=_("回复日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("附件类型"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("文件"))


class ImportForm(forms.Form):
    station = forms.ChoiceField(label=_("进驻"))
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].choices = [(str(s.pk), str(s)) for s in registrable_stations(user)]
