/* briefmap runtime: builds markers, arcs, popups, story, timeline and search
 * from one JSON payload.
 *
 * Untrusted article text only ever reaches the page through textContent,
 * attribute setters after a check (a.href for http/https only), or
 * Leaflet options; never through innerHTML or string-built HTML.
 *
 * Model: one marker per place for all layers together (a ring split by
 * layer, the number of claims that pass the filters in the middle). Places
 * too close to tell apart at the current zoom become one group marker;
 * clicking it spreads its places on a small ring with leader lines back to
 * their true positions. Nothing is ever moved away from where it is without
 * a line saying where it belongs.
 */
var BRIEFMAP = (function () {
  "use strict";

  var STATUS_LABEL = {
    reported: "Reported", confirmed: "Confirmed", denied: "Denied", alleged: "Alleged"
  };
  var SVGNS = "http://www.w3.org/2000/svg";
  var S = {
    map: null, data: null, switches: {}, from: 0, to: 0, undated: true,
    step: -1, spider: null, ready: false, moving: false, popupPlace: null
  };
  var groups = {};

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

  function claimWhere(c) {
    var D = S.data;
    if (c.place !== undefined) { return D.places[c.place].place; }
    if (c.route !== undefined) { return routeName(D.routes[c.route]); }
    return "";
  }

  /* A visit runs origin -> destination; a relation links its two actors. */
  function routeName(r) { return r.origin + (r.relation ? " \u2194 " : " \u2192 ") + r.destination; }

  /* The other sentences of the same finding: who else reports, confirms or denies it. */
  function sourceList(item, c) {
    if (!c.sources || !c.sources.length) { return; }
    var box = add(item, "div", "bm-fsources");
    add(box, "div", "bm-fsources-head", plural(c.sources.length + 1, "source") + " for this finding");
    c.sources.forEach(function (s) {
      var row = add(box, "div", "bm-source bm-stance-" + (s.stance === "denies" ? "denies" : "asserts"));
      add(row, "span", "bm-stance", s.stance === "denies" ? "Denies" : (s.stance === "confirms" ? "Confirms" : "Reports"));
      add(row, "span", "bm-outlet", " " + (s.source || "Unknown outlet") + (s.profile ? " (" + s.profile + ")" : "") +
                                    (s.published ? ", " + s.published : ""));
      if (s.attribution) { add(row, "span", "bm-attr", " \u00b7 " + s.attribution); }
      add(row, "div", "bm-source-quote", "\u201c" + s.claim + "\u201d");
      var a = link(s.url, "Open \u2197");
      if (a) { row.appendChild(a); }
    });
  }

  /* One claim: layer + badge + dates, quoted sentence, source line, small print. */
  function claimItem(c, showWhere) {
    var layer = S.data.layers[c.layer];
    var item = el("li", "bm-claim");
    var top = add(item, "div", "bm-claim-top");
    top.appendChild(swatch(layer.color));
    add(top, "span", "bm-claim-layer", layer.title);
    top.appendChild(badge(c.status));
    if (c.event_date) { add(top, "span", "bm-event", "Event " + c.event_date); }
    if (showWhere) { add(item, "div", "bm-claim-where", claimWhere(c)); }
    if (c.visitor) { add(item, "div", "bm-visitor", "Visitor: " + c.visitor); }
    if (c.trip && c.trip.stops.length > 2) {
      /* the whole itinerary, this leg's destination in bold */
      var it = add(item, "div", "bm-itinerary", "Trip, leg " + c.trip.leg + " of " + (c.trip.stops.length - 1) + ": ");
      c.trip.stops.forEach(function (stop, i) {
        if (i) { it.appendChild(document.createTextNode(" \u2192 ")); }
        add(it, i === c.trip.leg ? "strong" : "span", "", stop);
      });
    }
    var quoted = /^["\u201c\u2018']/.test(c.claim);
    add(item, "blockquote", "bm-quote", quoted ? c.claim : "\u201c" + c.claim + "\u201d");
    var meta = add(item, "div", "bm-meta");
    add(meta, "span", "bm-outlet", c.source || "Unknown outlet");
    if (c.profile) { add(meta, "span", "bm-profile", " (" + c.profile + ")"); }
    if (c.published) { dot(meta); add(meta, "span", "bm-date", c.published); }
    var a = link(c.url, "Open article \u2197");
    if (a) { dot(meta); meta.appendChild(a); }
    if (c.attribution) { add(item, "div", "bm-attr", "Attribution: " + c.attribution); }
    if (c.actors && c.actors.length) {
      add(item, "div", "bm-actors", (c.relation ? "Between: " : "Actors: ") + c.actors.join(", "));
    }
    sourceList(item, c);
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

  // ---------------------------------------------------------------- filters
  function layerOn(i) {
    var sw = S.switches[S.data.layers[i].id];
    return !sw || S.map.hasLayer(sw);
  }

  /* By event year; a claim with no event date counts by its publication
     year while "undated" is ticked and is hidden otherwise. */
  function timeOk(c) {
    var T = S.data.time;
    if (!c.t || c.t_from !== "event") { if (!S.undated) { return false; } }
    if (!c.t) { return true; }
    var y = parseInt(c.t.slice(0, 4), 10);
    if (S.from > T.min && y < S.from) { return false; }
    if (S.to < T.max && y > S.to) { return false; }
    return true;
  }

  function visible(ci) {
    var c = S.data.claims[ci];
    return layerOn(c.layer) && timeOk(c);
  }

  function visibleOf(ids) { return ids.filter(visible); }

  function visibleCount() {
    var n = 0;
    for (var i = 0; i < S.data.claims.length; i++) { if (visible(i)) { n++; } }
    return n;
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
  var placeStore = {}, routeStore = {};

  function radius(n) { return Math.round(Math.min(28, 10 + 3.2 * Math.sqrt(Math.max(n, 1) - 1)) * 10) / 10; }

  // ---------------------------------------------------------------- markers
  /* Ring of layer segments around a white disc with the count. */
  function donutSvg(ids, r, opts) {
    var counts = {}, order = [], n = ids.length, denied = 0;
    ids.forEach(function (ci) {
      var c = S.data.claims[ci];
      if (!counts[c.layer]) { counts[c.layer] = 0; order.push(c.layer); }
      counts[c.layer]++;
      if (c.status === "denied") { denied++; }
    });
    order.sort(function (a, b) { return a - b; });
    var size = 2 * r + 8, cx = size / 2, w = Math.max(5, r * 0.42), rr = r - w / 2;
    var root = svg("svg", { width: size, height: size, viewBox: "0 0 " + size + " " + size, "class": "bm-donut" });
    if (opts.group) {
      root.appendChild(svg("circle", { cx: cx, cy: cx, r: r + 3, fill: "#ffffff", stroke: "#1d1d1d",
                                       "stroke-width": 1.5, "stroke-dasharray": "3 2" }));
    }
    root.appendChild(svg("circle", { cx: cx, cy: cx, r: r, fill: "#ffffff", stroke: "none" }));
    var C = 2 * Math.PI * rr, off = 0;
    order.forEach(function (li) {
      var len = C * counts[li] / n;
      root.appendChild(svg("circle", {
        cx: cx, cy: cx, r: rr, fill: "none", stroke: S.data.layers[li].color, "stroke-width": w,
        "stroke-dasharray": len.toFixed(2) + " " + (C - len).toFixed(2),
        "stroke-dashoffset": (-off).toFixed(2), transform: "rotate(-90 " + cx + " " + cx + ")"
      }));
      off += len;
    });
    var allDenied = denied === n && n > 0;
    root.appendChild(svg("circle", { cx: cx, cy: cx, r: r, fill: "none", stroke: "#1d1d1d",
                                     "stroke-width": allDenied ? 2.5 : 1.5,
                                     "stroke-dasharray": allDenied ? "4 3" : "none" }));
    root.appendChild(svg("circle", { cx: cx, cy: cx, r: Math.max(1, r - w), fill: "none", stroke: "#1d1d1d",
                                     "stroke-width": 0.8 }));
    var t = svg("text", { x: cx, y: cx, "text-anchor": "middle", "dominant-baseline": "central",
                          "class": "bm-donut-n", "font-size": Math.max(11, Math.min(16, r * 0.62)) });
    t.textContent = String(n);
    root.appendChild(t);
    return { node: root, size: size };
  }

  function markerIcon(ids, r, cls, group) {
    var d = donutSvg(ids, r, { group: group });
    var wrap = el("div", "bm-marker-inner");
    wrap.appendChild(d.node);
    return L.divIcon({ className: "bm-marker " + cls, html: wrap, iconSize: [d.size, d.size] });
  }

  function popupFor(pi) {
    var p = S.data.places[pi], ids = visibleOf(p.claims);
    var box = el("div", "bm-popup");
    add(box, "div", "bm-pop-head", p.place);
    var hidden = p.claims.length - ids.length;
    var sub = plural(ids.length, "claim") + ", newest first" +
      (hidden ? " \u00b7 " + hidden + " hidden by the layer or date filters" : "");
    add(box, "div", "bm-pop-sub", sub);
    var chips = add(box, "div", "bm-chips");
    var counts = {};
    ids.forEach(function (ci) { var l = S.data.claims[ci].layer; counts[l] = (counts[l] || 0) + 1; });
    Object.keys(counts).map(Number).sort(function (a, b) { return a - b; }).forEach(function (l) {
      var chip = add(chips, "span", "bm-chip");
      chip.appendChild(swatch(S.data.layers[l].color));
      chip.appendChild(document.createTextNode(S.data.layers[l].title + " " + counts[l]));
    });
    var list = add(box, "ol", "bm-claims");
    ids.forEach(function (ci) { list.appendChild(claimItem(S.data.claims[ci], false)); });
    return box;
  }

  var POPUP = { maxWidth: 500, minWidth: 340, className: "bm-leaflet-popup",
                autoPanPaddingTopLeft: [40, 250], autoPanPaddingBottomRight: [40, 150] };

  function openPopup(pi, latlng) {
    S.popupPlace = pi;
    L.popup(POPUP).setLatLng(latlng || L.latLng(S.data.places[pi].lat, S.data.places[pi].lon))
      .setContent(popupFor(pi)).openOn(S.map);
  }

  function tipFor(names, n) {
    var tip = el("div", "bm-tip");
    add(tip, "strong", null, names[0]);
    if (names.length > 1) { add(tip, "span", null, " + " + plural(names.length - 1, "place") + " nearby"); }
    add(tip, "div", "bm-tip-layer", plural(n, "claim") + (names.length > 1 ? " \u00b7 click to spread out" : ""));
    return tip;
  }

  /* Greedy clustering in screen space: biggest places first; a place whose
     disc would overlap a group's disc joins it. */
  function clusters(entries) {
    var out = [];
    entries.sort(function (a, b) { return b.ids.length - a.ids.length || a.pi - b.pi; });
    entries.forEach(function (e) {
      var hit = null;
      for (var i = 0; i < out.length && !hit; i++) {
        if (out[i].pt.distanceTo(e.pt) < out[i].r + e.r - 2) { hit = out[i]; }
      }
      if (!hit) { out.push({ pt: e.pt, ll: e.ll, r: e.r, members: [e] }); return; }
      hit.members.push(e);
      var n = hit.members.reduce(function (s, m) { return s + m.ids.length; }, 0);
      hit.r = Math.max(hit.r, radius(n) * 0.85);
    });
    return out;
  }

  function stepSets() {
    var st = S.step >= 0 ? S.data.story.steps[S.step] : null;
    var places = {}, routes = {};
    if (st) {
      st.places.forEach(function (p) { places[p] = true; });
      st.routes.forEach(function (r) { routes[r] = true; });
    }
    return { on: !!st, places: places, routes: routes };
  }

  function drawPlaces() {
    var map = S.map, g = groups.places, lab = groups.labels, hl = stepSets();
    lab.clearLayers();
    beginReuse(placeStore);
    var entries = [];
    S.data.places.forEach(function (p, pi) {
      var ids = visibleOf(p.claims);
      if (!ids.length && !hl.places[pi]) { return; }
      if (!ids.length) { ids = p.claims.slice(); }
      var ll = L.latLng(p.lat, p.lon);
      entries.push({ pi: pi, ids: ids, ll: ll, pt: map.latLngToLayerPoint(ll), r: radius(ids.length) });
    });
    var labels = [];
    clusters(entries).forEach(function (cl) {
      var lit = cl.members.some(function (m) { return hl.places[m.pi]; });
      // a story step spreads any group holding one of its places
      var isSpider = cl.members.length > 1 &&
        ((S.spider && S.spider.key === cl.members[0].pi) || (hl.on && lit));
      var cls = hl.on ? (lit ? "bm-lit" : "bm-dim") : "";
      if (cl.members.length === 1 || isSpider) {
        var ring = cl.members.length > 1 ? spiderRing(cl) : null;
        cl.members.forEach(function (m, k) {
          var at = m.ll;
          if (ring) {
            at = map.layerPointToLatLng(ring.pts[k]);
            var lk = "l" + m.pi + "@" + at.lat.toFixed(5) + "," + at.lng.toFixed(5);
            reuse(g, placeStore, lk, function () {
              return L.layerGroup([
                L.polyline([m.ll, at], { color: "#1d1d1d", weight: 1.5, opacity: 0.9,
                                         interactive: false, className: "bm-leader" }),
                L.circleMarker(m.ll, { radius: 3, color: "#1d1d1d", weight: 1, fillColor: "#1d1d1d",
                                       fillOpacity: 1, interactive: false })]);
            });
          }
          var mcls = hl.on ? (hl.places[m.pi] ? "bm-lit" : "bm-dim") : "";
          var key = "p" + m.pi + "|" + signature(m.ids) + "|" + mcls + "@" + at.lat.toFixed(5) + "," + at.lng.toFixed(5);
          reuse(g, placeStore, key, function () {
            var mk = L.marker(at, { icon: markerIcon(m.ids, m.r, mcls, false), riseOnHover: true,
                                    keyboard: true, title: "" });
            mk.bmPlace = m.pi;
            mk.bindTooltip(tipFor([S.data.places[m.pi].place], m.ids.length),
                           { direction: "top", offset: [0, -m.r], className: "bm-tooltip" });
            mk.on("click", function () { openPopup(m.pi, at); });
            return mk;
          });
          labels.push({ ll: at, r: m.r, text: S.data.places[m.pi].place, w: m.ids.length, lit: !!hl.places[m.pi] });
        });
        return;
      }
      var all = [];
      cl.members.forEach(function (m) { all = all.concat(m.ids); });
      var names = cl.members.map(function (m) { return S.data.places[m.pi].place; });
      var members = cl.members.map(function (m) { return m.pi; });
      var gkey = "g" + members.join(",") + "|" + signature(all) + "|" + cls + "|" + cl.r;
      reuse(g, placeStore, gkey, function () {
        var gm = L.marker(cl.ll, { icon: markerIcon(all, cl.r, cls + " bm-group", true), riseOnHover: true });
        gm.bmGroup = members;
        gm.bindTooltip(tipFor(names, all.length), { direction: "top", offset: [0, -cl.r], className: "bm-tooltip" });
        gm.on("click", function () {
          S.spider = { key: members[0], zoom: map.getZoom() };
          map.closePopup();
          drawPlaces();
        });
        return gm;
      });
      labels.push({ ll: cl.ll, r: cl.r + 3, text: names[0] + " +" + (names.length - 1), w: all.length, lit: lit });
    });
    endReuse(g, placeStore);
    var tl = performance.now();
    drawLabels(labels.concat(S.routeLabels || []));
    S.labelMs = Math.round(performance.now() - tl);
  }

  /* Spread a group's places on a ring around its anchor: just wide enough
     that the discs do not overlap, never more than ~120 px. */
  function spiderRing(cl) {
    var k = cl.members.length, maxR = 0;
    cl.members.forEach(function (m) { maxR = Math.max(maxR, m.r); });
    var ring = Math.min(120, Math.max(cl.r + maxR + 6, (2 * maxR + 4) / (2 * Math.sin(Math.PI / k))));
    var pts = cl.members.map(function (m, i) {
      var ang = -Math.PI / 2 + 2 * Math.PI * i / k;
      return cl.pt.add(L.point(ring * Math.cos(ang), ring * Math.sin(ang)));
    });
    return { pts: pts, reach: ring };
  }

  function drawLabels(items) {
    var lab = groups.labels;
    // lit first, then places before routes, then by weight
    items.sort(function (a, b) { return (b.lit - a.lit) || ((a.route ? 1 : 0) - (b.route ? 1 : 0)) || (b.w - a.w); });
    var view = S.map.getBounds().pad(0.05);
    items = items.filter(function (it) { return view.contains(it.ll); }).slice(0, 150);
    var made = [];
    items.forEach(function (it) {
      var span = el("span", (it.cls || "") + (it.lit ? " bm-lit-label" : ""), it.text);
      var icon = L.divIcon({ className: "bm-label", html: span, iconSize: null, iconAnchor: [-(it.r + 6), 11] });
      var mk = L.marker(it.ll, { icon: icon, interactive: false, keyboard: false });
      mk.bmLit = it.lit;
      lab.addLayer(mk);
      made.push(mk);
    });
    declutter(made);
  }

  /* Most important labels first; one that overlaps a kept label, a marker
     or a panel is hidden. */
  function declutter(markers) {
    // read every box first, then write: interleaving would force a layout per label
    var blocks = Array.prototype.map.call(
      document.querySelectorAll(".leaflet-control, .bm-story:not([hidden])"),
      function (c) { return c.getBoundingClientRect(); });
    var discs = Array.prototype.map.call(
      document.querySelectorAll(".bm-marker .bm-donut"), function (c) { return c.getBoundingClientRect(); });
    var size = S.map.getSize();
    var items = markers.map(function (mk) {
      var node = mk.getElement();
      return { mk: mk, node: node, r: node && node.firstChild ? node.firstChild.getBoundingClientRect() : null };
    });
    function hit(r, o) { return r.left < o.right && r.right > o.left && r.top < o.bottom && r.bottom > o.top; }
    var kept = [], hide = [];
    items.forEach(function (it) {
      if (!it.r) { return; }
      var r = it.r;
      if (r.right < 0 || r.bottom < 0 || r.left > size.x || r.top > size.y) { hide.push(it.node); return; }
      var clash = blocks.some(function (o) { return hit(r, o); }) ||
        kept.some(function (o) { return hit(r, o); }) ||
        (!it.mk.bmLit && discs.some(function (o) { return hit(r, o); }));
      if (clash) { hide.push(it.node); } else { kept.push(r); }
    });
    hide.forEach(function (node) { node.style.visibility = "hidden"; });
  }

  // ----------------------------------------------------------------- routes
  function arrowIcon(color, angle) {
    var root = svg("svg", { width: 24, height: 24, viewBox: "-12 -12 24 24" });
    root.appendChild(svg("path", { d: "M-8,-7 L9,0 L-8,7 L-3,0 Z", fill: color, stroke: "#1d1d1d", "stroke-width": 1.2,
                                   transform: "rotate(" + angle.toFixed(1) + ")" }));
    return L.divIcon({ className: "bm-arrow-icon", html: root, iconSize: [24, 24] });
  }

  function routePopup(ri, ids) {
    var r = S.data.routes[ri];
    var box = el("div", "bm-popup");
    add(box, "div", "bm-pop-head", routeName(r));
    add(box, "div", "bm-pop-sub", r.relation ? plural(ids.length, "finding") + " between them, no place of their own, newest first"
                                              : plural(ids.length, "visit") + ", newest first \u00b7 great-circle route");
    var list = add(box, "ol", "bm-claims");
    ids.forEach(function (ci) { list.appendChild(claimItem(S.data.claims[ci], false)); });
    return box;
  }

  function drawRoutes() {
    var map = S.map, g = groups.routes, hl = stepSets();
    beginReuse(routeStore);
    S.routeLabels = [];
    var shown = [];
    S.data.routes.forEach(function (r, ri) {
      var ids = visibleOf(r.claims);
      if (!ids.length && !hl.routes[ri]) { return; }
      shown.push({ ri: ri, ids: ids.length ? ids : r.claims.slice() });
    });
    var halo = shown.length <= 200;   // white casings only while they cannot swamp the map
    // hundreds of arcs draw far faster on one canvas than as SVG paths
    if (shown.length > 100 && !S.canvas) { S.canvas = L.canvas({ padding: 0.2 }); }
    var renderer = shown.length > 100 ? S.canvas : undefined;
    shown.forEach(function (sr) {
      var ri = sr.ri, ids = sr.ids, r = S.data.routes[ri];
      var lit = !!hl.routes[ri], dim = hl.on && !lit;
      var longest = r.segments[0];
      r.segments.forEach(function (seg) { if (seg.length > longest.length) { longest = seg; } });
      var key = ri + "|" + signature(ids) + "|" + ids[0] + "|" + lit + "|" + dim + "|" + halo + "|" + !!renderer;
      reuse(g, routeStore, key, function () { return routeLayers(ri, ids, lit, dim, halo, longest, renderer); });
      if (!dim && (!r.relation || lit)) {
        var text = r.relation ? routeName(r) + ": " + plural(ids.length, "finding") : ids.slice(0, 2).map(function (ci) {
          var v = S.data.claims[ci];
          var leg = v.trip && v.trip.stops.length > 2 ? " (leg " + v.trip.leg + "/" + (v.trip.stops.length - 1) + ")" : "";
          return (v.visitor || "Visitor").split(",")[0] + leg + (v.event_date ? ", " + v.event_date : "");
        }).join("; ") + (ids.length > 2 ? " +" + (ids.length - 2) : "");
        var q = longest[Math.max(0, Math.round(longest.length * 0.42))];
        S.routeLabels.push({ ll: L.latLng(q[0], q[1]), r: 4, text: text, w: lit ? 1e6 : ids.length, lit: lit,
                             cls: "bm-route-label", route: true });
      }
    });
    endReuse(g, routeStore);
  }

  /* One route: casing, line (popup + tooltip), arrow 60% along the longest
     piece (direction in Mercator, zoom-invariant), origin and destination dots. */
  function routeLayers(ri, ids, lit, dim, halo, longestSeg, renderer) {
    var map = S.map, r = S.data.routes[ri], out = L.layerGroup();
    out.bmRoute = ri;
    var color = S.data.layers[S.data.claims[ids[0]].layer].color;
    // a relation is context for the places, not an event: a thin line under the visits
    var weight = r.relation ? 2 + (lit ? 1 : 0) : Math.min(8, 3 + (ids.length - 1)) + (lit ? 2 : 0);
    if (r.relation) { halo = false; }
    var denied = ids.every(function (ci) { return S.data.claims[ci].status === "denied"; });
    r.segments.forEach(function (seg) {
      var pts = seg.map(function (q) { return L.latLng(q[0], q[1]); });
      if (halo) {
        out.addLayer(L.polyline(pts, { color: "#ffffff", weight: weight + 4, opacity: dim ? 0.3 : 0.85,
                                       interactive: false, lineCap: "round", renderer: renderer }));
      }
      var line = L.polyline(pts, { color: color, weight: weight, opacity: dim ? 0.25 : (r.relation ? 0.7 : 0.95),
                                   dashArray: r.relation ? "2 7" : (denied ? "8 6" : null), lineCap: "round", renderer: renderer,
                                   className: lit ? "bm-route bm-lit-route" : "bm-route" });
      line.bindPopup(function () { return routePopup(ri, ids); }, POPUP);
      var tip = el("div", "bm-tip");
      add(tip, "strong", null, routeName(r));
      ids.slice(0, 5).forEach(function (ci) {
        var v = S.data.claims[ci];
        add(tip, "div", null, r.relation ? v.claim.slice(0, 90) + (v.claim.length > 90 ? "\u2026" : "")
                                         : (v.visitor || "Unnamed visitor") + (v.event_date ? " \u00b7 " + v.event_date : ""));
      });
      if (ids.length > 5) { add(tip, "div", "bm-tip-layer", "+" + (ids.length - 5) + " more"); }
      line.bindTooltip(tip, { sticky: true, className: "bm-tooltip" });
      out.addLayer(line);
    });
    var longest = longestSeg.map(function (q) { return L.latLng(q[0], q[1]); });
    var i = Math.max(0, Math.min(Math.round(longest.length * 0.6), longest.length - 1));
    var a = map.project(longest[Math.max(0, i - 1)], 0);
    var b = map.project(longest[Math.min(longest.length - 1, i + 1)], 0);
    var angle = Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI;
    if (!r.relation) {
      out.addLayer(L.marker(longest[i], { icon: arrowIcon(color, angle), interactive: false, keyboard: false,
                                           opacity: dim ? 0.3 : 1 }));
    }
    if (r.relation) { return out; }     // its ends are places with markers of their own
    var first = r.segments[0][0], lastSeg = r.segments[r.segments.length - 1];
    out.addLayer(L.circleMarker(first, { radius: 4, color: color, weight: 2, fillColor: "#ffffff",
                                         fillOpacity: 1, interactive: false, renderer: renderer }));
    out.addLayer(L.circleMarker(lastSeg[lastSeg.length - 1], { radius: 4, color: "#1d1d1d", weight: 1,
                                                               fillColor: color, fillOpacity: 1, interactive: false,
                                                               renderer: renderer }));
    return out;
  }

  // -------------------------------------------------------------- distances
  function distances(map, group, list) {
    var stacked = {};
    list.forEach(function (d) {
      if (d.ring.length) {
        group.addLayer(L.polyline(d.ring, { color: "#1d1d1d", weight: 2, dashArray: "6 5", opacity: 0.9,
                                            interactive: false }));
      }
      var line = L.polyline(d.line, { color: "#1d1d1d", weight: 3, opacity: 0.95 });
      var tip = el("div", "bm-tip");
      add(tip, "strong", null, d.label);
      line.bindTooltip(tip, { sticky: true, className: "bm-tooltip" });
      group.addLayer(line);
      group.addLayer(L.circleMarker(d.line[d.line.length - 1], { radius: 4, color: "#1d1d1d", weight: 2,
                                                                 fillColor: "#ffffff", fillOpacity: 1,
                                                                 interactive: false }));
      // label beside the measured end (several distances to one coast stack)
      var end = d.line[d.line.length - 1], key = end[0] + "," + end[1];
      var k = stacked[key] = (stacked[key] || 0) + 1;
      var span = el("span", "bm-dist-label", d.label);
      var mk = L.marker(end, { icon: L.divIcon({ className: "bm-label bm-dist", html: span, iconSize: null,
                                                 iconAnchor: [-12, 34 * k - 4] }),
                               interactive: false, keyboard: false });
      mk.bmDistance = true;
      group.addLayer(mk);
    });
    function zoomCheck() {
      var show = map.getZoom() >= 5;
      var story = document.getElementById("bm-story");
      var right = map.getSize().x - (story && !story.hidden ? story.offsetWidth + 20 : 380);
      group.eachLayer(function (l) {
        var node = l.bmDistance && l.getElement();
        if (!node) { return; }
        node.style.display = show ? "" : "none";
        // text runs left of its point when it would run under the right-hand panels
        var x = map.latLngToContainerPoint(l.getLatLng()).x;
        node.classList.toggle("bm-dist-left", x + node.firstChild.offsetWidth + 20 > right);
      });
    }
    map.on("zoomend moveend overlayadd", zoomCheck);
    S.distanceCheck = zoomCheck;
  }

  // --------------------------------------------------------------- timeline
  function timeline() {
    var T = S.data.time, from = document.getElementById("bm-tl-from"), to = document.getElementById("bm-tl-to");
    var und = document.getElementById("bm-tl-undated");
    if (!from || !to) { return; }
    S.from = T.min; S.to = T.max;
    var hist = document.getElementById("bm-tl-hist"), bins = {}, peak = 1;
    S.data.claims.forEach(function (c) {
      if (!c.t) { return; }
      var y = Math.max(T.min, Math.min(T.max, parseInt(c.t.slice(0, 4), 10)));
      bins[y] = (bins[y] || 0) + 1;
      peak = Math.max(peak, bins[y]);
    });
    var span = Math.max(1, T.max - T.min + 1);
    for (var y = T.min; y <= T.max; y++) {
      var bar = add(hist, "span", "bm-tl-bar");
      bar.style.height = bins[y] ? Math.max(3, Math.round(40 * Math.sqrt(bins[y] / peak))) + "px" : "0";
      bar.style.width = (100 / span) + "%";
      bar.dataset.year = String(y);
      bar.title = y + ": " + (bins[y] || 0);
    }
    function onInput() {
      var a = parseInt(from.value, 10), b = parseInt(to.value, 10);
      if (a > b) { if (this === from) { to.value = String(a); b = a; } else { from.value = String(b); a = b; } }
      S.from = a; S.to = b; S.undated = und.checked;
      refresh();
    }
    from.addEventListener("input", onInput);
    to.addEventListener("input", onInput);
    und.addEventListener("change", onInput);
    L.DomEvent.disableClickPropagation(document.getElementById("bm-timeline"));
  }

  function setTime(a, b, undated) {
    var from = document.getElementById("bm-tl-from"), to = document.getElementById("bm-tl-to");
    var T = S.data.time;
    S.from = Math.max(T.min, Math.min(T.max, a === null || a === undefined ? T.min : a));
    S.to = Math.max(S.from, Math.min(T.max, b === null || b === undefined ? T.max : b));
    if (undated !== undefined) { S.undated = !!undated; }
    if (from) { from.value = String(S.from); to.value = String(S.to); }
    var und = document.getElementById("bm-tl-undated");
    if (und) { und.checked = S.undated; }
    refresh();
  }

  function updateReadout() {
    var T = S.data.time, range = document.getElementById("bm-tl-range"), cnt = document.getElementById("bm-tl-count");
    if (!range) { return; }
    var lo = S.from <= T.min ? (T.earliest < T.min ? "\u2264" + T.min : T.min) : S.from;
    var hi = S.to >= T.max ? "today" : S.to;
    range.textContent = lo + " \u2013 " + hi;
    var n = visibleCount(), routes = 0;
    S.data.routes.forEach(function (r) { if (visibleOf(r.claims).length) { routes++; } });
    cnt.textContent = "showing " + n + " of " + S.data.claims.length + " claims";
    Array.prototype.forEach.call(document.querySelectorAll(".bm-tl-bar"), function (bar) {
      var y = parseInt(bar.dataset.year, 10);
      var inside = (S.from <= T.min || y >= S.from) && (S.to >= T.max || y <= S.to);
      bar.classList.toggle("bm-out", !inside);
    });
  }

  // ----------------------------------------------------------------- search
  function search() {
    var input = document.getElementById("bm-search-input"), out = document.getElementById("bm-search-results");
    if (!input) { return; }
    L.DomEvent.disableClickPropagation(document.getElementById("bm-search"));
    function run() {
      var q = input.value.trim().toLowerCase();
      while (out.firstChild) { out.removeChild(out.firstChild); }
      if (q.length < 2) { out.hidden = true; return; }
      var hits = [];
      S.data.places.forEach(function (p, pi) {
        if (p.place.toLowerCase().indexOf(q) >= 0) { hits.push({ pi: pi, label: p.place, sub: plural(p.claims.length, "claim") }); }
      });
      S.data.claims.forEach(function (c, ci) {
        if (hits.length >= 40) { return; }
        var at = c.claim.toLowerCase().indexOf(q);
        if (at < 0) { return; }
        var start = Math.max(0, at - 40);
        var snip = (start ? "\u2026" : "") + c.claim.slice(start, at + q.length + 60) + "\u2026";
        hits.push({ pi: c.place, ri: c.route, label: claimWhere(c), sub: snip });
      });
      if (!hits.length) { add(out, "li", "bm-search-none", "No place or claim matches"); }
      hits.slice(0, 40).forEach(function (h) {
        var li = add(out, "li", "bm-search-hit");
        var b = add(li, "button", "bm-search-btn");
        b.type = "button";
        add(b, "strong", null, h.label);
        add(b, "span", "bm-search-sub", h.sub);
        b.addEventListener("click", function () { goTo(h); });
      });
      out.hidden = false;
    }
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        var first = out.querySelector("button");
        if (first) { first.click(); }
      } else if (ev.key === "Escape") {
        input.value = ""; run(); input.blur();
      }
    });
    S.runSearch = function (q) { input.value = q; run(); return out.querySelectorAll("li.bm-search-hit").length; };
  }

  function goTo(h) {
    var map = S.map;
    if (h.pi !== undefined) {
      var p = S.data.places[h.pi];
      map.once("moveend", function () { openPopup(h.pi); });
      map.flyTo([p.lat, p.lon], Math.max(map.getZoom(), 6), { duration: 0.8 });
    } else if (h.ri !== undefined) {
      var r = S.data.routes[h.ri];
      map.flyToBounds(L.latLngBounds([r.from, r.to]), { padding: [80, 80], duration: 0.8 });
    }
  }

  // ------------------------------------------------------------------ story
  function showStep(i) {
    var steps = S.data.story.steps, map = S.map;
    if (!steps.length) { return; }
    i = Math.max(0, Math.min(steps.length - 1, i));
    if (S.step < 0) {
      // a story starts from everything: all layers on, the whole timeline
      Object.keys(S.switches).forEach(function (id) {
        if (!map.hasLayer(S.switches[id])) { map.addLayer(S.switches[id]); }
      });
      setTime(null, null, true);
    }
    S.step = i; S.spider = null;
    document.body.classList.add("bm-story-on");
    var st = steps[i], panel = document.getElementById("bm-story");
    panel.hidden = false;
    document.getElementById("bm-step-count").textContent = "Step " + (i + 1) + " of " + steps.length;
    document.getElementById("bm-step-title").textContent = st.title;
    document.getElementById("bm-step-narration").textContent = st.narration;
    var names = st.places.map(function (p) { return S.data.places[p].place; })
      .concat(st.routes.map(function (r) { return routeName(S.data.routes[r]); }));
    document.getElementById("bm-step-sub").textContent = plural(st.claims.length, "claim") + " \u00b7 " + names.join(", ");
    var list = document.getElementById("bm-step-claims");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    // one sentence about several places is listed once, with all its places
    var seen = {}, items = [];
    st.claims.forEach(function (ci) {
      var c = S.data.claims[ci], key = c.doc + "\u0000" + c.claim;
      if (seen[key]) {
        if (seen[key].where.indexOf(claimWhere(c)) < 0) { seen[key].where.push(claimWhere(c)); }
        return;
      }
      seen[key] = { ci: ci, where: [claimWhere(c)] };
      items.push(seen[key]);
    });
    items.forEach(function (it) {
      var li = claimItem(S.data.claims[it.ci], false);
      var where = el("div", "bm-claim-where", it.where.join(" \u00b7 "));
      li.insertBefore(where, li.children[1]);
      list.appendChild(li);
    });
    list.scrollTop = 0;
    document.getElementById("bm-prev").disabled = i === 0;
    document.getElementById("bm-next").disabled = i === steps.length - 1;
    map.closePopup();
    S.moving = true;
    map.invalidateSize({ pan: false });
    var pad = { paddingTopLeft: [80, 170], paddingBottomRight: [panel.offsetWidth + 60, 150], maxZoom: 8 };
    var b = L.latLngBounds(st.bounds);
    map.once("moveend", function () { S.moving = false; refresh(); });
    if (S.instant) { map.fitBounds(b, pad); } else { map.flyToBounds(b, L.extend({ duration: 1.2 }, pad)); }
    refresh();
  }

  function exitStory() {
    if (S.step < 0) { return; }
    S.step = -1;
    document.body.classList.remove("bm-story-on");
    document.getElementById("bm-story").hidden = true;
    S.map.fitBounds(S.bounds, S.fitOptions);
    refresh();
  }

  function keys() {
    document.addEventListener("keydown", function (ev) {
      var t = ev.target;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) { return; }
      if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
      var steps = S.data.story.steps.length;
      if (!steps) { return; }
      var k = ev.key;
      if (k === "ArrowRight" || k === "PageDown" || (k === " " && S.step >= 0)) { showStep(S.step + 1); }
      else if (k === "ArrowLeft" || k === "PageUp") { if (S.step > 0) { showStep(S.step - 1); } else { exitStory(); } }
      else if (k === "Home" && S.step >= 0) { showStep(0); }
      else if (k === "End" && S.step >= 0) { showStep(steps - 1); }
      else if (k === "Escape") { exitStory(); }
      else { return; }
      ev.preventDefault();
    });
    function on(id, fn) {
      var b = document.getElementById(id);
      if (b) { b.addEventListener("click", fn); L.DomEvent.disableClickPropagation(b); }
    }
    on("bm-present", function () { showStep(0); });
    on("bm-next", function () { showStep(S.step + 1); });
    on("bm-prev", function () { showStep(S.step - 1); });
    on("bm-exit", exitStory);
    var panel = document.getElementById("bm-story");
    if (panel) {
      L.DomEvent.disableClickPropagation(panel);
      L.DomEvent.disableScrollPropagation(panel);
    }
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
    var t0 = performance.now();
    drawRoutes();
    var t1 = performance.now();
    drawPlaces();
    var t2 = performance.now();
    updateReadout();
    S.timing = { routes: Math.round(t1 - t0), places: Math.round(t2 - t1), readout: Math.round(performance.now() - t2) };
    if (S.distanceCheck) { S.distanceCheck(); }
    if (S.popupPlace !== null && S.map._popup && S.map.hasLayer(S.map._popup)) {
      S.map._popup.setContent(popupFor(S.popupPlace));
    }
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

  function init(map, data, bounds, fitOptions) {
    S.map = map; S.data = data; S.bounds = bounds; S.fitOptions = fitOptions;
    var story = document.getElementById("bm-story");
    if (story) { map.getContainer().appendChild(story); }
    groups.routes = L.featureGroup().addTo(map);
    groups.places = L.featureGroup().addTo(map);
    groups.labels = L.layerGroup().addTo(map);
    map.fitBounds(bounds, fitOptions);
    timeline();
    search();
    keys();
    map.on("zoomend", function () {
      if (S.spider && S.spider.zoom !== map.getZoom()) { S.spider = null; }
      if (!S.moving) { refresh(); }
    });
    map.on("overlayadd overlayremove", function () { refresh(); });
    map.on("click", function () { if (S.spider) { S.spider = null; refresh(); } });
    map.on("popupclose", function () { S.popupPlace = null; });
    // print-to-PDF: the list of sources printed open, the map re-measured
    var sources = document.getElementById("bm-sources"), wasOpen = false;
    window.addEventListener("beforeprint", function () {
      if (sources) { wasOpen = sources.open; sources.open = true; }
      map.invalidateSize({ pan: false });
      refresh();
    });
    window.addEventListener("afterprint", function () {
      if (sources) { sources.open = wasOpen; }
      map.invalidateSize({ pan: false });
      refresh();
    });
    refreshNow();
    S.ready = true;
    window.BRIEFMAP_READY_MS = Math.round(performance.now());
    document.documentElement.setAttribute("data-briefmap-ready", "1");
  }

  // For tests, slides and the console.
  var api = {
    ready: function () { return S.ready; },
    timing: function () { return [S.timing, S.labelMs]; },
    visibleCount: visibleCount,
    totalCount: function () { return S.data.claims.length; },
    markers: function () {
      var out = [];
      groups.places.eachLayer(function (l) {
        if (l.bmPlace !== undefined) { out.push({ place: S.data.places[l.bmPlace].place, group: false }); }
        if (l.bmGroup) { out.push({ place: l.bmGroup.map(function (p) { return S.data.places[p].place; }).join("|"), group: true }); }
      });
      return out;
    },
    routes: function () {
      var seen = {}, n = 0;
      groups.routes.eachLayer(function (l) { if (l.bmRoute !== undefined && !seen[l.bmRoute]) { seen[l.bmRoute] = 1; n++; } });
      return n;
    },
    openPlace: function (name) {
      for (var i = 0; i < S.data.places.length; i++) {
        if (S.data.places[i].place === name) { openPopup(i); return true; }
      }
      return false;
    },
    openRoute: function (destination) {
      var done = false;
      groups.routes.eachLayer(function (g) {
        if (done || g.bmRoute === undefined || S.data.routes[g.bmRoute].destination !== destination) { return; }
        g.eachLayer(function (l) {
          if (!done && l.getPopup && l.getPopup()) { l.openPopup(); done = true; }
        });
      });
      return done;
    },
    setTime: setTime,
    search: function (q) { return S.runSearch ? S.runSearch(q) : 0; },
    story: {
      count: function () { return S.data.story.steps.length; },
      current: function () { return S.step; },
      go: function (i, instant) { S.instant = !!instant; showStep(i); S.instant = false; },
      next: function () { showStep(S.step + 1); },
      prev: function () { showStep(S.step - 1); },
      exit: exitStory,
      settled: function () { return !S.moving; }
    },
    overview: function () {
      exitStory(); S.map.closePopup(); S.spider = null;
      S.map.fitBounds(S.bounds, S.fitOptions); refresh();
    }
  };

  return { init: init, layer: layer, panel: panel, distances: distances, isHttp: isHttp, api: api };
})();
