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

# the ward's answer to a petition, by its category (a petition is answered on its matter)
ANSWERS: dict[str, str] = {
    "lighting": "Phường đã làm việc với đơn vị điện lực, đèn đã được thay mới ngày {d}.",
    "environment": "Đã yêu cầu đơn vị thu gom bố trí xe đúng lịch; tổ quản lý môi trường "
                   "giám sát hằng ngày.",
    "infrastructure": "Phường đã đưa vào kế hoạch sửa chữa, nạo vét quý này, thi công xong "
                      "trước mùa mưa.",
    "land": "Phòng Kinh tế, Hạ tầng và Đô thị đã hướng dẫn hồ sơ; dân nộp tại Trung tâm Phục "
            "vụ hành chính công phường.",
    "administrative": "Trung tâm Phục vụ hành chính công phường đã hướng dẫn và giải quyết "
                      "hồ sơ ngày {d}.",
    "security_order": "Công an phường đã tăng cường tuần tra và lập biên bản nhắc nhở các "
                      "đối tượng.",
    "social_policy": "Phòng Văn hóa - Xã hội đã rà soát; hộ đủ điều kiện được đưa vào danh "
                     "sách hỗ trợ từ tháng sau.",
}
ANSWER_OTHER = "Phường đã tiếp thu và giao đơn vị chuyên môn giải quyết; tổ sẽ báo lại dân."

# "Dân vận khéo" models: (name, field, group number or None, unit kind, unit name, status,
# goals, evidence [(label, quantity, unit)]); "campaign" in the evidence links the demo
# campaign. Ward-level units after the 2025 reform: the ward's party cells, the Front and the
# associations, no district or town bodies.
MODELS: list[tuple[str, str, int | None, str, str, str, str, list[tuple[str, str, str]]]] = [
    ("Tuyến đường hoa", "culture_society", 3, "residential_group", "", "recognized",
     "Mỗi hộ trồng và chăm sóc hoa trước cửa, cả tổ giữ tuyến đường xanh, sạch, đẹp.",
     [("Chiều dài tuyến đường hoa", "850", "m"), ("Hộ tham gia", "64", "hộ")]),
    ("Hiến đất làm đường", "economy", 5, "residential_group", "", "proposed",
     "Vận động các hộ hiến đất, tháo dỡ tường rào để mở rộng và bê tông hóa đường nội khối.",
     [("Diện tích đất hiến", "350", "m2"), ("Tiền nhân dân đóng góp", "126000000", "đồng"),
      ("campaign", "0", "")]),
    ("Camera an ninh", "defense_security", 7, "residential_group", "", "replicated",
     "Lắp camera giám sát tại các ngõ, kết nối với Công an phường để giữ an ninh trật tự.",
     [("Camera đã lắp", "12", "chiếc"), ("Tiền nhân dân đóng góp", "48000000", "đồng")]),
    ("Ngày chủ nhật xanh", "culture_society", 1, "residential_group", "", "in_progress",
     "Sáng chủ nhật cuối tháng, các hộ cùng dọn vệ sinh, phát quang đường ngõ.",
     [("Hộ tham gia", "41", "hộ")]),
    ("Xây dựng đường cờ, điện sáng đại đoàn kết", "economy", 2, "residential_group", "",
     "in_progress", "Mỗi hộ góp tiền lắp cột cờ và bóng đèn chiếu sáng các ngõ trong tổ.", []),
    ("Tổ tự quản an ninh trật tự", "defense_security", 9, "residential_group", "",
     "registered", "Các hộ liền kề giữ an ninh cho nhau, báo ngay cho tổ trưởng khi có việc lạ.",
     []),
    ("Thu gom phế liệu gây quỹ khuyến học", "culture_society", 11, "residential_group", "",
     "not_recognized", "Bán phế liệu các hộ gom được để thưởng cho học sinh giỏi của tổ.", []),
    ("Đảng viên gương mẫu, nhà nhà làm theo", "political_system", None, "party_cell",
     "Chi bộ Tổ dân phố 4", "recognized",
     "Mỗi đảng viên nhận phụ trách 10 hộ, đi trước làm gương trong các phong trào của tổ.",
     [("Hộ được đảng viên phụ trách", "120", "hộ")]),
    ("Mái ấm đại đoàn kết", "culture_society", None, "front", "Ủy ban MTTQ Việt Nam phường",
     "recognized", "Vận động các nhà hảo tâm, doanh nghiệp hỗ trợ xây, sửa nhà cho hộ khó khăn.",
     [("Tiền vận động", "160000000", "đồng"), ("Hộ được hỗ trợ", "3", "hộ")]),
    ("Thu gom phế liệu, tặng quà phụ nữ nghèo", "culture_society", None, "womens_union",
     "Hội Liên hiệp Phụ nữ phường", "proposed",
     "Hội viên gom phế liệu bán lấy tiền mua quà, giúp vốn cho hội viên nghèo.",
     [("Tiền gây quỹ", "18500000", "đồng")]),
    ("Cựu chiến binh tham gia giữ gìn trật tự an toàn giao thông", "defense_security", None,
     "veterans_association", "Hội Cựu chiến binh phường", "in_progress",
     "Hội viên trực giờ tan trường tại các điểm giao thông đông người.", []),
    ("Chính quyền thân thiện, vì Nhân dân phục vụ", "political_system", None, "other",
     "Trung tâm Phục vụ hành chính công phường", "registered",
     "Hướng dẫn tận tình, trả kết quả đúng hẹn, xin lỗi dân khi hồ sơ trễ hạn.", []),
]
MODEL_FOLLOWERS = ["Trần Văn Bình", "Nguyễn Thị Hoa", "Lê Đình Sơn"]

