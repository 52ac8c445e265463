// Pagefind's search in Material's header: the box, the "/" shortcut (also "s" and "f", as in
// Material), results with their story and kind of page, filters, and the search words
// highlighted on the page a result opens.
(function () {
  "use strict";
  var root = document.querySelector("[data-digest-search]");
  if (!root) return;
  // absolute addresses: "pagefind/" on the front page would be a bare module name to import()
  var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI).href;
  // the search box imports Pagefind through digest-pagefind/pagefind.js, which merges the
  // pages changed since the last full index and hides their old copies (digest/search.py)
  var module = new URL(root.getAttribute("data-module"), document.baseURI).href;

  new PagefindUI({
    element: "#digest-search",
    bundlePath: module,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    excerptLength: 24,
    highlightParam: "highlight",
    translations: { placeholder: "Search" },
  });

  function input() {
    return root.querySelector(".pagefind-ui__search-input");
  }

  // in a text field the keys are text; on a checkbox or radio (Material's toggles) they are not
  function typing(target) {
    if (!target) return false;
    if (target.tagName === "INPUT") return !/^(checkbox|radio|button|submit|reset)$/.test(target.type);
    return target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName);
  }

  // capture phase, ahead of Material's own keyboard handling
  document.addEventListener("keydown", function (event) {
    var box = input();
    if (!box || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && document.activeElement === box) {
      box.blur();
      root.classList.remove("digest-search--open");
      return;
    }
    if ((event.key === "/" || event.key === "s" || event.key === "f") && !typing(event.target)) {
      event.preventDefault();
      event.stopPropagation();
      box.focus();
      box.select();
    }
  }, true);

  root.addEventListener("focusin", function () { root.classList.add("digest-search--open"); });
  document.addEventListener("click", function (event) {
    if (!root.contains(event.target)) root.classList.remove("digest-search--open");
  });

  var params = new URLSearchParams(window.location.search);
  if (params.has("highlight")) {
    import(bundle + "pagefind-highlight.js").then(function () {
      new PagefindHighlight({ highlightParam: "highlight", markContext: "[data-pagefind-body]" });
    });
  }
})();
