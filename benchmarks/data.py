"""Benchmarks layer: petition-shaped records with varied Vietnamese text (what phones send)."""

from __future__ import annotations

import random
import uuid
from typing import Any

TITLES = ["Đèn đường ngõ {n} bị hỏng", "Cống thoát nước khu {n} bị tắc",
          "Rác thải tồn đọng ở ngõ {n}",
          "Đường bê tông tổ {n} xuống cấp", "Tiếng ồn karaoke sau 22 giờ ở ngõ {n}",
          "Xin hỗ trợ hộ nghèo số {n}", "Cây xanh gãy đổ trước nhà số {n}",
          "Lấn chiếm vỉa hè đoạn số {n}", "Nước sinh hoạt yếu ở khu {n}",
          "Đề nghị lắp camera an ninh ngõ {n}"]
SENTENCES = ["Người dân phản ánh tình trạng kéo dài đã {n} tuần.",
             "Buổi tối đi lại rất khó khăn, nhất là người già và trẻ nhỏ.",
             "Đã báo tổ trưởng nhưng chưa được xử lý.", "Đề nghị phường sớm kiểm tra, khắc phục.",
             "Khu vực có khoảng {n} hộ dân bị ảnh hưởng.",
             "Mùa mưa nước ngập sâu, bốc mùi khó chịu.", "Bà con mong được trả lời trước ngày 15."]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh"]
GIVEN = ["Hùng", "Lan", "Mai", "Tuấn", "Hương", "Dũng", "Hà", "Nam", "Phương", "Bình", "Yến"]
CATS = ["land", "environment", "infrastructure", "lighting", "security_order", "social_policy",
        "administrative", "other"]
FIELDS = ["economy", "culture_society", "defense_security", "political_system"]


def petition_fields(rng: random.Random) -> dict[str, Any]:
    """Keyword arguments of `store.petitions.create` (and of `petition.create` without id)."""
    n = rng.randint(1, 120)
    return {
        "title": rng.choice(TITLES).format(n=n),
        "description": " ".join(s.format(n=rng.randint(2, 40))
                                for s in rng.sample(SENTENCES, 2)),
        "field": rng.choice(FIELDS), "category": rng.choice(CATS),
        "citizen_name": f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
        "citizen_phone": "09" + "".join(rng.choice("0123456789") for _ in range(8)),
        "location_text": f"Ngõ {n}, tổ dân phố {rng.randint(1, 14)}",
        "source": "household_visit",
    }


def petition_args(rng: random.Random) -> dict[str, Any]:
    """`petition.create` args as the phone sends them."""
    return {"id": str(uuid.uuid4()), **petition_fields(rng)}
