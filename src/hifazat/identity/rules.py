"""Normalisation rules as data. Change a table here, not a branch in code.

Sources: common CNIC/FIR transliteration practice in Pakistan; DESIGN.md "Domain rules".
"""

from __future__ import annotations

# Titles, honorifics and clan titles, every spelling (Latin lower case without the dot,
# and Urdu script) mapped to one canonical title. A title is taken off a name only where
# registers write it as a title: leading and followed by a name ("Malik Riaz", "Ch.
# Aslam", "سید عمران"), or one of SUFFIX_TITLES at the end ("Fatima Bibi"). Elsewhere the
# word stays part of the name: "Imran Malik" keeps Malik (a surname or caste written
# onto the name), and a title alone ("Malik") is the name. ``normalize.strip_titles``
# applies the rule; the Splink engine cleans with the same table.
TITLES: dict[str, str] = {
    **dict.fromkeys(("syed", "sayed", "sayyid", "sayyed", "saiyed", "syyed", "sd", "seyyed"),
                    "syed"),
    **dict.fromkeys(("syeda", "sayeda", "sayyida", "syyeda"), "syeda"),
    **dict.fromkeys(("ch", "chaudhry", "chaudhary", "choudhry", "chaudhri", "chowdhury",
                     "chohdry", "chaudry", "choudhary"), "chaudhry"),
    **dict.fromkeys(("malik", "mallik", "malick"), "malik"),
    **dict.fromkeys(("rana", "raana", "ranna"), "rana"),
    **dict.fromkeys(("rao", "raao", "rau"), "rao"),
    "rai": "rai", "raja": "raja", "rajah": "raja", "raaja": "raja",
    **dict.fromkeys(("mian", "miyan", "mia"), "mian"),
    **dict.fromkeys(("hafiz", "hafez", "hfz", "hafeez-e"), "hafiz"),
    **dict.fromkeys(("hafiza", "hafeza", "hafizah"), "hafiza"),
    **dict.fromkeys(("qari", "qaari"), "qari"),
    **dict.fromkeys(("haji", "hajji", "hajee", "alhaj", "alhajj", "hji", "haj"), "haji"),
    **dict.fromkeys(("sheikh", "shaikh", "shaykh", "sh", "shk", "shiekh"), "sheikh"),
    **dict.fromkeys(("mirza", "mirzaa", "merza"), "mirza"),
    **dict.fromkeys(("khawaja", "khwaja", "khuwaja", "kh"), "khawaja"),
    **dict.fromkeys(("sardar", "sirdar", "sardaar"), "sardar"),
    **dict.fromkeys(("mir", "meer"), "mir"),
    **dict.fromkeys(("nawab", "nawaab", "nuwab"), "nawab"),
    **dict.fromkeys(("pir", "peer"), "pir"),
    **dict.fromkeys(("maulana", "molana", "moulana", "mualana", "maulvi", "molvi"),
                    "maulana"),
    "qazi": "qazi", "makhdoom": "makhdoom",
    **dict.fromkeys(("dr", "doctor"), "dr"), "engr": "engr", "prof": "prof",
    "capt": "capt", "maj": "maj", "col": "col",
    "mr": "mr", "janab": "janab",
    **dict.fromkeys(("mst", "mussammat", "musammat", "mussamat", "mosammat"), "mst"),
    "mrs": "mrs", "ms": "ms", "miss": "miss", "mohtarma": "mohtarma",
    **dict.fromkeys(("bibi", "bibbi"), "bibi"),
    "begum": "begum", **dict.fromkeys(("sahib", "sahab"), "sahib"),
    # Urdu script.
    "سید": "syed", "سیدہ": "syeda", "چوہدری": "chaudhry", "چودھری": "chaudhry",
    "چوھدری": "chaudhry", "ملک": "malik", "رانا": "rana", "راؤ": "rao", "رائے": "rai",
    "راجہ": "raja", "میاں": "mian", "حافظ": "hafiz", "حافظہ": "hafiza", "قاری": "qari",
    "حاجی": "haji", "الحاج": "haji", "شیخ": "sheikh", "مرزا": "mirza", "خواجہ": "khawaja",
    "سردار": "sardar", "میر": "mir", "نواب": "nawab", "پیر": "pir", "مولانا": "maulana",
    "مولوی": "maulana", "قاضی": "qazi", "مخدوم": "makhdoom", "ڈاکٹر": "dr", "مسٹر": "mr",
    "جناب": "janab", "مسماۃ": "mst", "مسمات": "mst", "مسز": "mrs", "مس": "miss",
    "محترمہ": "mohtarma", "بیگم": "begum", "صاحب": "sahib", "صاحبہ": "sahib",
    "بی بی": "bibi", "بیبی": "bibi",
}
# Titles written after the name ("Fatima Bibi", "Aslam Sahib", "بی بی" as two words).
SUFFIX_TITLES: frozenset[str] = frozenset({
    "bibi", "bibbi", "sahib", "sahab", "begum", "بی بی", "بیبی", "صاحب", "صاحبہ", "بیگم",
})
# Every title spelling (either script), for code that only needs to recognise one.
HONORIFICS: frozenset[str] = frozenset(TITLES)

# Every way registers write Muhammad, mapped to one token.
MUHAMMAD_FORMS: frozenset[str] = frozenset({
    "muhammad", "mohammad", "muhammed", "mohammed", "mohamed", "muhamad", "mohamad",
    "mohd", "muhd", "mhd", "md", "m", "muhammd", "mehmmad",
})
MUHAMMAD_FORMS_UR: frozenset[str] = frozenset({"محمد", "محمّد", "مُحمد"})

