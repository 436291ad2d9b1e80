// policykg explorer: plain JS over the /api/v1 JSON API. No framework, no CDN.
// URL parameters run a view on load (shareable links): ?q=  ?city=&chain=  ?focus=  ?ask=
// ?targets=1 (&chain=&region=&year=).
"use strict";

const API = "/api/v1";
const VIZ = window.POLICYKG_VIZ || { styles: {}, unknown: { zh: "其他", color: "#ccc", border: "#999", shape: "dot" }, rels: {}, options: {} };
const $ = (id) => document.getElementById(id);

// ---- DOM helpers: text only, never innerHTML with data -------------------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}
function show(target, ...children) { target.replaceChildren(...children.flat()); }
const style = (kind) => VIZ.styles[kind] || VIZ.unknown;
const names = (xs) => (xs || []).map((x) => (typeof x === "string" ? x : x && (x.name || x.id))).filter(Boolean);

// ---- HTTP ----------------------------------------------------------------------------------
class ApiError extends Error {
  constructor(status, body) {
    const detail = body && body.detail;
    let message = typeof detail === "string" ? detail : detail && (detail.message || detail.msg);
    if (!message && Array.isArray(detail)) message = detail.map((d) => `${(d.loc || []).join(".")}: ${d.msg}`).join("; ");
    super(message || `HTTP ${status}`);
    this.status = status;
    this.hint = (body && body.hint) || (detail && detail.hint) || null;
    this.suggestions = (body && body.suggestions) || (detail && detail.suggestions) || [];
  }
}

async function api(path, params, init) {
  const url = new URL(API + path, location.origin);
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && String(value).trim() !== "") url.searchParams.set(key, String(value).trim());
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    throw new ApiError(0, { detail: `无法连接服务器 (cannot reach the server): ${err.message}` });
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = { detail: text.slice(0, 300) }; }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function errorBox(err, onSuggestion) {
  const status = err.status ? ` (${err.status})` : "";
  const label = err.status === 404 ? "未找到 Not found" : err.status === 503 ? "图数据库不可用 Neo4j unavailable" : "错误 Error";
  return el("div", { class: "error", role: "alert" },
    el("strong", {}, label + status + "："), err.message,
    err.hint ? el("div", { class: "hint" }, "→ ", err.hint) : null,
    err.suggestions && err.suggestions.length
      ? el("div", { class: "hint" }, "您是否要找 Did you mean：",
          err.suggestions.map((s) => el("button", { class: "chip", type: "button", onclick: () => onSuggestion && onSuggestion(String(s)) }, String(s))))
      : null);
}

async function run(target, work, onSuggestion) {
  show(target, el("div", { class: "loading" }, "加载中…"));
  try {
    await work();
  } catch (err) {
    show(target, errorBox(err, onSuggestion));
    if (!(err instanceof ApiError)) console.error(err);
  }
}

// ---- Items and evidence --------------------------------------------------------------------
function kindBadge(kind) {
  const s = style(kind);
  return el("span", { class: "kind", style: `border-color:${s.border};background:${s.color}33`, title: kind }, s.zh || kind || "?");
}

function evidenceList(evidence) {
  if (!evidence || !evidence.length) return el("div", { class: "facts" }, "（无出处 no evidence）");
  return el("ul", { class: "evidence" }, evidence.map((ev) =>
    el("li", {},
      el("span", { class: "src" }, `《${ev.title || ev.doc}》 第 ${ev.line} 行：`),
      el("q", {}, ev.quote))));
}

const FACT_FIELDS = [
  ["regions", "地区"], ["chains", "产业链"], ["level", "级别"], ["roles", "角色"], ["aliases", "别名"],
  ["lead", "牵头"], ["support", "配合"], ["responsible", "负责"], ["metric", "指标"], ["year", "年份"],
  ["region", "地区"], ["chain", "产业链"], ["doc", "文件"], ["count", "次数"],
];

function factLine(item) {
  const parts = [];
  for (const [key, label] of FACT_FIELDS) {
    const value = item[key];
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) continue;
    if (key === "aliases" && Array.isArray(value) && value.length === 1 && value[0] === item.name) continue;
    parts.push(`${label}：${Array.isArray(value) ? names(value).join("、") : value}`);
  }
  if (item.value !== undefined && item.value !== null) parts.push(`数值：${targetValue(item)}`);
  if (item.kind === "Project" && item.regions && !item.regions.length) parts.push("地区：文本未说明 (unknown)");
  return parts.length ? el("div", { class: "facts" }, parts.join(" · ")) : null;
}

