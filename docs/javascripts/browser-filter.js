/*
 * The filter browsers' state and filtering, without the DOM (needs common.js: window.PRI;
 * loaded by loader.js just before browser.js, which draws the page from these).
 *
 * The state is {selected: Map facet key -> Set of values, text, sort}; the URL holds it
 * (?topic=a&topic=b&text=…&sort=…). `compute` gives the records that match it and, per
 * facet, the counts of each value among them and among the records that fail that facet
 * only (what ticking the value would add). Values are looked up in Maps and Sets only, so
 * a slug such as "constructor" or "__proto__" is an ordinary string here.
 *
 * A page with a "districts like mine" form (`near`: {key: the setting's facet, settings:
 * Set of its values})
 * also reads ?students=30000&setting=suburb: the "closest" order lists the records of that
 * setting first, then by closeness in size (|log(students / theirs)|), then by title.
 */
(function (PRI) {
  "use strict";

  const SORTS = new Set(["title", "year", "added"]);
  const NEAR_SORTS = new Set(["title", "year", "added", "closest"]);
  const SHOWN_IGNORED = 5; // unknown values named in the message; the rest are counted

  function normalize(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return normalize(text).split(/\s+/).filter(Boolean);
  }

  function increment(counts, value) {
    counts.set(value, (counts.get(value) || 0) + 1);
  }

  /* --- the state and the URL -------------------------------------------------------- */

  // selected: Map facet key -> Set of values (in the order they were ticked)
  function emptyState(sort) {
    return { selected: new Map(), text: "", sort: sort || "title", students: 0, setting: "" };
  }

  // The order a page lists in unless the address says otherwise.
  function defaultSort(state) {
    return state.students || state.setting ? "closest" : "title";
  }

  function select(state, key, value) {
    if (!state.selected.has(key)) state.selected.set(key, new Set());
    state.selected.get(key).add(value);
  }

  function deselect(state, key, value) {
    const chosen = state.selected.get(key);
    if (!chosen) return;
    chosen.delete(value);
    if (!chosen.size) state.selected.delete(key);
  }

  // The state a query string asks for, and what it asked for that the page does not know.
  function parseQuery(search, facets, near) {
    const params = new URLSearchParams(search);
    const state = emptyState();
    const ignored = [];
    if (near) parseNear(params, state, near, ignored);
    facets.forEach((facet) => {
      params.getAll(facet.key).forEach((value) => {
        if (facet.byValue.has(value)) select(state, facet.key, value);
        else ignored.push(facet.key + "=" + value);
      });
    });
    const sort = params.get("sort");
    if (sort !== null && (near ? NEAR_SORTS : SORTS).has(sort)) state.sort = sort;
    else if (sort !== null) ignored.push("sort=" + sort);
    if (sort === null) state.sort = defaultSort(state);
    state.text = params.get("text") || "";
    return { state: state, ignored: ignored };
  }

  // ?students= (a whole number) and ?setting= (a value the page offers); empty: none.
  function parseNear(params, state, near, ignored) {
    const students = params.get("students");
    if (students && /^[0-9]{1,8}$/.test(students) && Number(students) > 0) state.students = Number(students);
    else if (students) ignored.push("students=" + students);
    const setting = params.get("setting");
    if (setting && near.settings.has(setting)) state.setting = setting;
    else if (setting) ignored.push("setting=" + setting);
  }

  function queryOf(state, facets) {
    const params = new URLSearchParams();
    if (state.students) params.set("students", String(state.students));
    if (state.setting) params.set("setting", state.setting);
    facets.forEach((facet) => {
      (state.selected.get(facet.key) || []).forEach((value) => params.append(facet.key, value));
    });
    if (state.text.trim()) params.set("text", state.text);
    if (state.sort !== defaultSort(state)) params.set("sort", state.sort);
    const query = params.toString();
    return query ? "?" + query : "";
  }

  function describeIgnored(ignored) {
    const shown = ignored.slice(0, SHOWN_IGNORED).map((item) => (item.length > 60 ? item.slice(0, 59) + "…" : item));
    const rest = ignored.length - shown.length;
    const noun = ignored.length === 1 ? "filter" : "filters";
    return "Ignored unknown " + noun + ": " + shown.join(", ") + (rest > 0 ? " and " + rest + " more" : "") + ".";
  }

  /* --- filtering -------------------------------------------------------------------- */

  function matchesText(record, queries) {
    return queries.every((query) => record.text.indexOf(query) >= 0);
  }

  // The selected facets a record fails (any of a facet's values: OR; facets: AND). Stops
  // at two: a record failing one facet only would join the results if one of its values
  // there were ticked too, which is what the counts show.
  function failedFacets(record, active, selected) {
    const failed = [];
    for (let a = 0; a < active.length && failed.length < 2; a++) {
      const chosen = selected.get(active[a].key);
      if (!record.values.get(active[a].key).some((value) => chosen.has(value))) failed.push(active[a]);
    }
    return failed;
  }

  // How far a record is from the district described: [0 or 1 (its setting), size distance].
  function distance(record, state, key) {
    const other = state.setting && !(record.values.get(key) || []).includes(state.setting);
    const size = state.students && record.students ? Math.abs(Math.log(record.students / state.students)) : 0;
    return [other ? 1 : 0, state.students && !record.students ? Infinity : size];
  }

  function sortRecords(records, state, near) {
    const sort = near ? state.sort : state.sort === "closest" ? "title" : state.sort;
    if (sort === "closest") records.forEach((record) => (record.distance = distance(record, state, near.key)));
    return records.sort((a, b) => {
      if (sort === "closest" && a.distance[0] !== b.distance[0]) return a.distance[0] - b.distance[0];
      if (sort === "closest" && a.distance[1] !== b.distance[1]) return a.distance[1] < b.distance[1] ? -1 : 1;
      if (sort === "year" && a.year !== b.year) return b.year - a.year;
      if (sort === "added" && a.added !== b.added) return a.added < b.added ? 1 : -1;
      return a.index - b.index; // the page's own order: by title
    });
  }

  // matches, and per facet: counts (values of the matches) and extra (values of the
  // records that fail that facet only).
  function compute(records, facets, state, near) {
    const active = facets.filter((facet) => state.selected.has(facet.key));
    const queries = words(state.text);
    const counts = new Map(facets.map((facet) => [facet.key, new Map()]));
    const extra = new Map(facets.map((facet) => [facet.key, new Map()]));
    const matches = [];
    records.forEach((record) => {
      if (!matchesText(record, queries)) return;
      const failed = failedFacets(record, active, state.selected);
      if (failed.length === 0) {
        matches.push(record);
        record.values.forEach((values, key) => values.forEach((value) => increment(counts.get(key), value)));
      } else if (failed.length === 1) {
        const key = failed[0].key;
        record.values.get(key).forEach((value) => increment(extra.get(key), value));
      }
    });
    return { matches: sortRecords(matches, state, near), counts: counts, extra: extra };
  }

  Object.assign(PRI.browser, {
    SORTS: SORTS,
    NEAR_SORTS: NEAR_SORTS,
    defaultSort: defaultSort,
    normalize: normalize,
    emptyState: emptyState,
    select: select,
    deselect: deselect,
    parseQuery: parseQuery,
    queryOf: queryOf,
    describeIgnored: describeIgnored,
    compute: compute
  });
})(window.PRI);
