"""Error layer: THE catalogue of problems (RFC 9457) and the handlers that render every error.

Every error the server answers is `application/problem+json` with `type`, `title`,
`status`, `detail` and a stable dotted `code` from `field_app.wire.codes.ErrorCode`
(plus extra members such as `expected_seq`). Titles are English; `detail` defaults to
a Vietnamese sentence a phone can show as is.
"""

# ruff: noqa: E501  (the catalogue reads best one problem per line)
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from field_app.wire.codes import ErrorCode as E
from field_app.wire.vocabulary import display_name

__all__ = [
    "CATALOGUE", "PROBLEM_JSON", "PROBLEM_SCHEMA", "ApiProblem", "E", "Problem",
    "install_handlers", "problem_body", "problem_for", "problem_response", "problem_responses",
    "problem_type", "refused_transition",
]

log = logging.getLogger("sync_server")

PROBLEM_JSON = "application/problem+json"

# code -> (HTTP status, English title, Vietnamese default detail)
CATALOGUE: dict[E, tuple[int, str, str]] = {
    E.SEQ_GAP: (409, "Mutation sequence gap", "Thiếu việc gửi trước đó; điện thoại sẽ gửi lại từ số thứ tự phường yêu cầu."),
    E.MUTATION_MISMATCH: (409, "Mutation does not match the one logged", "Việc này trùng số thứ tự với một việc đã gửi nhưng khác nội dung."),
    E.RESET_REQUIRED: (409, "Sync reset required", "Cần tải lại toàn bộ thông tin từ phường."),
    E.UPGRADE_REQUIRED: (426, "Protocol upgrade required", "Ứng dụng đã cũ, hãy cập nhật phiên bản mới."),
    E.BAD_CURSOR: (400, "Malformed cursor", "Điện thoại gửi lên vị trí đồng bộ không đúng; hãy đồng bộ lại."),
    E.UNKNOWN_MUTATION: (400, "Unknown mutation", "Máy chủ chưa biết việc này; hãy cập nhật ứng dụng."),
    E.UNAUTHORIZED: (401, "Not authenticated", "Chưa đăng nhập, hoặc điện thoại chưa đăng ký với phường."),
    E.TOKEN_REVOKED: (401, "Token revoked", "Thiết bị này đã bị thu hồi quyền truy cập."),
    E.BAD_CREDENTIALS: (401, "Wrong username or password", "Sai tên đăng nhập hoặc mật khẩu."),
    E.FORBIDDEN: (403, "Forbidden", "Bạn không có quyền thực hiện thao tác này."),
    E.RATE_LIMITED: (429, "Too many attempts", "Thử quá nhiều lần, vui lòng đợi một phút rồi thử lại."),
    E.ENROLL_CODE_INVALID: (400, "Enrollment code invalid", "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn."),
    E.VALIDATION: (422, "Invalid request", "Dữ liệu gửi lên không hợp lệ."),
    E.MALFORMED_JSON: (400, "Malformed JSON", "Dữ liệu gửi lên bị hỏng; hãy thử lại."),
    E.BODY_TOO_LARGE: (413, "Request body too large", "Dữ liệu gửi lên quá lớn."),
    E.NOT_FOUND: (404, "Not found", "Không tìm thấy trang hoặc mục này."),
    E.METHOD_NOT_ALLOWED: (405, "Method not allowed", "Máy chủ không làm được việc này theo cách đã gửi."),
    E.INTERNAL: (500, "Internal server error", "Máy chủ gặp lỗi, vui lòng thử lại sau."),
    E.INVALID_TRANSITION: (409, "Transition not allowed", "Không thể chuyển kiến nghị sang trạng thái này."),
    E.PETITION_NOT_FOUND: (404, "Petition not found", "Không tìm thấy kiến nghị."),
    E.PETITION_EXISTS: (409, "Petition already exists", "Kiến nghị này đã tồn tại."),
    E.TRACKING_CODE_TAKEN: (409, "Tracking code already used in the ward", "Mã tra cứu này đã được dùng trong phường; điện thoại sẽ tạo mã khác và gửi lại."),
    E.VERSION_CONFLICT: (409, "Version conflict", "Mục này vừa được người khác sửa; hãy mở lại để xem bản mới."),
    E.RECORD_NOT_FOUND: (404, "Record not found", "Phường không còn lưu mục này; hãy hỏi cán bộ phường."),
    E.RECORD_EXISTS: (409, "Record already exists", "Mục này đã có ở phường."),
    E.HOUSEHOLD_NOT_FOUND: (404, "Household not found", "Không tìm thấy hộ gia đình."),
    E.CAMPAIGN_NOT_FOUND: (404, "Campaign not found", "Không tìm thấy cuộc vận động."),
    E.ENTRY_NOT_FOUND: (404, "Contribution entry not found", "Không tìm thấy dòng đóng góp."),
    E.ENTRY_ALREADY_REVERSED: (409, "Entry already reversed", "Dòng đóng góp này đã được hủy trước đó."),
    E.BAD_REVERSAL: (422, "Entry cannot be reversed", "Không thể hủy dòng đóng góp này."),
    E.EXPENSE_NOT_FOUND: (404, "Expense not found", "Không tìm thấy khoản chi."),
    E.EXPENSE_ALREADY_REVERSED: (409, "Expense already reversed", "Khoản chi này đã được hủy trước đó."),
    E.BAD_EXPENSE_REVERSAL: (422, "Expense cannot be reversed", "Không thể hủy khoản ghi này."),
    E.DIALOGUE_NOT_FOUND: (404, "Dialogue session not found", "Không tìm thấy buổi đối thoại."),
    E.MODEL_NOT_FOUND: (404, "Model not found", "Không tìm thấy mô hình."),
    E.MODEL_INVALID_TRANSITION: (409, "Model status change not allowed", "Không thể chuyển mô hình sang trạng thái này."),
    E.GROUP_REPORT_MONTH_CLOSED: (409, "Month closed", "Phường đã khóa sổ báo cáo tháng này, không gửi lại được nữa."),
    E.ATTACHMENT_HASH_MISMATCH: (400, "Attachment hash mismatch", "Ảnh gửi lên bị hỏng trên đường truyền; điện thoại sẽ gửi lại."),
    E.ATTACHMENT_TYPE: (415, "Unsupported attachment type", "Chỉ nhận ảnh JPEG, PNG hoặc WebP."),
    E.ATTACHMENT_TOO_LARGE: (413, "Attachment too large", "Ảnh quá lớn (tối đa 5 MB)."),
    E.ATTACHMENT_NOT_FOUND: (404, "Attachment not found", "Không tìm thấy ảnh."),
}


