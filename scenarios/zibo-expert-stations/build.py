#!/usr/bin/env python3
"""Build an expert-station scenario's tables from the shared gazetteer CSVs.

Usage: python3 build.py GEODATA_DIR [zibo|weifang]

zibo (the default) writes this folder's CSVs: 123 stations at Zibo's township health centres, 454
experts from 37 hospitals, fixed teams. weifang writes ../weifang-specialist-rota/: Linqu county's
hospitals and township centres, weekly specialist clinics. GEODATA_DIR holds zibo_towns.csv,
weifang_shouguang_linqu_towns.csv and counties.csv (see README.md, Sources). Python 3 standard
library only; one seeded generator and a fixed iteration order, so a second run gives identical
files.
"""

import csv
import math
import os
import random
import sys

# --- the travel model (must match scenario.toml) -------------------------------------------------
CIRCUITY = 1.3
SPEED_KMH = {"plain": 45.0, "hill": 32.0, "mountain": 22.0}
SLOWNESS = {"plain": 0, "hill": 1, "mountain": 2}

SPECIALTY_DEPARTMENT = {
    "endocrinology": "内分泌科",
    "oncology": "肿瘤科",
    "pain": "疼痛科",
    "obstetrics": "产科",
    "cardiology": "心内科",
}

SURNAMES = ("王王王李李李张张张刘刘刘陈杨赵孙孙黄周吴徐朱马马胡郭林何高罗郑梁宋谢韩唐冯于于董"
            "萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金"
            "陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文房翟毕牛")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玲红鹏辉华建国志文斌波宁海燕云"
         "飞鑫玉萍俊峰凤林婷雪梅晶琳颖慧莉倩亮成浩宇博晨欣悦瑞佳嘉庆春晓东新振松涵思远")
# People named in the news sources: never reuse a real person's name.
REAL_PEOPLE = {"王秀玲", "张清", "路中卫"}
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri"]
# experts.max_travel_minutes of both scenario.toml files: a clinic day's trip out, one way.
MAX_MINUTES = 90.0


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


def drive_minutes(a, b):
    slow = max(a["terrain"], b["terrain"], key=lambda t: SLOWNESS[t])
    km = haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) * CIRCUITY
    return km / SPEED_KMH[slow] * 60.0


def near(rng, lat, lon, km):
    """A point within `km` of (lat, lon): hospitals placed around a district seat."""
    b = rng.uniform(0, 2 * math.pi)
    d = rng.uniform(0.3, km)
    return (round(lat + d / 111.0 * math.cos(b), 6),
            round(lon + d / (111.0 * math.cos(math.radians(lat))) * math.sin(b), 6))


class Names:
    """Fictitious Chinese personal names, unique within the scenario."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set(REAL_PEOPLE)

    def next(self):
        while True:
            g = self.rng.choice(GIVEN)
            if self.rng.random() < 0.7:
                g += self.rng.choice(GIVEN)
            name = self.rng.choice(SURNAMES) + g
            if name not in self.used:
                self.used.add(name)
                return name


def terrain_of(county, lat, is_subdistrict):
    """The rule of the zibo-health-bus scenario (its README), and Linqu's hills."""
    if county == "370304":
        return "mountain" if lat < 36.45 else "hill"
    if county == "370323":
        return "hill" if is_subdistrict else "mountain"
    if county == "370302":
        return "mountain" if lat < 36.56 else ("hill" if lat < 36.62 else "plain")
    if county == "370724":
        return "plain" if is_subdistrict else "hill"
    return "plain"


def hospitals_of(rng, counties, city_seat, city_hospitals, county_kinds):
    """Hospitals at district seats (the geodata has no hospital points): each county's own, then
    the city's at the city seat; each within 3 km of its seat, so that they are distinct points."""
    out = []
    for c in counties:
        for kind, name, depts in county_kinds:
            lat, lon = near(rng, float(c["lat"]), float(c["lon"]), 3.0)
            out.append({"id": f"H{c['code']}{kind}", "name": c["name_zh"] + name, "lat": lat,
                        "lon": lon, "terrain": terrain_of(c["code"], float(c["lat"]), True),
                        "depts": depts, "county": c["code"]})
    for k, (name, depts) in enumerate(city_hospitals):
        lat, lon = near(rng, float(city_seat["lat"]), float(city_seat["lon"]), 3.0)
        out.append({"id": f"HC{k + 1:02d}", "name": name, "lat": lat, "lon": lon,
                    "terrain": "plain", "depts": depts, "county": city_seat["code"]})
    return out