# Relation markers between a person and the father's or husband's name.
RELATION_MARKERS: dict[str, str] = {
    "s/o": "s/o", "son of": "s/o", "bin": "s/o", "ibn": "s/o",
    "d/o": "d/o", "daughter of": "d/o", "bint": "d/o", "binte": "d/o",
    "w/o": "w/o", "wife of": "w/o",
    "ولد": "s/o", "بن": "s/o", "پسر": "s/o", "بنت": "d/o", "دختر": "d/o", "زوجہ": "w/o",
}

# Spelling alternations, applied in order to the lower-case Latin text of a word to get
# its canonical spelling (before the consonant key is taken). Each is (old, new).
SPELLING: list[tuple[str, str]] = [
    # The article written joined and assimilated: Ziauddin, Abdurrehman, Abdussalam.
    ("uddin", "uldin"), ("uddeen", "uldin"), ("udeen", "uldin"), ("urreh", "ulreh"),
    ("urrah", "ulrah"), ("ussal", "ulsal"), ("uzzam", "ulzam"), ("ushsh", "ulsh"),
    ("ph", "f"), ("ee", "i"), ("oo", "u"), ("ou", "u"), ("aa", "a"), ("ai", "e"),
    ("ay", "e"), ("ei", "e"), ("ey", "e"), ("q", "k"), ("v", "w"), ("zh", "z"),
    ("x", "ks"), ("ck", "k"), ("iy", "i"),
]

# Whole-word canonical forms for the commonest multi-spelling names (checked before the
# alternations above, after Muhammad forms).
CANONICAL_WORDS: dict[str, str] = {
    "rahman": "rehman", "rehmaan": "rehman", "rahmaan": "rehman",
    "hussain": "husain", "hussein": "husain", "husein": "husain", "hussian": "husain",
    "yousaf": "yusuf", "yousuf": "yusuf", "yusaf": "yusuf", "yousef": "yusuf", "yusof": "yusuf",
    "usman": "usman", "osman": "usman", "othman": "usman", "usmaan": "usman",
    "umer": "umar", "omar": "umar", "umair": "umair",
    "ullah": "ulla", "ulah": "ulla", "allah": "alla",
    # The Arabic article in compound names: Latin writes it as pronounced (ud-Din,
    # ur-Rehman, us-Salam), Urdu always as ال. Both are folded to "ul".
    "ud": "ul", "ur": "ul", "us": "ul", "uz": "ul", "un": "ul", "ut": "ul", "ush": "ul",
    "al": "ul", "el": "ul", "abdur": "abdul", "abdus": "abdul", "abduz": "abdul",
    # s+h, not sh (اسحاق): the capital H is a soft h that the key drops.
    "ishaq": "isHaq", "ishak": "isHaq", "ishaque": "isHaq", "ishaaq": "isHaq",
    # Abbreviations clerks use for the commonest first words.
    "gh": "ghulam", "ghul": "ghulam", "mhd": "muhammad", "abdl": "abdul",
}

# Particles that are written joined or apart ("Abdul Rehman" / "Abdurrehman",
# "Zia-ud-Din" / "Ziauddin"): names are compared with spaces removed after these rules.
PARTICLES: frozenset[str] = frozenset({"ul", "ud", "ur", "us", "un", "al", "el", "e", "-"})

# Urdu letters -> Latin letters, so Urdu-script names land on the same keys as their
# Latin spellings. Short vowels are not written in Urdu, and the consonant key ignores
# vowels, so the two scripts meet there. Position-dependent letters (و ی ا ہ) are
# handled in code because they are consonants at the start and vowels elsewhere.
URDU_LETTERS: dict[str, str] = {
    "ب": "b", "پ": "p", "ت": "t", "ٹ": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h",
    "خ": "kh", "د": "d", "ڈ": "d", "ذ": "z", "ر": "r", "ڑ": "r", "ز": "z", "ژ": "zh",
    "س": "s", "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "", "غ": "gh",
    "ف": "f", "ق": "q", "ک": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    "ں": "n", "ھ": "h", "ء": "", "ئ": "", "ؤ": "o", "أ": "a", "إ": "i", "آ": "a",
    "ي": "y", "ى": "y", "ۓ": "e", "ے": "e", "ً": "", "ٌ": "", "ٍ": "",
    "َ": "", "ُ": "", "ِ": "", "ّ": "", "ْ": "", "ٰ": "a", "ٔ": "", "ٗ": "",
}
# Letters whose reading depends on position: (at word start, elsewhere).
URDU_POSITIONAL: dict[str, tuple[str, str]] = {
    "ا": ("a", "a"), "و": ("w", "o"), "ی": ("y", "i"),
    # ہ and ح inside a word are vowels or a soft h, never the h of an aspirate digraph
    # (سہیل is Sohail, not "Shil"): written H, which the key drops.
    "ہ": ("h", "H"), "ح": ("h", "H"), "ه": ("h", "H"),
}
# Urdu spellings folded before the letter map: ن before ب sounds m (عنبرین Ambreen).
URDU_SPELLING: list[tuple[str, str]] = [(r"(?<=.)نب(?=.)", "مب")]

# Latin letters kept in the consonant key (vowels and glides are dropped except at the
# start of a word, where y/w are consonants). Digraphs become one symbol first.
DIGRAPHS: list[tuple[str, str]] = [
    ("kh", "x"), ("gh", "g"), ("sh", "S"), ("ch", "C"), ("bh", "b"), ("jh", "j"),
    ("rh", "r"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("c", "k"),
]
# Letters dropped from the key except at the start of a word: vowels, the glides y/w,
# and h (the least reliable letter: Shahzad/Shehzad/Shezad, چوہدری/Chaudhry).
KEY_DROPPED: frozenset[str] = frozenset("aeiouywhH")
