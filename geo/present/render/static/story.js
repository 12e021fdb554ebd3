/* Story (projector mode): a briefer steps through the findings with the
 * arrow keys. Each step shows its title, narration and a few of its findings
 * in slide-sized type (a "more" button lists the rest), a colour key for the
 * step's layers and status marks, highlights and labels its places, and is
 * framed on them in the part of the map the panels leave free.
 *
 * Type sizes follow --u in briefmap.css: 1 px of a 1920x1080 slide scaled to
 * the window, so the layout is the same at 1920x1080, 1366x768 and 1280x720.
 */
BRIEFMAP.module("story", function (B) {
  "use strict";
  var S = B.S, el = B.el, add = B.add;
  var QUOTES = 3;          // at most this many findings before "more"

  function byId(id) { return document.getElementById(id); }

  /* One sentence about several places is listed once, with all its places. */
  function items(st) {
    var seen = {}, out = [];
    st.claims.forEach(function (ci) {
      var c = S.data.claims[ci], key = c.doc + "\u0000" + c.claim;
      if (seen[key]) {
        if (seen[key].where.indexOf(B.claimWhere(c)) < 0) { seen[key].where.push(B.claimWhere(c)); }
        return;
      }
      seen[key] = { ci: ci, where: [B.claimWhere(c)] };
      out.push(seen[key]);
    });
    return out;
  }

  /* Show as many findings as fit (1 to QUOTES), then "more (n)". */
  function fillClaims(st) {
    var list = byId("bm-step-claims"), more = byId("bm-step-more");
    B.clear(list);
    list.classList.remove("bm-all");
    var all = items(st);
    all.forEach(function (it, k) {
      var li = B.claimItem(S.data.claims[it.ci], { projector: true, where: it.where.join(" \u00b7 ") });
      if (k >= QUOTES) { li.hidden = true; }
      list.appendChild(li);
    });
    var lis = list.children, shown = Math.min(QUOTES, lis.length);
    function label() {
      var rest = lis.length - shown;
      more.hidden = rest <= 0;
      more.textContent = "More: " + B.plural(rest, "other finding");
    }
    label();
    // trim what does not fit the panel (keep at least one)
    while (shown > 1 && list.scrollHeight > list.clientHeight + 2) {
      shown--;
      lis[shown].hidden = true;
      label();
    }
    list.scrollTop = 0;
  }

  function showAll() {
    var list = byId("bm-step-claims");
    Array.prototype.forEach.call(list.children, function (li) { li.hidden = false; });
    list.classList.add("bm-all");
    byId("bm-step-more").hidden = true;
  }

  /* The key strip: the step's layers, and what its status marks mean. */
  function fillKey(st) {
    var key = byId("bm-story-key");
    if (!key) { return; }
    B.clear(key);
    var layers = {}, marks = {};
    st.claims.forEach(function (ci) { layers[S.data.claims[ci].layer] = true; });
    st.places.forEach(function (pi) {
      var mine = st.claims.filter(function (ci) { return S.data.claims[ci].place === pi; });
      var m = B.disputeOf(mine);
      if (m) { marks[m] = true; }
    });
    var row = add(key, "div", "bm-key-row");
    Object.keys(layers).map(Number).sort(function (a, b) { return a - b; }).forEach(function (li) {
      var item = add(row, "span", "bm-key-item");
      item.appendChild(B.swatch(S.data.layers[li].color));
      item.appendChild(document.createTextNode(S.data.layers[li].title));
    });
    if (marks.denied) { add(add(row, "span", "bm-key-item"), "span", "bm-mark bm-mark-denied", "\u2715").after(" denied"); }
    if (marks.disputed) { add(add(row, "span", "bm-key-item"), "span", "bm-mark bm-mark-disputed", "?").after(" disputed"); }
    var credits = byId("bm-credits");
    if (credits) { add(key, "div", "bm-key-credits", credits.textContent); }
    key.hidden = false;
  }

  /* Padding for fitBounds: the step's places go in the part of the map that
     the story panel, the key strip and the zoom buttons leave free. */
  function framePadding() {
    var map = S.map, size = map.getSize(), box = map.getContainer().getBoundingClientRect(), u = B.unit();
    var panel = byId("bm-story").getBoundingClientRect(), key = byId("bm-story-key");
    var zoom = document.querySelector(".leaflet-control-zoom");
    // no panel on screen (a deck's map image): the whole width is the map's
    var right = panel.width > 0 ? size.x - (panel.left - box.left) + 60 * u : 60 * u;
    var left = (zoom ? zoom.getBoundingClientRect().right - box.left : 0) + 60 * u;
    var bottom = (key && !key.hidden ? box.bottom - key.getBoundingClientRect().top : 0) + 40 * u;
    var top = 70 * u;      // room for a label above a marker
    return { paddingTopLeft: [Math.round(left), Math.round(top)],
             paddingBottomRight: [Math.round(right), Math.round(bottom)], maxZoom: 7 };
  }

  function showStep(i) {
    var steps = S.data.story.steps, map = S.map;
    if (!steps.length) { return; }
    i = Math.max(0, Math.min(steps.length - 1, i));
    if (S.step < 0) {
      // a story starts from everything: all layers on, the whole timeline, no attribute filter
      Object.keys(S.switches).forEach(function (id) {
        if (!map.hasLayer(S.switches[id])) { map.addLayer(S.switches[id]); }
      });
      if (B.stopPlayback) { B.stopPlayback(); }
      if (B.setTime) { B.setTime(null, null, true); }
      if (B.clearFilters) { B.clearFilters(); }
    }
    S.step = i; S.spider = null;
    document.body.classList.add("bm-story-on");
    var st = steps[i], panel = byId("bm-story");
    panel.hidden = false;
    byId("bm-step-count").textContent = "Step " + (i + 1) + " of " + steps.length;
    byId("bm-step-title").textContent = st.title;
    byId("bm-step-narration").textContent = st.narration;
    byId("bm-prev").disabled = i === 0;
    byId("bm-next").disabled = i === steps.length - 1;
    fillKey(st);
    fillClaims(st);
    map.closePopup();
    if (B.closeArea) { B.closeArea(); }
    S.moving = true;
    map.invalidateSize({ pan: false });
    var pad = framePadding(), b = L.latLngBounds(st.bounds);
    S.framing = pad;
    map.once("moveend", function () { S.moving = false; B.refresh(); });
    if (S.instant) { map.fitBounds(b, pad); } else { map.flyToBounds(b, L.extend({ duration: 1.2 }, pad)); }
    B.refresh();
  }

  function exitStory() {
    if (S.step < 0) { return; }
    S.step = -1;
    document.body.classList.remove("bm-story-on");
    byId("bm-story").hidden = true;
    var key = byId("bm-story-key");
    if (key) { key.hidden = true; }
    S.map.invalidateSize({ pan: false });
    S.map.fitBounds(S.bounds, S.fitOptions);
    B.refresh();
  }

  function keys() {
    document.addEventListener("keydown", function (ev) {
      var t = ev.target;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) { return; }
      if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
      var steps = S.data.story.steps.length;
      if (!steps) { return; }
      var k = ev.key;
      if (k === "ArrowRight" || k === "PageDown" || (k === " " && S.step >= 0)) { showStep(S.step + 1); }
      else if (k === "ArrowLeft" || k === "PageUp") { if (S.step > 0) { showStep(S.step - 1); } else { exitStory(); } }
      else if (k === "Home" && S.step >= 0) { showStep(0); }
      else if (k === "End" && S.step >= 0) { showStep(steps - 1); }
      else if (k === "Escape") { exitStory(); }
      else { return; }
      ev.preventDefault();
    });
    function on(id, fn) {
      var b = byId(id);
      if (b) { b.addEventListener("click", fn); L.DomEvent.disableClickPropagation(b); }
    }
    on("bm-present", function () { showStep(0); });
    on("bm-next", function () { showStep(S.step + 1); });
    on("bm-prev", function () { showStep(S.step - 1); });
    on("bm-exit", exitStory);
    on("bm-step-more", showAll);
  }

  function setup(map) {
    var panel = byId("bm-story"), key = byId("bm-story-key");
    if (!panel) { return; }
    // the panel and key float over the map, outside Leaflet's control corners
    map.getContainer().appendChild(panel);
    L.DomEvent.disableClickPropagation(panel);
    L.DomEvent.disableScrollPropagation(panel);
    if (key) { map.getContainer().appendChild(key); L.DomEvent.disableClickPropagation(key); }
    keys();
    window.addEventListener("resize", function () {
      if (S.step >= 0) { S.instant = true; showStep(S.step); S.instant = false; }
    });
  }

  B.exitStory = exitStory;
  B.api.story = {
    count: function () { return S.data.story.steps.length; },
    current: function () { return S.step; },
    go: function (i, instant) { S.instant = !!instant; showStep(i); S.instant = false; },
    next: function () { showStep(S.step + 1); },
    prev: function () { showStep(S.step - 1); },
    exit: exitStory,
    more: showAll,
    settled: function () { return !S.moving; },
    framing: function () { return S.framing; },
    /* the step's places on screen: name, marker box, and whether its label is shown */
    places: function () {
      var out = [];
      B.groups.places.eachLayer(function (l) {
        if (l.bmPlace === undefined || !B.stepSets().places[l.bmPlace]) { return; }
        var node = l.getElement().querySelector(".bm-donut"), r = node.getBoundingClientRect();
        out.push({ place: S.data.places[l.bmPlace].place, box: [r.left, r.top, r.width, r.height] });
      });
      // a whole country's tag stands for it (and is its label)
      (B.api.areas ? B.api.areas() : []).forEach(function (a) {
        if (a.lit) { out.push({ place: a.place, box: a.box, area: true }); }
      });
      return out;
    }
  };
  return { setup: setup };
});
