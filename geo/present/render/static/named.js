/* Also named: the places the findings name literally but are not drawn at
 * (geo/present/render/named.py), each a small white dot that opens the
 * findings naming it. Under the findings' markers (an SVG path, not a marker
 * icon), unlabelled so it never competes with them, and left out of the story's
 * slides, which show the step's own places only.
 */
BRIEFMAP.module("named", function (B) {
  "use strict";
  var S = B.S, el = B.el, add = B.add, plural = B.plural;
  var store = {}, group = null;

  function on() {
    var sw = S.switches._named;
    return !!sw && S.map.hasLayer(sw) && S.step < 0;
  }

  function latLng(ni) {
    var n = S.data.named[ni];
    return n.at ? L.latLng(n.at[0], n.at[1]) : L.latLng(n.lat, n.lon);
  }

  function popupFor(ni) {
    var n = S.data.named[ni], ids = B.visibleOf(n.claims);
    var box = el("div", "bm-popup");
    add(box, "div", "bm-pop-head", n.place);
    var hidden = n.claims.length - ids.length;
    add(box, "div", "bm-pop-sub", "Named in " + plural(ids.length, "finding") + " drawn at another place" +
        (hidden ? " \u00b7 " + hidden + " hidden by the filters" : ""));
    var list = add(box, "ol", "bm-claims");
    ids.forEach(function (ci) {
      var c = S.data.claims[ci];
      list.appendChild(B.claimItem(c, { where: "Drawn at " + B.claimWhere(c) }));
    });
    return box;
  }

  function openNamed(ni) {
    S.map.closePopup();
    L.popup(B.POPUP).setLatLng(latLng(ni)).setContent(popupFor(ni)).openOn(S.map);
  }

  function draw() {
    if (!group) { return; }
    B.beginReuse(store);
    if (on()) {
      S.data.named.forEach(function (n, ni) {
        var ids = B.visibleOf(n.claims);
        if (!ids.length) { return; }
        B.reuse(group, store, "n" + ni, function () {
          var dot = L.circleMarker(latLng(ni), { radius: 5, color: "#1d1d1d", weight: 1.5, fillColor: "#ffffff",
                                                  fillOpacity: 1, className: "bm-named" });
          dot.bmNamed = ni;
          var tip = el("div", "bm-tip");
          add(tip, "strong", null, n.place);
          add(tip, "div", "bm-tip-layer", "Also named in " + plural(n.claims.length, "finding"));
          dot.bindTooltip(tip, { direction: "top", offset: [0, -5], className: "bm-tooltip" });
          dot.on("click", function () { openNamed(ni); });
          return dot;
        });
      });
    }
    B.endReuse(group, store);
  }

  B.openNamed = openNamed;
  B.namedLatLng = latLng;
  B.onDraw("named", 15, draw);
  B.api.named = function () {
    var out = [];
    if (group) { group.eachLayer(function (l) { if (l.bmNamed !== undefined) { out.push(S.data.named[l.bmNamed].place); } }); }
    return out;
  };
  return {
    setup: function (map) { group = L.featureGroup().addTo(map); }
  };
});
