// The map: country outlines from the bundled Natural Earth atlas, incidents as server-side clusters.
// Everything from an article is put in the page with textContent, never as HTML.
"use strict";
(function () {
  const box = document.getElementById("map");
  if (!box || typeof L === "undefined") return;
  const query = box.dataset.query || "";
  const COLORS = {
    armed_assault: "#d62728", bombing: "#ff7f0e", kidnapping: "#9467bd", arson: "#8c564b",
    armed_clash: "#2ca02c", remote_violence: "#1f77b4", robbery: "#bcbd22", other: "#7f7f7f", mixed: "#334455",
  };
  const map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 14, zoomSnap: 1 }).setView([20, 10], 2);
  map.attributionControl.addAttribution("Natural Earth");
  const outlines = L.layerGroup().addTo(map);
  fetch("/static/vendor/world-atlas/countries-50m.json").then((r) => r.json()).then((atlas) => {
    const land = topojson.feature(atlas, atlas.objects.countries);
    L.geoJSON(land, { interactive: false, renderer: L.canvas({ padding: 0.5 }), style: { color: "#9aa5ad", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 } })
      .addTo(outlines);
    outlines.eachLayer((l) => l.bringToBack && l.bringToBack());
    box.dataset.outlines = String(land.features.length);
    box.dataset.outlinesAt = String(Math.round(performance.now()));  // ms since navigation (for make bench)
  });
  const markers = L.layerGroup().addTo(map);
  let generation = 0;

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }

  function popup(cluster) {
    const root = el("div", null, { class: "map-popup" });
    root.appendChild(el("strong", cluster.count + (cluster.count === 1 ? " incident" : " incidents")));
    root.appendChild(el("div", "killed " + cluster.killed + ", wounded " + cluster.wounded));
    if (cluster.incidents.length) {
      const list = el("ul");
      cluster.incidents.forEach((i) => {
        const item = el("li");
        const link = el("a", (i.date || "undated") + " · " + i.category + " · " + (i.admin1 || i.country_code || ""),
          { href: "/incidents/" + encodeURIComponent(i.id) });
        item.appendChild(link);
        list.appendChild(item);
      });
      root.appendChild(list);
    }
    return root;
  }

  function draw(data) {
    markers.clearLayers();
    let shown = 0;
    data.clusters.forEach((c) => {
      shown += c.count;
      const casualties = c.killed + c.wounded;
      if (c.count === 1) {
        const m = L.circleMarker([c.lat, c.lon], {
          radius: 5 + 2 * Math.sqrt(casualties), color: "#fff", weight: 1, fillColor: COLORS[c.category] || "#333",
          fillOpacity: 0.85, className: "iw-marker iw-cat-" + c.category,
        });
        m.bindPopup(popup(c));
        m.addTo(markers);
        return;
      }
      const size = Math.round(22 + 6 * Math.log10(c.count) + 2 * Math.sqrt(Math.min(casualties, 400)) / 2);
      const label = el("span", c.count);
      const icon = L.divIcon({ html: label, className: "iw-cluster iw-cat-" + c.category, iconSize: [size, size] });
      const m = L.marker([c.lat, c.lon], { icon: icon, title: c.count + " incidents", keyboard: true });
      m.getElement = m.getElement || (() => null);
      if (c.incidents.length) m.bindPopup(popup(c));
      else m.on("click", () => map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, map.getMaxZoom())));
      m.addTo(markers);
      const node = m.getElement();
      if (node) node.style.borderColor = COLORS[c.category] || "#fff";
    });
    box.dataset.shown = String(shown);
    box.dataset.features = String(data.clusters.length);
    box.dataset.readyAt = String(Math.round(performance.now()));
    box.dataset.ready = "1";
  }

  function load() {
    const mine = ++generation;
    const b = map.getBounds().pad(0.2);
    const bbox = [b.getWest(), Math.max(-90, b.getSouth()), b.getEast(), Math.min(90, b.getNorth())]
      .map((x) => x.toFixed(4)).join(",");
    const url = "/api/map?" + (query ? query + "&" : "") + "zoom=" + map.getZoom() + "&bbox=" + bbox;
    box.dataset.ready = "0";
    return fetch(url, { credentials: "same-origin" }).then((r) => r.json()).then((data) => {
      if (mine === generation) draw(data);
      return data;
    });
  }

  // Start on the matching incidents (their bounding box comes with the page), then follow the user.
  const bounds = box.dataset.bounds ? box.dataset.bounds.split(",").map(Number) : null;
  if (bounds) {
    map.fitBounds(L.latLngBounds([bounds[0], bounds[1]], [bounds[2], bounds[3]]).pad(0.5),
      { maxZoom: 6, animate: false });
  }
  map.on("moveend", load);
  load();
})();
