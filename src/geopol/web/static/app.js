/* geopol dashboard: plain JavaScript over the JSON API under /api/.
 *
 * Every piece of text that comes from a document or the store is put on the page as a text
 * node (el(), textContent), never parsed as HTML: the texts are untrusted web pages.
 */
"use strict";

const COLORS = { cooperative: "#2e8b57", conflictual: "#c0392b", neutral: "#8a8f98" };
const TYPE_COLORS = {
  state: "#2f6fb0", igo: "#7b4fb0", coalition: "#7b4fb0", state_group: "#7b4fb0",
  non_state_armed_group: "#d35400", person: "#16a085", party: "#b7950b",
  security_agency: "#34495e", government_body: "#34495e", subnational_government: "#5d6d7e",
  communal_group: "#a04000", company: "#6c7a89", unknown: "#9aa0a6",
};
const CLASS_TEXT = {
  ally: ["Allies", "mostly cooperative, with several relations"],
  partner: ["Partners", "more cooperative than not"],
  neutral: ["Neutral or mixed", "cooperation and conflict balance out, or neutral stances"],
  rival: ["Rivals", "more conflictual than not"],
  adversary: ["Adversaries", "mostly conflictual, with several relations"],
};

const state = { summary: null, cy: null, networkKey: null, networkSeq: 0, actorsCache: null };

/* ------------------------------------------------------------------ small helpers */

/** Build an element; string children become text nodes (never HTML). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

const $ = (id) => document.getElementById(id);
const label = (s) => String(s || "").replace(/_/g, " ");

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== "" && v !== null && v !== undefined) url.searchParams.set(k, v);
  }
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) {
    const err = (body && body.error) || {};
    throw new ApiError(response.status, err.code || "", err.message || response.statusText);
  }
  return body;
}

function showError(err) {
  const banner = $("banner");
  let text = err && err.message ? err.message : String(err);
  if (err && err.status === 503) text = "The store is busy: " + text;
  if (err && err.status === 401) text = "Access refused: open the dashboard with the link that has ?token=… (" + text + ")";
  banner.textContent = text;
  banner.hidden = false;
}

function hideError() {
  $("banner").hidden = true;
}

function actorName(ref) {
  return ref ? ref.name || ref.id : "?";
}

function actorLink(ref) {
  if (!ref) return el("span", { text: "?" });
  return el("a", { href: "#/actor/" + encodeURIComponent(ref.id), class: "actor-link", title: ref.id },
    actorName(ref));
}

function docHref(docId, start, end) {
  let href = "#/doc/" + encodeURIComponent(docId);
  if (start !== undefined && end !== undefined) href += "/" + start + "/" + end;
  return href;
}

function polarityBadge(polarity) {
  return el("span", { class: "badge " + polarity, text: polarity });
}

function classBadge(cls) {
  return cls ? el("span", { class: "badge class-" + cls, text: cls }) : null;
}

/** One relation with its quoted evidence and a link to the place in the document. */
function relationCard(rel, { showActors = true } = {}) {
  const denied = rel.modality === "negated";
  const head = el("div", { class: "card-head" },
    showActors ? [actorLink(rel.source), el("span", { class: "arrow", text: rel.symmetric ? " ↔ " : " → " }), actorLink(rel.target), " "] : null,
    el("span", { class: "rel-type " + rel.polarity, text: label(rel.relation) }),
    denied ? el("span", { class: "badge denied", title: "The source says this does not hold; it is never counted." }, "denied: does not hold")
      : rel.modality !== "asserted" ? el("span", { class: "badge modality", text: rel.modality }) : null,
    el("span", { class: "date", text: rel.date ? rel.date : "undated" }));
  const quote = el("blockquote", { class: "quote" }, rel.evidence.text);
  const foot = el("div", { class: "card-foot" },
    el("span", { class: "doc-name", text: rel.doc }),
    el("a", { href: docHref(rel.doc_id, rel.evidence.start, rel.evidence.end), class: "open-doc" },
      "Open in document"));
  return el("div", { class: `card relation-card ${denied ? "negated" : rel.polarity}`, "data-relation": rel.id }, head, quote, foot);
}

