from rest_framework import serializers

from tours.models import Station


class StationSerializer(serializers.ModelSerializer):
    group_name = serializers.CharField(source="group.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Station
        fields = (
            "id",
            "round",
            "group",
            "group_name",
            "unit",
            "unit_name",
            "batch",
            "status",
            "status_label",
            "notice_on",
            "entry_on",
            "petition_cutoff_on",
            "onsite_end_on",
            "report_on",
            "feedback_on",
            "hotline",
            "hotline_hours",
            "mailbox",
            "revisits",
        )
        read_only_fields = ("status",)
