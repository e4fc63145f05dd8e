"""Every text a user of the awards service reads, in Vietnamese (one catalogue; stdlib only).

Problem details, eligibility reasons, import row errors and the council minutes. Templates take keyword
arguments (`str.format`); codes (statuses, ratings, stages) are shown with their Vietnamese names. A second
language is a second module with the same names.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

STATUS_NAMES = {
    "submitted": "đã nộp",
    "incomplete": "chưa đủ hồ sơ",
    "deferred": "tạm dừng xét",
    "passed": "được Hội đồng thông qua",
    "vote_failed": "không được Hội đồng thông qua",
    "decided": "đã có quyết định khen thưởng",
    "forwarded": "đã trình cấp tỉnh",
    "rejected": "không được khen thưởng",
}
KIND_NAMES = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}
RATING_NAMES = {
    "hoan_thanh_xuat_sac": "hoàn thành xuất sắc nhiệm vụ",
    "hoan_thanh_tot": "hoàn thành tốt nhiệm vụ",
    "hoan_thanh": "hoàn thành nhiệm vụ",
    "khong_hoan_thanh": "không hoàn thành nhiệm vụ",
}
DISCIPLINE_NAMES = {
    "khien_trach": "khiển trách",
    "canh_cao": "cảnh cáo",
    "ha_bac_luong": "hạ bậc lương",
    "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}
STAGE_NAMES = {
    "discovered": "Phát hiện",
    "fostered": "Bồi dưỡng",
    "summarized": "Tổng kết",
    "replicated": "Nhân rộng",
}
PERSONAL_DATA_NAMES = {"email": "địa chỉ thư điện tử", "phone": "số điện thoại", "id_number": "số định danh"}

# Nominations, dossiers, disclosure
NO_NOMINATION = "Không có đề nghị khen thưởng {nomination_id}."
NOT_VISIBLE = "Không có đề nghị khen thưởng này."
NO_DISCLOSURE = "Không có danh sách công khai {disclosure_id}."
DISCLOSURE_CLOSED = (
    "Chỉ nhận ý kiến trong thời gian công khai, từ {start} đến {end}; hôm nay không trong thời gian đó."
)
OTHER_ASSOCIATION = "Tài nguyên này thuộc về hội khác."
UNKNOWN_AWARD_TYPE = "Không có danh hiệu hoặc hình thức khen thưởng mã {code!r}."
NO_RULE_SET = "Không có quy định nào có hiệu lực vào ngày {day}."
INELIGIBLE = "Người hoặc tập thể được đề nghị không đạt tiêu chuẩn theo quy định."
DOCUMENTS_MISMATCH = "Tài liệu trong hồ sơ không khớp với tài liệu đã lưu."
NO_REFUSAL = "Đề nghị đang ở trạng thái {status} nên không thể trả lại ở bước kiểm tra hồ sơ."
NO_SUPPLEMENT = "Đề nghị đang ở trạng thái {status} nên không nhận bổ sung hồ sơ."
NOT_DISCLOSABLE = "Đề nghị đang ở trạng thái {status} nên không được công khai."
UNREADABLE_FILE = "Không đọc được tệp: cần tệp CSV (UTF-8) hoặc XLSX có dòng tiêu đề."

# Council
NOT_FOR_THE_COUNCIL = (
    "Một số đề nghị chưa thể đưa ra Hội đồng (chưa đủ hồ sơ, đang tạm dừng, "
    "hoặc thời hạn công khai chưa kết thúc)."
)
NO_SESSION = "Không có phiên họp Hội đồng {session_id}."
SESSION_CLOSED = "Phiên họp đã kết thúc."
SESSION_WITHOUT_BALLOT_BOX = (
    "Phiên họp này được mở trước khi có hòm phiếu kín: hãy kết thúc phiên và mở một phiên mới để bỏ phiếu."
)
NOT_ON_ROSTER = "Chỉ thành viên có tên trong danh sách phiên họp mới được bỏ phiếu."
NOT_ON_AGENDA = "Đề nghị {nomination_id} không có trong chương trình phiên họp."
RECUSED = "Thành viên thuộc hội của người được đề nghị không bỏ phiếu cho đề nghị này."
ALREADY_VOTED = "Thành viên này đã bỏ phiếu cho đề nghị này."
MINUTES_HEADING = "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG ngày {held_on}"
MINUTES_ATTENDANCE = "Tổng số thành viên: {members}; có mặt: {present}; đủ điều kiện: {quorum}"
MINUTES_LINE = (
    "- {nomination_id} ({code}): đồng ý {yes}/{base}, không {no}, phiếu trắng {abstain}, cần {required}: "
    "{verdict}; ý kiến phản ánh khi công khai: {objections}"
)

# Decisions and cancellation
NOT_DECIDABLE = "Một số đề nghị chưa thể ra quyết định khen thưởng."
NO_DECISION = "Không có quyết định {decision_id}."
NO_AWARD = "Không có khen thưởng {award_id}."
NOT_THE_CONFERRER = "Chỉ cấp đã quyết định khen thưởng mới được hủy bỏ quyết định này (L22 Điều 93 k8)."
ALREADY_CANCELLED = "Khen thưởng này đã bị hủy bỏ."

# Exemplary models (điển hình tiên tiến)
NO_EXEMPLAR = "Không có điển hình này."
NO_CONFERENCE = "Không có hội nghị này."
UNKNOWN_STAGE = "Không có giai đoạn {stage!r}; các giai đoạn: {known}."
REASON_REQUIRED = "Mỗi lần chuyển giai đoạn cần ghi lý do."
LAST_STAGE = "Điển hình đã ở giai đoạn {stage}: không còn giai đoạn tiếp theo."
NOT_NEXT_STAGE = "Từ giai đoạn {current} chỉ được chuyển sang {expected}, không sang {target}."
NO_ADOPTION = "Cần ghi nhận nơi đã áp dụng cách làm trước khi chuyển sang giai đoạn Nhân rộng."
OWN_MODEL = "Hội không nhân rộng điển hình của chính mình."
ADOPT_SUMMARIZED = "Chỉ nhân rộng cách làm đã được tổng kết."
ALREADY_ADOPTED = "{association_id} đã áp dụng cách làm này."
OTHER_CAMPAIGN = "Điển hình thuộc phong trào khác."
SELECT_SUMMARIZED = "Chỉ chọn điển hình đã được tổng kết cho hội nghị."
ALREADY_PUBLISHED = "Câu chuyện của điển hình này đã được công bố."
PUBLISH_SUMMARIZED = "Chỉ công bố câu chuyện khi điển hình đã được tổng kết."
PERSONAL_DATA = "Nội dung công khai có dữ liệu cá nhân: {kinds}."

# Eligibility reasons (the `detail` of each criterion in a report)
REGISTRATION_NOT_REQUIRED = "đăng ký thi đua không phải là điều kiện bắt buộc theo luật"
REGISTRATION_REQUIRED = "phong trào yêu cầu đăng ký thi đua"
ALREADY_AWARDED_OR_NOMINATED = "đã được khen thưởng hoặc đề nghị: {ref}"
ACHIEVEMENT_USED = "thành tích đã được dùng cho đề nghị {ref}"
DOSSIER_MISSING = "hồ sơ còn thiếu: {items}"
NOT_FOR_KIND = "{code} không dành cho {kind}"
NO_FACTS = "chưa có số liệu đã phúc tra của năm {year}"
DISCIPLINE_NO_END = "bị kỷ luật ({discipline}) chưa có ngày hết thời hạn"
DISCIPLINE_ENDS = "thời hạn kỷ luật kết thúc ngày {day}: năm này không được tính"
SPECIAL_NOT_COUNTED = "{count} khen thưởng đột xuất/chuyên đề không được tính"
NO_RATING = "chưa có xếp loại đã phúc tra của năm {year}"
RATED = "xếp loại: {rating}"
NO_LOWER_FORM = "không yêu cầu hình thức khen thưởng thấp hơn"
MATERNITY_COUNTED = "thời gian nghỉ thai sản được tính là thời gian công tác"
MEETS_LDTT = "đạt tiêu chuẩn Lao động tiên tiến trong cùng năm"
ONE_OF_FOUR = "hoàn thành xuất sắc nhiệm vụ, có sáng kiến được công nhận hoặc đề tài được nghiệm thu"
NO_CAP = "không áp dụng tỷ lệ khống chế (tỷ lệ 15% trước đây đã bãi bỏ)"
TITLE_OF_THE_CYCLE_FIRST = (
    "chưa có quyết định công nhận {title} năm {year}; danh hiệu này được xét trước, trong cùng đợt, "
    "rồi bổ sung hồ sơ"
)
LACKING_TITLE = "thiếu {title} các năm: {years}"
TITLE_NAMES = {"CSTDCS": "Chiến sĩ thi đua cơ sở", "CSTD_TINH": "Chiến sĩ thi đua cấp tỉnh"}
NATIONAL_INITIATIVE = "sáng kiến hoặc đề tài được công nhận có phạm vi ảnh hưởng toàn quốc"
PROVINCIAL_BANG_KHEN = "đã được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
PM_YEARS = (
    "5 năm liên tục {first}–{last} hoàn thành tốt nhiệm vụ trở lên, trong đó có 3 lần Chiến sĩ thi đua cơ sở "
    "(có {cstdcs})"
)
PROVINCE_INITIATIVE = "sáng kiến hoặc đề tài được công nhận có phạm vi ảnh hưởng toàn tỉnh"
CYCLES = "các năm {first}–{last}"
NOT_CONG_TRANG = "không xét theo công trạng: thẩm định theo báo cáo thành tích"
NO_MEMBER_COUNTS = "chưa có số thành viên đã phúc tra"
SHARE = "{count}/{members} (cần ≥ {share:.0%})"
MEMBERS_CSTDCS = "{count} thành viên đạt Chiến sĩ thi đua cơ sở"
MEMBERS_DISCIPLINED = "{count} thành viên bị kỷ luật từ mức cảnh cáo trở lên"
NO_CLUSTER = "chưa có kết quả cụm, khối thi đua năm {year}"
CLUSTER_NOT_PROVINCIAL = "cụm, khối {cluster} không do tỉnh tổ chức"
CLUSTER_TAKEN = "cụm, khối {cluster} năm {year}: {holder}"
CLUSTER_AWARDED = "đã tặng cho {association_id} ({ref})"
CLUSTER_NOMINATED = "đã đề nghị cho {association_id} ({ref})"
CLUSTER_NO_LEADER = "cụm, khối {cluster}: chưa có kết quả xếp hạng dẫn đầu năm {year}"
CLUSTER_LEADER = "cụm, khối {cluster} năm {year}: xếp hạng dẫn đầu"
CLUSTER_NOT_LEADER = "cụm, khối {cluster} năm {year}: không xếp hạng dẫn đầu"

# Imports: why a row was not imported (each message is reported with the row number and the column header)
ROW_MISSING = "bắt buộc, đang để trống"
ROW_UNKNOWN = "giá trị không hợp lệ: {value!r}"
ROW_NOT_IN_CATALOGUE = "không có trong danh mục danh hiệu, hình thức khen thưởng: {value!r}"
ROW_INDIVIDUAL_CODE = "cá nhân cần có mã định danh"
ROW_COLLECTIVE_ASSOCIATION = "tập thể cần có mã hội"
ROW_BAD_DATE = "ngày không hợp lệ: {value!r} (cần dd/mm/yyyy)"
ROW_BAD_YEAR = "năm không hợp lệ: {value!r} (từ 1990 đến năm nay)"
ROW_DUPLICATE = "trùng với một dòng phía trên (mỗi thành tích chỉ khen thưởng một lần)"


def day(value: date) -> str:
    """A date as Vietnamese readers write it (dd/mm/yyyy)."""
    return value.strftime("%d/%m/%Y")


def named(names: dict[str, str], code: str) -> str:
    """The Vietnamese name of a code, or the code itself when it has none."""
    return names.get(code, code)


def listing(values: Iterable[object]) -> str:
    """Values joined for a sentence."""
    return ", ".join(str(v) for v in values)
