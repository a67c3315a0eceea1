/* The report form: builds the submission from the fields, queues it, and lists the outbox
   and the caller's reports on the server (their text as text, never as markup). */
"use strict";

function value(id) {
  return document.getElementById(id).value.trim();
}

function numberOrNull(id) {
  const text = value(id);
  return text === "" ? null : Number(text);
}

/* The day picked, as the ISO 8601 time with offset the server requires: now when it is today
   (a later hour would be in the future), else noon on the device's clock. */
function instantOf(day) {
  const now = new Date();
  if (day === now.toISOString().slice(0, 10)) return now.toISOString();
  const minutes = -now.getTimezoneOffset();
  const sign = minutes < 0 ? "-" : "+";
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  return day + "T12:00:00" + sign + pad(minutes / 60) + ":" + pad(minutes % 60);
}

function submission() {
  const kind = value("kind");
  const unknown = document.getElementById("location-unknown").checked;
  const body = {
    kind: kind,
    when: instantOf(value("when")),
    where: unknown
      ? { place: value("place"), location_unknown: true }
      : { place: value("place"), lon: numberOrNull("lon"), lat: numberOrNull("lat") },
    what: { event_type: value("event-type") },
    how_observed: kind === "monitor-report" ? value("observed-by") : "reported",
    casualties: { killed: { best: numberOrNull("fatalities") } },
    text: document.getElementById("text").value,
    device_time: new Date().toISOString(),
  };
  if (value("perpetrator")) body.perpetrator = { name: value("perpetrator"), side: value("perpetrator-side") };
  return body;
}

function showOutbox() {
  const list = document.getElementById("outbox");
  clear(list);
  for (const item of readList(OUTBOX_KEY)) {
    list.appendChild(el("li", { class: "queued", "data-key": item.key }, "queued: " + item.body.where.place + " (" + item.queued_at + ")"));
  }
  for (const r of readList(RESULTS_KEY).slice().reverse()) {
    const text = r.state === "sent" ? "sent: " + r.place + " as report " + r.id : "rejected: " + r.place + ": " + r.message;
    list.appendChild(el("li", { class: r.state, "data-key": r.key }, text));
  }
  document.getElementById("connection").textContent = navigator.onLine ? "online" : "offline: reports are queued";
}

async function showMine() {
  const list = document.getElementById("mine");
  if (!getToken()) return;
  try {
    const page = await apiGet("/reports?limit=50");
    clear(list);
    for (const r of page.items) {
      const claim = r.claims[0] || {};
      list.appendChild(el("li", { "data-report": r.id },
        el("strong", {}, r.received_at.slice(0, 16) + " " + (claim.place || r.title) + ": "),
        el("span", { class: "my-report-text", dir: "auto" }, claim.text || "")));
    }
  } catch (error) {
    list.appendChild(el("li", { class: "error" }, String(error.message || error)));
  }
}

async function showWho() {
  const who = document.getElementById("who");
  try {
    const me = await apiGet("/me");
    who.textContent = me.name + " (" + me.role + (me.party_id ? ", " + me.party_id : "") + ")";
    if (me.role === "party-liaison") document.getElementById("kind").value = "complaint";
  } catch (error) {
    who.textContent = String(error.message || error);
  }
}

document.getElementById("when").value = new Date().toISOString().slice(0, 10);
bindTokenInput(document.getElementById("token"), () => { showWho(); showMine(); });
document.getElementById("report-form").addEventListener("submit", (event) => {
  event.preventDefault();
  enqueue(submission());
  showOutbox();
  flush();
});
document.addEventListener("outbox-changed", () => { showOutbox(); showMine(); });
window.addEventListener("offline", showOutbox);
window.addEventListener("online", showOutbox);
showWho();
showOutbox();
showMine();
flush();
