"""Small builders for test data. Names are synthetic."""

import itertools

from django.contrib.auth import get_user_model

from inspection.accounts.models import Role

_seq = itertools.count(1)


def make_user(role=Role.GROUP, unit=None, **extra):
    n = next(_seq)
    return get_user_model().objects.create_user(
        username=extra.pop("username", f"user{n}"),
        password=extra.pop("password", "pw-12345-test"),
        full_name=extra.pop("full_name", f"测试用户{n}"),
        role=role,
        unit=unit,
        **extra,
    )
