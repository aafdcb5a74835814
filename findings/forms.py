"""Browser forms. They collect input; the rules are checked in findings.services."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from findings import conf
from findings.models import (
    ALLOWED_EVIDENCE_TYPES,
    Category,
    Discipline,
    DisposalMethod,
    DocumentRequest,
    Finding,
    Lead,
    OutcomeForm,
    SourceKind,
    TalkRecord,
    WorkingPaper,
)
from inspection.validation import check_count
from petitions.models import Petition
from tours.models import MemberRole, Station, Unit

DATE = forms.DateInput(attrs={"type": "date"})
EVIDENCE_ACCEPT = "image/*,application/pdf," + ",".join(f".{ext}" for ext in ALLOWED_EVIDENCE_TYPES)


def apply_errors(form, exc):
    """Show a service's ValidationError next to the fields it names."""
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def my_stations(user):
    """Stations where the user is a member of the group (any role)."""
    return Station.objects.led_by(user, roles=list(MemberRole.values)).select_related(
        "group", "unit"
    )


def _evidence_help():
    return _("可直接用手机拍摄文件；支持 JPG、PNG、WEBP、HEIC、PDF，不超过 %(mb)d MB。") % {
        "mb": conf.evidence_max_bytes() // (1024 * 1024)
    }


class EvidenceField(forms.FileField):
    widget = forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT})

    def __init__(self, **kwargs):
        # Lazy: the field is built when the form class is defined, before any request's
        # language is active.
        kwargs.setdefault("help_text", lazy(_evidence_help, str)())
        super().__init__(**kwargs)


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = (
            "station",
            "title",
            "category",
            "description",
            "severity",
            "disciplines",
            "petitions",
            "talks",
            "document_requests",
            "responsible_kind",
            "responsible_name",
            "from_questionnaire",
            "from_special_check",
            "immediate_rectification",
            "rectification_notice_number",
            "rectify_by",
        )
        widgets = {
            "disciplines": forms.CheckboxSelectMultiple,
            "rectify_by": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = my_stations(user)
        self.fields["category"].queryset = Category.objects.active()
        self.fields["category"].required = True
        self.fields["disciplines"].queryset = Discipline.objects.all()
        # Sources come from the member's own stations (the service checks the station).
        stations = my_stations(user)
        self.fields["petitions"].queryset = Petition.objects.visible_to(user).filter(
            station__in=stations
        )
        self.fields["talks"].queryset = TalkRecord.objects.visible_to(user).filter(
            station__in=stations
        )
        self.fields["document_requests"].queryset = DocumentRequest.objects.visible_to(user).filter(
            station__in=stations
        )
        if self.instance.pk:
            del self.fields["station"]


class QuickPaperForm(forms.Form):
    """The working paper logged together with the finding on site (optional)."""

    source = forms.ChoiceField(label=_("来源"), choices=SourceKind.choices, initial="document")
    facts_who = forms.CharField(label=_("涉及人员"), max_length=300, required=False)
    facts_what = forms.CharField(
        label=_("具体事实"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    facts_when = forms.CharField(label=_("发生时间"), max_length=100, required=False)
    photo = EvidenceField(label=_("证据照片或扫描件"), required=False)

    def has_paper(self):
        data = self.cleaned_data
        return bool(
            data.get("facts_who") or data.get("facts_what") or data.get("facts_when")
        ) or bool(data.get("photo"))


class WorkingPaperForm(forms.ModelForm):
    photo = EvidenceField(label=_("证据照片或扫描件"), required=False)

    class Meta:
        model = WorkingPaper
        fields = ("prepared_on", "source", "facts_who", "facts_what", "facts_when")
        widgets = {"prepared_on": DATE, "facts_what": forms.Textarea(attrs={"rows": 4})}


class EvidenceForm(forms.Form):
    file = EvidenceField(label=_("证据照片或扫描件"))
    description = forms.CharField(label=_("说明"), max_length=300, required=False)


class TalkRecordForm(forms.ModelForm):
    class Meta:
        model = TalkRecord
        fields = ("station", "talked_on", "interviewee_name", "interviewee_position", "summary")
        widgets = {"talked_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = my_stations(user)


class DocumentRequestForm(forms.ModelForm):
    class Meta:
        model = DocumentRequest
        fields = ("station", "requested_on", "documents", "provided_by", "returned_on")
        widgets = {"requested_on": DATE, "returned_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = my_stations(user)


class LeadForm(forms.ModelForm):
    class Meta:
        model = Lead
        fields = (
            "station",
            "person_name",
            "person_position",
            "person_unit",
            "cadre_level",
            "facts",
            "receiving_body",
            "findings",
        )
        widgets = {"facts": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        stations = (
            Station.objects.visible_to(user).select_related("group", "unit")
            if user.is_office_staff
            else my_stations(user)
        )
        self.fields["station"].queryset = stations
        self.fields["receiving_body"].queryset = Unit.objects.receiving_bodies()
        self.fields["findings"].queryset = Finding.objects.visible_to(user).filter(
            station__in=stations
        )
        self.fields["findings"].required = False
        if self.instance.pk:
            del self.fields["station"]  # a lead never moves between stations
            self.fields["findings"].queryset = self.fields["findings"].queryset.filter(
                station=self.instance.station_id
            )


class AssembleForm(forms.Form):
    station = forms.ModelChoiceField(label=_("进驻"), queryset=Station.objects.none())
    drafted_on = forms.DateField(label=_("起草日期"), widget=DATE, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = Station.objects.visible_to(user).select_related(
            "group", "unit"
        )


class ApproveReportForm(forms.Form):
    approved_on = forms.DateField(label=_("审议日期"), widget=DATE)
    approving_body = forms.CharField(label=_("审议机构"), max_length=200)


class FeedBackForm(forms.Form):
    fed_back_on = forms.DateField(label=_("反馈日期"), widget=DATE)
    fed_back_to = forms.CharField(label=_("反馈对象"), max_length=200, required=False)


class HandOverOneForm(forms.Form):
    """One lead handed over from its own page, in a new letter."""

    receiving_body = forms.ModelChoiceField(
        label=_("移交机关"), queryset=Unit.objects.receiving_bodies()
    )
    handed_over_on = forms.DateField(label=_("移交日期"), widget=DATE, required=False)


class HandOverForm(HandOverOneForm):
    """Several approved leads to one body in one new letter (the letter page)."""

    leads = forms.ModelMultipleChoiceField(
        label=_("线索"), queryset=Lead.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = leads

    def clean_leads(self):
        leads = self.cleaned_data["leads"]
        check_count(list(leads), "leads_per_letter", "leads")
        return leads


class AcknowledgeForm(forms.Form):
    acknowledged_on = forms.DateField(label=_("签收日期"), widget=DATE, required=False)


class DisposeForm(forms.Form):
    disposal_method = forms.ChoiceField(label=_("处置方式"), choices=DisposalMethod.choices)
    disposed_on = forms.DateField(label=_("处置日期"), widget=DATE, required=False)


class ReportBackForm(forms.Form):
    reported_back_on = forms.DateField(label=_("反馈日期"), widget=DATE, required=False)
    outcome_form = forms.TypedChoiceField(
        label=_("运用形态"),
        choices=[("", "—"), *OutcomeForm.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    criticism_count = forms.IntegerField(label=_("批评教育（人次）"), min_value=0, initial=0)
    admonishment_count = forms.IntegerField(label=_("诫勉（人次）"), min_value=0, initial=0)
    sanction_count = forms.IntegerField(label=_("党纪政务处分（人次）"), min_value=0, initial=0)
    case_filed_count = forms.IntegerField(label=_("立案（人次）"), min_value=0, initial=0)
    judicial_transfer_count = forms.IntegerField(
        label=_("移送司法机关（人次）"), min_value=0, initial=0
    )
    outcome_summary = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 3}))
