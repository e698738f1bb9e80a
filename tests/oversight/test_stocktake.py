"""The crisis-cell stocktake: a round's content from a built world (a Lahore cell with
roster gaps — an expired certificate, a man on the WMLO duty, empty shifts —, a Karachi
cell covered round the clock, Multan without a cell), history kept across rounds and
never changed, the comparison with the previous round, access (other roles 403, a
province analyst limited to her province, taking a round for national analysts only),
no person-level data on the page or in the CSV, suppressed cases, bad input for the
command and the pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from hifazat.accounts import services as account_services
from hifazat.accounts.models import User
from hifazat.accounts.roles import AgencyKind, Role
from hifazat.audit.models import AuditEvent
from hifazat.crisis_cells import selectors as cell_selectors
from hifazat.crisis_cells import services as cell_services
from hifazat.oversight import stocktake, tasks
from hifazat.oversight.errors import BadInput, RoundIsHistory
from hifazat.oversight.models import StocktakeDistrict, StocktakeRound
from hifazat.places.models import Facility
from tests.crisis_cells.helpers import staff
from tests.factories import make_agency, verified_client
from tests.oversight.conftest import open_case

pytestmark = pytest.mark.django_db

WMLO = "wmlo_certification"


def _sex(user, sex):
    user.sex = sex
    user.save(update_fields=["sex"])
    return user


def _certify(admin, user, *, course=WMLO, years_ago=1, expires_in_days=365):
    today = timezone.localdate()
    account_services.record_training(
        actor=admin, user=user, course=course,
        certified_on=today - timedelta(days=365 * years_ago),
        expires_on=today + timedelta(days=expires_in_days))


@pytest.fixture
def stock(world):
    """Three days (today and the two before) of two cells' rosters, cases at both."""
    today = timezone.localdate()
    days = [today - timedelta(days=n) for n in (2, 1, 0)]
    lhr, khi = world["cell"], world["khi_cell"]
    lhr_admin, khi_admin = staff(lhr, Role.AGENCY_ADMIN), staff(khi, Role.AGENCY_ADMIN)
    lhr_boss, khi_boss = staff(lhr, Role.CELL_IN_CHARGE), staff(khi, Role.CELL_IN_CHARGE)
    woman = _sex(staff(lhr, Role.WMLO), "F")
    expired = _sex(staff(lhr, Role.WMLO), "F")
    man = _sex(staff(lhr, Role.WMLO), "M")
    _certify(lhr_admin, woman)
    _certify(lhr_admin, expired, years_ago=3, expires_in_days=-10)
    _certify(lhr_admin, man)
    _certify(lhr_admin, world["doctor"], course="who_cmr")
    khi_wmlo = _sex(staff(khi, Role.WMLO), "F")
    _certify(khi_admin, khi_wmlo)

    def on(boss, cell, person, role, day, shift):
        cell_services.put_on_shift(user=boss, cell=cell, date=day, shift=shift,
                                   person=person, role=role)

    on(lhr_boss, lhr, woman, "wmlo", days[0], "morning")          # covered
    on(lhr_boss, lhr, expired, "wmlo", days[0], "evening")        # expired: a gap
    on(lhr_boss, lhr, man, "wmlo", days[0], "night")              # a man: a gap
    on(lhr_boss, lhr, woman, "wmlo", days[1], "morning")          # covered
    on(lhr_boss, lhr, world["doctor"], "cell_doctor", days[1], "evening")  # no WMLO
    for day in days:
        for shift in ("morning", "evening", "night"):
            on(khi_boss, khi, khi_wmlo, "wmlo", day, shift)
    for _ in range(6):
        open_case(world)
    open_case(world, arrived_days_ago=10)  # before the period
    for _ in range(2):
        open_case(world, doctor=world["khi_doctor"])
    period = f"{days[0].isoformat()}..{today.isoformat()}"
    return {**world, "period": period, "days": days, "lhr_admin": lhr_admin,
            "woman": woman, "expired": expired, "man": man, "lhr_boss": lhr_boss}


def _rows(taken) -> dict[str, StocktakeDistrict]:
    return {r.district.code: r for r in taken.districts.select_related("district")}


def _get(user, url, lang="en", **params):
    client = verified_client(Client(), user)
    client.cookies["django_language"] = lang
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=lang)


# --- the round's content ---------------------------------------------------------------

