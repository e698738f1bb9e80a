"""The same linkage job through Splink 5 (DuckDB in memory), for comparison and as the
national-scale route (the same settings run on Spark: docs/identity-spark.md).

Splink gets a careful, conventional configuration for Pakistani registers:

* cleaning: lower case, punctuation removed, digits-only CNIC; leading titles (Syed, Ch.,
  Chaudhry, Malik, Rana, Rao, Mian, Hafiz, Haji, Sheikh, Mirza, Khawaja, Dr, Mr, Mst,
  Mrs, ...: the identity engine's table, ``identity.rules.TITLES``, Latin and Urdu)
  dropped from given and father names (never the last word, so a surname "Malik"
  stays); every spelling of Muhammad (Mohammad, Muhammed, Mohd, Md, M., محمد)
  made ``muhammad``; the father's name loses a trailing family name equal to the
  record's surname; a ``*_core`` column drops a leading ``muhammad`` (28 % of men carry
  it, and registers drop or add it); Arabic-keyboard Urdu letters made Urdu;
* comparisons: given name (exact, exact without Muhammad, Jaro-Winkler 0.92 / 0.88 / 0.7,
  term-frequency adjusted), father's name (same levels, no term frequencies), surname
  (exact, Jaro-Winkler 0.9), date of birth (exact date, same year, birth years within
  one; a year-only date compares on its year), CNIC (exact; Damerau-Levenshtein <= 1,
  i.e. one wrong digit or two swapped digits), district (exact). Names written in
  different scripts (Urdu against Latin) compare as missing, not as a disagreement; a
  column empty on every record of either side (FEBRL has no father's name) is left out.
  CNIC note: a plain Levenshtein <= 2 level (which a transposition needs) also takes in
  the close numbers of brothers and sisters registered together; as siblings share
  father, surname and district, that level turned siblings into links (on the benchmark
  at 10,000 people: precision 0.972 against 0.997, same recall). Damerau-Levenshtein
  <= 1 counts the transposition without them;
* blocking for prediction (``BLOCKING_KEYS``): exact CNIC; CNIC digits after the middle
  one; CNIC digits before the middle one + birth year; given name's first 3 letters +
  birth year; father's first 3 letters + district; surname + father's first 3 letters;
  date of birth + district; given name + father's name;
* training: probability two random records match from deterministic rules (exact CNIC;
  exact given name, surname and date of birth) at an assumed recall of 0.7; u by random
  sampling (``max_pairs=1e6``, seeded); m by EM on two blocking rules (exact CNIC; given
  name's first 3 letters + birth year).

It does not get Hifazat's Urdu transliteration or phonetic keys: an Urdu-script record
reaches Splink as written, so against a Latin-script register it links on CNIC, date of
birth and district alone. Splink, DuckDB and pandas are the optional ``splink`` extra
(``uv sync --extra splink``; ``make`` installs it): they are imported inside the
functions, so importing this module costs nothing and never needs them, and
``require()`` answers one clear sentence when they are absent.
"""

from __future__ import annotations

import importlib
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from hifazat.identity import rules

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("id", "given", "surname", "father", "dob", "cnic", "district")
EXTRA_MODULES = ("pandas", "duckdb", "splink")


class EngineMissing(ImportError):
    """The optional ``splink`` extra (splink, duckdb, pandas) is not installed."""


def require() -> None:
    """Import what the engine needs, or raise ``EngineMissing`` with one sentence
    naming the missing module and how to install the extra."""
    for module in EXTRA_MODULES:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise EngineMissing(
                f"the Splink engine needs the optional 'splink' extra (splink, duckdb, "
                f"pandas), and {module} is missing: install it with "
                f"`uv sync --extra splink` (make does)") from exc
OUTPUT_COLUMNS = ("left_id", "right_id", "probability")

# Titles: the identity engine's own table (``identity.rules.TITLES``, Latin and Urdu),
# so that both engines clean the same way; Splink drops them where it always did (leading,
# never the last word).
HONORIFICS = rules.HONORIFICS
MUHAMMAD = "muhammad"
_MUHAMMAD_SPELLINGS = frozenset({
    "muhammad", "mohammad", "muhammed", "mohammed", "mohamad", "muhamad", "mohamed",
    "mohd", "محمد",
})
_MUHAMMAD_ABBREVIATIONS = frozenset({"m", "md", "mohd", "muhd"})
"""Read as Muhammad only as the first of several words ("M. Imran", not "Imran M")."""

