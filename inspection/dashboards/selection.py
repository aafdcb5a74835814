"""Which term and round a dashboard shows, read from the query string and scoped."""

from dataclasses import dataclass

from django.apps import apps


@dataclass
class Selection:
    term: object = None
    round: object = None

    @classmethod
    def from_request(cls, request):
        Term = apps.get_model("tours", "Term")
        Round = apps.get_model("tours", "Round")
        user = request.user
        round_ = _pick(Round.objects.visible_to(user).select_related("term"), request, "round")
        if round_ is not None:
            return cls(term=round_.term, round=round_)
        term = _pick(Term.objects.visible_to(user), request, "term")
        if term is None:  # the latest term by default
            term = Term.objects.visible_to(user).order_by("-starts_on", "-id").first()
        return cls(term=term, round=None)

    def narrow(self, queryset, via="station"):
        """Rows of the chosen round (or term), reached through the `via` relation."""
        prefix = f"{via}__" if via else ""
        if self.round is not None:
            return queryset.filter(**{f"{prefix}round": self.round})
        if self.term is not None:
            return queryset.filter(**{f"{prefix}round__term": self.term})
        return queryset

    def as_params(self):
        if self.round is not None:
            return {"round": self.round.pk}
        return {"term": self.term.pk} if self.term is not None else {}


def _pick(queryset, request, name):
    value = request.GET.get(name, "")
    if not value.isdigit():
        return None
    return queryset.filter(pk=int(value)).first()
