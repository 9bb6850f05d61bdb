"""Expert review (stages 4–6) and the award (stages 7–8): the expert pool, conflicts, panels,
rubrics, score sheets, results, proposed lists and certificates, one module per concern.

Decisions people may later question (conflict decisions, rounds, sheets, rubrics, advancement)
keep their history; draws and sheet events are append-only.
"""

from review.models.awards import (  # noqa: F401
    Certificate,
    CommendationNotice,
    DeliberationEvent,
    EditionArchive,
    GovernmentApproval,
    LeadershipDecision,
    Proposal,
    ProposedList,
    Revocation,
    decision_upload_to,
)
from review.models.composites import CompositeScore  # noqa: F401
from review.models.pool import (  # noqa: F401
    REVIEW_STAGE_CHOICES,
    REVIEW_STAGES,
    STAGE_LABELS,
    Aggregation,
    AvoidanceRequest,
    Conflict,
    ConflictDeclaration,
    ConflictKind,
    EditionExpert,
    ExpertProfile,
    ReviewSettings,
    choice_label,
)
from review.models.rounds import (  # noqa: F401
    SHEET_STATUS_LABELS,
    Assignment,
    ItemScore,
    PanelDraw,
    PanelMember,
    ReviewRound,
    Rubric,
    RubricItem,
    ScoreSheet,
    SheetComment,
    SheetEvent,
)
from review.models.totals import ExpertProgress, ExpertStatistic, RoundTotal  # noqa: F401
from review.models.visits import (  # noqa: F401
    AdvancementDecision,
    ChecklistResult,
    DefenseSlot,
    OnsiteVisit,
    RoundResult,
)