/* ------------------------------------------------------------------ router */

const ROUTES = {
  network: renderNetwork,
  dyads: renderDyads,
  dyad: renderDyad,
  actors: renderActors,
  actor: renderActor,
  documents: renderDocuments,
  doc: renderDoc,
  ask: renderAsk,
  upload: renderUpload,
};
const TAB_OF = { dyad: "dyads", actor: "actors", doc: "documents" };

function route() {
  const parts = window.location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const name = ROUTES[parts[0]] ? parts[0] : "network";
  for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== "view-" + name;
  const tab = TAB_OF[name] || name;
  for (const a of document.querySelectorAll(".tabs a[data-tab]")) {
    a.classList.toggle("active", a.dataset.tab === tab);
  }
  hideError();
  Promise.resolve(ROUTES[name](...parts.slice(1))).catch(showError);
}

async function loadSummary() {
  const s = await api("/api/summary");
  state.summary = s;
  $("counts").textContent = `${s.documents} documents · ${s.actors} actors · ${s.relations} relations` +
    (s.denied ? ` (+${s.denied} denied)` : "");
  const select = $("f-type");
  const current = select.value;
  clear(select).append(el("option", { value: "" }, "all types"));
  for (const [type, n] of Object.entries(s.relation_types)) {
    select.append(el("option", { value: type }, `${label(type)} (${n})`));
  }
  select.value = current;
  return s;
}

/* ------------------------------------------------------------------ network */

function networkParams() {
  return {
    // A half-typed date is left out rather than sent (the field turns red meanwhile).
    since: $("f-since").validity.valid ? $("f-since").value.trim() : "",
    until: $("f-until").validity.valid ? $("f-until").value.trim() : "",
    type: $("f-type").value,
    polarity: $("f-polarity").value,
    top: $("f-top").value,
  };
}

async function renderNetwork() {
  if (!state.summary) await loadSummary();
  const params = networkParams();
  const key = JSON.stringify(params);
  if (state.cy && state.networkKey === key) {
    state.cy.resize();
    return;
  }
  state.networkKey = key;
  $("network-status").textContent = "Loading…";
  const seq = ++state.networkSeq;
  const data = await api("/api/network", { ...params, top: "" });
  if (seq !== state.networkSeq) return; // a newer filter change is already on its way
  const shown = topActors(data, Number($("f-top").value));
  drawNetwork(shown);
  const n = shown.nodes.length, m = shown.edges.length;
  const hidden = data.nodes.length - n;
  $("network-status").textContent = m
    ? `${n} actors, ${m} pairs` + (hidden ? ` (${hidden} less related actors hidden)` : "")
    : "No relations match these filters." + (state.summary.documents ? "" : " The store is empty: add files first.");
}

/** Keep the `top` actors with the most relations (0 keeps all) and the edges among them. */
function topActors(data, top) {
  if (!top || data.nodes.length <= top) return data;
  const keep = new Set(data.nodes.slice().sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id))
    .slice(0, top).map((n) => n.id));
  const edges = data.edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  // An actor whose every partner is hidden would float alone: leave it out too.
  const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
  return { nodes: data.nodes.filter((n) => linked.has(n.id)), edges };
}

