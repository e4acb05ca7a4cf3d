"""Label ids of the taxonomy (../shared/spec/taxonomy.md, version 1.1): the contract.

Ids are ASCII and never change; Vietnamese names are what people read.
"""

from __future__ import annotations

TAXONOMY_VERSION = "1.1"

KINDS: dict[str, str] = {
    "feedback": "Phản ánh, kiến nghị",
    "complaint": "Khiếu nại",
    "denunciation": "Tố cáo",
    "request": "Yêu cầu, đề nghị giải quyết",
    "not_petition": "Không phải đơn",
}

SECTORS: dict[str, str] = {
    "land": "Đất đai",
    "construction": "Xây dựng, quy hoạch, đô thị",
    "transport": "Giao thông, vận tải",
    "business": "Đầu tư, doanh nghiệp, kinh doanh",
    "tax_finance": "Thuế, phí, tài chính",
    "environment": "Tài nguyên, môi trường, nông nghiệp",
    "health": "Y tế",
    "education": "Giáo dục",
    "justice": "Tư pháp, hộ tịch",
    "public_security": "Công an, cư trú",
    "labor_social": "Lao động, BHXH, chính sách xã hội",
    "other": "Khác",
}

ISSUES: dict[str, str] = {
    "harassment": "Nhũng nhiễu, gây phiền hà",
    "bribery": "Đòi hoặc nhận tiền, quà (tham nhũng vặt)",
    "delay": "Chậm trễ, trễ hẹn",
    "excess_paperwork": "Yêu cầu hồ sơ trái quy định",
    "evasion": "Đùn đẩy, né tránh",
    "conduct": "Thái độ, tác phong, kỷ luật công vụ",
    "inspection_overlap": "Thanh tra, kiểm tra chồng chéo",
    "regulation": "Quy định, thủ tục bất cập",
    "online_service": "Dịch vụ công trực tuyến",
}

REGISTERS = ("formal", "informal", "hotline_note", "portal_comment", "message")
DIACRITICS = ("full", "partial", "none")

# The 34 provinces and centrally-run cities from 2025-07-01 (Nghị quyết 202/2025/QH15).
PROVINCES = (
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Lai Châu", "Điện Biên",
    "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng",
    "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình",
    "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai",
    "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
)
