/* window.sitmapUtil: helpers every page script shares; loaded first. */
(function () {
  "use strict";

  var DAY_MS = 86400000;

  // Days since 1970-01-01 of an ISO date; null for none or a bad one.
  function isoToDay(iso) {
    if (iso === null || iso === undefined || iso === "") return null;
    var t = Date.parse(String(iso).slice(0, 10) + "T00:00:00Z");
    return isNaN(t) ? null : Math.round(t / DAY_MS);
  }

  function dayToIso(day) {
    return day === null ? null : new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  // An element with this class and text (a text node: never HTML).
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  window.sitmapUtil = { DAY_MS: DAY_MS, isoToDay: isoToDay, dayToIso: dayToIso, el: el };
})();
