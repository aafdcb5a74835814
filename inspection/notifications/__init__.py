"""Reminders and the in-app inbox: a shared-kernel engine the case apps register rules with."""
