from django import template

from inspection.notifications.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context):
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.visible_to(user).unread().count()
