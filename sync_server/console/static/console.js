// Ward console: what JavaScript adds to pages that work without it.
// - Drafts: every field marked data-draft is kept in this browser's localStorage as it is
//   typed, and put back after a reload, a wrong click or an action that did not use it.
//   An action that succeeded (?done=<action>) consumes the fields it used (data-consumed-by).
// - Leaving a page with unsaved typing asks first.
// - Links marked data-print open the print dialog once the page has loaded.
(function () {
  "use strict";
  var PREFIX = "dv-draft:";
  var dirty = false;
  var submitting = false;

  function store(key, value) {
    try {
      if (value) { localStorage.setItem(PREFIX + key, value); }
      else { localStorage.removeItem(PREFIX + key); }
    } catch (e) { /* private mode or full: the page still works */ }
  }
  function stored(key) {
    try { return localStorage.getItem(PREFIX + key); } catch (e) { return null; }
  }

  // A checkbox's draft is "1" or "0" (its value attribute never changes).
  function valueOf(el) {
    return el.type === "checkbox" ? (el.checked ? "1" : "0") : el.value;
  }
  function setValue(el, value) {
    if (el.type === "checkbox") { el.checked = value === "1"; } else { el.value = value; }
  }

  // An action's redirect (?done=<action>) consumes the drafts it used, once: a reload or a
  // return by Back to the same address must not throw away what was typed since.
  function freshArrival() {
    var nav = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    return !nav || (nav.type !== "reload" && nav.type !== "back_forward");
  }

  function restoreDrafts() {
    var done = freshArrival() ? new URLSearchParams(location.search).get("done") : null;
    var restored = 0;
    document.querySelectorAll("[data-draft]").forEach(function (el) {
      var key = el.getAttribute("data-draft");
      var consumers = (el.getAttribute("data-consumed-by") || "").split(" ");
      if (done && consumers.indexOf(done) >= 0) { store(key, ""); return; }
      if (el.hasAttribute("data-typed")) { store(key, valueOf(el)); return; }
      var saved = stored(key);
      if (saved !== null && saved !== valueOf(el)) {
        setValue(el, saved);
        el.classList.add("restored");
        restored += 1;
        dirty = true;
      }
    });
    if (restored) {
      var form = document.querySelector("[data-draft]").form;
      var note = document.createElement("p");
      note.className = "message info";
      note.setAttribute("role", "status");
      note.textContent = document.documentElement.lang === "en"
        ? "Your unsaved typing was put back."
        : "Nội dung anh/chị đang soạn dở đã được khôi phục.";
      if (form) { form.insertBefore(note, form.firstChild); }
    }
  }

  function watchDrafts() {
    document.addEventListener("input", function (ev) {
      var el = ev.target;
      if (el && el.hasAttribute && el.hasAttribute("data-draft")) {
        store(el.getAttribute("data-draft"), valueOf(el));
        dirty = true;
      }
    });
    document.addEventListener("submit", function () { submitting = true; });
    document.addEventListener("click", function (ev) {
      var el = ev.target;
      if (el && el.hasAttribute && el.hasAttribute("data-discard-drafts")) {
        document.querySelectorAll("[data-draft]").forEach(function (f) {
          store(f.getAttribute("data-draft"), "");
        });
        dirty = false;
      }
    });
    window.addEventListener("beforeunload", function (ev) {
      if (dirty && !submitting) { ev.preventDefault(); ev.returnValue = ""; }
    });
  }

  function printLinks() {
    if (new URLSearchParams(location.search).get("print") === "1") { window.print(); }
    document.querySelectorAll("a[data-print]").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        var url = new URL(a.href);
        url.searchParams.set("print", "1");
        window.open(url.toString(), "_blank");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    restoreDrafts();
    watchDrafts();
    printLinks();
  });
})();