function drawNetwork(data) {
  const maxWeight = Math.max(1, ...data.edges.map((e) => e.weight));
  const maxNode = Math.max(1, ...data.nodes.map((n) => n.weight));
  const elements = [
    ...data.nodes.map((n) => ({
      data: { id: n.id, label: n.name, type: n.type, weight: n.weight,
              color: TYPE_COLORS[n.type] || TYPE_COLORS.unknown },
    })),
    ...data.edges.map((e) => ({
      data: { id: e.id, source: e.source, target: e.target, weight: e.weight,
              color: COLORS[e.polarity], edge: e },
    })),
  ];
  if (state.cy) state.cy.destroy();
  state.cy = cytoscape({
    container: $("graph"),
    elements,
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      { selector: "node", style: {
          "background-color": "data(color)", label: "data(label)", color: "#1d2430",
          "font-size": `mapData(weight, 1, ${maxNode}, 11, 17)`, "text-valign": "bottom", "text-margin-y": 4,
          "text-background-color": "#ffffff", "text-background-opacity": 0.75,
          "text-background-padding": 2,
          width: `mapData(weight, 1, ${maxNode}, 16, 46)`, height: `mapData(weight, 1, ${maxNode}, 16, 46)`,
          "border-width": 2, "border-color": "#ffffff" } },
      { selector: "edge", style: {
          "line-color": "data(color)", width: `mapData(weight, 1, ${maxWeight}, 2, 12)`,
          "curve-style": "bezier", opacity: 0.8 } },
      { selector: "edge:selected", style: { opacity: 1, "overlay-color": "#f1c40f", "overlay-opacity": 0.35 } },
      { selector: "node:selected", style: { "border-color": "#f1c40f", "border-width": 4 } },
    ],
    layout: data.nodes.length > 1
      ? { name: "cose", animate: false, padding: 40, randomize: true,
          // Fewer nodes get more room; many nodes stay close so labels remain legible when fitted.
          nodeRepulsion: () => (data.nodes.length > 20 ? 120000 : 400000),
          idealEdgeLength: () => (data.nodes.length > 20 ? 70 : 120), edgeElasticity: () => 80,
          nodeOverlap: 20, gravity: 0.4, numIter: 2500, componentSpacing: 60 }
      : { name: "grid", padding: 80 },
  });
  legibleAtFit(state.cy, maxNode, maxWeight);
  state.cy.on("tap", "node", (evt) => {
    window.location.hash = "#/actor/" + encodeURIComponent(evt.target.id());
  });
  state.cy.on("tap", "edge", (evt) => {
    showEdgeEvidence(evt.target.data("edge")).catch(showError);
  });
  // Exposed for the browser tests and the console (e.g. geopolGraph.png() for a picture).
  window.geopolGraph = state.cy;
}

/** A large graph is fitted at a small zoom; scale circles, lines and labels back up so
 * names stay readable (up to 3x), then fit again. */
function legibleAtFit(cy, maxNode, maxWeight) {
  const k = Math.min(3, Math.max(1, 0.9 / cy.zoom()));
  if (k === 1) return;
  cy.style()
    .selector("node").style({
      width: `mapData(weight, 1, ${maxNode}, ${16 * k}, ${46 * k})`,
      height: `mapData(weight, 1, ${maxNode}, ${16 * k}, ${46 * k})`,
      "font-size": `mapData(weight, 1, ${maxNode}, ${11 * k}, ${17 * k})`,
      "border-width": 2 * k, "text-margin-y": 4 * k,
    })
    .selector("edge").style({ width: `mapData(weight, 1, ${maxWeight}, ${2 * k}, ${12 * k})` })
    .update();
  cy.fit(undefined, 40);
}

