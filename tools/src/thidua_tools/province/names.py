"""Deterministic, realistic Vietnamese demo data (pure: no I/O, no clock).

People get a family name (họ) drawn with roughly the national frequencies, a gender-consistent middle name
(tên đệm) and given name (tên), a position, a birth year and a 12-digit personal code shaped like a citizen
id (province 072 = Tây Ninh, the province of the seed plan; a century-and-gender digit; the birth year).
Associations are the kind of member associations (Hội thành viên) and collective members (Hội viên tập
thể) a provincial Union of Science and Technology Associations (Liên hiệp các Hội Khoa học và Kỹ thuật)
has. Every string is NFC-normalized; the same seed always gives the same province.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, replace

PROVINCE = "Tây Ninh"
PROVINCE_CODE = "072"
UNION_NAME = f"Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh {PROVINCE}"
EMAIL_DOMAIN = "lienhiephoi-tayninh.example"
"""A reserved TLD: demo notices never reach a real mailbox."""

# (family name, weight ‰): the most common Vietnamese surnames, roughly by frequency.
FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 30), ("Huỳnh", 25), ("Phan", 45),
    ("Vũ", 20), ("Võ", 20), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10),
    ("Lý", 5), ("Trương", 8), ("Đinh", 7), ("Lâm", 5), ("Mai", 5), ("Đoàn", 6), ("Lương", 4), ("Tạ", 3),
    ("Cao", 4), ("Hà", 4), ("Châu", 3), ("Thái", 3), ("Quách", 2), ("Tô", 2), ("Kiều", 2), ("La", 2),
    ("Lưu", 3), ("Trịnh", 4), ("Văn", 2), ("Diệp", 2),
)  # fmt: skip
MALE_MIDDLE = ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Quang", "Xuân", "Ngọc", "Hoàng",
               "Gia", "Anh", "Trọng", "Tuấn", "Đình", "Thế", "Duy", "Bá", "Tấn", "Nhật", "Chí")  # fmt: skip
FEMALE_MIDDLE = ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Mỹ", "Bích", "Hồng", "Phương", "Diệu",
                 "Thùy", "Quỳnh", "Hoài", "Khánh", "Ánh", "Bảo", "Tuyết", "Thảo", "Cẩm")  # fmt: skip
MALE_GIVEN = ("An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Hưng", "Khoa", "Khang", "Long", "Minh",
              "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Tiến", "Toàn",
              "Trung", "Tuấn", "Vinh", "Việt", "Hiếu", "Huy", "Lâm", "Lộc", "Tâm", "Thịnh", "Trí", "Tùng",
              "Đông", "Kiên", "Nhân", "Quý", "Sang", "Tín", "Bảo", "Duy", "Hòa", "Khải", "Luân", "Phát",
              "Thuận", "Vũ", "Định")  # fmt: skip
FEMALE_GIVEN = ("Anh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huệ", "Hương",
                "Lan", "Liên", "Linh", "Loan", "Mai", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Thảo",
                "Thủy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Nga", "My", "Ly", "Nhi",
                "Diễm", "Thư", "Tâm", "Hậu", "Ngân", "Quỳnh", "Thoa", "Hạnh", "Duyên", "Khuê")  # fmt: skip

# (name after "Hội", field): member associations of a provincial Union (Hội thành viên).
MEMBER_ASSOCIATIONS: tuple[tuple[str, str], ...] = (
    ("Tin học", "Kỹ thuật - Công nghệ"), ("Y học", "Y - Dược"), ("Dược học", "Y - Dược"),
    ("Điều dưỡng", "Y - Dược"), ("Đông y", "Y - Dược"), ("Châm cứu", "Y - Dược"),
    ("Nhi khoa", "Y - Dược"), ("Sản phụ khoa", "Y - Dược"), ("Răng Hàm Mặt", "Y - Dược"),
    ("Phục hồi chức năng", "Y - Dược"), ("Kiến trúc sư", "Kỹ thuật - Công nghệ"),
    ("Xây dựng", "Kỹ thuật - Công nghệ"), ("Cầu đường", "Kỹ thuật - Công nghệ"),
    ("Cơ khí", "Kỹ thuật - Công nghệ"), ("Điện lực", "Kỹ thuật - Công nghệ"),
    ("Vô tuyến Điện tử", "Kỹ thuật - Công nghệ"), ("Tự động hóa", "Kỹ thuật - Công nghệ"),
    ("Toán học", "Khoa học cơ bản"), ("Vật lý", "Khoa học cơ bản"), ("Hóa học", "Khoa học cơ bản"),
    ("Sinh học", "Khoa học cơ bản"), ("Địa chất", "Khoa học cơ bản"),
    ("Khoa học Kỹ thuật Nông nghiệp", "Nông nghiệp - Môi trường"), ("Làm vườn", "Nông nghiệp - Môi trường"),
    ("Chăn nuôi Thú y", "Nông nghiệp - Môi trường"), ("Thủy lợi", "Nông nghiệp - Môi trường"),
    ("Lâm nghiệp", "Nông nghiệp - Môi trường"), ("Giống cây trồng", "Nông nghiệp - Môi trường"),
    ("Bảo vệ Thiên nhiên và Môi trường", "Nông nghiệp - Môi trường"),
    ("Sinh vật cảnh", "Nông nghiệp - Môi trường"), ("Khoa học Kinh tế", "Khoa học xã hội"),
    ("Kế toán và Kiểm toán", "Khoa học xã hội"), ("Khoa học Lịch sử", "Khoa học xã hội"),
    ("Khoa học Tâm lý - Giáo dục", "Khoa học xã hội"), ("Ngôn ngữ học", "Khoa học xã hội"),
    ("Nữ trí thức", "Khoa học xã hội"), ("Nghiên cứu và Phát triển Cộng đồng", "Khoa học xã hội"),
    ("Khoa học Đất", "Nông nghiệp - Môi trường"), ("Thủy sản", "Nông nghiệp - Môi trường"),
    ("Giáo dục Chăm sóc Sức khỏe Cộng đồng", "Y - Dược"), ("Truyền thông số", "Kỹ thuật - Công nghệ"),
    ("Doanh nghiệp Khoa học và Công nghệ", "Kỹ thuật - Công nghệ"),
)  # fmt: skip
# Collective members (Hội viên tập thể): centres, institutes and schools in the Union's system.
COLLECTIVE_MEMBERS: tuple[tuple[str, str], ...] = (
    ("Trung tâm Tư vấn và Chuyển giao Công nghệ", "Kỹ thuật - Công nghệ"),
    ("Trung tâm Ứng dụng Tiến bộ Khoa học và Công nghệ", "Kỹ thuật - Công nghệ"),
    ("Viện Nghiên cứu Phát triển Nông nghiệp Bền vững", "Nông nghiệp - Môi trường"),
    ("Trung tâm Nghiên cứu Bảo tồn Di sản Văn hóa", "Khoa học xã hội"),
    ("Trường Cao đẳng Y tế", "Y - Dược"),
    ("Trung tâm Đào tạo và Bồi dưỡng Kỹ năng Số", "Kỹ thuật - Công nghệ"),
)  # fmt: skip

LEADERS = ("Chủ tịch Hội", "Phó Chủ tịch Hội", "Tổng Thư ký")
POSITIONS = ("Ủy viên Ban Chấp hành", "Chánh Văn phòng Hội", "Trưởng ban Chuyên môn", "Hội viên",
             "Hội viên", "Hội viên", "Chuyên viên", "Kế toán")  # fmt: skip
PROFESSIONS: dict[str, tuple[str, ...]] = {
    "Y - Dược": ("Bác sĩ", "Dược sĩ", "Điều dưỡng viên", "Y sĩ"),
    "Kỹ thuật - Công nghệ": ("Kỹ sư", "Kiến trúc sư", "Kỹ thuật viên", "Chuyên viên công nghệ"),
    "Khoa học cơ bản": ("Giảng viên", "Giáo viên", "Nghiên cứu viên"),
    "Nông nghiệp - Môi trường": ("Kỹ sư nông nghiệp", "Bác sĩ thú y", "Kỹ sư môi trường"),
    "Khoa học xã hội": ("Giảng viên", "Nghiên cứu viên", "Kế toán viên", "Chuyên viên"),
}


def nfc(text: str) -> str:
    """The text in Unicode NFC (precomposed diacritics)."""
    return unicodedata.normalize("NFC", text)


def ascii_slug(text: str, sep: str = "-") -> str:
    """Lower-case ASCII letters and digits from Vietnamese text (đ becomes d), joined by `sep`."""
    plain = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return sep.join(re.findall(r"[a-z0-9]+", plain))


@dataclass(frozen=True)
class Person:
    """One individual: a member of an association."""

    personal_code: str
    full_name: str
    female: bool
    birth_year: int
    position: str


@dataclass(frozen=True)
class Officer:
    """An association officer who receives its notices."""

    full_name: str
    position: str
    email: str
    phone: str


@dataclass(frozen=True)
class AssociationProfile:
    """A directory entry with its officers and members."""

    code: str
    name: str
    kind: str
    field: str
    contact_emails: tuple[str, ...]
    officers: tuple[Officer, ...]
    members: tuple[Person, ...]


def full_name(rng: random.Random, *, female: bool) -> str:
    """A gender-consistent full name: họ, tên đệm (sometimes two for women), tên."""
    family = rng.choices([f for f, _ in FAMILY_NAMES], weights=[w for _, w in FAMILY_NAMES])[0]
    middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
    if female and middle == "Thị" and rng.random() < 0.25:
        middle = f"Thị {rng.choice([m for m in FEMALE_MIDDLE if m != 'Thị'])}"
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    return nfc(f"{family} {middle} {given}")


def personal_code(rng: random.Random, *, female: bool, birth_year: int) -> str:
    """A 12-digit code shaped like a citizen id: province, century-and-gender digit, birth year, serial."""
    century = 0 if birth_year < 2000 else 2
    return f"{PROVINCE_CODE}{century + int(female)}{birth_year % 100:02d}{rng.randrange(10**6):06d}"


def people(count: int, *, seed: int | str = PROVINCE) -> list[Person]:
    """`count` individuals with distinct names and codes (same seed, same people, in the same order)."""
    rng = random.Random(f"people:{seed}")
    names: set[str] = set()
    codes: set[str] = set()
    out: list[Person] = []
    while len(out) < count:
        female = rng.random() < 0.48
        name = full_name(rng, female=female)
        birth = rng.randint(1962, 1998)
        code = personal_code(rng, female=female, birth_year=birth)
        if name in names or code in codes:
            continue
        names.add(name)
        codes.add(code)
        out.append(Person(code, name, female, birth, rng.choice(POSITIONS)))
    return out


def _catalogue(count: int) -> list[tuple[str, str, str]]:
    """(name, kind, field) for `count` entries: about one in ten a collective member, the rest member
    associations; beyond the catalogue, numbered branches (chi hội)."""
    collectives = min(len(COLLECTIVE_MEMBERS), count // 10)
    members = [(nfc(f"Hội {n} tỉnh {PROVINCE}"), "member_association", f) for n, f in MEMBER_ASSOCIATIONS]
    base = members[: count - collectives] + [
        (nfc(f"{n} tỉnh {PROVINCE}"), "collective_member", f) for n, f in COLLECTIVE_MEMBERS[:collectives]
    ]
    entries, number = list(base), 2
    while len(entries) < count:
        entries += [(nfc(f"{n} - Chi hội số {number}"), k, f) for n, k, f in base]
        number += 1
    return entries[:count]


def association_code(name: str) -> str:
    """A stable directory code from the name, e.g. `HOI-TIN-HOC`."""
    slug = ascii_slug(name.replace(f"tỉnh {PROVINCE}", "")).upper()
    return slug[:64]


def _shares(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split `total` into `parts` uneven shares (larger and smaller associations), each at least 1."""
    if parts == 0:
        return []
    weights = [rng.uniform(0.4, 2.0) for _ in range(parts)]
    raw = [max(1, int(total * w / sum(weights))) for w in weights]
    index = 0
    while sum(raw) != total:
        step = 1 if sum(raw) < total else -1
        if step > 0 or raw[index % parts] > 1:
            raw[index % parts] += step
        index += 1
    return raw


