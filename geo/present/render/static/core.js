/* briefmap runtime, core: state, safe DOM helpers, the claim card, filters,
 * the redraw loop and the module registry. Every feature (markers, labels,
 * routes, distances, timeline, filters, search, story, print) is a module in
 * its own file that registers itself with BRIEFMAP.module(name, factory);
 * the Python side inlines exactly the modules the map uses, in order.
 *
 * Untrusted article text only ever reaches the page through textContent,
 * attribute setters after a check (a.href for http/https only), or Leaflet
 * options; never through innerHTML or string-built HTML.
 */
var BRIEFMAP = (function () {
  "use strict";

  var STATUS_LABEL = {
    reported: "Reported", confirmed: "Confirmed", denied: "Denied", alleged: "Alleged", disputed: "Disputed"
  };
  var SVGNS = "http://www.w3.org/2000/svg";
  var S = {
    map: null, data: null, switches: {}, step: -1, ready: false, moving: false, popupPlace: null
  };
  // B: what modules share. Modules add their own functions to it (B.openPopup, ...).
  var B = { S: S, groups: {}, mods: {}, order: [], draws: [], filters: [], api: {} };

  // ------------------------------------------------------------ DOM helpers
  function isHttp(url) {
    if (typeof url !== "string" || url === "") { return false; }
    try {
      var u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:";
    } catch (e) { return false; }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null && text !== "") { e.textContent = String(text); }
    return e;
  }

  function add(parent, tag, cls, text) { return parent.appendChild(el(tag, cls, text)); }

  function svg(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  function swatch(color) {
    var s = el("span", "bm-swatch");
    s.style.backgroundColor = color;
    return s;
  }

  function badge(status) {
    var known = Object.prototype.hasOwnProperty.call(STATUS_LABEL, status);
    return el("span", "bm-badge bm-" + (known ? status : "other"),
              known ? STATUS_LABEL[status] : (status || "Unknown"));
  }

  function link(url, label) {
    if (!isHttp(url)) { return null; }
    var a = el("a", "bm-link", label);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function dot(parent) { add(parent, "span", "bm-sep", "\u00b7"); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  /* A visit runs origin -> destination; a relation links its two actors. */
  function routeName(r) { return r.origin + (r.relation ? " \u2194 " : " \u2192 ") + r.destination; }

  function claimWhere(c) {
    var D = S.data;
    if (c.place !== undefined) { return D.places[c.place].place; }
    if (c.route !== undefined) { return routeName(D.routes[c.route]); }
    return "";
  }

  /* "denied": the finding is denied; "disputed": it is reported but one of its
     sources denies it; "" otherwise. Drawn on the map as a status mark. */
  function dispute(c) {
    if (c.status === "denied") { return "denied"; }
    if (c.status === "disputed") { return "disputed"; }
    if (c.sources && c.sources.some(function (s) { return s.stance === "denies"; })) { return "disputed"; }
    return "";
  }

  /* A place's mark: denied when every finding there is, disputed when any is denied or contested. */
  function disputeOf(ids) {
    var denied = 0, disputed = 0;
    ids.forEach(function (ci) {
      var d = dispute(S.data.claims[ci]);
      if (d === "denied") { denied++; } else if (d === "disputed") { disputed++; }
    });
    if (ids.length && denied === ids.length) { return "denied"; }
    return denied + disputed ? "disputed" : "";
  }

  /* The other sentences of the same finding: who else reports, confirms or denies it. */
  function sourceList(item, c, compact) {
    if (!c.sources || !c.sources.length) { return; }
    if (compact) {
      // projector: one line naming who else reports or denies it
      var by = c.sources.map(function (s) {
        return (s.stance === "denies" ? "denied by " : (s.stance === "confirms" ? "confirmed by " : "also ")) +
          (s.source || "a source whose outlet is not stated");
      });
      add(item, "div", "bm-fsources-line", plural(c.sources.length + 1, "source") + ": " + by.join("; "));
      return;
    }
    var box = add(item, "div", "bm-fsources");
    add(box, "div", "bm-fsources-head", plural(c.sources.length + 1, "source") + " for this finding");
    c.sources.forEach(function (s) {
      var row = add(box, "div", "bm-source bm-stance-" + (s.stance === "denies" ? "denies" : "asserts"));
      add(row, "span", "bm-stance", s.stance === "denies" ? "Denies" : (s.stance === "confirms" ? "Confirms" : "Reports"));
      add(row, "span", "bm-outlet", " " + (s.source || "Outlet not stated") + (s.profile ? " (" + s.profile + ")" : "") +
                                    (s.published ? ", " + s.published : ""));
      if (s.attribution) { add(row, "span", "bm-attr", " \u00b7 " + s.attribution); }
      add(row, "div", "bm-source-quote", "\u201c" + s.claim + "\u201d");
      var a = link(s.url, "Open \u2197");
      if (a) { row.appendChild(a); }
    });
  }

  /* Labelled fields a claim may carry, shown in that order under its place. */
  var DETAILS = [["visitor", "Visitor"]];

  /* A leg of a trip: the whole itinerary, this leg's destination in bold. */
  function itinerary(item, trip) {
    if (!trip || trip.stops.length <= 2) { return; }
    var it = add(item, "div", "bm-itinerary", "Trip, leg " + trip.leg + " of " + (trip.stops.length - 1) + ": ");
    trip.stops.forEach(function (stop, i) {
      if (i) { it.appendChild(document.createTextNode(" \u2192 ")); }
      add(it, i === trip.leg ? "strong" : "span", "", stop);
    });
  }

  /* One claim: layer + badge + dates, quoted sentence, source line, small print.
     opts.projector: large type, no analyst small print, sources on one line. */
  function claimItem(c, opts) {
    opts = opts || {};
    var layer = S.data.layers[c.layer];
    var item = el("li", "bm-claim");
    var top = add(item, "div", "bm-claim-top");
    top.appendChild(swatch(layer.color));
    add(top, "span", "bm-claim-layer", layer.title);
    top.appendChild(badge(c.status));
    if (dispute(c) === "disputed" && c.status !== "disputed") { add(top, "span", "bm-badge bm-disputed", "Disputed"); }
    if (c.event_date) { add(top, "span", "bm-event", "Event " + c.event_date); }
    if (opts.where) { add(item, "div", "bm-claim-where", opts.where); }
    DETAILS.forEach(function (d) {
      if (c[d[0]] !== undefined && c[d[0]] !== "") { add(item, "div", "bm-detail bm-" + d[0], d[1] + ": " + c[d[0]]); }
    });
    itinerary(item, c.trip);
    var quoted = /^["\u201c\u2018']/.test(c.claim);
    add(item, "blockquote", "bm-quote", quoted ? c.claim : "\u201c" + c.claim + "\u201d");
    var meta = add(item, "div", "bm-meta");
    add(meta, "span", "bm-outlet", c.source || "Outlet not stated");
    if (c.profile) { add(meta, "span", "bm-profile", " (" + c.profile + ")"); }
    if (c.published) { dot(meta); add(meta, "span", "bm-date", c.published); }
    var a = link(c.url, opts.projector ? "article \u2197" : "Open article \u2197");
    if (a) { dot(meta); meta.appendChild(a); }
    if (c.attribution) { add(item, "div", "bm-attr", "Attribution: " + c.attribution); }
    if (c.actors && c.actors.length && !opts.projector) {
      add(item, "div", "bm-actors", (c.relation ? "Between: " : "Actors: ") + c.actors.join(", "));
    }
    sourceList(item, c, !!opts.projector);
    if (opts.projector) { return item; }
    var small = add(item, "div", "bm-small");
    var bits = [];
    if (c.mention) { bits.push("Mention \u201c" + c.mention + "\u201d" + (c.role ? " (" + c.role + ")" : "")); }
    if (c.resolution) { bits.push("Resolved: " + c.resolution); }
    if (typeof c.confidence === "number") { bits.push("confidence " + c.confidence.toFixed(2)); }
    if (c.layer_rule) { bits.push("Layer rule: " + c.layer_rule); }
    if (c.doc) { bits.push("Doc " + c.doc); }
    if (c.corrected) { bits.push("\u270e Corrected: " + c.corrected); }
    small.textContent = bits.join(" \u00b7 ");
    return item;
  }

  var POPUP = { maxWidth: 500, minWidth: 340, className: "bm-leaflet-popup",
                autoPanPaddingTopLeft: [40, 250], autoPanPaddingBottomRight: [40, 150] };

  // ---------------------------------------------------------------- filters
  function layerOn(i) {
    var sw = S.switches[S.data.layers[i].id];
    return !sw || S.map.hasLayer(sw);
  }

  /* A claim is shown when its layer is on and every module's filter
     (timeline, status/source/actor) lets it through. */
  function visible(ci) {
    var c = S.data.claims[ci];
    if (!layerOn(c.layer)) { return false; }
    for (var i = 0; i < B.filters.length; i++) { if (!B.filters[i](c)) { return false; } }
    return true;
  }

  function visibleOf(ids) { return ids.filter(visible); }

  function visibleCount() {
    var n = 0;
    for (var i = 0; i < S.data.claims.length; i++) { if (visible(i)) { n++; } }
    return n;
  }

  /* The current story step's places and routes (empty outside the story). */
  function stepSets() {
    var st = S.step >= 0 ? S.data.story.steps[S.step] : null;
    var places = {}, routes = {};
    if (st) {
      st.places.forEach(function (p) { places[p] = true; });
      st.routes.forEach(function (r) { routes[r] = true; });
    }
    return { on: !!st, places: places, routes: routes };
  }

  /* Projector unit: 1 CSS px of a 1920x1080 slide, scaled to the window, while
     the story (projector mode) runs; 1 otherwise. Mirrors --u in briefmap.css. */
  function unit() {
    if (S.step < 0) { return 1; }
    return Math.min(window.innerHeight / 1080, window.innerWidth / 1920);
  }

  /* Layers are reused across redraws when nothing about them changed: a
     redraw only adds and removes what differs (thousands of claims stay fast). */
  function beginReuse(store) { store.old = store.cur || {}; store.cur = {}; }
  function reuse(group, store, key, make) {
    var layer = store.old[key];
    if (layer) { delete store.old[key]; } else { layer = make(); group.addLayer(layer); }
    store.cur[key] = layer;
    return layer;
  }
  function endReuse(group, store) {
    Object.keys(store.old).forEach(function (k) { group.removeLayer(store.old[k]); });
    store.old = {};
  }
  function signature(ids) {
    var counts = {};
    ids.forEach(function (ci) { var l = S.data.claims[ci].layer; counts[l] = (counts[l] || 0) + 1; });
    return ids.length + ":" + Object.keys(counts).map(function (k) { return k + "=" + counts[k]; }).join(",");
  }

  /* Where a place is shown: a whole country at its tag's first anchor inside its land; a place
     whose point is at sea just inside its coast; anything else at its point. */
  function placeLatLng(pi) {
    var p = S.data.places[pi];
    if (p.area) { return L.latLng(p.area.anchors[0][0], p.area.anchors[0][1]); }
    return p.at ? L.latLng(p.at[0], p.at[1]) : L.latLng(p.lat, p.lon);
  }

  function radius(n) { return Math.round(Math.min(28, 10 + 3.2 * Math.sqrt(Math.max(n, 1) - 1)) * 10) / 10; }

  /* Rectangles of the panels on screen (for labels, framing and tests). */
  function panelRects() {
    return Array.prototype.filter.call(
      document.querySelectorAll(".leaflet-control, .bm-story:not([hidden]), .bm-story-key:not([hidden]), " +
                                ".bm-area-panel:not([hidden])"),
      function (c) { return c.offsetParent !== null && c.offsetWidth > 0; })
      .map(function (c) { return c.getBoundingClientRect(); });
  }

  // ------------------------------------------------------------------- core
  /* Redraw at most once per frame, however many changes asked for it. */
  function refresh() {
    if (!S.data || S.pending) { return; }
    S.pending = true;
    window.requestAnimationFrame(function () { S.pending = false; refreshNow(); });
  }

  function refreshNow() {
    if (!S.data) { return; }
    S.timing = {};
    B.draws.forEach(function (d) {
      var t0 = performance.now();
      d.fn();
      S.timing[d.name] = Math.round(performance.now() - t0);
    });
  }

  /* A module's redraw step; lower order runs first (routes under places under labels). */
  function onDraw(name, order, fn) {
    B.draws.push({ name: name, order: order, fn: fn });
    B.draws.sort(function (a, b) { return a.order - b.order; });
  }

  function module(name, factory) {
    var m = factory(B) || {};
    B.mods[name] = m;
    B.order.push(name);
    return m;
  }

  function layer(map, fg, id) { S.switches[id] = fg; }

  /* Move a pre-rendered (escaped) HTML block into a Leaflet control. */
  function panel(map, id, position) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    var ctl = L.control({ position: position });
    ctl.onAdd = function () {
      L.DomEvent.disableClickPropagation(node);
      L.DomEvent.disableScrollPropagation(node);
      return node;
    };
    ctl.addTo(map);
    return ctl;
  }

  function overview() {
    if (B.exitStory) { B.exitStory(); }
    S.map.closePopup();
    S.map.fitBounds(S.bounds, S.fitOptions);
    refresh();
  }

  function init(map, data, bounds, fitOptions) {
    S.map = map; S.data = data; S.bounds = bounds; S.fitOptions = fitOptions;
    B.groups.areas = L.featureGroup().addTo(map);     // countries' outlines, under everything
    B.groups.routes = L.featureGroup().addTo(map);
    B.groups.places = L.featureGroup().addTo(map);
    B.groups.tags = L.featureGroup().addTo(map);      // countries' name tags, over the markers
    B.groups.labels = L.layerGroup().addTo(map);
    // not animated: the page is settled when it says it is ready
    map.fitBounds(bounds, L.extend({ animate: false }, fitOptions));
    B.order.forEach(function (name) { if (B.mods[name].setup) { B.mods[name].setup(map, data); } });
    map.on("zoomend", function () { if (!S.moving) { refresh(); } });
    map.on("overlayadd overlayremove", function () { refresh(); });
    map.on("popupclose", function () { S.popupPlace = null; });
    refreshNow();
    S.ready = true;
    window.BRIEFMAP_READY_MS = Math.round(performance.now());
    document.documentElement.setAttribute("data-briefmap-ready", "1");
  }

  // For tests, slides and the console; modules add their own entries.
  var api = {
    ready: function () { return S.ready; },
    timing: function () { return S.timing; },
    version: function () { return S.data.version; },
    modules: function () { return B.order.slice(); },
    visibleCount: visibleCount,
    totalCount: function () { return S.data.claims.length; },
    panels: function () {
      return panelRects().map(function (r) { return [r.left, r.top, r.width, r.height]; });
    },
    overview: overview
  };

  B.el = el; B.add = add; B.svg = svg; B.swatch = swatch; B.badge = badge; B.link = link; B.dot = dot;
  B.plural = plural; B.clear = clear; B.isHttp = isHttp; B.routeName = routeName; B.claimWhere = claimWhere;
  B.claimItem = claimItem; B.DETAILS = DETAILS; B.dispute = dispute; B.disputeOf = disputeOf; B.POPUP = POPUP;
  B.visible = visible; B.visibleOf = visibleOf; B.visibleCount = visibleCount; B.stepSets = stepSets;
  B.unit = unit; B.beginReuse = beginReuse; B.reuse = reuse; B.endReuse = endReuse; B.signature = signature;
  B.radius = radius; B.placeLatLng = placeLatLng; B.panelRects = panelRects; B.refresh = refresh; B.refreshNow = refreshNow;
  B.onDraw = onDraw; B.api = api;

  return { init: init, layer: layer, panel: panel, module: module, mods: B.mods, isHttp: isHttp, api: api };
})();
