/**
 * The static assets of the HTML catalog: one stylesheet (readable on a phone: diagrams at their
 * natural size in a frame that scrolls sideways, tables as one card per row; light and dark)
 * and one classic script (no modules, so it runs from `file://`): search and filters on the
 * index, Mermaid rendering on service pages. Mermaid itself is copied from the installed
 * `mermaid` package by the CLI (see `mermaidScriptPath`), never fetched from a CDN.
 */

/** Paths of the assets inside the catalog folder. */
export const ASSETS = {
  css: 'assets/catalog.css',
  js: 'assets/catalog.js',
  mermaid: 'assets/mermaid.min.js',
} as const;

export const CATALOG_CSS = `:root {
  color-scheme: light dark;
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --border: #d1d9e0;
  --link: #0969da; --note: #0969da; --warn: #9a6700; --important: #8250df;
  --test: #1a7f37; --internal: #9a6700; --external: #cf222e;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --border: #3d444d;
    --link: #4493f8; --note: #4493f8; --warn: #d29922; --important: #ab7df8;
    --test: #3fb950; --internal: #d29922; --external: #f85149;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--fg); background: var(--bg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
}
a { color: var(--link); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.875em; }
code { background: var(--panel); border-radius: 4px; padding: 0.1em 0.3em; overflow-wrap: anywhere; }
pre { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 0.75rem; overflow-x: auto; }
pre code { background: none; padding: 0; overflow-wrap: normal; }
.site { border-bottom: 1px solid var(--border); background: var(--panel); padding: 0.75rem 1rem; }
.site a { font-weight: 600; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.75rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.4rem; border-bottom: 1px solid var(--border); padding-bottom: 0.25rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin-top: 1.5rem; }
h4 { font-size: 1rem; margin-top: 1.25rem; }
h1, h2, h3, h4 { scroll-margin-top: 1rem; overflow-wrap: anywhere; }
ul, ol { padding-left: 1.4rem; }
li { margin: 0.15rem 0; overflow-wrap: anywhere; }
blockquote { margin: 0.5rem 0; padding: 0 1rem; border-left: 4px solid var(--border); color: var(--muted); }
.admonition { border-left: 4px solid var(--note); padding: 0.25rem 1rem; margin: 1rem 0; background: var(--panel); border-radius: 0 6px 6px 0; }
.admonition-warning, .admonition-caution { border-color: var(--warn); }
.admonition-important { border-color: var(--important); }
.admonition-title { font-weight: 600; margin: 0.25rem 0; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; min-width: 100%; }
th, td { border: 1px solid var(--border); padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
th { background: var(--panel); }
figure.diagram { margin: 1rem 0; overflow-x: auto; -webkit-overflow-scrolling: touch; }
figure.diagram figcaption { color: var(--muted); font-size: 0.85rem; }
pre.mermaid { background: none; border: none; text-align: center; overflow: visible; }
pre.mermaid svg { max-width: 100%; height: auto; }
.filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0.75rem; margin: 1rem 0; }
.filters label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); gap: 0.25rem; }
.filters input, .filters select {
  font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border);
  border-radius: 6px; padding: 0.5rem; min-height: 2.75rem; width: 100%;
}
#count { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 0.75rem; }
.card { border: 1px solid var(--border); border-radius: 8px; padding: 0.75rem 1rem; background: var(--bg); }
.card h3 { margin: 0 0 0.25rem; }
.card .meta, .card .resources { color: var(--muted); margin: 0.25rem 0; font-size: 0.9rem; }
.card .links { margin: 0.25rem 0; font-size: 0.9rem; }
.card .links-env { color: var(--muted); }
.card.broken { border-color: var(--external); border-width: 2px; }
.card.broken .meta strong { color: var(--external); }
.card ul.errors { display: block; list-style: none; padding: 0; font-size: 0.85rem; }
.card ul.errors li { margin: 0.35rem 0; }
.card .more { color: var(--muted); font-size: 0.85rem; margin: 0; }
.card ul { list-style: none; padding: 0; margin: 0.5rem 0; display: flex; flex-wrap: wrap; gap: 0.4rem; }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: 999px; padding: 0 0.5rem; font-size: 0.8rem; }
.cat-test { color: var(--test); } .cat-internal { color: var(--internal); } .cat-external { color: var(--external); }
.env a { display: inline-flex; gap: 0.35rem; align-items: center; padding: 0.2rem 0.4rem; border: 1px solid var(--border); border-radius: 6px; }
.env .objectives { color: var(--muted); font-size: 0.85rem; }
.page { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1.5rem; }
.toc { font-size: 0.9rem; }
.toc ul { padding-left: 1rem; }
.toc ul ul ul { font-size: 0.85rem; }
.toc summary { cursor: pointer; font-weight: 600; }
footer { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--border); margin-top: 3rem; padding: 1rem; text-align: center; }
/* Phones: diagrams keep their natural size (readable) and scroll sideways inside their frame,
   and tables become one card per row, each cell labelled with its column. */
@media (max-width: 48rem) {
  pre.mermaid svg { max-width: none; }
  .table-wrap { overflow-x: visible; }
  .table-wrap table, .table-wrap tbody, .table-wrap tr, .table-wrap td { display: block; width: 100%; min-width: 0; }
  .table-wrap thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .table-wrap tr { border: 1px solid var(--border); border-radius: 6px; margin: 0 0 0.75rem; padding: 0.25rem 0.6rem; }
  .table-wrap td { border: none; padding: 0.3rem 0; }
  .table-wrap td::before { content: attr(data-label); display: block; font-size: 0.8rem; font-weight: 600; color: var(--muted); }
}
@media (min-width: 64rem) {
  .page { grid-template-columns: 15rem minmax(0, 1fr); }
  .toc { position: sticky; top: 1rem; align-self: start; max-height: calc(100vh - 2rem); overflow-y: auto; }
}
`;

