/* sitmap standalone page: title bar, "generated on" note with sources, and the date range
 * slider with a per-day histogram and a play button. Runs after map.js has set up
 * window.sitmap (util.js gives it el and the day helpers); talks to the map only through
 * that API. All text goes in via textContent.
 */
(function () {
  "use strict";

  var util = window.sitmapUtil, core = window.sitmapCore;
  var DAY_MS = util.DAY_MS, el = util.el, isoToDay = util.isoToDay, dayToIso = util.dayToIso;
  var PLAY_STEP_MS = 700;
  var WEB_URL = /^https?:\/\/[^\s]/i;

  function pretty(day) {
    return new Date(day * DAY_MS).toLocaleDateString("en-GB", {
      day: "numeric", month: "short", year: "numeric", timeZone: "UTC",
    });
  }

  function header(config) {
    var bar = el("header", "sm-header");
    var left = el("div", "sm-heading");
    left.appendChild(el("h1", "sm-page-title", config.title || "Situation map"));
    if (config.subtitle) left.appendChild(el("div", "sm-subtitle", config.subtitle));
    bar.appendChild(left);
    var right = el("div", "sm-provenance");
    var count = config.articleTotal !== undefined ? config.articleTotal : config.articles.length;
    // Events read from event tables (ACLED, another sitmap export) come from no article:
    // no "from 0 articles" then.
    right.appendChild(el("div", "sm-generated", "Generated on " + config.generated +
      (count > 0 ? " from " + count + (count === 1 ? " article" : " articles") : "")));
    var details = el("details", "sm-sources-list");
    details.appendChild(el("summary", "", "Sources"));
    var list = el("ol");
    config.articles.forEach(function (a) {
      var item = el("li");
      item.appendChild(el("span", "sm-src-name", a.source || "unknown source"));
      item.appendChild(document.createTextNode(" — "));
      var title = el(WEB_URL.test(a.url || "") ? "a" : "span", "sm-src-title", a.title);
      if (title.tagName === "A") {
        // An http(s) address only, set as an attribute (data, never markup).
        title.setAttribute("href", a.url);
        title.setAttribute("rel", "noopener noreferrer");
        title.setAttribute("target", "_blank");
      }
      item.appendChild(title);
      if (a.published) item.appendChild(el("span", "sm-src-date", " (" + a.published + ")"));
      list.appendChild(item);
    });
    details.appendChild(list);
    right.appendChild(details);
    bar.appendChild(right);
    return bar;
  }

  function timeline(api, panel) {
    var span = api.dataSpan();
    if (span[0] === null) {
      panel.appendChild(el("div", "sm-no-dates", "No dated events"));
      return panel;
    }
    var first = isoToDay(span[0]), last = isoToDay(span[1]);
    var days = last - first;
    var play = el("button", "sm-play", "▶");
    play.type = "button";
    play.title = "Play: step the date window through time (Space)";
    play.setAttribute("aria-label", "Play");
    panel.appendChild(play);
    // Speed, step and cumulative mode (the window's time bar offers the same).
    var options = el("div", "sm-play-options");
    var speedBox = el("select", "sm-play-speed");
    core.PLAY_SPEEDS.forEach(function (v) {
      var o = el("option", "", v + "×");
      o.value = String(v);
      speedBox.appendChild(o);
    });
    speedBox.value = "1";
    speedBox.title = "Playback speed";
    var stepBox = el("select", "sm-play-step");
    Object.keys(core.PLAY_STEPS).forEach(function (name) {
      var o = el("option", "", "by " + name);
      o.value = name;
      stepBox.appendChild(o);
    });
    stepBox.title = "Each step moves the shown days by a day or by a week";
    var growLabel = el("label", "sm-play-grow");
    var growBox = el("input");
    growBox.type = "checkbox";
    growLabel.appendChild(growBox);
    growLabel.appendChild(document.createTextNode(" cumulative"));
    growLabel.title = "Keep the first day: the shown days grow instead of sliding";
    [speedBox, stepBox, growLabel].forEach(function (n) { options.appendChild(n); });
    panel.appendChild(options);

    var middle = el("div", "sm-track");
    var canvas = el("canvas", "sm-histogram");
    middle.appendChild(canvas);
    var lo = el("input", "sm-range sm-range-from");
    var hi = el("input", "sm-range sm-range-to");
    [lo, hi].forEach(function (input) {
      input.type = "range";
      input.min = "0";
      input.max = String(days);
      input.step = "1";
      middle.appendChild(input);
    });
    lo.setAttribute("aria-label", "first day shown");
    hi.setAttribute("aria-label", "last day shown");
    var labels = el("div", "sm-range-labels");
    var fromLabel = el("span", "sm-from-label");
    var countLabel = el("span", "sm-count-label");
    var toLabel = el("span", "sm-to-label");
    labels.appendChild(fromLabel);
    labels.appendChild(countLabel);
    labels.appendChild(toLabel);
    middle.appendChild(labels);
    panel.appendChild(middle);

    var background = el("label", "sm-bg-toggle");
    var box = el("input");
    box.type = "checkbox";
    box.checked = api.getFilter().showBackground;
    background.appendChild(box);
    background.appendChild(document.createTextNode(" background places"));
    background.title = "Show places that are only a dateline or a passing mention";
    panel.appendChild(background);

    function current() {
      var r = api.getRange();
      var a = r[0] === null ? first : Math.max(first, isoToDay(r[0]));
      var b = r[1] === null ? last : Math.min(last, isoToDay(r[1]));
      return [a, b];
    }

    function paint() {
      var r = current();
      lo.value = String(r[0] - first);
      hi.value = String(r[1] - first);
      fromLabel.textContent = "Showing " + pretty(r[0]) + " – " + pretty(r[1]);
      toLabel.textContent = "Data: " + pretty(first) + " – " + pretty(last);
      countLabel.textContent = api.visibleCount().toLocaleString("en") + " of " +
        api.totalCount().toLocaleString("en") + " events shown";
      box.checked = api.getFilter().showBackground;  // a storyboard scene may change it
      var ratio = window.devicePixelRatio || 1;
      var w = canvas.clientWidth, h = canvas.clientHeight;
      canvas.width = Math.max(1, Math.round(w * ratio));
      canvas.height = Math.max(1, Math.round(h * ratio));
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, w, h);
      var counts = api.dayCounts().counts;
      var max = Math.max.apply(null, counts.concat([1]));
      var bw = w / counts.length;
      for (var d = 0; d < counts.length; d++) {
        if (!counts[d]) continue;
        var bh = Math.max(1, (counts[d] / max) * (h - 2));
        var inside = first + d >= r[0] && first + d <= r[1];
        ctx.fillStyle = inside ? "#34495e" : "#c3c9ce";
        ctx.fillRect(d * bw + 0.5, h - bh, Math.max(1, bw - 1), bh);
      }
    }

    function fromInputs(moved) {
      var a = +lo.value, b = +hi.value;
      if (a > b) { if (moved === lo) b = a; else a = b; }
      api.setRange(dayToIso(first + a), dayToIso(first + b));
    }
    lo.addEventListener("input", function () { stop(); fromInputs(lo); });
    hi.addEventListener("input", function () { stop(); fromInputs(hi); });
    box.addEventListener("change", function () { api.setFilter({ showBackground: box.checked }); });

    var timer = null;
    function intervalMs() { return Math.round(PLAY_STEP_MS / Number(speedBox.value)); }
    function stepDays() { return core.PLAY_STEPS[stepBox.value]; }
    function stop() {
      if (timer !== null) window.clearInterval(timer);
      timer = null;
      play.textContent = "▶";
      play.setAttribute("aria-label", "Play");
    }
    // One tick: slide (or grow) by the step; false at the end of the data, where it stops.
    function step() {
      var next = core.playNext(current(), first, last, stepDays(), growBox.checked);
      if (next === null) { stop(); return false; }
      api.setRange(dayToIso(next[0]), dayToIso(next[1]));
      return true;
    }
    function start() {
      // From the full span (or its end), play from the first step; else from the chosen days.
      var r = core.playStart(current(), first, last, stepDays());
      api.setRange(dayToIso(r[0]), dayToIso(r[1]));
      timer = window.setInterval(step, intervalMs());
      play.textContent = "❚❚";
      play.setAttribute("aria-label", "Pause");
    }
    function toggle() {
      if (timer !== null) stop(); else start();
      return timer !== null;
    }
    // A new speed applies at once while playing.
    speedBox.addEventListener("change", function () {
      if (timer === null) return;
      window.clearInterval(timer);
      timer = window.setInterval(step, intervalMs());
    });
    play.addEventListener("click", toggle);
    // Space plays and pauses, unless a control has the key (a button clicks itself on it).
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== " " || ev.altKey || ev.ctrlKey || ev.metaKey) return;
      var tag = ev.target && ev.target.tagName;
      if (tag === "INPUT" || tag === "SELECT" || tag === "BUTTON" || tag === "TEXTAREA") return;
      toggle();
      ev.preventDefault();
    });

    // Extensions of window.sitmap for links and tests (docs/design.md).
    api.playback = function () {
      return { playing: timer !== null, speed: Number(speedBox.value), step: stepBox.value,
        cumulative: growBox.checked, intervalMs: intervalMs() };
    };
    api.setPlayback = function (options) {
      var o = options || {};
      if (o.speed !== undefined && core.PLAY_SPEEDS.indexOf(Number(o.speed)) >= 0) {
        speedBox.value = String(Number(o.speed));
        speedBox.dispatchEvent(new Event("change"));
      }
      if (Object.prototype.hasOwnProperty.call(core.PLAY_STEPS, o.step)) stepBox.value = o.step;
      if (o.cumulative !== undefined) growBox.checked = o.cumulative === true;
      return api.playback();
    };
    api.togglePlay = toggle;
    api.playStep = step;

    api.onChange(paint);
    window.addEventListener("resize", paint);
    window.requestAnimationFrame(paint);
    paint();
    return panel;
  }

  window.sitmapPanels = window.sitmapPanels || {};
  window.sitmapPanels.standalone = {
    // Before the map draws: make room for the title bar and the timeline.
    layout: function (config, map) {
      document.body.classList.add("sm-standalone");
      document.body.insertBefore(header(config), document.body.firstChild);
      var footer = el("footer", "sm-timeline");
      document.body.appendChild(footer);
      map.invalidateSize(false);
      return footer;
    },
    attach: function (api, footer) { timeline(api, footer); },
  };
})();
