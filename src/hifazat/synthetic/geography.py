"""Places, numbers and address pieces for the synthetic-people generator.

Real district names and codes (matching ``hifazat/places/data/reference.json``), with
CNIC prefixes in NADRA's style (first digit the region, the next four district-like) and
mobile network prefixes. Localities are generic names found in many Pakistani cities;
no address generated from them is meant to be a real one.
"""

from __future__ import annotations

import zlib

# (district code, province code, district name): the generator's default districts.
DEFAULT_DISTRICTS: tuple[tuple[str, str, str], ...] = (
    ("PB-LHR", "PB", "Lahore"),
    ("PB-FSD", "PB", "Faisalabad"),
    ("PB-RWP", "PB", "Rawalpindi"),
    ("PB-MUL", "PB", "Multan"),
    ("PB-GRW", "PB", "Gujranwala"),
    ("PB-SKT", "PB", "Sialkot"),
    ("PB-BWP", "PB", "Bahawalpur"),
    ("PB-SGD", "PB", "Sargodha"),
    ("PB-DGK", "PB", "Dera Ghazi Khan"),
    ("SD-KHS", "SD", "Karachi South"),
    ("SD-KHE", "SD", "Karachi East"),
    ("SD-KHC", "SD", "Karachi Central"),
    ("SD-HYD", "SD", "Hyderabad"),
    ("SD-SUK", "SD", "Sukkur"),
    ("SD-LRK", "SD", "Larkana"),
    ("IS-ISB", "IS", "Islamabad"),
    ("KP-PEW", "KP", "Peshawar"),
    ("KP-MRD", "KP", "Mardan"),
    ("KP-SWT", "KP", "Swat"),
    ("KP-ABT", "KP", "Abbottabad"),
    ("BA-QTA", "BA", "Quetta"),
    ("BA-KZD", "BA", "Khuzdar"),
    ("GB-GLT", "GB", "Gilgit"),
)

# Relative population weights for drawing a district (default 1.0 for any other code).
DISTRICT_WEIGHTS: dict[str, float] = {
    "PB-LHR": 5.0, "PB-FSD": 3.5, "PB-RWP": 2.5, "PB-MUL": 2.5, "PB-GRW": 2.5,
    "PB-SKT": 1.8, "PB-BWP": 1.8, "PB-SGD": 1.8, "PB-DGK": 1.5,
    "SD-KHS": 1.2, "SD-KHE": 2.0, "SD-KHC": 1.8, "SD-HYD": 2.0, "SD-SUK": 1.0,
    "SD-LRK": 1.0, "IS-ISB": 1.5, "KP-PEW": 2.5, "KP-MRD": 1.5, "KP-SWT": 1.5,
    "KP-ABT": 0.8, "BA-QTA": 1.5, "BA-KZD": 0.5, "GB-GLT": 0.3,
}

# Districts that are mostly urban (the rest get more village addresses).
URBAN_DISTRICTS: tuple[str, ...] = (
    "PB-LHR", "PB-FSD", "PB-RWP", "PB-MUL", "PB-GRW", "SD-KHS", "SD-KHE", "SD-KHC",
    "SD-HYD", "IS-ISB", "KP-PEW", "BA-QTA",
)

# The city written in addresses where it differs from the district's name.
CITY_OF_DISTRICT: dict[str, str] = {
    "SD-KHS": "Karachi", "SD-KHE": "Karachi", "SD-KHC": "Karachi", "SD-KHW": "Karachi",
    "SD-KRG": "Karachi", "SD-MLR": "Karachi", "SD-KMR": "Karachi",
    "PB-DGK": "D.G. Khan", "KP-SWT": "Mingora",
}

# CNIC "locality" prefixes (first five digits) used for people of a district.
CNIC_PREFIXES: dict[str, tuple[str, ...]] = {
    "PB-LHR": ("35201", "35202", "35200"),
    "PB-FSD": ("33100", "33102", "33104"),
    "PB-RWP": ("37405", "37406", "37401"),
    "PB-MUL": ("36302", "36303", "36304"),
    "PB-GRW": ("34101", "34104"),
    "PB-SKT": ("34603", "34601"),
    "PB-BWP": ("31202", "31203"),
    "PB-SGD": ("38403", "38401"),
    "PB-DGK": ("32102", "32103"),
    "SD-KHS": ("42301", "42000"),
    "SD-KHE": ("42201", "42101"),
    "SD-KHC": ("42101", "42401"),
    "SD-HYD": ("41303", "41304"),
    "SD-SUK": ("45504", "45502"),
    "SD-LRK": ("43203", "43204"),
    "IS-ISB": ("61101",),
    "KP-PEW": ("17301", "17101"),
    "KP-MRD": ("16101", "16102"),
    "KP-SWT": ("15602", "15601"),
    "KP-ABT": ("13101", "13102"),
    "BA-QTA": ("54400", "54401"),
    "BA-KZD": ("52203", "52201"),
    "GB-GLT": ("71501",),
}

