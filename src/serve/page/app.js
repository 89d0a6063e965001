// chapbook serve: shows the book as spreads, one size or every size side by side, and
// follows the server's rebuilds (server-sent events) without reloading the page.
"use strict";
const PX_PER_PT = 96 / 72;
const view = { book: null, size: 0, mode: "single", section: 0, rendered: "" };
// For tests and curious poets: the generation on screen and when it arrived (Date.now()).
window.chapbook = { generation: 0, renderedAt: 0, lastSource: null };

const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

async function load() {
  const res = await fetch("/book.json", { cache: "no-store" });
  const book = await res.json();
  if (view.book && book.generation <= view.book.generation) return;
  view.book = book;
  if (view.size >= book.sizes.length) view.size = 0;
  render();
  window.chapbook.generation = book.generation;
  window.chapbook.renderedAt = Date.now();
}

function render() {
  const book = view.book;
  $("title").textContent = "chapbook · " + book.project.split("/").filter(Boolean).pop();
  renderSizes(book);
  renderErrors(book);
  const size = book.sizes[view.size];
  const ms = book.sizes.map((s) => s.ms).reduce((a, b) => a + b, 0);
  $("status").textContent =
    `build ${book.generation} · ${size.pages.length} pages · ${ms.toFixed(0)} ms` +
    (book.sizes.some((s) => s.errors.length) ? " · failed, showing the last good pages" : "");
  if (view.mode === "single") renderSpreads(size);
  else renderColumns(book);
}

function renderSizes(book) {
  const nav = $("sizes");
  nav.textContent = "";
  book.sizes.forEach((s, i) => {
    const b = el("button", "", s.name || s.asked);
    b.setAttribute("aria-pressed", String(view.mode === "single" && view.size === i));
    b.dataset.size = s.name || s.asked;
    if (s.warnings.length) {
      const c = el("span", "count", String(s.warnings.length));
      c.title = s.warnings.length + " warning(s)";
      b.append(c);
    }
    b.onclick = () => {
      if (view.mode === "single" && view.size === i && s.warnings.length) toggleWarnings(s);
      view.mode = "single";
      view.size = i;
      view.rendered = "";
      render();
    };
    nav.append(b);
  });
  const all = el("button", "", "side by side");
  all.id = "side-by-side";
  all.setAttribute("aria-pressed", String(view.mode === "columns"));
  all.onclick = () => {
    view.mode = "columns";
    view.rendered = "";
    render();
  };
  nav.append(all);
  const pick = $("section");
  const sections = book.sizes[0].sections;
  $("section-pick").hidden = view.mode !== "columns";
  if (pick.options.length !== sections.length) {
    pick.textContent = "";
    sections.forEach((s, i) => pick.append(new Option(s.title, String(i))));
    pick.onchange = () => {
      view.section = Number(pick.value);
      view.rendered = "";
      render();
    };
  }
  pick.value = String(view.section);
}

function toggleWarnings(size) {
  const box = $("warnings");
  if (!box.hidden) {
    box.hidden = true;
    return;
  }
  box.textContent = "";
  box.append(el("strong", "", `${size.name}: ${size.warnings.length} warning(s)`));
  size.warnings.forEach((w) => box.append(diagnostic(w)));
  box.hidden = false;
}

function diagnostic(d) {
  const div = el("div", "diag");
  if (d.file) div.append(el("div", "where", `${d.file}:${d.line}:${d.col}`));
  div.append(el("div", "msg", `${d.severity}: ${d.message}`));
  if (d.source_line) {
    const caret = d.col > 0 ? "\n" + " ".repeat(d.col - 1) + "^ " + (d.label || "") : "";
    div.append(el("pre", "", `${String(d.line).padStart(4)} | ${d.source_line}` + (caret ? "\n     | " + caret.slice(1) : "")));
  }
  (d.notes || []).forEach((n) => div.append(el("div", "hint", "hint: " + n)));
  return div;
}

function renderErrors(book) {
  const box = $("overlay");
  const failed = book.sizes.filter((s) => s.errors.length);
  box.textContent = "";
  if (!failed.length) {
    box.hidden = true;
    return;
  }
  const names = failed.map((s) => s.name || s.asked);
  box.append(el("h2", "", `The build failed (${names.join(", ")}); the pages below are the last good ones`));
  // The same mistake fails every size: each diagnostic once, with the sizes it stops.
  const seen = new Map();
  failed.forEach((s) =>
    s.errors.forEach((d) => {
      const key = [d.file, d.line, d.col, d.message].join("|");
      if (!seen.has(key)) seen.set(key, { d, sizes: [] });
      seen.get(key).sizes.push(s.name || s.asked);
    }),
  );
  seen.forEach(({ d, sizes }) => {
    const div = diagnostic(d);
    if (failed.length > 1) div.prepend(el("div", "sizes", sizes.join(", ")));
    box.append(div);
  });
  box.hidden = false;
}

