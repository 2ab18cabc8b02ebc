#!/usr/bin/env python3
"""Build the zibo-health-bus scenario tables from the Zibo gazetteer CSVs.

Usage: python3 build.py GEODATA_DIR

GEODATA_DIR holds zibo_towns.csv, zibo_villages.csv and counties.csv (see README.md, Sources).
The CSVs are written next to this script. Python 3 standard library only; every random draw comes
from one seeded generator and every loop runs in a fixed order, so two runs give identical files.
"""

import csv
import datetime as dt
import math
import os
import random
import sys

SEED = 20270101

# --- the horizon (must match scenario.toml) -----------------------------------------------------
START = dt.date(2027, 1, 1)
DAYS = 90  # 2027-01-01 .. 2027-03-31: exactly the first quarter
HOLIDAYS = [(dt.date(2027, 1, 1), dt.date(2027, 1, 1)),  # New Year
            (dt.date(2027, 2, 5), dt.date(2027, 2, 13))]  # Spring Festival (provisional)
SPRING_FESTIVAL = HOLIDAYS[1]

# --- the travel model (must match scenario.toml) -------------------------------------------------
CIRCUITY = 1.3
SPEED_KMH = {"plain": 45.0, "hill": 32.0, "mountain": 22.0}
SLOWNESS = {"plain": 0, "hill": 1, "mountain": 2}

# --- model sizes ----------------------------------------------------------------------------------
ZIBO_COUNTIES = ["370302", "370303", "370304", "370305", "370306", "370321", "370322", "370323"]
COUNTY_HOSPITAL_NAME = {  # descriptive names; the point is the government seat, not the hospital
    "370302": "淄川区医院", "370303": "张店区人民医院", "370304": "博山区医院",
    "370305": "临淄区人民医院", "370306": "周村区人民医院", "370321": "桓台县人民医院",
    "370322": "高青县人民医院", "370323": "沂源县人民医院",
}
TOTAL_VEHICLES = 94           # Zibo's health buses
MAX_SITES_PER_BASE = 24       # the planner enumerates tours per base
STATIONS_PER_COUNTY = 3
# The one expert grassroots station the sources name with its township: 北郊镇 (Zhoucun), staffed
# from 周村区人民医院. It is chosen first in its county when it is within reach.
DOCUMENTED_STATIONS = ["370306100"]
SPECIALTIES = ["endocrinology", "oncology", "pain", "obstetrics", "cardiology"]
STATION_SERVICE_MINUTES = 360
WORKING_MINUTES = 480
STATION_MAX_ONE_WAY_MINUTES = 45     # 2 x 45 + 360 = 450 <= 480: a station day fits
VILLAGE_SERVICE_MINUTES = 90

# Synthetic village points: a lognormal distance from the township seat fitted to the gazetteer's
# 'ok' villages (median 1.6 km, p90 4.7 km), cut to [0.3, 10] km, at a uniform bearing.
SYN_MEDIAN_KM = 1.6
SYN_P90_KM = 4.7
SYN_MIN_KM, SYN_MAX_KM = 0.3, 10.0
SYN_MIN_SEPARATION_KM = 0.25

# Synthetic populations: lognormal around 1,000 people, cut to [400, 3000].
POP_MEDIAN, POP_SIGMA, POP_MIN, POP_MAX = 1000.0, 0.5, 400, 3000

LEAVE_SHARE = 0.12
MAINTENANCE_VEHICLES = 5
SNOW_CLOSURES = 4

ZIBO_BBOX = (35.8, 37.4, 117.4, 118.7)  # lat_min, lat_max, lon_min, lon_max (generous)

SURNAMES = ("王王王李李李张张张刘刘刘陈杨赵孙孙黄周吴徐朱马马胡郭林何高罗郑梁宋谢韩唐冯于于董"
            "萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金"
            "陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文房翟毕牛")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玲红鹏辉华建国志文斌波宁海燕云"
         "飞鑫玉萍俊峰凤林婷雪梅晶琳颖慧莉倩亮成浩宇博晨欣悦瑞佳嘉庆春晓东新振松涵思远")


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


