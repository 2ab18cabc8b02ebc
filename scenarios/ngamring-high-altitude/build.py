#!/usr/bin/env python3
"""Build the ngamring-high-altitude scenario tables from the Ngamring gazetteer CSVs.

Usage: python3 build.py [GEODATA_DIR] [--seed N] [--base TOWNSHIP] [--out DIR]

GEODATA_DIR holds ngamring_townships.csv and ngamring_villages.csv (see README.md, Sources).
If it is not given, the script uses $OUTREACH_GEODATA when that is set, otherwise the folder
`geodata/` next to this script (copy or link the two CSVs there). A relative GEODATA_DIR is taken
from the current directory; the output never is: the CSVs are written next to this script.

Another campaign built the same way, to measure the planner on one that is not in the repo:
--seed draws other placed and synthetic villages, populations and leave; --base puts the base
hospital in another township (its first characters, e.g. 桑桑, at the township's stated altitude);
--out writes the CSVs and a scenario.toml (this folder's, renamed) to a new folder DIR, which
must not exist yet. Without --out, --seed and --base are refused: the bundled files stay as they
are.

Python 3 standard library only. Every random draw comes from one generator with a fixed seed, the
inputs are sorted by their NBS codes and every loop runs in a fixed order, so two runs give
identical files. `scenario.toml` and README.md are written by hand: keep them in step with the
constants below.
"""

import csv
import datetime as dt
import heapq
import math
import os
import random
import statistics
import sys

SEED = 20270601

# --- the horizon (must match scenario.toml) -----------------------------------------------------
START = dt.date(2027, 6, 1)
DAYS = 122                                  # 2027-06-01 .. 2027-09-30
SEASON = "2027-06-15..2027-09-15"           # summer pastures and tent camps are open

# --- the travel model (must match scenario.toml) -------------------------------------------------
CIRCUITY = 1.5
SPEED_KMH = {"plain": 50.0, "hill": 35.0, "mountain": 25.0, "track": 20.0}
ALTITUDE_SPEED = [(4000, 0.9), (4500, 0.85), (5000, 0.8)]  # band of a leg's higher end
MAX_DRIVE_MINUTES = 420                     # vehicles.csv
WORKING_MINUTES = 600                       # [day] working_minutes
MAX_TRIP_DAYS = 8                           # [tours] max_days
RULES_ABOVE_M, MAX_GAIN_PER_NIGHT_M = 3000, 500   # [altitude]

# --- the places ------------------------------------------------------------------------------------
BASE_TOWNSHIP = "卡嘎"
BASE_NAME = "昂仁县中心医院 (卡嘎镇)"
BASE_ALTITUDE_M = 4380                      # stated (geodata README, Sources 4)
PASTORAL = ["切热", "贡久布", "达若", "措迈", "尼果", "孔隆", "如萨", "阿木雄", "查孜", "雄巴"]
N_PASTORAL_SITES = 76                       # the report's "76个牧区村居"
N_SYNTHETIC = 21                            # 76 - 55 NBS villages of the pastoral townships
EXPECTED = (46, 9, 21)                      # real, placed, synthetic: the design memo's counts

# Placed points: a lognormal distance from the township seat fitted (median, p90) to the distances
# of Ngamring's 'ok' villages, cut to [2, 38] km, at a uniform bearing.
PLACE_MIN_KM, PLACE_MAX_KM = 2.0, 38.0
PASTURE_EXTRA_M = 150                       # summer pastures lie above the villages

# Synthetic populations: lognormal, median 250, cut to [80, 600] (draws outside are redrawn).
POP_MEDIAN, POP_SIGMA, POP_MIN, POP_MAX = 250.0, 0.5, 80, 600

VILLAGE_SERVICE_MINUTES = 120
HC_SERVICE_MINUTES = 180
HC_LOAD_KG = 10.0

BEDS = {"pastoral": 6, "other": 8, "clinic": 4, "camp": 8}
CLINIC_MIN_KM = 20.0
CAMP_TOWNSHIPS = ["孔隆", "如萨"]

VEHICLES = [("V1", "高原巡诊车1号", 300), ("V2", "高原巡诊车2号", 300), ("V3", "巡回医疗车", 250)]
SEATS, COST_PER_KM, COST_PER_DAY = 5, 4.0, 600

