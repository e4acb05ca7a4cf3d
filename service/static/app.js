// Desk page logic: no framework, no CDN; talks to the same server's /v1 API.
"use strict";
const $ = (id) => document.getElementById(id);
const form = $("triage-form");
const textBox = $("text");

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function viDate(iso) {
  if (!iso) return "theo thời hạn công bố của thủ tục";
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

function pct(p) { return `${Math.round(p * 100)}%`; }

function text(node, value) { node.textContent = value; return node; }

function el(tag, cls, value) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (value !== undefined) node.textContent = value;
  return node;
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = false;
}

async function loadProvinces() {
  try {
    const response = await fetch("/v1/provinces");
    if (!response.ok) return;
    for (const name of await response.json()) {
      const option = el("option", "", name);
      option.value = name;
      $("province").appendChild(option);
    }
  } catch (_) { /* the form still works: the province is read from the text */ }
}

function renderEvidence(original, evidence) {
  // Highlight every evidence span in the text exactly as it was pasted.
  const box = $("evidence");
  box.replaceChildren();
  const spans = evidence.map((e) => [e.start, e.end, `${e.head}: ${e.label}`]).sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) { last[1] = Math.max(last[1], span[1]); last[2] += `, ${span[2]}`; }
    else merged.push([...span]);
  }
  let at = 0;
  for (const [start, end, title] of merged) {
    if (start > at) box.appendChild(document.createTextNode(original.slice(at, start)));
    const mark = el("mark", "", original.slice(start, end));
    mark.title = title;
    box.appendChild(mark);
    at = end;
  }
  box.appendChild(document.createTextNode(original.slice(at)));
}

let lastResult = null;
const CHANNELS = { in_person: "Trực tiếp", post: "Bưu điện", hotline: "Đường dây nóng", email: "Thư điện tử",
  national_portal: "Cổng Dịch vụ công quốc gia", provincial_portal: "Cổng thông tin của tỉnh", other: "Khác" };

function renderSlip(data, original, payload) {
  // The routing slip (phiếu đề xuất xử lý đơn) printed for the file.
  const c = data.classification, r = data.routing;
  $("slip-received").textContent = `${data.id || "—"} · ${viDate(payload.received_at || today())}`;
  $("slip-channel").textContent = CHANNELS[payload.channel] || payload.channel;
  const words = original.trim().split(/\s+/);
  $("slip-summary").textContent = words.slice(0, 60).join(" ") + (words.length > 60 ? " …" : "");
  $("slip-labels").textContent = `${c.kind_name}; lĩnh vực ${c.sector_name}; vấn đề: ${c.issues.map((i) => i.name).join(", ") || "không"}`;
  $("slip-agency").textContent = r.agency ? r.agency.name : (r.procedure.reason || "—");
  $("slip-co").textContent = r.co_handlers.map((a) => a.name).join("; ") || "—";
  $("slip-clocks").textContent = `${r.procedure.name}. ` + r.clocks.map((k) =>
    `${k.what}: ${viDate(k.due)}${k.days ? ` (${k.days} ngày ${k.day_type === "working" ? "làm việc" : "theo lịch"})` : ""} — ${k.legal_basis}`).join(". ");
  $("slip-escalation").textContent = r.escalation.map((s, k) => `${k + 1}. ${s.trigger}: ${s.who} — ${s.action}`).join(" ") || "—";
  $("slip-confidential").textContent = r.confidential ? `Giữ bí mật thông tin người gửi (${r.confidential_basis}).` : "Không yêu cầu.";
  const notes = [...r.review_notes];
  if (c.needs_review) notes.unshift("Độ tin cậy của phân loại thấp: cần cán bộ xem lại.");
  $("slip-notes").textContent = notes.join(" ") || "—";
}

