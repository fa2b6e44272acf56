// "Projekt vorschlagen" and "Als Expertin oder Experte melden": turns the form (generated
// from the project or expert schema, data-kind) into a record file, validates it against the same schema as the build (no eval: the
// vendored validator works under the site's Content Security Policy) and offers
// GitHub, the clipboard and e-mail to hand it in. Without JavaScript the page shows
// the template file and the steps instead.
import { Validator } from "./vendor/cfworker-json-schema/index.js";

const form = document.getElementById("vorschlag");

function resolve(schema, node) {
  if (!node || !node.$ref) return node || {};
  const target = node.$ref.replace("#/", "").split("/").reduce((o, k) => o[k], schema);
  return Object.assign({}, target, node, { $ref: undefined });
}

// The same transliteration as katalog.load.suggest_slug.
export function slugify(text) {
  const map = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue" };
  const ascii = text.replace(/[äöüßÄÖÜ]/g, (c) => map[c])
    .normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  return ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "eintrag";
}

function readControl(el) {
  const widget = el.dataset.widget;
  if (widget === "checkbox") return el.checked;
  if (widget === "yesno") return el.querySelector('input[value="ja"]').checked;
  const value = el.value.replace(/\r\n/g, "\n").trim();
  if (widget === "list") {
    const items = value.split(",").map((item) => item.trim()).filter(Boolean);
    return items.length ? items : undefined;
  }
  return value === "" ? undefined : value;
}

function readRow(row) {
  const data = {};
  let filled = false;
  for (const el of row.querySelectorAll("[data-widget]")) {
    const value = readControl(el);
    if (value === undefined) continue;
    data[el.name] = value;
    if (value !== false) filled = true;
  }
  return filled ? data : null;
}

export function collect(container = form) {
  const data = {};
  for (const field of container.querySelectorAll(":scope > [data-group], :scope > [data-object], :scope > .propose-field, :scope > fieldset[data-widget]")) {
    if (field.hasAttribute("data-group")) {
      const rows = [...field.querySelectorAll("[data-row]")].map(readRow).filter(Boolean);
      if (rows.length) data[field.dataset.name] = rows;
    } else if (field.hasAttribute("data-object")) {
      const section = collect(field);
      if (Object.keys(section).length) data[field.dataset.name] = section;
    } else if (field.dataset.widget === "checkboxes") {
      const checked = [...field.querySelectorAll("input:checked")].map((i) => i.value);
      // a required list that may be empty (consent covers nothing) is written as []
      if (checked.length || field.hasAttribute("data-empty")) data[field.dataset.name] = checked;
    } else {
      const el = field.querySelector("[data-widget]");
      const value = readControl(el);
      if (value !== undefined && value !== false) data[el.name] = value;
    }
  }
  return data;
}

// --- YAML, written like `katalog new` writes it -------------------------------------
const PLAIN = /^[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß-]*$/;

function scalar(value) {
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (PLAIN.test(value) && !["true", "false", "null"].includes(value)) return value;
  return JSON.stringify(value); // a JSON string is a YAML double-quoted scalar
}

function emit(name, value, prop, indent) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const lines = [`${indent}${name}:`];
    for (const key of Object.keys(value)) lines.push(...emit(key, value[key], {}, indent + "  "));
    return lines;
  }
  if (Array.isArray(value) && value.length === 0) return [`${indent}${name}: []`];
  if (Array.isArray(value)) {
    const lines = [`${indent}${name}:`];
    for (const item of value) {
      if (item && typeof item === "object") {
        Object.keys(item).forEach((key, i) => {
          lines.push(...emit(key, item[key], {}, indent + (i === 0 ? "  - " : "    ")));
        });
      } else {
        lines.push(`${indent}  - ${scalar(item)}`);
      }
    }
    return lines;
  }
  if (typeof value === "string" && prop["x-markdown"] && !value.startsWith(" ")) {
    const body = value.split("\n").map((line) => `${indent}  ${line}`.trimEnd());
    return [`${indent}${name}: |`, ...body];
  }
  return [`${indent}${name}: ${scalar(value)}`];
}

