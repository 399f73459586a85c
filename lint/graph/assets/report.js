// iamlint's HTML report: pan and zoom the graph, focus on a node's
// neighbourhood, filter the findings by rule, level and path, and show a
// node's or an edge's details. No library and no network: everything is
// in this file.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const svg = document.getElementById("graph-svg");
  const box = document.getElementById("graph");
  const details = document.getElementById("details");
  const rows = Array.from(document.querySelectorAll("#findings tr.finding"));
  const nodeEls = Array.from(svg.querySelectorAll(".node"));
  const edgeEls = Array.from(svg.querySelectorAll(".edge"));
  const byId = new Map(data.nodes.map((n, i) => [n.id, i]));

  // Pan and zoom by the viewBox.
  const full = svg.viewBox.baseVal;
  let view = { x: full.x, y: full.y, w: full.width, h: full.height };
  const setView = (v) => { view = v; svg.setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${v.h}`); };
  const fit = (b) => {
    const r = box.getBoundingClientRect();
    const aspect = (r.width || 1) / (r.height || 1);
    let w = b.w + 40, h = b.h + 40;
    if (w / h < aspect) w = h * aspect; else h = w / aspect;
    setView({ x: b.x - (w - b.w) / 2, y: b.y - (h - b.h) / 2, w, h });
  };
  // A large graph opens on its top left at a readable scale, not shrunk
  // to dots; "fit" shows it whole.
  const opening = () => {
    const r = box.getBoundingClientRect();
    const scale = Math.min((r.width || 1) / full.width, (r.height || 1) / full.height);
    if (scale < 0.5) setView({ x: 0, y: 0, w: (r.width || 1) / 0.8, h: (r.height || 1) / 0.8 });
    else fit({ x: 0, y: 0, w: full.width, h: full.height });
  };
  opening();
  box.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const r = box.getBoundingClientRect();
    const k = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
    const px = view.x + (ev.clientX - r.left) / r.width * view.w;
    const py = view.y + (ev.clientY - r.top) / r.height * view.h;
    setView({ x: px - (px - view.x) * k, y: py - (py - view.y) * k, w: view.w * k, h: view.h * k });
  }, { passive: false });
  let drag = null;
  box.addEventListener("mousedown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, v: view }; });
  window.addEventListener("mouseup", () => { drag = null; });
  window.addEventListener("mousemove", (ev) => {
    if (!drag) return;
    const r = box.getBoundingClientRect();
    setView({ x: drag.v.x - (ev.clientX - drag.x) / r.width * view.w, y: drag.v.y - (ev.clientY - drag.y) / r.height * view.h, w: view.w, h: view.h });
  });
  document.getElementById("zoom-fit").addEventListener("click", () => fit({ x: 0, y: 0, w: full.width, h: full.height }));

  // Focus: the nodes within depth edges of a node, either direction.
  const adj = new Map();
  data.edges.forEach((e) => {
    if (!adj.has(e.from)) adj.set(e.from, []);
    if (!adj.has(e.to)) adj.set(e.to, []);
    adj.get(e.from).push(e.to);
    adj.get(e.to).push(e.from);
  });
  const focus = (id, depth) => {
    const keep = new Set([id]);
    let frontier = [id];
    for (let d = 0; d < depth; d++) {
      const next = [];
      frontier.forEach((x) => (adj.get(x) || []).forEach((o) => { if (!keep.has(o)) { keep.add(o); next.push(o); } }));
      frontier = next;
    }
    svg.classList.add("focused");
    nodeEls.forEach((el) => {
      el.classList.toggle("on", keep.has(el.dataset.id));
      el.classList.toggle("selected", el.dataset.id === id);
    });
    edgeEls.forEach((el) => el.classList.toggle("on", keep.has(el.dataset.from) && keep.has(el.dataset.to)));
    const boxes = nodeEls.filter((el) => keep.has(el.dataset.id)).map((el) => el.getBBox && transformed(el));
    if (boxes.length) {
      const x = Math.min(...boxes.map((b) => b.x)), y = Math.min(...boxes.map((b) => b.y));
      fit({ x, y, w: Math.max(...boxes.map((b) => b.x + b.w)) - x, h: Math.max(...boxes.map((b) => b.y + b.h)) - y });
    }
    showNode(byId.get(id));
  };
  const transformed = (el) => {
    const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(el.getAttribute("transform"));
    const rect = el.querySelector("rect");
    return { x: +m[1], y: +m[2], w: +rect.getAttribute("width"), h: +rect.getAttribute("height") };
  };
  const clearFocus = () => {
    svg.classList.remove("focused");
    nodeEls.forEach((el) => el.classList.remove("on", "selected"));
    edgeEls.forEach((el) => el.classList.remove("on"));
    details.hidden = true;
  };
  document.getElementById("focus-clear").addEventListener("click", () => { clearFocus(); fit({ x: 0, y: 0, w: full.width, h: full.height }); });
  const depthInput = document.getElementById("focus-depth");
  const search = document.getElementById("node-search");
  const list = document.createElement("datalist");
  list.id = "node-ids";
  data.nodes.forEach((n) => { const o = document.createElement("option"); o.value = n.address || n.id; list.appendChild(o); });
  document.body.appendChild(list);
  search.addEventListener("change", () => {
    const q = search.value.trim();
    const n = data.nodes.find((x) => x.id === q) || data.nodes.find((x) => x.address === q || x.label === q);
    if (n) focus(n.id, +depthInput.value || 0);
  });
  nodeEls.forEach((el) => el.addEventListener("click", (ev) => { ev.stopPropagation(); focus(el.dataset.id, +depthInput.value || 0); }));
  edgeEls.forEach((el) => el.addEventListener("click", (ev) => { ev.stopPropagation(); showEdge(+el.dataset.edge); }));

  // Details.
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  const where = (l) => (l ? `${l.file}:${l.line}:${l.column}` : "");
  const findingList = (idx) => (idx || []).map((i) => {
    const f = data.findings[i];
    return `<li><span class="lv ${f.level}"></span><b>${esc(f.rule_id)}</b> ${esc(f.message)} <small>${esc(where(f.location))}</small></li>`;
  }).join("");
  const showNode = (i) => {
    if (i === undefined) return;
    const n = data.nodes[i];
    const edges = data.edges.filter((e) => e.from === n.id || e.to === n.id);
    details.innerHTML = `<h3>${esc(n.label)}</h3><div>${esc(n.kind)}${n.type ? " · " + esc(n.type) : ""}</div>` +
      `<div><small>${esc(where(n.location))}</small></div>` +
      (n.findings ? `<h4>findings</h4><ul>${findingList(n.findings)}</ul>` : "") +
      `<h4>${edges.length} edges</h4><ul>` + edges.map((e) => {
        const other = data.nodes[byId.get(e.from === n.id ? e.to : e.from)];
        return `<li>${e.from === n.id ? "→" : "←"} ${esc(e.kind)} ${esc(other ? other.label : "")}</li>`;
      }).join("") + "</ul>";
    details.hidden = false;
  };
  const showEdge = (i) => {
    const e = data.edges[i];
    const a = data.nodes[byId.get(e.from)], b = data.nodes[byId.get(e.to)];
    details.innerHTML = `<h3>${esc(a.label)} → ${esc(b.label)}</h3><div>${esc(e.kind)} ${esc(e.label || "")}</div>` +
      (e.conditions ? `<h4>conditions</h4><ul>${e.conditions.map((c) => `<li>${esc(c)}</li>`).join("")}</ul>` : "") +
      (e.hops ? `<h4>hops</h4><ol>${e.hops.map((h) => `<li>${esc(h.label)} <small>${esc(where(h.location))}</small></li>`).join("")}</ol>` : "") +
      (e.findings ? `<h4>findings</h4><ul>${findingList(e.findings)}</ul>` : "");
    details.hidden = false;
  };

  // Filters: the table's rows, and the graph's nodes and edges whose
  // findings are all filtered out are dimmed.
  const fRule = document.getElementById("filter-rule");
  const fLevel = document.getElementById("filter-level");
  const fPath = document.getElementById("filter-path");
  const count = document.getElementById("finding-count");
  const matches = (f) => (!fRule.value || f.rule_id === fRule.value) &&
    (!fLevel.value || f.level === fLevel.value) &&
    (!fPath.value || (f.location && f.location.file.includes(fPath.value)));
  const applyFilters = () => {
    let shown = 0;
    rows.forEach((tr) => {
      const ok = matches(data.findings[+tr.dataset.finding]);
      tr.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = `${shown} of ${rows.length} findings`;
    const active = fRule.value || fLevel.value || fPath.value;
    svg.classList.toggle("filtered", !!active);
    const hit = (idx) => (idx || []).some((i) => matches(data.findings[i]));
    nodeEls.forEach((el) => el.classList.toggle("off", !!active && !hit(data.nodes[+el.dataset.node].findings)));
    edgeEls.forEach((el) => el.classList.toggle("off", !!active && !hit(data.edges[+el.dataset.edge].findings)));
    return shown;
  };
  [fRule, fLevel].forEach((el) => el.addEventListener("change", applyFilters));
  fPath.addEventListener("input", applyFilters);
  applyFilters();

  // A finding's row focuses the graph on what it concerns.
  const holder = new Map();
  data.nodes.forEach((n) => (n.findings || []).forEach((i) => holder.set(i, n.id)));
  data.edges.forEach((e) => (e.findings || []).forEach((i) => holder.set(i, e.to)));
  rows.forEach((tr) => tr.addEventListener("click", () => {
    rows.forEach((r) => r.classList.remove("selected"));
    tr.classList.add("selected");
    const id = holder.get(+tr.dataset.finding);
    if (id) focus(id, 1);
  }));

  // #selftest: the browser test (lint/graph/browser_test.go) loads the
  // report with this fragment and reads the result from the DOM.
  if (location.hash === "#selftest") {
    // Nodes outside the scan are drawn once per module: count them once.
    const out = { rows: rows.length, nodes: new Set(nodeEls.map((el) => el.dataset.node)).size, edges: edgeEls.length, errors: [] };
    const levels = ["error", "warning", "note"];
    out.byLevel = {};
    levels.forEach((l) => {
      fLevel.value = l;
      out.byLevel[l] = applyFilters();
      const visible = rows.filter((r) => !r.hidden);
      if (visible.some((r) => r.dataset.level !== l)) out.errors.push(`level filter ${l} shows another level`);
    });
    fLevel.value = "";
    out.all = applyFilters();
    if (fRule.options.length > 1) {
      fRule.value = fRule.options[1].value;
      out.rule = fRule.value;
      out.byRule = applyFilters();
      if (rows.some((r) => !r.hidden && r.dataset.rule !== fRule.value)) out.errors.push("rule filter shows another rule");
      out.dimmed = nodeEls.filter((el) => el.classList.contains("off")).length + edgeEls.filter((el) => el.classList.contains("off")).length;
      fRule.value = "";
      applyFilters();
    }
    if (rows.length) {
      // The path filter: a directory of the first finding's file.
      const file = rows[0].dataset.path;
      fPath.value = file.includes("/") ? file.slice(0, file.lastIndexOf("/") + 1) : file;
      out.path = fPath.value;
      out.byPath = applyFilters();
      if (rows.some((r) => !r.hidden && !r.dataset.path.includes(fPath.value))) out.errors.push("path filter shows another path");
      if (rows.some((r) => r.hidden && r.dataset.path.includes(fPath.value))) out.errors.push("path filter hides a matching path");
      fPath.value = "";
      applyFilters();
    }
    if (nodeEls.length) {
      nodeEls[0].dispatchEvent(new MouseEvent("click", { bubbles: true }));
      out.focused = nodeEls.filter((el) => el.classList.contains("on")).length;
      out.details = !details.hidden;
    }
    const pre = document.createElement("pre");
    pre.id = "selftest-result";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
})();
