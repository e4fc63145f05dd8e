"""Every text a user of the grievance service reads, in Vietnamese (one catalogue; stdlib only).

Templates take keyword arguments (`str.format`). A second language is a second module with the same names.
"""

from __future__ import annotations

# Finding things
NO_GRIEVANCE = "Không có đơn này."
NO_ATTACHMENT = "Đơn này không có tệp đính kèm này."
ATTACHMENT_FILE_MISSING = "Không còn tệp của tài liệu đính kèm này."
NO_TRACKING = "Không có đơn nào với mã theo dõi và mã bí mật này."
NO_UPLOAD_TARGET = "Không có đơn nào với mã đơn và mã bí mật này."
CHANGED_MEANWHILE = "Đơn vừa được người khác thay đổi; hãy tải lại rồi thử lại."
IDENTITY_STORE_DOWN = "Kho lưu danh tính người gửi đơn đang không truy cập được; hãy thử lại sau."

# Who may do what
FILERS_ONLY = "Đơn do cán bộ hội, cán bộ giải quyết đơn hoặc người dân gửi."
FILER_REQUIRED = "Không đăng nhập thì phải ghi họ tên và cách liên hệ."
OFFICER_DATES_ONLY = "Chỉ cán bộ giải quyết đơn mới ghi ngày nhận đơn và ngày nhận được quyết định."
LISTERS_ONLY = "Chỉ cán bộ giải quyết đơn và cán bộ hội mới xem được danh sách đơn."
ANOTHER_FILER = "Đơn này thuộc về người gửi khác."
UPLOADERS_ONLY = "Tệp đính kèm do cán bộ giải quyết đơn hoặc người gửi đơn thêm khi nộp đơn."
UPLOAD_AFTER_INTAKE = "Sau khi tiếp nhận, tệp đính kèm do cán bộ giải quyết đơn thêm."
SECRET_IN_QUERY = "Mã bí mật chỉ được gửi trong tiêu đề X-Tracking-Secret, không gửi trong địa chỉ."  # noqa: S105
SEALED_ATTACHMENT = (
    "Tệp này cho thấy danh tính người gửi đơn: hãy đọc tại /grievances/{grievance_id}/filer/attachments/"
    "{attachment_id} (có ghi nhật ký)."
)

# Attachments
ATTACHMENT_TOO_LARGE = "Tệp đính kèm lớn hơn {limit} byte."
ATTACHMENT_EMPTY = "Tệp đính kèm rỗng."
TOO_MANY_ATTACHMENTS = "Mỗi đơn chỉ được đính kèm tối đa {max_per_case} tệp."

# Intake
RECEIVED_IN_FUTURE = "ngày nhận đơn không thể ở tương lai"
DISCIPLINE_IN_WRITING = "khiếu nại quyết định kỷ luật phải được thực hiện bằng đơn (LKN Điều 47)"
EVIDENCE_NOT_OURS = "chứng cứ phải là tài liệu đính kèm của chính đơn này"
PARENT_REQUIRED = "khiếu nại lần hai hoặc tố cáo tiếp phải nêu đơn lần đầu (parent_grievance_id)"
PARENT_KIND = "đơn lần đầu phải là khiếu nại (tố cáo) lần đầu cùng loại"
PARENT_FILER = "khiếu nại lần hai do chính người khiếu nại lần đầu gửi"
PARENT_SUSPENDED = "lần đầu đang tạm đình chỉ giải quyết: thời hạn giải quyết chưa hết"
PARENT_NO_BASIS = "{reason}: không có quyết định hay thời hạn nào để khiếu nại, tố cáo tiếp"
PARENT_STATUS = "lần đầu ở trạng thái {status}"
TOO_EARLY = (
    "chưa đến lúc khiếu nại lần hai hoặc tố cáo tiếp: lần đầu còn trong thời hạn giải quyết, "
    "có thể gửi từ ngày {opens_on:%d/%m/%Y} nếu khi đó vẫn chưa được giải quyết"
)

# The course of a case
WRONG_STATUS = "không thực hiện được khi đơn đang ở trạng thái {status}"
INFORMED_COMPLAINTS_ONLY = "chỉ khiếu nại mới có thời hiệu tính từ ngày nhận được quyết định"
INFORMED_AFTER_RECEIPT = "ngày nhận được quyết định không thể sau ngày nhận đơn"
OBSTACLE_COMPLAINTS_ONLY = "trở ngại khách quan chỉ được trừ vào thời hiệu khiếu nại"
OBSTACLE_REVERSED = "khoảng thời gian trở ngại không hợp lệ: ngày kết thúc trước ngày bắt đầu"
OBSTACLE_AFTER_RECEIPT = "trở ngại được tính đến trước ngày nhận đơn"
INFORMATION_NOT_ACCEPTED = (
    "đơn nặc danh hoặc không xác định được người gửi được lưu làm thông tin, không thụ lý"
)
LIMITATION_EXPIRED = (
    "đã hết thời hiệu khiếu nại ngày {ends_on:%d/%m/%Y} (LKN Điều 9, 33, 48): "
    "không thụ lý, trừ khi có trở ngại khách quan được ghi nhận"
)
REFUSAL_REASON_REQUIRED = "từ chối thụ lý phải nêu lý do (reason_code)"
NO_FORWARD_DEADLINE = "đơn này không có hạn chuyển đơn"
FORWARD_DENUNCIATIONS_ONLY = (
    "chỉ chuyển đơn tố cáo; khiếu nại không thuộc thẩm quyền thì hướng dẫn người khiếu nại"
)
EXTEND_DENUNCIATIONS_ONLY = "chỉ gia hạn giải quyết tố cáo; khiếu nại phức tạp có thời hạn dài hơn"
EXTENSIONS_USED = "vụ việc mức độ {complexity} chỉ được gia hạn {allowed} lần (LTC Điều 30)"
RESUME_BEFORE_SUSPENSION = "quyết định tiếp tục không thể trước quyết định tạm đình chỉ"
NO_NOTICE_DEADLINE = "đơn này không có hạn gửi thông báo {notice}"
ACCUSED_DENUNCIATIONS_ONLY = "chỉ thông báo nội dung tố cáo cho người bị tố cáo"
BAD_OUTCOME = "kết quả hoặc biện pháp không hợp lệ"
REJECTED_NO_REMEDY = "đơn không có cơ sở thì biện pháp là `none`"
CANCELLATION_GROUND_REQUIRED = "biện pháp cancel_award phải nêu căn cứ hủy (cancellation_ground)"
PUBLISH_RESOLVED_DENUNCIATIONS = "chỉ công khai kết luận của đơn tố cáo đã giải quyết"
BEFORE_RECEIPT = "ngày thực hiện không thể trước ngày nhận đơn"