async function showEdgeEvidence(edge) {
  const panel = clear($("edge-panel"));
  const counts = [
    edge.cooperative ? `${edge.cooperative} cooperative` : null,
    edge.conflictual ? `${edge.conflictual} conflictual` : null,
    edge.neutral ? `${edge.neutral} neutral` : null,
  ].filter(Boolean).join(", ");
  panel.append(
    el("h2", {}, "Evidence"),
    el("p", { class: "pair-title" }, el("strong", {}, edge.source), " and ", el("strong", {}, edge.target), " ", classBadge(edge.class)),
    edge.reason ? el("p", { class: "reason" }, `Why “${edge.class}”: ${edge.reason}.`) : null,
    el("p", { class: "meta" }, `${edge.weight} relation${edge.weight === 1 ? "" : "s"}: ${counts}. `,
      el("a", { href: `#/dyad/${encodeURIComponent(edge.source)}/${encodeURIComponent(edge.target)}` }, "Timeline of this pair")),
  );
  const p = networkParams();
  const data = await api("/api/relations", {
    actor: edge.source, other: edge.target, include_negated: "false", limit: 200,
    since: p.since, until: p.until, type: p.type, polarity: p.polarity,
  });
  const pairOnly = data.items.filter((r) =>
    (r.source.id === edge.source && r.target.id === edge.target) ||
    (r.source.id === edge.target && r.target.id === edge.source));
  const list = el("div", { class: "cards", id: "edge-evidence" }, pairOnly.map((r) => relationCard(r)));
  panel.append(list);
  // Names in the title are the full names once the relations tell them.
  if (pairOnly.length) {
    const refs = {};
    for (const r of pairOnly) { refs[r.source.id] = r.source; refs[r.target.id] = r.target; }
    const strongs = panel.querySelectorAll(".pair-title strong");
    strongs[0].textContent = actorName(refs[edge.source]);
    strongs[1].textContent = actorName(refs[edge.target]);
  }
}

function setupNetworkFilters() {
  const form = $("network-filters");
  form.addEventListener("change", () => renderNetwork().catch(showError));
  form.addEventListener("reset", () => setTimeout(() => renderNetwork().catch(showError), 0));
  form.addEventListener("submit", (e) => e.preventDefault());
}

/* ------------------------------------------------------------------ pairs */

async function renderDyads() {
  const data = await api("/api/dyads", { limit: 1000 });
  const tbody = clear(document.querySelector("#dyad-table tbody"));
  for (const d of data.items) {
    const href = `#/dyad/${encodeURIComponent(d.a.id)}/${encodeURIComponent(d.b.id)}`;
    const row = el("tr", { "data-search": `${d.a.name} ${d.b.name} ${d.a.id} ${d.b.id}`.toLowerCase() },
      el("td", {}, el("a", { href }, `${d.a.name} – ${d.b.name}`)),
      el("td", {}, classBadge(d.class)),
      el("td", {}, scoreBar(d.score)),
      el("td", { class: "num" }, String(d.relations)),
      el("td", {}, Object.keys(d.types).slice(0, 3).map(label).join(", ")),
      el("td", {}, d.first ? (d.first === d.last ? d.first : `${d.first} – ${d.last}`) : "undated"));
    tbody.append(row);
  }
  if (!data.items.length) tbody.append(el("tr", {}, el("td", { colspan: 6, class: "hint" }, "No pairs yet.")));
  filterRows($("dyad-search"), tbody);
}

function scoreBar(score) {
  const bar = el("span", { class: "score-bar", title: `balance ${score}` });
  const fill = el("span", { class: "fill " + (score > 0 ? "cooperative" : score < 0 ? "conflictual" : "neutral") });
  fill.style.width = `${Math.round(Math.abs(score) * 50)}%`;
  fill.style.left = score >= 0 ? "50%" : `${50 - Math.round(Math.abs(score) * 50)}%`;
  bar.append(fill);
  return el("span", { class: "score" }, bar, el("span", { class: "score-num", text: score.toFixed(2) }));
}

function filterRows(input, tbody) {
  const apply = () => {
    const q = input.value.trim().toLowerCase();
    for (const row of tbody.rows) {
      const hay = row.dataset.search;
      if (hay !== undefined) row.hidden = q !== "" && !hay.includes(q);
    }
  };
  input.oninput = apply;
  apply();
}