function itemView(item, { evidence = true } = {}) {
  return el("div", { class: "item", dataset: { id: item.id || "", kind: item.kind || "" } },
    el("span", { class: "name" }, item.name || item.id), kindBadge(item.kind),
    item.id ? el("a", { class: "focus-link", onclick: () => { $("graph-panel").scrollIntoView(); focusGraph(item.name || item.id); } }, "图谱 ⟶") : null,
    factLine(item),
    item.text && item.kind === "Task" ? el("div", { class: "facts" }, item.text) : null,
    evidence ? evidenceList(item.evidence) : null);
}

function itemList(body, empty) {
  const items = (body && body.items) || [];
  if (!items.length) return [el("div", { class: "count" }, empty || "没有结果 (no results)")];
  const count = body.count !== undefined ? body.count : items.length;
  return [el("div", { class: "count" }, `${count} 项结果`), ...items.map((item) => itemView(item))];
}

const PREFIX_QUALIFIERS = new Set(["突破", "超过", "过", "力争", "达到", "达", "不低于", "不少于"]);

function targetValue(t) {
  const num = (v) => {
    const abs = Math.abs(v);
    const [scaled, mag] = abs >= 1e8 ? [v / 1e8, "亿"] : abs >= 1e4 ? [v / 1e4, "万"] : [v, ""];
    return String(Number(scaled.toPrecision(6))) + mag;
  };
  let value = t.value === null || t.value === undefined ? "" : num(t.value);
  if (t.value_max !== null && t.value_max !== undefined) value += `–${num(t.value_max)}`;
  const pre = PREFIX_QUALIFIERS.has(t.qualifier) ? t.qualifier : "";
  const post = t.qualifier && !pre ? t.qualifier : "";
  return [pre, value + (t.unit || ""), post].filter(Boolean).join(" ");
}

// ---- Panels --------------------------------------------------------------------------------
async function search(q, kind) {
  $("search-q").value = q;
  await run($("search-results"), async () => {
    const body = await api("/search", { q, kind });
    show($("search-results"), itemList(body, `没有找到“${q}” (nothing found)`));
  }, (s) => search(s, kind));
}

async function projects(city, chain) {
  await run($("projects-results"), async () => {
    const body = await api("/projects", { city, chain });
    show($("projects-results"), el("h3", {}, `项目 `, el("small", {}, `${city || "全部城市"} × ${chain || "全部产业链"}`)),
      itemList(body, "没有符合条件的项目 (no projects)"));
    $("projects-results").dataset.loaded = "true";
  }, (s) => { $("cc-city").value = s; projects(s, chain); });
}

function refNames(xs) { return names(xs).join("、"); }

const GAP_STATUS = { covered: ["✓", "已覆盖 covered"], planned: ["◐", "规划中 planned"], missing: ["✗", "缺失 missing"] };
const CARRIER_KINDS = { projects: "项目", enterprises: "企业", platforms: "平台", bases: "基地" };

function carrierList(holder) {
  return Object.entries(CARRIER_KINDS).flatMap(([key, zh]) => (holder[key] || []).map((c) =>
    el("details", { class: "carrier" },
      el("summary", {}, `${zh}：${c.name}`, c.via === "name" ? el("small", {}, "（按名称归入 by name）") : null),
      evidenceList(c.evidence))));
}

function regionLine(r) {
  const roles = [...new Set((r.designations || []).map((d) => d.role || d.chain))].join("、");
  return el("li", {}, el("b", {}, r.name), roles ? `：${roles}` : "",
    r.evidence && r.evidence[0] ? el("span", { class: "src" }, ` 《${r.evidence[0].title || r.evidence[0].doc}》第 ${r.evidence[0].line} 行`) : null);
}