function render(data, original) {
  const c = data.classification, r = data.routing;
  text($("kind"), `${c.kind_name} `).appendChild(el("span", "prob", `(${pct(c.confidence.kind)})`));
  text($("sector"), `${c.sector_name} `).appendChild(el("span", "prob", `(${pct(c.confidence.sector)})`));
  $("issues").textContent = c.issues.length
    ? c.issues.map((i) => `${i.name} (${pct(i.probability)})`).join("; ") : "Không có";
  $("amount").textContent = c.facts.amount_vnd ? `${c.facts.amount_vnd.toLocaleString("vi-VN")} đồng` : "—";
  $("agency").textContent = r.agency ? r.agency.name : (r.procedure.reason || "—");
  $("co-handlers").textContent = r.co_handlers.length ? r.co_handlers.map((a) => a.name).join("; ") : "—";
  $("procedure").textContent = r.procedure.name;
  const ack = r.clocks.find((k) => k.step === "acknowledge"), res = r.clocks.find((k) => k.step === "resolve");
  $("acknowledge").textContent = ack ? `${viDate(ack.due)} (${ack.days} ngày ${ack.day_type === "working" ? "làm việc" : "theo lịch"}; ${ack.legal_basis})` : "—";
  $("deadline").textContent = res ? `${viDate(res.due)}${res.days ? ` (${res.days} ngày ${res.day_type === "working" ? "làm việc" : "theo lịch"}; ${res.legal_basis})` : ""}` : "—";
  $("confidential-out").textContent = r.confidential ? `Có — ${r.confidential_basis}` : "Không";
  const notes = [];
  if (c.needs_review) notes.push("độ tin cậy của phân loại thấp");
  if (r.needs_review) notes.push("quy tắc dựa trên căn cứ chưa chắc chắn");
  if (c.not_petition_reason) notes.push(c.not_petition_reason);
  $("review").hidden = !notes.length;
  $("review").textContent = notes.length ? `Cần cán bộ xem lại: ${notes.join("; ")}.` : "";
  renderEvidence(original, c.evidence);
  const steps = $("escalation");
  steps.replaceChildren();
  for (const s of r.escalation) {
    const item = el("li");
    item.appendChild(el("span", `sev sev-${s.severity}`, s.severity));
    item.appendChild(document.createTextNode(` ${s.trigger}: ${s.who} — ${s.action} `));
    item.appendChild(el("span", "basis", `(${s.legal_basis})`));
    steps.appendChild(item);
  }
  if (!r.escalation.length) steps.appendChild(el("li", "", "Không có bước xử lý vi phạm."));
  const body = $("trace").querySelector("tbody");
  body.replaceChildren();
  for (const t of r.trace) {
    const row = el("tr");
    for (const v of [t.order, t.table, t.row, t.legal_basis, t.confidence]) row.appendChild(el("td", "", String(v)));
    body.appendChild(row);
  }
  $("versions").textContent = `Mô hình ${data.model_version} · bảng chính sách ${data.policy_version}`;
  $("result").hidden = false;
}

async function submit(event) {
  if (event) event.preventDefault();
  $("error").hidden = true;
  const original = textBox.value;
  if (!original.trim()) { showError("Vui lòng dán nội dung đơn trước khi phân loại."); textBox.focus(); return; }
  const payload = {
    text: original, received_at: $("received").value || null, province: $("province").value || null,
    channel: $("channel").value, confidential: $("confidential").checked,
  };
  $("submit").disabled = true; $("busy").hidden = false;
  try {
    const response = await fetch("/v1/triage", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload),
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      showError(data && data.error ? `${data.error.message} (mã lỗi ${data.error.code})` : `Lỗi máy chủ (${response.status}).`);
      return;
    }
    lastResult = data;
    render(data, original);
    renderSlip(data, original, payload);
    $("result").querySelector("h2").focus?.();
  } catch (_) {
    showError("Không kết nối được máy chủ pakn. Nội dung đơn vẫn còn trong ô, vui lòng thử lại.");
  } finally {
    $("submit").disabled = false; $("busy").hidden = true;
  }
}

form.addEventListener("submit", submit);
form.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit(e); });
$("print").addEventListener("click", () => { document.body.classList.remove("print-slip"); window.print(); });
$("print-slip").addEventListener("click", () => {
  $("slip").hidden = false;
  document.body.classList.add("print-slip");
  window.print();
});
$("copy-json").addEventListener("click", async () => {
  if (!lastResult) return;
  const json = JSON.stringify(lastResult, null, 2);
  try { await navigator.clipboard.writeText(json); }
  catch (_) {
    const area = el("textarea"); area.value = json; document.body.appendChild(area);
    area.select(); document.execCommand("copy"); area.remove();
  }
  $("copied").hidden = false;
  setTimeout(() => { $("copied").hidden = true; }, 2000);
});
$("received").value = today();
loadProvinces();
