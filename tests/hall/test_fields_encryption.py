"""ID numbers and phones are encrypted at rest, found by their blind index, and keys rotate."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from approvals.models import Case, DeliveryPreference
from hall import crypto
from hall.models import ApplicantProfile
from tests.factories import Cast, applicant_data, make_applicant_user, make_case, make_item, resident_id

pytestmark = pytest.mark.django_db


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_round_trip_and_nothing_in_clear_in_the_column():
    assert crypto.decrypt(crypto.encrypt("11010519491231002X")) == "11010519491231002X"
    assert crypto.encrypt("") == "" and crypto.encrypt(None) is None
    # Random IV: the same number twice gives two different ciphertexts.
    assert crypto.encrypt("13812345678") != crypto.encrypt("13812345678")

    user = make_applicant_user()
    profile = ApplicantProfile.objects.get(user=user)
    stored = raw("hall_applicantprofile", "id_number", profile.pk)
    assert stored.startswith("enc1:") and profile.id_number not in stored
    assert profile.phone not in raw("hall_applicantprofile", "phone", profile.pk)
    assert ApplicantProfile.objects.get(pk=profile.pk).id_number == profile.id_number


def test_case_columns_and_the_collectors_id_are_encrypted():
    item = make_item()
    agent = resident_id()
    case = make_case(state="delivered", item=item, applicant=applicant_data(agent_name="李四", agent_id_number=agent))
    number = case.applicant_id_number
    for column in ("applicant_id_number", "applicant_phone", "agent_id_number"):
        assert raw("approvals_case", column, case.pk).startswith("enc1:"), column
    details = raw("approvals_case", "delivery_details", case.pk)
    assert number not in str(details) and "enc1:" in str(details)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.delivery_details["collector_id_number"] == number
    assert fresh.agent_id_number == agent


def test_delivery_preference_phone_is_encrypted():
    from approvals import services as s

    item = make_item()
    cast = Cast(item.department)
    user = make_applicant_user()
    case = make_case(state="in_review", item=item, cast=cast, applicant=user, channel="online")
    s.case_choose_delivery(case=case, method="post", by=user, recipient="张三", phone="13912345678", address="示范县")
    pref = DeliveryPreference.objects.get(case=case)
    assert "13912345678" not in raw("approvals_deliverypreference", "phone", pref.pk)
    assert pref.phone == "13912345678"


def test_blind_index_finds_exact_values_and_plain_lookups_are_refused():
    make_applicant_user()
    user = make_applicant_user()
    profile = user.applicant_profile
    found = ApplicantProfile.objects.filter(id_number_index=crypto.blind_index(profile.id_number.lower()))
    assert list(found) == [profile]
    assert ApplicantProfile.objects.filter(phone_index=crypto.blind_index(profile.phone)).get() == profile
    assert profile.id_number not in profile.id_number_index  # an HMAC, not the number
    with pytest.raises(FieldError):
        list(ApplicantProfile.objects.filter(id_number=profile.id_number))


def test_case_list_search_by_exact_id_number(client):
    from approvals.selectors import case_list

    item = make_item()
    cast = Cast(item.department)
    mine = make_case(item=item, cast=cast, applicant=applicant_data(id_number=resident_id()))
    make_case(item=item, cast=cast, applicant=applicant_data(id_number=resident_id()))
    assert list(case_list(user=cast.desk, filters={"q": mine.applicant_id_number})) == [mine]


def test_registration_refuses_a_second_account_for_the_same_id_number():
    from django.core.exceptions import ValidationError

    from portal.services import applicant_register

    user = make_applicant_user()
    with pytest.raises(ValidationError) as exc:
        applicant_register(
            username="second-account",
            password="a-Long-passw0rd-2026",
            applicant_type="person",
            name="张三",
            id_number=user.applicant_profile.id_number,
            phone="13800000000",
        )
    assert "id_number" in exc.value.message_dict


def test_key_rotation_re_encrypts_under_the_new_key():
    old = crypto._fernet()._fernets[0]
    user = make_applicant_user()
    number = user.applicant_profile.id_number
    before = raw("hall_applicantprofile", "id_number", user.applicant_profile.pk)
    new_key = Fernet.generate_key().decode()
    from django.conf import settings

    with override_settings(HALL_FIELD_KEYS=[new_key, *settings.HALL_FIELD_KEYS]):
        # Old rows still read with the old key second in the list.
        assert ApplicantProfile.objects.get(pk=user.applicant_profile.pk).id_number == number
        out = StringIO()
        call_command("rotate_field_keys", stdout=out)
        assert "hall.ApplicantProfile" in out.getvalue()
    after = raw("hall_applicantprofile", "id_number", user.applicant_profile.pk)
    assert after != before
    with override_settings(HALL_FIELD_KEYS=[new_key]):  # the old key retired
        assert ApplicantProfile.objects.get(pk=user.applicant_profile.pk).id_number == number
        assert list(ApplicantProfile.objects.filter(id_number_index=crypto.blind_index(number))) == [
            user.applicant_profile
        ]
    with pytest.raises(InvalidToken):  # the rewritten value is no longer under the old key
        old.decrypt(after.removeprefix("enc1:").encode())
    with override_settings(HALL_FIELD_KEYS=[Fernet.generate_key().decode()]), pytest.raises(crypto.FieldKeyError):
        ApplicantProfile.objects.get(pk=user.applicant_profile.pk)  # a wrong key is an error, never garbage


def test_rows_written_before_encryption_are_read_and_then_encrypted():
    """A row from before the migration (plaintext in the column) reads as is; a rewrite encrypts it."""
    from hall.fields import rewrite_encrypted_rows

    user = make_applicant_user()
    profile = user.applicant_profile
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hall_applicantprofile SET id_number = %s, id_number_index = '' WHERE id = %s",
            [profile.id_number, profile.pk],
        )
    assert ApplicantProfile.objects.get(pk=profile.pk).id_number == profile.id_number
    rewrite_encrypted_rows(ApplicantProfile)
    assert raw("hall_applicantprofile", "id_number", profile.pk).startswith("enc1:")
    assert raw("hall_applicantprofile", "id_number_index", profile.pk) == crypto.blind_index(profile.id_number)