class Problem(BaseModel):
    """An RFC 9457 problem as this server writes it (more members may follow)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    code: str


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting problem+json answers with these statuses."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        codes = sorted(c.value for c, (st, _t, _d) in CATALOGUE.items() if st == status)
        schema = {"$ref": "#/components/schemas/Problem"}
        out[status] = {"model": Problem, "content": {PROBLEM_JSON: {"schema": schema}},
                       "description": "Problem: " + ", ".join(f"`{c}`" for c in codes)}
    return out


def problem_type(code: str) -> str:
    return f"urn:dan-van:problem:{code}"


def problem_body(code: E, *, detail: str | None = None, status: int | None = None,
                 **extra: Any) -> dict[str, Any]:
    default_status, title, default_detail = CATALOGUE[code]
    body: dict[str, Any] = {
        "type": problem_type(code.value),
        "title": title,
        "status": status or default_status,
        "detail": detail or default_detail,
        "code": code.value,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


class ApiProblem(StarletteHTTPException):
    """Raise anywhere to answer with a catalogued problem (an HTTPException so FastAPI keeps it)."""

    def __init__(self, code: E, detail: str | None = None, *, status: int | None = None,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        self.code = code
        self.extra = extra
        self.problem_detail = detail
        super().__init__(status_code=status or CATALOGUE[code][0], detail=detail,
                         headers=headers)

    def body(self) -> dict[str, Any]:
        return problem_body(self.code, detail=self.problem_detail, status=self.status_code,
                            **self.extra)


def refused_transition(action: str, status: str) -> ApiProblem:
    """409 `petition.invalid_transition`: a Vietnamese sentence with the action and the
    status by their display names; the codes travel as the members `action` and
    `status_from` for clients that word it themselves."""
    detail = (f"Kiến nghị đang ở trạng thái “{display_name('status', status)}” nên không "
              f"thể {display_name('action', action)} kiến nghị này.")
    return ApiProblem(E.INVALID_TRANSITION, detail, status_from=status, action=action)


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=body["status"], media_type=PROBLEM_JSON,
                        headers=headers)


_STATUS_CODES = {404: E.NOT_FOUND, 405: E.METHOD_NOT_ALLOWED, 401: E.UNAUTHORIZED,
                 403: E.FORBIDDEN, 413: E.BODY_TOO_LARGE, 429: E.RATE_LIMITED, 400: E.VALIDATION}


def problem_for(exc: Exception) -> tuple[dict[str, Any], dict[str, str] | None]:
    """The problem body and headers that answer `exc`: the one mapping behind every error
    response (FastAPI's exception handlers below, and the phones' sync lane)."""
    if isinstance(exc, ApiProblem):
        return exc.body(), dict(exc.headers) if exc.headers else None
    if isinstance(exc, StarletteHTTPException):
        code = _STATUS_CODES.get(exc.status_code,
                                 E.VALIDATION if exc.status_code < 500 else E.INTERNAL)
        return problem_body(code, status=exc.status_code), \
            dict(exc.headers) if exc.headers else None
    if isinstance(exc, RequestValidationError):
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return problem_body(E.MALFORMED_JSON), None
        return problem_body(E.VALIDATION, errors=_jsonable_errors(errors)), None
    if isinstance(exc, DataError):
        log.info("refused data: %s", exc)
        return problem_body(
            E.VALIDATION, detail="Dữ liệu chứa ký tự hoặc giá trị không hợp lệ."), None
    log.exception("unhandled error", exc_info=exc)
    return problem_body(E.INTERNAL), None


def _jsonable_errors(errors: Any) -> list[dict[str, Any]]:
    out = []
    for err in errors:
        out.append({"loc": [str(p) for p in err.get("loc", ())], "msg": str(err.get("msg", "")),
                    "type": str(err.get("type", ""))})
    return out


async def _handle(_request: Request, exc: Exception) -> JSONResponse:
    return problem_response(*problem_for(exc))


PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem", "type": "object", "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "code"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                   "status": {"type": "integer"}, "detail": {"type": "string"},
                   "code": {"type": "string"}},
}


def _document_problems(app: FastAPI) -> None:
    """Make the OpenAPI schema say what the handlers do: errors are problem+json, not
    FastAPI's default `application/json` HTTPValidationError."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        fresh = app.openapi_schema is None
        schema = build()
        if fresh:
            schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = \
                PROBLEM_SCHEMA
            content = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    responses = operation.setdefault("responses", {})
                    if "422" in responses:
                        responses["422"] = {"description": "Invalid request", "content": content}
                    responses.setdefault("default", {"description": "Problem",
                                                     "content": content})
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_handlers(app: FastAPI) -> None:
    """Route every kind of error through the catalogue."""
    for kind in (ApiProblem, StarletteHTTPException, RequestValidationError, DataError,
                 Exception):
        app.add_exception_handler(kind, _handle)
    _document_problems(app)