async function renderDyad(a, b) {
  const body = clear($("dyad-body"));
  const d = await api(`/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`);
  body.append(
    el("div", { class: "intro" },
      el("h1", {}, actorLink(d.a), " and ", actorLink(d.b), " ", classBadge(d.class)),
      d.class ? el("p", { class: "reason" }, `Why “${d.class}”: ${d.reason}.`) : null,
      el("p", {}, d.relations.length
        ? `${d.relations.length} relations found between them, in date order. Bars show, month by month, how many were cooperative (up) and conflictual (down).`
        : "The texts relate these two actors in no relation.")),
  );
  if (d.periods.length) {
    body.append(periodChart(d.periods), el("p", { class: "legend-line" },
      el("span", { class: "swatch cooperative" }), " cooperative relations that month (up) ",
      el("span", { class: "swatch conflictual" }), " conflictual (down)"));
  }
  const list = el("ol", { class: "timeline" });
  for (const r of d.relations) {
    list.append(el("li", { class: "timeline-item " + r.polarity },
      el("span", { class: "when", text: r.date || "undated" }),
      relationCard(r)));
  }
  body.append(list);
  if (d.events.length) {
    body.append(el("h2", {}, "Coded events between them"),
      el("table", { class: "table" },
        el("thead", {}, el("tr", {}, ["Date", "Source", "Target", "CAMEO", "PLOVER", "Goldstein", "Evidence"].map((h) => el("th", {}, h)))),
        el("tbody", {}, d.events.map((e) => el("tr", {},
          el("td", {}, e.date || "–"),
          el("td", {}, e.source ? e.source.name : "–"),
          el("td", {}, e.target ? e.target.name : "–"),
          el("td", {}, e.cameo), el("td", {}, e.plover), el("td", { class: "num" }, String(e.goldstein)),
          el("td", {}, el("a", { href: docHref(e.doc_id, e.evidence.start, e.evidence.end) }, e.evidence.text.slice(0, 120))))))));
  }
}

function periodChart(periods) {
  const max = Math.max(1, ...periods.map((p) => Math.max(p.cooperative, p.conflictual)));
  const chart = el("div", { class: "period-chart", role: "img", "aria-label": "Cooperative and conflictual relations per month" });
  for (const p of periods) {
    const up = el("span", { class: "up cooperative", title: `${p.cooperative} cooperative` });
    up.style.height = `${(p.cooperative / max) * 100}%`;
    const down = el("span", { class: "down conflictual", title: `${p.conflictual} conflictual` });
    down.style.height = `${(p.conflictual / max) * 100}%`;
    chart.append(el("div", { class: "period" },
      el("div", { class: "half top" }, up),
      el("div", { class: "half bottom" }, down),
      el("span", { class: "period-label", text: p.period })));
  }
  return chart;
}

/* ------------------------------------------------------------------ actors */

async function renderActors() {
  const data = await api("/api/actors");
  const tbody = clear(document.querySelector("#actor-table tbody"));
  for (const a of data.items) {
    tbody.append(el("tr", { "data-search": `${a.name} ${a.id} ${a.type} ${a.country || ""}`.toLowerCase() },
      el("td", {}, actorLink(a)),
      el("td", { class: "mono" }, a.id),
      el("td", {}, label(a.type)),
      el("td", {}, a.country || "–"),
      el("td", { class: "num" }, String(a.mentions)),
      el("td", { class: "num" }, String(a.documents))));
  }
  if (!data.items.length) tbody.append(el("tr", {}, el("td", { colspan: 6, class: "hint" }, "No actors yet: add files first.")));
  filterRows($("actor-search"), tbody);
}

