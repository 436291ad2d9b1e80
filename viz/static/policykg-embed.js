/* policykg embed helper: draws GET /api/v1/graph JSON into an element of any page.
 *
 *   <script src="http://POLICYKG/ui/policykg-embed.js"></script>
 *   <div id="g" style="height:480px"></div>
 *   <script>PolicyKG.draw(document.getElementById("g"), {focus: "青岛", depth: 1});</script>
 *
 * The policykg server must list the page's origin in POLICYKG_CORS_ORIGINS (the graph JSON is a
 * cross-origin fetch). vis-network is loaded once from the server's hashed, immutable asset.
 * The element reports data-rendered="true" (or "error"/"empty"), data-nodes, data-focus.
 * The server fills in the CONFIG placeholder (styles per label, the asset name) when serving it.
 */
(function () {
  "use strict";
  var CONFIG = __CONFIG__;
  var script = document.currentScript;
  var BASE = script ? new URL(".", script.src).href.replace(/\/ui\/$/, "") : "";
  var loading = null;

  function loadVis(base) {
    if (window.vis && window.vis.Network) return Promise.resolve(window.vis);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + "/ui/" + CONFIG.asset;
        s.onload = function () { resolve(window.vis); };
        s.onerror = function () { loading = null; reject(new Error("vis-network could not be loaded")); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function cut(name) {
    name = String(name).replace(/\s+/g, " ").trim();
    return name.length <= CONFIG.maxLabel ? name : name.slice(0, CONFIG.maxLabel - 1) + "…";
  }

  function toVis(graph, focusId) {
    var nodes = graph.nodes.map(function (n) {
      var st = CONFIG.styles[n.kind] || CONFIG.unknown;
      var focused = n.id === focusId;
      var row = {
        id: n.id, label: cut(n.name), title: n.name + "\n" + st.zh + " · " + st.en, shape: st.shape,
        color: { background: st.color, border: focused ? "#d62828" : st.border },
        borderWidth: focused ? 4 : 1, font: { face: CONFIG.font, size: focused ? 18 : 14 }
      };
      if (focused) row.size = 32;  // an undefined size would hide dots, stars and diamonds
      return row;
    });
    var edges = graph.edges.map(function (e, i) {
      var zh = CONFIG.rels[e.type] || e.type;
      return {
        id: "e" + i, from: e.source, to: e.target, label: zh, arrows: "to",
        title: zh + " (" + e.type + ")" + (e.doc ? "\n" + e.doc : ""),
        color: { color: "#9aa5b1", highlight: "#d62828" }, font: { face: CONFIG.font, size: 11, strokeWidth: 3 }
      };
    });
    return { nodes: nodes, edges: edges };
  }

  function fail(el, message) {
    el.dataset.rendered = "error";
    el.textContent = "图谱加载失败 (graph not loaded): " + message;
  }

  /* Draw the graph of {focus, depth, limit} (or a given {nodes, edges} in options.graph) into el.
   * Resolves with the vis.Network, or null when there is nothing to draw. */
  function draw(el, options) {
    options = options || {};
    var base = (options.base || BASE).replace(/\/$/, "");
    el.dataset.rendered = "false";
    var params = new URLSearchParams();
    if (options.focus) params.set("focus", options.focus);
    params.set("depth", String(options.depth || 1));
    params.set("limit", String(options.limit || 100));
    var data = options.graph ? Promise.resolve(options.graph) :
      fetch(base + "/api/v1/graph?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (r) {
          return r.json().then(function (body) {
            if (!r.ok) throw new Error(body.detail || ("HTTP " + r.status));
            return body;
          });
        });
    return Promise.all([data, loadVis(base)]).then(function (got) {
      var graph = got[0], vis = got[1];
      var focusId = options.focus && graph.nodes.length ? graph.nodes[0].id : null;
      el.dataset.nodes = String(graph.nodes.length);
      if (!graph.nodes.length) { el.dataset.rendered = "empty"; el.textContent = "没有可显示的节点"; return null; }
      var rows = toVis(graph, focusId);
      var network = new vis.Network(el, { nodes: new vis.DataSet(rows.nodes), edges: new vis.DataSet(rows.edges) },
        CONFIG.options);
      network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: { enabled: false } }); });
      network.once("afterDrawing", function () {
        if (focusId) el.dataset.focus = focusId;
        el.dataset.rendered = "true";
      });
      return network;
    }).catch(function (err) { fail(el, err.message); throw err; });
  }

  window.PolicyKG = { draw: draw, base: BASE, version: 1 };
})();
