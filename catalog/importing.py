"""Import and export of the whole catalog as a file (JSON; CSV for items).

A hall loads its official list (标准化事项清单) with this. Import is all-or-nothing:
every bad row is reported with where it is (JSON: its path and line; CSV: its line
number) in Chinese, and nothing is saved unless everything is good. The write itself
runs inside catalog.services.catalog_import's transaction.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.constants import ApplicantType, ItemKind, ItemType, ResultType
from catalog.models import Chain, ChainStep, Department, Item, ItemImplementation, MaterialRequirement, ReviewStep
from hall.models import Hall

FORMAT_NAME = "hall-catalog"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 10 * 1024 * 1024

DEPARTMENT_FIELDS = ["name", "short_name", "level", "stationed_in_hall", "window_numbers", "phone", "sort_order"]
ITEM_FIELDS = [
    "name",
    "item_type",
    "theme",
    "kind",
    "legal_limit_days",
    "promised_limit_days",
    "legal_basis",
    "acceptance_conditions",
    "applicant_types",
    "max_visits",
    "online",
    "fee_charged",
    "fee_amount",
    "fee_basis",
    "result_type",
    "result_name",
    "warn_days",
    "allows_commitment",
    "allows_deficiency",
    "consult_phone",
    "notes",
    "is_active",
    "citywide",
]
# 实施清单 (issue 19): an item's implementation at one hall, by hall and department code.
IMPLEMENTATION_FIELDS = ["promised_limit_days", "fee_note", "window_numbers", "note", "is_active"]
HALL_FIELDS = ["name", "short_name", "level", "address", "hours", "phone", "seal_line", "sort_order", "is_active"]
MATERIAL_FIELDS = [
    "name",
    "required",
    "originals",
    "copies",
    "form",
    "source",
    "issuing_department",
    "notes",
    "may_commit",
    "may_be_deficient",
]
STEP_FIELDS = ["name", "limit_days", "decides"]
CHAIN_FIELDS = ["name", "description", "theme", "is_active"]


@dataclass
class Problem:
    where: str
    message: str

    def __str__(self):
        return f"{self.where}：{self.message}"


class CatalogImportError(ValidationError):
    """A refused import: every problem found, each with where it is."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__([str(p) for p in self.problems])


@dataclass
class CatalogData:
    """A parsed file: plain dicts, each with a human-readable `_where`."""

    halls: list = field(default_factory=list)
    departments: list = field(default_factory=list)
    items: list = field(default_factory=list)
    chains: list = field(default_factory=list)


# ---------------------------------------------------------------- export


def catalog_export_data():
    """The whole catalog as one JSON-ready dict (halls, departments, items with their 实施清单, chains)."""
    departments = Department.objects.select_related("hall").order_by("sort_order", "code")
    halls = Hall.objects.select_related("parent").order_by("path")
    items = (
        Item.objects.select_related("department")
        .prefetch_related("regulators", "materials", "steps", _implementations_prefetch())
        .order_by("department__sort_order", "code")
    )
    chains = Chain.objects.prefetch_related("steps__item", "steps__waits_for").order_by("code")
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "halls": [
            {
                "code": h.code,
                "parent": h.parent.code if h.parent_id else None,
                **{f: getattr(h, f) for f in HALL_FIELDS},
            }
            for h in halls
        ],
        "departments": [
            {"code": d.code, "hall": d.hall.code, **{f: getattr(d, f) for f in DEPARTMENT_FIELDS}} for d in departments
        ],
        "items": [_export_item(item) for item in items],
        "chains": [
            {
                "code": c.code,
                **{f: getattr(c, f) for f in CHAIN_FIELDS},
                "steps": [
                    {
                        "position": s.position,
                        "item": s.item.code,
                        "waits_for": sorted(w.position for w in s.waits_for.all()),
                    }
                    for s in c.steps.all()
                ],
            }
            for c in chains
        ],
    }