def test_a_round_has_every_district_with_its_cell_staff_shifts_and_cases(stock):
    taken = stocktake.take_round(period=stock["period"], by=stock["national"])
    assert taken.status == "taken" and taken.counted_until == timezone.localdate()
    rows = _rows(taken)
    assert set(rows) == {"PB-LHR", "PB-MUL", "SD-KHS"}

    multan = rows["PB-MUL"]
    assert (multan.no_cell, multan.cells, multan.facility_en, multan.shifts) == \
        (True, 0, "", 0)
    assert not multan.wmlo_gaps and not multan.is_open_24_7

    lahore = rows["PB-LHR"]
    assert (lahore.no_cell, lahore.cells, lahore.facility_en) == (False, 1, "HOSP-LHR")
    # 9 shifts: 2 covered by the trained woman; the expired certificate, the man, the
    # doctor-only shift and the 4 empty shifts are gaps.
    assert (lahore.shifts, lahore.shifts_unstaffed, lahore.shifts_without_wmlo) == (9, 4, 7)
    assert lahore.wmlo_gaps and not lahore.is_open_24_7
    assert lahore.cases == 6  # the case of ten days ago is outside the period
    # WMLO: three hold the role, the expired certificate is not counted as trained.
    assert lahore.staff["wmlo"] == [3, 2]
    assert lahore.staff["cell_doctor"] == [1, 1]
    assert lahore.staff["cell_legal_adviser"] == [1, 0]
    assert lahore.staff["cell_counsellor"] == [0, 0]

    karachi = rows["SD-KHS"]
    assert (karachi.shifts, karachi.shifts_unstaffed, karachi.shifts_without_wmlo) == (9, 0, 0)
    assert karachi.is_open_24_7 and not karachi.wmlo_gaps and karachi.cases == 2

    event = AuditEvent.objects.get(action="oversight.stocktake_taken")
    assert event.actor_id == stock["national"].pk and event.object_id == str(taken.pk)
    assert event.details["no_cell"] == 1 and event.details["wmlo_gaps"] == 1


def test_the_round_agrees_with_the_roster_page(stock):
    gaps = cell_selectors.shifts_without_trained_wmlo(stock["cell"], stock["days"][0],
                                                      stock["days"][-1])
    taken = stocktake.take_round(period=stock["period"], by=stock["national"])
    assert _rows(taken)["PB-LHR"].shifts_without_wmlo == len(gaps)
    assert (stock["days"][0], "evening") in gaps and (stock["days"][0], "night") in gaps
    assert (stock["days"][0], "morning") not in gaps


def test_rows_hold_no_person_and_no_user_id():
    columns = {f.name for f in StocktakeDistrict._meta.get_fields()}
    assert not {c for c in columns if "user" in c or "name" in c or c.endswith("_by")}


# --- history -----------------------------------------------------------------------------

def test_rounds_keep_their_history_and_are_never_changed(stock):
    first = stocktake.take_round(period=stock["period"], by=stock["national"])
    # A cell opens in Multan (its facility's name looks like a formula), and the Lahore
    # gaps of the last day are filled.
    facility = Facility.objects.create(code="HOSP-MUL", kind="hospital",
                                       name_en="=Multan General", name_ur="ملتان ہسپتال",
                                       district=stock["places"]["MUL"])
    make_agency(AgencyKind.CRISIS_CELL, facility)
    for day in stock["days"][1:]:
        for shift in ("evening", "night") if day == stock["days"][1] else (
                "morning", "evening", "night"):
            cell_services.put_on_shift(user=stock["lhr_boss"], cell=stock["cell"], date=day,
                                       shift=shift, person=stock["woman"], role="wmlo")
    second = stocktake.take_round(period=stock["period"], by=stock["national"])
    assert StocktakeRound.objects.filter(label=first.label).count() == 2
    old, new = _rows(first), _rows(second)
    assert old["PB-MUL"].no_cell and not new["PB-MUL"].no_cell
    assert (old["PB-LHR"].shifts_without_wmlo, new["PB-LHR"].shifts_without_wmlo) == (7, 2)

    row = old["PB-MUL"]
    row.no_cell = False
    with pytest.raises(RoundIsHistory):
        row.save()
    with pytest.raises(RoundIsHistory):
        row.delete()
    first.label = "2020Q1"
    with pytest.raises(RoundIsHistory):
        first.save()
    with pytest.raises(RoundIsHistory):
        first.delete()
    assert _rows(StocktakeRound.objects.get(pk=first.pk))["PB-MUL"].no_cell

    # The page compares the newer round with the previous one.
    html = _get(stock["national"], f"/oversight/stocktake/{second.pk}/").content.decode()
    assert "Cell opened" in html
    assert "Fewer shifts without a trained woman MLO" in html
    assert "1 cell opened" in html and "0 cells closed" in html
    # ...and the older one with nothing, unless asked.
    older = _get(stock["national"], f"/oversight/stocktake/{first.pk}/").content.decode()
    assert "No earlier round to compare with." in older
    asked = _get(stock["national"], f"/oversight/stocktake/{first.pk}/",
                 compare=second.pk).content.decode()
    assert "Cell closed" in asked and "More shifts without a trained woman MLO" in asked

    csv_text = _get(stock["national"], f"/oversight/stocktake/{second.pk}/stocktake.csv"
                    ).content.decode()
    assert "'=Multan General" in csv_text and ",=Multan" not in csv_text

    listing = _get(stock["national"], "/oversight/stocktake/").content.decode()
    assert listing.index(f'data-round="{second.pk}"') < listing.index(
        f'data-round="{first.pk}"')


