"""Service layer: the Vietnamese content of the demo ward (names, streets, petitions, units)."""

from __future__ import annotations

WARD_NAME = "Phường Quỳnh Xuân"
GROUP_COUNT = 14
STAFF_USERNAME = "canbo"
STAFF_PASSWORD = "quynhxuan2026"
STAFF_FULL_NAME = "Hồ Thị Thanh Tâm"
WARD_HEAD_USERNAME = "truongkhoi"  # the head of the ward's mobilization office (ward_head)
WARD_HEAD_PASSWORD = STAFF_PASSWORD
WARD_HEAD_FULL_NAME = "Nguyễn Văn Hùng"
CAMPAIGN_GROUP = 5
# the province above the demo ward, its second ward, and the province department's account
PROVINCE_NAME = "Tỉnh Nghệ An"
PROVINCE_USERNAME = "tinh"
PROVINCE_PASSWORD = "quynhxuan2026"
PROVINCE_FULL_NAME = "Ban Tuyên giáo và Dân vận Tỉnh ủy"
SECOND_WARD_NAME = "Phường Tân Mai"
SECOND_WARD_GROUPS = 4
SECOND_WARD_PETITIONS = 10
SECOND_STAFF_USERNAME = "canbo.tanmai"
SECOND_STAFF_FULL_NAME = "Lê Thị Hoa"
CAMPAIGN_TITLE = "Bê tông hóa đường nội khối TDP 5"

FAMILY = ["Nguyễn", "Trần", "Lê", "Hồ", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô",
          "Dương", "Phan", "Vũ", "Đinh", "Cao", "Thái", "Chu"]
