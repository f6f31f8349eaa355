"""What 绿色通道 learns from case events: a case registered or submitted for a key account is routed
to the account's dedicated window (registered in KeyaccountsConfig.ready)."""

from approvals.constants import Action
from approvals.events import subscribe
from approvals.models import Case
from keyaccounts.models import KeyAccount
from keyaccounts.services import case_route


@subscribe("keyaccounts.routing", actions={Action.CREATE.value, Action.SUBMIT.value})
def route_key_account_cases(message):
    case = Case.objects.filter(pk=message.case_id).only("id", "applicant_id_number_index").first()
    if message.to_state == "draft":
        return  # a draft is routed when it is submitted
    if case is None or not case.applicant_id_number_index:
        return
    account = KeyAccount.objects.filter(credit_code_index=case.applicant_id_number_index, is_active=True).first()
    if account is not None and account.window_id:
        case_route(case=case, account=account, by=None)