async function gaps(city, chain) {
  await run($("gaps-results"), async () => {
    const body = await api("/gaps", { city, chain });
    const segments = body.segments || [];
    const cityName = (body.city && body.city.name) || city;
    const chainName = (body.chain && body.chain.name) || chain;
    const c = body.counts || {};
    const rows = segments.map((s) => {
      const status = s.status || (s.covered ? "covered" : "missing");
      const [mark, label] = GAP_STATUS[status] || GAP_STATUS.missing;
      return el("div", { class: `item seg ${status}`, dataset: { covered: String(!!s.covered), status } },
        el("span", { class: "mark", title: label }, mark),
        el("span", { class: "name" }, s.parent ? `${s.parent} › ${s.name}` : s.name),
        el("span", { class: "stage" }, [s.stage, label, s.source === "document" ? "文件所列" : "参考图谱"].filter(Boolean).join(" · ")),
        ...carrierList(s),
        status === "planned" ? el("details", { class: "carrier" }, el("summary", {}, "本市规划的表述"), evidenceList(s.plan_evidence)) : null,
        el("details", { class: "carrier" }, el("summary", {}, "环节来源 source"), evidenceList(s.evidence)));
    });
    const unassigned = carrierList(body.unassigned || {});
    const align = body.alignment || {};
    const alignText = !align.own_plans ? "未知（图中没有该市自己的规划）" : [
      (align.aligned || []).length ? `一致：${align.aligned.map((a) => a.chain).join("、")}` : "",
      (align.assigned_not_planned || []).length ? `上级定位但本市规划未提：${align.assigned_not_planned.map((a) => a.chain).join("、")}` : "",
      (align.planned_not_assigned || []).length ? `本市规划但无上级定位：${align.planned_not_assigned.map((a) => a.chain).join("、")}` : "",
    ].filter(Boolean).join("；") || "无";
    const report = `/api/v1/report?${new URLSearchParams({ city: cityName, chain: chainName, format: "html" })}`;
    show($("gaps-results"),
      el("h3", {}, "链条缺口 ", el("small", {},
        `${cityName} × ${chainName}：${c.covered ?? 0} 已覆盖 / ${c.planned ?? 0} 规划中 / ${c.missing ?? 0} 缺失，共 ${segments.length} 个环节`)),
      el("div", { class: "facts" }, el("a", { href: report, target: "_blank", id: "gap-report-link" }, "打开城市报告 (report, HTML)"), " · ",
        el("a", { href: report.replace("format=html", "format=md"), target: "_blank" }, "Markdown"), " · ",
        el("a", { href: report.replace("format=html", "format=pdf"), target: "_blank" }, "PDF")),
      segments.length ? rows : el("div", { class: "count" }, "该产业链没有已知的环节 (no segments known)"),
      unassigned.length ? el("h3", {}, "未归入具体环节 ", el("small", {}, "carriers of the whole chain")) : null,
      unassigned.length ? el("div", { class: "unassigned" }, ...unassigned) : null,
      el("h3", {}, "上级布局 ", el("small", {}, "designations of the city by higher-level plans")),
      (body.designations || []).length ? el("ul", { class: "evidence" }, body.designations.map(regionLine)) : el("div", { class: "facts" }, "无"),
      el("h3", {}, "同链竞争地区 ", el("small", {}, "rivals designated for the chain")),
      (body.rivals || []).length ? el("ul", { class: "evidence" }, body.rivals.map(regionLine)) : el("div", { class: "facts" }, "无"),
      el("h3", {}, "目标 ", el("small", {}, "targets by level and year")),
      (body.targets || []).length ? el("ul", { class: "evidence" }, body.targets.map((t) =>
        el("li", {}, `${t.scope === "city" ? "本市" : "上级"} ${t.year || "—"}：${t.name}`))) : el("div", { class: "facts" }, "无"),
      el("div", { class: "facts" }, "定位与规划对照：", alignText));
  }, (s) => { $("cc-city").value = s; gaps(s, chain); });
}

async function targets(params) {
  await run($("targets-results"), async () => {
    const body = await api("/targets", params);
    const items = body.items || [];
    if (!items.length) { show($("targets-results"), el("div", { class: "count" }, "没有符合条件的目标 (no targets)")); return; }
    const head = ["指标 metric", "数值 value", "年份", "产业链", "地区", "出处 evidence"];
    show($("targets-results"), el("div", { class: "count" }, `${body.count ?? items.length} 项目标`),
      el("table", {}, el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))),
        el("tbody", {}, items.map((t) => el("tr", {},
          el("td", {}, t.metric || t.name), el("td", { class: "num" }, targetValue(t)),
          el("td", {}, t.year ?? ""), el("td", {}, t.chain || names(t.chains).join("、")),
          el("td", {}, t.region || ""), el("td", {}, evidenceList(t.evidence)))))));
  });
}

