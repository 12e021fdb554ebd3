/* Stated distances: the ring an article states around a site (dashed), the
 * measured line to the nearest point it names, and a label saying both. The
 * labels module places the labels (shown from zoom 5, or when a story step
 * is about the distance).
 */
BRIEFMAP.module("distances", function (B) {
  "use strict";
  var S = B.S, all = [];

  /* Called by the DistanceOverlay element's script with its FeatureGroup. */
  function add(map, group, list) {
    list.forEach(function (d) {
      if (d.ring.length) {
        group.addLayer(L.polyline(d.ring, { color: "#1d1d1d", weight: 2, dashArray: "6 5", opacity: 0.9,
                                            interactive: false }));
      }
      var line = L.polyline(d.line, { color: "#1d1d1d", weight: 3, opacity: 0.95 });
      var tip = B.el("div", "bm-tip");
      B.add(tip, "strong", null, d.label);
      line.bindTooltip(tip, { sticky: true, className: "bm-tooltip" });
      group.addLayer(line);
      group.addLayer(L.circleMarker(d.line[d.line.length - 1], { radius: 4, color: "#1d1d1d", weight: 2,
                                                                 fillColor: "#ffffff", fillOpacity: 1,
                                                                 interactive: false }));
      all.push({ d: d, group: group });
    });
  }

  function labels() {
    var map = S.map, out = [], st = S.step >= 0 ? S.data.story.steps[S.step] : null;
    var mine = {};
    if (st) { st.claims.forEach(function (ci) { mine[ci] = true; }); }
    all.forEach(function (x) {
      if (!map.hasLayer(x.group)) { return; }
      var lit = x.d.claims.some(function (ci) { return mine[ci]; });
      if (!lit && (map.getZoom() < 5 || st)) { return; }
      var end = x.d.line[x.d.line.length - 1];
      // in a story step about the distance the label is one of the step's highlights: story mode
      // shows only those, so an unlit label would be dropped
      out.push({ ll: L.latLng(end[0], end[1]), r: 5, text: x.d.label, w: lit ? 5e5 : 1, lit: !!(st && lit),
                 route: true, cls: "bm-dist-label" });
    });
    S.routeLabels = (S.routeLabels || []).concat(out);
  }

  B.onDraw("distances", 15, labels);
  return { add: add };
});