def _export_item(item):
    data = {"code": item.code, "department": item.department.code}
    for name in ITEM_FIELDS:
        value = getattr(item, name)
        data[name] = None if value is None else (str(value) if name == "fee_amount" else value)
    data["regulators"] = sorted(d.code for d in item.regulators.all())
    data["materials"] = [
        {"position": m.position, **{f: getattr(m, f) for f in MATERIAL_FIELDS}}
        for m in sorted(item.materials.all(), key=lambda m: (m.position, m.pk))
    ]
    data["steps"] = [
        {"position": s.position, **{f: getattr(s, f) for f in STEP_FIELDS}}
        for s in sorted(item.steps.all(), key=lambda s: s.position)
    ]
    data["implementations"] = [
        {"hall": i.hall.code, "department": i.department.code, **{f: getattr(i, f) for f in IMPLEMENTATION_FIELDS}}
        for i in item.implementations.all()
    ]
    return data


def _implementations_prefetch():
    from django.db.models import Prefetch

    rows = ItemImplementation.objects.select_related("hall", "department").order_by("hall__path")
    return Prefetch("implementations", queryset=rows)


def implementations_text(implementations):
    """The CSV cell of an item's 实施清单: "大厅编码:部门编码[:时限]" separated by "；"
    (the JSON export carries the fee note, windows and notes too)."""
    return "；".join(
        ":".join([i.hall.code, i.department.code, *([str(i.promised_limit_days)] if i.promised_limit_days else [])])
        for i in implementations
        if i.is_active
    )


def catalog_export_json():
    return json.dumps(catalog_export_data(), ensure_ascii=False, indent=2)


CSV_COLUMNS = ["code", "department", *ITEM_FIELDS, "regulators", "materials", "steps", "implementations"]
CSV_HEADERS = {
    "code": "事项编码",
    "department": "实施主体编码",
    "name": "事项名称",
    "item_type": "事项类型",
    "theme": "主题分类",
    "kind": "办件类型",
    "legal_limit_days": "法定办结时限",
    "promised_limit_days": "承诺办结时限",
    "legal_basis": "设定依据",
    "acceptance_conditions": "受理条件",
    "applicant_types": "申请主体",
    "max_visits": "到办事现场次数",
    "online": "可网上办理",
    "fee_charged": "是否收费",
    "fee_amount": "收费标准",
    "fee_basis": "收费依据",
    "result_type": "办理结果类型",
    "result_name": "办理结果名称",
    "warn_days": "黄灯预警提前工作日",
    "allows_commitment": "可告知承诺",
    "allows_deficiency": "可容缺受理",
    "consult_phone": "咨询电话",
    "notes": "温馨提示",
    "is_active": "启用",
    "citywide": "全市通办",
    "implementations": "实施清单",
    "regulators": "监管部门编码",
    "materials": "申请材料",
    "steps": "审批环节",
}
_CHOICE_FIELDS = {
    "item_type": ItemType,
    "kind": ItemKind,
    "result_type": ResultType,
}
_BOOL_FIELDS = {"online", "fee_charged", "allows_commitment", "allows_deficiency", "is_active", "citywide"}
_OPTIONAL_MARK = "（非必要）"


