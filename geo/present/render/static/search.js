/* Search: places by name and claims by a word; a hit flies to its place
 * (and opens its popup) or frames its route.
 */
BRIEFMAP.module("search", function (B) {
  "use strict";
  var S = B.S;

  function goTo(h) {
    var map = S.map;
    if (h.pi !== undefined && S.data.places[h.pi].area && B.openArea) {
      B.openArea(h.pi, true);           // a whole country: framed, its panel open
    } else if (h.pi !== undefined) {
      map.once("moveend", function () { B.openPopup(h.pi); });
      map.flyTo(B.placeLatLng(h.pi), Math.max(map.getZoom(), 6), { duration: 0.8 });
    } else if (h.ni !== undefined && B.openNamed) {
      map.once("moveend", function () { B.openNamed(h.ni); });
      map.flyTo(B.namedLatLng(h.ni), Math.max(map.getZoom(), 6), { duration: 0.8 });
    } else if (h.ri !== undefined) {
      var r = S.data.routes[h.ri];
      map.flyToBounds(L.latLngBounds([r.from, r.to]), { padding: [80, 80], duration: 0.8 });
    } else if (h.ci !== undefined && B.openUnplaced) {
      B.openUnplaced(h.ci);             // drawn nowhere: its entry in the Not placed panel
    }
  }

  function setup(map, data) {
    var input = document.getElementById("bm-search-input"), out = document.getElementById("bm-search-results");
    if (!input) { return; }
    L.DomEvent.disableClickPropagation(document.getElementById("bm-search"));
    function run() {
      var q = input.value.trim().toLowerCase();
      B.clear(out);
      if (q.length < 2) { out.hidden = true; return; }
      var hits = [];
      data.places.forEach(function (p, pi) {
        if (p.place.toLowerCase().indexOf(q) >= 0) { hits.push({ pi: pi, label: p.place, sub: B.plural(p.claims.length, "claim") }); }
      });
      (data.named || []).forEach(function (n, ni) {
        if (n.place.toLowerCase().indexOf(q) >= 0) {
          hits.push({ ni: ni, label: n.place, sub: "also named in " + B.plural(n.claims.length, "finding") });
        }
      });
      data.claims.forEach(function (c, ci) {
        if (hits.length >= 40) { return; }
        var at = c.claim.toLowerCase().indexOf(q);
        if (at < 0) { return; }
        var start = Math.max(0, at - 40);
        var snip = (start ? "\u2026" : "") + c.claim.slice(start, at + q.length + 60) + "\u2026";
        hits.push({ pi: c.place, ri: c.route, ci: ci, label: B.claimWhere(c) || "Not placed", sub: snip });
      });
      if (!hits.length) { B.add(out, "li", "bm-search-none", "No place or claim matches"); }
      hits.slice(0, 40).forEach(function (h) {
        var li = B.add(out, "li", "bm-search-hit");
        var b = B.add(li, "button", "bm-search-btn");
        b.type = "button";
        B.add(b, "strong", null, h.label);
        B.add(b, "span", "bm-search-sub", h.sub);
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
    B.api.search = function (q) { input.value = q; run(); return out.querySelectorAll("li.bm-search-hit").length; };
  }

  B.api.search = function () { return 0; };
  return { setup: setup };
});
