/* Not placed: the findings the map draws at no place and on no line (no literal place,
 * and no actor place to stand them at: "the West warned ..."), listed in a panel of their
 * own so that every finding is reachable. The list follows the layer switches and the
 * filters as the markers do; a search hit on one of them opens the panel at it.
 * Article text reaches the page as text nodes only (B.claimItem).
 */
BRIEFMAP.module("unplaced", function (B) {
  "use strict";
  var S = B.S, plural = B.plural;
  var box = null, list = null, count = null;

  function draw() {
    if (!box) { return; }
    var ids = B.visibleOf(S.data.unplaced || []);
    var hidden = (S.data.unplaced || []).length - ids.length;
    count.textContent = plural(ids.length, "finding") + (hidden ? " \u00b7 " + hidden + " hidden by the filters" : "");
    B.clear(list);
    ids.forEach(function (ci) {
      var item = list.appendChild(B.claimItem(S.data.claims[ci], { where: "Not placed on the map" }));
      item.setAttribute("data-claim", String(ci));
    });
  }

  function open(ci) {
    if (!box) { return; }
    box.open = true;
    var item = list.querySelector('li[data-claim="' + Number(ci) + '"]');
    if (item) { item.scrollIntoView({ block: "nearest" }); }
  }

  B.openUnplaced = open;
  B.onDraw("unplaced", 60, draw);
  B.api.unplaced = function () {
    return list ? Array.prototype.map.call(list.querySelectorAll("li.bm-claim > blockquote"),
                                          function (q) { return q.textContent; }) : [];
  };
  return {
    setup: function () {
      box = document.getElementById("bm-unplaced");
      list = document.getElementById("bm-unplaced-list");
      count = document.getElementById("bm-unplaced-count");
      if (!box || !list || !count) { box = null; }
    }
  };
});
