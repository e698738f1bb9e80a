"""Template helpers of the web shell."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def bdi(value):
    """Isolate a name or code of unknown direction inside translated text (Urdu is rtl,
    names are often Latin), escaping it."""
    return format_html("<bdi>{}</bdi>", value)
