"""Writes of the publicity app; each in one transaction with its audit row."""

from fukyu.publicity.services.common import is_client, require_client
from fukyu.publicity.services.design import (
    design_draft_add,
    design_draft_pick,
    design_drafts_present,
    design_item_create,
    design_item_save,
    proof_comment_add,
    proof_comment_respond,
    proof_round_approve,
    proof_round_return,
    proof_round_submit,
)
from fukyu.publicity.services.placements import (
    PAID_REFUSAL,
    placement_cancel,
    placement_client_approve,
    placement_mark_run,
    placement_save,
)
from fukyu.publicity.services.printing import (
    ImportResult,
    distribution_line_set_facility,
    distribution_plan_set,
    event_usage_record,
    facilities_import,
    print_run_save,
    shipment_create,
    shipment_receipt_confirm,
)

__all__ = [
    "PAID_REFUSAL",
    "ImportResult",
    "design_draft_add",
    "design_draft_pick",
    "design_drafts_present",
    "design_item_create",
    "design_item_save",
    "distribution_line_set_facility",
    "distribution_plan_set",
    "event_usage_record",
    "facilities_import",
    "is_client",
    "placement_cancel",
    "placement_client_approve",
    "placement_mark_run",
    "placement_save",
    "print_run_save",
    "proof_comment_add",
    "proof_comment_respond",
    "proof_round_approve",
    "proof_round_return",
    "proof_round_submit",
    "require_client",
    "shipment_create",
    "shipment_receipt_confirm",
]
