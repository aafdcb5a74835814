"""The write path: declared transitions, one permission check, one lock, one transaction.

Each case model declares its lifecycle once, as a `Workflow` of `Transition`s:

    LEAD_FLOW = Workflow(Lead, [
        Transition("approve", source=[LeadStatus.REGISTERED], target=LeadStatus.APPROVED,
                   permission="findings.approve_lead", label=_("批准")),
        ...
    ])

A service performs one of them inside `FLOW.run(name, user, obj)`:

    def approve_lead(user, lead, approved_on=None):
        with LEAD_FLOW.run("approve", user, lead) as lead:   # locked, checked
            lead.approved_by, lead.approved_on = user, approved_on or today()
        return lead                                            # status set, saved, audited

`run` opens a transaction, re-reads the row with SELECT … FOR UPDATE, asks the permission
predicate (`inspection.permissions.may`) and then the state, lets the service change the row,
moves it to the target state and saves it. A refusal by role raises PermissionDenied (403);
a row that is no longer in a source state raises `StateConflict` (409): of two identical
concurrent requests the second waits for the first's lock and is then refused, so nothing
(a number, a letter, an audit entry) is consumed twice.

Pages, API actions and to-do lists ask `FLOW.available(user, obj)` (or the template tag
`{% transitions obj as can %}`) which transitions to offer; none compares status strings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from inspection.permissions import may

_REGISTRY: dict[type[models.Model], Workflow] = {}


class StateConflict(Exception):
    """The object is no longer in a state the transition starts from (answered as 409)."""

    def __init__(self, message=None, *, obj=None, transition=None):
        self.obj, self.transition = obj, transition
        super().__init__(message or _("状态已发生变化，请刷新后重试。"))

    @property
    def message(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Transition:
    """One declared state change of a case model.

    `source`: the states it starts from; `target`: the state it ends in (None: the state is
    unchanged, e.g. editing a draft); `permission`: the rules permission naming the predicate
    that decides who may run it; `input`: dotted path of the DRF serializer that validates what
    it takes (the API validates with it; the schema documents it); `confirm`: a question asked
    before an irreversible step in the browser.
    """

    name: str
    source: tuple[str, ...]
    target: str | None
    permission: str
    label: str = ""
    input: str | None = None
    confirm: str | None = None
    effects: str = ""
    refusal: str = field(default="", compare=False)

    def __post_init__(self):
        object.__setattr__(self, "source", tuple(self.source))

    def starts_from(self, state) -> bool:
        return state in self.source


class Workflow:
    """The transitions table of one model (its status field is `field`)."""

    def __init__(self, model, transitions: Iterable[Transition], field: str = "status"):
        self.model, self.field = model, field
        self.transitions = {t.name: t for t in transitions}
        _REGISTRY[model] = self

    def __getitem__(self, name) -> Transition:
        return self.transitions[name]

    def __iter__(self):
        return iter(self.transitions.values())

    def state_of(self, obj):
        return getattr(obj, self.field)

    def allows(self, name: str, user, obj) -> bool:
        """May `user` run transition `name` on `obj` as it is now (for buttons and to-dos)."""
        transition = self.transitions[name]
        return transition.starts_from(self.state_of(obj)) and may(user, transition.permission, obj)

    def available(self, user, obj) -> list[Transition]:
        return [t for t in self if self.allows(t.name, user, obj)]

    def check(self, name: str, user, obj) -> Transition:
        """Refuse (PermissionDenied, then StateConflict) or return the transition."""
        transition = self.transitions[name]
        if not may(user, transition.permission, obj):
            raise PermissionDenied(transition.refusal or _("您无权执行此操作。"))
        if not transition.starts_from(self.state_of(obj)):
            raise StateConflict(
                _("当前状态为“%(status)s”，不能%(action)s。")
                % {"status": _state_label(obj, self.field), "action": transition.label},
                obj=obj,
                transition=transition,
            )
        return transition

    def lock(self, obj):
        """The row re-read under a lock, inside the caller's transaction."""
        return type(obj)._default_manager.select_for_update().get(pk=obj.pk)

    @contextlib.contextmanager
    def run(self, name: str, user, obj, *, save: bool = True) -> Iterator:
        """Lock, check, let the caller change the row, move it to the target state, save."""
        with transaction.atomic():
            locked = self.lock(obj)
            transition = self.check(name, user, locked)
            yield locked
            if transition.target is not None:
                setattr(locked, self.field, transition.target)
            if save:
                locked.save()
        _refresh_caller_copy(obj, locked)

    @contextlib.contextmanager
    def run_many(self, name: str, user, objs: Iterable, *, save: bool = True) -> Iterator:
        """The same for several rows at once, locked in primary-key order (no deadlock)."""
        transition = self.transitions[name]
        with transaction.atomic():
            pks = sorted({o.pk for o in objs})
            locked = list(
                self.model._default_manager.select_for_update().filter(pk__in=pks).order_by("pk")
            )
            for row in locked:
                self.check(name, user, row)
            yield locked
            for row in locked:
                if transition.target is not None:
                    setattr(row, self.field, transition.target)
                if save:
                    row.save()


def workflow_for(obj_or_model) -> Workflow | None:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for klass in model.__mro__:
        if klass in _REGISTRY:
            return _REGISTRY[klass]
    return None


def _state_label(obj, field_name) -> str:
    display = getattr(obj, f"get_{field_name}_display", None)
    return str(display()) if display else str(getattr(obj, field_name))


def _refresh_caller_copy(obj, locked):
    # The caller's instance reflects what was stored, so code holding it sees the new state.
    if obj is locked:
        return
    for f in type(obj)._meta.concrete_fields:
        setattr(obj, f.attname, getattr(locked, f.attname))
