/* A small reader of /api/openapi.json: endpoints, parameters and a "try it" button.
 * Everything from the spec is inserted as text, never as HTML. */
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function schemaText(schema) {
  if (!schema) return "";
  if (schema.anyOf) return schema.anyOf.map(schemaText).filter((s) => s !== "null").join(" | ");
  if (schema.enum) return schema.enum.join(" | ");
  if (schema.type === "array") return `array of ${schemaText(schema.items)}`;
  return schema.type || "";
}

function endpoint(path, method, op) {
  const params = op.parameters || [];
  const inputs = {};
  const rows = params.map((p) => {
    const input = el("input", { type: "text", placeholder: p.schema && p.schema.default !== undefined ? String(p.schema.default) : "", "aria-label": p.name });
    inputs[p.name] = { input, where: p.in };
    return el("tr", {},
      el("td", { class: "mono" }, p.name + (p.required ? " *" : "")),
      el("td", {}, p.in),
      el("td", {}, schemaText(p.schema)),
      el("td", {}, p.description || (p.schema && p.schema.description) || ""),
      el("td", {}, method === "get" ? input : ""));
  });
  const output = el("pre", { class: "quote", hidden: "" });
  const tryIt = method === "get" ? el("button", { type: "button", onclick: async () => {
    let url = path;
    const query = new URLSearchParams();
    for (const [name, { input, where }] of Object.entries(inputs)) {
      if (!input.value) continue;
      if (where === "path") url = url.replace(`{${name}}`, encodeURIComponent(input.value));
      else query.set(name, input.value);
    }
    const qs = query.toString();
    const response = await fetch(url + (qs ? "?" + qs : ""));
    const text = await response.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (_) { shown = text; }
    output.textContent = `${response.status} ${url}${qs ? "?" + qs : ""}\n\n${shown.slice(0, 20000)}`;
    output.hidden = false;
  } }, "Try it") : null;
  return el("section", { class: "card endpoint" },
    el("h2", {}, el("span", { class: "badge" }, method.toUpperCase()), " ", el("span", { class: "mono" }, path)),
    el("p", {}, op.summary || ""),
    op.description ? el("p", { class: "muted" }, op.description) : null,
    params.length ? el("table", { class: "table" },
      el("thead", {}, el("tr", {}, ["parameter", "in", "type", "meaning", method === "get" ? "value" : ""].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows)) : null,
    tryIt, output);
}

document.addEventListener("DOMContentLoaded", async () => {
  const spec = await (await fetch("/api/openapi.json")).json();
  document.getElementById("api-title").textContent = `${spec.info.title} API ${spec.info.version}`;
  document.getElementById("api-summary").textContent = spec.info.summary || "";
  const box = document.getElementById("endpoints");
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) box.append(endpoint(path, method, op));
  }
});