const COUNT_ZH = {
  sentences: "句子", tasks: "任务", targets: "目标", agencies: "部门", regions: "地区", chains: "产业链",
  projects: "项目", platforms: "平台", bases: "基地", enterprises: "企业",
};

async function documents() {
  await run($("documents-results"), async () => {
    const body = await api("/documents");
    const items = body.items || [];
    if (!items.length) { show($("documents-results"), el("div", { class: "count" }, "图中还没有文件 (no documents: run `policykg ingest seeds/`)")); return; }
    const counts = (c) => Object.entries(c || {}).filter(([, n]) => n).map(([k, n]) => `${COUNT_ZH[k] || k} ${n}`).join(" · ");
    show($("documents-results"),
      el("table", {}, el("thead", {}, el("tr", {}, ["文件 id", "标题", "发文机关", "日期", "级别", "地区", "事实数"].map((h) => el("th", {}, h)))),
        el("tbody", {}, items.map((d) => el("tr", {},
          el("td", {}, el("code", {}, d.id)), el("td", {}, d.title || d.name), el("td", {}, d.issuer || ""),
          el("td", {}, d.date || ""), el("td", {}, d.level || ""), el("td", {}, d.region || ""),
          el("td", {}, counts(d.counts)))))));
  });
}

async function ask(question) {
  $("ask-q").value = question;
  await run($("ask-results"), async () => {
    const body = await api("/ask", null, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question }),
    });
    show($("ask-results"),
      el("div", { class: "answer" }, body.answer || "（没有回答 no answer）"),
      el("div", { class: "facts" }, `意图 intent：${body.intent || "?"}　参数 params：${JSON.stringify(body.params || {})}`),
      itemList(body, "没有结果"),
      body.cypher ? [el("h3", {}, "Cypher"), el("pre", { class: "cypher" }, body.cypher)] : null);
  });
}

function health() {
  api("/health").then((h) => {
    $("health").textContent = `Neo4j ${h.neo4j === true || h.neo4j === "ok" || h.neo4j === "up" ? "✓" : h.neo4j} · ${h.documents ?? "?"} 个文件`;
  }).catch((err) => {
    $("health").textContent = `✗ ${err.message}`;
    $("health").classList.add("bad");
  });
}

// ---- Graph canvas (vis-network, served locally) -------------------------------------------
let network = null;

function toVis(graph, focusId) {
  const clip = (s) => (s.length > VIZ.maxLabel ? s.slice(0, VIZ.maxLabel - 1) + "…" : s);
  const nodes = new Map();
  for (const n of graph.nodes || []) {
    if (!n.id || nodes.has(n.id)) continue;
    const kind = n.kind || n.label || "";
    const s = style(kind);
    const focus = n.id === focusId || n.focus === true;
    nodes.set(n.id, {
      id: n.id, name: n.name || n.id, label: clip(n.name || n.id), title: `${n.name || n.id}\n${s.zh} · ${s.en || kind}`, group: kind, shape: s.shape,
      color: { background: s.color, border: focus ? "#d62828" : s.border, highlight: { background: s.color, border: "#000" } },
      borderWidth: focus ? 4 : 1, font: { face: VIZ.font, size: focus ? 18 : 14 },
    });
  }
  const edges = [];
  for (const e of graph.edges || []) {
    const from = e.source ?? e.from ?? e.src, to = e.target ?? e.to ?? e.dst;
    if (!nodes.has(from) || !nodes.has(to)) continue;
    edges.push({ from, to, label: VIZ.rels[e.type] || e.type, title: e.type, arrows: "to",
      color: { color: "#9aa5b1", highlight: "#d62828" }, font: { face: VIZ.font, size: 11, color: "#555", strokeWidth: 3 } });
  }
  return { nodes: [...nodes.values()], edges };
}

