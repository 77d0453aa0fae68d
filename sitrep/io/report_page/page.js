"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("sitrep-data").textContent);
  const PAGE_SIZE = 100;
  const TYPE_LABEL = { agreement: "agreement", troop_deployment: "troops", casualty_figure: "casualties" };
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  };

  // other views of the page (events.js) hook into the selection and the record card
  const hooks = { select: [], card: [] };
  const records = DATA.records;
  const dropped = DATA.dropped || [];  // candidates the model gave that did not become records
  for (const c of dropped) c.dropped = true;
  // the table's rows: each article's dropped candidates after its last record
  const lastOf = new Map();
  records.forEach((r, i) => { if (r.article >= 0) lastOf.set(r.article, i); });
  const order = new Map(records.map((r, i) => [r, i]));
  for (const c of dropped) order.set(c, lastOf.has(c.article) ? lastOf.get(c.article) + 0.5 : records.length + c.article);
  const listed = records.concat(dropped).sort((a, b) => order.get(a) - order.get(b));
  const byId = new Map(listed.map((r) => [r.id, r]));
  const byArticle = DATA.articles.map(() => []);
  for (const r of listed) if (r.article >= 0 && r.start >= 0) byArticle[r.article].push(r);
  for (const r of listed) {
    r.haystack = [...r.cells, r.quote, ...r.fields.map((f) => f[1]), r.fate || ""].join(" ").toLowerCase();
  }

  // ---------------------------------------------------------------- header and notices
  document.title = DATA.title;
  $("title").textContent = DATA.title;
  const counts = {};
  for (const r of records) counts[r.type] = (counts[r.type] || 0) + 1;
  $("summary").textContent = `${records.length} records (` +
    Object.keys(TYPE_LABEL).map((t) => `${counts[t] || 0} ${TYPE_LABEL[t]}`).join(", ") +
    `) in ${DATA.articles.length} articles` + (DATA.failures.length ? `; ${DATA.failures.length} failed` : "") +
    (dropped.length ? `; ${dropped.length} candidate${dropped.length === 1 ? "" : "s"} dropped or merged` : "");
  $("legend-dropped").hidden = !dropped.length;
  const notices = $("notices");
  if (DATA.failures.length) {
    const list = el("ul");
    for (const f of DATA.failures) {
      list.append(el("li", {}, el("span", { class: "failed-id", text: f.id || f.source || "?" }),
        `: ${f.error}` + (f.attempts ? ` (${f.attempts} attempt${f.attempts === 1 ? "" : "s"})` : "") +
        (f.source && f.id ? ` — ${f.source}` : "")));
    }
    notices.append(el("details", { id: "failures", open: "" },
      el("summary", { text: `${DATA.failures.length} article${DATA.failures.length === 1 ? "" : "s"} failed` }), list));
  }
  if (DATA.warnings.length) {
    const list = el("ul");
    for (const w of DATA.warnings) list.append(el("li", { text: w }));
    notices.append(el("details", { id: "warnings" }, el("summary", { text: `${DATA.warnings.length} warnings` }), list));
  }

  // ---------------------------------------------------------------- articles, rendered when they come near
  const pane = $("articles-pane");
  const docs = DATA.articles.map((a, i) => {
    const n = byArticle[i].filter((r) => !r.dropped).length, m = byArticle[i].length - n;
    const meta = [a.published, a.publisher, a.id, `${n} record${n === 1 ? "" : "s"}`, m ? `${m} dropped` : ""]
      .filter(Boolean).join(" · ");
    const text = el("div", { class: "text pending" });
    text.style.minHeight = `${Math.max(1, Math.ceil(a.text.length / 90)) * 1.6}em`;
    const link = /^https?:\/\//i.test(a.url || "");  // only web pages become links, never script URLs
    const head = el("h2", {}, link ? el("a", { href: a.url, rel: "noreferrer", text: a.title || a.id }) : (a.title || a.id));
    // the article's language and direction: Arabic reads right to left, its dates and figures stay in order
    const doc = el("article", { class: "doc", id: `article-${i}`, "data-index": String(i), lang: a.lang, dir: a.dir }, head,
      el("div", { class: "meta", text: meta }));
    if (a.note) doc.append(el("div", { class: "note", text: a.note }));
    doc.append(text);
    pane.append(doc);
    return { doc, text, rendered: false };
  });

  function renderArticle(i) {
    const d = docs[i];
    if (d.rendered) return;
    d.rendered = true;
    const text = DATA.articles[i].text;
    const spans = byArticle[i];
    const cuts = new Set([0, text.length]);
    for (const r of spans) { cuts.add(r.start); cuts.add(r.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k], b = points[k + 1];
      // records first, the shortest first; a span only dropped candidates cover is greyed
      const cover = spans.filter((r) => r.start <= a && r.end >= b)
        .sort((x, y) => (!!x.dropped - !!y.dropped) || (x.end - x.start) - (y.end - y.start));
      if (!cover.length) { frag.append(text.slice(a, b)); continue; }
      const kept = cover.filter((r) => !r.dropped).length;
      const look = kept ? `t-${cover[0].type}${kept > 1 ? " multi" : ""}` : `dropped${cover.length > 1 ? " multi" : ""}`;
      const mark = el("mark", { class: `hl ${look}`, "data-r": cover.map((r) => r.id).join(" ") }, text.slice(a, b));
      frag.append(mark);
    }
    d.text.textContent = "";
    d.text.append(frag);
    d.text.classList.remove("pending");
    d.text.style.minHeight = "";
  }

  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) { renderArticle(+e.target.dataset.index); observer.unobserve(e.target); }
  }, { root: pane, rootMargin: "800px 0px" });
  for (const d of docs) observer.observe(d.doc);

  pane.addEventListener("click", (e) => {
    const mark = e.target.closest("mark.hl");
    if (!mark) return;
    const ids = visible(mark.dataset.r.split(" "));
    if (ids.length) select(ids, { scroll: false });
  });
  pane.addEventListener("mouseover", (e) => {
    const mark = e.target.closest("mark.hl");
    if (mark && !mark.title) {
      mark.title = visible(mark.dataset.r.split(" ")).map((id) => {
        const r = byId.get(id);
        return `${TYPE_LABEL[r.type]}${r.dropped ? ` (${r.fate})` : ""}: ` +
          r.fields.filter((f) => f[0] !== "record id" && f[0] !== "article").map((f) => `${f[0]} ${f[1]}`).join("; ");
      }).join("\n");
    }
  });

  const showDropped = $("f-dropped");
  const visible = (ids) => (showDropped.checked ? ids : ids.filter((id) => !byId.get(id).dropped));

  // ---------------------------------------------------------------- the record card
  const card = $("card");
  function showCard(ids) {
    card.textContent = "";
    ids.forEach((id, n) => {
      const r = byId.get(id);
      const dl = el("dl");
      for (const [label, value] of r.fields) dl.append(el("dt", { text: label }), el("dd", { text: value, dir: "auto" }));
      const tag = r.dropped ? el("span", { class: "hl dropped", text: `${TYPE_LABEL[r.type]} · ${r.outcome}` })
                            : el("span", { class: `hl t-${r.type}`, text: TYPE_LABEL[r.type] });
      const head = el("h3", {}, tag, r.fields.length ? r.cells.slice(2, 5).filter(Boolean).join(" · ") : "");
      if (n === 0) {
        const close = el("button", { class: "close", type: "button", "aria-label": "close", text: "×" });
        close.addEventListener("click", () => { card.hidden = true; });
        head.append(close);
      }
      const box = el("section", { class: r.dropped ? "rec dropped" : "rec", "data-id": r.id }, head);
      if (r.dropped) {
        const fate = el("p", { class: "fate", text: r.fate });
        if (r.into && byId.has(r.into)) {
          const go = el("button", { class: "goto", type: "button", text: "show it" });
          go.addEventListener("click", () => select([r.into], { scroll: true }));
          fate.append(" ", go);
        }
        box.append(fate);
      }
      box.append(dl, el("blockquote", { text: r.quote, dir: "auto" }));
      for (const hook of hooks.card) hook(r, box);
      if (r.start < 0) {
        box.append(el("p", { class: "note", text: r.dropped ? "Not highlighted: the model's quote is not in the article text." :
          "Not highlighted: the article text is not in this page, or differs from the one the record was made from." }));
      }
      card.append(box);
    });
    card.hidden = false;
  }

  function select(ids, { scroll }) {
    for (const m of pane.querySelectorAll("mark.sel")) m.classList.remove("sel", "flash");
    showCard(ids);
    const r = byId.get(ids[0]);
    for (const row of tbody.querySelectorAll("tr.current")) row.classList.remove("current");
    const row = tbody.querySelector(`tr[data-id="${r.id}"]`);
    if (row) row.classList.add("current");
    for (const hook of hooks.select) hook(ids);
    if (r.start < 0) return;
    renderArticle(r.article);
    const marks = pane.querySelectorAll(`mark[data-r~="${r.id}"]`);
    for (const m of marks) { m.classList.add("sel"); void m.offsetWidth; m.classList.add("flash"); }
    if (scroll && marks.length) marks[0].scrollIntoView({ block: "center", behavior: "auto" });
  }

  // ---------------------------------------------------------------- filters and the table
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  const FILTERS = [
    ["f-type", "all types", (r) => [r.type], (v) => TYPE_LABEL[v] || v],
    ["f-measure", "all measures", (r) => (r.measure ? [r.measure] : [])],
    ["f-country", "all countries / forces", (r) => r.countries],
    ["f-claimant", "all claimants", (r) => (r.claimant ? [r.claimant] : [])],
    ["f-article", "all articles", (r) => [r.article_id]],
  ];
  for (const [id, all, values, label] of FILTERS) {
    const tally = new Map();
    for (const r of listed) for (const v of values(r)) tally.set(v, (tally.get(v) || 0) + 1);
    const select = $(id);
    select.append(el("option", { value: "", text: all }));
    for (const [v, n] of [...tally].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))) {
      select.append(el("option", { value: v, text: `${label ? label(v) : v} (${n})` }));
    }
    select.addEventListener("change", () => { page = 0; apply(); });
  }
  let timer = 0;
  $("q").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { page = 0; apply(); }, 120); });
  $("f-dropped-label").hidden = !dropped.length;
  $("f-dropped-label").querySelector("span").textContent = `dropped (${dropped.length})`;
  showDropped.addEventListener("change", () => {
    pane.classList.toggle("hide-dropped", !showDropped.checked);
    for (const m of pane.querySelectorAll("mark[title]")) m.removeAttribute("title");  // rebuilt on hover
    page = 0; apply();
  });
  $("f-clear").addEventListener("click", () => {
    $("q").value = ""; for (const [id] of FILTERS) $(id).value = "";
    showDropped.checked = true; pane.classList.remove("hide-dropped");
    page = 0; apply();
  });

  const tbody = document.querySelector("#records tbody");
  let page = 0, shown = listed;

  function apply() {
    const words = $("q").value.toLowerCase().split(/\s+/).filter(Boolean);
    const wanted = FILTERS.map(([id, , values]) => [$(id).value, values]).filter(([v]) => v !== "");
    shown = listed.filter((r) => (showDropped.checked || !r.dropped) &&
                                 wanted.every(([v, values]) => values(r).includes(v)) &&
                                 words.every((w) => r.haystack.includes(w)));
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    const kept = shown.filter((r) => !r.dropped).length, out = shown.length - kept;
    $("shown").textContent = (kept === records.length ? `${records.length} records` :
      `${kept} of ${records.length} records`) + (dropped.length ? `, ${out} of ${dropped.length} dropped` : "");
    $("page").textContent = `page ${page + 1} of ${pages}`;
    $("prev").disabled = page === 0;
    $("next").disabled = page >= pages - 1;
    const rows = document.createDocumentFragment();
    for (const r of shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)) {
      const look = [r.start < 0 ? "no-text" : "", r.dropped ? "dropped" : ""].filter(Boolean).join(" ");
      const tr = el("tr", { "data-id": r.id, "data-type": r.type, class: look, tabindex: "0" });
      if (r.dropped) tr.dataset.status = r.outcome;
      r.cells.forEach((c, n) => tr.append(n === 0 ? el("td", { class: "type" }, el("span", { class: `t-${r.type}`, text: c }),
                                                        r.dropped ? el("em", { class: "status", text: r.outcome }) : "")
                                                   : el("td", { text: c, dir: "auto" })));
      tr.title = r.dropped ? `${r.fate}\n${r.quote}` : r.quote;
      rows.append(tr);
    }
    tbody.textContent = "";
    tbody.append(rows);
  }
  $("prev").addEventListener("click", () => { page -= 1; apply(); });
  $("next").addEventListener("click", () => { page += 1; apply(); });
  tbody.addEventListener("click", (e) => {
    const tr = e.target.closest("tr[data-id]");
    if (tr) select([tr.dataset.id], { scroll: true });
  });
  tbody.addEventListener("keydown", (e) => {
    const tr = e.target.closest("tr[data-id]");
    if (!tr) return;
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select([tr.dataset.id], { scroll: true }); }
    const next = e.key === "ArrowDown" ? tr.nextElementSibling : e.key === "ArrowUp" ? tr.previousElementSibling : null;
    if (next) { e.preventDefault(); next.focus(); select([next.dataset.id], { scroll: true }); }
  });
  apply();
  window.sitrepPage = { DATA, $, el, byId, select, hooks };
})();
