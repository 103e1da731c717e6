/* Full-text search over the static Pagefind index (built at render time; segments Chinese).
   Pagefind loads its index with fetch, which browsers refuse for file:// pages: say so. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");

  if (location.protocol === "file:") {
    document.getElementById("search-file").hidden = false;
    form.hidden = true;
    return;
  }

  // the site root: this page sits at the top of the site
  var root = new URL(".", location.href);
  var engine = null;

  function load() {
    if (!engine) {
      // a large board's index comes in shards: the main bundle merges the others
      var merge = (form.getAttribute("data-merge") || "").split(" ").filter(Boolean);
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname }).then(function () {
          return Promise.all(merge.map(function (bundle) {
            return pagefind.mergeIndex(new URL(bundle, root).pathname, { baseUrl: root.pathname });
          }));
        }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  // copy an excerpt as text, keeping only Pagefind's <mark> highlights
  function excerpt(html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var p = document.createElement("p");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function show(query) {
    list.textContent = "";
    if (!query) { status.textContent = ""; return; }
    status.textContent = status.getAttribute("data-loading");
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }));
    }).then(function (results) {
      status.textContent = results.length
        ? status.getAttribute("data-found").replace("{n}", String(results.length))
        : status.getAttribute("data-none");
      results.forEach(function (data) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = data.url;
        a.textContent = (data.meta && data.meta.title) || data.url;
        li.appendChild(a);
        li.appendChild(excerpt(data.excerpt || ""));
        list.appendChild(li);
      });
    }).catch(function (error) {
      status.textContent = String(error);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    var url = new URL(location.href);
    url.searchParams.set("q", query);
    history.replaceState(null, "", url.href);
    show(query);
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    show(initial.trim());
  }
})();
