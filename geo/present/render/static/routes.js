/* Routes: visits as great-circle arcs (origin -> destination, cut at the
 * antimeridian by the Python side) and relations between actors as thin
 * dotted links. A route's popup lists its visits; its label names the
 * visitors.
 */
BRIEFMAP.module("routes", function (B) {
  "use strict";
  var S = B.S, el = B.el, add = B.add, plural = B.plural;
  var store = {};

  function arrowIcon(color, angle) {
    var root = B.svg("svg", { width: 24, height: 24, viewBox: "-12 -12 24 24" });
    root.appendChild(B.svg("path", { d: "M-8,-7 L9,0 L-8,7 L-3,0 Z", fill: color, stroke: "#1d1d1d", "stroke-width": 1.2,
                                     transform: "rotate(" + angle.toFixed(1) + ")" }));
    return L.divIcon({ className: "bm-arrow-icon", html: root, iconSize: [24, 24] });
  }

  /* The popup of a route: its visits (or relations), newest first. Each visit
     is a claim card; the fields a visit carries are listed by B.DETAILS. */
  function routePopup(ri, ids) {
    var r = S.data.routes[ri];
    var box = el("div", "bm-popup");
    add(box, "div", "bm-pop-head", B.routeName(r));
    add(box, "div", "bm-pop-sub", r.relation ? plural(ids.length, "finding") + " between them, no place of their own, newest first"
                                              : plural(ids.length, "visit") + ", newest first \u00b7 great-circle route");
    var list = add(box, "ol", "bm-claims");
    ids.forEach(function (ci) { list.appendChild(B.claimItem(S.data.claims[ci])); });
    return box;
  }

  /* The label of a visit route: its first visitors and dates. */
  function visitLabel(ids) {
    return ids.slice(0, 2).map(function (ci) {
      var v = S.data.claims[ci];
      var leg = v.trip && v.trip.stops.length > 2 ? " (leg " + v.trip.leg + "/" + (v.trip.stops.length - 1) + ")" : "";
      return (v.visitor || "Visitor").split(",")[0] + leg + (v.event_date ? ", " + v.event_date : "");
    }).join("; ") + (ids.length > 2 ? " +" + (ids.length - 2) : "");
  }

  /* Whether a [lat, lon] point is on the map and clear of the panels (container px, with a margin). */
  function viewTest() {
    var map = S.map, size = map.getSize(), origin = map.getContainer().getBoundingClientRect(), m = 30;
    var panels = B.panelRects().map(function (c) {
      return { l: c.left - origin.left, t: c.top - origin.top, r: c.right - origin.left, b: c.bottom - origin.top };
    });
    return function (q) {
      var p = map.latLngToContainerPoint(q);
      if (p.x < m || p.y < m || p.x > size.x - m || p.y > size.y - m) { return false; }
      return !panels.some(function (o) { return p.x > o.l - 10 && p.x < o.r + 10 && p.y > o.t - 10 && p.y < o.b + 10; });
    };
  }
  var showsPoint = function () { return true; };

  /* The route's points, in order from origin to destination, from the first one
     on the map to the last (the stretch the labels may use). */
  function visiblePart(r) {
    var pts = [];
    r.segments.forEach(function (seg) { pts = pts.concat(seg); });
    var a = -1, b = -1;
    for (var i = 0; i < pts.length; i++) {
      if (showsPoint(pts[i])) { if (a < 0) { a = i; } b = i; }
    }
    return a < 0 ? [] : pts.slice(a, b + 1).filter(showsPoint);
  }

  function drawRoutes() {
    showsPoint = viewTest();
    var g = B.groups.routes, hl = B.stepSets();
    B.beginReuse(store);
    var labels = [];
    var shown = [];
    S.data.routes.forEach(function (r, ri) {
      var ids = B.visibleOf(r.claims);
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
      var key = ri + "|" + B.signature(ids) + "|" + ids[0] + "|" + lit + "|" + dim + "|" + halo + "|" + !!renderer;
      B.reuse(g, store, key, function () { return routeLayers(ri, ids, lit, dim, halo, longest, renderer); });
      // a step's route is labelled on the part of it the frame shows (its far end may be off the map)
      var inView = lit ? visiblePart(r) : null;
      if (!dim && (!r.relation || lit)) {
        var text = r.relation ? B.routeName(r) + ": " + plural(ids.length, "finding") : visitLabel(ids);
        var on = inView && inView.length ? inView : longest;
        var q = on[Math.max(0, Math.min(on.length - 1, Math.round(on.length * 0.42)))];
        labels.push({ ll: L.latLng(q[0], q[1]), r: 4, text: text, w: lit ? 1e6 : ids.length, lit: lit,
                      cls: "bm-route-label", route: true });
      }
      if (lit && !r.relation && inView && inView.length) {
        // a step's trips name where they start and end; an end off the map is named where the
        // route leaves it ("from Havana"), so a far trip needs no world-wide frame
        var first = r.segments[0][0], lastSeg = r.segments[r.segments.length - 1], last = lastSeg[lastSeg.length - 1];
        [[first, r.origin, "from ", inView[0]], [last, r.destination, "to ", inView[inView.length - 1]]].forEach(function (end) {
          var shown = showsPoint(end[0]);
          var at = shown ? end[0] : end[3];
          labels.push({ ll: L.latLng(at[0], at[1]), r: 6, text: (shown ? "" : end[2]) + end[1], w: 1e5, lit: true,
                        endpoint: true });
        });
      }
    });
    B.endReuse(g, store);
    S.routeLabels = labels;
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
      line.bindPopup(function () { return routePopup(ri, ids); }, B.POPUP);
      var tip = el("div", "bm-tip");
      add(tip, "strong", null, B.routeName(r));
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
    if (r.relation) { return out; }     // its ends are places with markers of their own
    out.addLayer(L.marker(longest[i], { icon: arrowIcon(color, angle), interactive: false, keyboard: false,
                                         opacity: dim ? 0.3 : 1 }));
    var first = r.segments[0][0], lastSeg = r.segments[r.segments.length - 1];
    out.addLayer(L.circleMarker(first, { radius: 4, color: color, weight: 2, fillColor: "#ffffff",
                                         fillOpacity: 1, interactive: false, renderer: renderer }));
    out.addLayer(L.circleMarker(lastSeg[lastSeg.length - 1], { radius: 4, color: "#1d1d1d", weight: 1,
                                                               fillColor: color, fillOpacity: 1, interactive: false,
                                                               renderer: renderer }));
    return out;
  }

  B.onDraw("routes", 10, drawRoutes);
  B.api.routes = function () {
    var seen = {}, n = 0;
    B.groups.routes.eachLayer(function (l) { if (l.bmRoute !== undefined && !seen[l.bmRoute]) { seen[l.bmRoute] = 1; n++; } });
    return n;
  };
  B.api.openRoute = function (destination) {
    var done = false;
    B.groups.routes.eachLayer(function (g) {
      if (done || g.bmRoute === undefined || S.data.routes[g.bmRoute].destination !== destination) { return; }
      g.eachLayer(function (l) {
        if (!done && l.getPopup && l.getPopup()) { l.openPopup(); done = true; }
      });
    });
    return done;
  };
  return {};
});
