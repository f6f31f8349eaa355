"""The staff workbenches (issue 6): front desk, department inbox, completed-item window, case page.

Pages are thin: they validate a form, call one service from approvals.services, and render.
Rules about who may do what live in approvals.policies; the pages only ask `may` to decide
which actions to show.
"""
