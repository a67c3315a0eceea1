/* The map: packaged boundaries as the base map (offline), zone versions in force on the
   slider's date, incidents coloured by verdict (else status) and sized by fatalities, and an
   incident panel with every visible claim side by side. */
"use strict";

const DAY_MS = 86400000;
const FIRST_DAY = Date.UTC(2017, 0, 1);
const STATUS_COLOURS = {
  alleged: "#f0e442", denied: "#999999", contested: "#cc79a7",
  corroborated: "#d55e00", verified: "#8b0000", refuted: "#56b4e9",
};
const VERDICT_COLOURS = {
  "violation": "#b2182b", "contested": "#cc79a7", "insufficient information": "#e69f00",
  "exempt": "#2166ac", "not a violation": "#4d9221", "outside scope": "#878787",
};
const ZONE_STYLES = {
  "de-escalation-area": { color: "#1b7837", weight: 2, fillOpacity: 0.12 },
  "security-zone": { color: "#762a83", weight: 1, dashArray: "4 4", fillOpacity: 0.06 },
  "area-of-tension": { color: "#e08214", weight: 2, fillOpacity: 0.1 },
};

const mapNode = document.getElementById("map");
const slider = document.getElementById("day");
const dayLabel = document.getElementById("day-label");
const statusLine = document.getElementById("status-line");
const panel = document.getElementById("panel");
const panelBody = document.getElementById("panel-body");

const map = L.map(mapNode, { preferCanvas: false, zoomControl: true }).setView([35.0, 38.5], 7);
const baseLayer = L.layerGroup().addTo(map);
const zoneLayer = L.layerGroup().addTo(map);
const incidentLayer = L.layerGroup().addTo(map);
let requestSerial = 0;

function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

function sliderDay() {
  return isoDay(FIRST_DAY + Number(slider.value) * DAY_MS);
}

function setState(state) {
  mapNode.dataset.state = state;
}

async function drawBaseMap(config) {
  if (config.tile_url) {
    L.tileLayer(config.tile_url, { maxZoom: 18, attribution: "tiles: configured server" }).addTo(map);
  }
  const [country, governorates] = await Promise.all([
    apiGet("/boundaries/country"), apiGet("/boundaries/governorates"),
  ]);
  L.geoJSON(governorates, { style: { color: "#b0b0b0", weight: 1, fill: false }, interactive: false }).addTo(baseLayer);
  const outline = L.geoJSON(country, { style: { color: "#555555", weight: 2, fill: false }, interactive: false });
  outline.addTo(baseLayer);
  map.fitBounds(outline.getBounds(), { padding: [10, 10] });
}

function zonePanel(p) {
  clear(panelBody);
  panelBody.appendChild(el("h2", { dir: "auto" }, p.name));
  panelBody.appendChild(facts([
    ["zone", p.zone_id], ["kind", p.kind], ["version", p.version],
    ["valid", p.valid_from + " to " + (p.valid_to || "open")], ["status", p.status],
    ["basis", p.basis], ["outline", p.approximate ? "approximate: " + p.method : "agreed map"],
  ]));
  panel.hidden = false;
}

async function drawZones(day) {
  const collection = await apiGet("/zones?at=" + encodeURIComponent(day));
  zoneLayer.clearLayers();
  const ids = [];
  L.geoJSON(collection, {
    style: (f) => ZONE_STYLES[f.properties.derived ? "security-zone" : f.properties.kind] || ZONE_STYLES["de-escalation-area"],
    onEachFeature: (f, layer) => {
      ids.push(f.id);
      layer.on("click", () => zonePanel(f.properties));
    },
  }).addTo(zoneLayer);
  mapNode.dataset.zones = ids.join(",");
  mapNode.dataset.at = day;
}

function incidentQuery(day) {
  const params = new URLSearchParams({ limit: "10000", format: "geojson" });
  const windowDays = document.getElementById("window").value;
  if (windowDays !== "all") {
    params.set("end", day);
    params.set("start", isoDay(Date.parse(day) - Number(windowDays) * DAY_MS));
  }
  for (const [id, name] of [["status", "status"], ["verdict", "verdict"], ["event-type", "event_type"]]) {
    const value = document.getElementById(id).value;
    if (value) params.set(name, value);
  }
  return "/incidents?" + params.toString();
}

function markerRadius(fatalities) {
  return Math.min(22, 4 + 2.5 * Math.sqrt(fatalities || 0));
}

async function drawIncidents(day) {
  const collection = await apiGet(incidentQuery(day));
  incidentLayer.clearLayers();
  let drawn = 0;
  for (const f of collection.features) {
    if (!f.geometry) continue;
    const p = f.properties;
    const colour = (p.verdict && VERDICT_COLOURS[p.verdict]) || STATUS_COLOURS[p.status] || "#333333";
    const marker = L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
      radius: markerRadius(p.fatalities_best), color: "#222222", weight: 1, fillColor: colour, fillOpacity: 0.85,
      className: "incident-marker",
    });
    marker.on("click", () => openIncident(p.id));
    marker.addTo(incidentLayer);
    const node = marker.getElement();
    if (node) node.setAttribute("data-id", p.id);
    drawn += 1;
  }
  mapNode.dataset.incidents = String(drawn);
  statusLine.textContent = drawn + " incidents" + (collection.next ? " (first page only: zoom or filter)" : "");
}