def catalog_export_items_csv():
    """Items as CSV with Chinese headers (Excel-friendly: UTF-8 with BOM).

    Materials are listed by name separated by "；" (optional ones marked 非必要), and
    steps by "→" (the deciding one marked "*"); the JSON export carries every detail.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([CSV_HEADERS[c] for c in CSV_COLUMNS])
    for item in (
        Item.objects.select_related("department")
        .prefetch_related("regulators", "materials", "steps", _implementations_prefetch())
        .order_by("department__sort_order", "code")
    ):
        row = []
        for column in CSV_COLUMNS:
            if column == "code":
                value = item.code
            elif column == "department":
                value = item.department.code
            elif column == "regulators":
                value = "；".join(sorted(d.code for d in item.regulators.all()))
            elif column == "materials":
                value = "；".join(m.name + ("" if m.required else _OPTIONAL_MARK) for m in item.materials.all())
            elif column == "steps":
                value = "→".join(s.name + ("*" if s.decides else "") for s in item.steps.all())
            elif column == "implementations":
                value = implementations_text(item.implementations.all())
            elif column == "applicant_types":
                value = "；".join(item.applicant_type_labels())
            elif column in _CHOICE_FIELDS:
                value = getattr(item, f"get_{column}_display")()
            elif column in _BOOL_FIELDS:
                value = "是" if getattr(item, column) else "否"
            else:
                value = getattr(item, column)
                value = "" if value is None else value
            row.append(value)
        writer.writerow(row)
    return out.getvalue()


# ---------------------------------------------------------------- parsing


def parse_catalog_file(*, file, fmt=None):
    """Read an uploaded file (or bytes/str) into CatalogData; CatalogImportError if unreadable."""
    name = getattr(file, "name", "") or ""
    if hasattr(file, "read"):
        size = getattr(file, "size", None)
        if size is not None and size > MAX_IMPORT_BYTES:
            raise CatalogImportError([Problem(_("文件"), _("文件过大（上限10MB）。"))])
        raw = file.read()
    else:
        raw = file
    text = _decode(raw) if isinstance(raw, bytes) else raw
    if fmt is None:
        if name.lower().endswith(".csv"):
            fmt = "csv"
        elif name.lower().endswith(".json") or text.lstrip().startswith("{"):
            fmt = "json"
        else:
            fmt = "csv"
    if fmt == "json":
        return parse_catalog_json(text)
    if fmt == "csv":
        _refuse_control_characters_in_text(text)
        return parse_items_csv(text)
    raise CatalogImportError([Problem(_("文件"), _("不支持的文件格式，请使用 JSON 或 CSV。"))])


def _decode(raw):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogImportError([Problem(_("文件"), _("无法识别文件编码，请另存为 UTF-8。"))])


def parse_catalog_json(text):
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        where = _("第%(line)s行第%(col)s列") % {"line": exc.lineno, "col": exc.colno}
        raise CatalogImportError([Problem(where, _("JSON 格式错误：%(msg)s") % {"msg": exc.msg})]) from None
    if not isinstance(doc, dict):
        raise CatalogImportError([Problem(_("文件"), _("顶层应为对象，包含 departments、items、chains。"))])
    _refuse_control_characters_in_json(doc)
    problems = []
    if doc.get("format", FORMAT_NAME) != FORMAT_NAME:
        problems.append(Problem("format", _("不是事项目录文件（format 应为 %(name)s）。") % {"name": FORMAT_NAME}))
    # Line numbers help only in a file laid out over many lines (like the export).
    lines = _LineFinder(text) if text.count("\n") > 1 else None
    data = CatalogData()
    sections = (
        ("halls", data.halls),
        ("departments", data.departments),
        ("items", data.items),
        ("chains", data.chains),
    )
    for key, target in sections:
        rows = doc.get(key, [])
        if not isinstance(rows, list):
            problems.append(Problem(key, _("应为列表。")))
            continue
        for index, row in enumerate(rows):
            where = f"{key}[{index}]"
            if not isinstance(row, dict):
                problems.append(Problem(where, _("应为对象。")))
                continue
            line = lines.find(row.get("code")) if lines else None
            if line:
                where += _("（第%(line)s行）") % {"line": line}
            target.append({**row, "_where": where})
    if problems:
        raise CatalogImportError(problems)
    return data


# C0 controls (NUL…) and DEL: PostgreSQL cannot store NUL, and none belongs in a catalog.
# Tab and line breaks are ordinary text in notes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_problem(where):
    return Problem(where, _("含有不允许的控制字符（如 NUL），请删除后再导入。"))


def _refuse_control_characters_in_text(text):
    problems = [
        _control_problem(_("第%(line)s行") % {"line": n})
        for n, line in enumerate(text.splitlines(), 1)
        if _CONTROL.search(line)
    ]
    if problems:
        raise CatalogImportError(problems)


def _refuse_control_characters_in_json(doc):
    """Every string of the document, keys included (a JSON escape such as \\u0000 is one too)."""
    problems, stack = [], [("", doc)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if _CONTROL.search(value):
                problems.append(_control_problem(where or _("文件")))
        elif isinstance(value, dict):
            for key, inner in value.items():
                path = f"{where}.{key}" if where else str(key)
                if _CONTROL.search(str(key)):
                    problems.append(_control_problem(where or _("文件")))
                stack.append((path, inner))
        elif isinstance(value, list):
            stack.extend((f"{where}[{index}]", inner) for index, inner in enumerate(value))
    if problems:
        raise CatalogImportError(sorted(problems, key=lambda p: p.where))


class _LineFinder:
    """Line numbers of successive `"code": "…"` entries, so JSON errors point at a line."""

    def __init__(self, text):
        self.text = text
        self.pos = 0

    def find(self, code):
        if not isinstance(code, str):
            return None
        match = re.compile(r'"code"\s*:\s*' + re.escape(json.dumps(code, ensure_ascii=False))).search(
            self.text, self.pos
        )
        if not match:
            return None
        self.pos = match.end()
        return self.text.count("\n", 0, match.start()) + 1


def parse_items_csv(text):
    """CSV of items (header row with the Chinese headers of the export, or field names)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise CatalogImportError([Problem(_("第1行"), _("文件为空。"))]) from None
    except csv.Error as exc:
        raise CatalogImportError([Problem(_("第1行"), str(exc))]) from None
    aliases = {**{v: k for k, v in CSV_HEADERS.items()}, **{k: k for k in CSV_COLUMNS}}
    columns = []
    problems = []
    for title in header:
        key = aliases.get(title.strip())
        if key is None and title.strip():
            problems.append(Problem(_("第1行"), _("无法识别的列名“%(title)s”。") % {"title": title}))
        columns.append(key)
    for needed in ("code", "name", "department"):
        if needed not in columns:
            problems.append(Problem(_("第1行"), _("缺少必填列“%(title)s”。") % {"title": CSV_HEADERS[needed]}))
    if problems:
        raise CatalogImportError(problems)
    data = CatalogData()
    line = 1
    try:
        for values in reader:
            start = line + 1
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            where = _("第%(line)s行") % {"line": start}
            if len(values) > len(columns):
                problems.append(Problem(where, _("列数多于表头。")))
                continue
            row = {"_where": where, "_csv": True}
            for key, value in zip(columns, values, strict=False):
                if key is None:
                    continue
                row[key] = _csv_value(key, value.strip(), where, problems)
            data.items.append(row)
    except csv.Error as exc:
        problems.append(Problem(_("第%(line)s行") % {"line": reader.line_num}, str(exc)))
    if problems:
        raise CatalogImportError(problems)
    return data


