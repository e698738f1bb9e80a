"""Every demo role, in Urdu, on every page its navigation reaches and every page linked
from those (one level deep): no untranslated English. Allowed: codes and numbers (a word
with a digit, a dash, a dot or an underscore in its token, or in capitals), people's and
places' names in Latin script (data, not interface), usernames and the product name."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from hifazat.accounts.models import User
from hifazat.demo.justice import demo_suspects
from hifazat.demo.register import demo_people
from hifazat.demo.services import load_demo
from tests.factories import verified_client
from tests.web.test_translations import _Text

pytestmark = pytest.mark.django_db

# Never followed: they act (sign out, switch language) or stream files (PDF, CSV).
SKIP = re.compile(r"^/(accounts/sign-out|i18n/|static/|api/(?!$)|favicon)|\.(pdf|csv)$|/pdf/|"
                  r"/extract")
WORD = re.compile(r"[A-Za-z]{3,}")
TOKEN = re.compile(r"\S+")
UNITS = {"PKT", "Hifazat", "CNIC", "FIR", "SMS", "PDF", "API", "NPB", "NSOR", "SSOIU",
         "PPC", "TOTP", "URL", "JSON", "km"}

# English still written by code owned elsewhere: listed so this test catches anything
# new, and emptied as those senders move to notice kinds + parameters
# (notices.kinds.register(code, label, subject=…, body=…); send_notice(kind=…, params=…)).
KNOWN_ELSEWHERE: list[re.Pattern] = []


def _demo_free_text() -> set[str]:
    """Free text the demo types as its users would (sentences, addresses, notes): data,
    shown as written, not interface."""
    from hifazat.demo import justice, register, whereabouts

    texts = [*register.SENTENCES, *whereabouts.ADDRESSES, *justice.FREE_TEXT, "demo entry",
             "Scar on the left forearm", "police record", "Name in an FIR",
             "Assessed at the first report after release",
             # demo/crisis_cells.py: what the demo doctor and counsellor type
             "PEP starter pack, 3 days", "Staff nurse on duty", "Swabs",
             "Clothing worn at the time", "PEP adherence check",
             "Counselling session with the guardian"]
    return {w for text in texts for w in WORD.findall(text)}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.nav: list[str] = []
        self._in_nav = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "site-nav" in (attrs.get("class") or ""):
            self._in_nav = 1
        if tag == "a" and attrs.get("href", "").startswith("/"):
            (self.nav if self._in_nav else self.links).append(attrs["href"].split("#")[0])

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = 0


def _names() -> set[str]:
    words = {"Hifazat"} | _demo_free_text()
    for user in User.objects.all():
        words |= set(WORD.findall(f"{user.display_name} {user.username}"))
    for suspect in demo_suspects():  # the demo's FIRs (register proposals name them)
        words |= set(WORD.findall(" ".join(
            suspect[f] for f in ("name", "surname", "father"))))
    _gen, rows = demo_people()
    for person, alias in rows:
        for p in (person, alias):
            if p is not None:
                words |= set(WORD.findall(" ".join(
                    str(getattr(p, f, "")) for f in ("given_name", "surname", "father_name"))))
    return words


def leaks(html: str, allowed: set[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        for token in TOKEN.findall(chunk):
            if re.search(r"[\d\-_./@:]", token) or token.strip("()[],;·").isupper():
                continue
            bad = [w for w in WORD.findall(token) if w not in allowed and w not in UNITS]
            if bad:
                found.append(chunk)
                break
    return [c for c in found if not any(p.search(c) for p in KNOWN_ELSEWHERE)]


def _walk(client, allowed) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    seen: set[str] = set()
    home = client.get("/")
    first = _Links()
    first.feed(home.content.decode())
    level_one = ["/", *dict.fromkeys(first.nav)]
    queue = [(url, 0) for url in level_one]
    while queue:
        url, depth = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or SKIP.search(path):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        found = leaks(html, allowed)
        if found:
            problems[url] = found[:5]
        if depth == 0:
            links = _Links()
            links.feed(html)
            queue += [(link, 1) for link in dict.fromkeys(links.links + links.nav)]
    return problems


def test_every_demo_role_sees_urdu_on_every_page_it_reaches(client):
    users = [user for _spec, user in load_demo()]
    allowed = _names()
    report = {}
    for user in users:
        client.logout()
        verified_client(client, user)
        client.cookies["hifazat_language"] = "ur"
        problems = _walk(client, allowed)
        if problems:
            report[user.username] = problems
    assert report == {}, "\n".join(
        f"{who} {url}: {chunks}" for who, pages in report.items()
        for url, chunks in pages.items())
