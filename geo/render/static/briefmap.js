/* briefmap runtime: builds markers, arcs, popups and panels from JSON.
 *
 * Untrusted article text only ever reaches the page through textContent,
 * attribute setters after a check (a.href for http/https only), or
 * Leaflet options; never through innerHTML or string-built HTML.
 */
var BRIEFMAP = (function () {
  "use strict";

  var STATUS_LABEL = {
    reported: "Reported", confirmed: "Confirmed", denied: "Denied", alleged: "Alleged"
  };
  var placed = [];   // {group, base: LatLng, radius, parts, place, weight} for spreading

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

  function add(parent, tag, cls, text) {
    return parent.appendChild(el(tag, cls, text));
  }

  function swatch(color, hollow) {
    var s = el("span", hollow ? "bm-swatch bm-hollow" : "bm-swatch");
    if (hollow) { s.style.borderColor = color; } else { s.style.backgroundColor = color; }
    return s;
  }

  function badge(status) {
    var known = Object.prototype.hasOwnProperty.call(STATUS_LABEL, status);
    return el("span", "bm-badge bm-" + (known ? status : "other"),
              known ? STATUS_LABEL[status] : (status || "Unknown"));
  }

  function link(url, label) {
    // Only http(s) URLs (already checked in Python) become links.
    if (!isHttp(url)) { return null; }
    var a = el("a", "bm-link", label);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function dot(parent) { add(parent, "span", "bm-sep", "\u00b7"); }

  /* One claim: badge + dates, quoted sentence, source line, small print. */
  function claimItem(c) {
    var item = el("li", "bm-claim");
    var top = add(item, "div", "bm-claim-top");
    top.appendChild(badge(c.status));
    if (c.event_date) { add(top, "span", "bm-event", "Event " + c.event_date); }
    if (c.visitor) { add(top, "span", "bm-visitor", c.visitor); }
    add(item, "blockquote", "bm-quote", "\u201c" + c.claim + "\u201d");
    var meta = add(item, "div", "bm-meta");
    add(meta, "span", "bm-outlet", c.source || "Unknown outlet");
    if (c.published) { dot(meta); add(meta, "span", "bm-date", c.published); }
    var a = link(c.url, "Open article \u2197");
    if (a) { dot(meta); meta.appendChild(a); }
    if (c.attribution) { add(item, "div", "bm-attr", "Attribution: " + c.attribution); }
    var small = add(item, "div", "bm-small");
    var bits = [];
    if (c.mention) { bits.push("Mention \u201c" + c.mention + "\u201d"); }
    if (c.resolution) { bits.push("Resolved: " + c.resolution); }
    if (typeof c.confidence === "number") { bits.push("confidence " + c.confidence.toFixed(2)); }
    if (c.layer_rule) { bits.push("Layer rule: " + c.layer_rule); }
    if (c.doc) { bits.push("Doc " + c.doc); }
    if (c.corrected) { bits.push("\u270e Corrected: " + c.corrected); }
    small.textContent = bits.join(" \u00b7 ");
    return item;
  }

  function popupBody(layer, heading, sub, claims) {
    var box = el("div", "bm-popup");
    var head = add(box, "div", "bm-pop-head");
    head.appendChild(swatch(layer.color, false));
    add(head, "span", "bm-pop-place", heading);
    add(box, "div", "bm-pop-sub", sub);
    var list = add(box, "ol", "bm-claims");
    for (var i = 0; i < claims.length; i++) { list.appendChild(claimItem(claims[i])); }
    return box;
  }

  var POPUP = { maxWidth: 460, minWidth: 320, className: "bm-leaflet-popup",
                autoPanPaddingTopLeft: [30, 150], autoPanPaddingBottomRight: [30, 30] };

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function countIcon(n, hollow) {
    var span = el("span", null, String(n));
    // hollow (all-denied) markers have a pale fill: use dark digits there
    return L.divIcon({ className: hollow ? "bm-count-icon bm-count-dark" : "bm-count-icon",
                       html: span, iconSize: [32, 18] });
  }

  /* Grouped point markers for one layer. */
  function addPlaces(map, group, payload) {
    var layer = payload.layer;
    payload.places.forEach(function (p) {
      var base = L.latLng(p.lat, p.lon);
      var style = {
        radius: p.radius, color: "#1d1d1d", weight: 1.5, opacity: 0.95,
        fillColor: layer.color, fillOpacity: 0.88
      };
      if (p.all_denied) {
        style = { radius: p.radius, color: layer.color, weight: 3, opacity: 1,
                  dashArray: "5 4", fillColor: layer.color, fillOpacity: 0.12 };
      }
      var marker = L.circleMarker(base, style);
      marker.feature = { properties: { layer: layer.id, place: p.place } };
      var sub = plural(p.claims.length, "claim") + " \u00b7 " + layer.title;
      marker.bindPopup(function () {
        return popupBody(layer, p.place, sub, p.claims);
      }, POPUP);
      var tip = el("div", "bm-tip");
      add(tip, "strong", null, p.place);
      add(tip, "span", null, " \u2014 " + plural(p.claims.length, "claim"));
      add(tip, "div", "bm-tip-layer", layer.title);
      marker.bindTooltip(tip, { direction: "top", offset: [0, -p.radius], className: "bm-tooltip" });
      group.addLayer(marker);
      var parts = [marker];
      if (p.claims.length > 1) {
        var label = L.marker(base, { icon: countIcon(p.claims.length, p.all_denied), interactive: false, keyboard: false });
        group.addLayer(label);
        parts.push(label);
      }
      placed.push({ group: group, base: base, radius: p.radius, parts: parts,
                    place: p.place, weight: p.claims.length });
    });
  }

  function arrowIcon(color, angle) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "22"); svg.setAttribute("height", "22");
    svg.setAttribute("viewBox", "-11 -11 22 22");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M-7,-6 L8,0 L-7,6 L-3,0 Z");
    path.setAttribute("fill", color);
    path.setAttribute("stroke", "#1d1d1d");
    path.setAttribute("stroke-width", "1");
    path.setAttribute("transform", "rotate(" + angle.toFixed(1) + ")");
    svg.appendChild(path);
    return L.divIcon({ className: "bm-arrow-icon", html: svg, iconSize: [22, 22] });
  }

  /* Visit arcs for one layer: halo + line + arrow + endpoint dots. */
  function addVisits(map, group, payload) {
    var layer = payload.layer;
    payload.routes.forEach(function (r) {
      var pts = r.points.map(function (q) { return L.latLng(q[0], q[1]); });
      var weight = r.weight;
      group.addLayer(L.polyline(pts, { color: "#ffffff", weight: weight + 4, opacity: 0.85,
                                       interactive: false, lineCap: "round" }));
      var line = L.polyline(pts, { color: layer.color, weight: weight, opacity: 0.95,
                                   dashArray: r.all_denied ? "8 6" : null, lineCap: "round" });
      var heading = r.origin + " \u2192 " + r.destination;
      var sub = plural(r.visits.length, "visit") + " \u00b7 " + layer.title;
      line.bindPopup(function () {
        return popupBody(layer, heading, sub, r.visits);
      }, POPUP);
      var tip = el("div", "bm-tip");
      add(tip, "strong", null, heading);
      r.visits.slice(0, 4).forEach(function (v) {
        add(tip, "div", null, (v.visitor || "Unnamed visitor") + (v.event_date ? " \u00b7 " + v.event_date : ""));
      });
      if (r.visits.length > 4) { add(tip, "div", "bm-tip-layer", "+" + (r.visits.length - 4) + " more"); }
      line.bindTooltip(tip, { sticky: true, className: "bm-tooltip" });
      group.addLayer(line);
      // Arrow direction in projected (Mercator) space; zoom-invariant.
      var i = Math.max(1, Math.min(r.arrow_index, pts.length - 2));
      var a = map.project(pts[i - 1], 0), b = map.project(pts[i + 1], 0);
      var angle = Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI;
      group.addLayer(L.marker(pts[i], { icon: arrowIcon(layer.color, angle), interactive: false, keyboard: false }));
      group.addLayer(L.circleMarker(pts[0], { radius: 4, color: layer.color, weight: 2, fillColor: "#ffffff",
                                              fillOpacity: 1, interactive: false }));
      group.addLayer(L.circleMarker(pts[pts.length - 1], { radius: 4, color: "#1d1d1d", weight: 1,
                                                           fillColor: layer.color, fillOpacity: 1, interactive: false }));
    });
  }

  /* Markers that would overlap on screen (same place in several layers, or
     nearby places such as Havana and Lourdes at world zoom) are fanned out
     on a small ring around their common centre, recomputed on every zoom and
     layer toggle; markers return to their true position once they no longer
     collide. One label per cluster names its busiest place. */
  function spread(map) {
    var labels = L.layerGroup().addTo(map);

    function clusters() {
      var out = [];
      placed.forEach(function (e) {
        if (!map.hasLayer(e.group)) { return; }
        var pt = map.latLngToLayerPoint(e.base);
        var hit = null;
        for (var i = 0; i < out.length && !hit; i++) {
          if (out[i].seed.distanceTo(pt) < out[i].maxR + e.radius + 3) { hit = out[i]; }
        }
        if (!hit) { hit = { seed: pt, maxR: 0, members: [] }; out.push(hit); }
        hit.members.push({ e: e, pt: pt });
        hit.maxR = Math.max(hit.maxR, e.radius);
      });
      return out;
    }

    function place(cl) {
      var k = cl.members.length;
      var cx = 0, cy = 0;
      cl.members.forEach(function (m) { cx += m.pt.x; cy += m.pt.y; });
      var centre = L.point(cx / k, cy / k);
      var ring = 0;
      if (k > 1) {
        // neighbours on the ring must not overlap: chord >= 2 * maxR + 3
        ring = (2 * cl.maxR + 3) / (2 * Math.sin(Math.PI / k));
      }
      cl.members.forEach(function (m, i) {
        var ll = m.e.base;
        if (k > 1) {
          var ang = -Math.PI / 2 + 2 * Math.PI * i / k;
          ll = map.layerPointToLatLng(centre.add(L.point(ring * Math.cos(ang), ring * Math.sin(ang))));
        }
        m.e.parts.forEach(function (p) { p.setLatLng(ll); });
      });
      return { centre: centre, reach: ring + cl.maxR };
    }

    function label(cl, geom) {
      var best = cl.members[0].e, names = {}, n = 0;
      cl.members.forEach(function (m) {
        if (m.e.weight > best.weight) { best = m.e; }
        if (!names[m.e.place]) { names[m.e.place] = true; n++; }
      });
      var span = el("span", null, best.place + (n > 1 ? " +" + (n - 1) : ""));
      var icon = L.divIcon({ className: "bm-label", html: span, iconSize: null,
                             iconAnchor: [-(geom.reach + 5), 11] });
      var mk = L.marker(map.layerPointToLatLng(geom.centre),
                        { icon: icon, interactive: false, keyboard: false });
      mk._bmWeight = cl.members.reduce(function (s, m) { return s + m.e.weight; }, 0);
      return mk;
    }

    function declutter(markers) {
      // Busiest places keep their labels; a label that would overlap one
      // already shown (or a panel) is hidden.
      markers.sort(function (a, b) { return b._bmWeight - a._bmWeight; });
      var kept = [];
      var panels = Array.prototype.map.call(
        document.querySelectorAll(".leaflet-control"), function (c) { return c.getBoundingClientRect(); });
      markers.forEach(function (mk) {
        var node = mk.getElement();
        if (!node) { return; }
        var r = node.firstChild.getBoundingClientRect();
        var clash = kept.concat(panels).some(function (o) {
          return r.left < o.right && r.right > o.left && r.top < o.bottom && r.bottom > o.top;
        });
        if (clash) { node.style.visibility = "hidden"; } else { kept.push(r); }
      });
    }

    function apply() {
      labels.clearLayers();
      var made = [];
      clusters().forEach(function (cl) {
        var geom = place(cl);
        var mk = label(cl, geom);
        labels.addLayer(mk);
        made.push(mk);
      });
      declutter(made);
    }
    map.on("zoomend viewreset overlayadd overlayremove", apply);
    apply();
  }

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

  return { addPlaces: addPlaces, addVisits: addVisits, spread: spread, panel: panel, isHttp: isHttp };
})();
