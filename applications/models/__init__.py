"""The applications app: editions and their reference data, applications through stage 1
(materials, collaborators), the pre-check and acceptance of stages 2 and 3, the audit records
of the lifecycle and the e-mail outbox, one module per concern.

Audit records are append-only; the records people may later question keep their history.
"""

from applications.models.applications import STATUS_LABELS, Application, Status  # noqa: F401
from applications.models.editions import (  # noqa: F401
    STAGE_LABELS,
    Category,
    Edition,
    RecommendingUnit,
    Stage,
)
from applications.models.events import (  # noqa: F401
    AppendOnlyModel,
    AppendOnlyQuerySet,
    ApplicationEvent,
    AuditRecord,
    EditionEvent,
)
from applications.models.intake import (  # noqa: F401
    Invitation,
    Material,
    MaterialKind,
    material_upload_to,
)
from applications.models.notifications import EmailTemplate, Notification  # noqa: F401
from applications.models.precheck import (  # noqa: F401
    AcceptanceReview,
    Consultation,
    DeadlineExtension,
    PaperCopyReceipt,
    PrecheckReview,
)
from applications.models.rows import ApplicationRow  # noqa: F401
from applications.models.templates import EditionTemplate, template_upload_to  # noqa: F401
