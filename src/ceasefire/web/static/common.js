/* Shared by the map and the report form: the token, API calls, and safe DOM building.
   User text only ever reaches the page through textContent / text nodes, never as HTML. */
"use strict";

const TOKEN_KEY = "ceasefire.token";

function getToken() {
  return window.localStorage.getItem(TOKEN_KEY) || "";
}

function setToken(value) {
  if (value) window.localStorage.setItem(TOKEN_KEY, value);
  else window.localStorage.removeItem(TOKEN_KEY);
}

function authHeaders(extra) {
  const headers = Object.assign({}, extra || {});
  const token = getToken();
  if (token) headers.Authorization = "Bearer " + token;
  return headers;
}

async function apiGet(path) {
  const response = await fetch(path, { headers: authHeaders({ Accept: "application/json" }) });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.message ? body.message : response.statusText;
    throw new Error(response.status + " " + message);
  }
  return body;
}

/* el("p", {class: "x", dir: "auto"}, "text", childNode): children are strings (made text
   nodes) or nodes; attributes are set with setAttribute, never as markup. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

function bindTokenInput(input, onChange) {
  input.value = getToken();
  input.addEventListener("change", () => {
    setToken(input.value.trim());
    if (onChange) onChange();
  });
}
