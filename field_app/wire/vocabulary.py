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
    },
}
