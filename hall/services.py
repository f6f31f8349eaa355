"""Writes for the hall's organisation (windows, staff, applicants)."""

from django.db import transaction

from hall.models import ApplicantProfile, Hall, StaffProfile, Window, default_hall_id


@transaction.atomic
def window_save(*, number, name, kind, department=None, is_active=True, hall=None):
    """Create or update the hall's window with this number (the home hall when none is named)."""
    hall_id = hall.pk if hall is not None else default_hall_id()
    window = Window.objects.filter(hall_id=hall_id, number=number).first() or Window(hall_id=hall_id, number=number)
    window.name, window.kind, window.department, window.is_active = name, kind, department, is_active
    window.full_clean()
    window.save()
    return window


@transaction.atomic
def staff_profile_set(*, user, role, department=None, window=None, hall=None):
    """Give a user a staff role (validated: department roles need a department, clerks a window).

    The profile's hall is the one named, else the window's, else the department's, else the home
    hall: supervisors and hall admins answer for that hall and every hall below it.
    """
    profile = StaffProfile.objects.filter(user=user).first() or StaffProfile(user=user)
    profile.role, profile.department, profile.window = role, department, window
    if hall is not None:
        profile.hall = hall
    elif window is not None:
        profile.hall_id = window.hall_id
    elif department is not None:
        profile.hall_id = department.hall_id
    else:
        profile.hall_id = default_hall_id()
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


@transaction.atomic
def hall_save(*, code, name, level, parent=None, **details):
    """Create or update a hall of the network; moving it under another parent moves its subtree.

    details: short_name, address, hours, phone, seal_line, sort_order, is_active.
    """
    hall = Hall.objects.select_for_update().filter(code=code).first() or Hall(code=code)
    old_path = hall.path if hall.pk else None
    hall.name, hall.level, hall.parent = name, level, parent
    for field, value in details.items():
        setattr(hall, field, value)
    hall.full_clean()
    hall.save()
    if old_path and old_path != hall.path:
        # Paths are stored, not computed on read: rewrite the moved subtree's prefixes.
        for below in Hall.objects.filter(path__startswith=old_path).exclude(pk=hall.pk).only("pk", "path"):
            Hall.objects.filter(pk=below.pk).update(path=hall.path + below.path[len(old_path) :])
    return hall