def _csv_value(key, value, where, problems):
    if key in _BOOL_FIELDS:
        if value in ("是", "1", "true", "True", "TRUE", "Y", "y"):
            return True
        if value in ("否", "0", "false", "False", "FALSE", "N", "n", ""):
            return False
        problems.append(Problem(where, _("“%(col)s”应填“是”或“否”。") % {"col": CSV_HEADERS[key]}))
        return None
    if key in _CHOICE_FIELDS:
        if not value:
            return None
        choices = _CHOICE_FIELDS[key]
        by_label = {str(label): val for val, label in choices.choices}
        return by_label.get(value, value)
    if key == "applicant_types":
        by_label = {str(label): val for val, label in ApplicantType.choices}
        return [by_label.get(v.strip(), v.strip()) for v in re.split(r"[；;|]", value) if v.strip()]
    if key == "regulators":
        return [v.strip() for v in re.split(r"[；;|]", value) if v.strip()]
    if key == "implementations":
        return _csv_implementations(value, where, problems)
    if key == "materials":
        if not value:
            return None
        materials = []
        for position, name in enumerate((v.strip() for v in re.split(r"[；;]", value) if v.strip()), start=1):
            optional = name.endswith(_OPTIONAL_MARK)
            materials.append(
                {"position": position, "name": name.removesuffix(_OPTIONAL_MARK).strip(), "required": not optional}
            )
        return materials
    if key == "steps":
        if not value:
            return None
        names = [v.strip() for v in re.split(r"→|->|>", value) if v.strip()]
        # "*" marks the deciding step (审批*); without one, the last step decides.
        marked = any(n.endswith("*") for n in names)
        return [
            {"position": i, "name": n.rstrip("*").strip(), "decides": n.endswith("*") if marked else i == len(names)}
            for i, n in enumerate(names, start=1)
        ]
    if key in ("legal_limit_days", "promised_limit_days", "max_visits", "warn_days", "fee_amount"):
        return value or None
    return value


def _csv_implementations(value, where, problems):
    """ "SFX:sfx-scjg:3；CQZ:sfx-scjg" → [{hall, department, promised_limit_days}]; empty → None
    (the item's implementations are left as they are)."""
    if not value:
        return None
    rows = []
    for part in (p.strip() for p in re.split(r"[；;]", value) if p.strip()):
        pieces = [p.strip() for p in re.split(r"[:：]", part)]
        if len(pieces) not in (2, 3) or not all(pieces):
            problems.append(
                Problem(
                    where,
                    _("实施清单“%(part)s”格式应为“大厅编码:部门编码[:承诺时限]”。") % {"part": part},
                )
            )
            continue
        row = {"hall": pieces[0], "department": pieces[1]}
        if len(pieces) == 3:
            if not pieces[2].isdigit():
                problems.append(Problem(where, _("实施清单“%(part)s”的承诺时限应为整数。") % {"part": part}))
                continue
            row["promised_limit_days"] = int(pieces[2])
        rows.append(row)
    return rows


