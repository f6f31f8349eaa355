"""Writes for the hall's organisation (windows, staff, applicants)."""

from django.db import transaction

from hall.models import ApplicantProfile, StaffProfile, Window


@transaction.atomic
def window_save(*, number, name, kind, department=None, is_active=True):
    window = Window.objects.filter(number=number).first() or Window(number=number)
    window.name, window.kind, window.department, window.is_active = name, kind, department, is_active
    window.full_clean()
    window.save()
    return window


@transaction.atomic
def staff_profile_set(*, user, role, department=None, window=None):
    """Give a user a staff role (validated: department roles need a department, clerks a window)."""
    profile = StaffProfile.objects.filter(user=user).first() or StaffProfile(user=user)
    profile.role, profile.department, profile.window = role, department, window
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def applicant_profile_save(*, user, applicant_type, name, id_number, phone, contact_person="", address=""):
    """Create or update an applicant's profile; the ID number is validated (GB 11643 / GB 32100)."""
    profile = ApplicantProfile.objects.filter(user=user).first() or ApplicantProfile(user=user)
    profile.applicant_type, profile.name, profile.id_number = applicant_type, name, id_number
    profile.phone, profile.contact_person, profile.address = phone, contact_person, address
    profile.full_clean()
    profile.save()
    return profile