async function renderActor(actorId) {
  const body = clear($("actor-body"));
  const d = await api("/api/actors/" + encodeURIComponent(actorId));
  const a = d.actor;
  const counts = d.groups.map((g) => `${g.counterparts.length} ${CLASS_TEXT[g.class][0].toLowerCase()}`).join(", ");
  body.append(el("div", { class: "intro" },
    el("h1", {}, a.name, " ", el("span", { class: "mono muted", text: a.id })),
    el("p", { class: "meta" }, [label(a.type), a.country ? `country ${a.country}` : null,
      a.aliases && a.aliases.length ? `also called ${a.aliases.slice(0, 6).join(", ")}` : null,
      `${d.mentions} mentions`].filter(Boolean).join(" · ")),
    el("p", {}, d.groups.length
      ? `Counterparts by how the texts describe the relation: ${counts}. Each relation shows the sentence it rests on.`
      : "The texts relate this actor to no other actor.")));
  for (const g of d.groups) {
    const [title, explain] = CLASS_TEXT[g.class];
    const section = el("section", { class: "group class-" + g.class },
      el("h2", {}, title, " ", el("span", { class: "muted", text: `— ${explain}` })));
    for (const c of g.counterparts) {
      const other = c.actor;
      section.append(el("div", { class: "counterpart", title: c.reason ? `Why: ${c.reason}` : null },
        el("h3", {}, actorLink(other), " ", scoreBar(c.score), " ",
          el("span", { class: "muted", text: `${c.count} relation${c.count === 1 ? "" : "s"} · ` }),
          el("a", { href: `#/dyad/${encodeURIComponent(a.id)}/${encodeURIComponent(other.id)}` }, "timeline")),
        el("div", { class: "cards" }, c.relations.map((r) => relationCard(r)))));
    }
    body.append(section);
  }
  if (d.denied.length) {
    body.append(el("section", { class: "group denied" },
      el("h2", {}, "Denied in the sources ", el("span", { class: "muted", text: "— stated as not holding; never counted above" })),
      el("div", { class: "cards" }, d.denied.map((r) => relationCard(r)))));
  }
}

/* ------------------------------------------------------------------ documents */

async function renderDocuments() {
  const data = await api("/api/documents");
  const tbody = clear(document.querySelector("#document-table tbody"));
  for (const d of data.items) {
    tbody.append(el("tr", {},
      el("td", {}, el("a", { href: docHref(d.id) }, d.source)),
      el("td", {}, d.title || "–"),
      el("td", {}, d.published || "–"),
      el("td", { class: "num" }, String(d.sentences)),
      el("td", { class: "num" }, String(d.events)),
      el("td", { class: "num" }, String(d.relations))));
  }
  if (!data.items.length) tbody.append(el("tr", {}, el("td", { colspan: 6, class: "hint" }, "No documents yet: add files first.")));
}

/**
 * The evidence viewer: the original text, cut at every span boundary into text nodes;
 * pieces inside evidence become <mark>s. The cited span (from the URL) is scrolled to.
 */
async function renderDoc(docId, start, end) {
  const d = await api("/api/documents/" + encodeURIComponent(docId));
  $("doc-title").textContent = d.title || d.source;
  $("doc-meta").textContent = [d.source, d.published ? `published ${d.published}` : null,
    `${d.length.toLocaleString()} characters`, `${d.relations.length} relation${d.relations.length === 1 ? "" : "s"}`].filter(Boolean).join(" · ");
  const cited = start !== undefined && end !== undefined
    ? { start: Number(start), end: Number(end) } : null;
  const article = clear($("doc-text"));
  article.append(...documentPieces(d.text, d.spans, cited));
  const panel = clear($("doc-panel"));
  panel.append(el("h2", {}, "Relations in this document"));
  if (!d.relations.length) panel.append(el("p", { class: "hint" }, "None found."));
  panel.append(el("div", { class: "cards" }, d.relations.map((r) => relationCard(r))));
  const target = article.querySelector("mark.cited");
  if (target) {
    target.scrollIntoView({ block: "center" });
    showSpanRelations(d, target);
  }
}

