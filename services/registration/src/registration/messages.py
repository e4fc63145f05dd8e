"""Every text a user of the registration service reads, in Vietnamese (one catalogue; stdlib only).

Templates take keyword arguments (`str.format`). A second language is a second module with the same names.
"""

from __future__ import annotations

from datetime import date

STATUS_NAMES = {"submitted": "đã nộp", "withdrawn": "đã rút", "verified": "đã phúc tra"}
CAMPAIGN_KIND_NAMES = {"annual": "thường niên", "special": "đặc biệt", "thematic": "chuyên đề"}
ASSOCIATION_KIND_NAMES = {"member_association": "hội thành viên", "collective_member": "tập thể thành viên"}

# Campaigns and the directory
UNKNOWN_CAMPAIGN_KIND = "Không có loại phong trào {kind!r}; các loại: {known}."
PERIOD_REVERSED = "Thời gian của phong trào kết thúc trước khi bắt đầu."
CAMPAIGN_NOT_LAUNCHED = "Phong trào {code} chưa được phát động."
DEADLINE_PASSED = (
    "Đã quá hạn đăng ký ngày {deadline} của phong trào {code}; hãy đề nghị Văn phòng cho phép đăng ký muộn."
)
NO_CAMPAIGN = "Không có phong trào {campaign_id}."
CAMPAIGN_CODE_TAKEN = "Đã có phong trào mã {code}."
UNKNOWN_ASSOCIATION_KIND = "Không có loại hội {kind!r}; các loại: {known}."
OWN_PARENT = "Một hội không thể là hội cấp trên của chính mình."
NO_ASSOCIATION = "Không có hội {association_id}."
ASSOCIATION_CODE_TAKEN = "Đã có hội mã {code}."
ASSOCIATION_INACTIVE = "Hội {code} không còn hoạt động."
ASSOCIATION_VERSION = "Hội {code} đang ở phiên bản {version}, không phải {expected}."
ASSOCIATION_CHANGED = "Hội {code} vừa được thay đổi; hãy tải lại rồi thử lại."

# Registrations
OTHER_ASSOCIATION = "Tài nguyên này thuộc về hội khác."
NAME_THE_ASSOCIATION = "Hãy nêu association_id của hội được đăng ký thay."
ALREADY_REGISTERED = "Hội {association} đã đăng ký phong trào {campaign}."
NO_REGISTRATION = "Không có bản đăng ký {registration_id}."
REPEATED_PERSONAL_CODE = "Mỗi mã cá nhân chỉ được xuất hiện một lần trong một bản đăng ký."
REGISTRATION_VERSION = "Bản đăng ký {registration_id} đang ở phiên bản {version}, không phải {expected}."
REGISTRATION_CHANGED = "Bản đăng ký {registration_id} vừa được thay đổi; hãy tải lại rồi thử lại."
NOT_CHANGEABLE = "Bản đăng ký đang ở trạng thái {status} không thể thay đổi."
NOT_ASSESSABLE = "Bản đăng ký đang ở trạng thái {status} không thể tự đánh giá."
NOT_VERIFIABLE = "Chỉ phúc tra được bản đăng ký đã nộp và đã có bản tự đánh giá."

# Self-assessment and verification (phúc tra)
UNKNOWN_RATING = "Không có mức xếp loại {rating!r}; các mức: {known}."
UNKNOWN_DISCIPLINE = "Không có hình thức kỷ luật {discipline!r}; các hình thức: {known}."
MEMBER_COUNTS = "Số thành viên phải từ 0 đến tổng số thành viên của tập thể."
ASSESSED_TWICE = "Mỗi cá nhân chỉ được đánh giá một lần."
ASSESS_THE_REGISTERED = (
    "Hãy đánh giá đúng các cá nhân đã đăng ký (còn thiếu: {missing}; không có trong đăng ký: {unknown})."
)
CONFIRMATION_WITH_CHANGES = "Xác nhận thì không kèm số liệu điều chỉnh hay lý do."
ADJUSTMENT_NEEDS_REASON = "Điều chỉnh cần có số liệu đã điều chỉnh và lý do."
UNKNOWN_OUTCOME = "Không có kết quả phúc tra {outcome!r}; các kết quả: {known}."

# Year-end results of members, with or without a registration
YEAR_END_NOBODY = "Hãy ghi kết quả cuối năm của ít nhất một cá nhân."
YEAR_END_ALREADY_VERIFIED = "Kết quả cuối năm này đã được Văn phòng kiểm tra."
YEAR_END_ADJUST_THE_RECORDED = "Số liệu điều chỉnh phải nói về đúng các cá nhân đã được ghi kết quả."
NO_YEAR_END_RESULTS = "Không có kết quả cuối năm {results_id} của hội này."

# The HTTP edge
SEND_IF_MATCH = "Hãy gửi If-Match với ETag đã đọc."
BAD_IF_MATCH = 'If-Match phải là ETag của một phiên bản, ví dụ "3".'
PLAN_NOT_A_DOCUMENT = "Kế hoạch phải là tệp PDF, DOCX hoặc ODT."
NO_PLAN_DOCUMENT = "Bản đăng ký này chưa có tệp kế hoạch."
PLAN_FILE_MISSING = "Không tìm thấy tệp kế hoạch trong kho lưu trữ; hãy tải lên lại."


def day(value: date | None) -> str:
    """A date as Vietnamese readers write it (dd/mm/yyyy)."""
    return "" if value is None else value.strftime("%d/%m/%Y")


def known(names: dict[str, str]) -> str:
    """The accepted codes with their Vietnamese names, e.g. `annual (thường niên), special (đặc biệt)`."""
    return ", ".join(f"{code} ({name})" for code, name in names.items())


def status(value: str) -> str:
    """The Vietnamese name of a registration status."""
    return STATUS_NAMES.get(value, value)