_PUNCT = re.compile(r"[^\w\s]+|_")
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u200c\u200d\u200e\u200f]")
_ARABIC_KEYBOARD = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
                                  "\u0647": "\u06c1", "\u0629": "\u06c3"})
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR = re.compile(r"(\d{4})\b")


@lru_cache(maxsize=200_000)
def clean_name(text: str) -> str:
    """``"Syed M. Imran-Ali"`` -> ``"muhammad imran ali"`` ('' when nothing is left)."""
    text = _DIACRITICS.sub("", text.casefold()).translate(_ARABIC_KEYBOARD)
    words = _PUNCT.sub(" ", text).split()
    while len(words) > 1 and (words[0] in HONORIFICS or words[:2] == ["al", "haj"]):
        words.pop(0)
    out = []
    for i, word in enumerate(words):
        if word in _MUHAMMAD_SPELLINGS or (
            i == 0 and len(words) > 1 and word in _MUHAMMAD_ABBREVIATIONS
        ):
            word = MUHAMMAD
        out.append(word)
    return " ".join(out)


def _core(name: str) -> str:
    """The name without a leading ``muhammad`` (when more follows)."""
    if name.startswith(MUHAMMAD + " "):
        return name[len(MUHAMMAD) + 1:]
    return name


def _father(father: str, surname: str) -> str:
    if surname and father.endswith(" " + surname):
        return father[: -len(surname) - 1]
    return father