function documentPieces(text, spans, cited) {
  const all = spans.slice();
  if (cited && !spans.some((s) => s.start === cited.start && s.end === cited.end)) {
    all.push({ start: cited.start, end: cited.end, labels: [], kind: "cited", polarity: "neutral" });
  }
  const cuts = new Set([0, text.length]);
  for (const s of all) {
    cuts.add(Math.max(0, Math.min(text.length, s.start)));
    cuts.add(Math.max(0, Math.min(text.length, s.end)));
  }
  const points = [...cuts].sort((x, y) => x - y);
  const pieces = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = document.createTextNode(text.slice(a, b));
    const covering = all.filter((s) => s.start <= a && b <= s.end && s.start < s.end);
    if (!covering.length) {
      pieces.push(piece);
      continue;
    }
    const isCited = cited && cited.start <= a && b <= cited.end;
    const tone = covering.every((s) => s.negated) ? "negated" : covering[0].polarity;
    const mark = el("mark", {
      class: (isCited ? "cited " : "evidence ") + tone,
      title: covering.flatMap((s) => s.labels).join("\n"),
      "data-start": covering[0].start, "data-end": covering[0].end,
    }, piece);
    mark.addEventListener("click", () => {
      for (const m of document.querySelectorAll("#doc-text mark.cited")) m.classList.replace("cited", "evidence");
      for (const m of document.querySelectorAll(`#doc-text mark[data-start="${mark.dataset.start}"][data-end="${mark.dataset.end}"]`)) m.classList.replace("evidence", "cited");
      history.replaceState(null, "", docHref(decodeURIComponent(window.location.hash.split("/")[2]), mark.dataset.start, mark.dataset.end));
      const cards = document.querySelectorAll("#doc-panel .relation-card");
      for (const c of cards) c.classList.remove("selected");
      showSpanRelationsFor(Number(mark.dataset.start), Number(mark.dataset.end));
    });
    pieces.push(mark);
  }
  return pieces;
}

function showSpanRelations(doc, mark) {
  showSpanRelationsFor(Number(mark.dataset.start), Number(mark.dataset.end));
}

function showSpanRelationsFor(start, end) {
  let first = null;
  for (const card of document.querySelectorAll("#doc-panel .relation-card")) {
    const link = card.querySelector("a.open-doc");
    const match = link && link.getAttribute("href").endsWith(`/${start}/${end}`);
    card.classList.toggle("selected", Boolean(match));
    if (match && !first) first = card;
  }
  if (first) first.scrollIntoView({ block: "nearest" });
}

/* ------------------------------------------------------------------ ask */

async function renderAsk() {
  const box = clear($("ask-suggestions"));
  if (!state.summary) await loadSummary();
  if (!state.actorsCache) state.actorsCache = (await api("/api/actors")).items;
  const top = state.actorsCache.filter((a) => a.id !== "UNKNOWN" && a.mentions > 0).slice(0, 2);
  const questions = [];
  if (top[0]) questions.push(`Who does ${top[0].name} cooperate with?`, `Who are ${top[0].name}'s adversaries?`);
  if (top[1]) questions.push(`What are the relations between ${top[0].name} and ${top[1].name}?`);
  if (questions.length) box.append(el("span", { class: "muted" }, "Try: "));
  for (const q of questions) {
    box.append(el("button", { type: "button", class: "chip", onclick: () => { $("ask-input").value = q; ask(q); } }, q));
  }
  $("ask-input").focus();
}

async function ask(question) {
  const out = clear($("ask-result"));
  out.append(el("p", { class: "status" }, "Looking in the sources…"));
  let data;
  try {
    data = await api("/api/ask", { q: question });
  } catch (err) {
    clear(out).append(el("p", { class: "error" }, err.message));
    return;
  }
  clear(out);
  out.append(el("div", { class: "answer " + (data.found ? "found" : "not-found") },
    el("span", { class: "badge " + (data.found ? "cooperative" : "neutral") }, data.found ? "answer" : "not in the sources"),
    el("p", { class: "answer-text" }, data.answer)));
  if (data.citations && data.citations.length) {
    out.append(el("h2", {}, `Sources (${data.citations.length})`), citationList(data.citations));
  }
  if (data.nearby && data.nearby.length) {
    out.append(el("h2", {}, "Nearby in the sources ", el("span", { class: "muted", text: "— related, but not an answer" })),
      citationList(data.nearby));
  }
}

