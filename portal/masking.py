"""The holder's name as the public verification page shows it."""

from hall.constants import ApplicantType


def masked_holder(case):
    """张** for a person; an organisation's name in full (it is public on its business licence)."""
    name = case.applicant_name or ""
    if case.applicant_type == ApplicantType.PERSON:
        return name[:1] + "*" * max(len(name) - 1, 1)
    return name
