/* Print: one landscape page. Before printing, the map is resized to the
 * page's map area and the view the reader was looking at is refitted to it;
 * the layers shown, the key and the sources are laid out below the map.
 * After printing everything goes back where it was.
 */
BRIEFMAP.module("print", function (B) {
  "use strict";
  var S = B.S, saved = null;
  // A4 landscape, 8 mm margins: 281 x 194 mm, i.e. about 1062 x 733 CSS px
  var MAP_W = 1060, MAP_H = 470;
  var MOVED = ["bm-legend", "bm-sources"];

  function layerList() {
    var box = B.el("div", "bm-print-layers");
    if (S.step >= 0) {
      var st = S.data.story.steps[S.step];
      B.add(box, "p", "bm-print-step", "Step " + (S.step + 1) + ": " + st.title);
    }
    B.add(box, "h2", null, "Layers shown");
    var ol = B.add(box, "ul");
    S.data.layers.forEach(function (lay, i) {
      var sw = S.switches[lay.id];
      if (!sw || !S.map.hasLayer(sw)) { return; }
      var n = S.data.claims.filter(function (c, ci) { return c.layer === i && B.visible(ci); }).length;
      if (!n) { return; }
      var li = B.add(ol, "li");
      li.appendChild(B.swatch(lay.color));
      li.appendChild(document.createTextNode(lay.title + " (" + n + ")"));
    });
    var filt = document.getElementById("bm-tl-range"), cnt = document.getElementById("bm-tl-count");
    if (filt && cnt) { B.add(box, "p", "bm-print-time", "Event dates " + filt.textContent + ", " + cnt.textContent); }
    return box;
  }

  function before() {
    if (saved) { return; }
    var map = S.map, below = document.getElementById("bm-print-below");
    saved = { view: map.getBounds(), center: map.getCenter(), zoom: map.getZoom(), homes: [],
              open: document.getElementById("bm-sources") && document.getElementById("bm-sources").open };
    B.clear(below);
    below.appendChild(layerList());
    MOVED.forEach(function (id) {
      var node = document.getElementById(id);
      if (!node) { return; }
      saved.homes.push({ node: node, parent: node.parentNode, next: node.nextSibling });
      below.appendChild(node);
    });
    var src = document.getElementById("bm-sources");
    if (src) { src.open = true; }
    document.body.classList.add("bm-printing");
    map.getContainer().style.width = MAP_W + "px";
    map.getContainer().style.height = MAP_H + "px";
    map.invalidateSize({ pan: false });
    map.fitBounds(saved.view, { animate: false, padding: [6, 6] });
    B.refreshNow();
  }

  function after() {
    if (!saved) { return; }
    var map = S.map;
    saved.homes.forEach(function (h) { h.parent.insertBefore(h.node, h.next); });
    var src = document.getElementById("bm-sources");
    if (src) { src.open = saved.open; }
    document.body.classList.remove("bm-printing");
    map.getContainer().style.width = "";
    map.getContainer().style.height = "";
    map.invalidateSize({ pan: false });
    map.setView(saved.center, saved.zoom, { animate: false });
    saved = null;
    B.refreshNow();
  }

  function setup() {
    var below = document.createElement("div");
    below.id = "bm-print-below";
    below.className = "bm-print-below";
    document.body.appendChild(below);
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    // some print paths (headless PDF) only switch the media query
    if (window.matchMedia) {
      var mq = window.matchMedia("print");
      var fn = function (e) { if (e.matches) { before(); } else { after(); } };
      if (mq.addEventListener) { mq.addEventListener("change", fn); } else if (mq.addListener) { mq.addListener(fn); }
    }
  }

  B.api.print = { before: before, after: after };
  return { setup: setup };
});
