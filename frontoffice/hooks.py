"""What the front office plugs into approvals: the holds of 窗口无权否决 and the workbench panels."""


def install():
    from approvals import actions
    from approvals.workbench import panels
    from frontoffice import panels as ours
    from frontoffice.services import vetting

    actions.hold("refuse", vetting.hold_refuse)
    actions.hold("request-supplement", vetting.hold_notice)
    panels.register(panels.CASE, "frontoffice-confirmation", ours.case_confirmation)
    panels.register(panels.CASE, "frontoffice-thread", ours.case_thread)
    panels.register(panels.CASE, "frontoffice-bags", ours.case_bags)
    panels.register(panels.DESK, "frontoffice-desk", ours.desk_panel)
    panels.register(panels.INBOX, "frontoffice-inbox", ours.inbox_panel)
    panels.register(panels.BOARD, "frontoffice-board", ours.board_panel)
