/* The offline outbox: a submission is stored in localStorage with its idempotency key before
   any attempt to send it, and removed only when the server has answered for it. A resend
   after a lost answer carries the same key, so the server stores it once. */
"use strict";

const OUTBOX_KEY = "ceasefire.outbox";
const RESULTS_KEY = "ceasefire.outbox.results";
const SEND_TIMEOUT_MS = 8000;

function newKey() {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
}

function readList(name) {
  try {
    const value = JSON.parse(window.localStorage.getItem(name) || "[]");
    return Array.isArray(value) ? value : [];
  } catch (error) {
    return [];
  }
}

function writeList(name, items) {
  window.localStorage.setItem(name, JSON.stringify(items));
}

function enqueue(body) {
  const items = readList(OUTBOX_KEY);
  items.push({ key: newKey(), body: body, queued_at: new Date().toISOString() });
  writeList(OUTBOX_KEY, items);
}

function record(result) {
  const results = readList(RESULTS_KEY);
  results.push(result);
  writeList(RESULTS_KEY, results.slice(-50));
}

let flushing = null;

/* Send queued items in order; stop at the first network failure (still offline). */
async function sendQueued() {
  for (;;) {
    const items = readList(OUTBOX_KEY);
    if (!items.length) return;
    const item = items[0];
    let response;
    // A request on a dying link can hang without failing: give up after a while and retry.
    const abort = new AbortController();
    const timer = window.setTimeout(() => abort.abort(), SEND_TIMEOUT_MS);
    try {
      response = await fetch("/reports", {
        method: "POST",
        headers: authHeaders({ "Content-Type": "application/json", "Idempotency-Key": item.key }),
        body: JSON.stringify(item.body),
        signal: abort.signal,
      });
    } catch (error) {
      return; // offline: keep it, try again when the connection returns
    } finally {
      window.clearTimeout(timer);
    }
    if (response.status >= 500 || response.status === 401 || response.status === 429) return;
    const answer = await response.json().catch(() => ({}));
    writeList(OUTBOX_KEY, readList(OUTBOX_KEY).filter((x) => x.key !== item.key));
    record(response.ok
      ? { key: item.key, state: "sent", id: answer.id, place: item.body.where.place }
      : { key: item.key, state: "rejected", message: answer.message || String(response.status), place: item.body.where.place });
  }
}

/* One sender at a time; `.finally` runs after the assignment, so a pass that ends at once
   (an empty outbox) cannot leave a settled promise behind that blocks every later flush. */
function flush() {
  if (!flushing) {
    flushing = sendQueued().finally(() => {
      flushing = null;
      document.dispatchEvent(new Event("outbox-changed"));
    });
  }
  return flushing;
}

window.addEventListener("online", flush);
window.setInterval(() => { if (readList(OUTBOX_KEY).length) flush(); }, 3000);
