"""Case files in S3-compatible object storage (issue 22: several web hosts).

Runs against moto's S3 server over real HTTP on a local port, as a deployment would against
MinIO: what the API stores is an object in the bucket, another host (another client) reads it,
the download view streams it, and a replaced file's old object is deleted on commit.
"""

import socket
import uuid

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from approvals.models import CaseMaterial
from tests.approvals.api_helpers import client_for
from tests.factories import PDF_BYTES, make_case

pytestmark = pytest.mark.django_db

CREDENTIALS = {"aws_access_key_id": "hall", "aws_secret_access_key": "hall-secret", "region_name": "cn-north-1"}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    # A bucket per test: case numbers restart with each test's rolled-back database.
    name = f"hall-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint, **CREDENTIALS).create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["region_name"]}
    )
    return name


@pytest.fixture
def object_storage(settings, s3_endpoint, bucket):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "hall.storage_s3.HallS3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "region_name": CREDENTIALS["region_name"],
                "addressing_style": "path",
            },
        },
    }
    client = boto3.client("s3", endpoint_url=s3_endpoint, **CREDENTIALS)

    class Bucket:
        def keys(self, prefix):
            listing = client.list_objects_v2(Bucket=bucket, Prefix=prefix)
            return {entry["Key"] for entry in listing.get("Contents", [])}

        def read(self, key):
            return client.get_object(Bucket=bucket, Key=key)["Body"].read()

    return Bucket()


def test_a_material_is_stored_in_the_bucket_and_another_host_reads_it(
    object_storage, item, cast, django_capture_on_commit_callbacks
):
    case = make_case(state="received", item=item, cast=cast)
    requirement = case.materials.order_by("position").first().requirement_id
    api = client_for(cast.desk)
    url = f"/api/v1/cases/{case.number}/materials/"
    pdf = SimpleUploadedFile("营业执照 副本.pdf", PDF_BYTES, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(url, {"requirement": requirement, "file": pdf}, format="multipart").status_code == 201
    stored = CaseMaterial.objects.get(case=case, requirement_id=requirement).file.name
    assert type(default_storage._wrapped).__name__ == "HallS3Storage"
    # Another web host has its own client and no shared disk: the object is in the bucket.
    assert object_storage.keys(f"cases/{case.number}/") == {stored}
    assert object_storage.read(stored) == PDF_BYTES
    assert " " not in stored.rsplit("/", 1)[-1]  # the same safe names as on disk

    # The permission-checked download view streams it from the bucket.
    page = Client()
    page.force_login(cast.desk)
    download = page.get(f"/workbench/cases/{case.number}/materials/{requirement}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_replacement_deletes_the_old_object_only_after_commit(
    object_storage, item, cast, django_capture_on_commit_callbacks
):
    case = make_case(state="received", item=item, cast=cast)
    requirement = case.materials.order_by("position").first().requirement_id
    api = client_for(cast.desk)
    url = f"/api/v1/cases/{case.number}/materials/"
    first_pdf = SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        api.post(url, {"requirement": requirement, "file": first_pdf}, format="multipart")
    first = CaseMaterial.objects.get(case=case, requirement_id=requirement).file.name

    second_pdf = SimpleUploadedFile("a.pdf", PDF_BYTES + b"2", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert api.post(url, {"requirement": requirement, "file": second_pdf}, format="multipart").status_code == 201
    second = CaseMaterial.objects.get(case=case, requirement_id=requirement).file.name
    assert second != first  # never overwritten in place: a failed request would lose the old one
    assert object_storage.keys(f"cases/{case.number}/") == {first, second}
    for callback in callbacks:
        callback()
    assert object_storage.keys(f"cases/{case.number}/") == {second}