def _officers(members: tuple[Person, ...], code: str, rng: random.Random) -> tuple[Officer, ...]:
    slug = code.lower().replace("-", "")
    leaders = members[: min(len(members), 2)]
    return tuple(
        Officer(
            full_name=p.full_name,
            position=LEADERS[i],
            email=f"{ascii_slug(p.full_name, '.')}.{slug}@{EMAIL_DOMAIN}",
            phone=f"0{rng.choice((90, 91, 93, 97, 98, 36, 37))}{rng.randrange(10**7):07d}",
        )
        for i, p in enumerate(leaders)
    )


def province(
    *, associations: int = 40, individuals: int = 2000, seed: int | str = PROVINCE
) -> list[AssociationProfile]:
    """The demo province: `associations` directory entries sharing `individuals` members between them."""
    rng = random.Random(f"associations:{seed}")
    everyone = people(individuals, seed=seed)
    sizes = _shares(individuals, associations, rng) if individuals >= associations else [
        1 if i < individuals else 0 for i in range(associations)
    ]  # fmt: skip
    out: list[AssociationProfile] = []
    start = 0
    for (name, kind, field), size in zip(_catalogue(associations), sizes, strict=True):
        members = tuple(
            replace(p, position=LEADERS[i]) if i < 2 else _with_profession(p, field, rng)
            for i, p in enumerate(everyone[start : start + size])
        )
        start += size
        code = association_code(name)
        officers = _officers(members, code, rng)
        contact = (f"{code.lower()}@{EMAIL_DOMAIN}",)
        out.append(AssociationProfile(code, name, kind, field, contact, officers, members))
    return out


def _with_profession(person: Person, field: str, rng: random.Random) -> Person:
    """Ordinary members get a profession of the association's field instead of a generic position."""
    if person.position != "Hội viên":
        return person
    return replace(person, position=rng.choice(PROFESSIONS[field]))