function legendView(kinds) {
  return Object.entries(VIZ.styles).filter(([k]) => kinds.has(k)).map(([, s]) =>
    el("span", {}, el("span", { class: "sw", style: `background:${s.color};border-color:${s.border}` }), `${s.zh} `, el("small", {}, s.en)));
}

async function focusGraph(focus) {
  const depth = $("graph-depth").value, limit = $("graph-limit").value;
  $("graph-focus").value = focus;
  const link = new URL("/view/graph", location.origin);
  for (const [k, v] of Object.entries({ focus, depth, limit })) link.searchParams.set(k, v);
  $("graph-link").href = link.pathname + link.search;
  const canvas = $("graph-canvas");
  canvas.dataset.rendered = "false";
  await run($("graph-msg"), async () => {
    const graph = await api("/graph", { focus, depth, limit });
    // The focus: marked by the API if it says so, else the node named so, else the first node
    // (GET /api/v1/graph lists the resolved focus entity first).
    const nodes = graph.nodes || [];
    const focusId = typeof graph.focus === "string" ? graph.focus
      : (nodes.find((n) => n.focus === true || n.id === focus || n.name === focus) || nodes[0] || {}).id;
    const data = toVis(graph, focusId);
    show($("graph-legend"), legendView(new Set((graph.nodes || []).map((n) => n.kind || n.label))));
    show($("graph-msg"), el("div", { class: "count" }, `${data.nodes.length} 个节点 · ${data.edges.length} 条关系`));
    if (network) network.destroy();
    network = null;
    if (typeof vis === "undefined") throw new Error("vis-network 未加载 (not loaded)");
    if (!data.nodes.length) { canvas.dataset.rendered = "empty"; return; }
    network = new vis.Network(canvas, { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) }, VIZ.options);
    network.once("stabilizationIterationsDone", () => { network.setOptions({ physics: { enabled: false } }); network.fit(); });
    network.once("afterDrawing", () => {
      canvas.dataset.rendered = "true";
      canvas.dataset.nodes = String(data.nodes.length);
      if (focusId) canvas.dataset.focus = focusId;
    });
    network.on("doubleClick", (params) => {  // re-centre on a node (the API resolves names)
      const node = params.nodes.length && data.nodes.find((n) => n.id === params.nodes[0]);
      if (node) focusGraph(node.name);
    });
  }, (s) => focusGraph(s));
}

// ---- Wiring --------------------------------------------------------------------------------
function formValues(form) { return Object.fromEntries(new FormData(form).entries()); }

function wire() {
  $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); const v = formValues(ev.target); search(v.q, v.kind); });
  $("citychain-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = formValues(ev.target), action = ev.submitter ? ev.submitter.value : "projects";
    if (action === "gaps") gaps(v.city, v.chain); else projects(v.city, v.chain);
  });
  $("graph-form").addEventListener("submit", (ev) => { ev.preventDefault(); focusGraph(formValues(ev.target).focus); });
  $("ask-form").addEventListener("submit", (ev) => { ev.preventDefault(); ask(formValues(ev.target).question); });
  $("targets-form").addEventListener("submit", (ev) => { ev.preventDefault(); targets(formValues(ev.target)); });
}

async function fromUrl() {
  const p = new URLSearchParams(location.search);
  const jobs = [];
  const city = p.get("city"), chain = p.get("chain");
  if (p.get("q")) jobs.push(search(p.get("q"), p.get("kind") || ""));
  if (city || chain) {
    $("cc-city").value = city || ""; $("cc-chain").value = chain || "";
    if (city && chain) jobs.push(projects(city, chain), gaps(city, chain));
    else jobs.push(projects(city, chain));
  }
  if (p.get("targets")) {
    $("t-chain").value = chain || ""; $("t-region").value = p.get("region") || city || ""; $("t-year").value = p.get("year") || "";
    jobs.push(targets({ chain, region: p.get("region") || city, year: p.get("year") }));
  }
  if (p.get("ask")) jobs.push(ask(p.get("ask")));
  const focus = p.get("focus") || city || chain;
  if (focus) jobs.push(focusGraph(focus));
  jobs.push(documents());
  await Promise.allSettled(jobs);
}

wire();
health();
fromUrl().finally(() => { document.body.dataset.ready = "true"; });
