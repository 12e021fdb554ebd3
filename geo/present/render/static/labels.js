/* Labels: names of places and routes, placed so they overlap nothing.
 *
 * A story step's places are always labelled: each tries eight positions
 * around its marker, then callouts further out with a leader line back to
 * the marker, and keeps the first box that stays on the map and clear of the
 * panels, the markers and the labels already placed (when none is clear, the
 * one that overlaps least). Other labels take the right or left side of their
 * marker, or a corner touching it, the first that is free, and are left out
 * otherwise (with only the two sides, a port between a country's tag and its
 * neighbours' markers went unnamed at 1280 x 720; a label centred below its
 * marker read as the name of the marker beside it).
 *
 * One pass reads every label's size, then positions are computed in memory
 * and written at once (no layout per label).
 */
BRIEFMAP.module("labels", function (B) {
  "use strict";
  var S = B.S;
  var MARK_TEXT = { denied: "denied", disputed: "disputed" };

  function hit(a, b) { return a.l < b.r && a.r > b.l && a.t < b.b && a.b > b.t; }
  function area(a, b) {
    var w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
    return w > 0 && h > 0 ? w * h : 0;
  }
  function box(x, y, w, h) { return { l: x, t: y, r: x + w, b: y + h }; }

  /* Candidate label boxes around point p (container px) for a w x h label:
     beside the marker first, then (callouts) further out in eight directions. */
  function candidates(p, r, w, h, lit, route) {
    var g = 6 * Math.max(1, B.unit()), out = [];
    out.push({ x: p.x + r + g, y: p.y - h / 2 });              // right
    out.push({ x: p.x - r - g - w, y: p.y - h / 2 });          // left
    // the corners, the box's nearest corner just off the disc's edge (0.71 r is the edge on the diagonal)
    var d = r * 0.71 + g * 0.4;
    out.push({ x: p.x + d, y: p.y + d });
    out.push({ x: p.x + d, y: p.y - d - h });
    out.push({ x: p.x - d - w, y: p.y + d });
    out.push({ x: p.x - d - w, y: p.y - d - h });
    if (!lit && !route) { return out; }
    out.push({ x: p.x - w / 2, y: p.y - r - g - h });          // above
    out.push({ x: p.x - w / 2, y: p.y + r + g });              // below
    if (!lit) { return out; }
    var u = Math.max(0.6, B.unit());
    [50, 95, 150, 220].forEach(function (d) {
      d *= u;
      for (var k = 0; k < 8; k++) {
        var a = -Math.PI / 2 + k * Math.PI / 4 + (d > 100 * u ? Math.PI / 8 : 0);
        var cx = p.x + Math.cos(a) * (r + d), cy = p.y + Math.sin(a) * (r + d);
        // the box sits on the far side of (cx, cy) from the marker
        out.push({ x: Math.cos(a) < -0.3 ? cx - w : (Math.cos(a) > 0.3 ? cx : cx - w / 2),
                   y: Math.sin(a) < -0.3 ? cy - h : (Math.sin(a) > 0.3 ? cy : cy - h / 2), callout: true });
      }
    });
    return out;
  }

  function leader(wrap, p0, r, b) {
    // from the disc's edge towards the label to the nearest point of its box
    var qx = Math.max(b.l, Math.min(0, b.r)), qy = Math.max(b.t, Math.min(0, b.b));
    var len = Math.sqrt(qx * qx + qy * qy) || 1;
    var sx = qx / len * r, sy = qy / len * r;
    var root = B.svg("svg", { "class": "bm-callout", width: 1, height: 1 });
    root.appendChild(B.svg("line", { x1: sx, y1: sy, x2: qx, y2: qy, stroke: "#ffffff", "stroke-width": 5,
                                     "stroke-linecap": "round" }));
    root.appendChild(B.svg("line", { x1: sx, y1: sy, x2: qx, y2: qy, stroke: "#1d1d1d", "stroke-width": 2,
                                     "stroke-linecap": "round" }));
    wrap.insertBefore(root, wrap.firstChild);
  }

  /* The basemap's city names give way to every label and marker of ours. */
  function hideCities(kept, panels, discsNear, origin) {
    var cities = document.querySelectorAll(".bm-z6 .bm-city");
    // all writes, then all reads: one layout, not one per city
    Array.prototype.forEach.call(cities, function (c) { c.classList.remove("bm-city-hidden"); });
    var boxes = Array.prototype.map.call(cities, function (c) {
      var r = c.getBoundingClientRect(), t = c.firstChild ? c.firstChild.getBoundingClientRect() : r;
      return { l: r.left - origin.left, t: Math.min(r.top, t.top) - origin.top,
               r: Math.max(r.right, t.right) - origin.left, b: Math.max(r.bottom, t.bottom) - origin.top };
    });
    boxes.forEach(function (b, i) {
      var clash = kept.some(function (o) { return hit(b, o); }) || panels.some(function (o) { return hit(b, o); }) ||
        discsNear(b).some(function (o) { return hit(b, o); });
      if (clash) { cities[i].classList.add("bm-city-hidden"); }
    });
  }

  function drawLabels() {
    var map = S.map, lab = B.groups.labels;
    lab.clearLayers();
    var t0 = performance.now();
    var places = S.placeLabels || [], items = places.concat(S.routeLabels || []);
    // lit first, then places before routes, then by weight
    items.sort(function (a, b) { return (b.lit - a.lit) || ((a.route ? 1 : 0) - (b.route ? 1 : 0)) || (b.w - a.w); });
    var view = map.getBounds().pad(0.05);
    // a trip's end is named once, and not again beside a step place of that name
    var named = {};
    items.forEach(function (it) { if (it.lit && !it.endpoint && !it.route) { named[it.text] = true; } });
    items = items.filter(function (it) {
      if (!it.endpoint) { return true; }
      if (named[it.text]) { return false; }
      named[it.text] = true;
      return true;
    });
    // a story step names only its own places and routes: the rest stays quiet
    var story = S.step >= 0;
    items = items.filter(function (it) { return it.lit || (!story && view.contains(it.ll)); }).slice(0, 150);
    var size = map.getSize(), origin = map.getContainer().getBoundingClientRect();
    // write: every label at the origin of its point, hidden until placed
    var made = items.map(function (it) {
      var wrap = B.el("div", "bm-label-wrap");
      var span = B.add(wrap, "span", (it.cls || "bm-place-label") + (it.lit ? " bm-lit-label" : ""));
      span.appendChild(document.createTextNode(it.text));
      if (it.mark) { B.add(span, "span", "bm-label-mark bm-mark-" + it.mark, MARK_TEXT[it.mark]); }
      var mk = L.marker(it.ll, { icon: L.divIcon({ className: "bm-label", html: wrap, iconSize: [0, 0], iconAnchor: [0, 0] }),
                                 interactive: false, keyboard: false, zIndexOffset: it.lit ? 2000 : -1000 });
      mk.bmLit = it.lit;
      mk.bmPlace = it.place;
      lab.addLayer(mk);
      return { it: it, wrap: wrap, span: span, mk: mk };
    });
    var t1 = performance.now();
    // read: sizes, panels
    made.forEach(function (m) { m.w = m.span.offsetWidth; m.h = m.span.offsetHeight; });
    var panels = B.panelRects().map(function (c) {
      return { l: c.left - origin.left, t: c.top - origin.top, r: c.right - origin.left, b: c.bottom - origin.top };
    });
    // markers in a grid of 64 px cells, so a label only meets the discs near it
    var CELL = 64, grid = {};
    places.forEach(function (d) {
      var p = map.latLngToContainerPoint(d.ll);
      var o = { l: p.x - d.r, t: p.y - d.r, r: p.x + d.r, b: p.y + d.r, ll: d.ll };
      for (var gx = Math.floor(o.l / CELL); gx <= Math.floor(o.r / CELL); gx++) {
        for (var gy = Math.floor(o.t / CELL); gy <= Math.floor(o.b / CELL); gy++) {
          (grid[gx + "," + gy] = grid[gx + "," + gy] || []).push(o);
        }
      }
    });
    function discsNear(b) {
      var out = [], seen = [];
      for (var gx = Math.floor(b.l / CELL); gx <= Math.floor(b.r / CELL); gx++) {
        for (var gy = Math.floor(b.t / CELL); gy <= Math.floor(b.b / CELL); gy++) {
          (grid[gx + "," + gy] || []).forEach(function (o) { if (seen.indexOf(o) < 0) { seen.push(o); out.push(o); } });
        }
      }
      return out;
    }
    var t2 = performance.now();
    var edge = { l: 4, t: 4, r: size.x - 4, b: size.y - 4 };
    var kept = (S.tagBoxes || []).slice();     // countries' tags are placed first (countries.js)
    made.forEach(function (m) {
      var it = m.it, p = map.latLngToContainerPoint(it.ll), best = null, bestCost = Infinity;
      var cands = candidates(p, it.r, m.w, m.h, it.lit, it.route);
      for (var i = 0; i < cands.length; i++) {
        var c = cands[i], b = box(c.x, c.y, m.w, m.h), cost = 0;
        var inside = b.l >= edge.l && b.t >= edge.t && b.r <= edge.r && b.b <= edge.b;
        if (!inside) { cost += 1e7; }
        panels.forEach(function (o) { cost += 50 * area(b, o); });
        kept.forEach(function (o) { cost += 20 * area(b, o); });
        discsNear(b).forEach(function (o) { if (o.ll !== it.ll) { cost += (it.lit ? 5 : 1) * area(b, o); } });
        if (cost === 0) { best = { c: c, b: b }; break; }
        if (it.lit && cost < bestCost) { bestCost = cost; best = { c: c, b: b }; }
      }
      if (!best) { m.wrap.style.display = "none"; m.placed = false; return; }
      kept.push(best.b);
      m.placed = true;
      m.box = best.b;
      m.span.style.left = (best.c.x - p.x).toFixed(1) + "px";
      m.span.style.top = (best.c.y - p.y).toFixed(1) + "px";
      if (best.c.callout) {
        leader(m.wrap, p, it.r, { l: best.b.l - p.x, t: best.b.t - p.y, r: best.b.r - p.x, b: best.b.b - p.y });
      }
    });
    hideCities(kept, panels, discsNear, origin);
    S.labelMs = [Math.round(t1 - t0), Math.round(t2 - t1), Math.round(performance.now() - t2)];
  }

  B.onDraw("labels", 30, drawLabels);
  B.api.labelMs = function () { return S.labelMs; };
  /* Every story place's label: its text, box and whether it is on screen, clear of panels. */
  B.api.labels = function () {
    var out = [];
    B.groups.labels.eachLayer(function (mk) {
      var node = mk.getElement(), span = node && node.querySelector("span");
      if (!span) { return; }
      var r = span.getBoundingClientRect(), st = window.getComputedStyle(span);
      out.push({ text: span.textContent, lit: !!mk.bmLit, shown: node.querySelector(".bm-label-wrap").style.display !== "none",
                 box: [r.left, r.top, r.width, r.height], fontSize: parseFloat(st.fontSize),
                 callout: !!node.querySelector(".bm-callout") });
    });
    // a whole country's tag is its label
    (B.api.areas ? B.api.areas() : []).forEach(function (a) {
      out.push({ text: a.place, lit: a.lit, shown: true, box: a.box, fontSize: a.fontSize, callout: !a.inside, area: true });
    });
    return out;
  };
  return {};
});