export function toYaml(schema, data) {
  const lines = [`# yaml-language-server: $schema=../../schemas/${schema.$id}`];
  for (const [name, raw] of Object.entries(schema.properties)) {
    if (name in data) lines.push(...emit(name, data[name], resolve(schema, raw), ""));
  }
  return lines.join("\n") + "\n";
}

// --- German messages for the validator's findings -----------------------------------
const LEAVES = new Set(["required", "minLength", "maxLength", "pattern", "format", "enum",
  "minItems", "maxItems", "uniqueItems", "type", "oneOf", "dependentRequired"]);

function describe(schema, location) {
  let node = schema;
  let title = "Datei";
  for (const part of location.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    node = resolve(schema, /^\d+$/.test(part) ? node.items : (node.properties || {})[part]);
    if (!/^\d+$/.test(part)) title = node.title || part;
    else title = `${title} (Eintrag ${Number(part) + 1})`;
  }
  return { node, title };
}

function message(schema, error) {
  let location = error.instanceLocation;
  if (error.keyword === "required") {
    const match = /"([^"]+)"/.exec(error.error);
    if (match) location = `${location}/${match[1]}`;
  }
  const { node, title } = describe(schema, location);
  const label = `»${title}«`;
  switch (error.keyword) {
    case "required": return [location, `${label} fehlt.`];
    case "minLength": return [location, `${label} ist zu kurz: bitte mindestens ${node.minLength} Zeichen.`];
    case "maxLength": return [location, `${label} ist zu lang: höchstens ${node.maxLength} Zeichen.`];
    case "pattern":
    case "format": return [location, `${label} hat nicht die richtige Form. Bitte schreiben Sie ${node["x-hint"] || "einen gültigen Wert"}.`];
    case "minItems": return [location, `${label}: bitte mindestens ${node.minItems} angeben.`];
    case "oneOf": return [location, node["x-oneof-hint"] || `${label} ist nicht eindeutig.`];
    case "dependentRequired": return [location, "»Welche Partner gesucht werden« bitte nur zusammen mit »Sucht Partner« angeben."];
    default: return [location, `${label} ist ungültig.`];
  }
}

export function check(schema, data) {
  const result = new Validator(schema, "2020-12", false).validate(data);
  const seen = new Map();
  for (const error of result.errors) {
    if (!LEAVES.has(error.keyword)) continue;
    const [location, text] = message(schema, error);
    if (!seen.has(location)) seen.set(location, text);
  }
  return [...seen.entries()].map(([location, text]) => ({ location, text }));
}

