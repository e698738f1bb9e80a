"""Every UI string is translated to Urdu, the compiled catalogue is current, and Urdu
pages show no untranslated English."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from hifazat.accounts.roles import Role
from tests.factories import give_role, make_user, verified_client

SRC = Path(__file__).resolve().parents[2] / "src" / "hifazat"
PO = SRC / "locale" / "ur" / "LC_MESSAGES" / "django.po"
# The project catalogue, and one per app that keeps its own (src/hifazat/<app>/locale).
CATALOGUES = sorted(SRC.glob("**/locale/ur/LC_MESSAGES/django.po"))


def _entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry of a .po file; plural forms joined."""
    out = []
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        current, parts = None, {"msgid": "", "msgstr": ""}
        for line in lines:
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if m:
                current = "msgid" if m.group(1).startswith("msgid") else "msgstr"
                if m.group(1).startswith("msgstr") and parts["msgstr"]:
                    parts["msgstr"] += "|"
                parts[current] += m.group(2)
            elif line.startswith('"') and current:
                parts[current] += line[1:-1]
        if parts["msgid"]:
            out.append((parts["msgid"], parts["msgstr"], fuzzy))
    return out


def test_the_project_catalogue_exists_and_is_substantial():
    assert PO in CATALOGUES
    assert len(_entries(PO.read_text(encoding="utf-8"))) > 100


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_message_is_translated_and_not_fuzzy(po):
    entries = _entries(po.read_text(encoding="utf-8"))
    untranslated = [i for i, s, _ in entries if not s.strip() or "||" in s or s.endswith("|")]
    fuzzy = [i for i, _, f in entries if f]
    assert untranslated == [] and fuzzy == []
    for msgid, msgstr, _ in entries:
        for placeholder in re.findall(r"%\(\w+\)[sd]", msgid):
            assert placeholder in msgstr, (msgid, placeholder)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext not installed")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_compiled_catalogue_matches_the_po_file(tmp_path, po):
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(out), str(po)], check=True)  # noqa: S603,S607
    mo = po.with_suffix(".mo")
    assert mo.exists() and out.read_bytes() == mo.read_bytes(), \
        f"run `make messages` and commit {mo.relative_to(SRC)}"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "code", "svg") or attrs.get("dir") == "ltr" or \
                attrs.get("lang") == "en":
            self._skip += 1
            self._tag_stack = [*getattr(self, "_tag_stack", []), tag]
        for name in ("aria-label", "placeholder", "title"):
            if attrs.get(name):
                self.chunks.append(attrs[name])

    def handle_endtag(self, tag):
        stack = getattr(self, "_tag_stack", [])
        if stack and stack[-1] == tag:
            stack.pop()
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


def english_leaks(html: str, allowed: set[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    leaks = []
    for chunk in parser.chunks:
        words = [w for w in re.findall(r"[A-Za-z]{3,}", chunk) if w not in allowed]
        if words:
            leaks.append(chunk)
    return leaks


@pytest.mark.django_db
def test_urdu_pages_show_no_untranslated_english(client, cell_agency):
    admin = make_user(cell_agency, username="admin")
    give_role(admin, Role.AGENCY_ADMIN)
    client.cookies["hifazat_language"] = "ur"
    allowed = set(re.findall(r"[A-Za-z]{3,}", admin.display_name)) | {"Hifazat"}
    anon_pages = [reverse("accounts:login"), "/missing/"]
    for url in anon_pages:
        html = client.get(url).content.decode()
        assert english_leaks(html, allowed) == [], url
    verified_client(client, admin)
    client.cookies["hifazat_language"] = "ur"
    for url in ["/", reverse("accounts:user_create")]:
        html = client.get(url).content.decode()
        assert english_leaks(html, allowed) == [], url