# ---------------------------------------------------------------- applying


def apply_catalog(*, data, by=None):
    """Write parsed data; collect every problem, and raise (rolling back) if there is one.

    Upserts by code. An item's materials are matched by name (so cases keep pointing at
    the same requirement rows) and its steps by position; ones not in the file go.
    """
    from catalog.services import item_current_version

    problems = []
    summary = {"halls": 0, "departments": 0, "items": 0, "created": 0, "chains": 0, "implementations": 0}
    with transaction.atomic():
        for row in data.halls:
            _apply_hall(row, problems)
            summary["halls"] += 1
        halls = {h.code: h for h in Hall.objects.all()}
        for row in data.departments:
            _apply_department(row, halls, problems)
            summary["departments"] += 1
        departments = {d.code: d for d in Department.objects.all()}
        touched = []
        for row in data.items:
            item, created = _apply_item(row, departments, problems)
            if item is not None:
                touched.append(item)
                summary["items"] += 1
                summary["created"] += int(created)
                if row.get("implementations") is not None:
                    summary["implementations"] += _apply_implementations(
                        item, row["implementations"], row["_where"], halls, departments, problems
                    )
        for row in data.chains:
            _apply_chain(row, problems)
            summary["chains"] += 1
        if problems:
            raise CatalogImportError(problems)
        for item in touched:
            item_current_version(item=item, by=by)
    return summary


def _unknown_keys(row, allowed, problems):
    extra = sorted(k for k in row if not k.startswith("_") and k not in allowed)
    if extra:
        problems.append(Problem(row["_where"], _("未知字段：%(keys)s。") % {"keys": "、".join(extra)}))


