// devserve live reload: reloads the page when devserve has a new version
// of the app to show, and fetches its stylesheets again when only they
// changed. One connection per browser, not per tab: the tab holding the
// "devserve-livereload" lock listens to the server and tells the others
// over a BroadcastChannel. A generation reads BOOT.GEN[.STYLES].
(() => {
  "use strict";
  const me = document.currentScript;
  if (!me || !window.EventSource) return;
  const [boot, gen, styles0] = (me.dataset.gen || "").split(".");
  let styles = Number(styles0 || 0);
  const url = me.dataset.events || "/__devserve/events";
  // swap replaces each stylesheet of this origin with a fresh copy, the
  // old one removed once the new one has loaded, so nothing flashes.
  const swap = () => {
    for (const link of document.querySelectorAll('link[rel~="stylesheet" i][href]')) {
      const u = new URL(link.href, location.href);
      if (u.origin !== location.origin || link.dataset.devserveOld) continue;
      u.searchParams.set("__devserve", String(Date.now()));
      const fresh = link.cloneNode();
      fresh.href = u.href;
      link.dataset.devserveOld = "1";
      fresh.onload = fresh.onerror = () => link.remove();
      link.after(fresh);
    }
  };
  const check = (v) => {
    const [b, g, s] = String(v).split(".");
    if (b !== boot || Number(g) > Number(gen)) {
      location.reload();
    } else if (Number(s || 0) > styles) {
      styles = Number(s);
      swap();
    }
  };
  const listen = (onGen) => {
    const es = new EventSource(url);
    es.addEventListener("gen", (e) => onGen(e.data));
    return es;
  };
  if (!window.BroadcastChannel || !navigator.locks) {
    listen(check);
    return;
  }
  const bc = new BroadcastChannel("devserve-livereload");
  let last = null; // the leader's latest generation
  bc.onmessage = (e) => {
    if (e.data && e.data.ask) {
      if (last !== null) bc.postMessage({ gen: last });
    } else if (e.data && e.data.gen) {
      check(e.data.gen);
    }
  };
  bc.postMessage({ ask: true });
  navigator.locks.request("devserve-livereload", () => new Promise(() => {
    listen((v) => {
      last = v;
      bc.postMessage({ gen: v });
      check(v);
    });
  }));
})();
