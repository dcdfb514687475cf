"""A tagged bank for the tagging benchmark: question templates per topic (Toán, Vật lí, Sinh học 12) plus the
tagged questions of the shared fixtures. Each template is a different way exam papers ask about the topic;
the benchmark holds out whole templates, so a score is earned on phrasings the model never saw."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from qbank.services.tag_model import Example

NB, TH, VD, VDC = "Nhận biết", "Thông hiểu", "Vận dụng", "Vận dụng cao"

# subject -> topic (taxonomy name) -> [(level, template)]; {a}, {b}, {c} are filled with small numbers
TEMPLATES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "Toán": {
        "Ứng dụng đạo hàm để khảo sát hàm số": [
            (NB, "Cho hàm số $y=f(x)$ có bảng biến thiên như sau. Hàm số đã cho đồng biến trên khoảng nào dưới đây?"),
            (NB, "Điểm cực đại của đồ thị hàm số $y=x^{3}-{a}x^{2}+{b}$ là"),
            (TH, "Giá trị nhỏ nhất của hàm số $y=x^{4}-{a}x^{2}+{b}$ trên đoạn $[0;{c}]$ bằng"),
            (TH, "Tiệm cận đứng của đồ thị hàm số $y=\\frac{{a}x+1}{x-{b}}$ là đường thẳng"),
            (VD, "Có bao nhiêu giá trị nguyên của tham số m để hàm số $y=x^{3}-{a}mx^{2}+{b}x$ nghịch biến trên khoảng $(0;{c})$?"),
            (VDC, "Một tấm nhôm hình vuông cạnh {a}0 cm, người ta cắt ở bốn góc bốn hình vuông bằng nhau rồi gập lại thành một cái hộp không nắp. Để thể tích hộp lớn nhất thì cạnh hình vuông bị cắt bằng bao nhiêu?"),
        ],
        "Nguyên hàm và tích phân": [
            (NB, "Họ nguyên hàm của hàm số $f(x)={a}x^{2}+\\cos x$ là"),
            (NB, "Nếu $\\int_{1}^{{a}} f(x)dx={b}$ thì $\\int_{1}^{{a}} {c}f(x)dx$ bằng"),
            (TH, "Tính tích phân $I=\\int_{0}^{{a}} x e^{x} dx$ bằng phương pháp tích phân từng phần."),
            (TH, "Diện tích hình phẳng giới hạn bởi đồ thị $y=x^{2}-{a}x$ và trục hoành bằng"),
            (VD, "Thể tích khối tròn xoay khi quay hình phẳng giới hạn bởi $y=\\sqrt{x}$, $y=0$, $x={a}$ quanh trục Ox là"),
            (VDC, "Cho hàm số $f(x)$ liên tục trên R thỏa mãn $f(x)+f({a}-x)=x^{2}$. Tính $\\int_{0}^{{a}} f(x)dx$."),
        ],
        "Phương pháp tọa độ trong không gian": [
            (NB, "Trong không gian Oxyz, mặt phẳng $(P): {a}x-y+{b}z-1=0$ có một vectơ pháp tuyến là"),
            (NB, "Trong không gian Oxyz, mặt cầu $(S):(x-{a})^{2}+y^{2}+(z+{b})^{2}=9$ có tâm là"),
            (TH, "Trong không gian Oxyz, phương trình mặt phẳng đi qua điểm $A({a};1;{b})$ và vuông góc với đường thẳng d là"),
            (TH, "Trong không gian Oxyz, khoảng cách từ điểm $M({a};{b};1)$ đến mặt phẳng $(Oxy)$ bằng"),
            (VD, "Trong không gian Oxyz, cho đường thẳng d và mặt phẳng (P). Đường thẳng nằm trong (P), cắt và vuông góc với d có phương trình là"),
            (VDC, "Trong không gian Oxyz, cho mặt cầu (S) và điểm A({a};{b};{c}). Mặt phẳng qua A cắt (S) theo đường tròn có bán kính nhỏ nhất có phương trình là"),
        ],
        "Thống kê và xác suất lớp 12": [
            (NB, "Cho mẫu số liệu ghép nhóm về thời gian tự học của {a}0 học sinh. Khoảng biến thiên của mẫu số liệu là"),
            (TH, "Phương sai của mẫu số liệu ghép nhóm sau (làm tròn đến hàng phần trăm) là"),
            (TH, "Cho hai biến cố A, B với $P(A)=0,{a}$, $P(B)=0,{b}$, $P(AB)=0,1$. Xác suất có điều kiện $P(A|B)$ bằng"),
            (VD, "Một hộp có {a} viên bi đỏ và {b} viên bi xanh. Lấy lần lượt hai viên không hoàn lại. Biết viên thứ nhất màu đỏ, xác suất viên thứ hai màu xanh là"),
            (VD, "Tỉ lệ người mắc bệnh là {a}%. Xét nghiệm cho kết quả dương tính đúng {b}0%. Dùng công thức Bayes tính xác suất một người có kết quả dương tính thực sự mắc bệnh."),
            (VDC, "Một xạ thủ bắn {a} viên, xác suất trúng mỗi viên là 0,{b}. Dùng công thức xác suất toàn phần tính xác suất để có ít nhất hai viên trúng."),
        ],
        "Hình học không gian": [
            (NB, "Thể tích khối chóp có diện tích đáy bằng {a} và chiều cao bằng {b} là"),
            (NB, "Khối lập phương cạnh {a} có thể tích bằng"),
            (TH, "Cho hình chóp S.ABCD có đáy là hình vuông cạnh a, SA vuông góc với đáy và SA = {a}a. Thể tích khối chóp bằng"),
            (TH, "Cho hình nón có bán kính đáy {a} và đường sinh {b}. Diện tích xung quanh của hình nón bằng"),
            (VD, "Cho lăng trụ đứng ABC.A'B'C' có đáy là tam giác đều cạnh a, góc giữa A'B và mặt đáy bằng {a}0 độ. Tính thể tích khối lăng trụ."),
            (VDC, "Cho hình chóp tứ giác đều có cạnh đáy {a}a, mặt bên tạo với đáy góc 60 độ. Tính bán kính mặt cầu ngoại tiếp hình chóp."),
        ],
    },
    "Vật lí": {
        "Vật lí nhiệt": [
            (NB, "Nhiệt lượng cần cung cấp để làm nóng chảy hoàn toàn {a} kg nước đá ở 0 °C là bao nhiêu? Biết nhiệt nóng chảy riêng của nước đá."),
            (NB, "Theo định luật I của nhiệt động lực học, độ biến thiên nội năng của vật bằng"),
            (TH, "Thả một miếng đồng {a}00 g ở {b}0 °C vào nước. Tính nhiệt độ khi cân bằng nhiệt, biết nhiệt dung riêng của đồng và nước."),
            (TH, "Trên thang nhiệt độ Kelvin, nhiệt độ {a}7 °C tương ứng với"),
            (VD, "Người ta cung cấp nhiệt lượng {a} J cho chất khí trong xilanh, khí nở ra thực hiện công {b} J. Nội năng của khí biến thiên bao nhiêu?"),
            (VDC, "Một ấm điện công suất {a}00 W đun {b} lít nước, hiệu suất 80%. Sau bao lâu nước bắt đầu sôi và bao lâu thì hóa hơi hết?"),
        ],
        "Khí lí tưởng": [
            (NB, "Trong quá trình đẳng nhiệt của một lượng khí lí tưởng, áp suất và thể tích liên hệ theo định luật Boyle"),
            (NB, "Phương trình trạng thái của khí lí tưởng là"),
            (TH, "Một lượng khí ở {a} atm, thể tích {b} lít được nén đẳng nhiệt đến thể tích {c} lít. Áp suất khí lúc sau là"),
            (TH, "Nung nóng đẳng áp một lượng khí từ {a}7 °C, thể tích tăng gấp đôi. Nhiệt độ lúc sau là (định luật Charles)"),
            (VD, "Động năng tịnh tiến trung bình của phân tử khí ở nhiệt độ {a}00 K là bao nhiêu?"),
            (VDC, "Một bình kín chứa khí ở {a}7 °C, áp suất {b} atm. Đun nóng đẳng tích đến khi áp suất tăng 50%, một van an toàn mở. Tính lượng khí thoát ra."),
        ],
        "Từ trường": [
            (NB, "Đơn vị của cảm ứng từ là"),
            (NB, "Lực từ tác dụng lên đoạn dây dẫn mang dòng điện đặt trong từ trường đều có độ lớn"),
            (TH, "Một khung dây phẳng diện tích {a}0 cm² đặt trong từ trường đều B = 0,{b} T. Từ thông qua khung dây khi pháp tuyến hợp với B góc 60 độ là"),
            (TH, "Suất điện động cảm ứng xuất hiện trong khung dây khi từ thông biến thiên {a} Wb trong {b} s là"),
            (VD, "Máy biến áp có cuộn sơ cấp {a}00 vòng, cuộn thứ cấp {b}0 vòng, điện áp sơ cấp 220 V. Điện áp hiệu dụng ở cuộn thứ cấp là"),
            (VDC, "Thanh kim loại dài {a}0 cm trượt trên hai ray trong từ trường đều với vận tốc {b} m/s. Tính cường độ dòng điện cảm ứng và lực từ cản chuyển động."),
        ],
        "Vật lí hạt nhân và phóng xạ": [
            (NB, "Hạt nhân nguyên tử được cấu tạo từ"),
            (NB, "Chu kì bán rã của một chất phóng xạ là"),
            (TH, "Một chất phóng xạ có chu kì bán rã {a} ngày. Sau {b}0 ngày, khối lượng chất còn lại bằng bao nhiêu phần trăm?"),
            (TH, "Năng lượng liên kết riêng của hạt nhân được tính từ độ hụt khối theo công thức"),
            (VD, "Trong phản ứng phân hạch U235, mỗi phân hạch tỏa {a}00 MeV. Tính năng lượng tỏa ra khi {b} g U235 phân hạch hết."),
            (VDC, "Dùng proton bắn vào hạt nhân Li đứng yên tạo ra hai hạt α. Tính động năng mỗi hạt α và góc hợp bởi hướng chuyển động của chúng."),
        ],
        "Dao động": [
            (NB, "Một vật dao động điều hòa theo phương trình $x={a}\\cos({b}\\pi t)$ cm. Biên độ dao động là"),
            (NB, "Chu kì dao động của con lắc đơn chiều dài l tại nơi có gia tốc trọng trường g là"),
            (TH, "Con lắc lò xo có độ cứng {a}0 N/m, vật nặng {b}00 g. Tần số góc của dao động là"),
            (TH, "Một vật dao động điều hòa với biên độ {a} cm, tần số {b} Hz. Tốc độ cực đại của vật là"),
            (VD, "Hai dao động điều hòa cùng phương cùng tần số có biên độ {a} cm và {b} cm, lệch pha nhau π/3. Biên độ dao động tổng hợp là"),
            (VDC, "Con lắc lò xo dao động tắt dần trên mặt phẳng ngang có hệ số ma sát 0,{a}. Tính quãng đường vật đi được đến khi dừng lại."),
        ],
    },
    "Sinh học": {
        "Cơ chế di truyền và biến dị": [
            (NB, "Trong quá trình nhân đôi DNA, enzyme nào tham gia tổng hợp mạch mới theo nguyên tắc bổ sung?"),
            (NB, "Đơn phân cấu tạo nên phân tử RNA là"),
            (TH, "Một gene có {a}00 nucleotide loại A và {b}00 nucleotide loại G. Số liên kết hydrogen của gene là"),
            (TH, "Trong mô hình operon Lac, khi môi trường không có lactose thì protein ức chế"),
            (VD, "Một đột biến điểm làm gene mất một cặp nucleotide ở bộ ba thứ {a}. Hậu quả đối với chuỗi polypeptide là"),
            (VDC, "Một tế bào sinh dục có bộ NST 2n = {a}. Trong giảm phân I có một cặp NST không phân li. Xác định số loại giao tử đột biến tạo ra."),
        ],
        "Quy luật di truyền": [
            (NB, "Theo Mendel, phép lai phân tích là phép lai giữa cá thể mang tính trạng trội với"),
            (NB, "Hiện tượng hoán vị gene xảy ra do"),
            (TH, "Ở đậu Hà Lan, gene A quy định hạt vàng trội hoàn toàn so với a. Phép lai Aa × Aa cho tỉ lệ kiểu hình là"),
            (TH, "Ở ruồi giấm, gene quy định màu mắt nằm trên NST X. Phép lai giữa ruồi cái mắt đỏ dị hợp với ruồi đực mắt trắng cho F1 có tỉ lệ"),
            (VD, "Cho cây dị hợp hai cặp gene tự thụ phấn, F1 có {a}% cây thấp, hoa trắng. Tần số hoán vị gene là"),
            (VDC, "Ở một loài, tính trạng do hai cặp gene tương tác bổ sung quy định. Cho F1 dị hợp lai phân tích, tính tỉ lệ kiểu hình ở Fa và số kiểu gene."),
        ],
        "Di truyền quần thể": [
            (NB, "Tần số alen của một gene trong quần thể được tính bằng"),
            (NB, "Một quần thể ở trạng thái cân bằng Hardy-Weinberg khi"),
            (TH, "Một quần thể có cấu trúc di truyền 0,{a}AA : 0,{b}Aa : 0,1aa. Tần số alen A là"),
            (TH, "Quần thể tự thụ phấn qua nhiều thế hệ thì tỉ lệ kiểu gene dị hợp"),
            (VD, "Ở người, bệnh bạch tạng do gene lặn. Trong quần thể cân bằng có {a}% người bị bệnh. Tỉ lệ người mang gene dị hợp là"),
            (VDC, "Một quần thể giao phối ngẫu nhiên, tần số alen ở giới đực và giới cái khác nhau. Xác định cấu trúc di truyền sau {a} thế hệ."),
        ],
        "Tiến hóa": [
            (NB, "Theo thuyết tiến hóa hiện đại, nhân tố nào làm thay đổi tần số alen theo một hướng xác định?"),
            (NB, "Bằng chứng nào sau đây là bằng chứng tiến hóa trực tiếp?"),
            (TH, "Phiêu bạt di truyền có vai trò gì đối với quần thể có kích thước nhỏ?"),
            (TH, "Cơ chế cách li sinh sản nào sau đây là cách li sau hợp tử?"),
            (VD, "Một quần thể côn trùng kháng thuốc trừ sâu tăng từ {a}% lên {b}0% sau vài năm phun thuốc. Giải thích theo chọn lọc tự nhiên."),
            (VDC, "Phân tích quá trình hình thành loài mới bằng con đường lai xa và đa bội hóa, cho ví dụ với cây có bộ NST 2n = {a}."),
        ],
        "Sinh thái học": [
            (NB, "Tập hợp các cá thể cùng loài, cùng sống trong một khoảng không gian xác định là"),
            (NB, "Trong một hệ sinh thái, sinh vật sản xuất là"),
            (TH, "Trong chuỗi thức ăn cỏ → thỏ → cáo, bậc dinh dưỡng cấp {a} là"),
            (TH, "Kích thước quần thể tăng khi mức sinh sản và mức tử vong thay đổi như thế nào?"),
            (VD, "Năng lượng tích lũy ở sinh vật sản xuất là {a}0 000 kcal, hiệu suất sinh thái {b}0%. Năng lượng ở bậc dinh dưỡng cấp 3 là"),
            (VDC, "Phân tích diễn thế sinh thái thứ sinh trên một cánh rừng bị chặt phá và đề xuất biện pháp phục hồi hệ sinh thái."),
        ],
    },
}
GRADE = 12


@dataclass
class Item:
    example: Example
    template: str  # the group the benchmark holds out together


def generated_bank(per_template: int = 5, seed: int = 0) -> list[Item]:
    rng = random.Random(seed)
    items = []
    for subject, topics in TEMPLATES.items():
        for topic, templates in topics.items():
            for level, template in templates:
                for _ in range(per_template):
                    values = {k: rng.randint(2, 9) for k in ("a", "b", "c")}
                    text = template
                    for k, v in values.items():
                        text = text.replace("{" + k + "}", str(v))
                    qtype = "mcq" if level in (NB, TH) else rng.choice(["mcq", "short_answer", "essay"])
                    items.append(Item(Example(text, qtype, subject, GRADE, topic, level), template))
    return items


def fixture_bank(shared: Path) -> list[Item]:
    """The tagged questions of the shared fixtures (real papers and generated ones), each its own group."""
    items = []
    for path in sorted(shared.glob("fixtures/*/*.truth.json")) + sorted(shared.glob("fixtures/public/*/*.truth.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        meta = truth.get("meta") or {}
        for q in truth["questions"]:
            if not q.get("topic"):
                continue
            text = " ".join([q.get("stem") or "", *((o.get("text") or "") for o in q.get("options") or [])])
            items.append(Item(Example(text, q["type"], meta.get("subject"), meta.get("grade"), q["topic"], q.get("level")),
                              f"{path.name}#{q.get('number')}"))
    return items
