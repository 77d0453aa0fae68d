"use strict";
// The events view: each event with every source's figure side by side; a click on a figure shows its
// sentence in its article (the page's own selection, as a click on a record's row does).
(function () {
  const { DATA, $, el, byId, select, hooks } = window.sitrepPage;
  const events = DATA.events;
  if (!events) return;  // the page was made without events: the records view only
  const PAGE_SIZE = 50;
  const eventOf = new Map(events.map((e) => [e.id, e]));
  for (const e of events) {
    e.haystack = [e.kind, e.place, e.country, ...e.actors, e.start, e.end,
      ...e.measures.flatMap((m) => [m.name, ...m.claims.flatMap((c) => [c.claimant, c.publisher, c.article, c.group])])]
      .filter(Boolean).join(" ").toLowerCase();
  }
  const disputed = events.filter((e) => e.disputed).length;
  $("summary").append(`; ${events.length} event${events.length === 1 ? "" : "s"}` + (disputed ? ` (${disputed} disputed)` : ""));

  // ---------------------------------------------------------------- switching views
  $("views").hidden = false;
  $("v-events").textContent = `Events (${events.length})`;
  function show(view) {
    $("records-view").hidden = view !== "records";
    $("events-view").hidden = view !== "events";
    $("v-records").setAttribute("aria-pressed", String(view === "records"));
    $("v-events").setAttribute("aria-pressed", String(view === "events"));
  }
  $("v-records").addEventListener("click", () => show("records"));
  $("v-events").addEventListener("click", () => show("events"));

  // ---------------------------------------------------------------- one event
  const number = (n) => Number(n).toLocaleString("en");
  function figure(m) {
    return m.low === m.high ? number(m.best) : `${number(m.best)} (${number(m.low)}–${number(m.high)})`;
  }

  function eventCard(e) {
    const when = e.start === e.end ? (e.start || "undated") : !e.start ? `until ${e.end}` : !e.end ? `from ${e.start}` :
      `${e.start} – ${e.end}`;
    const head = el("h3", {}, el("span", { class: `kind k-${e.kind}`, text: e.kind }), el("span", { class: "when", text: when }),
      el("span", { class: "where", text: [e.place, e.country].filter(Boolean).join(", ") }));
    if (e.disputed) head.append(el("span", { class: "badge disputed", text: "disputed", title: "the claimants' figures conflict" }));
    const meta = [e.actors.join(", "), `${e.records.length} record${e.records.length === 1 ? "" : "s"}`,
      `${e.articles.length} article${e.articles.length === 1 ? "" : "s"}`].filter(Boolean).join(" · ");
    const table = el("table", { class: "claims" }, el("thead", {}, el("tr", {},
      ...["measure / group", "figure", "claimant", "source", "published", "role"].map((t) => el("th", { text: t })))));
    for (const m of e.measures) {
      const body = el("tbody", { class: m.disputed ? "measure disputed" : "measure" });
      const summary = `${figure(m)} · ${m.sources} source${m.sources === 1 ? "" : "s"}, ` +
        `${m.claimants} claimant${m.claimants === 1 ? "" : "s"}`;
      const cell = el("td", { colspan: "5", class: "best" }, el("strong", { text: `best ${summary}` }));
      if (m.disputed) cell.append(" ", el("span", { class: "badge disputed", text: "disputed" }));
      if (m.basis) cell.append(el("div", { class: "basis", text: m.basis }));
      body.append(el("tr", { class: "measure-row" }, el("th", { scope: "row", text: m.name }), cell));
      for (const c of m.claims) {
        const known = byId.has(c.record);
        const tr = el("tr", { class: `claim role-${c.role}${known ? "" : " no-record"}`, "data-r": c.record, tabindex: "0",
                              title: known ? byId.get(c.record).quote : "this claim's record is not in this page" },
          el("td", { text: c.group || "", dir: "auto" }),
          el("td", { class: "value", text: c.value + (c.qualifier && c.qualifier !== "exact" ? ` (${c.qualifier})` : "") }),
          el("td", { text: c.claimant, dir: "auto" }), el("td", { text: c.publisher || c.article }),
          el("td", { class: "published", text: c.published || "" }), el("td", { class: "role", text: c.role }));
        body.append(tr);
      }
      table.append(body);
    }
    const card = el("article", { class: e.disputed ? "event disputed" : "event", id: `event-${e.id}`, "data-id": e.id },
      head, el("div", { class: "meta", text: meta }), e.measures.length ? table : reports(e));
    if (e.joined_by.length) {
      const why = el("ul");
      for (const j of e.joined_by) why.append(el("li", { text: j }));
      card.append(el("details", { class: "joined" }, el("summary", { text: `why joined (${e.joined_by.length})` }), why));
    }
    return card;
  }

  // an event without figures (an agreement): its records, each a row that shows its sentence
  function reports(e) {
    const body = el("tbody");
    for (const id of e.records) {
      const r = byId.get(id);
      const cells = r ? [r.cells[1], r.cells[2], r.cells[4], r.cells[5]] : [id, "", "", ""];
      body.append(el("tr", { class: `claim${r ? "" : " no-record"}`, "data-r": id, tabindex: "0",
                             title: r ? r.quote : "this record is not in this page" },
        ...cells.map((c) => el("td", { text: c, dir: "auto" }))));
    }
    return el("table", { class: "claims reports" }, el("thead", {}, el("tr", {},
      ...["article", "what", "who", "claimant"].map((t) => el("th", { text: t })))), body);
  }

  // ---------------------------------------------------------------- filters and the list
  const box = $("events");
  const FILTERS = [
    ["e-kind", "all kinds", (e) => [e.kind]],
    ["e-measure", "all measures", (e) => e.measures.map((m) => m.name)],
    ["e-country", "all countries", (e) => (e.country ? [e.country] : [])],
  ];
  for (const [id, all, values] of FILTERS) {
    const tally = new Map();
    for (const e of events) for (const v of values(e)) tally.set(v, (tally.get(v) || 0) + 1);
    const menu = $(id);
    menu.append(el("option", { value: "", text: all }));
    for (const [v, n] of [...tally].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))) {
      menu.append(el("option", { value: v, text: `${v} (${n})` }));
    }
    menu.addEventListener("change", () => { page = 0; apply(); });
  }
  $("e-filters").addEventListener("submit", (ev) => ev.preventDefault());
  $("e-disputed").addEventListener("change", () => { page = 0; apply(); });
  let timer = 0;
  $("eq").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { page = 0; apply(); }, 120); });
  let page = 0, shown = events, current = null;

  function apply() {
    const words = $("eq").value.toLowerCase().split(/\s+/).filter(Boolean);
    const wanted = FILTERS.map(([id, , values]) => [$(id).value, values]).filter(([v]) => v !== "");
    shown = events.filter((e) => (!$("e-disputed").checked || e.disputed) &&
                                 wanted.every(([v, values]) => values(e).includes(v)) &&
                                 words.every((w) => e.haystack.includes(w)));
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    $("e-shown").textContent = shown.length === events.length ? `${events.length} events` : `${shown.length} of ${events.length} events`;
    $("e-page").textContent = `page ${page + 1} of ${pages}`;
    $("e-prev").disabled = page === 0;
    $("e-next").disabled = page >= pages - 1;
    const cards = document.createDocumentFragment();
    for (const e of shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)) cards.append(eventCard(e));
    box.textContent = "";
    box.append(cards);
    if (current) mark(current);
  }
  $("e-prev").addEventListener("click", () => { page -= 1; apply(); });
  $("e-next").addEventListener("click", () => { page += 1; apply(); });

  function mark(ids) {
    current = ids;
    for (const tr of box.querySelectorAll("tr.claim.current")) tr.classList.remove("current");
    for (const id of ids) for (const tr of box.querySelectorAll(`tr.claim[data-r="${CSS.escape(id)}"]`)) tr.classList.add("current");
  }
  hooks.select.push(mark);

  function choose(tr) {
    if (tr.classList.contains("no-record")) return;
    select([tr.dataset.r], { scroll: true });
  }
  box.addEventListener("click", (ev) => {
    const tr = ev.target.closest("tr.claim[data-r]");
    if (tr) choose(tr);
  });
  box.addEventListener("keydown", (ev) => {
    const tr = ev.target.closest("tr.claim[data-r]");
    if (tr && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); choose(tr); }
  });

  // ---------------------------------------------------------------- from a record to its event
  function showEvent(id) {
    const e = eventOf.get(id);
    if (!e) return;
    if (!shown.includes(e)) {  // filtered out: clear the filters
      $("eq").value = ""; $("e-disputed").checked = false;
      for (const [fid] of FILTERS) $(fid).value = "";
      page = 0; apply();
    }
    page = Math.floor(shown.indexOf(e) / PAGE_SIZE);
    apply();
    show("events");
    const card = document.getElementById(`event-${id}`);
    card.scrollIntoView({ block: "start", behavior: "auto" });
    card.classList.remove("flash"); void card.offsetWidth; card.classList.add("flash");
  }
  hooks.card.push((r, recordBox) => {
    if (r.dropped || !r.event || !eventOf.has(r.event)) return;
    const go = el("button", { class: "goto", type: "button", text: "show its event" });
    go.addEventListener("click", () => showEvent(r.event));
    recordBox.append(el("p", { class: "event-link" }, go));
  });
  apply();
})();