def _messages(exc, model):
    """Messages labelled with the field's Chinese name and its key: “办件类型（kind）：…”."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    out = []
    for name, errors in exc.message_dict.items():
        if name == "__all__":
            out.extend(errors)
            continue
        try:
            label = f"{model._meta.get_field(name).verbose_name}（{name}）"
        except FieldDoesNotExist:  # a non-field key: show it as it is
            label = name
        out.extend(f"{label}：{message}" for message in errors)
    return out


def _text(value):
    """A code as text, or None for anything else (lists, objects…), so lookups cannot crash."""
    return value.strip() if isinstance(value, str) else None


def _require_code(row, problems):
    code = row.get("code")
    if not isinstance(code, str) or not code.strip():
        problems.append(Problem(row["_where"], _("缺少编码（code）。")))
        return None
    return code.strip()


def _apply_hall(row, problems):
    """Halls come parents first (the export is in tree order); a parent must exist by then."""
    _unknown_keys(row, {"code", "parent", *HALL_FIELDS}, problems)
    code = _require_code(row, problems)
    if code is None:
        return
    hall = Hall.objects.filter(code=code).first() or Hall(code=code)
    parent_code = row.get("parent")
    if "parent" in row:
        parent = Hall.objects.filter(code=_text(parent_code)).first() if parent_code else None
        if parent_code and parent is None:
            problems.append(Problem(row["_where"], _("上级大厅“%(code)s”不存在。") % {"code": parent_code}))
            return
        hall.parent = parent
    for name in HALL_FIELDS:
        if name in row:
            setattr(hall, name, row[name])
    old_path = hall.path if hall.pk else None
    hall.path = hall.compute_path()
    if _valid(hall, row["_where"], problems):
        hall.save()
        if old_path and old_path != hall.path:
            for below in Hall.objects.filter(path__startswith=old_path).exclude(pk=hall.pk):
                below.save()  # recomputes its path from the moved parent (tree order: parents first)


def _apply_department(row, halls, problems):
    _unknown_keys(row, {"code", "hall", *DEPARTMENT_FIELDS}, problems)
    code = _require_code(row, problems)
    if code is None:
        return
    department = Department.objects.filter(code=code).first() or Department(code=code)
    if row.get("hall") is not None:
        hall = halls.get(_text(row["hall"]))
        if hall is None:
            problems.append(Problem(row["_where"], _("所在大厅“%(code)s”不存在。") % {"code": row["hall"]}))
            return
        department.hall = hall
    for name in DEPARTMENT_FIELDS:
        if name in row:
            setattr(department, name, row[name])
    if _valid(department, row["_where"], problems):
        department.save()


def _valid(obj, where, problems, exclude=None):
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        problems.extend(Problem(where, m) for m in _messages(exc, type(obj)))
        return False
    return True


def _apply_item(row, departments, problems):
    where = row["_where"]
    allowed = {"code", "department", "regulators", "materials", "steps", "implementations", *ITEM_FIELDS}
    _unknown_keys(row, allowed, problems)
    code = _require_code(row, problems)
    if code is None:
        return None, False
    item = Item.objects.filter(code=code).first()
    created = item is None
    item = item or Item(code=code)
    if "department" in row or created:
        department = departments.get(_text(row.get("department")))
        if department is None:
            problems.append(Problem(where, _("实施主体“%(code)s”不存在。") % {"code": row.get("department")}))
            return None, False
        item.department = department
    for name in ITEM_FIELDS:
        if name in row and not (row.get("_csv") and row[name] is None and name not in ("fee_amount", "warn_days")):
            setattr(item, name, row[name])
    if not _valid(item, where, problems):
        return None, False
    item.save()
    regulators = row.get("regulators")
    if regulators is not None and not isinstance(regulators, list):
        problems.append(Problem(where, _("regulators 应为部门编码的列表。")))
    elif regulators is not None:
        missing = [c for c in regulators if _text(c) not in departments]
        if missing:
            problems.append(Problem(where, _("监管部门不存在：%(codes)s。") % {"codes": "、".join(map(str, missing))}))
        else:
            item.regulators.set([departments[_text(c)] for c in regulators])
    if row.get("materials") is not None:
        _apply_materials(item, row["materials"], where, problems)
    if row.get("steps") is not None:
        _apply_steps(item, row["steps"], where, problems)
    return item, created


def _apply_implementations(item, rows, where, halls, departments, problems):
    """An item's 实施清单 as listed: one per hall (a hall twice is refused), the hall and department
    known, the local limit within the basic one; implementations of halls not listed go.
    Returns how many were written."""
    if not isinstance(rows, list):
        problems.append(Problem(where, _("implementations 应为列表。")))
        return 0
    existing = {i.hall_id: i for i in ItemImplementation.objects.filter(item=item)}
    keep, written = set(), 0
    for index, row in enumerate(rows):
        here = f"{where}.implementations[{index}]"
        if not isinstance(row, dict):
            problems.append(Problem(here, _("应为对象。")))
            continue
        row = {**row, "_where": here}
        _unknown_keys(row, {"hall", "department", *IMPLEMENTATION_FIELDS}, problems)
        hall = halls.get(_text(row.get("hall")))
        department = departments.get(_text(row.get("department")))
        if hall is None:
            problems.append(Problem(here, _("实施大厅（hall）“%(code)s”不存在。") % {"code": row.get("hall")}))
        if department is None:
            problems.append(
                Problem(here, _("审批部门（department）“%(code)s”不存在。") % {"code": row.get("department")})
            )
        if hall is None or department is None:
            continue
        if hall.pk in keep:
            problems.append(Problem(here, _("大厅“%(code)s”的实施清单重复。") % {"code": hall.code}))
            continue
        implementation = existing.get(hall.pk) or ItemImplementation(item=item, hall=hall)
        implementation.department = department
        for name in IMPLEMENTATION_FIELDS:
            if name in row:
                setattr(implementation, name, row[name])
        if _valid(implementation, here, problems, exclude=["item", "hall"]):
            implementation.save()
            keep.add(hall.pk)
            written += 1
    ItemImplementation.objects.filter(item=item).exclude(hall_id__in=keep).delete()
    return written


def _apply_materials(item, rows, where, problems):
    if not isinstance(rows, list):
        problems.append(Problem(where, _("materials 应为列表。")))
        return
    existing = {m.name: m for m in item.materials.all()}
    keep = set()
    for index, row in enumerate(rows):
        here = f"{where}.materials[{index}]"
        if not isinstance(row, dict):
            problems.append(Problem(here, _("应为对象。")))
            continue
        row = {**row, "_where": here}
        _unknown_keys(row, {"position", *MATERIAL_FIELDS}, problems)
        name = row.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(here, _("材料名称（name）应为非空文字。")))
            continue
        if name in keep:
            problems.append(Problem(here, _("材料“%(name)s”重复。") % {"name": name}))
            continue
        material = existing.get(name) or MaterialRequirement(item=item)
        material.position = row.get("position", index + 1)
        for field_name in MATERIAL_FIELDS:
            if field_name in row:
                setattr(material, field_name, row[field_name])
        if _valid(material, here, problems, exclude=["item", "template", "sample"]):
            material.save()
            keep.add(material.name)
    for name, material in existing.items():
        if name not in keep:
            material.delete()


def _apply_steps(item, rows, where, problems):
    if not isinstance(rows, list):
        problems.append(Problem(where, _("steps 应为列表。")))
        return
    existing = {s.position: s for s in item.steps.all()}
    keep = set()
    for index, row in enumerate(rows):
        here = f"{where}.steps[{index}]"
        if not isinstance(row, dict):
            problems.append(Problem(here, _("应为对象。")))
            continue
        row = {**row, "_where": here}
        _unknown_keys(row, {"position", *STEP_FIELDS}, problems)
        position = row.get("position", index + 1)
        if not isinstance(position, int) or position < 1 or position in keep:
            problems.append(Problem(here, _("顺序（position）应为不重复的正整数。")))
            continue
        step = existing.get(position) or ReviewStep(item=item, position=position)
        for field_name in STEP_FIELDS:
            if field_name in row:
                setattr(step, field_name, row[field_name])
        if _valid(step, here, problems, exclude=["item"]):
            step.save()
            keep.add(position)
    ReviewStep.objects.filter(item=item).exclude(position__in=keep).delete()


def _apply_chain(row, problems):
    from catalog.services import chain_dependency_errors

    where = row["_where"]
    _unknown_keys(row, {"code", "steps", *CHAIN_FIELDS}, problems)
    code = _require_code(row, problems)
    if code is None:
        return
    chain = Chain.objects.filter(code=code).first() or Chain(code=code)
    for name in CHAIN_FIELDS:
        if name in row:
            setattr(chain, name, row[name])
    if not _valid(chain, where, problems):
        return
    chain.save()
    rows = row.get("steps") or []
    if not isinstance(rows, list):
        problems.append(Problem(where, _("steps 应为列表。")))
        return
    # Steps are updated in place by position: chain applications in progress refer to them.
    existing = {step.position: step for step in chain.steps.all()}
    steps, names, dependencies = {}, {}, {}
    for index, step_row in enumerate(rows):
        here = f"{where}.steps[{index}]"
        if not isinstance(step_row, dict):
            problems.append(Problem(here, _("应为对象。")))
            continue
        position = step_row.get("position", index + 1)
        item = Item.objects.filter(code=_text(step_row.get("item"))).first()
        if item is None:
            problems.append(Problem(here, _("事项“%(code)s”不存在。") % {"code": step_row.get("item")}))
            continue
        if not isinstance(position, int) or position < 1 or position in steps:
            problems.append(Problem(here, _("顺序（position）应为不重复的正整数。")))
            continue
        if any(s.item_id == item.pk for s in steps.values()):
            problems.append(Problem(here, _("事项“%(code)s”在本一件事中重复。") % {"code": item.code}))
            continue
        step = existing.pop(position, None)
        if step is None:
            step = ChainStep.objects.create(chain=chain, position=position, item=item)
        elif step.item_id != item.pk:
            step.item = item
            step.save(update_fields=["item"])
        steps[position] = step
        names[position] = item.name
        waits = step_row.get("waits_for") or []
        if not isinstance(waits, list) or not all(isinstance(w, int) for w in waits):
            problems.append(Problem(here, _("waits_for 应为环节顺序号的列表。")))
            continue
        dependencies[position] = waits
    for leftover in existing.values():
        try:
            with transaction.atomic():
                leftover.delete()
        except ProtectedError:
            problems.append(
                Problem(
                    where,
                    _("环节%(position)s（%(item)s）已有一件事申请在办，不能删除。")
                    % {"position": leftover.position, "item": leftover.item.name},
                )
            )
    for message in chain_dependency_errors(names=names, dependencies=dependencies):
        problems.append(Problem(where, message))
    if not problems:
        for position, waits in dependencies.items():
            steps[position].waits_for.set([steps[w] for w in waits])
