"""Petition and transfer lifecycles, declared once (DESIGN §3).

Petition: registered → assessing → one of {handled_by_group, transferred,
filed_for_reference, duplicate} → concluded. Triage either keeps assessing or decides
handled_by_group / filed_for_reference; a transferred petition may be sent on to a further
body (never twice to the same one). Transfer: sent → replied.
"""

from django.utils.translation import gettext_lazy as _

from inspection.workflow import Transition, Workflow
from petitions.models import Petition, PetitionStatus, Transfer, TransferStatus

P = PetitionStatus
OPEN = [P.REGISTERED, P.ASSESSING]
OUTCOMES = [P.HANDLED_BY_GROUP, P.TRANSFERRED, P.FILED_FOR_REFERENCE, P.DUPLICATE]

PETITION_FLOW = Workflow(
    Petition,
    [
        Transition(
            "assess",
            OPEN,
            P.ASSESSING,
            "petitions.act",
            _("研判"),
            input="petitions.api.serializers.TriageSerializer",
            effects=_("记录是否属于巡视范围、分类和研判意见"),
        ),
        Transition(
            "handle_by_group",
            OPEN,
            P.HANDLED_BY_GROUP,
            "petitions.act",
            _("巡视组处理"),
            input="petitions.api.serializers.TriageSerializer",
            effects=_("记录研判并分办"),
        ),
        Transition(
            "file_for_reference",
            OPEN,
            P.FILED_FOR_REFERENCE,
            "petitions.act",
            _("留存备查"),
            input="petitions.api.serializers.TriageSerializer",
            effects=_("记录研判并分办"),
        ),
        Transition(
            "transfer",
            [*OPEN, P.TRANSFERRED],
            P.TRANSFERRED,
            "petitions.act",
            _("转交"),
            input="petitions.api.serializers.TransferInputSerializer",
            effects=_("新增转办记录，计算回复期限和实名检举控告的告知期限"),
        ),
        Transition(
            "mark_duplicate",
            OPEN,
            P.DUPLICATE,
            "petitions.act",
            _("确认为重复件"),
            input="petitions.api.serializers.DuplicateSerializer",
            effects=_("关联到最初的原件"),
        ),
        Transition(
            "conclude",
            OUTCOMES,
            P.CONCLUDED,
            "petitions.act",
            _("办结"),
            input="petitions.api.serializers.ConcludeSerializer",
        ),
    ],
)

TRIAGE_OUTCOMES = {
    "": "assess",
    P.HANDLED_BY_GROUP: "handle_by_group",
    P.FILED_FOR_REFERENCE: "file_for_reference",
}

TRANSFER_FLOW = Workflow(
    Transfer,
    [
        Transition(
            "reply",
            [TransferStatus.SENT],
            TransferStatus.REPLIED,
            "petitions.record_reply",
            _("记录回复"),
            input="petitions.api.serializers.ReplySerializer",
        ),
    ],
)