/**
 * Classic script: index filters (state kept in the URL hash), the contents opened on wide
 * screens, and Mermaid on service pages (`data-diagrams` on `<html>` says when it is done).
 */
export const CATALOG_JS = `(function () {
  'use strict';
  var q = document.getElementById('q');
  if (q) {
    var owner = document.getElementById('owner');
    var category = document.getElementById('category');
    var resource = document.getElementById('resource');
    var count = document.getElementById('count');
    var empty = document.getElementById('empty');
    var total = Number(count.getAttribute('data-total'));
    var fromHash = function () {
      var params = new URLSearchParams(location.hash.slice(1));
      q.value = params.get('q') || '';
      owner.value = params.get('owner') || '';
      category.value = params.get('category') || '';
      resource.value = params.get('resource') || '';
    };
    var apply = function () {
      var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
      var shown = {};
      document.querySelectorAll('section.owner').forEach(function (section) {
        var any = false;
        section.querySelectorAll('.card').forEach(function (card) {
          var d = card.dataset;
          var ok = (!owner.value || section.dataset.owner === owner.value) &&
            (!category.value || d.categories.split(' ').indexOf(category.value) >= 0) &&
            (!resource.value || d.resources.split(' ').indexOf(resource.value) >= 0) &&
            words.every(function (w) { return d.search.indexOf(w) >= 0; });
          card.hidden = !ok;
          if (ok) { any = true; shown[d.id] = true; }
        });
        section.hidden = !any;
      });
      var n = Object.keys(shown).length;
      count.textContent = n + ' of ' + total + ' services';
      empty.hidden = n > 0;
      var params = new URLSearchParams();
      if (q.value) params.set('q', q.value);
      if (owner.value) params.set('owner', owner.value);
      if (category.value) params.set('category', category.value);
      if (resource.value) params.set('resource', resource.value);
      var hash = params.toString();
      history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
    };
    fromHash();
    [q, owner, category, resource].forEach(function (el) {
      el.addEventListener('input', apply);
      el.addEventListener('change', apply);
    });
    apply();
  }
  var toc = document.querySelector('.toc details');
  if (toc && window.matchMedia && window.matchMedia('(min-width: 64rem)').matches) toc.open = true;
  if (window.mermaid && document.querySelector('pre.mermaid')) {
    var dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
    // Natural size (no shrinking to the column): the stylesheet fits diagrams to wide screens
    // and lets them scroll sideways on phones, where shrinking would make them unreadable.
    window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default', flowchart: { useMaxWidth: false } });
    window.mermaid.run({ querySelector: 'pre.mermaid' }).then(function () {
      document.documentElement.setAttribute('data-diagrams', 'rendered');
    }, function (e) {
      document.documentElement.setAttribute('data-diagrams', 'failed');
      if (window.console) console.error(e);
    });
  }
})();
`;
