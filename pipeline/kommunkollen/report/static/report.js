/* Kommunkollen report: the language button, table filters and the document search. The pages
   read without it; nothing here writes HTML from data (textContent only). */
(function () {
  "use strict";
  var KEY = "kommunkollen-report-lang";

  function setLanguage(lang) {
    // Only the labels change language (each carries its own lang); the page's content is Swedish.
    document.documentElement.classList.toggle("en", lang === "en");
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* storage off: this page only */ }
  }

  function storedLanguage() {
    try { return window.localStorage.getItem(KEY) || "sv"; } catch (e) { return "sv"; }
  }

  function normalise(s) {
    return (s || "").toLocaleLowerCase("sv");
  }

  function initFilters() {
    var inputs = document.querySelectorAll("input[data-filter-for]");
    Array.prototype.forEach.call(inputs, function (input) {
      var table = document.getElementById(input.getAttribute("data-filter-for"));
      if (!table) { return; }
      input.closest(".filter").hidden = false;
      input.addEventListener("input", function () {
        var q = normalise(input.value);
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          row.hidden = q !== "" && normalise(row.textContent).indexOf(q) === -1;
        });
      });
    });
  }

  function initSearch() {
    var form = document.querySelector("form.search");
    if (!form || !window.KK_INDEX) { return; }
    form.hidden = false;
    var input = document.getElementById("q");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var index = window.KK_INDEX.map(function (d) { return [d, normalise(d.slice(1).join(" "))]; });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    function run() {
      var words = normalise(input.value).split(/\s+/).filter(Boolean);
      list.textContent = "";
      if (!words.length) { status.textContent = ""; return; }
      var hits = index.filter(function (item) {
        return words.every(function (w) { return item[1].indexOf(w) !== -1; });
      });
      status.textContent = hits.length + (document.documentElement.classList.contains("en") ? " documents" : " dokument");
      hits.slice(0, 200).forEach(function (item) {
        var d = item[0];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "doc/" + d[0];
        a.textContent = d[1] || d[0];
        li.appendChild(a);
        li.appendChild(document.createTextNode(" · " + [d[2], d[3], d[4]].filter(Boolean).join(" · ")));
        list.appendChild(li);
      });
    }
    input.addEventListener("input", run);
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; run(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setLanguage(storedLanguage());
    var button = document.querySelector(".lang-toggle");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        setLanguage(document.documentElement.classList.contains("en") ? "sv" : "en");
      });
    }
    initFilters();
    initSearch();
  });
}());
