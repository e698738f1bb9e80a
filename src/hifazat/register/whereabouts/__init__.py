"""Whereabouts of registered offenders after release (Sex Offenders Register Rules 2023:
notifications between prisons, police and prosecution): custody and release, reporting
to police, offender-reported changes and travel, periodic compliance verification,
the notice of obligations, risk level and review notes, employment and vehicles."""
