"""一件事 (chains) applied for as one: one applicant, one merged form and material list, one case
per item in its own department with its own clock, serial items released by their
prerequisites' grants, one result at one window.

Why an app of its own: it imports approvals (case services), catalog (Chain, ChainStep, the day
clock) and hall; none of them imports it. It learns of its cases' decisions, refusals,
withdrawals and deliveries through case events (chains.subscribers, `chains.progress`).

Entry point for other apps (e.g. 代办 agents in `projects`):

    chains.services.chain_application_submit(
        *, chain, by, channel="online"|"window"|"agent", applicant=None, files=None, paper=None,
        form=None, window=None)

Revocation (一业一证 QR page): chains.services.permit_state reads it generically — Result
`revoked_at` / `is_revoked` / `state == "revoked"` / `status == "revoked"`, or the case's
state "revoked" — so a `commitments` app can mark either and the page shows 已撤销.
"""