def drive_minutes(a, b):
    slow = max(a["terrain"], b["terrain"], key=lambda t: SLOWNESS[t])
    km = haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) * CIRCUITY
    return km / SPEED_KMH[slow] * 60.0


def terrain_of(county, lat, is_subdistrict):
    """One rule for every town (documented in README.md)."""
    if county == "370304":  # Boshan: hills; the southern towns are mountain
        return "mountain" if lat < 36.45 else "hill"
    if county == "370323":  # Yiyuan: mountain, except the county-seat basin
        return "hill" if is_subdistrict else "mountain"
    if county == "370302":  # Zichuan: the south rises into the Lushan foothills
        if lat < 36.56:
            return "mountain"
        if lat < 36.62:
            return "hill"
        return "plain"
    return "plain"  # Zhangdian, Linzi, Zhoucun, Huantai, Gaoqing: the northern plain


def base_display_name(town):
    name = town["name_zh"].replace("办事处", "")
    if town["type"] == "subdistrict":
        return name + "社区卫生服务中心"
    return name + "卫生院"


def short_town(town):
    return town["name_zh"].replace("办事处", "")


def fmt(x):
    return f"{x:.6f}"


def workdays():
    holidays = set()
    for a, b in HOLIDAYS:
        d = a
        while d <= b:
            holidays.add(d)
            d += dt.timedelta(days=1)
    out = []
    for i in range(DAYS):
        d = START + dt.timedelta(days=i)
        if d.weekday() < 5 and d not in holidays:
            out.append(d)
    return out


