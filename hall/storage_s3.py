"""Object storage (S3-compatible: MinIO, OSS, OBS, S3) for a hall run on several web hosts.

On one host the file system is enough (`hall.storage.HallFileSystemStorage`, the embedded
default); behind a load balancer what one host stores every other must read, so a
deployment that sets `HALL_S3_BUCKET` stores case materials and results here instead. Kept in
its own module so the embedded default never imports boto3.
"""

from storages.backends.s3 import S3Storage

from hall.storage import safe_file_name


class HallS3Storage(S3Storage):
    """The same safe names as on disk; never overwrites (a replacement gets a new name and
    `replacing_files` deletes the old object on commit); objects are private and served only
    through the permission-checked download views, never by a public URL."""

    file_overwrite = False
    default_acl = None
    querystring_auth = True

    def get_valid_name(self, name):
        return safe_file_name(name)
