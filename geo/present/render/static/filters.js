/* Attribute filters beside the layer toggles: status (reported, confirmed,
 * alleged, denied), source (the outlet of any of a finding's sources) and
 * actor (a place named as an actor). Options are built from the payload,
 * with counts; text goes in through textContent only.
 */
BRIEFMAP.module("filters", function (B) {
  "use strict";
  var S = B.S;
  var F = { status: null, source: "", actor: "" };   // status: set of allowed statuses, null = all
  var checks = {};

  function sourcesOf(c) {
    var out = [c.source || "Outlet not stated"];
    (c.sources || []).forEach(function (s) { out.push(s.source || "Outlet not stated"); });
    return out;
  }

  function ok(c) {
    if (F.status && !F.status[c.status]) { return false; }
    if (F.source && sourcesOf(c).indexOf(F.source) < 0) { return false; }
    if (F.actor && (!c.actors || c.actors.indexOf(F.actor) < 0)) { return false; }
    return true;
  }

  function tally(list) {
    var n = {};
    list.forEach(function (k) { n[k] = (n[k] || 0) + 1; });
    return Object.keys(n).sort(function (a, b) { return n[b] - n[a] || (a < b ? -1 : 1); })
      .map(function (k) { return { key: k, n: n[k] }; });
  }

  function select(parent, id, label, all, entries, onChange) {
    var row = B.add(parent, "label", "bm-filter-row");
    row.htmlFor = id;
    B.add(row, "span", "bm-filter-name", label);
    var sel = B.add(parent, "select", "bm-filter-select");
    sel.id = id;
    var o = B.add(sel, "option", null, all);
    o.value = "";
    entries.forEach(function (e) {
      var opt = B.add(sel, "option", null, e.key + " (" + e.n + ")");
      opt.value = e.key;
    });
    sel.addEventListener("change", function () { onChange(sel.value); });
    return sel;
  }

  function summary() {
    var n = (F.status ? 1 : 0) + (F.source ? 1 : 0) + (F.actor ? 1 : 0);
    var s = document.getElementById("bm-filters-summary");
    if (s) { s.textContent = "Filter findings" + (n ? " (" + n + " on)" : ""); }
  }

  function setup(map, data) {
    var body = document.getElementById("bm-filters-body");
    if (!body) { return; }
    var statuses = tally(data.claims.map(function (c) { return c.status; }));
    var box = B.add(body, "fieldset", "bm-filter-status");
    B.add(box, "legend", "bm-filter-name", "Status");
    statuses.forEach(function (e) {
      var lab = B.add(box, "label", "bm-filter-check");
      var cb = B.add(lab, "input");
      cb.type = "checkbox"; cb.checked = true; cb.value = e.key;
      lab.appendChild(B.badge(e.key));
      B.add(lab, "span", "bm-filter-n", " " + e.n);
      checks[e.key] = cb;
      cb.addEventListener("change", function () {
        var allowed = {}, all = true;
        Object.keys(checks).forEach(function (k) { if (checks[k].checked) { allowed[k] = true; } else { all = false; } });
        F.status = all ? null : allowed;
        summary(); B.refresh();
      });
    });
    var sources = [];
    data.claims.forEach(function (c) { sources = sources.concat(sourcesOf(c)); });
    select(body, "bm-filter-source", "Source", "All sources", tally(sources), function (v) { F.source = v; summary(); B.refresh(); });
    var actors = [];
    data.claims.forEach(function (c) { actors = actors.concat(c.actors || []); });
    select(body, "bm-filter-actor", "Actor", "All actors", tally(actors), function (v) { F.actor = v; summary(); B.refresh(); });
    var reset = B.add(body, "button", "bm-button bm-filter-reset", "Show all");
    reset.type = "button";
    reset.addEventListener("click", function () { set({}); });
    summary();
  }

  function set(f) {
    F.status = f.status ? f.status.reduce(function (o, s) { o[s] = true; return o; }, {}) : null;
    F.source = f.source || ""; F.actor = f.actor || "";
    Object.keys(checks).forEach(function (k) { checks[k].checked = !F.status || !!F.status[k]; });
    ["source", "actor"].forEach(function (k) {
      var sel = document.getElementById("bm-filter-" + k);
      if (sel) { sel.value = F[k]; }
    });
    summary(); B.refresh();
  }

  B.filters.push(ok);
  B.clearFilters = function () { set({}); };
  B.api.filter = set;
  return { setup: setup };
});
