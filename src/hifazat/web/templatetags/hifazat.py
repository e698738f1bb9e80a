"""Template helpers of the web shell."""

from django import template
from django.utils.html import format_html

from hifazat.core import formats

register = template.Library()


@register.filter
def bdi(value):
    """Isolate a name or code of unknown direction inside translated text (Urdu is rtl,
    names are often Latin), escaping it."""
    return format_html("<bdi>{}</bdi>", value)


@register.simple_tag
def asset(path: str) -> str:
    """The URL of a static file, hashed from the manifest when there is one; the plain
    ``STATIC_URL`` path otherwise. The shell and its error pages use it so that a server
    started without ``collectstatic`` still shows its pages (unstyled) instead of failing
    inside the 500 page itself; ``check --deploy`` reports the missing manifest."""
    from django.conf import settings
    from django.templatetags.static import static

    try:
        return static(path)
    except ValueError:
        return f"{settings.STATIC_URL}{path}"


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    """The one way a template asks whether to show a button or link: the permission API
    for the signed-in user, on ``obj`` when given. ``{% can "register.verify" proposal as
    may_verify %}{% if may_verify %}<button>…{% endif %}`` — never show what the user may
    not press."""
    from hifazat.core import permissions

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return permissions.can(user, action, obj)


# One format for every date and time a person reads: ``core.formats``.
@register.filter
def when(value) -> str:
    """A moment as "3 Dec 2026, 23:37" in Pakistan time ('' when empty)."""
    return formats.when(value)


@register.filter
def day(value) -> str:
    """A date as "3 Dec 2026" ('' when empty)."""
    return formats.day(value)
