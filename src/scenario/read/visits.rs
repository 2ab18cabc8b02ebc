//! Reading what is asked and when: requirements (visits per period), date ranges, closures.

use super::*;

impl Ctx<'_> {
    pub(super) fn requirements(
        &mut self,
        rel: Option<&str>,
        sites: &[Site],
        site_index: &HashMap<String, usize>,
        (period, visits, spacing): (PeriodKind, u32, u32),
    ) -> Vec<Requirement> {
        let mut out = Vec::new();
        let mut has_rows = vec![false; sites.len()];
        if let Some(rel) = rel {
            if let Some(t) = self.table(
                rel,
                &["site", "visits"],
                &[
                    "site",
                    "visits",
                    "period",
                    "specialty",
                    "min_spacing_days",
                    "service_minutes",
                    "from",
                    "to",
                ],
            ) {
                for (line, rec) in &t.rows {
                    let row = t.row(*line, rec);
                    let site = row.required("site", self.p).and_then(|s| {
                        let i = site_index.get(s).copied();
                        if i.is_none() {
                            row.error(self.p, "site", text!("scenario-unknown-site", site = s));
                        }
                        i
                    });
                    let n = row.count("visits", 0, 366, self.p);
                    let per = match row.get("period") {
                        None => period,
                        Some(x) => PeriodKind::parse(x).unwrap_or_else(|| {
                            row.error(self.p, "period", text!("scenario-not-a-period", value = x));
                            period
                        }),
                    };
                    let sp = row.count("min_spacing_days", spacing, 731, self.p);
                    let specialty = row.get("specialty").map(|s| s.to_ascii_lowercase());
                    if let Some(site) = site {
                        has_rows[site] = true;
                        let service = row.number(
                            "service_minutes",
                            sites[site].service_minutes,
                            0.0,
                            1440.0,
                            self.p,
                        );
                        if n > 0 {
                            out.push(Requirement {
                                site,
                                specialty,
                                period: per,
                                visits: n,
                                min_spacing_days: sp,
                                service_minutes: service,
                                origin: Some((t.file.clone(), *line)),
                            });
                        }
                    }
                }
            }
        }
        if visits > 0 {
            for (i, s) in sites.iter().enumerate() {
                if !has_rows[i] {
                    out.push(Requirement {
                        site: i,
                        specialty: None,
                        period,
                        visits,
                        min_spacing_days: spacing,
                        service_minutes: s.service_minutes,
                        origin: None,
                    });
                }
            }
        }
        out.sort_by(|a, b| (a.site, &a.specialty).cmp(&(b.site, &b.specialty)));
        for w in out.windows(2) {
            if w[0].site == w[1].site && w[0].specialty == w[1].specialty {
                let (file, line) = w[1].origin.clone().unwrap_or_default();
                self.p.error(
                    &file,
                    Some(line),
                    Some("specialty"),
                    text!("scenario-requirement-twice"),
                );
            }
        }
        out
    }

    /// A date range row, checked against the horizon.
    pub(super) fn range(&mut self, row: &table::Row) -> Option<DateRange> {
        let from = row
            .required("from", self.p)
            .and_then(|s| parse_date(s).map_err(|e| row.error(self.p, "from", e)).ok());
        let to = row
            .required("to", self.p)
            .and_then(|s| parse_date(s).map_err(|e| row.error(self.p, "to", e)).ok());
        let (from, to) = (from?, to?);
        if to < from {
            row.error(
                self.p,
                "to",
                text!(
                    "scenario-to-before-from",
                    to = to.to_string(),
                    from = from.to_string()
                ),
            );
            return None;
        }
        if to < self.horizon.start || from > self.horizon.end() {
            row.error(
                self.p,
                "from",
                text!(
                    "scenario-range-outside",
                    from = from.to_string(),
                    to = to.to_string(),
                    start = self.horizon.start.to_string(),
                    end = self.horizon.end().to_string(),
                ),
            );
            return None;
        }
        Some((from, to))
    }

    /// Closures of sites, and of lodgings (a row's `site` may name either).
    pub(super) fn closures(
        &mut self,
        rel: &str,
        site_index: &HashMap<String, usize>,
        lodging_index: &HashMap<String, usize>,
    ) -> (Vec<Closure>, Vec<Closure>) {
        let Some(t) = self.table(
            rel,
            &["site", "from", "to"],
            &["site", "from", "to", "reason"],
        ) else {
            return (vec![], vec![]);
        };
        let (mut sites, mut lodgings) = (Vec::new(), Vec::new());
        for (line, rec) in &t.rows {
            let row = t.row(*line, rec);
            let place = row.required("site", self.p).and_then(|s| {
                let i = site_index
                    .get(s)
                    .map(|&i| (i, false))
                    .or_else(|| lodging_index.get(s).map(|&i| (i, true)));
                if i.is_none() {
                    row.error(
                        self.p,
                        "site",
                        text!("scenario-unknown-closure-site", site = s),
                    );
                }
                i
            });
            let range = self.range(&row);
            if let (Some((i, is_lodging)), Some((from, to))) = (place, range) {
                let c = Closure {
                    site: i,
                    from,
                    to,
                    reason: row.get("reason").unwrap_or("closed").to_string(),
                };
                if is_lodging {
                    lodgings.push(c);
                } else {
                    sites.push(c);
                }
            }
        }
        (sites, lodgings)
    }
}