def _dob(value: str) -> tuple[str | None, int | None]:
    """ISO date (None for a year-only or missing date) and birth year (or None). Takes
    ISO ``YYYY-MM-DD``, ``YYYY``, ``YYYYMMDD`` and day-first ``DD/MM/YYYY`` (also with
    ``-`` or ``.``), the way Pakistani forms write dates; an impossible date keeps its
    year."""
    value = value.strip()
    match = _ISO_DATE.fullmatch(value) or _COMPACT_DATE.fullmatch(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif match := _DAY_FIRST_DATE.fullmatch(value):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YEAR.match(value):
        return None, int(match.group(1))
    else:
        return None, None
    try:
        return date(year, month, day).isoformat(), year
    except ValueError:
        return None, year


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """Cleaned columns for Splink: ``unique_id`` plus the compared and blocking columns;
    empty values become nulls."""
    import pandas as pd

    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    raw = frame.loc[:, list(COLUMNS)].fillna("").astype(str)
    given = raw["given"].map(clean_name)
    surname = raw["surname"].map(clean_name)
    father = pd.Series([_father(f, s) for f, s in
                        zip(raw["father"].map(clean_name), surname, strict=True)],
                       index=raw.index, dtype=object)
    given_core, father_core = given.map(_core), father.map(_core)
    dobs = [_dob(v) for v in raw["dob"]]
    cnic = raw["cnic"].str.replace(r"\D+", "", regex=True)
    district = raw["district"].str.strip().str.upper()

    def null(series: pd.Series) -> Any:
        return series.where(series != "", None).to_numpy(dtype=object)

    head = cnic.map(lambda c: c[: len(c) // 2] if len(c) >= 6 else "")
    tail = cnic.map(lambda c: c[len(c) // 2 + 1:] if len(c) >= 6 else "")
    names = raw["given"] + raw["surname"] + raw["father"]
    script = names.str.contains("[\u0600-\u06ff]", regex=True).map({True: "ur", False: "la"})
    return pd.DataFrame({
        "unique_id": raw["id"].to_numpy(dtype=object),
        "script": script.to_numpy(dtype=object),
        "given": null(given),
        "given_core": null(given_core),
        "given3": null(given_core.str[:3]),
        "surname": null(surname),
        "father_core": null(father_core),
        "father3": null(father_core.str[:3]),
        "dob": pd.Series([d for d, _ in dobs], dtype=object).to_numpy(),
        "birth_year": pd.array([y for _, y in dobs], dtype="Int64"),
        "cnic": null(cnic),
        "cnic_head": null(head),
        "cnic_tail": null(tail),
        "district": null(district),
    })


def _null_or_other_script(column: str) -> Any:
    """Null level: a value is missing, or the two names are written in different scripts
    (Urdu against Latin): string similarity across scripts says nothing either way."""
    import splink.comparison_level_library as cll

    # Unquoted names: a double-quoted name is a string literal in Spark SQL.
    return cll.CustomLevel(
        f"{column}_l IS NULL OR {column}_r IS NULL OR script_l <> script_r",
        label_for_charts=f"{column} missing or in another script",
        base_dialect_str="duckdb",
    ).configure(is_null_level=True)


def _name_comparison(full: str | None, core: str, *, tf: bool) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    levels = [_null_or_other_script(core)]
    if full is not None:
        levels.append(cll.ExactMatchLevel(full, term_frequency_adjustments=tf))
    levels.append(cll.ExactMatchLevel(core, term_frequency_adjustments=tf).configure(
        label_for_charts=f"Exact match on {core} (without Muhammad)"))
    levels += [cll.JaroWinklerLevel(core, t) for t in (0.92, 0.88, 0.7)]
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(levels, output_column_name=full or core)


def comparisons(present: frozenset[str] | None = None) -> list:
    """Splink comparisons; with ``present``, only those whose column has values."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    table = [
        ("given_core", _name_comparison("given", "given_core", tf=True)),
        ("father_core", _name_comparison(None, "father_core", tf=False)),
        ("surname", cl.CustomComparison([
            _null_or_other_script("surname"),
            cll.ExactMatchLevel("surname"),
            cll.JaroWinklerLevel("surname", 0.9),
            cll.ElseLevel(),
        ], output_column_name="surname")),
        ("birth_year", cl.CustomComparison([
            cll.NullLevel("birth_year"),
            cll.ExactMatchLevel("dob").configure(label_for_charts="Exact date of birth"),
            cll.ExactMatchLevel("birth_year").configure(label_for_charts="Same birth year"),
            cll.AbsoluteDifferenceLevel("birth_year", 1).configure(
                label_for_charts="Birth years within 1"),
            cll.ElseLevel(),
        ], output_column_name="dob")),
        ("cnic", cl.CustomComparison([
            cll.NullLevel("cnic"),
            cll.ExactMatchLevel("cnic"),
            cll.DamerauLevenshteinLevel("cnic", 1).configure(
                label_for_charts="One digit wrong or two digits swapped"),
            cll.ElseLevel(),
        ], output_column_name="cnic")),
        ("district", cl.ExactMatch("district")),
    ]
    return [c for column, c in table if present is None or column in present]


BLOCKING_KEYS: tuple[tuple[str, ...], ...] = (
    ("cnic",),
    # One wrong digit or two swapped digits leave one of the CNIC's halves intact.
    ("cnic_tail",),
    ("cnic_head", "birth_year"),
    ("given3", "birth_year"),
    ("father3", "district"),
    ("surname", "father3"),
    ("dob", "district"),
    ("given_core", "father_core"),
)
"""Blocking rules for prediction: a pair is scored when it agrees on every column of at
least one rule (``given3``/``father3``: the first three letters of the name without
Muhammad; ``cnic_head``/``cnic_tail``: the digits before and after the middle one)."""


def prediction_blocking_rules() -> list:
    from splink import block_on

    return [block_on(*columns) for columns in BLOCKING_KEYS]


def settings(link_type: str, present: frozenset[str] | None = None) -> Any:
    """The Splink model specification (shared by the DuckDB and the Spark route)."""
    from splink import SettingsCreator

    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=comparisons(present),
        blocking_rules_to_generate_predictions=prediction_blocking_rules(),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


@contextmanager
def _splink_logging(progress: bool) -> Iterator[None]:
    """Splink's messages to stderr with ``progress``, else nowhere. Splink resets its
    logger's level to INFO whenever it builds a Linker (EM training builds its own), so
    the handler decides, not the level; the logger is restored afterwards."""
    logger = logging.getLogger("splink")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    handler: logging.Handler = logging.NullHandler()
    if progress:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers = [handler]
    logger.propagate = False
    try:
        yield
    finally:
        logger.handlers, logger.level, logger.propagate = saved


def _present(*frames: pd.DataFrame) -> frozenset[str]:
    """Columns with at least one value on every side."""
    columns = ("given_core", "father_core", "surname", "birth_year", "cnic", "district")
    return frozenset(c for c in columns if all(f[c].notna().any() for f in frames))


def train_and_predict(tables: list, present: frozenset[str], *, dedupe: bool,
                      threshold: float, min_prior: float = 1e-9) -> pd.DataFrame:
    """Train the model on registered tables (``prepare``'d, on any Splink database) and
    return Splink's predictions at or above ``threshold`` as pandas. ``min_prior`` floors
    the probability that two random records match when the deterministic rules find no
    pair at all (Splink cannot score with a prior of 0)."""
    from splink import Linker, block_on
    from splink.internals.exceptions import SplinkException

    linker = Linker(tables[0] if dedupe else tables,
                    settings("dedupe_only" if dedupe else "link_only", present))
    training = linker.training
    deterministic = [block_on("cnic")] if "cnic" in present else []
    deterministic.append(block_on("given", "surname", "dob"))
    training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    model = linker._settings_obj  # Splink 5 has no public setter for the prior
    if not model._probability_two_random_records_match > 0:
        model._probability_two_random_records_match = min_prior
    training.estimate_u_using_random_sampling(max_pairs=1e6, seed=42)
    # The second rule names given_core (not given3) so that Splink leaves the given-name
    # comparison out of that EM session: every pair in it agrees on the first letters.
    em_rules = [("cnic", block_on("cnic"))] if "cnic" in present else []
    em_rules.append(("given_core[:3] + birth_year",
                     block_on("substr(given_core, 1, 3)", "birth_year")))
    for name, rule in em_rules:
        try:
            training.estimate_parameters_using_expectation_maximisation(rule)
        except SplinkException as exc:  # e.g. no pair at all under this rule
            reason = str(exc).strip().splitlines()[0]
            logging.getLogger(__name__).warning("EM on %s skipped: %s", name, reason)
    return linker.inference.predict(threshold_match_probability=threshold) \
        .as_pandas_dataframe()


def _empty() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"left_id": pd.Series([], dtype=object),
                         "right_id": pd.Series([], dtype=object),
                         "probability": pd.Series([], dtype=float)})


def link_splink(
    left: pd.DataFrame,
    right: pd.DataFrame | None = None,
    *,
    threshold: float = 0.9,
    progress: bool = False,
    db_api: Any = None,
) -> pd.DataFrame:
    """Link two DataFrames (string columns id, given, surname, father, dob, cnic,
    district) or, with ``right=None``, deduplicate one, with Splink.

    Returns ``left_id, right_id, probability`` for every pair scored at or above
    ``threshold``, best first (in dedupe mode both ids come from ``left`` and
    ``left_id < right_id`` as strings). ``db_api`` defaults to a fresh in-memory DuckDB,
    closed afterwards; pass ``splink.backends.spark.SparkAPI(...)`` to run the same job
    on Spark.
    """
    import pandas as pd

    dedupe = right is None
    if len(left) == 0 or (not dedupe and len(right) == 0):
        return _empty()
    own_db = db_api is None
    if own_db:
        from splink.backends.duckdb import DuckDBAPI

        db_api = DuckDBAPI(":memory:")
    # Fixed names in our own database keep runs reproducible (Splink's seeded sampling
    # sees them); a caller's database may already hold tables from an earlier call.
    tag = "" if own_db else "_" + uuid.uuid4().hex[:8]
    left_name, right_name = f"hifazat_left{tag}", f"hifazat_right{tag}"
    prepared = [prepare(left)] if dedupe else [prepare(left), prepare(right)]
    try:
        with _splink_logging(progress):
            tables = [db_api.register(frame, table_name=name)
                      for frame, name in zip(prepared, (left_name, right_name), strict=False)]
            total = (len(left) * (len(left) - 1) // 2) if dedupe else len(left) * len(right)
            frame = train_and_predict(tables, _present(*prepared), dedupe=dedupe,
                                      threshold=threshold, min_prior=1 / max(1, total))
    finally:
        if own_db:
            db_api.duckdb_con.close()
    if frame.empty:
        return _empty()
    a = frame["unique_id_l"].astype(str)
    b = frame["unique_id_r"].astype(str)
    swap = (a > b) if dedupe else (frame["source_dataset_l"].astype(str) != left_name)
    out = pd.DataFrame({"left_id": a.where(~swap, b).to_numpy(dtype=object),
                        "right_id": b.where(~swap, a).to_numpy(dtype=object),
                        "probability": frame["match_probability"].astype(float).to_numpy()})
    out = out[(out["probability"] >= threshold) & (out["left_id"] != out["right_id"])]
    return (out.sort_values("probability", ascending=False, kind="stable")
            .drop_duplicates(["left_id", "right_id"]).reset_index(drop=True))


def link_rows(left_rows: list[dict], right_rows: list[dict] | None, *,
              threshold: float) -> list[tuple[str, str, float]]:
    """``link_splink`` on plain records (``identity.records`` rows), answering
    ``(left_id, right_id, probability)`` tuples: the command's way in, so that it never
    touches pandas. Raises ``EngineMissing`` when the extra is absent."""
    require()
    import pandas as pd

    frame = link_splink(pd.DataFrame(left_rows),
                        pd.DataFrame(right_rows) if right_rows is not None else None,
                        threshold=threshold)
    return [(str(a), str(b), float(p)) for a, b, p in
            frame[["left_id", "right_id", "probability"]].itertuples(index=False)]
