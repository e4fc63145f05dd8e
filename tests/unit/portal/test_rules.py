"""The portal's pure parts: accent-free search, Vietnamese formats, the to-do list, problems beside fields,
the sign-in throttle, safe redirects, and the message catalogue being complete."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from portal import catalogue
from portal.accounts.domain import AccountError, Attempts, ThrottlePolicy, check_account, check_new_password
from portal.accounts.routes import safe_next
from portal.clients.awards import Nomination, PublicDecision
from portal.clients.base import ServiceError
from portal.clients.registration import Campaign, Registration
from portal.officer.home import todos
from portal.public.decisions import search
from portal.web import i18n
from portal.web.forms import problem_errors, renumbered, rows
from portal.web.search import fold, matches

TODAY = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def vietnamese() -> None:
    i18n.activate("vi")


class TestSearchWithoutDiacritics:
    def test_typing_without_diacritics_finds_the_vietnamese_name(self) -> None:
        assert matches("Nguyễn Văn An", "nguyen van an")
        assert matches("Hội Tin học tỉnh Đồng Nai", "dong nai")
        assert fold("  ĐINH   Thị  Ánh ") == "dinh thi anh"
        assert not matches("Nguyễn Văn Anh Tuấn", "nguyen van ba")

    def test_the_public_search_matches_name_unit_and_award_together(self) -> None:
        items = [
            PublicDecision(name="Nguyễn Văn An", unit="Hội Cơ khí", award="Lao động tiên tiến", year=2026),
            PublicDecision(name="Nguyễn Văn An", unit="Hội Tin học", award="Giấy khen", year=2026),
        ]
        found = search(items, name="nguyen van an", unit="co khi", award="lao dong")
        assert [d.unit for d in found] == ["Hội Cơ khí"]


class TestVietnameseFormats:
    def test_dates_are_day_month_year_in_ho_chi_minh_time(self) -> None:
        assert i18n.format_date("2026-12-15") == "15/12/2026"
        assert i18n.format_date(datetime(2026, 12, 14, 20, 0, tzinfo=UTC)) == "15/12/2026"  # 03:00 in Hà Nội
        assert i18n.format_datetime("2026-12-14T20:05:00Z") == "15/12/2026 03:05"

    def test_money_has_dots_between_thousands_and_the_dong_sign(self) -> None:
        assert i18n.format_money(1170000) == "1.170.000 đ"
        assert i18n.format_money(0) == "0 đ"


def campaign(cid: str, deadline: date | None) -> Campaign:
    return Campaign(
        id=cid,
        code=cid,
        name=f"Phong trào {cid}",
        year=2026,
        kind="annual",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 15),
        registration_deadline=deadline,
    )


class TestWhatNeedsDoingNext:
    def test_open_campaigns_unassessed_registrations_incomplete_dossiers_and_unread_notices(self) -> None:
        registration = Registration.model_validate(
            {
                "id": "r1",
                "campaign_id": "c2",
                "association_id": "a",
                "year": 2026,
                "plan": {"collective_name": "Hội"},
            }
        )
        nomination = Nomination.model_validate(
            {
                "id": "n1",
                "association_id": "a",
                "award_type_code": "LDTT",
                "award_type_name": "Lao động tiên tiến",
                "year": 2026,
                "nominee": {"kind": "individual", "name": "Lê Bình", "unit": "Hội"},
                "status": "incomplete",
            }
        )
        done = todos(
            [
                campaign("c1", TODAY + timedelta(days=10)),
                campaign("c2", TODAY),
                campaign("c3", TODAY - timedelta(days=1)),
            ],
            [registration],
            [nomination],
            3,
            TODAY,
        )
        texts = [t.text for t in done]
        assert texts[0] == "Đăng ký phong trào “Phong trào c1” trước ngày 11/03/2026"
        assert "Nộp tự đánh giá cuối năm của “Phong trào c2” trước ngày 15/12/2026" in texts
        assert "Bổ sung hồ sơ của Lê Bình (Lao động tiên tiến)" in texts
        assert "Đọc 3 thông báo mới" in texts
        assert not any("c3" in t for t in texts)  # its deadline has passed


class TestProblemsBesideFields:
    def test_a_validation_problem_lands_on_the_form_row_the_officer_typed(self) -> None:
        data = {
            "individuals.0.full_name": "",
            "individuals.0.personal_code": "",
            "individuals.2.full_name": "",
        }
        data |= {"individuals.2.personal_code": "X1"}
        kept = [i for i, _ in rows(data, "individuals")]
        problem = {
            "type": "https://thidua.vn/problems/validation-failed",
            "errors": [{"loc": ["body", "individuals", 0, "full_name"], "type": "string_too_short"}],
        }

        errors = problem_errors(
            ServiceError(422, problem, service="registration"),
            known={"individuals.2.full_name"},
            rename=renumbered("individuals", kept, ("full_name",)),
        )

        assert kept == [2]
        assert errors == {"individuals.2.full_name": ["Vui lòng nhập mục này."]}

    def test_a_business_problem_is_said_in_vietnamese_above_the_form(self) -> None:
        problem = {
            "type": "https://thidua.vn/problems/registration-deadline-passed",
            "detail": "Deadline passed.",
        }
        errors = problem_errors(ServiceError(409, problem, service="registration"), known=set())
        assert errors == {"__form__": ["Đã hết hạn đăng ký phong trào này."]}


class TestThrottle:
    def test_the_fifth_failure_in_the_window_locks_and_a_later_window_starts_again(self) -> None:
        policy = ThrottlePolicy(5, timedelta(minutes=15), timedelta(minutes=15))
        moment, record = datetime(2026, 3, 1, 8, tzinfo=UTC), Attempts()
        for _ in range(4):
            record = record.after_failure(policy, moment)
        assert not record.locked(moment)
        record = record.after_failure(policy, moment)
        assert record.locked(moment) and not record.locked(moment + timedelta(minutes=16))
        later = record.after_failure(policy, moment + timedelta(minutes=20))
        assert later.failures == 1


class TestAccountsAndRedirects:
    def test_accounts_need_a_known_role_and_officers_their_association(self) -> None:
        with pytest.raises(AccountError, match="association-required"):
            check_account("can-bo-a", ("association",), None)
        with pytest.raises(AccountError, match="invalid-roles"):
            check_account("can-bo-a", ("admin",), None)
        with pytest.raises(AccountError, match="password-too-short"):
            check_new_password("ngan", username="can-bo-a")

    @pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\evil", ""])
    def test_after_sign_in_only_paths_of_this_site_are_followed(self, target: str) -> None:
        assert safe_next(target) == "/"
        assert safe_next("/officer/inbox?x=1") == "/officer/inbox?x=1"


def test_every_message_is_in_the_vietnamese_catalogue_and_translated() -> None:
    assert catalogue.problems("vi") == []


def test_every_template_compiles() -> None:
    from portal.web.templating import TEMPLATES_DIR, environment

    env = environment("vi")
    names = [str(p.relative_to(TEMPLATES_DIR)) for p in TEMPLATES_DIR.rglob("*.html")]
    assert len(names) > 20
    for name in names:
        env.get_template(name)