# the groups' monthly report: (mood, opinions, hot issues, proposals), cycling
GROUP_REPORT_TEXTS = [
    ("Nhân dân phấn khởi, đồng thuận với chủ trương làm đường nội khối.",
     "Một số hộ hỏi về tiến độ nạo vét mương thoát nước.",
     "Rác tồn đọng ở điểm tập kết đầu ngõ.",
     "Đề nghị phường bố trí xe thu gom đúng lịch."),
    ("Tình hình ổn định, bà con tích cực tham gia ngày chủ nhật xanh.",
     "Dân đề nghị công khai các khoản đóng góp tại nhà văn hóa.",
     "",
     "Đề nghị lắp thêm đèn chiếu sáng ngõ 5."),
    ("Nhân dân tin tưởng, không có đơn thư vượt cấp.",
     "Một số hộ phản ánh tiếng ồn của quán karaoke sau 22 giờ.",
     "Thanh niên tụ tập nẹt pô xe máy cuối tuần.",
     "Đề nghị Công an phường tăng cường tuần tra ban đêm."),
    ("Bà con đồng tình với việc hiến đất mở đường.",
     "",
     "Mặt đường Quang Trung sụt lún trước nhà văn hóa.",
     "Đề nghị phường sớm sửa chữa đoạn đường bị sụt lún."),
]
# group numbers whose report of last month came late, and those with none yet
LATE_GROUPS = (6, 12)
MISSING_GROUPS = (10, 13, 14)
BRIEFING_GROUPS = (1, 3, 5, 7, 9)

# the demo campaign's expenses: (days after the start, amount, purpose, payee, receipt)
EXPENSES = [
    (20, 32_000_000, "Mua xi măng, cát, đá thi công đợt 1", "Cửa hàng vật liệu xây dựng "
     "Hùng Thủy", "HĐ-0153"),
    (35, 9_500_000, "Thuê máy trộn bê tông và nhân công", "Đội thi công Nguyễn Văn Lộc",
     "BN-0021"),
]
PUBLISHED_HOUSEHOLDS = 6

# commendations of the current half-year review: (kind, recipient, form, decision number)
COMMENDATIONS = [
    ("collective", "Tổ dân phố 3 (mô hình \"Tuyến đường hoa\")", "Giấy khen của Chủ tịch "
     "UBND phường", "215/QĐ-UBND"),
    ("individual", "Ông Trần Văn Bình, Tổ trưởng Tổ dân phố 7", "Giấy khen của Chủ tịch "
     "UBND phường", "215/QĐ-UBND"),
]