// One page: its SVG (swapped only when it changed) and the warnings that point into it.
function pageBox(size, i, existing) {
  const box = existing || el("div", "page");
  const svg = size.pages[i];
  if (box.dataset.svg !== svg) {
    box.innerHTML = svg;
    box.dataset.svg = svg;
    const s = box.firstElementChild;
    s.setAttribute("width", (size.width * PX_PER_PT).toFixed(2));
    s.setAttribute("height", (size.height * PX_PER_PT).toFixed(2));
  }
  box.querySelectorAll(".mark").forEach((m) => m.remove());
  size.warnings.forEach((w) =>
    (w.marks || []).filter((m) => m.page === i).forEach((m) => {
      const mark = el("div", "mark", "!");
      mark.style.top = ((m.y / size.height) * 100).toFixed(2) + "%";
      mark.title = w.message;
      mark.setAttribute("role", "note");
      mark.setAttribute("aria-label", "warning: " + w.message);
      box.append(mark);
    }),
  );
  box.dataset.page = String(i + 1);
  return box;
}

// Spreads as the book is read: the first page alone on the right, then verso | recto.
function renderSpreads(size) {
  const book = $("book");
  const key = "single:" + view.size;
  if (view.rendered !== key) {
    book.textContent = "";
    view.rendered = key;
  }
  const n = size.pages.length;
  const spreads = Math.floor(n / 2) + 1;
  while (book.children.length > spreads) book.lastElementChild.remove();
  for (let k = 0; k < spreads; k++) {
    let spread = book.children[k];
    if (!spread) {
      spread = el("div", "spread");
      spread.append(el("div", "slot verso"), el("div", "slot recto"));
      book.append(spread);
    }
    [2 * k - 1, 2 * k].forEach((i, side) => {
      const slot = spread.children[side];
      if (i < 0 || i >= n) {
        // An empty side keeps its width, so a lone recto stays on the right.
        slot.classList.add("empty");
        slot.textContent = "";
        slot.style.width = (size.width * PX_PER_PT).toFixed(2) + "px";
        return;
      }
      slot.classList.remove("empty");
      slot.style.width = "";
      const old = slot.querySelector(".page");
      const box = pageBox(size, i, old);
      if (!old) slot.append(box, el("div", "num"));
      // Position in the book (the folio on the page may count differently).
      slot.querySelector(".num").textContent = `${i + 1} / ${n}`;
    });
  }
}

// The chosen section at every size, side by side, each with its warnings.
function renderColumns(book) {
  const root = $("book");
  root.textContent = "";
  view.rendered = "columns";
  const cols = el("div", "columns");
  book.sizes.forEach((size) => {
    const col = el("div", "column");
    col.dataset.size = size.name;
    col.append(el("h2", "", `${size.name} · ${size.warnings.length} warning(s)`));
    const sec = size.sections[view.section];
    const next = size.sections[view.section + 1];
    const from = sec ? sec.page : 0;
    const to = next ? next.page : size.pages.length;
    const inSection = size.warnings.filter((w) => (w.marks || []).some((m) => m.page >= from && m.page < to));
    if (inSection.length) {
      const ul = el("ul");
      inSection.forEach((w) => ul.append(el("li", "", w.message)));
      col.append(ul);
    }
    for (let i = from; i < to; i++) col.append(pageBox(size, i));
    cols.append(col);
  });
  root.append(cols);
}

// The item under the pointer, or failing that the nearest within a few pixels (a hairline
// stroke of a diagram is under a pixel wide).
function itemAt(e) {
  const at = (el) => (el && el.closest ? el.closest("[data-src]") : null);
  let item = at(e.target);
  if (item || !e.target.closest || !e.target.closest(".page")) return item;
  for (const r of [1, 2, 3, 4]) {
    for (const [dx, dy] of [[0, -r], [0, r], [-r, 0], [r, 0]]) {
      item = at(document.elementFromPoint(e.clientX + dx, e.clientY + dy));
      if (item) return item;
    }
  }
  return null;
}

// Click to source: the file, line and column of the item under the pointer.
document.addEventListener("click", (e) => {
  const item = itemAt(e);
  if (!item) return;
  const src = item.getAttribute("data-src");
  const fileLine = src.split(":").slice(0, 2).join(":");
  window.chapbook.lastSource = src;
  const toast = $("source");
  toast.textContent = src + "  (copied " + fileLine + ")";
  toast.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (toast.hidden = true), 4000);
  if (navigator.clipboard) navigator.clipboard.writeText(fileLine).catch(() => {});
});

function connect() {
  const events = new EventSource("/events");
  events.addEventListener("build", () => load().catch((e) => ($("status").textContent = "cannot load the book: " + e)));
  events.onerror = () => ($("status").textContent = "reconnecting to chapbook serve…");
}

load().then(connect, (e) => {
  $("status").textContent = "cannot load the book: " + e;
  connect();
});
