//! Reading an expert-station scenario's `departments` table: a hospital department's own cap on
//! experts away on one day, overriding `[experts] max_away_per_department`.

use super::super::experts::Expert;
use super::*;
use std::collections::BTreeMap;

const DEPARTMENT_COLUMNS: &[&str] = &["hospital", "department", "max_away", "notes"];

/// A hospital's id by its index.
fn h_id(base_index: &HashMap<String, usize>, h: usize) -> String {
    base_index
        .iter()
        .find(|(_, &i)| i == h)
        .map_or_else(String::new, |(id, _)| id.clone())
}

impl Ctx<'_> {
    /// Caps per hospital department: one row a department of the experts table, its `max_away`
    /// overriding `experts.max_away_per_department`.
    pub(super) fn departments(
        &mut self,
        rel: &str,
        base_index: &HashMap<String, usize>,
        experts: &[Expert],
    ) -> BTreeMap<(usize, String), u32> {
        let mut out = BTreeMap::new();
        let Some(t) = self.table(
            rel,
            &["hospital", "department", "max_away"],
            DEPARTMENT_COLUMNS,
        ) else {
            return out;
        };
        let mut lines: HashMap<(usize, String), u64> = HashMap::new();
        for (line, rec) in &t.rows {
            let row = t.row(*line, rec);
            let hospital = row.required("hospital", self.p).and_then(|h| {
                let i = base_index.get(h).copied();
                if i.is_none() {
                    row.error(
                        self.p,
                        "hospital",
                        text!("scenario-unknown-hospital", hospital = h),
                    );
                }
                i
            });
            let department = row.required("department", self.p).map(str::trim);
            let before = self.p.list.len();
            let cap = row
                .required("max_away", self.p)
                .map(|_| row.count("max_away", 0, 1000, self.p));
            let (Some(h), Some(dept), Some(cap)) = (hospital, department, cap) else {
                continue;
            };
            if self.p.list.len() > before {
                continue;
            }
            if !experts
                .iter()
                .any(|e| e.hospital == h && e.department == dept)
            {
                row.error(
                    self.p,
                    "department",
                    text!(
                        "scenario-department-no-expert",
                        department = dept,
                        hospital = h_id(base_index, h)
                    ),
                );
                continue;
            }
            if let Some(first) = lines.insert((h, dept.to_string()), *line) {
                row.error(
                    self.p,
                    "department",
                    text!(
                        "scenario-department-twice",
                        department = dept,
                        hospital = h_id(base_index, h),
                        line = first
                    ),
                );
                continue;
            }
            out.insert((h, dept.to_string()), cap);
        }
        out
    }
}
