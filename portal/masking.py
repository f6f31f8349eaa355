"""The holder's name as the public verification page shows it."""

from hall.constants import ApplicantType


def masked_holder(case):
    """张** for a person; an organisation's name keeps its first two and last four characters."""
    name = case.applicant_name or ""
    if case.applicant_type == ApplicantType.PERSON:
        return name[:1] + "*" * max(len(name) - 1, 1)
    if len(name) <= 6:
        return name[:1] + "*" * (len(name) - 1)
    return name[:2] + "*" * (len(name) - 6) + name[-4:]
