"""The crisis cells' incident types mapped to the GBVIMS classification (the six core
types of the GBV Information Management System). The table is also in
``docs/oversight.md``; a type missing here is a start-up error in the tests."""

from django.utils.translation import gettext_lazy as _

RAPE = "rape"
SEXUAL_ASSAULT = "sexual_assault"
PHYSICAL_ASSAULT = "physical_assault"
FORCED_MARRIAGE = "forced_marriage"
DENIAL_OF_RESOURCES = "denial_of_resources"
PSYCHOLOGICAL = "psychological_abuse"
NOT_RECORDED = "not_recorded"

GBV_TYPES = [
    (RAPE, _("Rape")),
    (SEXUAL_ASSAULT, _("Sexual assault")),
    (PHYSICAL_ASSAULT, _("Physical assault")),
    (FORCED_MARRIAGE, _("Forced marriage")),
    (DENIAL_OF_RESOURCES, _("Denial of resources, opportunities or services")),
    (PSYCHOLOGICAL, _("Psychological or emotional abuse")),
    (NOT_RECORDED, _("Incident not recorded")),
]
LABELS = dict(GBV_TYPES)

# crisis_cells IncidentType value -> GBVIMS type
MAPPING = {
    "rape": RAPE,
    "gang_rape": RAPE,
    "child_sexual_abuse": SEXUAL_ASSAULT,  # penetration is recorded as "rape" by the cell
    "sexual_assault": SEXUAL_ASSAULT,
    "domestic_violence": PHYSICAL_ASSAULT,
    "family_dispute": PSYCHOLOGICAL,
    "harassment": PSYCHOLOGICAL,
    "cyber_harassment": PSYCHOLOGICAL,
    "other": PSYCHOLOGICAL,
    "": NOT_RECORDED,
}


def gbv_type(incident_type: str | None) -> str:
    return MAPPING.get(incident_type or "", NOT_RECORDED)
