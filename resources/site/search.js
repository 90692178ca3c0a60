/* The exported brochure site's search page (see brochure_app/export/site_search.py).

   Two indexes, both written at export time, both files of the site itself (nothing is fetched from elsewhere):
   - pagefind/: Pagefind's index, used when the site is served by a web server. Pagefind loads it with fetch()
     and WebAssembly, which browsers refuse for pages opened from a folder (file://).
   - search/index.js: every page's title and text, loaded with a <script> element, which browsers allow from
     file:// too. Used from file://, when the export had no Pagefind, or when Pagefind fails to start.
   Found text is always put on the page as text (never as HTML). */
(function () {
  "use strict";

  var WINDOW = 220;

  /* Lower case, and a letter with an accent as the plain letter, one code unit for one: positions in the folded
     text are positions in the original, for the excerpt. */
  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var lower = c.toLowerCase();
      if (lower.length === 1) c = lower;
      var plain = c.normalize ? c.normalize("NFD") : c;
      if (plain.length > 1 && /[a-z]/.test(plain.charAt(0))) c = plain.charAt(0);
      out += c;
    }
    return out;
  }

  function words(query) {
    var seen = {}, out = [];
    fold(String(query || "")).split(/[^a-z0-9\u00c0-\uffff]+/).forEach(function (w) {
      if (w && !seen[w]) { seen[w] = true; out.push(w); }
    });
    return out;
  }

  function isWordChar(c) { return /[a-z0-9\u00c0-\uffff]/.test(c); }

  /* Every position where word starts a word of folded text. */
  function starts(folded, word) {
    var at = [], from = 0, i;
    while ((i = folded.indexOf(word, from)) >= 0) {
      if (i === 0 || !isWordChar(folded.charAt(i - 1))) at.push(i);
      from = i + 1;
    }
    return at;
  }

  function wordEnd(folded, i) {
    while (i < folded.length && isWordChar(folded.charAt(i))) i++;
    return i;
  }

  /* The text around the first match as [text, marked] pieces, each matched word marked. */
  function excerpt(text, folded, terms, first) {
    var start = Math.max(0, first - Math.floor(WINDOW / 3));
    if (start > 0) { var space = text.indexOf(" ", start); start = space >= 0 && space < first ? space + 1 : start; }
    var end = Math.min(text.length, start + WINDOW);
    if (end < text.length) { var back = text.lastIndexOf(" ", end); end = back > first ? back : end; }
    var marks = [];
    terms.forEach(function (w) {
      starts(folded.slice(0, end), w).forEach(function (i) { if (i >= start) marks.push([i, wordEnd(folded, i)]); });
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pieces = [], at = start;
    if (start > 0) pieces.push(["… ", false]);
    marks.forEach(function (m) {
      if (m[0] < at) return;
      if (m[0] > at) pieces.push([text.slice(at, m[0]), false]);
      pieces.push([text.slice(m[0], Math.min(m[1], end)), true]);
      at = Math.min(m[1], end);
    });
    if (at < end) pieces.push([text.slice(at, end), false]);
    if (end < text.length) pieces.push([" …", false]);
    return pieces;
  }

  /* Pages of index with every word of query at the start of a word of their title or text, best first. */
  function find(index, query, limit) {
    var terms = words(query), found = [];
    if (!terms.length) return found;
    index.pages.forEach(function (page) {
      if (page.foldedTitle === undefined) { page.foldedTitle = fold(page.title); page.foldedText = fold(page.text); }
      var score = 0, first = -1;
      for (var t = 0; t < terms.length; t++) {
        var inTitle = starts(page.foldedTitle, terms[t]).length;
        var inText = starts(page.foldedText, terms[t]);
        if (!inTitle && !inText.length) return;
        score += (inTitle ? 20 : 0) + Math.min(inText.length, 10);
        if (inText.length && (first < 0 || inText[0] < first)) first = inText[0];
      }
      found.push({
        url: page.url, title: page.title, kind: page.kind, score: score,
        excerpt: first >= 0 ? excerpt(page.text, page.foldedText, terms, first) : [[page.text.slice(0, WINDOW), false]]
      });
    });
    found.sort(function (a, b) { return b.score - a.score || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0); });
    return found.slice(0, limit || 50);
  }

  var basic = { find: find, fold: fold, words: words };
  if (typeof document === "undefined") {   // loaded by a test outside a browser
    this.BrochureBasicSearch = basic;
    return;
  }

  var script = document.currentScript;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var box = document.getElementById("site-search-q");
  var engine = null, starting = null, latest = 0;

  function say(text) { status.textContent = text; }

  /* Pagefind's excerpt marks words with <mark>: its pieces, decoded as text by an inert parser. */
  function pagefindPieces(html) {
    var parser = new DOMParser();
    return String(html).split(/(<mark>|<\/mark>)/).reduce(function (acc, part) {
      if (part === "<mark>") acc.marked = true;
      else if (part === "</mark>") acc.marked = false;
      else if (part) acc.pieces.push([parser.parseFromString("<p>" + part, "text/html").body.textContent, acc.marked]);
      return acc;
    }, { pieces: [], marked: false }).pieces;
  }

  function startPagefind(src) {
    return import(new URL(src, document.baseURI).href).then(function (pagefind) {
      // Result addresses from the folder the site is served from, at whatever address that is.
      var root = new URL(".", document.baseURI).pathname;
      return Promise.resolve(pagefind.options({ excerptLength: 30, baseUrl: root })).then(function () {
        return pagefind.init ? pagefind.init() : null;
      }).then(function () {
        return {
          name: "pagefind",
          search: function (query) {
            return pagefind.search(query).then(function (answer) {
              return Promise.all(answer.results.slice(0, 50).map(function (r) { return r.data(); }));
            }).then(function (pages) {
              return pages.map(function (p) {
                var meta = p.meta || {};
                return { url: p.url, title: meta.title || p.url, kind: meta.kind || "", excerpt: pagefindPieces(p.excerpt) };
              });
            });
          }
        };
      });
    });
  }

  function startBasic() {
    return new Promise(function (resolve, reject) {
      if (typeof BrochureSearchIndex !== "undefined") { resolve(); return; }
      var tag = document.createElement("script");
      tag.src = script.getAttribute("data-basic-index");
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("the search index did not load")); };
      document.head.appendChild(tag);
    }).then(function () {
      return { name: "basic", search: function (query) { return Promise.resolve(find(BrochureSearchIndex, query)); } };
    });
  }

  function start() {
    if (!starting) {
      var pagefind = script.getAttribute("data-pagefind");
      var first = pagefind && location.protocol !== "file:" ? startPagefind(pagefind) : Promise.reject(null);
      starting = first.catch(startBasic).then(function (e) { engine = e; list.setAttribute("data-engine", e.name); return e; });
    }
    return starting;
  }

  function show(query, results) {
    list.textContent = "";
    results.forEach(function (r) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = r.url;
      link.textContent = r.title;
      item.appendChild(link);
      if (r.kind) {
        var kind = document.createElement("span");
        kind.className = "tag tag-kind";
        kind.textContent = r.kind;
        item.appendChild(document.createTextNode(" "));
        item.appendChild(kind);
      }
      var text = document.createElement("p");
      text.className = "excerpt";
      r.excerpt.forEach(function (piece) {
        if (piece[1]) {
          var mark = document.createElement("mark");
          mark.textContent = piece[0];
          text.appendChild(mark);
        } else {
          text.appendChild(document.createTextNode(piece[0]));
        }
      });
      item.appendChild(text);
      list.appendChild(item);
    });
    var n = results.length;
    say(n ? (n === 1 ? "1 page" : n + " pages") + " found for “" + query + "”."
          : "No pages found for “" + query + "”. Try fewer words, or other words.");
  }

  function run(query) {
    var mine = ++latest;
    query = query.trim();
    if (!query) { list.textContent = ""; say("Type words in the search box above and press Enter."); return; }
    say("Searching…");
    start().then(function (e) { return e.search(query); }).then(function (results) {
      if (mine === latest) show(query, results);
    }).catch(function () {
      if (mine === latest) say("Search is not available in this browser. Every page is listed under the sections above.");
    });
  }

  var query = new URLSearchParams(location.search).get("q") || "";
  if (box) {
    box.value = query;
    var timer = null;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(box.value); }, 200);
    });
    box.form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(box.value.trim())); } catch (e) { /* file:// */ }
      run(box.value);
    });
  }
  run(query);
}).call(this);