# The design memo's teams table. Every name is made up.
TEAMS = [
    ("T1", "高原巡诊一队", "V1", [("扎西次仁", "doctor", True), ("央金卓玛", "nurse", True),
                                 ("普布顿珠", "pharmacist", True)]),
    ("T2", "高原巡诊二队", "V2", [("刘志强", "doctor", True), ("拉巴卓嘎", "nurse", True),
                                 ("次旦", "lab technician", True)]),
    ("T3", "农区巡回队", "V3", [("王海燕", "doctor", False), ("白玛曲珍", "nurse", True),
                               ("张磊", "pharmacist", False)]),
]
MAX_DAYS_PER_WEEK, MAX_CONSECUTIVE_DAYS, MAX_DAYS_PER_MONTH = 7, 8, 22

SNOW = "road closed by snow"
EARLY_SNOW = (["达若"], "2027-06-01", "2027-06-14")
LATE_SNOW = (["尼果", "孔隆"], "2027-09-10", "2027-09-30")


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if r.get(h) is None else r[h] for h in header])


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def destination(lat, lon, bearing_rad, km):
    r = km / 6371.0088
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(r) + math.cos(p1) * math.sin(r) * math.cos(bearing_rad))
    l2 = l1 + math.atan2(math.sin(bearing_rad) * math.sin(r) * math.cos(p1),
                         math.cos(r) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), math.degrees(l2)


def altitude_factor(alt):
    f = 1.0
    for threshold, factor in ALTITUDE_SPEED:
        if alt >= threshold:
            f = factor
    return f


def drive_minutes(a, b):
    """The geo model of scenario.toml: the slower end's terrain, the higher end's altitude band."""
    km = haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) * CIRCUITY
    speed = min(SPEED_KMH[a["terrain"]], SPEED_KMH[b["terrain"]])
    speed *= altitude_factor(max(a["altitude_m"], b["altitude_m"]))
    return km / speed * 60.0


def short_name(township_zh):
    return township_zh[:-1] if township_zh[-1] in "乡镇" else township_zh


def fmt(x):
    return f"{x:.6f}"


def median_int(values):
    return int(round(statistics.median(values)))


