from auditlog.models import LogEntry
from rest_framework import serializers


class LogEntrySerializer(serializers.ModelSerializer):
    action = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()
    request_id = serializers.CharField(source="cid", allow_null=True)
    changes = serializers.JSONField(help_text="{field: [before, after]}")

    class Meta:
        model = LogEntry
        fields = ("id", "timestamp", "action", "actor", "request_id", "object_repr", "changes")

    def get_action(self, entry) -> str:
        return {0: "create", 1: "update", 2: "delete", 3: "access"}.get(entry.action, "update")

    def get_actor(self, entry) -> str | None:
        return str(entry.actor) if entry.actor_id else None