def build(rng, out_dir, towns, hospitals, n_stations, n_experts, specialties, two_share,
          max_minutes, team_size):
    """Stations at township centres (a second station, of another specialty, at the larger
    towns when there are more stations than towns); a team per station (a lead and members of
    its specialties) from hospitals within reach, balanced across hospitals; then the rest of
    the experts as extra members."""
    names = Names(rng)
    towns = sorted((t for t in towns if t["lat"] and t["lon"]),
                   key=lambda t: (-int(t["n_villages"] or 0), t["code"]))
    stations = []
    for k in range(n_stations):
        t = towns[k % len(towns)]
        round_ = k // len(towns)
        is_sub = t["type"] == "subdistrict"
        first = specialties[(int(t["code"]) + round_ * 2) % len(specialties)]
        needs = [first]
        if rng.random() < two_share:
            other = specialties[(specialties.index(first) + 1 + rng.randrange(len(specialties) - 1))
                                % len(specialties)]
            needs.append(other)
        name = t["name_zh"].replace("办事处", "")
        centre = "社区卫生服务中心" if is_sub else "卫生院"
        lat, lon = float(t["lat"]), float(t["lon"])
        if round_:
            lat, lon = lat + 0.0005 * round_, lon + 0.0005 * round_
        stations.append({
            "id": f"ST{t['code']}{round_ + 1}", "lat": round(lat, 6), "lon": round(lon, 6),
            "name": f"{name}{centre}{'、'.join(SPECIALTY_DEPARTMENT[s] for s in needs)}名医工作站",
            "terrain": terrain_of(t["code"][:6], float(t["lat"]), is_sub),
            "specialties": needs, "county": t["code"][:6],
            "notes": f"{t['county_zh']}{t['name_zh']}",
        })
    # Experts by (hospital, department), made as teams need them.
    experts = []
    load = {}

    def new_expert(st, specialty, lead):
        reach = [h for h in hospitals if SPECIALTY_DEPARTMENT[specialty] in h["depts"]
                 and drive_minutes(h, st) <= max_minutes]
        if not reach:
            return None
        # The least loaded department of the hospitals at most 25 min farther than the nearest.
        nearest = min(drive_minutes(h, st) for h in reach)
        reach = [h for h in reach if drive_minutes(h, st) <= nearest + 25.0]
        h = min(reach, key=lambda h: (load.get((h["id"], specialty), 0), drive_minutes(h, st)))
        load[(h["id"], specialty)] = load.get((h["id"], specialty), 0) + 1
        clinic = sorted(rng.sample(range(5), rng.choice([1, 1, 2])))
        e = {"id": f"E{len(experts) + 1:04d}", "name": names.next(), "hospital": h["id"],
             "department": SPECIALTY_DEPARTMENT[specialty], "specialty": specialty,
             "clinic_days": ";".join(WEEKDAYS[d] for d in clinic),
             "lead": "yes" if lead or rng.random() < 0.3 else "no",
             "title": "主任医师" if lead else rng.choice(["副主任医师", "主治医师", "主治医师"])}
        experts.append(e)
        return e

    teams = []
    for st in stations:
        lead = new_expert(st, st["specialties"][0], True)
        if lead is None:
            print("no %s expert within reach of %s" % (st["specialties"][0], st["id"]))
            continue
        members = []
        for k in range(team_size - 1):
            sp = st["specialties"][(k + 1) % len(st["specialties"])]
            e = new_expert(st, sp, False)
            if e:
                members.append(e)
        teams.append({"station": st, "lead": lead, "members": members})
    k = 0
    while len(experts) < n_experts and teams:
        t = teams[(k * 7) % len(teams)]
        k += 1
        sp = t["station"]["specialties"][k % len(t["station"]["specialties"])]
        e = new_expert(t["station"], sp, False)
        if e:
            t["members"].append(e)
    used_hospitals = sorted({e["hospital"] for e in experts})
    write_csv(os.path.join(out_dir, "hospitals.csv"), ["id", "name", "lat", "lon", "terrain", "notes"],
              [dict(h, notes="placed at the district seat (no hospital point in the geodata)")
               for h in hospitals if h["id"] in used_hospitals])
    write_csv(os.path.join(out_dir, "stations.csv"),
              ["id", "name", "lat", "lon", "terrain", "specialties", "open_days", "population", "notes"],
              [dict(s, specialties=";".join(s["specialties"]), open_days="Mon;Tue;Wed;Thu;Fri",
                    population="") for s in stations])
    write_csv(os.path.join(out_dir, "experts.csv"),
              ["id", "name", "hospital", "department", "specialty", "clinic_days", "lead", "title"],
              experts)
    write_csv(os.path.join(out_dir, "station_teams.csv"), ["station", "lead", "members"],
              [{"station": t["station"]["id"], "lead": t["lead"]["id"],
                "members": ";".join(e["id"] for e in t["members"])} for t in teams])
    return len(stations), len(experts), len(used_hospitals)


