"""Wire layer: the display names of the protocol's shared vocabularies, in vi and en.

Fields of work and categories are the ward's own terms (product.md); the phone and the
ward console show them identically, so both translation catalogues take them from here.
"""

from typing import Final

VOCABULARY: Final[dict[str, dict[str, str]]] = {
    "vi": {
        "field.economy": "Kinh tế",
        "field.culture_society": "Văn hóa - xã hội",
        "field.defense_security": "Quốc phòng - an ninh",
        "field.political_system": "Xây dựng hệ thống chính trị",
        "category.land": "Đất đai",
        "category.environment": "Môi trường",
        "category.infrastructure": "Giao thông - hạ tầng",
        "category.lighting": "Điện chiếu sáng",
        "category.security_order": "An ninh trật tự",
        "category.social_policy": "Chính sách xã hội",
        "category.administrative": "Thủ tục hành chính",
        "category.other": "Khác",
        # models
        "model_status.registered": "Đã đăng ký",
        "model_status.in_progress": "Đang thực hiện",
        "model_status.proposed": "Đề nghị công nhận",
        "model_status.recognized": "Đã công nhận",
        "model_status.not_recognized": "Chưa được công nhận",
        "model_status.replicated": "Đã nhân rộng",
        "model_level.group": "Cấp tổ",
        "model_level.ward": "Cấp phường",
        "model_level.province": "Cấp tỉnh",
        "unit_kind.residential_group": "Tổ dân phố",
        "unit_kind.party_cell": "Chi bộ",
        "unit_kind.front": "Mặt trận Tổ quốc",
        "unit_kind.womens_union": "Hội Liên hiệp Phụ nữ",
        "unit_kind.youth_union": "Đoàn Thanh niên",
        "unit_kind.farmers_union": "Hội Nông dân",
        "unit_kind.veterans_association": "Hội Cựu chiến binh",
        "unit_kind.other": "Đơn vị khác",
    },
    "en": {
        "field.economy": "Economy",
        "field.culture_society": "Culture and society",
        "field.defense_security": "Defence and security",
        "field.political_system": "Political system",
        "category.land": "Land",
        "category.environment": "Environment",
        "category.infrastructure": "Roads and infrastructure",
        "category.lighting": "Street lighting",
        "category.security_order": "Security and order",
        "category.social_policy": "Social policy",
        "category.administrative": "Administrative procedures",
        "category.other": "Other",
        # models
        "model_status.registered": "Registered",
        "model_status.in_progress": "In progress",
        "model_status.proposed": "Proposed for recognition",
        "model_status.recognized": "Recognized",
        "model_status.not_recognized": "Not recognized",
        "model_status.replicated": "Replicated",
        "model_level.group": "Group level",
        "model_level.ward": "Ward level",
        "model_level.province": "Province level",
        "unit_kind.residential_group": "Residential group",
        "unit_kind.party_cell": "Party cell",
        "unit_kind.front": "Fatherland Front",
        "unit_kind.womens_union": "Women's Union",
        "unit_kind.youth_union": "Youth Union",
        "unit_kind.farmers_union": "Farmers' Union",
        "unit_kind.veterans_association": "Veterans' Association",
        "unit_kind.other": "Other unit",
    },
}
