"""Sync layer: user-facing messages for sync and server error codes, Vietnamese and English.

The screens have their own translation layer; these are the texts the sync status and
per-record rejections carry, so the command line and the UI say the same thing.
"""

from __future__ import annotations

_MESSAGES: dict[str, tuple[str, str]] = {
    "network.unreachable": (
        "Không kết nối được máy chủ. Dữ liệu vẫn được lưu trên máy và sẽ tự gửi khi có mạng.",
        "Cannot reach the server. Your data is saved on the phone and will be sent when "
        "the connection returns.",
    ),
    "network.timeout": (
        "Máy chủ phản hồi quá chậm. Sẽ tự thử lại.",
        "The server took too long to answer. Will retry by itself.",
    ),
    "server.unavailable": (
        "Máy chủ đang gặp sự cố. Sẽ tự thử lại.",
        "The server has a problem. Will retry by itself.",
    ),
    "server.internal": (
        "Máy chủ đang gặp sự cố. Sẽ tự thử lại.",
        "The server has a problem. Will retry by itself.",
    ),
    "server.bad_response": (
        "Nhận được dữ liệu hỏng từ máy chủ. Sẽ tự thử lại.",
        "Received a damaged answer from the server. Will retry by itself.",
    ),
    "device.not_enrolled": (
        "Máy chưa được đăng ký với phường. Hãy nhập mã đăng ký.",
        "This phone is not enrolled with the ward. Enter an enrollment code.",
    ),
    "device.apply_failed": (
        "Không lưu được dữ liệu nhận về trên máy. Sẽ thử lại lần đồng bộ sau.",
        "Could not store what the server sent. Will try again at the next sync.",
    ),
    "auth.unauthorized": (
        "Máy này không còn được phép đồng bộ. Hãy liên hệ cán bộ phường để đăng ký lại.",
        "This phone may no longer sync. Ask ward staff for a new enrollment code.",
    ),
    "auth.token_revoked": (
        "Điện thoại này đã bị phường thu hồi quyền đồng bộ (máy bị mất hoặc đổi người dùng)."
        " Thông tin cá nhân của người dân mà phường đã có đã được xóa khỏi máy; những gì chưa"
        " gửi vẫn được giữ trong ứng dụng và sẽ gửi khi phường cho đăng ký lại.",
        "The ward revoked this phone's access (lost, or handed to someone else). Citizens'"
        " personal data the ward already has was deleted from the phone; what was not sent"
        " yet is kept in the app and will be sent if the ward enrolls the phone again.",
    ),
    "enroll.code_invalid": (
        "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn.",
        "The enrollment code is wrong, already used or expired.",
    ),
    "sync.upgrade_required": (
        "Cần cập nhật ứng dụng lên phiên bản mới để tiếp tục đồng bộ.",
        "Update the app to keep syncing.",
    ),
    "sync.mutation_mismatch": (
        "Dữ liệu gửi đi không khớp với máy chủ. Hãy liên hệ hỗ trợ.",
        "What this phone sent does not match the server. Contact support.",
    ),
    "sync.seq_gap": (
        "Đang sắp xếp lại hàng đợi gửi. Sẽ tự thử lại.",
        "Reordering the send queue. Will retry by itself.",
    ),
    "petition.invalid_transition": (
        "Không thể đổi trạng thái kiến nghị: phường đã xử lý trước đó.",
        "The petition's status can no longer change this way: the ward acted first.",
    ),
    "request.validation": (
        "Dữ liệu không hợp lệ, máy chủ không nhận.",
        "The server refused invalid data.",
    ),
    "record.version_conflict": (
        "Phường đã sửa cùng nội dung. Giá trị của phường được giữ, bản của bạn nằm trong lịch sử.",
        "Ward staff changed the same field. Their value was kept; yours is in the timeline.",
    ),
    # group monthly report
    "group_report.month_closed": (
        "Phường đã khóa sổ báo cáo tháng này, không gửi lại được nữa. Bản đã gửi trước vẫn "
        "được giữ.",
        "The ward has closed this month's reports; it can no longer be sent again. The "
        "report sent before is kept.",
    ),
}

_FALLBACK = ("Đồng bộ không thành công ({code}).", "Sync failed ({code}).")


def message_for(code: str, language: str = "vi") -> str:
    """The message for an error code in 'vi' or 'en' (a generic one for unknown codes)."""
    vi, en = _MESSAGES.get(code, _FALLBACK)
    return (en if language == "en" else vi).format(code=code)