# --- the pages ---------------------------------------------------------------------------

def test_problems_come_first_and_stand_out_in_words(stock):
    taken = stocktake.take_round(period=stock["period"], by=stock["national"])
    html = _get(stock["national"], f"/oversight/stocktake/{taken.pk}/").content.decode()
    order = [html.index(f'data-row="{code}"') for code in ("PB-MUL", "PB-LHR", "SD-KHS")]
    assert order == sorted(order)
    assert "No cell" in html and "7 shifts without a trained woman MLO" in html
    assert 'class="flag"' in html
    # The districts with gaps are also listed at the top, each a link to its row.
    assert '<ul data-gaps><li><a href="#d-PB-LHR">Lahore</a>' in html
    assert 'id="d-PB-LHR"' in html


def test_small_counts_of_cases_are_suppressed_on_the_page_and_in_the_csv(stock):
    taken = stocktake.take_round(period=stock["period"], by=stock["national"])
    html = _get(stock["national"], f"/oversight/stocktake/{taken.pk}/").content.decode()
    karachi = re.search(r'data-row="SD-KHS".*?data-cases>([^<]*)<', html, re.S)[1]
    assert karachi == "&lt;5"
    # The Sindh total would give the 2 away: the national total's line hides more.
    assert "<strong>8</strong>" not in html or "x" in re.findall(r"data-cases>([^<]*)<", html)
    csv_text = _get(stock["national"], f"/oversight/stocktake/{taken.pk}/stocktake.csv",
                    province="SD").content.decode()
    karachi_line = next(ln for ln in csv_text.splitlines() if ln.startswith("SD-KHS"))
    assert ",<5," in karachi_line
    total_line = csv_text.splitlines()[-1]
    assert total_line.split(",")[7] in {"x", "<5"}


def test_other_roles_are_refused(stock):
    taken = stocktake.take_round(period=stock["period"], by=stock["national"])
    for user in (stock["doctor"], stock["registrar"], stock["lhr"]["police"],
                 stock["lhr_admin"]):
        for url in ("/oversight/stocktake/", f"/oversight/stocktake/{taken.pk}/",
                    f"/oversight/stocktake/{taken.pk}/stocktake.csv"):
            assert _get(user, url).status_code == 403, (user, url)
        client = verified_client(Client(), user)
        assert client.post("/oversight/stocktake/take/",
                           {"period": stock["period"]}).status_code == 403


def test_a_province_analyst_sees_her_province_and_cannot_take_a_round(stock):
    taken = stocktake.take_round(period=stock["period"], by=stock["national"])
    page = _get(stock["punjab"], f"/oversight/stocktake/{taken.pk}/").content.decode()
    assert "Lahore" in page and "Multan" in page and "Karachi South" not in page
    assert _get(stock["punjab"], f"/oversight/stocktake/{taken.pk}/",
                province="SD").status_code == 400
    csv_text = _get(stock["sindh"], f"/oversight/stocktake/{taken.pk}/stocktake.csv"
                    ).content.decode()
    assert "Karachi South" in csv_text and "Lahore" not in csv_text
    listing = _get(stock["punjab"], "/oversight/stocktake/").content.decode()
    assert "/oversight/stocktake/take/" not in listing
    assert "/oversight/stocktake/take/" in _get(stock["national"],
                                                "/oversight/stocktake/").content.decode()
    client = verified_client(Client(), stock["punjab"])
    assert client.post("/oversight/stocktake/take/",
                       {"period": stock["period"]}).status_code == 403
    with pytest.raises(Exception):  # noqa: B017  (PermissionDenied)
        stocktake.take_round(period=stock["period"], by=stock["punjab"])


def test_no_person_level_data_on_the_page_or_in_the_csv(stock):
    taken = stocktake.take_round(period=stock["period"], by=stock["national"])
    html = _get(stock["national"], f"/oversight/stocktake/{taken.pk}/").content.decode()
    csv_text = _get(stock["national"], f"/oversight/stocktake/{taken.pk}/stocktake.csv"
                    ).content.decode()
    cell_staff = User.objects.filter(agency__kind__in=["crisis_cell", "vawc_centre"])
    assert cell_staff.count() >= 10
    for user in cell_staff:
        for text in (html, csv_text):
            assert user.display_name not in text and user.username not in text
    links = re.findall(r'href="([^"]+)"', html)
    assert not [u for u in links if u.startswith(("/cells/", "/justice/", "/register/",
                                                  "/accounts/users"))]
    assert not re.search(r"ARCC-|VAWC-\d", html + csv_text)  # no case code