async function refresh() {
  const serial = ++requestSerial;
  const day = sliderDay();
  dayLabel.textContent = day;
  setState("loading");
  try {
    await Promise.all([drawZones(day), drawIncidents(day)]);
    if (serial === requestSerial) setState("ready");
  } catch (error) {
    statusLine.textContent = String(error.message || error);
    setState("error");
  }
}

function facts(rows) {
  const list = el("dl", { class: "facts" });
  for (const [name, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    list.appendChild(el("dt", {}, name));
    list.appendChild(el("dd", { dir: "auto" }, String(value)));
  }
  return list;
}

function claimCard(c) {
  const who = (c.perpetrator || "?") + " [" + (c.perpetrator_side || "?") + "] against " +
    (c.target || "?") + " [" + (c.target_side || "?") + "]";
  const card = el("article", { class: "claim claim-" + c.stance, "data-claim": c.id },
    el("h3", { dir: "auto" }, el("bdi", {}, c.attributed_to), " " + c.stance),
    facts([
      ["source", c.source], ["report", c.report_kind], ["date", c.date_start + (c.date_end !== c.date_start ? " to " + c.date_end : "")],
      ["place", c.place], ["event", (c.event_type || "") + (c.sub_event_type ? " / " + c.sub_event_type : "")],
      ["who", who], ["killed (low/best/high)", [c.fatalities_low, c.fatalities_best, c.fatalities_high].map((v) => v === null ? "?" : v).join("/")],
    ]));
  if (c.text) card.appendChild(el("p", { class: "claim-text", dir: "auto" }, c.text));
  return card;
}

async function openIncident(id) {
  panel.hidden = false;
  clear(panelBody);
  panelBody.appendChild(el("p", {}, "loading " + id + " …"));
  let story;
  try {
    story = await apiGet("/incidents/" + encodeURIComponent(id));
  } catch (error) {
    clear(panelBody);
    panelBody.appendChild(el("p", { class: "error" }, String(error.message || error)));
    return;
  }
  const i = story.incident;
  clear(panelBody);
  panelBody.appendChild(el("h2", { dir: "auto" }, i.place + ", " + i.date_start));
  panelBody.appendChild(facts([
    ["id", i.id], ["event", i.event_type + (i.sub_event_type ? " / " + i.sub_event_type : "")],
    ["status", i.status], ["dates", i.date_start + " to " + i.date_end + " (" + i.date_precision + ")"],
    ["zone", (i.zone || "none") + " (" + i.zone_relation + ")"], ["by", i.perpetrator], ["against", i.target],
    ["killed (low/best/high)", [i.fatalities_low, i.fatalities_best, i.fatalities_high].map((v) => v === null ? "?" : v).join("/")],
    ["source", i.source], ["published", story.published ? "yes" : "no"],
  ]));
  if (story.verdicts.length) {
    panelBody.appendChild(el("h3", {}, "Verdicts"));
    for (const v of story.verdicts) {
      const trace = el("ol", { class: "trace" });
      for (const step of v.trace) trace.appendChild(el("li", { dir: "auto" }, Object.values(step).join(": ")));
      panelBody.appendChild(el("section", { class: "verdict" }, el("p", {}, v.provision_id + ": " + v.verdict + " (" + v.reason + ")"), trace));
    }
  }
  panelBody.appendChild(el("h3", {}, "Claims (" + story.claims.length + ")"));
  const side = el("div", { class: "claims", id: "claims" });
  for (const c of story.claims) side.appendChild(claimCard(c));
  if (!story.claims.length) side.appendChild(el("p", {}, "No claims you may see are linked to this incident."));
  panelBody.appendChild(side);
}

function legend() {
  const box = document.getElementById("legend");
  box.appendChild(el("strong", {}, "Verdict / status"));
  for (const [name, colour] of Object.entries(Object.assign({}, VERDICT_COLOURS, STATUS_COLOURS))) {
    const swatch = el("span", { class: "swatch" });
    swatch.style.backgroundColor = colour;
    box.appendChild(el("div", {}, swatch, " " + name));
  }
}

async function start() {
  const today = Date.now();
  slider.max = String(Math.floor((today - FIRST_DAY) / DAY_MS));
  const initial = new URLSearchParams(window.location.search).get("at");
  const startDay = initial && !Number.isNaN(Date.parse(initial)) ? Date.parse(initial) : Date.UTC(2017, 5, 1);
  slider.value = String(Math.max(0, Math.floor((startDay - FIRST_DAY) / DAY_MS)));
  bindTokenInput(document.getElementById("token"), refresh);
  document.getElementById("panel-close").addEventListener("click", () => { panel.hidden = true; });
  let timer = null;
  slider.addEventListener("input", () => {
    dayLabel.textContent = sliderDay();
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
  for (const id of ["window", "status", "verdict", "event-type"]) {
    document.getElementById(id).addEventListener("change", refresh);
  }
  legend();
  try {
    const config = await apiGet("/map-config");
    await drawBaseMap(config);
  } catch (error) {
    statusLine.textContent = "base map: " + String(error.message || error);
  }
  await refresh();
}

start();
