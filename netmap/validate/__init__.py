"""Raw tables -> clean actors, ties and affiliations, and the report of everything changed.

The face of the stage: ``from netmap.validate import validate_tables, ValidationReport, …``
keeps working as it did when this was one module; the work is in :mod:`.tables` (actors and
ties), :mod:`.affiliations` (the second mode) and :mod:`.summary` (what reading changed, in
words).
"""
from netmap.validate.affiliations import AffiliationResult, validate_affiliations
from netmap.validate.summary import changes_summary, warning_texts
from netmap.validate.tables import *  # noqa: F403  (the face: every public name of the tables' checks)
from netmap.validate.tables import __all__ as _tables_all

__all__ = [*_tables_all, "AffiliationResult", "validate_affiliations", "changes_summary", "warning_texts"]
