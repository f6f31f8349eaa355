"""Every write of 好差评. Keyword-only, one transaction, the row locked; a state that does not allow
the write raises EvaluationConflict (HTTP 409), bad input ValidationError (400)."""

from evaluations.services._base import EvaluationConflict
from evaluations.services.awards import award_confirm, awards_propose
from evaluations.services.complaints import complaint_file
from evaluations.services.occasions import occasion_for_delivered_case, occasion_for_window_case, occasion_present
from evaluations.services.ratings import rating_submit
from evaluations.services.tickets import (
    ticket_callback,
    ticket_raise_notice,
    ticket_rerate,
    ticket_respond,
    ticket_review,
    tickets_sweep,
)
from evaluations.services.votes import ballot_cast, campaign_create, campaign_publish, followup_record

__all__ = [
    "EvaluationConflict",
    "award_confirm",
    "awards_propose",
    "ballot_cast",
    "campaign_create",
    "campaign_publish",
    "complaint_file",
    "followup_record",
    "occasion_for_delivered_case",
    "occasion_for_window_case",
    "occasion_present",
    "rating_submit",
    "ticket_callback",
    "ticket_raise_notice",
    "ticket_rerate",
    "ticket_respond",
    "ticket_review",
    "tickets_sweep",
]
