"""Who may see the shell's own pages."""

from hifazat.core import permissions


@permissions.rule("web.view_home")
def view_home(user, obj) -> bool:
    # Any signed-in, active, second-factor-verified user has a home page.
    return True