def largest_remainder(total, weights):
    """Integer shares of `total` proportional to `weights`; ties go to the earlier entry."""
    s = sum(weights)
    quotas = [total * w / s for w in weights]
    shares = [int(math.floor(q)) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in order[:total - sum(shares)]:
        shares[i] += 1
    return shares


def arguments():
    """(geodata folder, seed, base township, output folder or None) from the command line."""
    args = sys.argv[1:]
    if any(a in ("-h", "--help") for a in args):
        sys.exit(__doc__)
    opts = {"--seed": None, "--base": None, "--out": None}
    rest = []
    while args:
        a = args.pop(0)
        if a in opts:
            if not args:
                sys.exit(f"{a} needs a value\n\n{__doc__}")
            opts[a] = args.pop(0)
        else:
            rest.append(a)
    if len(rest) > 1:
        sys.exit(__doc__)
    if opts["--out"] is None and (opts["--seed"] or opts["--base"]):
        sys.exit("--seed and --base need --out: the bundled files are built with the defaults")
    seed = SEED
    if opts["--seed"] is not None:
        try:
            seed = int(opts["--seed"])
        except ValueError:
            sys.exit(f"--seed {opts['--seed']}: not a whole number")
    out = opts["--out"]
    if out is not None and os.path.exists(out):
        sys.exit(f"--out {out}: already exists; give a new folder")
    return geodata_dir(rest[0] if rest else None), seed, opts["--base"] or BASE_TOWNSHIP, out


def geodata_dir(given):
    here = os.path.dirname(os.path.abspath(__file__))
    if given is not None:
        geo = given
    elif os.environ.get("OUTREACH_GEODATA"):
        geo = os.environ["OUTREACH_GEODATA"]
    else:
        geo = os.path.join(here, "geodata")
    for f in ("ngamring_townships.csv", "ngamring_villages.csv"):
        if not os.path.isfile(os.path.join(geo, f)):
            sys.exit(f"{f} not found in {geo}\n\n{__doc__}")
    return geo


def main():
    geo, seed, base_township, variant = arguments()
    here = os.path.dirname(os.path.abspath(__file__))
    out = here
    if variant is not None:
        # Written to a folder beside the target and renamed at the end: no half-built scenario.
        out = os.path.abspath(variant) + ".part"
        if os.path.exists(out):
            sys.exit(f"{out}: left by an earlier run; remove it")
        os.makedirs(out)
    rng = random.Random(seed)

    townships = sorted(read_csv(os.path.join(geo, "ngamring_townships.csv")), key=lambda r: r["code"])
    villages = sorted(read_csv(os.path.join(geo, "ngamring_villages.csv")), key=lambda r: r["code"])

    def township(prefix):
        hits = [t for t in townships if t["name_zh"].startswith(prefix)]
        if len(hits) != 1:
            raise SystemExit(f"township {prefix}: {len(hits)} matches")
        return hits[0]

    def point(row, terrain, altitude):
        return {"lat": float(row["lat"]), "lon": float(row["lon"]), "terrain": terrain,
                "altitude_m": int(altitude)}

    # ---- base ----------------------------------------------------------------------------------
    kaga = township(base_township)
    if base_township == BASE_TOWNSHIP:
        base = dict(point(kaga, "plain", BASE_ALTITUDE_M), id="B1", name=BASE_NAME)
    else:
        base = dict(point(kaga, "plain", int(kaga["elevation_m"])), id="B1",
                    name=f"{kaga['name_zh']}巡诊基地")
    pastoral = [township(p) for p in PASTORAL]
    for t in pastoral:
        if not t["zone_inferred"].startswith("pastoral"):
            raise SystemExit(f"{t['name_zh']} is {t['zone_inferred']}, not pastoral")
    pastoral_codes = {t["code"] for t in pastoral}
    others = [t for t in townships if t["code"] != kaga["code"] and t["code"] not in pastoral_codes]

    # ---- the distance model for placed points --------------------------------------------------
    ok_km = sorted(float(v["dist_to_township_km"]) for v in villages if v["quality"] == "ok")
    fit_median = statistics.median(ok_km)
    fit_p90 = statistics.quantiles(ok_km, n=10, method="inclusive")[-1]
    mu = math.log(fit_median)
    sigma = math.log(fit_p90 / fit_median) / 1.2815515655446004

    def place(seat):
        while True:
            km = rng.lognormvariate(mu, sigma)
            if PLACE_MIN_KM <= km <= PLACE_MAX_KM:
                break
        lat, lon = destination(seat["lat"], seat["lon"], rng.uniform(0, 2 * math.pi), km)
        return lat, lon, km

    # ---- pastoral villages ---------------------------------------------------------------------
    by_township = {t["code"]: [v for v in villages if v["township_code"] == t["code"]] for t in pastoral}
    n_nbs = [len(by_township[t["code"]]) for t in pastoral]
    r3_shares = largest_remainder(N_SYNTHETIC, n_nbs)
    sites = []
    per_township = []
    for t, n_r3 in zip(pastoral, r3_shares):
        seat = point(t, "hill", t["elevation_m"])
        rows = by_township[t["code"]]
        ok = [v for v in rows if v["quality"] == "ok"]
        median_alt = median_int([int(v["elevation_m"]) for v in ok])
        tname, tshort = t["name_zh"], short_name(t["name_zh"])
        mine = []
        for v in rows:
            if v["quality"] == "ok":
                lat, lon, alt = float(v["lat"]), float(v["lon"]), int(v["elevation_m"])
                km = haversine_km(seat["lat"], seat["lon"], lat, lon)
                cls, note = "R1", "real"
            else:
                lat, lon, km = place(seat)
                alt, cls, note = median_alt, "R2", "placed:" + v["quality"]
            mine.append({"name": v["name_zh"], "lat": lat, "lon": lon, "altitude_m": alt,
                         "terrain": "mountain", "kind": "village", "windows": "", "class": cls,
                         "notes": f"{note} {tname}", "ur_code": v["ur_code"], "code": v["code"],
                         "quality": v["quality"], "seat_km": km})
        for k in range(1, n_r3 + 1):
            lat, lon, km = place(seat)
            mine.append({"name": f"{tshort}夏季牧场{k}", "lat": lat, "lon": lon,
                         "altitude_m": median_alt + PASTURE_EXTRA_M, "terrain": "track",
                         "kind": "pasture", "windows": SEASON, "class": "R3",
                         "notes": f"synthetic {tname}", "ur_code": "", "code": "",
                         "quality": "", "seat_km": km})
        centres = [s for s in mine if s["ur_code"] == "210"]
        if not centres:  # none in this data; the recipe's fallback: the village nearest the seat
            centres = [min((s for s in mine if s["class"] != "R3"), key=lambda s: (s["seat_km"], s["code"]))]
        for s in mine:
            s["priority"] = 2 if s is centres[0] else 1
            s["township"] = tshort
        mine.sort(key=lambda s: s["name"])
        sites.extend(mine)
        per_township.append({"t": t, "short": tshort, "seat": seat, "sites": mine, "ok": ok,
                             "median_alt": median_alt})

    counts = tuple(sum(1 for s in sites if s["class"] == c) for c in ("R1", "R2", "R3"))
    if len(sites) != N_PASTORAL_SITES or counts != EXPECTED:
        raise SystemExit(f"pastoral sites: {len(sites)} = {counts}, expected {EXPECTED}")

    for i, s in enumerate(sites, start=1):
        s["id"] = f"NG{i:03d}"
        s["base"] = "B1"
        s["service_minutes"] = VILLAGE_SERVICE_MINUTES
    for s in sites:  # populations in id order, after every placement draw
        while True:
            pop = int(round(rng.lognormvariate(math.log(POP_MEDIAN), POP_SIGMA)))
            if POP_MIN <= pop <= POP_MAX:
                break
        s["population"] = pop
        s["load_kg"] = round(20 + pop / 20, 1)

    # ---- supervision sites: the non-pastoral township health centres ---------------------------
    hcs = []
    for i, t in enumerate(others, start=1):
        hcs.append(dict(point(t, "hill", t["elevation_m"]), id=f"HC{i:02d}",
                        name=f"{t['name_zh']}卫生院", base="B1", population=0, priority=1,
                        service_minutes=HC_SERVICE_MINUTES, windows="", kind="health centre",
                        notes="real township seat", load_kg=HC_LOAD_KG, township=short_name(t["name_zh"])))

    # ---- lodgings -----------------------------------------------------------------------------
    lodgings = []

    def lodging(name, where, beds, kind, terrain, windows, township_short):
        lodgings.append({"id": f"L{len(lodgings) + 1:02d}", "name": name, "lat": where["lat"],
                         "lon": where["lon"], "altitude_m": int(where["altitude_m"]), "beds": beds,
                         "kind": kind, "terrain": terrain, "windows": windows,
                         "township": township_short})

    for t in townships:
        if t["code"] == kaga["code"]:
            continue
        is_pastoral = t["code"] in pastoral_codes
        lodging(f"{t['name_zh']}卫生院", point(t, "hill", t["elevation_m"]),
                BEDS["pastoral" if is_pastoral else "other"], "health centre", "hill", "",
                short_name(t["name_zh"]))
    for p in per_township:
        real = [s for s in p["sites"] if s["class"] == "R1"]
        far = max(real, key=lambda s: (s["seat_km"], s["code"]))
        if far["seat_km"] >= CLINIC_MIN_KM:
            lodging(f"{far['name']}卫生室", far, BEDS["clinic"], "village clinic", "mountain", "", p["short"])
            p["clinic"] = far
    for p in per_township:
        if p["short"] in CAMP_TOWNSHIPS:
            pasture = next(s for s in p["sites"] if s["name"] == f"{p['short']}夏季牧场1")
            lodging(f"{pasture['name']}帐篷营地", pasture, BEDS["camp"], "camp", "track", SEASON, p["short"])

    # ---- fleet and people ------------------------------------------------------------------------
    vehicles = [{"id": vid, "base": "B1", "name": name, "seats": SEATS,
                 "max_drive_minutes": MAX_DRIVE_MINUTES, "cost_per_km": f"{COST_PER_KM:.1f}",
                 "cost_per_day": COST_PER_DAY, "max_load_kg": load} for vid, name, load in VEHICLES]
    clinicians, teams = [], []
    for tid, tname, vid, members in TEAMS:
        ids = []
        for name, role, cleared in members:
            cid = f"C{len(clinicians) + 1:02d}"
            ids.append(cid)
            clinicians.append({"id": cid, "name": name, "base": "B1", "role": role,
                               "specialties": "", "working_days": "",
                               "max_days_per_week": MAX_DAYS_PER_WEEK,
                               "max_consecutive_days": MAX_CONSECUTIVE_DAYS,
                               "max_days_per_month": MAX_DAYS_PER_MONTH,
                               "altitude_cleared": "yes" if cleared else "no",
                               "max_high_nights_per_month": ""})
        teams.append({"id": tid, "name": tname, "vehicle": vid, "members": ";".join(ids)})

    # ---- requirements, leave, closures ---------------------------------------------------------
    requirements = [{"site": s["id"], "visits": 2, "period": "horizon", "specialty": "",
                     "min_spacing_days": 30, "service_minutes": ""} for s in sites if s["priority"] == 2]
    requirements += [{"site": h["id"], "visits": 1, "period": "month", "specialty": "",
                      "min_spacing_days": 14, "service_minutes": HC_SERVICE_MINUTES} for h in hcs]

    t2_member = rng.choice(teams[1]["members"].split(";"))
    first = dt.date(2027, 8, 1) + dt.timedelta(days=rng.randrange(31 - 6))
    leave = [{"id": t2_member, "from": first.isoformat(),
              "to": (first + dt.timedelta(days=6)).isoformat(), "reason": "annual leave"}]
    first = dt.date(2027, 7, 1) + dt.timedelta(days=rng.randrange(31 - 1))
    leave.append({"id": "V1", "from": first.isoformat(),
                  "to": (first + dt.timedelta(days=1)).isoformat(), "reason": "maintenance"})

    closures = []
    for names, a, b in (EARLY_SNOW, LATE_SNOW):
        for s in sites:
            if s["township"] in names:
                closures.append({"site": s["id"], "from": a, "to": b, "reason": SNOW})
        for lo in lodgings:
            if lo["township"] in names:
                closures.append({"site": lo["id"], "from": a, "to": b, "reason": SNOW})

    # ---- write ---------------------------------------------------------------------------------
    write_csv(os.path.join(out, "bases.csv"), ["id", "name", "lat", "lon", "terrain", "altitude_m"],
              [dict(base, lat=fmt(base["lat"]), lon=fmt(base["lon"]))])
    site_header = ["id", "name", "lat", "lon", "base", "population", "priority", "service_minutes",
                   "terrain", "windows", "kind", "notes", "altitude_m", "load_kg"]
    write_csv(os.path.join(out, "sites.csv"), site_header,
              [dict(s, lat=fmt(s["lat"]), lon=fmt(s["lon"]), load_kg=f"{s['load_kg']:.1f}")
               for s in sites + hcs])
    write_csv(os.path.join(out, "lodgings.csv"),
              ["id", "name", "lat", "lon", "altitude_m", "beds", "kind", "terrain", "windows"],
              [dict(lo, lat=fmt(lo["lat"]), lon=fmt(lo["lon"])) for lo in lodgings])
    write_csv(os.path.join(out, "vehicles.csv"),
              ["id", "base", "name", "seats", "max_drive_minutes", "cost_per_km", "cost_per_day",
               "max_load_kg"], vehicles)
    write_csv(os.path.join(out, "clinicians.csv"),
              ["id", "name", "base", "role", "specialties", "working_days", "max_days_per_week",
               "max_consecutive_days", "max_days_per_month", "altitude_cleared",
               "max_high_nights_per_month"], clinicians)
    write_csv(os.path.join(out, "teams.csv"), ["id", "name", "vehicle", "members"], teams)
    write_csv(os.path.join(out, "requirements.csv"),
              ["site", "visits", "period", "specialty", "min_spacing_days", "service_minutes"],
              requirements)
    write_csv(os.path.join(out, "leave.csv"), ["id", "from", "to", "reason"], leave)
    write_csv(os.path.join(out, "closures.csv"), ["site", "from", "to", "reason"], closures)

    # ---- summary (stdout only) -----------------------------------------------------------------
    print(f"distance model: median {fit_median:.2f} km, p90 {fit_p90:.2f} km "
          f"(mu {mu:.3f}, sigma {sigma:.3f}), cut {PLACE_MIN_KM:g}-{PLACE_MAX_KM:g} km")
    print(f"pastoral sites: {len(sites)} = {counts[0]} real + {counts[1]} placed + {counts[2]} synthetic")
    print("  township   NBS  real placed synth total  median ok alt  priority village")
    for p, n in zip(per_township, n_nbs):
        c = [sum(1 for s in p["sites"] if s["class"] == k) for k in ("R1", "R2", "R3")]
        pr = next(s["name"] for s in p["sites"] if s["priority"] == 2)
        print(f"  {p['short']:<6}{n:>6}{c[0]:>6}{c[1]:>7}{c[2]:>6}{sum(c):>6}{p['median_alt']:>15}  {pr}")
    for label, cls in (("real", "R1"), ("placed", "R2"), ("synthetic", "R3")):
        alts = [s["altitude_m"] for s in sites if s["class"] == cls]
        print(f"  altitude {label}: {min(alts)}-{max(alts)} m")
    alts = [s["altitude_m"] for s in sites]
    print(f"  altitude all pastoral sites: {min(alts)}-{max(alts)} m")
    placed_km = sorted(s["seat_km"] for s in sites if s["class"] != "R1")
    print(f"  placed points from their seat: {placed_km[0]:.1f}-{placed_km[-1]:.1f} km, "
          f"median {statistics.median(placed_km):.1f} km")
    print(f"  population (synthetic): total {sum(s['population'] for s in sites)}, "
          f"{min(s['population'] for s in sites)}-{max(s['population'] for s in sites)}; "
          f"load {min(s['load_kg'] for s in sites)}-{max(s['load_kg'] for s in sites)} kg")
    print(f"supervision sites: {len(hcs)} ({', '.join(h['name'] for h in hcs)}), "
          f"{min(h['altitude_m'] for h in hcs)}-{max(h['altitude_m'] for h in hcs)} m")
    kinds = {}
    for lo in lodgings:
        kinds.setdefault(lo["kind"], []).append(lo)
    print(f"lodgings: {len(lodgings)} = " + ", ".join(
        f"{len(v)} {k} ({sum(lo['beds'] for lo in v)} beds)" for k, v in kinds.items()))
    print(f"  altitude {min(lo['altitude_m'] for lo in lodgings)}-{max(lo['altitude_m'] for lo in lodgings)} m; "
          "clinics: " + ", ".join(lo["name"] for lo in kinds.get("village clinic", [])))
    print(f"requirements: {len(requirements)} rows; leave: {len(leave)} rows; closures: {len(closures)} rows")

    # ---- sanity check: drive times and reachability under the travel model -------------------
    print(f"drive minutes from the base to the pastoral health centres (one way):")
    hc_lodging = {lo["township"]: lo for lo in lodgings if lo["kind"] == "health centre"}
    for p in per_township:
        lo = hc_lodging.get(p["short"])
        if lo is None:
            # The base's own township (--base): its health centre is the base, not a lodging.
            print(f"  {p['short']:<6} the base")
            continue
        km = haversine_km(base["lat"], base["lon"], lo["lat"], lo["lon"])
        print(f"  {p['short']:<6} {km:6.1f} km  {drive_minutes(base, lo):5.0f} min  ({lo['altitude_m']} m)")

    def sleep_alt(node):
        return max(node["altitude_m"], RULES_ABOVE_M)

    def gain_ok(a, b):
        return sleep_alt(b) - sleep_alt(a) <= MAX_GAIN_PER_NIGHT_M

    def chain_days(nodes, dm, outward):
        """Fewest transfer days from the base to sleep at each lodging (outward) or from each
        lodging back to the base: legs of <= MAX_DRIVE_MINUTES, <= MAX_GAIN_PER_NIGHT_M a night."""
        n = len(nodes)
        dist = [math.inf] * n
        dist[0] = 0
        heap = [(0, 0)]
        while heap:
            d, i = heapq.heappop(heap)
            if d > dist[i]:
                continue
            for j in range(1, n):
                frm, to = (i, j) if outward else (j, i)
                if dm[frm][to] <= MAX_DRIVE_MINUTES and (to == 0 or gain_ok(nodes[frm], nodes[to])) \
                        and d + 1 < dist[j]:
                    dist[j] = d + 1
                    heapq.heappush(heap, (d + 1, j))
        return dist

    def reachability(nodes):
        """For each pastoral site, the shortest trip (in days) with a day leg a -> site -> b, where
        a and b are the base or lodgings reachable by lodging chains; None if no trip fits."""
        n = len(nodes)
        dm = [[drive_minutes(nodes[i], nodes[j]) for j in range(n)] for i in range(n)]
        out_days, back_days = chain_days(nodes, dm, True), chain_days(nodes, dm, False)
        stranded = [nodes[i]["id"] for i in range(1, n) if math.inf in (out_days[i], back_days[i])]
        best = {}
        for s in sites:
            to_site = [drive_minutes(node, s) for node in nodes]
            found = None
            for a in range(n):
                if out_days[a] == math.inf:
                    continue
                for b in range(n):
                    if back_days[b] == math.inf or (b != 0 and not gain_ok(nodes[a], nodes[b])):
                        continue
                    drive = to_site[a] + to_site[b]
                    if drive > MAX_DRIVE_MINUTES or drive + s["service_minutes"] > WORKING_MINUTES:
                        continue
                    days = out_days[a] + 1 + back_days[b]
                    if days <= MAX_TRIP_DAYS and (found is None or days < found[0]):
                        found = (days, nodes[a]["id"], nodes[b]["id"], drive)
            best[s["id"]] = found
        return stranded, best

    print(f"reachability: a day leg base/lodging -> site -> base/lodging with <= {MAX_DRIVE_MINUTES} min "
          f"driving; lodgings reached by chains of <= {MAX_DRIVE_MINUTES}-min days gaining "
          f"<= {MAX_GAIN_PER_NIGHT_M} m a night; trips <= {MAX_TRIP_DAYS} days")
    stranded, best = reachability([base] + lodgings)
    print(f"  lodgings not reachable from the base: {', '.join(stranded) or 'none'}")
    hist = {}
    for s in sites:
        if best[s["id"]]:
            hist[best[s["id"]][0]] = hist.get(best[s["id"]][0], 0) + 1
    print("  pastoral sites by the shortest trip that reaches them: " +
          ", ".join(f"{k} d: {v}" for k, v in sorted(hist.items())))
    longest = sorted((s for s in sites if best[s["id"]]), key=lambda s: (-best[s["id"]][0], s["id"]))
    for s in longest[:3]:
        d, a, b, m = best[s["id"]]
        print(f"  longest: {s['id']} {s['name']}: {d} days ({a} -> site -> {b}, {m:.0f} min driving)")
    bad = [s for s in sites if best[s["id"]] is None]
    print("  unplannable pastoral sites: " + (", ".join(f"{s['id']} {s['name']}" for s in bad) or "none"))
    _, off_season = reachability([base] + [lo for lo in lodgings if not lo["windows"]])
    bad = [s for s in sites if s["kind"] == "village" and off_season[s["id"]] is None]
    print("  villages unplannable while the camps are shut: " +
          (", ".join(f"{s['id']} {s['name']}" for s in bad) or "none"))
    if variant is not None:
        finish_variant(here, out, variant, seed, kaga["name_zh"])


def finish_variant(here, part, variant, seed, base_name):
    """The scenario.toml of a campaign built with --out: the bundled one, renamed, then the folder
    moved to its name."""
    with open(os.path.join(here, "scenario.toml"), encoding="utf-8") as f:
        toml = f.read()
    lines = toml.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("name = "):
            lines[i] = f'name = "pastoral-{os.path.basename(os.path.abspath(variant))}"'
        elif line.startswith("description = "):
            lines[i] = (f'description = "A campaign built like ngamring-high-altitude (build.py '
                        f'--seed {seed}, base at {base_name}): not a real county\'s plan"')
    with open(os.path.join(part, "scenario.toml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))
    os.rename(part, os.path.abspath(variant))
    print(f"wrote {variant}")

if __name__ == "__main__":
    main()