// --- wiring --------------------------------------------------------------------------
function controlFor(location) {
  const id = "f-" + location.replace(/^#\//, "").split("/").join("-");
  return document.getElementById(id) || document.getElementById(id.replace(/-\d+$/, ""));
}

function addRow(group) {
  const rows = group.querySelectorAll("[data-row]");
  const copy = rows[0].cloneNode(true);
  const index = rows.length;
  for (const el of copy.querySelectorAll("[id], [for], [aria-describedby], input[type=radio]")) {
    for (const attr of ["id", "for", "aria-describedby", "name"]) {
      const value = el.getAttribute(attr);
      if (value) el.setAttribute(attr, value.replace(/-0-/, `-${index}-`));
    }
  }
  for (const el of copy.querySelectorAll("[data-widget]")) {
    if (el.type === "checkbox") el.checked = false;
    else if (el.dataset.widget !== "yesno") el.value = "";
  }
  for (const radio of copy.querySelectorAll("input[type=radio]")) radio.checked = radio.defaultChecked;
  rows[rows.length - 1].after(copy);
  copy.querySelector("[data-widget]").focus();
}

// What differs between the forms: where the file goes and how the e-mail is titled.
const KINDS = {
  project: {
    file: (data) => `content/projects/${slugify(data.title)}.yaml`,
    subject: (data) => `Projektvorschlag: ${data.title}`,
    dateField: "f-last_reviewed",
  },
  expert: {
    // without consent to the name, the file name (the page's address) must not reveal it
    file: (data, schema) => {
      const named = data.name && (data.consent?.covers || []).includes("name");
      const labels = schema.$defs.expertise["x-labels"];
      const slug = named ? slugify(data.name)
        : slugify(`${labels[data.expertise?.[0]] || "fachperson"} ${data.states?.[0] || ""}`);
      return `content/experts/${slug}.yaml`;
    },
    subject: (data) => `Meldung als Expertin oder Experte${data.name ? `: ${data.name}` : ""}`,
    dateField: "f-consent-date",
  },
};
const kind = form ? form.dataset.kind || "project" : "project";

// Details the person does not consent to publishing are left out of the file, so they
// never reach the public repository either. Which consent a field needs is the schema's
// `x-consent` (the build reads the same annotation).
export function withoutUnconsented(schema, data) {
  const covers = data.consent?.covers || [];
  const kept = { ...data };
  for (const [field, prop] of Object.entries(schema.properties)) {
    if (prop["x-consent"] && !covers.includes(prop["x-consent"])) delete kept[field];
  }
  return kept;
}

function show(schema, data) {
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const problems = check(schema, data);
  const list = document.getElementById("fehlerliste");
  list.replaceChildren();
  for (const problem of problems) {
    const control = controlFor(problem.location);
    const item = document.createElement("li");
    if (control) {
      control.setAttribute("aria-invalid", "true");
      const link = document.createElement("a");
      link.href = `#${control.id}`;
      link.textContent = problem.text;
      item.append(link);
    } else {
      item.textContent = problem.text;
    }
    list.append(item);
  }
  document.getElementById("fehler").hidden = problems.length === 0;
  document.getElementById("datei").hidden = problems.length > 0;
  if (!problems.length) {
    const yaml = toYaml(schema, data);
    const file = KINDS[kind].file(data, schema);
    const repository = form.dataset.repository.replace(/\/+$/, "");
    document.getElementById("dateiname").textContent = file;
    document.getElementById("yaml").textContent = yaml;
    document.getElementById("github-link").href =
      `${repository}/new/${form.dataset.branch}?filename=${file}&value=${encodeURIComponent(yaml)}`;
    const subject = encodeURIComponent(KINDS[kind].subject(data));
    const body = encodeURIComponent(`Vorschlag für ${file}:\n\n${yaml}`);
    document.getElementById("mail-link").href = `mailto:${form.dataset.contact}?subject=${subject}&body=${body}`;
  }
  const result = document.getElementById("ergebnis");
  result.hidden = false;
  document.getElementById("ergebnis-titel").focus();
}

function copyYaml() {
  const code = document.getElementById("yaml");
  const status = document.getElementById("kopieren-status");
  const fallback = () => {
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    status.textContent = "Der Text ist markiert: bitte mit Strg+C (Mac: ⌘+C) kopieren.";
  };
  if (!navigator.clipboard) return fallback();
  navigator.clipboard.writeText(code.textContent)
    .then(() => { status.textContent = "In die Zwischenablage kopiert."; })
    .catch(fallback);
}

async function start() {
  const schema = await (await fetch(form.dataset.schema)).json();
  const today = new Date();
  const isoToday = new Date(today.getTime() - today.getTimezoneOffset() * 60000)
    .toISOString().slice(0, 10);
  // fields the form fills itself (x-form widget "auto", e.g. "Zuletzt geprüft") and the
  // kind's own date field: today's date
  const reviewed = document.getElementById(KINDS[kind].dateField);
  for (const el of [...form.querySelectorAll('[data-widget="auto"]'), reviewed]) {
    if (el && !el.value) el.value = isoToday;
  }
  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-add-row]");
    if (button) addRow(button.closest("[data-group]"));
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = collect();
    show(schema, withoutUnconsented(schema, data));
  });
  document.getElementById("kopieren").addEventListener("click", copyYaml);
  form.hidden = false;
  form.dataset.ready = "true";
}

if (form) start();