def test_a_round_taken_from_the_page_runs_in_the_background(stock,
                                                            django_capture_on_commit_callbacks):
    client = verified_client(Client(), stock["national"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/oversight/stocktake/take/", {"period": stock["period"]})
    assert response.status_code == 302 and len(callbacks) == 1
    queued = StocktakeRound.objects.get()
    assert queued.status == "queued" and queued.taken_by == stock["national"]
    listing = _get(stock["national"], "/oversight/stocktake/").content.decode()
    assert "Queued" in listing
    assert _get(stock["national"], f"/oversight/stocktake/{queued.pk}/").status_code == 404
    assert tasks.take_stocktake.call(queued.pk) == 3
    queued.refresh_from_db()
    assert queued.status == "taken" and queued.districts.count() == 3
    assert tasks.take_stocktake.call(queued.pk) == 3  # taken once: left as it is


@pytest.mark.parametrize("period", ["soon", "2099Q1", "2026-12-01..2026-01-01",
                                    "2026-02-30..2026-03-01", "2019", ""])
def test_bad_periods_on_the_page_are_a_400_with_a_message(stock, period):
    client = verified_client(Client(), stock["national"])
    response = client.post("/oversight/stocktake/take/", {"period": period})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert not StocktakeRound.objects.exists()


@pytest.mark.parametrize("params", [{"province": "ZZ"}, {"compare": "999999"},
                                    {"compare": "abc"}, {"province": "<script>"}])
def test_bad_filters_on_a_round_are_a_400(stock, params):
    taken = stocktake.take_round(period=stock["period"], by=stock["national"])
    page = _get(stock["national"], f"/oversight/stocktake/{taken.pk}/", **params)
    assert page.status_code == 400 and 'role="alert"' in page.content.decode()
    assert "<script>" not in page.content.decode()
    assert _get(stock["national"], f"/oversight/stocktake/{taken.pk}/stocktake.csv",
                **params).status_code == 400
    assert _get(stock["national"], "/oversight/stocktake/424242/").status_code == 404


def test_the_pages_in_urdu(stock):
    from tests.web.test_urdu_everywhere import leaks

    taken = stocktake.take_round(period=stock["period"], by=stock["national"])
    for url in ("/oversight/stocktake/", f"/oversight/stocktake/{taken.pk}/"):
        page = _get(stock["national"], url, lang="ur").content.decode()
        assert 'dir="rtl"' in page and "<td" in page
        own_name = set(re.findall(r"[A-Za-z]{3,}", stock["national"].display_name))
        assert leaks(page, {"Hifazat", *own_name}) == [], url  # the header names her


# --- the command -------------------------------------------------------------------------

def _run(*argv) -> tuple[int, str]:
    """(exit status, message) as ``manage.py`` would end: ``run_from_argv`` turns a
    ``CommandError`` into its message on stderr and ``sys.exit(returncode)`` (called
    through ``call_command`` so the test database connection stays open)."""
    try:
        call_command("oversight_stocktake", *argv)
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, ""


@pytest.mark.parametrize("period,message", [
    ("soon", "Unknown period SOON"), ("2099Q1", "has not started"),
    ("2026-12-01..2026-01-01", "ends before it starts"), ("2019", "before the Act")])
def test_the_command_refuses_bad_periods_with_status_1(stock, period, message):
    status, text = _run("--period", period)
    assert status == 1 and message in text
    assert not StocktakeRound.objects.exists()


def test_the_command_takes_a_round(stock, capsys):
    assert _run("--period", stock["period"]) == (0, "")
    out = capsys.readouterr().out
    assert "3 districts, 1 without a cell, 1 with shifts without a trained woman MLO" in out
    taken = StocktakeRound.objects.get()
    assert taken.taken_by is None and taken.status == "taken"


def test_the_service_refuses_a_bad_period(stock):
    with pytest.raises(BadInput):
        stocktake.take_round(period="2026Q5")
    assert not StocktakeRound.objects.exists()


def test_a_round_that_fails_is_marked_failed_with_nothing_half_written(
        stock, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        queued = stocktake.request_round(period=stock["period"], by=stock["national"])

    def broken(**kwargs):
        raise RuntimeError("the roster table is locked")

    monkeypatch.setattr(stocktake.cells, "oversight_cases_by_district", broken)
    with pytest.raises(RuntimeError):
        stocktake.take_queued(queued.pk)
    queued.refresh_from_db()
    assert (queued.status, queued.error) == ("failed", "RuntimeError")
    assert not StocktakeDistrict.objects.exists()
    assert not AuditEvent.objects.filter(action="oversight.stocktake_taken").exists()
    listing = _get(stock["national"], "/oversight/stocktake/").content.decode()
    assert "Failed" in listing and "the roster table is locked" not in listing
