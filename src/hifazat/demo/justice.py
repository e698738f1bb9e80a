"""Synthetic justice cases for the demo (dev only), in Lahore and Multan, at every stage
of the pipeline: an FIR from the cell's referral, FIRs on direct complaints, cases under
investigation (diary, custody, interim report), a challan awaiting the prosecutor's
scrutiny, one returned with its defects, trials with hearings (some adjourned, with
their reasons) and witnesses, convictions (the register proposal waiting for NPB; one
accused is a registered offender written another way, so the suspect check matches),
acquittals and appeals. Some are overdue.

Every step goes through ``justice.services`` as the demo's own station officers,
investigating officers, prosecutors and court clerks, with the one clock set to the day
the step happened (``demo.past.as_of``): the audit trail, the register checks, the
notices and the statutory deadlines are what real use would have written. Idempotent:
nothing is added once the demo stations have cases.

Every suspect comes from ``hifazat.synthetic.PeopleGenerator``, with the errors real
FIRs carry (a title written into the name, no date of birth, no CNIC, a name written
in Urdu script); none is a real person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from hifazat.core import clock
from hifazat.demo.past import as_of
from hifazat.demo.register import demo_people
from hifazat.justice import selectors, services
from hifazat.synthetic import PeopleGenerator

if TYPE_CHECKING:  # annotations only
    from hifazat.accounts.models import User

JUSTICE_SEED = 2021_12  # the Act's month and year
DISTRICT = {"LHR": "PB-LHR", "MUL": "PB-MUL"}
FORUM = {"LHR": "Lahore High Court", "MUL": "Lahore High Court, Multan Bench"}
# What the demo's officers, prosecutors and clerks type (data, shown as written).
DIARY = [
    "Scene visited with the complainant's family; site plan prepared.",
    "Statements of the complainant's mother and two neighbours recorded.",
    "Sealed samples from the crisis cell sent to the Punjab Forensic Science Agency.",
    "Forensic report received: the DNA profile matches the accused.",
    "Defects noted by the prosecutor being removed; recovery memo re-drawn.",
]
DEFECTS = ("Recovery memo not signed by the witnesses; the forensic report is not on "
           "the file.")
WITNESSES = [("PW-1 Women medico-legal officer", "prosecution"),
             ("PW-2 Investigating officer", "prosecution"),
             ("PW-3 Forensic expert", "prosecution"),
             ("DW-1 Neighbour of the accused", "defence")]
DISCLOSED = ("Copies of the FIR, the medico-legal report, the forensic report and the "
             "statements of witnesses")
SENTENCE = "Imprisonment for life and fine"
TITLES = ("Ch.", "Malik", "Hafiz", "Mian")
FREE_TEXT = [*DIARY, DEFECTS, *(label for label, _side in WITNESSES), DISCLOSED, SENTENCE,
             *FORUM.values()]

# How far each story goes.
FIR, INVESTIGATION, CHALLAN, RETURNED, TRIAL = ("fir", "investigation", "challan",
                                                "returned", "trial")
CONVICTED, ACQUITTED, APPEAL = "convicted", "acquitted", "appeal"
_DECIDED = (CONVICTED, ACQUITTED, APPEAL)
HEARING_EVERY = 21  # days between hearings
_PURPOSES = ["prosecution_evidence", "prosecution_evidence", "prosecution_evidence",
             "statement_of_accused", "defence_evidence", "arguments"]


@dataclass(frozen=True)
class Story:
    city: str  # "LHR" or "MUL": the demo chain (station, SSOIU, prosecution, court)
    number: str  # the FIR number at the chain's station
    days_ago: int  # the FIR was registered this many days ago
    stage: str  # how far the story goes (FIR … APPEAL)
    suspects: int = 1
    male_io: bool = False  # investigated by a man: the female-officer flag shows
    interim: bool = True  # an interim report within 14 days
    final_days_ago: int = 0  # CHALLAN, RETURNED: the final report's day
    decided_days_ago: int = 0  # CONVICTED, ACQUITTED, APPEAL: the verdict's day
    adjourned: tuple[str, ...] = ()  # the first hearings' adjournment reasons
    known_offender: bool = False  # the first suspect is a registered offender
    urdu_suspect: bool = False  # the first suspect's name written in Urdu script
    female_complainant: bool = True


STORIES = [
    # Lahore: one of each stage; due dates run from each FIR (investigation 60 days,
    # interim report 14, scrutiny 3, trial 120 from the charge).
    Story("LHR", "212", 3, FIR, suspects=2),
    Story("LHR", "57", 90, INVESTIGATION, suspects=2, urdu_suspect=True),  # overdue
    Story("LHR", "171", 25, INVESTIGATION, male_io=True, interim=False),  # overdue
    Story("LHR", "133", 50, CHALLAN, final_days_ago=2),
    Story("LHR", "149", 40, RETURNED, final_days_ago=9),
    Story("LHR", "41", 140, TRIAL, suspects=2,
          adjourned=("defence_counsel_absent", "witness_absent")),
    Story("LHR", "18", 230, CONVICTED, suspects=2, known_offender=True,
          decided_days_ago=20, adjourned=("report_awaited",)),
    Story("LHR", "26", 210, ACQUITTED, decided_days_ago=15, adjourned=("strike",)),
    Story("LHR", "9", 300, APPEAL, decided_days_ago=60),
    # Multan.
    Story("MUL", "388", 20, FIR, interim=False, female_complainant=False),  # overdue
    Story("MUL", "301", 70, INVESTIGATION, suspects=3),  # overdue
    Story("MUL", "297", 55, CHALLAN, final_days_ago=7),  # overdue
    Story("MUL", "305", 38, RETURNED, final_days_ago=6),
    Story("MUL", "102", 260, TRIAL, adjourned=(  # overdue
        "defence_counsel_absent", "strike", "accused_not_produced", "witness_absent",
        "judge_on_leave")),
    Story("MUL", "77", 240, CONVICTED, decided_days_ago=30),
    Story("MUL", "64", 250, ACQUITTED, suspects=2, decided_days_ago=40,
          adjourned=("prosecutor_absent",)),
    Story("MUL", "35", 320, APPEAL, decided_days_ago=80, adjourned=("witness_absent",)),
]


# The FIR the Lahore station registers from the cell's referral (today).
_REFERRAL_STORY = Story("LHR", "318", 0, FIR)


@dataclass(frozen=True)
class _Chain:
    police: User
    io: User
    male_io: User
    prosecutor: User
    clerk: User

    @property
    def station(self):
        return self.police.agency.facility


def _acting(user: User) -> User:
    # As the demo's own signed-in users (the loader never runs in production).
    user.is_verified = lambda: True
    return user


def _dob(person) -> str:
    return str(person.dob.year) if person.dob_precision == "year" else person.dob.isoformat()


def _particulars(person, district: str, *, title: str = "", dob: bool = True,
                 cnic: bool = True) -> dict:
    name = f"{title} {person.given_name}" if title else person.given_name
    return {"name": name, "surname": person.surname, "father": person.father_name,
            "sex": "M", "dob": _dob(person) if dob else "",
            "cnic": person.cnic if cnic else "", "district": district}


class _Suspects:
    """The accused of each story, drawn in order from one seeded generator."""

    def __init__(self):
        self.gen = PeopleGenerator(seed=JUSTICE_SEED)
        self.count = 0
        _gen, rows = demo_people()
        self.registered = rows[1][0]  # a registered offender (with a CNIC on record)

    def for_story(self, story: Story) -> list[dict]:
        district = DISTRICT[story.city]
        out = []
        for i in range(story.suspects):
            self.count += 1
            n = self.count
            if i == 0 and story.known_offender:
                # Written by the station with a misspelling and no CNIC: the register
                # check still finds him.
                person = self.gen.variant_of(self.registered, rng_strength=0.2)
                out.append(_particulars(person, district, cnic=False))
                continue
            person = self.gen.offender()
            if i == 0 and story.urdu_suspect:
                person = self.gen.variant_of(person, rng_strength=0.0, urdu=True)
            out.append(_particulars(
                person, district, title=TITLES[n // 4 % len(TITLES)] if n % 4 == 1 else "",
                dob=n % 5 != 2, cnic=n % 3 != 0))
        return out


def demo_suspects() -> list[dict]:
    """Every suspect's particulars the demo enters, regenerated identically from the
    seed (tests find the demo's people through this)."""
    people = _Suspects()
    return [row for story in [*STORIES, _REFERRAL_STORY] for row in people.for_story(story)]


def _suspects_of(case) -> list:
    return list(case.fir.suspects.order_by("pk"))


def _investigate(story: Story, chain: _Chain, case, fir_day: date, today: date):
    io = chain.male_io if story.male_io else chain.io

    def day(n: int) -> date:
        return fir_day + timedelta(days=n)

    with as_of(day(1)):
        case = services.assign_investigation(user=io, case=case, officer=io)
        services.add_diary_entry(user=io, case=case, on=day(1), text=DIARY[0], statements=1)
    suspects = _suspects_of(case)
    # (day after the FIR, what happened): custody of the accused, the diary, the
    # interim report, recorded in date order as they happened.
    steps = [(2, "custody", (0, "arrest", None)), (3, "custody", (0, "police_remand", 10)),
             (11, "custody", (0, "judicial_remand", None)),
             (20, "custody", (0, "bail_refused", None)),
             (4, "diary", (DIARY[1], 3)), (9, "diary", (DIARY[2], 0)),
             (18, "diary", (DIARY[3], 0))]
    steps += [(4, "custody", (i, "bail_granted", None)) for i in range(1, len(suspects))]
    if story.interim:
        steps.append((12, "interim", None))
    for n, what, args in sorted(steps, key=lambda step: step[0]):
        if day(n) > today:
            continue
        with as_of(day(n)):
            if what == "custody":
                i, kind, until = args
                suspects[i].refresh_from_db()  # its custody as the last event left it
                services.record_custody(user=io, case=case, suspect=suspects[i], kind=kind,
                                        on=day(n), until=day(until) if until else None)
            elif what == "diary":
                services.add_diary_entry(user=io, case=case, on=day(n), text=args[0],
                                         statements=args[1])
            else:
                services.submit_report(user=io, case=case, kind="interim",
                                       submitted_on=day(n))
    return case, io


def _hearings(story: Story, chain: _Chain, case, received: date, end: date,
              today: date) -> None:
    """The charge, then a hearing every three weeks until ``end``: the first adjourned
    for the story's reasons, witnesses summoned and heard; a decided story ends with
    the judgment hearing on ``end``, a trial with the next hearing still to come."""
    clerk, prosecutor = chain.clerk, chain.prosecutor
    decided = story.stage in _DECIDED
    with as_of(received):
        services.set_protection(user=clerk, case=case, screen=True,
                                video_link=story.city == "LHR")
        witnesses = [services.add_witness(user=clerk, case=case, label=label, side=side)
                     for label, side in WITNESSES]
    charged = received + timedelta(days=10)
    first = charged + timedelta(days=14)
    with as_of(charged):
        services.frame_charge(user=clerk, case=case, sections=["376"], on=charged)
        hearing = services.schedule_hearing(user=clerk, case=case, on=first,
                                            purpose=_PURPOSES[0])
    held = 0
    adjourned = list(story.adjourned)
    while hearing.on <= today and hearing.purpose != "judgment":
        witness = witnesses[held] if hearing.purpose == "prosecution_evidence" and \
            held < 3 else None
        if witness is not None:
            issued = hearing.on - timedelta(days=7)
            with as_of(issued):
                services.summon_witness(user=clerk, case=case, witness=witness,
                                        hearing=hearing, issued_on=issued)
        reason = adjourned.pop(0) if adjourned else ""
        nxt = hearing.on + timedelta(days=HEARING_EVERY)
        purpose = hearing.purpose if reason else _PURPOSES[min(held + 1, len(_PURPOSES) - 1)]
        if decided and nxt >= end:
            nxt, purpose = end, "judgment"
        with as_of(hearing.on):
            if held == 0 and not reason:
                services.record_disclosure(user=prosecutor, case=case, on=hearing.on,
                                           items=DISCLOSED)
            if witness is not None:
                services.record_attendance(user=clerk, case=case, witness=witness,
                                           attended=reason != "witness_absent",
                                           examined=not reason)
            services.record_hearing(user=clerk, case=case, hearing=hearing,
                                    outcome="adjourned" if reason else "held",
                                    adjournment_reason=reason, next_date=nxt,
                                    next_purpose=purpose)
        held += 0 if reason else 1
        hearing = case.hearings.order_by("-on", "-pk").first()
    if decided:
        with as_of(end):
            services.record_hearing(user=clerk, case=case, hearing=hearing, outcome="held")


def _verdict(story: Story, chain: _Chain, case, end: date) -> None:
    suspects = _suspects_of(case)
    # Lahore's appeal is the convict's; Multan's is the State's against an acquittal.
    convicted = story.stage == CONVICTED or (story.stage == APPEAL and story.city == "LHR")
    with as_of(end):
        services.record_verdict(
            user=chain.clerk, case=case, outcome="convicted" if convicted else "acquitted",
            decided_on=end, sentences=[{"suspect": suspects[0].pk, "sections": ["376"],
                                        "sentence": SENTENCE}] if convicted else [])
    if story.stage == APPEAL:
        filed = end + timedelta(days=12)
        with as_of(filed):
            services.file_appeal(user=chain.clerk if convicted else chain.prosecutor,
                                 case=case, suspect=suspects[0], forum=FORUM[story.city],
                                 filed_on=filed)


def _tell(story: Story, chain: _Chain, suspects: list[dict], today: date) -> None:
    fir_day = today - timedelta(days=story.days_ago)
    with as_of(fir_day, time(10, 30)):
        case = services.register_fir(
            user=chain.police, station=chain.station, number=story.number,
            registered_at=clock.now(), sections=["376"], act_sections=["3"],
            suspects=suspects, complainant_female=story.female_complainant)
    if story.stage == FIR:
        return
    case, io = _investigate(story, chain, case, fir_day, today)
    if story.stage == INVESTIGATION:
        return
    final = today - timedelta(days=story.final_days_ago) if story.final_days_ago else \
        fir_day + timedelta(days=30)
    with as_of(final):
        report = services.submit_report(user=io, case=case, kind="final", submitted_on=final)
    if story.stage == CHALLAN:
        return
    scrutiny = final + timedelta(days=1 if story.stage == RETURNED else 2)
    with as_of(scrutiny):
        services.scrutinise(user=chain.prosecutor, case=case, report=report,
                            decision="return" if story.stage == RETURNED else "accept",
                            on=scrutiny, defects=DEFECTS if story.stage == RETURNED else "")
    if story.stage == RETURNED:
        with as_of(scrutiny + timedelta(days=1)):
            services.add_diary_entry(user=io, case=case, on=scrutiny + timedelta(days=1),
                                     text=DIARY[4])
        return
    case.refresh_from_db()  # now before the court (the clerk's permission reads it)
    with as_of(scrutiny):
        services.assign_prosecutor(user=chain.prosecutor, case=case,
                                   prosecutor=chain.prosecutor)
    end = today - timedelta(days=story.decided_days_ago) if story.stage in _DECIDED \
        else today
    _hearings(story, chain, case, scrutiny, end, today)
    if story.stage in _DECIDED:
        _verdict(story, chain, case, end)


def _answer_referral(chain: _Chain, suspects: list[dict]) -> bool:
    """The station registers the FIR of the cell's latest referral (the older one stays
    in its inbox, unanswered)."""
    inbox = selectors.referral_inbox(chain.police)
    if len(inbox) < 2:
        return False
    services.register_fir(user=chain.police, station=chain.station,
                          number=_REFERRAL_STORY.number,
                          registered_at=clock.now(), sections=["376"], act_sections=["3"],
                          suspects=suspects, referral=inbox[-1])
    return True


def load_justice_demo(users: dict) -> int:
    """The stories above, once. ``users`` maps demo username -> User. Returns how many
    FIRs were registered (0 when already loaded or a demo user is missing)."""
    names = {"LHR": ("police.station", "io.ssoiu", "io.ssoiu2", "prosecutor", "court.clerk"),
             "MUL": ("police.multan", "io.multan", "io.multan", "prosecutor.multan",
                     "court.multan")}
    if any(users.get(n) is None for chain in names.values() for n in chain):
        return 0
    chains = {city: _Chain(*(_acting(users[n]) for n in chain))
              for city, chain in names.items()}
    if any(selectors.covered_cases(c.police).exists() for c in chains.values()):
        return 0
    today = timezone.localdate(clock.now())
    people = _Suspects()
    made = 0
    for story in STORIES:
        _tell(story, chains[story.city], people.for_story(story), today)
        made += 1
    if _answer_referral(chains["LHR"], people.for_story(_REFERRAL_STORY)):
        made += 1
    return made