function citationList(citations) {
  const list = el("ol", { class: "citations" });
  for (const c of citations) {
    list.append(el("li", { class: "citation" },
      el("blockquote", { class: "quote" }, c.text),
      el("div", { class: "card-foot" },
        el("span", { class: "doc-name", text: `${c.doc}${c.date ? ", " + c.date : ""} [${c.start}–${c.end}]` }),
        c.doc_id ? el("a", { href: docHref(c.doc_id, c.start, c.end), class: "open-doc" }, "Open in document") : null)));
  }
  return list;
}

function setupAsk() {
  $("ask-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("ask-input").value.trim();
    if (q.length >= 2) ask(q);
  });
}

/* ------------------------------------------------------------------ upload */

function renderUpload() {
  $("upload-input").focus();
}

function setupUpload() {
  const input = $("upload-input");
  const drop = $("drop");
  const describe = () => {
    const n = input.files.length;
    $("drop-label").textContent = n ? `${n} file${n === 1 ? "" : "s"} chosen: ${[...input.files].map((f) => f.name).join(", ")}` : "Choose files, or drop them here";
  };
  input.addEventListener("change", describe);
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    input.files = e.dataTransfer.files;
    describe();
  });
  $("upload-form").addEventListener("submit", (e) => {
    e.preventDefault();
    if (!input.files.length) {
      showError(new Error("Choose at least one file first."));
      return;
    }
    upload([...input.files]);
  });
}

function setProgress(fraction, text) {
  $("upload-progress").hidden = false;
  $("progress-bar").style.width = `${Math.round(fraction * 100)}%`;
  $("progress-bar").setAttribute("aria-valuenow", String(Math.round(fraction * 100)));
  $("progress-text").textContent = text;
}

function upload(files) {
  hideError();
  clear($("progress-failures"));
  $("upload-button").disabled = true;
  const form = new FormData();
  for (const f of files) form.append("files", f, f.name);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/api/ingest");
  xhr.setRequestHeader("Accept", "application/json");
  // The first 30% of the bar is the upload, the rest the processing.
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable) setProgress(0.3 * (e.loaded / e.total), `Uploading… ${Math.round((100 * e.loaded) / e.total)}%`);
  };
  xhr.onerror = () => { $("upload-button").disabled = false; showError(new Error("The upload failed (connection lost).")); };
  xhr.onload = () => {
    let body = null;
    try { body = JSON.parse(xhr.responseText); } catch (_) { body = null; }
    if (xhr.status !== 202) {
      $("upload-button").disabled = false;
      const err = body && body.error ? body.error : { message: xhr.statusText };
      setProgress(0, "");
      showError(new ApiError(xhr.status, err.code, err.message));
      return;
    }
    setProgress(0.3, `Uploaded ${files.length} file${files.length === 1 ? "" : "s"}; reading them…`);
    followJob(body.id);
  };
  xhr.send(form);
}

async function followJob(jobId) {
  let job;
  for (;;) {
    job = await api("/api/jobs/" + jobId);
    const shown = Math.min(job.processed, job.total);
    const current = job.current ? ` — ${job.current}` : "";
    setProgress(0.3 + 0.7 * job.progress, `Processing: ${shown} of ${job.total} file${job.total === 1 ? "" : "s"}${current}`);
    if (job.status === "done" || job.status === "failed") break;
    await new Promise((r) => setTimeout(r, 400));
  }
  $("upload-button").disabled = false;
  if (job.status === "failed") {
    setProgress(1, "The ingest failed.");
    showError(new Error(job.error || "The ingest failed."));
  } else {
    setProgress(1, `Done: ${job.ingested} added, ${job.duplicates} already in the store, ${job.failed.length} could not be read.`);
  }
  for (const f of job.failed) $("progress-failures").append(el("li", {}, `${f.source}: ${f.reason} [${f.code}]`));
  state.networkKey = null;
  state.actorsCache = null;
  await loadSummary();
}

/* ------------------------------------------------------------------ start */

document.addEventListener("DOMContentLoaded", () => {
  setupNetworkFilters();
  setupAsk();
  setupUpload();
  window.addEventListener("hashchange", route);
  loadSummary().catch(showError).finally(route);
});
