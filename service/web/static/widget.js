/* Kursfinder search widget: <kursfinder-search lang="ar" plz="86150" radius-km="25"></kursfinder-search>
 *
 * One framework-free custom element with shadow DOM. Served by the Kursfinder API at /widget.js;
 * its UI strings come from the API's gettext catalogs (/widget/messages/<lang>.json), its dates and
 * numbers from the browser's Intl in the widget's language. Theme with CSS custom properties on the
 * element: --kf-accent, --kf-accent-text, --kf-font, --kf-radius, --kf-bg, --kf-text, --kf-muted,
 * --kf-border, --kf-surface, --kf-mark. Attributes: lang, plz, radius-km, course-type, api, limit.
 */
(() => {
  "use strict";
  if (customElements.get("kursfinder-search")) return;

  // Where this script came from is where the API is, unless the page says otherwise (api="...").
  const SCRIPT_ORIGIN = document.currentScript ? new URL(document.currentScript.src, location.href).origin : "";
  const RTL = new Set(["ar", "fa", "prs", "ps", "ckb", "ur"]);
  const RADII = [5, 10, 25, 50, 100];
  const DEBOUNCE_MS = 250;
  let uid = 0;

  const CSS = `
:host{--kf-accent:#0b5cad;--kf-accent-text:#fff;--kf-font:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;
--kf-radius:8px;--kf-bg:#fff;--kf-surface:#f5f7fa;--kf-text:#1a1f24;--kf-muted:#555f6b;--kf-border:#c4ccd5;--kf-mark:#ffe58a;
display:block;font-family:var(--kf-font);color:var(--kf-text);background:var(--kf-bg);line-height:1.45;font-size:1rem;
container-type:inline-size}
*{box-sizing:border-box}
.kf{padding:.75rem;max-inline-size:60rem}
.sr{position:absolute;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
label{display:block;font-weight:600;margin-block-end:.25rem}
.bar{display:flex;gap:.5rem;position:relative}
.combo{position:relative;flex:1;min-inline-size:0}
input,select,button{font:inherit;color:inherit}
input[type=search],input[type=text],input[type=date],select{inline-size:100%;padding:.55rem .65rem;border:1px solid var(--kf-border);
border-radius:var(--kf-radius);background:var(--kf-bg);min-block-size:2.75rem}
input:focus-visible,select:focus-visible,button:focus-visible,a:focus-visible,summary:focus-visible{outline:3px solid var(--kf-accent);outline-offset:2px}
button{cursor:pointer;border-radius:var(--kf-radius);min-block-size:2.75rem;padding:.5rem 1rem;border:1px solid var(--kf-accent)}
.primary{background:var(--kf-accent);color:var(--kf-accent-text)}
.secondary{background:var(--kf-bg);color:var(--kf-accent)}
[role=listbox]{position:absolute;z-index:10;inset-inline:0;inset-block-start:100%;margin:.25rem 0 0;padding:.25rem 0;list-style:none;
background:var(--kf-bg);border:1px solid var(--kf-border);border-radius:var(--kf-radius);box-shadow:0 4px 14px rgb(0 0 0/.15)}
[role=option]{padding:.5rem .75rem;cursor:pointer;display:flex;justify-content:space-between;gap:.5rem}
[role=option][aria-selected=true],[role=option]:hover{background:var(--kf-surface);outline:2px solid var(--kf-accent);outline-offset:-2px}
.kind{color:var(--kf-muted);font-size:.85em}
details{margin-block:.75rem;border:1px solid var(--kf-border);border-radius:var(--kf-radius);background:var(--kf-surface)}
summary{padding:.6rem .75rem;cursor:pointer;font-weight:600;min-block-size:2.75rem}
.filters{display:grid;gap:.75rem;padding:0 .75rem .75rem;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr))}
.check{display:flex;align-items:center;gap:.5rem;font-weight:400;margin:0}
.check input{inline-size:1.25rem;block-size:1.25rem;margin:0}
.status{margin-block:.5rem;color:var(--kf-muted)}
.error{color:#a4000f}
ol{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}
article{border:1px solid var(--kf-border);border-radius:var(--kf-radius);padding:.75rem;background:var(--kf-bg)}
h3{margin:0 0 .35rem;font-size:1.1rem;overflow-wrap:anywhere}
mark{background:var(--kf-mark);color:inherit;border-radius:2px}
.meta{display:flex;flex-wrap:wrap;gap:.25rem .75rem;margin:0;padding:0;list-style:none;color:var(--kf-muted);font-size:.92rem}
.badges{display:flex;flex-wrap:wrap;gap:.35rem;margin-block:.5rem}
.badge{border-radius:999px;padding:.1rem .6rem;font-size:.85rem;background:var(--kf-surface);border:1px solid var(--kf-border)}
.badge.ok{border-color:#2e7d32;color:#1b5e20}
.mt{font-size:.85rem;color:var(--kf-muted);border-inline-start:3px solid var(--kf-accent);padding-inline-start:.5rem;margin-block:.5rem}
.links{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin-block-start:.5rem}
a{color:var(--kf-accent);font-weight:600}
.more{margin-block-start:.75rem;inline-size:100%}
@container (max-width:30rem){.bar{flex-direction:column}.bar button{inline-size:100%}}
`;

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === false || value == null) continue;
      if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    node.append(...children.filter((c) => c != null && c !== false));
    return node;
  };

  // Messages use Python's %(name)s placeholders, so the pages and the widget share translations.
  const fill = (text, params) => text.replace(/%\((\w+)\)s/g, (all, key) => (key in params ? params[key] : all));

  // The API sends titles HTML-escaped with <mark> around matches; keep only text and <mark>.
  const highlighted = (html, fallback) => {
    const tpl = document.createElement("template");
    tpl.innerHTML = html || "";
    const out = document.createDocumentFragment();
    for (const node of tpl.content.childNodes) {
      out.append(node.nodeName === "MARK" ? el("mark", { text: node.textContent }) : node.textContent);
    }
    return html ? out : document.createTextNode(fallback || "");
  };

  class KursfinderSearch extends HTMLElement {
    static get observedAttributes() { return ["lang", "plz", "radius-km", "api", "course-type"]; }

    constructor() {
      super();
      this.attachShadow({ mode: "open" });
      this.i18n = { lang: "en", intl: "en", dir: "ltr", messages: {}, plurals: {}, course_types: {} };
      this.hits = [];
      this.total = 0;
      this.suggestOff = false;
      this.timer = 0;
      this.loads = 0;
      this.ids = `kf${++uid}`;
    }

    connectedCallback() { this.start(); }

    attributeChangedCallback(name, before, after) {
      // Also while the first catalog is still loading: a language chosen then must not be lost.
      if (this.isConnected && before !== after && this.started) this.start();
    }

    get api() { return (this.getAttribute("api") || SCRIPT_ORIGIN).replace(/\/$/, ""); }

    async start() {
      this.started = true;
      const loading = ++this.loads;  // a newer start (another lang) wins over a slower, older one
      const lang = (this.getAttribute("lang") || document.documentElement.lang || navigator.language || "auto")
        .toLowerCase();
      this.setDirection(RTL.has(lang.split("-")[0]) ? "rtl" : "ltr");
      let catalog = null;
      try {
        const response = await fetch(`${this.api}/widget/messages/${encodeURIComponent(lang)}.json`);
        if (response.ok) catalog = await response.json();
      } catch (error) { /* English message ids still read fine: go on without the catalog */ }
      if (loading !== this.loads) return;
      if (catalog) this.i18n = catalog;
      this.setDirection(this.i18n.dir);
      const tag = `${this.i18n.intl}-u-ca-gregory-nu-latn`;
      this.dates = new Intl.DateTimeFormat(tag, { dateStyle: "long" });
      this.km = new Intl.NumberFormat(tag, { style: "unit", unit: "kilometer", maximumFractionDigits: 1 });
      this.numbers = new Intl.NumberFormat(tag);
      this.rules = new Intl.PluralRules(tag);
      this.render();
      this.ready = true;
      this.search();
    }

    setDirection(dir) {
      this.setAttribute("dir", dir);
      if (this.root) this.root.dir = dir;
    }

    t(message, params = {}) { return fill(this.i18n.messages[message] || message, params); }

    tn(singular, plural, n, params = {}) {
      const forms = this.i18n.plurals[singular] || { one: singular, other: plural };
      const form = forms[this.rules.select(n)] || forms.other || plural;
      return fill(form, { num: this.numbers.format(n), ...params });
    }

    render() {
      const id = (name) => `${this.ids}-${name}`;
      const t = (m, p) => this.t(m, p);
      const plz = this.getAttribute("plz") || "";
      const radius = Number(this.getAttribute("radius-km")) || 25;
      const courseType = this.getAttribute("course-type") || "";

      this.input = el("input", {
        id: id("q"), type: "search", role: "combobox", autocomplete: "off", "aria-autocomplete": "list",
        "aria-expanded": "false", "aria-controls": id("suggestions"), placeholder: t("e.g. German course, integration course"),
        maxlength: "200", enterkeyhint: "search",
        oninput: () => this.typed(), onkeydown: (e) => this.key(e), onblur: () => setTimeout(() => this.closeList(), 150),
      });
      this.list = el("ul", { id: id("suggestions"), role: "listbox", "aria-label": t("Suggestions"), hidden: true });
      this.typeSelect = el("select", { id: id("type"), onchange: () => this.search() },
        el("option", { value: "", text: t("All course types") }));
      if (courseType) this.typeSelect.append(el("option", { value: courseType, text: this.typeLabel(courseType) }));
      this.typeSelect.value = courseType;
      this.plzInput = el("input", {
        id: id("plz"), type: "text", inputmode: "numeric", pattern: "[0-9]{5}", maxlength: "5", autocomplete: "postal-code",
        value: plz, "aria-describedby": id("plz-hint"), oninput: () => this.plzTyped(),
      });
      this.radius = el("select", { id: id("radius"), onchange: () => this.search() },
        ...RADII.map((km) => el("option", { value: String(km), text: t("within %(distance)s", { distance: this.km.format(km) }) })));
      this.radius.value = String(RADII.includes(radius) ? radius : 25);
      this.startFrom = el("input", { id: id("start"), type: "date", onchange: () => this.search() });
      this.freeSeats = el("input", { id: id("free"), type: "checkbox", onchange: () => this.search() });
      this.childcare = el("input", { id: id("childcare"), type: "checkbox", onchange: () => this.search() });
      this.status = el("p", { class: "status", role: "status", "aria-live": "polite", id: id("status") });
      this.results = el("ol", { "aria-labelledby": id("status") });
      this.more = el("button", { type: "button", class: "secondary more", hidden: true, onclick: () => this.search(true),
        text: t("Show more courses") });

      this.root = el("div", { class: "kf", dir: this.i18n.dir, lang: this.i18n.lang },
        el("form", { role: "search", onsubmit: (e) => { e.preventDefault(); this.closeList(); this.search(); } },
          el("label", { for: id("q"), text: t("Search for courses") }),
          el("div", { class: "bar" },
            el("div", { class: "combo" }, this.input, this.list),
            el("button", { type: "submit", class: "primary", text: t("Search") })),
          el("details", {},
            el("summary", { text: t("Filters") }),
            el("div", { class: "filters" },
              el("div", {}, el("label", { for: id("type"), text: t("Course type") }), this.typeSelect),
              el("div", {}, el("label", { for: id("plz"), text: t("Postal code") }), this.plzInput,
                el("span", { class: "sr", id: id("plz-hint"), text: t("Five digits, e.g. 86150") })),
              el("div", {}, el("label", { for: id("radius"), text: t("Distance") }), this.radius),
              el("div", {}, el("label", { for: id("start"), text: t("Starts from") }), this.startFrom),
              el("label", { class: "check" }, this.freeSeats, t("Only courses with free seats")),
              el("label", { class: "check" }, this.childcare, t("With childcare")))),
        ),
        this.status, this.results, this.more);
      this.shadowRoot.replaceChildren(el("style", { text: CSS }), this.root);
    }

    typeLabel(type) { return this.i18n.course_types[type] || type; }

    // Search-as-you-type: one debounced round of /search and /suggest per pause in typing.
    typed() {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => { this.search(); this.suggest(); }, DEBOUNCE_MS);
    }

    plzTyped() {
      const value = this.plzInput.value.trim();
      if (value === "" || /^\d{5}$/.test(value)) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.search(), DEBOUNCE_MS);
      }
    }

    params(more) {
      const p = new URLSearchParams({ lang: this.i18n.lang, limit: this.getAttribute("limit") || "10" });
      const q = this.input.value.trim();
      if (q) p.set("q", q);
      if (this.typeSelect.value) p.set("course_type", this.typeSelect.value);
      const plz = this.plzInput.value.trim();
      if (/^\d{5}$/.test(plz)) { p.set("plz", plz); p.set("radius_km", this.radius.value); }
      if (this.startFrom.value) p.set("start_from", this.startFrom.value);
      if (this.freeSeats.checked) p.set("free_seats", "true");
      if (this.childcare.checked) p.set("childcare", "true");
      if (more) p.set("offset", String(this.hits.length));
      return p;
    }

    async search(more = false) {
      if (this.searching) this.searching.abort();
      const controller = (this.searching = new AbortController());
      this.results.setAttribute("aria-busy", "true");
      if (!more) this.status.textContent = this.t("Searching…");
      try {
        const response = await fetch(`${this.api}/search?${this.params(more)}`, { signal: controller.signal });
        if (!response.ok) throw new Error(String(response.status));
        const data = await response.json();
        this.hits = more ? this.hits.concat(data.hits) : data.hits;
        this.total = data.total;
        this.fillTypes(data.facets && data.facets.course_type);
        this.show(more ? data.hits : this.hits, more);
      } catch (error) {
        if (error.name === "AbortError") return;
        this.status.textContent = this.t("The search is not available right now. Please try again later.");
        this.status.classList.add("error");
      } finally {
        if (this.searching === controller) this.results.removeAttribute("aria-busy");
      }
    }

    // The course-type select lists what the current results contain, with counts (the facet).
    fillTypes(counts) {
      const chosen = this.typeSelect.value;
      const options = [el("option", { value: "", text: this.t("All course types") })];
      const types = Object.entries(counts || {}).filter(([, n]) => n > 0);
      if (chosen && !types.some(([type]) => type === chosen)) types.push([chosen, 0]);
      for (const [type, n] of types.sort((a, b) => b[1] - a[1])) {
        options.push(el("option", { value: type, text: n ? `${this.typeLabel(type)} (${this.numbers.format(n)})` : this.typeLabel(type) }));
      }
      this.typeSelect.replaceChildren(...options);
      this.typeSelect.value = chosen;
    }

    show(hits, appended) {
      this.status.classList.remove("error");
      this.status.textContent = this.total
        ? this.tn("%(num)s course found", "%(num)s courses found", this.total)
        : this.t("No courses found. Try other words or fewer filters.");
      const cards = hits.map((hit) => el("li", {}, this.card(hit)));
      if (appended) this.results.append(...cards); else this.results.replaceChildren(...cards);
      this.more.hidden = this.hits.length >= this.total;
    }

    card(hit) {
      const t = (m, p) => this.t(m, p);
      const headingId = `${this.ids}-h-${this.results.childElementCount}-${hit.id.replace(/[^\w-]/g, "_")}`;
      const type = this.typeLabel(hit.course_type) + (hit.level ? ` · ${hit.level}` : "");
      const when = hit.start_date && (hit.end_date
        ? t("%(start)s to %(end)s", { start: this.date(hit.start_date), end: this.date(hit.end_date) })
        : t("Starts on %(date)s", { date: this.date(hit.start_date) }));
      const where = [hit.postal_code, hit.city].filter(Boolean).join(" ");
      const seats = hit.free_seats == null ? null
        : hit.free_seats > 0 ? this.tn("%(num)s free seat", "%(num)s free seats", hit.free_seats) : t("No free seats");
      const page = `${this.api}/${this.i18n.lang}/kurse/${encodeURIComponent(hit.id).replace(/%3A/gi, ":")}`;
      const titleLang = hit.fields && hit.fields.title ? hit.fields.title.lang : hit.lang;
      return el("article", { "aria-labelledby": headingId },
        el("h3", { id: headingId, lang: titleLang, dir: "auto" }, highlighted(hit.title_highlighted, hit.title)),
        el("ul", { class: "meta" },
          el("li", { text: type }),
          when && el("li", { text: when }),
          where && el("li", { text: hit.distance_km == null ? where
            : where + " · " + t("%(distance)s away", { distance: this.km.format(hit.distance_km) }) }),
          hit.provider && el("li", { text: hit.provider, dir: "auto" })),
        el("div", { class: "badges" },
          seats && el("span", { class: hit.free_seats > 0 ? "badge ok" : "badge", text: seats }),
          hit.childcare && el("span", { class: "badge", text: t("Childcare available") }),
          hit.barrier_free && el("span", { class: "badge", text: t("Barrier-free") })),
        hit.machine_translated && el("p", { class: "mt", text: t("Machine-translated from German. The provider's page has the original.") }),
        el("div", { class: "links" },
          el("a", { href: page, text: t("Course page") }),
          hit.url && el("a", { href: hit.url, target: "_blank", rel: "noopener" },
            t("Details and registration at the provider"), el("span", { class: "sr", text: ` (${t("opens in a new tab")})` }))));
    }

    date(iso) {
      const [y, m, d] = iso.split("-").map(Number);
      return this.dates.format(new Date(Date.UTC(y, m - 1, d, 12)));
    }

    async suggest() {
      const q = this.input.value.trim();
      if (this.suggestOff || q.length < 2) return this.closeList();
      if (this.suggesting) this.suggesting.abort();
      const controller = (this.suggesting = new AbortController());
      try {
        const response = await fetch(`${this.api}/suggest?${new URLSearchParams({ q, lang: this.i18n.lang })}`,
          { signal: controller.signal });
        // An API without /suggest still searches as you type; stop asking it.
        if (response.status === 404) { this.suggestOff = true; return this.closeList(); }
        if (!response.ok) return this.closeList();
        this.openList((await response.json()).suggestions || []);
      } catch (error) {
        if (error.name !== "AbortError") this.closeList();
      }
    }

    openList(suggestions) {
      this.suggestions = suggestions.slice(0, 8);
      this.active = -1;
      this.list.replaceChildren(...this.suggestions.map((s, i) => el("li", {
        id: `${this.ids}-opt-${i}`, role: "option", "aria-selected": "false",
        onmousedown: (e) => { e.preventDefault(); this.choose(i); },
      }, el("span", { text: s.text, dir: "auto" }), s.kind === "course_type" && el("span", { class: "kind", text: this.t("Course type") }))));
      const open = this.suggestions.length > 0 && this.shadowRoot.activeElement === this.input;
      this.list.hidden = !open;
      this.input.setAttribute("aria-expanded", String(open));
      this.input.removeAttribute("aria-activedescendant");
    }

    closeList() {
      if (!this.list) return;
      this.list.hidden = true;
      this.input.setAttribute("aria-expanded", "false");
      this.input.removeAttribute("aria-activedescendant");
      this.active = -1;
    }

    key(event) {
      const open = !this.list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!open) return;
        event.preventDefault();
        const n = this.suggestions.length;
        this.highlight(event.key === "ArrowDown" ? (this.active + 1) % n : this.active <= 0 ? n - 1 : this.active - 1);
      } else if (event.key === "Enter" && open && this.active >= 0) {
        event.preventDefault();
        this.choose(this.active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        this.closeList();
      }
    }

    highlight(index) {
      this.active = index;
      [...this.list.children].forEach((option, i) => option.setAttribute("aria-selected", String(i === this.active)));
      if (this.active >= 0) this.input.setAttribute("aria-activedescendant", `${this.ids}-opt-${this.active}`);
      else this.input.removeAttribute("aria-activedescendant");
    }

    // A course-type suggestion becomes the type filter; a word suggestion becomes the query.
    choose(index) {
      const chosen = this.suggestions[index];
      if (!chosen) return;
      if (chosen.kind === "course_type" && chosen.course_type) {
        this.input.value = "";
        if (![...this.typeSelect.options].some((o) => o.value === chosen.course_type)) {
          this.typeSelect.append(el("option", { value: chosen.course_type, text: this.typeLabel(chosen.course_type) }));
        }
        this.typeSelect.value = chosen.course_type;
      } else {
        this.input.value = chosen.text;
      }
      this.closeList();
      clearTimeout(this.timer);
      this.search();
    }
  }

  customElements.define("kursfinder-search", KursfinderSearch);
})();