def zibo(geo, here):
    rng = random.Random(20270101)
    counties = [c for c in read_csv(os.path.join(geo, "counties.csv")) if c["city_zh"] == "淄博市"]
    seat = next(c for c in counties if c["code"] == "370303")
    kinds = [("01", "人民医院", list(SPECIALTY_DEPARTMENT.values())),
             ("02", "中医院", ["内分泌科", "肿瘤科", "疼痛科", "心内科"]),
             ("03", "妇幼保健院", ["产科"])]
    all_depts = list(SPECIALTY_DEPARTMENT.values())
    city = [(n, all_depts) for n in ["淄博市中心医院", "淄博市第一医院", "淄博市中医医院",
                                     "淄博市第四人民医院", "淄博市第六人民医院", "淄博市第七人民医院",
                                     "淄博市第八人民医院", "淄博市第二人民医院", "淄博市第三人民医院",
                                     "淄博市第五人民医院", "淄博市第九人民医院", "淄博市肿瘤医院"]]
    city.append(("淄博市妇幼保健院", ["产科"]))
    hospitals = hospitals_of(rng, counties, seat, city, kinds)
    towns = read_csv(os.path.join(geo, "zibo_towns.csv"))
    return build(rng, here, towns, hospitals, 123, 454,
                 ["endocrinology", "oncology", "pain", "obstetrics", "cardiology"], 0.25,
                 MAX_MINUTES, 3)


def weifang(geo, here):
    rng = random.Random(20270102)
    counties = [c for c in read_csv(os.path.join(geo, "counties.csv")) if c["code"] == "370724"]
    kinds = [("01", "人民医院", ["产科", "内分泌科", "心内科"]),
             ("02", "中医院", ["内分泌科", "心内科"]),
             ("03", "妇幼保健院", ["产科"]),
             ("04", "第二人民医院", ["产科", "内分泌科", "心内科"])]
    hospitals = hospitals_of(rng, counties, counties[0], [], kinds)
    towns = [t for t in read_csv(os.path.join(geo, "weifang_shouguang_linqu_towns.csv"))
             if t["county_zh"] == "临朐县"]
    out = os.path.join(here, "..", "weifang-specialist-rota")
    return build(rng, out, towns, hospitals, len(towns), len(towns) * 4,
                 ["obstetrics", "endocrinology", "cardiology"], 1.0, MAX_MINUTES, 3)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    which = sys.argv[2] if len(sys.argv) == 3 else "zibo"
    made = {"zibo": zibo, "weifang": weifang}[which](sys.argv[1], here)
    print("%s: %d stations, %d experts, %d hospitals" % ((which,) + made))


if __name__ == "__main__":
    main()
