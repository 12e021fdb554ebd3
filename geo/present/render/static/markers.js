/* Markers: one marker per place for all layers together (a ring split by
 * layer, the number of claims that pass the filters in the middle, a status
 * mark when its findings are denied or disputed). Places too close to tell
 * apart at the current zoom become one group marker; clicking it spreads its
 * places on a small ring with leader lines back to their true positions.
 * Nothing is ever moved away from where it is without a line saying where it
 * belongs. Labels are handed to the labels module.
 */
BRIEFMAP.module("markers", function (B) {
  "use strict";
  var S = B.S, el = B.el, add = B.add, svg = B.svg, plural = B.plural;
  var store = {};
  var MARK = { denied: "\u2715", disputed: "?" };

  /* Marker radius: the analyst's size, or a slide-sized one in projector mode. */
  function size(n) {
    var r = B.radius(n), u = B.unit();
    return S.step >= 0 ? Math.round((r + 6) * u * 10) / 10 : r;
  }

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
    var big = S.step >= 0;
    var size = 2 * r + 8, cx = size / 2, w = big ? Math.max(4, r * 0.3) : Math.max(5, r * 0.42), rr = r - w / 2;
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
    var fs = big ? Math.max(18 * B.unit(), Math.min(26 * B.unit(), r * 0.7)) : Math.max(11, Math.min(16, r * 0.62));
    var t = svg("text", { x: cx, y: cx, "text-anchor": "middle", "dominant-baseline": "central",
                          "class": "bm-donut-n", "font-size": fs.toFixed(1) });
    t.textContent = String(n);
    root.appendChild(t);
    return { node: root, size: size };
  }

  function markerIcon(ids, r, cls, group) {
    var d = donutSvg(ids, r, { group: group });
    var wrap = el("div", "bm-marker-inner");
    wrap.appendChild(d.node);
    var mark = B.disputeOf(ids);
    if (mark) {
      // a status mark at the top right: shape and text, not colour alone
      var m = add(wrap, "span", "bm-mark bm-mark-" + mark, MARK[mark]);
      m.title = mark === "denied" ? "Every finding here is denied" : "Some findings here are denied or disputed";
    }
    return L.divIcon({ className: "bm-marker " + cls, html: wrap, iconSize: [d.size, d.size] });
  }

  function popupFor(pi) {
    var p = S.data.places[pi], ids = B.visibleOf(p.claims);
    var box = el("div", "bm-popup");
    add(box, "div", "bm-pop-head", p.place);
    var hidden = p.claims.length - ids.length;
    var sub = plural(ids.length, "claim") + ", newest first" +
      (hidden ? " \u00b7 " + hidden + " hidden by the layer, date or attribute filters" : "");
    add(box, "div", "bm-pop-sub", sub);
    if (p.at) {
      add(box, "div", "bm-pop-sub", "Marker drawn just inside the coast; the gazetteer's point (" +
          p.lat.toFixed(2) + ", " + p.lon.toFixed(2) + ") is at sea");
    }
    var chips = add(box, "div", "bm-chips");
    var counts = {};
    ids.forEach(function (ci) { var l = S.data.claims[ci].layer; counts[l] = (counts[l] || 0) + 1; });
    Object.keys(counts).map(Number).sort(function (a, b) { return a - b; }).forEach(function (l) {
      var chip = add(chips, "span", "bm-chip");
      chip.appendChild(B.swatch(S.data.layers[l].color));
      chip.appendChild(document.createTextNode(S.data.layers[l].title + " " + counts[l]));
    });
    var list = add(box, "ol", "bm-claims");
    ids.forEach(function (ci) { list.appendChild(B.claimItem(S.data.claims[ci])); });
    return box;
  }

  function openPopup(pi, latlng) {
    if (S.data.places[pi].area && B.openArea) { return B.openArea(pi); }
    S.popupPlace = pi;
    L.popup(B.POPUP).setLatLng(latlng || B.placeLatLng(pi))
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
      hit.r = Math.max(hit.r, size(n) * 0.85);
    });
    return out;
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

  function drawPlaces() {
    var map = S.map, g = B.groups.places, hl = B.stepSets();
    B.beginReuse(store);
    var entries = [];
    S.data.places.forEach(function (p, pi) {
      if (p.area) { return; }             // a whole country: drawn on its outline (countries.js)
      var ids = B.visibleOf(p.claims);
      if (!ids.length && !hl.places[pi]) { return; }
      if (!ids.length) { ids = p.claims.slice(); }
      if (hl.on && hl.places[pi]) {
        // a step's place counts and marks the step's own findings there
        var mine = S.data.story.steps[S.step].claims.filter(function (ci) { return S.data.claims[ci].place === pi; });
        if (mine.length) { ids = mine; }
      }
      var ll = B.placeLatLng(pi);
      entries.push({ pi: pi, ids: ids, ll: ll, pt: map.latLngToLayerPoint(ll), r: size(ids.length) });
    });
    var labels = [];
    var zoomKey = "|" + (hl.on ? B.unit().toFixed(3) : "1");
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
            B.reuse(g, store, lk, function () {
              return L.layerGroup([
                L.polyline([m.ll, at], { color: "#1d1d1d", weight: 1.5, opacity: 0.9,
                                         interactive: false, className: "bm-leader" }),
                L.circleMarker(m.ll, { radius: 3, color: "#1d1d1d", weight: 1, fillColor: "#1d1d1d",
                                       fillOpacity: 1, interactive: false })]);
            });
          }
          var mcls = hl.on ? (hl.places[m.pi] ? "bm-lit" : "bm-dim") : "";
          var key = "p" + m.pi + "|" + B.signature(m.ids) + "|" + B.disputeOf(m.ids) + "|" + mcls + zoomKey +
            "@" + at.lat.toFixed(5) + "," + at.lng.toFixed(5);
          B.reuse(g, store, key, function () {
            var mk = L.marker(at, { icon: markerIcon(m.ids, m.r, mcls, false), riseOnHover: true,
                                    keyboard: true, title: "", zIndexOffset: hl.places[m.pi] ? 1000 : 0 });
            mk.bmPlace = m.pi;
            mk.bindTooltip(tipFor([S.data.places[m.pi].place], m.ids.length),
                           { direction: "top", offset: [0, -m.r], className: "bm-tooltip" });
            mk.on("click", function () { openPopup(m.pi, at); });
            return mk;
          });
          labels.push({ ll: at, r: m.r, text: S.data.places[m.pi].place, w: m.ids.length, lit: !!hl.places[m.pi],
                        mark: hl.places[m.pi] ? B.disputeOf(m.ids) : "", place: m.pi });
        });
        return;
      }
      var all = [];
      cl.members.forEach(function (m) { all = all.concat(m.ids); });
      var names = cl.members.map(function (m) { return S.data.places[m.pi].place; });
      var members = cl.members.map(function (m) { return m.pi; });
      var gkey = "g" + members.join(",") + "|" + B.signature(all) + "|" + cls + "|" + cl.r + zoomKey;
      B.reuse(g, store, gkey, function () {
        var gm = L.marker(cl.ll, { icon: markerIcon(all, cl.r, cls + " bm-group", true), riseOnHover: true });
        gm.bmGroup = members;
        gm.bindTooltip(tipFor(names, all.length), { direction: "top", offset: [0, -cl.r], className: "bm-tooltip" });
        gm.on("click", function () {
          S.spider = { key: members[0], zoom: map.getZoom() };
          map.closePopup();
          B.refreshNow();
        });
        return gm;
      });
      labels.push({ ll: cl.ll, r: cl.r + 3, text: names[0] + " +" + (names.length - 1), w: all.length, lit: lit });
    });
    B.endReuse(g, store);
    S.placeLabels = labels;
    if (S.popupPlace !== null && map._popup && map.hasLayer(map._popup)) {
      map._popup.setContent(popupFor(S.popupPlace));
    }
  }

  B.openPopup = openPopup;
  B.onDraw("places", 20, drawPlaces);
  B.api.markers = function () {
    var out = [];
    B.groups.places.eachLayer(function (l) {
      if (l.bmPlace !== undefined) { out.push({ place: S.data.places[l.bmPlace].place, group: false }); }
      if (l.bmGroup) { out.push({ place: l.bmGroup.map(function (p) { return S.data.places[p].place; }).join("|"), group: true }); }
    });
    return out;
  };
  B.api.markerPoints = function () {      // where each single place's marker is on screen, by place
    var out = {};
    B.groups.places.eachLayer(function (l) {
      if (l.bmPlace !== undefined) {
        var p = S.map.latLngToContainerPoint(l.getLatLng());
        out[S.data.places[l.bmPlace].place] = [Math.round(p.x), Math.round(p.y)];
      }
    });
    return out;
  };
  B.api.openPlace = function (name) {
    for (var i = 0; i < S.data.places.length; i++) {
      if (S.data.places[i].place === name) { openPopup(i); return true; }
    }
    return false;
  };
  return {
    setup: function (map) {
      map.on("zoomend", function () { if (S.spider && S.spider.zoom !== map.getZoom()) { S.spider = null; } });
      map.on("click", function () { if (S.spider) { S.spider = null; B.refresh(); } });
    }
  };
});
