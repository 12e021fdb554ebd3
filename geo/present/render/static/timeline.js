/* Timeline: a histogram of claims by year, a two-handle range and a play
 * button that reveals the years one by one (cumulative, as TimeMap does).
 * A claim counts by its event year; one with no event date counts by its
 * publication year while "undated" is ticked and is hidden otherwise.
 */
BRIEFMAP.module("timeline", function (B) {
  "use strict";
  var S = B.S, T = null, from = null, to = null, und = null, play = null, timer = null, years = [];
  S.from = 0; S.to = 0; S.undated = true;

  function timeOk(c) {
    if (!c.t || c.t_from !== "event") { if (!S.undated) { return false; } }
    if (!c.t) { return true; }
    var y = parseInt(c.t.slice(0, 4), 10);
    if (S.from > T.min && y < S.from) { return false; }
    if (S.to < T.max && y > S.to) { return false; }
    return true;
  }

  function setTime(a, b, undated) {
    S.from = Math.max(T.min, Math.min(T.max, a === null || a === undefined ? T.min : a));
    S.to = Math.max(S.from, Math.min(T.max, b === null || b === undefined ? T.max : b));
    if (undated !== undefined) { S.undated = !!undated; }
    if (from) { from.value = String(S.from); to.value = String(S.to); }
    if (und) { und.checked = S.undated; }
    B.refresh();
  }

  function stop() {
    if (timer) { window.clearInterval(timer); timer = null; }
    if (play) { play.textContent = "\u25b6 Play"; play.setAttribute("aria-pressed", "false"); }
  }

  /* Step the "to" handle through the years that have claims, one per tick. */
  function start(ms) {
    stop();
    var next = years.filter(function (y) { return y >= S.from; });
    if (!next.length) { return; }
    if (S.to >= T.max || next.indexOf(S.to) < 0) { setTime(S.from, next[0]); }
    play.textContent = "\u275a\u275a Pause";
    play.setAttribute("aria-pressed", "true");
    timer = window.setInterval(function () {
      var later = years.filter(function (y) { return y > S.to; });
      if (!later.length) { setTime(S.from, T.max); stop(); return; }
      setTime(S.from, later[0]);
    }, ms || 900);
  }

  function readout() {
    var range = document.getElementById("bm-tl-range"), cnt = document.getElementById("bm-tl-count");
    if (!range) { return; }
    var lo = S.from <= T.min ? (T.earliest < T.min ? "\u2264" + T.min : T.min) : S.from;
    var hi = S.to >= T.max ? "today" : S.to;
    range.textContent = lo + " \u2013 " + hi;
    cnt.textContent = "showing " + B.visibleCount() + " of " + S.data.claims.length + " claims";
    Array.prototype.forEach.call(document.querySelectorAll(".bm-tl-bar"), function (bar) {
      var y = parseInt(bar.dataset.year, 10);
      var inside = (S.from <= T.min || y >= S.from) && (S.to >= T.max || y <= S.to);
      bar.classList.toggle("bm-out", !inside);
    });
  }

  function setup(map, data) {
    T = data.time;
    S.from = T.min; S.to = T.max;
    from = document.getElementById("bm-tl-from"); to = document.getElementById("bm-tl-to");
    und = document.getElementById("bm-tl-undated"); play = document.getElementById("bm-tl-play");
    if (!from || !to) { return; }
    var hist = document.getElementById("bm-tl-hist"), bins = {}, peak = 1;
    data.claims.forEach(function (c) {
      if (!c.t) { return; }
      var y = Math.max(T.min, Math.min(T.max, parseInt(c.t.slice(0, 4), 10)));
      bins[y] = (bins[y] || 0) + 1;
      peak = Math.max(peak, bins[y]);
    });
    years = Object.keys(bins).map(Number).sort(function (a, b) { return a - b; });
    var span = Math.max(1, T.max - T.min + 1);
    for (var y = T.min; y <= T.max; y++) {
      var bar = B.add(hist, "span", "bm-tl-bar");
      // A share of the histogram's own height, which the stylesheet sets per screen size
      // (a fixed 40 px overflowed the 26 px strip of a laptop screen onto the panel's head).
      bar.style.height = bins[y] ? Math.max(8, Math.round(100 * Math.sqrt(bins[y] / peak))) + "%" : "0";
      bar.style.width = (100 / span) + "%";
      bar.dataset.year = String(y);
      bar.title = y + ": " + (bins[y] || 0);
    }
    function onInput() {
      stop();
      var a = parseInt(from.value, 10), b = parseInt(to.value, 10);
      if (a > b) { if (this === from) { to.value = String(a); b = a; } else { from.value = String(b); a = b; } }
      S.from = a; S.to = b; S.undated = und.checked;
      B.refresh();
    }
    from.addEventListener("input", onInput);
    to.addEventListener("input", onInput);
    und.addEventListener("change", onInput);
    if (play) {
      play.addEventListener("click", function () { if (timer) { stop(); } else { start(); } });
    }
    L.DomEvent.disableClickPropagation(document.getElementById("bm-timeline"));
  }

  B.filters.push(function (c) { return T === null || timeOk(c); });
  B.onDraw("timeline", 40, readout);
  B.setTime = setTime;
  B.stopPlayback = stop;
  B.api.setTime = setTime;
  B.api.play = function (ms) { start(ms); return years.slice(); };
  B.api.playing = function () { return !!timer; };
  return { setup: setup };
});
