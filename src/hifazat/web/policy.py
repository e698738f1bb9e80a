"""Who may see the shell's own pages."""

from hifazat.core import permissions


@permissions.rule("web.view_home")
def view_home(user, obj) -> bool:
    # Any signed-in, active, second-factor-verified user has a home page.
    return True


@permissions.rule("web.view_deadlines")
def view_deadlines(user, obj) -> bool:
    # The configured windows are no secret to those who run the system: system and
    # agency administrators see every deadline, its value and its legal source.
    from hifazat.accounts.roles import Role

    return user.has_role(Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN)
