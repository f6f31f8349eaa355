"""System checks: the retention floor always; the development keys only under `check --deploy`."""

from django.conf import settings
from django.core import checks

DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LWNoYW5nZS1tZS0wMDA="
DEV_BLIND_INDEX_KEY = "dev-only-blind-index-key-change-me"


@checks.register(checks.Tags.security)
def retention_floor(app_configs, **kwargs):
    if int(settings.HALL_AUDIT_RETENTION_DAYS) < 180:
        return [
            checks.Error(
                "HALL_AUDIT_RETENTION_DAYS 少于 180 天：审计日志至少保存六个月（网络安全法第二十一条）。",
                id="audit.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def production_keys(app_configs, **kwargs):
    problems = []
    if DEV_FIELD_KEY in settings.HALL_FIELD_KEYS[:1]:
        problems.append(
            checks.Warning(
                "HALL_FIELD_KEYS 仍是开发用密钥：证件号码和电话的加密形同虚设。",
                hint="Fernet.generate_key()（cryptography）生成新密钥，见 README 安全一节。",
                id="audit.W001",
            )
        )
    if settings.HALL_BLIND_INDEX_KEY == DEV_BLIND_INDEX_KEY:
        problems.append(checks.Warning("HALL_BLIND_INDEX_KEY 仍是开发用密钥。", id="audit.W002"))
    return problems
