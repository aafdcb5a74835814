from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from inspection.validation import TEXT_LIMITS, no_control_characters
from rectification.models import ItemKind, ItemResult, LetterKind, RectificationItem


def _text(label, limit, required=True):
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        required=required,
        max_length=TEXT_LIMITS[limit],
        validators=[no_control_characters],
    )


class DateInput(forms.DateInput):
    input_type = "date"


class ItemForm(forms.ModelForm):
    class Meta:
        model = RectificationItem
        fields = (
            "measures",
            "kind",
            "responsible_leader",
            "responsible_department",
            "responsible_person",
            "responsible_user",
            "deadline",
            "acceptance_standard",
        )
        widgets = {"deadline": DateInput()}

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A unit assigns its own people only.
        users = get_user_model().objects.filter(is_active=True)
        self.fields["responsible_user"].queryset = users.filter(unit=unit) if unit else users
        self.fields["kind"].choices = ItemKind.choices


class PlanForm(forms.Form):
    summary = _text(_("整改方案"), "long")


class ReportForm(forms.Form):
    report_text = _text(_("整改情况报告"), "long")


class ReasonForm(forms.Form):
    reason = _text(_("退回理由"), "short", required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ProgressForm(forms.Form):
    text = _text(_("进展情况"), "text")
    evidence = MultipleFileField(label=_("佐证材料"), required=False)


class ClosureReviewForm(forms.Form):
    result = forms.ChoiceField(label=_("整改结果"), choices=ItemResult.choices, required=False)
    reason = _text(_("退回理由"), "short", required=False)


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=LetterKind.choices)
    items = forms.ModelMultipleChoiceField(
        label=_("涉及整改任务"), queryset=RectificationItem.objects.none()
    )
    body = _text(_("正文"), "text")
    new_deadline = forms.DateField(label=_("新的完成时限"), required=False, widget=DateInput())

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if items is not None:
            self.fields["items"].queryset = items