class Names:
    """Fictitious Chinese personal names, unique within the scenario."""

    # people named in the news sources: never reuse a real person's name
    REAL_PEOPLE = {"王秀玲", "张清", "路中卫"}

    def __init__(self, rng):
        self.rng = rng
        self.used = set(self.REAL_PEOPLE)

    def next(self):
        while True:
            s = self.rng.choice(SURNAMES)
            g = self.rng.choice(GIVEN)
            if self.rng.random() < 0.7:
                g += self.rng.choice(GIVEN)
            name = s + g
            if name not in self.used:
                self.used.add(name)
                return name


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    geo = sys.argv[1]
    out = os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(SEED)

    towns = read_csv(os.path.join(geo, "zibo_towns.csv"))
    villages = read_csv(os.path.join(geo, "zibo_villages.csv"))
    counties = {r["code"]: r for r in read_csv(os.path.join(geo, "counties.csv"))}

    rural = {}  # township code -> its rural (ur 220/210) village rows, in code order
    for v in villages:
        if v["ur_code"] in ("220", "210"):
            rural.setdefault(v["township_code"], []).append(v)
    for k in rural:
        rural[k].sort(key=lambda r: r["code"])

    # ---- bases -------------------------------------------------------------------------------
    skipped = []
    th = []  # township bases
    for t in sorted(towns, key=lambda r: r["code"]):
        county = t["code"][:6]
        if county not in ZIBO_COUNTIES:
            continue
        n_rural = sum(1 for v in rural.get(t["code"], []) if v["ur_code"] == "220")
        if t["type"] not in ("town", "township", "subdistrict"):
            continue
        if n_rural == 0:
            if t["type"] != "subdistrict":
                skipped.append(f"{t['name_zh']} ({t['code']}): no rural (ur 220) village")
            continue
        if not t["lat"]:
            skipped.append(f"{t['name_zh']} ({t['code']}): no point ({n_rural} rural villages left out)")
            continue
        lat, lon = float(t["lat"]), float(t["lon"])
        th.append({
            "id": "TH" + t["code"], "code": t["code"], "county": county, "town": t,
            "name": base_display_name(t), "lat": lat, "lon": lon,
            "terrain": terrain_of(county, lat, t["type"] == "subdistrict"),
            "n_rural": n_rural, "coord_quality": t["coord_quality"],
        })
    ch = []
    for c in ZIBO_COUNTIES:
        r = counties[c]
        lat, lon = float(r["lat"]), float(r["lon"])
        ch.append({
            "id": "CH" + c, "code": c, "county": c, "name": COUNTY_HOSPITAL_NAME[c],
            "lat": lat, "lon": lon, "terrain": terrain_of(c, lat, True),
            "county_zh": r["name_zh"],
        })
    ch_by_county = {b["county"]: b for b in ch}

    # ---- villages ----------------------------------------------------------------------------
    mu = math.log(SYN_MEDIAN_KM)
    sigma = math.log(SYN_P90_KM / SYN_MEDIAN_KM) / 1.2815515655446004
    sites = []
    for b in th:
        rows = rural.get(b["code"], [])
        real = [v for v in rows if v["quality"] == "ok"]
        pool = [v for v in rows if v["quality"] != "ok" and v["ur_code"] == "220"]
        quota = min(MAX_SITES_PER_BASE, len(real) + len(pool))
        real = real[:quota]
        chosen_syn = sorted(rng.sample(pool, quota - len(real)), key=lambda r: r["code"])
        placed = [(float(v["lat"]), float(v["lon"])) for v in real]
        picks = [(v, False) for v in real] + [(v, True) for v in chosen_syn]
        for v, synthetic in sorted(picks, key=lambda p: p[0]["code"]):
            if synthetic:
                for _ in range(1000):
                    km = rng.lognormvariate(mu, sigma)
                    if not SYN_MIN_KM <= km <= SYN_MAX_KM:
                        continue
                    lat, lon = destination(b["lat"], b["lon"], rng.uniform(0, 2 * math.pi), km)
                    if all(haversine_km(lat, lon, a, o) >= SYN_MIN_SEPARATION_KM for a, o in placed):
                        break
                else:
                    raise SystemExit(f"could not place {v['code']}")
                placed.append((lat, lon))
                kind = "village (synthetic point)"
            else:
                lat, lon = float(v["lat"]), float(v["lon"])
                kind = "village"
            pop = int(round(rng.lognormvariate(math.log(POP_MEDIAN), POP_SIGMA)))
            pop = max(POP_MIN, min(POP_MAX, pop))
            notes = f"{v['county_zh']}{v['township_zh']}{v['name_zh_full']}"
            sites.append({
                "id": "V" + v["code"], "name": v["name_zh"], "lat": lat, "lon": lon,
                "base": b["id"], "population": pop, "priority": 1,
                "service_minutes": VILLAGE_SERVICE_MINUTES, "terrain": b["terrain"],
                "windows": "", "kind": kind, "notes": notes,
                "synthetic": synthetic, "county": b["county"],
            })
        b["sites"] = [s for s in sites if s["base"] == b["id"]]
        b["population"] = sum(s["population"] for s in b["sites"])
        # priority 2 for the ~10 % farthest villages of the township
        far = sorted(b["sites"], key=lambda s: (-haversine_km(b["lat"], b["lon"], s["lat"], s["lon"]), s["id"]))
        for s in far[:int(len(far) * 0.1 + 0.5)]:
            s["priority"] = 2

    # ---- expert grassroots stations ------------------------------------------------------------
    stations = []
    requirements = []
    k = 0
    for c in ZIBO_COUNTIES:
        hosp = ch_by_county[c]
        cands = [b for b in th if b["county"] == c
                 and drive_minutes(hosp, b) <= STATION_MAX_ONE_WAY_MINUTES]
        cands.sort(key=lambda b: (b["code"] not in DOCUMENTED_STATIONS, -b["n_rural"], b["code"]))
        if len(cands) < STATIONS_PER_COUNTY:
            raise SystemExit(f"county {c}: only {len(cands)} townships within reach for stations")
        hosp["stations"] = []
        for b in cands[:STATIONS_PER_COUNTY]:
            spec = SPECIALTIES[k % len(SPECIALTIES)]
            k += 1
            st = {
                "id": "ST" + b["code"], "name": f"{short_town(b['town'])}名医基层工作站",
                "lat": b["lat"], "lon": b["lon"], "base": hosp["id"],
                "population": b["population"], "priority": 1,
                "service_minutes": STATION_SERVICE_MINUTES, "terrain": b["terrain"],
                "windows": "", "kind": "station",
                "notes": f"{b['name']}; {spec} expert days from {hosp['name']}",
                "synthetic": False, "county": c, "specialty": spec,
            }
            stations.append(st)
            hosp["stations"].append(st)
            requirements.append({
                "site": st["id"], "visits": 3, "period": "month", "specialty": spec,
                "min_spacing_days": 1, "service_minutes": STATION_SERVICE_MINUTES,
            })
    for hosp in ch:
        hosp["sites"] = hosp["stations"]

    # ---- vehicles ------------------------------------------------------------------------------
    extra = TOTAL_VEHICLES - len(th) - len(ch)
    if not 0 <= extra <= len(th):
        raise SystemExit(f"cannot reach {TOTAL_VEHICLES} vehicles with {len(th)} township bases")
    largest = sorted(th, key=lambda b: (-b["n_rural"], b["code"]))[:extra]
    for b in th:
        b["buses"] = 2 if b in largest else 1
    for b in ch:
        b["buses"] = 1
    vehicles = []
    for b in th + ch:
        label = short_town(b["town"]) if "town" in b else b["name"]
        for i in range(1, b["buses"] + 1):
            vehicles.append({
                "id": f"HB{b['code']}-{i}", "base": b["id"], "name": f"{label}健康大巴{i}号",
                "seats": 6, "max_drive_minutes": 240, "cost_per_km": 3.5, "cost_per_day": 800,
            })

    # ---- clinicians ----------------------------------------------------------------------------
    names = Names(rng)
    clinicians = []

    def add(base, role, spec, group):
        clinicians.append({
            "id": f"C{len(clinicians) + 1:04d}", "name": names.next(), "base": base["id"],
            "role": role, "specialties": spec, "working_days": "",
            "max_days_per_week": 5, "max_consecutive_days": 5, "max_days_per_month": 22,
            "group": group,
        })

    for b in th:
        for role in ("doctor", "nurse"):
            for _ in range(2 * b["buses"]):
                add(b, role, "", (b["id"], role, ""))
    for b in ch:
        for role in ("doctor", "nurse"):
            for _ in range(2):
                add(b, role, "", (b["id"], role, ""))
        for st in b["stations"]:
            for _ in range(2):
                add(b, "doctor", st["specialty"], (b["id"], "doctor", st["specialty"], st["id"]))

    # ---- leave and maintenance -----------------------------------------------------------------
    wd = workdays()
    sf_before = [d for d in wd if SPRING_FESTIVAL[0] - dt.timedelta(days=7) <= d < SPRING_FESTIVAL[0]]
    sf_after = [d for d in wd if SPRING_FESTIVAL[1] < d <= SPRING_FESTIVAL[1] + dt.timedelta(days=5)]
    leave = []
    n_leave = int(round(LEAVE_SHARE * len(clinicians)))
    order = clinicians[:]
    rng.shuffle(order)
    groups_on_leave = set()
    picked = []
    for c in order:
        if len(picked) == n_leave:
            break
        if c["group"] in groups_on_leave:
            continue  # never two people of one cover group away: someone can always stand in
        groups_on_leave.add(c["group"])
        picked.append(c)
    picked.sort(key=lambda c: c["id"])
    for i, c in enumerate(picked):
        n = rng.randint(3, 10)
        if i % 3 == 0:  # around Spring Festival
            first = rng.choice(sf_before + sf_after)
            reason = "Spring Festival leave"
        else:
            first = rng.choice(wd[:len(wd) - 3])
            reason = rng.choice(["annual leave", "annual leave", "training", "sick leave"])
        j = wd.index(first)
        last = wd[min(j + n - 1, len(wd) - 1)]
        leave.append({"id": c["id"], "from": first.isoformat(), "to": last.isoformat(), "reason": reason})
    two_bus = [v for v in vehicles if v["base"].startswith("TH") and
               next(b for b in th if b["id"] == v["base"])["buses"] == 2]
    for v in sorted(rng.sample(two_bus, MAINTENANCE_VEHICLES), key=lambda v: v["id"]):
        n = rng.randint(1, 3)
        j = rng.randrange(len(wd) - n)
        leave.append({"id": v["id"], "from": wd[j].isoformat(), "to": wd[j + n - 1].isoformat(),
                      "reason": "maintenance"})

    # ---- snow closures -------------------------------------------------------------------------
    closures = []
    mountain = [s for s in sites if s["terrain"] == "mountain" and s["county"] in ("370304", "370323")]
    used_bases = set()
    winter = [d for d in wd if d <= dt.date(2027, 2, 22)]  # the closures end in February
    for s in rng.sample(mountain, len(mountain)):
        if len(closures) == SNOW_CLOSURES:
            break
        if s["base"] in used_bases:
            continue
        used_bases.add(s["base"])
        first = rng.choice(winter)
        n = rng.randint(2, 5)
        closures.append({"site": s["id"], "from": first.isoformat(),
                         "to": (first + dt.timedelta(days=n - 1)).isoformat(), "reason": "snow"})
    closures.sort(key=lambda r: (r["from"], r["site"]))

    # ---- write ---------------------------------------------------------------------------------
    def base_row(b):
        return {"id": b["id"], "name": b["name"], "lat": fmt(b["lat"]), "lon": fmt(b["lon"]),
                "terrain": b["terrain"]}

    write_csv(os.path.join(out, "bases.csv"), ["id", "name", "lat", "lon", "terrain"],
              [base_row(b) for b in ch + th])
    site_rows = []
    for s in sites + stations:
        r = dict(s)
        r["lat"], r["lon"] = fmt(s["lat"]), fmt(s["lon"])
        site_rows.append(r)
    write_csv(os.path.join(out, "sites.csv"),
              ["id", "name", "lat", "lon", "base", "population", "priority", "service_minutes",
               "terrain", "windows", "kind", "notes"], site_rows)
    write_csv(os.path.join(out, "vehicles.csv"),
              ["id", "base", "name", "seats", "max_drive_minutes", "cost_per_km", "cost_per_day"],
              vehicles)
    write_csv(os.path.join(out, "clinicians.csv"),
              ["id", "name", "base", "role", "specialties", "working_days", "max_days_per_week",
               "max_consecutive_days", "max_days_per_month"], clinicians)
    write_csv(os.path.join(out, "requirements.csv"),
              ["site", "visits", "period", "specialty", "min_spacing_days", "service_minutes"],
              requirements)
    write_csv(os.path.join(out, "leave.csv"), ["id", "from", "to", "reason"], leave)
    write_csv(os.path.join(out, "closures.csv"), ["site", "from", "to", "reason"], closures)

    # ---- summary (stdout only) -----------------------------------------------------------------
    n_syn = sum(1 for s in sites if s["synthetic"])
    print(f"bases: {len(th) + len(ch)} ({len(th)} township, {len(ch)} county hospital)")
    print(f"vehicles: {len(vehicles)} ({extra} township bases with a second bus)")
    print(f"villages: {len(sites)} ({len(sites) - n_syn} real points, {n_syn} synthetic points)")
    print(f"stations: {len(stations)}")
    roles = {}
    for c in clinicians:
        key = c["role"] + ("/" + c["specialties"] if c["specialties"] else "")
        roles[key] = roles.get(key, 0) + 1
    print(f"clinicians: {len(clinicians)} " + ", ".join(f"{k} {v}" for k, v in sorted(roles.items())))
    print(f"leave rows: {len(leave)} ({len(picked)} clinicians, {MAINTENANCE_VEHICLES} vehicles)")
    print(f"closures: {len(closures)}")
    print(f"max sites per base: {max(len(b['sites']) for b in th + ch)}")
    print(f"priority 2 villages: {sum(1 for s in sites if s['priority'] == 2)}")
    print(f"population (synthetic): {sum(s['population'] for s in sites)}")
    for line in skipped:
        print("skipped:", line)


if __name__ == "__main__":
    main()