# First CNIC digit by province code; merged tribal districts keep the old FATA "2".
CNIC_REGION_DIGIT: dict[str, str] = {
    "KP": "1", "PB": "3", "SD": "4", "BA": "5", "IS": "6", "GB": "7", "JK": "8",
}
FORMER_FATA_DISTRICTS: tuple[str, ...] = (
    "KP-BJR", "KP-MMD", "KP-KHB", "KP-ORK", "KP-KRM", "KP-NWZ", "KP-SWB",
)


def cnic_prefixes_for(district_code: str, province_code: str) -> tuple[str, ...]:
    """The five-digit CNIC prefixes for a district: the table's, or two derived stably
    (CRC32 of the code, never Python's salted ``hash``) from the province's digit."""
    known = CNIC_PREFIXES.get(district_code)
    if known:
        return known
    if district_code in FORMER_FATA_DISTRICTS:
        region = "2"
    else:
        fallback = str(1 + zlib.crc32(province_code.encode()) % 7)
        region = CNIC_REGION_DIGIT.get(province_code, fallback)
    crc = zlib.crc32(district_code.encode())
    division, district, tehsil = 1 + crc % 9, 1 + (crc // 9) % 9, (crc // 81) % 10
    return tuple(f"{region}{division}{district}{tehsil}{sub}" for sub in (1, 2))


# Mobile network prefixes (the "3XX" of 03XX): Jazz, Zong, Warid, Ufone, Telenor, SCO.
MOBILE_PREFIXES: tuple[str, ...] = (
    *(f"30{d}" for d in range(10)),
    *(f"31{d}" for d in range(9)),
    *(f"32{d}" for d in range(6)),
    *(f"33{d}" for d in range(7)),
    *(f"34{d}" for d in range(9)),
    "355",
)

# Generic neighbourhoods and colonies found across Pakistani cities.
TOWNS: tuple[str, ...] = (
    "Gulberg", "Model Town", "Satellite Town", "Allama Iqbal Town", "Samanabad",
    "Faisal Town", "Township", "Johar Town", "Gulshan-e-Iqbal", "Nazimabad", "Civil Lines",
    "Peoples Colony", "Madina Town", "Ghousia Colony", "Jinnah Colony", "Shadman", "Cantt",
    "Saddar", "New Town", "Shah Faisal Colony", "Mustafa Town", "Nishtar Colony",
    "Railway Colony", "Millat Town", "Gulistan Colony", "Green Town", "Garden Town",
    "Wapda Town", "Officers Colony", "Muslim Town", "Sabzazar", "Iqbal Colony",
    "Rehman Colony", "Al-Noor Town", "Askari Colony", "Gulshan-e-Ravi", "Sadiqabad",
    "Khayaban Colony", "Bilal Town", "Hajiabad",
)
MOHALLAS: tuple[str, ...] = (
    "Islampura", "Rehmanpura", "Qasimabad", "Farooqabad", "Usmanabad", "Bilal Ganj",
    "Mohammadi", "Ghousia", "Madni", "Noorani", "Haideri", "Jamia Masjid", "Chah Mirana",
    "Kashmiri", "Sheikhan", "Arainan", "Syedan", "Qureshian", "Darbar Wala", "Pir Ghazi",
    "Kumharan", "Lohar Wala", "Masjid Wala", "Bazar Wala", "Mughalpura", "Pathan Wala",
    "Baloch Colony", "Shah Jamal", "Data Nagar", "Faizabad",
)
ISLAMABAD_SECTORS: tuple[str, ...] = ("E", "F", "G", "H", "I")
CHAK_SUFFIXES: tuple[str, ...] = ("GB", "RB", "JB", "WB", "EB", "ML", "TDA", "SB", "NB")
VILLAGE_PREFIXES: tuple[str, ...] = ("Basti", "Kot", "Dhok", "Pind", "Jhok", "Chah", "Dera")
PATHAN_VILLAGE_SUFFIXES: tuple[str, ...] = ("Kalay", "Banda", "Dheri", "Khel", "Ghari")
ADDRESS_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("House No. ", "H# "), ("House No. ", "H.No. "), ("Street No. ", "St. "),
    ("Street No. ", "Gali No. "), ("Mohalla ", "Mohallah "), ("Mohalla ", "Mohala "),
    ("District ", "Distt. "), ("Tehsil ", "Teh. "), ("Post Office ", "P.O. "),
)