MIDDLE_MALE = ["Văn", "Đình", "Hữu", "Quang", "Minh", "Xuân", "Công", "Đức", "Bá", "Trọng"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị Thu", "Thị Hồng", "Thị Minh", "Thị Kim"]
GIVEN_MALE = ["Hùng", "Dũng", "Tuấn", "Sơn", "Thắng", "Hải", "Nam", "Bình", "Long", "Phúc",
              "Cường", "Lộc", "Đức", "Vinh", "Quý", "Tài", "Hòa", "Thành", "Kiên", "Nghĩa"]
GIVEN_FEMALE = ["Lan", "Hoa", "Hương", "Thủy", "Trang", "Hạnh", "Yến", "Nga", "Mai", "Oanh",
                "Loan", "Hằng", "Liên", "Nhung", "Tuyết", "Vân"]
STREETS = ["Nguyễn Du", "Lê Lợi", "Quang Trung", "Trần Phú", "Mai Hắc Đế", "Hồ Xuân Hương",
           "Lý Tự Trọng", "Phan Bội Châu", "Ngọc Hồi", "Đinh Tiên Hoàng"]

# the units of a ward after the 2025 reform (two-level local government: no district or
# town offices); the power company is the province's
UNITS = ["Phòng Kinh tế, Hạ tầng và Đô thị phường", "Công an phường Quỳnh Xuân",
         "Văn phòng HĐND và UBND phường", "Phòng Văn hóa - Xã hội phường",
         "Trung tâm Phục vụ hành chính công phường", "Công ty Điện lực Nghệ An",
         "Ban Chỉ huy Quân sự phường", "Ủy ban MTTQ Việt Nam phường",
         "Tổ quản lý môi trường phường"]
OFFICERS = ["Nguyễn Văn Thành (Kinh tế, Hạ tầng và Đô thị)", "Lê Thị Hương (Văn hóa - Xã hội)",
            "Trần Quang Vinh (Công an phường)", "Phạm Đức Long (Kinh tế, Hạ tầng và Đô thị)",
            "Hồ Thị Mai (Văn phòng HĐND và UBND)"]

# (title, description, field, category, source)
PETITIONS = [
    ("Đèn đường ngõ 12 bị hỏng", "Cụm đèn chiếu sáng đầu ngõ 12 đường Nguyễn Du hỏng hơn hai "
     "tuần, buổi tối người dân đi lại rất khó khăn, nhất là các cháu đi học thêm về.",
     "economy", "lighting", "household_visit"),
    ("Rác thải tồn đọng tại điểm tập kết chợ Quỳnh Xuân",
     "Xe thu gom không đến đúng lịch, rác tồn đọng 3 ngày gây mùi hôi cho các hộ xung quanh.",
     "culture_society", "environment", "group_meeting"),
    ("Đề nghị nạo vét mương thoát nước đường Lê Lợi",
     "Mỗi khi mưa lớn nước tràn vào nhà các hộ số 20 đến 36 do mương bị bồi lấp.",
     "economy", "infrastructure", "dialogue_session"),
    ("Xin cấp lại giấy chứng nhận quyền sử dụng đất bị mất",
     "Gia đình bị mất bản gốc sổ đỏ khi sửa nhà, đề nghị hướng dẫn thủ tục cấp lại.",
     "economy", "land", "household_visit"),
    ("Tụ tập thanh niên gây ồn ào sau 23 giờ",
     "Nhóm thanh niên thường tụ tập uống rượu, nẹt pô xe máy ở bãi đất trống cuối ngõ 5.",
     "defense_security", "security_order", "phone"),
    ("Đề nghị xem xét hỗ trợ hộ cận nghèo",
     "Gia đình bà có chồng bị bệnh nặng, thu nhập thấp, đề nghị xét vào diện hộ cận nghèo.",
     "culture_society", "social_policy", "household_visit"),
    ("Thủ tục đăng ký khai sinh còn phải đi lại nhiều lần",
     "Người dân phản ánh phải đến bộ phận một cửa 3 lần mới hoàn thành hồ sơ khai sinh.",
     "political_system", "administrative", "dialogue_session"),
    ("Tranh chấp ranh giới đất giữa hai hộ liền kề",
     "Hai hộ số 14 và 16 ngõ 3 tranh chấp 0,8 m ranh giới, đề nghị phường cử cán bộ đo đạc.",
     "economy", "land", "group_meeting"),
    ("Mặt đường Quang Trung bị sụt lún",
     "Đoạn trước nhà văn hóa khối bị sụt lún sâu khoảng 20 cm, xe máy đã ngã hai lần.",
     "economy", "infrastructure", "household_visit"),
    ("Chó thả rông không rọ mõm",
     "Nhiều hộ nuôi chó thả rông ra đường, trẻ em đi học sợ hãi, đề nghị nhắc nhở.",
     "defense_security", "security_order", "group_meeting"),
    ("Đề nghị lắp thêm thùng rác công cộng",
     "Khu vực đầu đường Hồ Xuân Hương chưa có thùng rác, người dân vứt rác ra vỉa hè.",
     "culture_society", "environment", "group_meeting"),
    ("Chế độ cho người có công chưa được chi trả",
     "Ông là thương binh hạng 4/4, ba tháng nay chưa nhận được trợ cấp.",
     "culture_society", "social_policy", "phone"),
    ("Cống thoát nước bị vỡ nắp",
     "Nắp cống trước nhà số 45 đường Trần Phú bị vỡ, rất nguy hiểm cho người đi đường.",
     "economy", "infrastructure", "household_visit"),
    ("Đề nghị công khai các khoản đóng góp làm đường",
     "Một số hộ đề nghị tổ dân phố niêm yết công khai danh sách đóng góp tại nhà văn hóa.",
     "political_system", "other", "group_meeting"),
    ("Ánh sáng sân nhà văn hóa khối không đủ",
     "Sân nhà văn hóa chỉ có một bóng đèn, buổi tối sinh hoạt văn nghệ rất tối.",
     "culture_society", "lighting", "dialogue_session"),
    ("Xây dựng lấn chiếm hành lang đường",
     "Hộ số 8 ngõ 7 xây tường rào lấn ra ngõ khoảng 0,5 m làm hẹp lối đi chung.",
     "economy", "land", "household_visit"),
]

ANSWERS = [
    "Phường đã làm việc với đơn vị điện lực, đèn đã được thay mới ngày {d}.",
    "Đã yêu cầu đơn vị thu gom bố trí xe đúng lịch; tổ quản lý môi trường giám sát hằng ngày.",
    "Phường đã đưa vào kế hoạch nạo vét quý này, thi công xong trước mùa mưa.",
    "Phòng Kinh tế, Hạ tầng và Đô thị đã hướng dẫn hồ sơ; dân nộp tại Trung tâm Phục vụ "
    "hành chính công phường.",
    "Công an phường đã tăng cường tuần tra và lập biên bản nhắc nhở các đối tượng.",
]
