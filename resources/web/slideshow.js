/* sitmap standalone slideshow: the storyboard's scenes, one step at a time, with a caption
 * bar, Prev/Next buttons and keys (Right/PageDown next, Left/PageUp previous, Esc leaves).
 * Each step sets the scene's filters and date range (the timeline follows), flies the map
 * to its view and rings its highlighted events. Talks to the map only through
 * window.sitmap; captions are the user's text and go in via textContent.
 */
(function () {
  "use strict";

  var FLY_SECONDS = 1.2;
  // Leaflet can drop an animated move (a redraw in between, a hidden tab): once the flight
  // should be over the scene's view is set again without animation, a no-op if it arrived.
  var SETTLE_MS = FLY_SECONDS * 1000 + 400;
  var NEXT = { ArrowRight: true, PageDown: true };
  var PREVIOUS = { ArrowLeft: true, PageUp: true };

  var el = window.sitmapUtil.el;

  function button(className, text, title) {
    var b = el("button", className, text);
    b.type = "button";
    b.title = title;
    return b;
  }

  function attach(api, ui) {
    var scenes = api.config.scenes || [];
    var index = -1;
    var presenting = true;
    var settle = null;

    function render() {
      var scene = index >= 0 ? scenes[index] : null;
      ui.bar.classList.toggle("sm-slideshow-paused", !presenting);
      ui.caption.textContent = !presenting ? "Slideshow stopped"
        : scene !== null ? (scene.caption || "(no caption)")
          : "Briefing in " + scenes.length + (scenes.length === 1 ? " scene" : " scenes") +
            ": press → or Next to start";
      ui.caption.title = ui.caption.textContent;
      ui.counter.textContent = (index >= 0 ? index + 1 : "–") + " / " + scenes.length;
      ui.prev.disabled = !presenting || index <= 0;
      ui.next.disabled = !presenting || index >= scenes.length - 1;
      ui.prev.hidden = ui.next.hidden = ui.counter.hidden = ui.leave.hidden = !presenting;
      ui.resume.hidden = presenting;
      // While it runs, the legend folds to the one-line key of the categories on the map,
      // as the window's presentation shows it (map.css, body.sitmap-presenting).
      if (api.setPresenting) api.setPresenting(presenting);
    }

    // Fly to scene i (at once with instant); false when there is no such scene.
    function show(i, instant) {
      if (i < 0 || i >= scenes.length) return false;
      var scene = scenes[i];
      index = i;
      presenting = true;
      var f = scene.filters || {};
      api.setFilter({
        categories: f.categories === undefined ? null : f.categories,
        text: f.text || "",
        showBackground: f.showBackground !== false,
        sources: f.sources === undefined ? null : f.sources,
        roles: f.roles === undefined ? null : f.roles,
      });
      api.setRange(scene.range[0], scene.range[1]);
      api.highlight(scene.highlighted || []);
      if (api.setAnnotationScene) api.setAnnotationScene((api.config.sceneIds || [])[i]);
      var v = scene.view;
      if (settle !== null) window.clearTimeout(settle);
      settle = null;
      if (instant === true) {
        api.setView(v.lat, v.lon, v.zoom, false);
        render();
        return true;
      }
      api.flyTo(v.lat, v.lon, v.zoom, FLY_SECONDS);
      settle = window.setTimeout(function () {
        settle = null;
        var now = api.getView();
        if (now.zoom !== v.zoom || Math.abs(now.lat - v.lat) > 1e-6 ||
            Math.abs(now.lon - v.lon) > 1e-6) api.setView(v.lat, v.lon, v.zoom, false);
      }, SETTLE_MS);
      render();
      return true;
    }

    function leave() {
      presenting = false;
      api.highlight([]);
      if (api.setAnnotationScene) api.setAnnotationScene(null);
      render();
    }

    ui.prev.addEventListener("click", function () { show(index - 1); });
    ui.next.addEventListener("click", function () { show(index + 1); });
    ui.leave.addEventListener("click", leave);
    ui.resume.addEventListener("click", function () { show(Math.max(index, 0)); });
    // Capture phase, so the arrows step the slideshow instead of panning the map.
    document.addEventListener("keydown", function (ev) {
      if (!presenting || ev.altKey || ev.ctrlKey || ev.metaKey) return;
      var target = ev.target;
      if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
      var step = NEXT[ev.key] ? 1 : PREVIOUS[ev.key] ? -1 : 0;
      if (step !== 0) show(index + step);
      else if (ev.key === "Escape") leave();
      else return;
      ev.preventDefault();
      ev.stopPropagation();
    }, true);

    // Extensions of window.sitmap for links and tests (see docs/design.md).
    api.scene = show;
    api.sceneIndex = function () { return index; };
    api.sceneCount = function () { return scenes.length; };
    api.presenting = function () { return presenting; };
    api.leaveSlideshow = leave;
    render();
    // "#scene=N" (1-based) opens the page on that scene: a link to one step of the briefing.
    var asked = /(?:^#|&)scene=(\d+)/.exec(window.location.hash);
    if (asked !== null) show(Number(asked[1]) - 1, true);
  }

  window.sitmapPanels = window.sitmapPanels || {};
  window.sitmapPanels.slideshow = {
    // The caption bar sits between the title bar and the map, the same height whether the
    // slideshow runs or not, so leaving it never resizes the map.
    layout: function (config, map) {
      document.body.classList.add("sm-with-slideshow");
      var bar = el("div", "sm-slideshow");
      bar.setAttribute("role", "region");
      bar.setAttribute("aria-label", "Slideshow");
      var ui = {
        bar: bar,
        caption: el("div", "sm-slide-caption"),
        prev: button("sm-slide-prev", "‹ Prev", "Previous scene (← or Page Up)"),
        counter: el("span", "sm-slide-counter"),
        next: button("sm-slide-next", "Next ›", "Next scene (→ or Page Down)"),
        leave: button("sm-slide-leave", "✕", "Leave the slideshow (Esc)"),
        resume: button("sm-slide-resume", "▶ Slideshow", "Show the storyboard's scenes"),
      };
      ui.caption.setAttribute("aria-live", "polite");
      var nav = el("div", "sm-slide-nav");
      [ui.prev, ui.counter, ui.next, ui.leave, ui.resume].forEach(function (n) {
        nav.appendChild(n);
      });
      bar.appendChild(ui.caption);
      bar.appendChild(nav);
      var header = document.querySelector(".sm-header");
      document.body.insertBefore(bar, header ? header.nextSibling : document.body.firstChild);
      map.invalidateSize(false);
      return ui;
    },
    attach: attach,
  };
})();
