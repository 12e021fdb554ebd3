/* Countries: findings about a whole country ("on the island", "in Cuba") are
 * drawn on the country, not as a bubble at a point in its middle. Its land is
 * hatched in the colour of its main layer, and a tag (name, count, a bar of
 * its layers, a status mark) sits inside its land where it hides no marker;
 * when the country is too small on screen for that, the tag stands beside it
 * with a leader line. The outline and the tag open the country's panel: its
 * findings, newest first, and the places inside it that have findings of
 * their own.
 */
BRIEFMAP.module("countries", function (B) {
  "use strict";
  var S = B.S, el = B.el, add = B.add, plural = B.plural;
  var storeA = {}, storeT = {}, defsFor = null, panelPlace = null, panelLayer = null;
  var MARK = { denied: "\u2715", disputed: "?" };
  var AREA_SHARE = 0.02;    // a country whose box is more of the map than this is hatched lighter
  var MANY = 10;            // findings at which a country is hatched at full strength

  function areaIds() {
    var out = [];
    S.data.places.forEach(function (p, pi) { if (p.area) { out.push(pi); } });
    return out;
  }

  /* One hatch pattern per layer, in the SVG that draws the outlines. */
  function ensurePatterns(svgRoot) {
    if (!svgRoot || defsFor === svgRoot) { return; }
    defsFor = svgRoot;
    var defs = B.svg("defs", {});
    S.data.layers.forEach(function (lay, li) {
      var pat = B.svg("pattern", { id: "bm-hatch-" + li, width: 9, height: 9, patternUnits: "userSpaceOnUse",
                                   patternTransform: "rotate(45)" });
      pat.appendChild(B.svg("rect", { width: 9, height: 9, fill: lay.color, "fill-opacity": 0.12 }));
      pat.appendChild(B.svg("rect", { width: 2, height: 9, fill: lay.color, "fill-opacity": 0.8 }));
      defs.appendChild(pat);
    });
    svgRoot.insertBefore(defs, svgRoot.firstChild);
  }

  function layerCounts(ids) {
    var counts = {};
    ids.forEach(function (ci) { var l = S.data.claims[ci].layer; counts[l] = (counts[l] || 0) + 1; });
    return Object.keys(counts).map(Number).sort(function (a, b) { return counts[b] - counts[a] || a - b; })
      .map(function (l) { return [l, counts[l]]; });
  }

  /* The ids a country shows: the step's own findings there during a story, else those passing the filters. */
  function idsOf(pi, hl) {
    var p = S.data.places[pi], ids = B.visibleOf(p.claims);
    if (hl.on && hl.places[pi]) {
      var mine = S.data.story.steps[S.step].claims.filter(function (ci) { return S.data.claims[ci].place === pi; });
      if (mine.length) { return mine; }
    }
    return ids;
  }

  function tagNode(pi, ids, lit) {
    var p = S.data.places[pi], tag = el("div", "bm-area-tag" + (lit ? " bm-lit" : ""));
    var top = add(tag, "div", "bm-area-top");
    add(top, "span", "bm-area-name", p.place);
    add(top, "span", "bm-area-n", String(ids.length));
    var mark = B.disputeOf(ids);
    if (mark) {
      var m = add(top, "span", "bm-mark bm-mark-" + mark, MARK[mark]);
      m.title = mark === "denied" ? "Every finding here is denied" : "Some findings here are denied or disputed";
    }
    var bar = add(tag, "div", "bm-area-bar");
    layerCounts(ids).forEach(function (lc) {
      var seg = add(bar, "span", "bm-area-seg");
      seg.style.backgroundColor = S.data.layers[lc[0]].color;
      seg.style.flexGrow = String(lc[1]);
    });
    return tag;
  }

  /* Tag size in px before it is on the page (one layout for all tags, not one each). */
  function tagSize(pi, ids, lit) {
    var fs = S.step >= 0 ? (lit ? 22 : 18) * B.unit() : 14;
    var chars = S.data.places[pi].place.length + String(ids.length).length + (B.disputeOf(ids) ? 2 : 0);
    return { w: Math.round(fs * (0.6 * chars + 2.4)), h: Math.round(fs * 1.75) };
  }

  function hit(a, b) { return a.l < b.r && a.r > b.l && a.t < b.b && a.b > b.t; }
  function area(a, b) {
    var w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
    return w > 0 && h > 0 ? w * h : 0;
  }

  /* Where the tag goes: the first anchor inside the land whose box is clear;
     else beside the country with a leader; else the least crowded anchor. */
  function placeTag(pi, size, obstacles, edge) {
    var map = S.map, a = S.data.places[pi].area;
    function cost(b) {
      var c = (b.l < edge.l || b.t < edge.t || b.r > edge.r || b.b > edge.b) ? 1e7 : 0;
      obstacles.forEach(function (o) { c += area(b, o) * (o.w || 1); });
      return c;
    }
    function boxAt(p) { return { l: p.x - size.w / 2, t: p.y - size.h / 2, r: p.x + size.w / 2, b: p.y + size.h / 2 }; }
    var best = null;
    a.anchors.forEach(function (ll) {
      var p = map.latLngToContainerPoint(ll), b = boxAt(p), c = cost(b);
      if (!best || c < best.cost) { best = { p: p, b: b, cost: c, inside: true }; }
    });
    // does the tag fit the country on screen? if not, it may stand outside
    var sw = map.latLngToContainerPoint([a.bounds[0][0], a.bounds[0][1]]);
    var ne = map.latLngToContainerPoint([a.bounds[1][0], a.bounds[1][1]]);
    var small = Math.abs(ne.x - sw.x) < size.w * 1.6 || Math.abs(sw.y - ne.y) < size.h * 2.5;
    if (best.cost > 0 && small) {
      var home = map.latLngToContainerPoint(a.anchors[0]), u = Math.max(0.7, B.unit());
      [28, 56, 96, 150].forEach(function (d) {
        for (var k = 0; k < 8; k++) {
          var ang = -Math.PI / 2 + k * Math.PI / 4;
          var p = L.point(home.x + Math.cos(ang) * (d * u + size.w / 2 * Math.abs(Math.cos(ang))),
                          home.y + Math.sin(ang) * (d * u + size.h / 2 * Math.abs(Math.sin(ang))));
          var b = boxAt(p), c = cost(b) + d;      // nearer is better, all else equal
          if (c < best.cost) { best = { p: p, b: b, cost: c, inside: false, home: home }; }
        }
      });
    }
    return best;
  }

  /* How strongly a country is drawn. Its hatching stands for findings, not for land:
     a country that fills much of the screen (Russia, Canada at world zoom) is hatched
     lighter, the more so the fewer findings it has, so a large country with three
     findings does not outweigh an island with forty. A step's own countries stay strong. */
  function areaStyle(pi, n, lit, dim) {
    var map = S.map, a = S.data.places[pi].area, size = map.getSize();
    var sw = map.latLngToContainerPoint([a.bounds[0][0], a.bounds[0][1]]);
    var ne = map.latLngToContainerPoint([a.bounds[1][0], a.bounds[1][1]]);
    var w = Math.min(size.x, Math.abs(ne.x - sw.x)), h = Math.min(size.y, Math.abs(sw.y - ne.y));
    var share = Math.max(1e-6, w * h / (size.x * size.y));
    var big = Math.min(1, Math.sqrt(AREA_SHARE / share));
    var many = Math.min(1, 0.35 + 0.65 * n / MANY);
    if (dim) { return { weight: 1.2, opacity: 0.35, fillOpacity: 0.2 * big }; }
    if (lit) { return { weight: 3.5, opacity: 0.95, fillOpacity: 0.45 + 0.45 * big }; }
    var k = big * many;
    return { weight: 1 + 0.8 * k, opacity: 0.5 + 0.45 * k, fillOpacity: 0.45 * k };
  }

  function drawAreas() {
    var map = S.map, hl = B.stepSets(), gA = B.groups.areas, gT = B.groups.tags;
    B.beginReuse(storeA); B.beginReuse(storeT);
    var size = map.getSize(), origin = map.getContainer().getBoundingClientRect();
    var obstacles = B.panelRects().map(function (c) {
      return { l: c.left - origin.left, t: c.top - origin.top, r: c.right - origin.left, b: c.bottom - origin.top, w: 50 };
    });
    (S.placeLabels || []).forEach(function (d) {
      var p = map.latLngToContainerPoint(d.ll);
      obstacles.push({ l: p.x - d.r - 2, t: p.y - d.r - 2, r: p.x + d.r + 2, b: p.y + d.r + 2, w: 5 });
    });
    var edge = { l: 4, t: 4, r: size.x - 4, b: size.y - 4 };
    var tags = [], order = areaIds().map(function (pi) { return { pi: pi, ids: idsOf(pi, hl) }; })
      .filter(function (e) { return e.ids.length || hl.places[e.pi]; });
    // the step's countries first, then the ones with most findings
    order.sort(function (x, y) { return (hl.places[y.pi] ? 1 : 0) - (hl.places[x.pi] ? 1 : 0) || y.ids.length - x.ids.length || x.pi - y.pi; });
    S.tagBoxes = [];
    order.forEach(function (e) {
      var pi = e.pi, ids = e.ids.length ? e.ids : S.data.places[pi].claims.slice();
      var lit = !!hl.places[pi] || panelPlace === pi, dim = hl.on && !lit;
      var main = layerCounts(ids)[0][0], cls = lit ? " bm-lit-area" : (dim ? " bm-dim-area" : "");
      var key = "a" + pi + "|" + main + "|" + cls;
      var look = areaStyle(pi, ids.length, lit, dim);
      var poly = B.reuse(gA, storeA, key, function () {
        var layer = L.polygon(S.data.places[pi].area.polygons, L.extend({
          color: S.data.layers[main].color, fillColor: "url(#bm-hatch-" + main + ")",
          className: "bm-area" + cls, bubblingMouseEvents: false }, look));
        layer.bmArea = pi;
        layer.on("click", function () { openArea(pi); });
        layer.bindTooltip(function () { return tipFor(pi); }, { sticky: true, className: "bm-tooltip" });
        return layer;
      });
      poly.setStyle(look);                       // the weight follows the zoom: reused layers too
      if (poly._renderer) { ensurePatterns(poly._renderer._container); }
      if (dim) { return; }                       // a story step names only its own countries
      var sz = tagSize(pi, ids, lit), at = placeTag(pi, sz, obstacles.concat(tags), edge);
      if (!at || at.cost >= 1e7) { return; }
      tags.push({ l: at.b.l, t: at.b.t, r: at.b.r, b: at.b.b, w: 20 });
      S.tagBoxes.push(at.b);
      var ll = map.containerPointToLatLng(at.p);
      var tkey = "t" + pi + "|" + B.signature(ids) + "|" + B.disputeOf(ids) + "|" + cls + "|" + B.unit().toFixed(3) +
        "@" + ll.lat.toFixed(4) + "," + ll.lng.toFixed(4);
      B.reuse(gT, storeT, tkey, function () {
        var parts = [];
        if (!at.inside) {
          parts.push(L.polyline([map.containerPointToLatLng(at.home), ll], {
            color: "#1d1d1d", weight: 2, opacity: 0.9, interactive: false, className: "bm-area-leader" }));
        }
        var mk = L.marker(ll, { icon: L.divIcon({ className: "bm-area-icon", html: tagNode(pi, ids, lit),
                                                  iconSize: [sz.w, sz.h] }),
                                keyboard: true, riseOnHover: true, zIndexOffset: lit ? 1500 : 500 });
        mk.bmPlace = pi; mk.bmArea = true; mk.bmLit = !!hl.places[pi];
        mk.on("click", function () { openArea(pi); });
        mk.bindTooltip(function () { return tipFor(pi); }, { direction: "top", className: "bm-tooltip" });
        parts.push(mk);
        var group = L.layerGroup(parts);
        group.bmTag = mk;
        return group;
      });
    });
    B.endReuse(gA, storeA); B.endReuse(gT, storeT);
    if (panelPlace !== null && !document.getElementById("bm-area-panel").hidden) { fillPanel(panelPlace); }
  }

  function tipFor(pi) {
    var p = S.data.places[pi], n = B.visibleOf(p.claims).length, tip = el("div", "bm-tip");
    add(tip, "strong", null, p.place);
    add(tip, "div", "bm-tip-layer", plural(n, "finding") + " about the country as a whole \u00b7 click for the list");
    return tip;
  }

  // ------------------------------------------------------------ the panel
  function panelNode() {
    var node = document.getElementById("bm-area-panel");
    if (node) { return node; }
    node = el("aside", "bm-area-panel");
    node.id = "bm-area-panel";
    node.hidden = true;
    node.setAttribute("aria-label", "Findings about a country");
    S.map.getContainer().appendChild(node);
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    return node;
  }

  function fillPanel(pi) {
    var p = S.data.places[pi], node = panelNode(), ids = B.visibleOf(p.claims), scroll = node.scrollTop;
    B.clear(node);
    var head = add(node, "div", "bm-area-head");
    add(head, "h2", "bm-pop-head", p.place);
    var close = add(head, "button", "bm-button bm-area-close", "\u2715");
    close.type = "button";
    close.title = "Close (Esc)";
    close.addEventListener("click", closeArea);
    var hidden = p.claims.length - ids.length;
    add(node, "div", "bm-pop-sub", plural(ids.length, "finding") + " about " + p.place +
        " as a whole, newest first" + (hidden ? " \u00b7 " + hidden + " hidden by the layer, date or attribute filters" : ""));
    // each layer's chip narrows the list to that layer (a country with 37 findings is a long
    // scroll in a panel kept to a third of a laptop screen); pressed again, all come back
    var chips = add(node, "div", "bm-chips"), counts = layerCounts(ids);
    if (!counts.some(function (lc) { return lc[0] === panelLayer; })) { panelLayer = null; }
    counts.forEach(function (lc) {
      var chip = add(chips, "button", "bm-chip" + (panelLayer === lc[0] ? " bm-chip-on" : ""));
      chip.type = "button";
      chip.setAttribute("aria-pressed", panelLayer === lc[0] ? "true" : "false");
      chip.title = panelLayer === lc[0] ? "Show every layer's findings" : "Show only these findings";
      chip.appendChild(B.swatch(S.data.layers[lc[0]].color));
      chip.appendChild(document.createTextNode(S.data.layers[lc[0]].title + " " + lc[1]));
      chip.addEventListener("click", function (ev) {
        // the list is rebuilt under the click: a handler further up would see a target no longer
        // inside the panel and close it
        ev.stopPropagation();
        panelLayer = panelLayer === lc[0] ? null : lc[0];
        fillPanel(pi);
        node.scrollTop = 0;
      });
    });
    var inside = (p.area.inside || []).filter(function (q) { return B.visibleOf(S.data.places[q].claims).length; });
    if (inside.length) {
      var row = add(node, "div", "bm-area-inside", "Places in " + p.place + " with findings of their own: ");
      inside.forEach(function (q, k) {
        if (k) { row.appendChild(document.createTextNode(" \u00b7 ")); }
        var b = add(row, "button", "bm-linkish", S.data.places[q].place + " (" + B.visibleOf(S.data.places[q].claims).length + ")");
        b.type = "button";
        b.addEventListener("click", function () { closeArea(); B.openPopup(q); });
      });
    }
    var list = add(node, "ol", "bm-claims");
    ids.filter(function (ci) { return panelLayer === null || S.data.claims[ci].layer === panelLayer; })
      .forEach(function (ci) { list.appendChild(B.claimItem(S.data.claims[ci])); });
    node.scrollTop = scroll;              // a redraw (zoom, filters) keeps the reader's place
  }

  /* The panel never hides the country it lists: if the country's tag (or its
     first anchor) is under the panel, the map slides it into the free part. */
  function keepClear(pi, node) {
    var map = S.map, r = node.getBoundingClientRect(), box = map.getContainer().getBoundingClientRect();
    var a = S.data.places[pi].area, p = map.latLngToContainerPoint(a.anchors[0]);
    var left = r.left - box.left, top = r.top - box.top, bottom = r.bottom - box.top;
    if (p.x < left - 40 || p.y < top || p.y > bottom) { return; }
    map.panBy(L.point(Math.round(p.x - left / 2), 0), { animate: false });
  }

  function openArea(pi, fly) {
    S.map.closePopup();
    if (panelPlace !== pi) { panelLayer = null; }
    panelPlace = pi;
    var node = panelNode();
    fillPanel(pi);
    node.hidden = false;
    // in a story step it covers the story panel and no more (the step is framed clear of that)
    var story = S.step >= 0 ? document.getElementById("bm-story") : null;
    node.style.maxHeight = story ? Math.round(story.getBoundingClientRect().height) + "px" : "";
    node.scrollTop = 0;
    B.refresh();                                           // its outline drawn as the one selected
    if (fly) {
      var a = S.data.places[pi].area, r = node.getBoundingClientRect();
      S.map.flyToBounds(a.bounds, { paddingTopLeft: [60, 60], paddingBottomRight: [Math.round(r.width) + 40, 60],
                                    maxZoom: 6, duration: 0.8 });
    } else if (S.step < 0) {
      // in a story step the panel lies over the story panel, which the step's places are framed clear of
      keepClear(pi, node);
    }
    return true;
  }

  function closeArea() {
    panelPlace = null;
    var node = document.getElementById("bm-area-panel");
    if (node && !node.hidden) { node.hidden = true; B.refresh(); }
  }

  B.openArea = openArea;
  B.closeArea = closeArea;
  B.onDraw("countries", 25, drawAreas);
  B.api.areas = function () {
    var out = [];
    B.groups.tags.eachLayer(function (g) {
      var mk = g.bmTag, node = mk && mk.getElement();
      if (!node) { return; }
      var r = node.querySelector(".bm-area-tag").getBoundingClientRect(), name = node.querySelector(".bm-area-name");
      out.push({ place: S.data.places[mk.bmPlace].place, lit: mk.bmLit, box: [r.left, r.top, r.width, r.height],
                 fontSize: parseFloat(getComputedStyle(name).fontSize),
                 count: Number(node.querySelector(".bm-area-n").textContent),
                 inside: !g.getLayers().some(function (l) { return l instanceof L.Polyline; }) });
    });
    return out;
  };
  B.api.outlines = function () {
    var out = [];
    B.groups.areas.eachLayer(function (l) { if (l.bmArea !== undefined) { out.push(S.data.places[l.bmArea].place); } });
    return out;
  };
  /* How each country is drawn now: its hatching's fill opacity and outline weight. */
  B.api.areaStyles = function () {
    var out = {};
    B.groups.areas.eachLayer(function (l) {
      if (l.bmArea !== undefined) {
        out[S.data.places[l.bmArea].place] = { fillOpacity: l.options.fillOpacity, weight: l.options.weight };
      }
    });
    return out;
  };
  B.api.openArea = function (name) {
    for (var i = 0; i < S.data.places.length; i++) {
      if (S.data.places[i].area && S.data.places[i].place === name) { return openArea(i); }
    }
    return false;
  };
  B.api.areaPanel = function () {
    var node = document.getElementById("bm-area-panel");
    return node && !node.hidden ? node.innerText : null;
  };
  return {
    setup: function (map) {
      document.addEventListener("keydown", function (ev) {
        if (ev.key === "Escape" && panelPlace !== null) { closeArea(); }
      });
      map.on("click", closeArea);
    }
  };
});
