#!/usr/bin/env python3
"""Writes data/locations/world-110m.csv: one SVG path per country, from Natural Earth's 1:110m
countries as pre-built TopoJSON in the npm package world-atlas 2.0.2 (ISC; the Natural Earth
data is in the public domain). The map of production locations per country colours these
paths; the file is data, so the server needs neither the package nor a projection library.

Projection: equirectangular (plate carrée), 1 unit per 0.5 degree → 720 × 300 for longitude
−180…180 and latitude 84…−66 (Antarctica and the far north are cut: no factories there).
Coordinates are rounded to 0.1 unit.

Usage: npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
       python3 scripts/make_world_map.py package/countries-110m.json data/locations/world-110m.csv
Licence of this script: EUPL-1.2.
"""
import csv
import json
import sys

NORTH, SOUTH = 84.0, -66.0
SCALE = 2.0  # units per degree


def decode_arcs(topo):
    """The arcs in longitude/latitude: delta-decoded and de-quantised."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indices):
    """One closed ring from arc indices (a negative index is the arc reversed)."""
    points = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def project(lon, lat):
    lat = max(min(lat, NORTH), SOUTH)
    return (lon + 180.0) * SCALE, (NORTH - lat) * SCALE


def unwrap(r):
    """A ring that crosses the antimeridian (Russia, Fiji) made continuous, so it is not drawn
    as a band across the map: each longitude within 180° of the previous one, then the ring
    shifted by 360° when most of it lies outside −180…180. What still lies outside is cut by
    the view box."""
    out = []
    for lon, lat in r:
        if out:
            while lon - out[-1][0] > 180:
                lon -= 360
            while lon - out[-1][0] < -180:
                lon += 360
        out.append((lon, lat))
    mean = sum(lon for lon, _ in out) / len(out)
    shift = -360 if mean > 180 else 360 if mean < -180 else 0
    return [(lon + shift, lat) for lon, lat in out]


def path(rings):
    parts = []
    for r in rings:
        pts = [project(lon, lat) for lon, lat in unwrap(r)]
        out = []
        for x, y in pts:
            p = f"{x:.1f} {y:.1f}"
            if not out or out[-1] != p:
                out.append(p)
        if len(out) >= 3:
            parts.append("M" + "L".join(out) + "Z")
    return "".join(parts)


def main(src, dst):
    topo = json.load(open(src, encoding="utf-8"))
    arcs = decode_arcs(topo)
    rows = []
    for g in topo["objects"]["countries"]["geometries"]:
        # Territories without an ISO code (Kosovo, Somaliland …) and Antarctica (no factories;
        # cut away by the projection anyway) are left out.
        if "id" not in g or g.get("type") is None or g["id"] == "010":
            continue
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        rings = [ring(arcs, r) for poly in polys for r in poly]
        d = path(rings)
        if d:
            rows.append((g["id"], g["properties"]["name"], d))
    rows.sort()
    with open(dst, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["iso_numeric", "name", "path"])
        w.writerows(rows)
    print(f"{len(rows)} countries → {dst}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
